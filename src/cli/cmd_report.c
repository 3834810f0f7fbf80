/* cmd_report.c - `reckon report`: extract the claims of every input, group
 * them, decide verdicts, add the reviewer's decisions and render the report
 * in one of the report stage's formats. */
#include "cli.h"

#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

/* The options of report beyond the shared ones. */
typedef struct report_opts {
    const char *reviews;  /* NULL: reviews.json beside the corpus, if any */
    const char *title;
    const char *lang;     /* --lang: the HTML page's language */
    int fail_on_contradiction;
} report_opts;

static int set_option(cli_ctx *ctx, void *self, const char *a, const char *v)
{
    report_opts *o = self;
    int known = !strcmp(a, "--reviews") || !strcmp(a, "--title") || !strcmp(a, "--fail-on") ||
                !strcmp(a, "--lang");
    if (!known)
        return CLI_OPT_UNKNOWN;
    if (!v)
        return RK_EXIT_OK;
    if (!strcmp(a, "--reviews")) {
        o->reviews = v;
    } else if (!strcmp(a, "--title")) {
        o->title = v;
    } else if (!strcmp(a, "--lang")) {
        o->lang = v;
    } else {
        if (strcmp(v, "contradiction") != 0)
            return cli_usage(ctx, "--fail-on takes 'contradiction', not '%s'", v);
        o->fail_on_contradiction = 1;
    }
    return RK_EXIT_OK;
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The review file: --reviews, else reviews.json in the DIR operand, else
 * ./reviews.json; NULL when there is none. The caller frees it with free(). */
static char *review_path(const report_opts *o, int n_operands, char **operands)
{
    if (o->reviews)
        return rk_strdup(o->reviews);
    for (int i = 0; i < n_operands; i++) {
        if (!is_dir(operands[i]))
            continue;
        rk_buf b = RK_BUF_INIT;
        if (rk_buf_printf(&b, "%s/reviews.json", operands[i]) == 0 && is_file(b.data))
            return rk_buf_detach(&b, NULL);
        rk_buf_free(&b);
    }
    return is_file("reviews.json") ? rk_strdup("reviews.json") : NULL;
}

/* What render writes. */
typedef struct report_job {
    const char *format;
    const rk_report *rep;
} report_job;

/* Renders the report; cli_write_output makes it whole or nothing. */
static int render(cli_ctx *ctx, void *arg, FILE *f)
{
    const report_job *job = arg;
    rk_error e;
    rk_error_clear(&e);
    if (rk_renderer_find(job->format)->render(job->rep, f, &e) != RK_OK) {
        cli_print_error(&e);
        return -1;
    }
    return 0;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    cli_opts o = {.format = "json", .jobs = 1};
    report_opts ro = {0};
    int rc = cli_parse_args(ctx, argc, argv,
                            CLI_OPT_FORMAT | CLI_OPT_RULES | CLI_OPT_OUTPUT | CLI_OPT_JOBS |
                                CLI_OPT_MAX_BYTES | CLI_OPT_QUIET,
                            &o, set_option, &ro);
    if (rc != RK_EXIT_OK)
        return rc;
    ctx->progress = !o.quiet && isatty(STDERR_FILENO);
    if (!rk_renderer_find(o.format))
        return cli_usage(ctx, "unknown format '%s' (json, jsonl, xml, html, csv, csv-groups, "
                              "claimreview, text)", o.format);
    cli_paths inputs = {0};
    rk_claimset set = {0};
    rk_rules *rules = NULL;
    rk_engine *eng = NULL;
    rk_reconciliation *rec = NULL;
    rk_reviews *reviews = NULL;
    rk_labels *labels = NULL;
    rk_claimfile *cf = NULL;
    char *rpath = NULL;
    rk_error e;
    rk_error_clear(&e);
    rc = RK_EXIT_USAGE;
    if (cli_load_engine(ctx, o.rules, &rules, &eng) < 0)
        goto done;
    if (rk_labels_load(rules, &labels, &e) != RK_OK) {
        if (e.code == RK_ERR_NOMEM && !e.file[0])
            rk_error_set(&e, RK_ERR_NOMEM, NULL, 0, 0, "out of memory while reading the labels");
        cli_print_error(&e);
        goto done;
    }
    if (ro.lang && !rk_labels_has_lang(labels, ro.lang)) {
        rc = cli_usage(ctx, "--lang: the rule set has no report labels in '%s' (ar, en, ru)",
                       ro.lang);
        goto done;
    }
    if (cli_collect_inputs(ctx, argc - o.first, argv + o.first, &inputs) < 0)
        goto done;
    /* Claim files (extract --format jsonl) go into the set as they are. */
    unsigned char *taken = calloc(inputs.n + 1, 1);
    if (!taken)
        rk_error_set(&e, RK_ERR_NOMEM, NULL, 0, 0, "out of memory while reading claim files");
    if (!taken || rk_claimfile_new(&cf, &e) != RK_OK ||
        rk_claimfile_take(cf, (const char *const *)inputs.v, inputs.n, o.ingest.max_bytes, &set,
                          taken, cli_diag, ctx, &e) != RK_OK) {
        free(taken);
        if (e.code == RK_ERR_NOMEM && !e.file[0])
            rk_error_set(&e, RK_ERR_NOMEM, NULL, 0, 0, "out of memory while reading claim files");
        cli_print_error(&e);
        goto done;
    }
    cli_paths_drop(&inputs, taken);
    free(taken);
    if (cli_extract_stream(ctx, eng, &inputs, &o.ingest, o.jobs, rk_pipeline_merge, &set) < 0)
        goto done;
    if (rk_reconcile(&set, rules, &rec, &e) != RK_OK) {
        if (e.code == RK_ERR_NOMEM)
            rk_error_set(&e, RK_ERR_NOMEM, NULL, 0, 0, "out of memory while grouping the claims");
        cli_print_error(&e);
        goto done;
    }
    rpath = review_path(&ro, argc - o.first, argv + o.first);
    if (rpath && rk_reviews_load(rpath, &reviews, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    rk_report rep = {&set, rec, reviews, ro.title, labels, ro.lang};
    report_job job = {o.format, &rep};
    if (cli_write_output(ctx, o.output, render, &job) < 0)
        goto done;
    rc = cli_exit_code(ctx, ro.fail_on_contradiction && rk_report_open_contradictions(&rep) > 0);
done:
    free(rpath);
    rk_reviews_free(reviews);
    rk_labels_free(labels);
    rk_reconciliation_free(rec);
    rk_claimset_clear(&set);
    rk_claimfile_free(cf);
    cli_paths_free(&inputs);
    rk_engine_free(eng);
    rk_rules_free(rules);
    return rc;
}

static const char *const options[] = {"--format", "-f", "--rules", "--event-rules", "--output", "-o", "--jobs", "-j",
    "--max-bytes", "--quiet", "-q", "--reviews", "--title", "--lang", "--fail-on", NULL};

const cli_command cli_cmd_report = {
    "report",
    "group claims, flag contradictions, render a report",
    "usage: reckon report [OPTIONS] FILE...|DIR\n"
    "\n"
    "Extracts the claims of every input, groups the claims about the same quantity,\n"
    "decides whether they agree, rise or contradict each other, and writes a report.\n"
    "An input may also be a claim file written by `reckon extract --format jsonl`\n"
    "(known by its content): its claims are reported as they are, without the\n"
    "articles, and claims of several files merge by id.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT      json (default), jsonl, xml, html, csv (claims),\n"
    "                        csv-groups (groups) or claimreview (schema.org JSON-LD\n"
    "                        for the groups a reviewer has settled) or text (a summary\n"
    "                        for the terminal)\n"
    "  -o, --output FILE     write to FILE (whole or not at all) instead of stdout;\n"
    "                        an input of the run is never overwritten\n"
    "      --rules DIR       the rule set (default: $RECKON_RULES, then the installed one)\n"
    "      --event-rules DIR an event's own rules (its people, places, forces) over the\n"
    "                        rule set; a DIR operand's rules/ folder is read so too\n"
    "      --reviews FILE    the review file (default: reviews.json in the DIR operand,\n"
    "                        else ./reviews.json, when it exists)\n"
    "      --title TEXT      a title for the report\n"
    "      --lang LANG       the language of the html page's headings and labels: ar,\n"
    "                        en or ru (rules/LANG/report.xml); default: the documents'\n"
    "                        language when they all share one, else en\n"
    "  -j, --jobs N          extract on N threads (default 1; 0: one per CPU); the\n"
    "                        report is the same for every N\n"
    "      --max-bytes N     refuse an input file larger than N bytes (K, M or G\n"
    "                        suffix; default 256M); the other inputs go on\n"
    "      --follow          in a folder, also read what links out of it lead to\n"
    "                        (by default such a link is reported and not followed)\n"
    "  -q, --quiet           no progress line (shown on a terminal: files done,\n"
    "                        MB/s and time left)\n"
    "      --fail-on contradiction\n"
    "                        exit 1 when contradictions no reviewer decided on remain\n"
    "\n"
    "Options may come before or after the inputs; '--' ends them.\n"
    "\n"
    "Exit status: 0 success; 1 open contradictions with --fail-on; 2 usage or input\n"
    "errors (the other inputs are still reported).\n"
    "\n"
    "Examples:\n"
    "  reckon report corpus/ --format html -o report.html\n"
    "  reckon report corpus/ --format text\n"
    "  reckon report corpus/ --format html --lang ar -o report-ar.html\n"
    "  reckon report corpus/ --fail-on contradiction -q > /dev/null\n"
    "  reckon extract corpus/ --format jsonl > claims.jsonl && reckon report claims.jsonl\n",
    run,
    options,
};
