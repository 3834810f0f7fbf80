/* cmd_report.c - `reckon report`: extract the claims of every input, group
 * them, decide verdicts, add the reviewer's decisions and render the report
 * in one of the report stage's formats. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct report_opts {
    const char *format;   /* a renderer name */
    const char *output;   /* NULL: standard output */
    const char *rules;    /* NULL: the default rule set */
    const char *reviews;  /* NULL: reviews.json beside the corpus, if any */
    const char *title;
    int fail_on_contradiction;
    rk_ingest_options ingest;
    unsigned jobs;        /* extraction threads; 0: one per CPU */
    int first;            /* index of the first operand */
} report_opts;

static int set_option(cli_ctx *ctx, report_opts *o, const char *a, const char *v)
{
    if (strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) {
        if (!rk_renderer_find(v))
            return cli_usage(ctx, "unknown format '%s' (json, jsonl, xml, html, csv, csv-groups, "
                                  "claimreview, text)", v);
        o->format = v;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
        o->output = v;
    } else if (strcmp(a, "--rules") == 0) {
        o->rules = v;
    } else if (strcmp(a, "--reviews") == 0) {
        o->reviews = v;
    } else if (strcmp(a, "--title") == 0) {
        o->title = v;
    } else if (strcmp(a, "--fail-on") == 0) {
        if (strcmp(v, "contradiction") != 0)
            return cli_usage(ctx, "--fail-on takes 'contradiction', not '%s'", v);
        o->fail_on_contradiction = 1;
    } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
        return cli_parse_jobs(ctx, v, &o->jobs);
    } else if (strcmp(a, "--max-bytes") == 0) {
        return cli_parse_max_bytes(ctx, v, &o->ingest);
    } else {
        return cli_usage(ctx, "unknown option '%s'", a);
    }
    return RK_EXIT_OK;
}

static int parse_args(cli_ctx *ctx, int argc, char **argv, report_opts *o)
{
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0)
            break;
        if (i + 1 >= argc)
            return cli_usage(ctx, "%s needs a value", a);
        int rc = set_option(ctx, o, a, argv[++i]);
        if (rc != RK_EXIT_OK)
            return rc;
    }
    if (i >= argc)
        return cli_usage(ctx, "no input (give FILE..., DIR or -)");
    o->first = i;
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

/* Renders rep into the output, whole or not at all. */
static int render(const report_opts *o, const rk_report *rep)
{
    rk_error e;
    rk_error_clear(&e);
    rk_out *out = NULL;
    if (rk_out_open(o->output, &out, &e) != RK_OK) {
        cli_print_error(&e);
        return -1;
    }
    const rk_renderer *r = rk_renderer_find(o->format);
    if (r->render(rep, rk_out_file(out), &e) != RK_OK) {
        rk_out_abort(out);
        cli_print_error(&e);
        return -1;
    }
    if (rk_out_commit(out, &e) != RK_OK) {
        cli_print_error(&e);
        return -1;
    }
    return 0;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    report_opts o = {.format = "json", .jobs = 1};
    int rc = parse_args(ctx, argc, argv, &o);
    if (rc != RK_EXIT_OK)
        return rc;
    cli_paths inputs = {0};
    rk_claimset set = {0};
    rk_rules *rules = NULL;
    rk_engine *eng = NULL;
    rk_reconciliation *rec = NULL;
    rk_reviews *reviews = NULL;
    char *rpath = NULL;
    rk_error e;
    rk_error_clear(&e);
    rc = RK_EXIT_USAGE;
    if (!(rules = cli_load_rules(ctx, o.rules)))
        goto done;
    if (rk_engine_new(rules, &eng, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    if (cli_collect_inputs(ctx, argc - o.first, argv + o.first, &inputs) < 0 ||
        cli_extract_stream(ctx, eng, &inputs, &o.ingest, o.jobs, rk_pipeline_merge, &set) < 0)
        goto done;
    if (rk_reconcile(&set, rules, &rec, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    rpath = review_path(&o, argc - o.first, argv + o.first);
    if (rpath && rk_reviews_load(rpath, &reviews, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    rk_report rep = {&set, rec, reviews, o.title};
    if (render(&o, &rep) < 0)
        goto done;
    rc = cli_exit_code(ctx, o.fail_on_contradiction && rk_report_open_contradictions(&rep) > 0);
done:
    free(rpath);
    rk_reviews_free(reviews);
    rk_reconciliation_free(rec);
    rk_claimset_clear(&set);
    cli_paths_free(&inputs);
    rk_engine_free(eng);
    rk_rules_free(rules);
    return rc;
}

const cli_command cli_cmd_report = {
    "report",
    "group claims, flag contradictions, render a report",
    "usage: reckon report [OPTIONS] FILE...|DIR\n"
    "\n"
    "Extracts the claims of every input, groups the claims about the same quantity,\n"
    "decides whether they agree, rise or contradict each other, and writes a report.\n"
    "\n"
    "Options:\n"
    "  -f, --format FMT      json (default), jsonl, xml, html, csv (claims),\n"
    "                        csv-groups (groups) or claimreview (schema.org JSON-LD\n"
    "                        for the groups a reviewer has settled) or text (a summary\n"
    "                        for the terminal)\n"
    "  -o, --output FILE     write to FILE (whole or not at all) instead of stdout\n"
    "      --rules DIR       the rule set (default: $RECKON_RULES, then the installed one)\n"
    "      --reviews FILE    the review file (default: reviews.json in the DIR operand,\n"
    "                        else ./reviews.json, when it exists)\n"
    "      --title TEXT      a title for the report\n"
    "  -j, --jobs N          extract on N threads (default 1; 0: one per CPU); the\n"
    "                        report is the same for every N\n"
    "      --max-bytes N     refuse an input file larger than N bytes (K, M or G\n"
    "                        suffix; default 256M); the other inputs go on\n"
    "      --fail-on contradiction\n"
    "                        exit 1 when contradictions no reviewer decided on remain\n"
    "\n"
    "Exit status: 0 success; 1 open contradictions with --fail-on; 2 usage or input\n"
    "errors (the other inputs are still reported).\n",
    run,
};
