/* cmd_review.c - `reckon review`: record a reviewer's decision about a group
 * in the review file, or list the decisions made so far. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct review_opts {
    const char *file, *note, *reviewer, *format;
    const char *corpus;   /* --corpus DIR: the articles the group ids come from */
    const char *rules;
    const char *pos[4];
    int n_pos;
} review_opts;

static int set_option(cli_ctx *ctx, void *self, const char *a, const char *v)
{
    review_opts *o = self;
    const char **slot = !strcmp(a, "--reviews")    ? &o->file
                        : !strcmp(a, "--note")     ? &o->note
                        : !strcmp(a, "--reviewer") ? &o->reviewer
                        : !strcmp(a, "--corpus")   ? &o->corpus
                                                   : NULL;
    if (!slot)
        return CLI_OPT_UNKNOWN;
    if (v)
        *slot = v;
    return RK_EXIT_OK;
}

/* The same parser as every command: options before or after the action,
 * "--opt=value" too. */
static int parse(cli_ctx *ctx, int argc, char **argv, review_opts *o)
{
    cli_opts co = {0};
    int rc = cli_parse_args(ctx, argc, argv, CLI_OPT_FORMAT | CLI_OPT_RULES | CLI_NO_OPERAND_OK,
                            &co, set_option, o);
    if (rc != RK_EXIT_OK)
        return rc;
    o->format = co.format;
    o->rules = co.rules;
    for (int i = co.first; i < argc; i++) {
        if (o->n_pos == 4)
            return cli_usage(ctx, "too many operands");
        o->pos[o->n_pos++] = argv[i];
    }
    return RK_EXIT_OK;
}

/* The folder whose articles the review file belongs to: --corpus, else
 * the folder of a review file given outside the current folder (as report
 * finds DIR/reviews.json); NULL when there is none. The caller frees it. */
static char *corpus_of(const review_opts *o)
{
    if (o->corpus)
        return rk_strdup(o->corpus);
    const char *slash = strrchr(o->file, '/');
    if (!slash || slash == o->file)
        return NULL;
    return rk_strndup(o->file, (size_t)(slash - o->file));
}

/* The figures of the corpus's group id (rk_group_figures()), into
 * *figures, so that the decision is bound to what the reviewer saw; warns
 * when the corpus has no such group, naming the closest one: a decision
 * about a group no report shows is most likely a typo. Reading the corpus
 * fails quietly (the decision is recorded all the same, unbound). */
static void corpus_group(cli_ctx *ctx, const review_opts *o, const char *id, char **figures,
                         rk_buf *warning)
{
    *figures = NULL;
    char *dir = corpus_of(o);
    if (!dir)
        return;
    cli_ctx quiet = *ctx;
    cli_paths inputs = {0};
    rk_claimset set = {0};
    rk_rules *rules = NULL;
    rk_engine *eng = NULL;
    rk_reconciliation *rec = NULL;
    rk_ingest_options opts = {0};
    rk_error e;
    rk_error_clear(&e);
    quiet.progress = 0;
    quiet.operands = &dir; /* the corpus's own rules/, if any */
    quiet.n_operands = 1;
    if (cli_load_engine(&quiet, o->rules, &rules, &eng) < 0 ||
        cli_collect_inputs(&quiet, 1, &dir, &inputs) < 0 || !inputs.n)
        goto done;
    /* Errors in the articles are report's to show, not review's. */
    if (rk_pipeline_stream(eng, (const char *const *)inputs.v, inputs.n, &opts, 1,
                           rk_pipeline_merge, &set, NULL, NULL, &e) != RK_OK ||
        rk_reconcile(&set, rules, &rec, &e) != RK_OK)
        goto done;
    const char **ids = malloc((rec->n_groups + 1) * sizeof *ids);
    int found = 0;
    for (size_t g = 0; ids && g < rec->n_groups; g++) {
        ids[g] = rec->groups[g].id;
        if (strcmp(ids[g], id) == 0 && !found) {
            found = 1;
            *figures = rk_group_figures(&set, &rec->groups[g]);
        }
    }
    if (ids && !found) {
        ids[rec->n_groups] = NULL;
        const char *hint = cli_did_you_mean(id, ids);
        rk_buf_printf(warning, "reckon review: warning: %s has no group '%s'%s%s%s\n", dir, id,
                      hint ? "; did you mean '" : " (reckon report lists them)", hint ? hint : "",
                      hint ? "'?" : "");
    }
    free(ids);
done:
    rk_reconciliation_free(rec);
    rk_claimset_clear(&set);
    cli_paths_free(&inputs);
    rk_engine_free(eng);
    rk_rules_free(rules);
    free(dir);
}

static int do_set(cli_ctx *ctx, const review_opts *o)
{
    if (o->n_pos != 3)
        return cli_usage(ctx, "usage: review set GROUP-ID confirmed|dismissed|resolved");
    rk_review_state s = rk_review_state_parse(o->pos[2]);
    if (!s)
        return cli_usage(ctx, "unknown state '%s' (confirmed, dismissed, resolved)", o->pos[2]);
    rk_error e;
    rk_error_clear(&e);
    char *figures = NULL;
    rk_buf warning = RK_BUF_INIT; /* printed once the decision is written */
    corpus_group(ctx, o, o->pos[1], &figures, &warning);
    /* $RECKON_NOW fixes the time written (reproducible files and tests);
     * the library itself reads no environment. */
    rk_status st = rk_reviews_set(o->file, o->pos[1], s, o->note, o->reviewer, figures,
                                  getenv("RECKON_NOW"), &e);
    free(figures);
    if (st != RK_OK) {
        rk_buf_free(&warning);
        cli_print_error(&e);
        return RK_EXIT_USAGE;
    }
    if (warning.len)
        fputs(warning.data, stderr);
    rk_buf_free(&warning);
    return RK_EXIT_OK;
}

/* Prints s on one line: tabs and line breaks become spaces. */
static void put_field(const char *s)
{
    for (; s && *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int do_list(cli_ctx *ctx, const review_opts *o)
{
    const char *fmt = o->format ? o->format : "text";
    if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
        return cli_usage(ctx, "unknown format '%s' (text, json)", fmt);
    if (o->n_pos != 1)
        return cli_usage(ctx, "list takes no operands");
    rk_reviews *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    if (rk_reviews_load(o->file, &r, &e) != RK_OK) {
        cli_print_error(&e);
        return RK_EXIT_USAGE;
    }
    int rc = RK_EXIT_OK;
    if (strcmp(fmt, "json") == 0) {
        char *text = NULL;
        size_t len = 0;
        if (rk_reviews_format(r, &text, &len, &e) != RK_OK) {
            cli_print_error(&e);
            rc = RK_EXIT_USAGE;
        } else {
            fwrite(text, 1, len, stdout);
        }
        free(text);
    } else {
        /* One line per group, tab-separated, for grep and cut. */
        for (size_t i = 0; i < r->n; i++) {
            const rk_review_entry *x = &r->items[i];
            put_field(x->group);
            printf("\t%s\t", rk_review_state_name(x->state));
            put_field(x->updated);
            putchar('\t');
            put_field(x->reviewer);
            putchar('\t');
            put_field(x->note);
            putchar('\n');
        }
    }
    rk_reviews_free(r);
    if (fflush(stdout) != 0 && rc == RK_EXIT_OK) {
        fprintf(stderr, "reckon: <stdout>: write error\n");
        rc = RK_EXIT_USAGE;
    }
    return rc;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    review_opts o = {.file = "reviews.json"};
    int rc = parse(ctx, argc, argv, &o);
    if (rc != RK_EXIT_OK)
        return rc;
    if (!o.n_pos)
        return cli_usage(ctx, "missing action: set or list");
    if (strcmp(o.pos[0], "set") == 0)
        return do_set(ctx, &o);
    if (strcmp(o.pos[0], "list") == 0)
        return do_list(ctx, &o);
    static const char *const actions[] = {"set", "list", NULL};
    const char *hint = cli_did_you_mean(o.pos[0], actions);
    if (hint)
        return cli_usage(ctx, "unknown action '%s'; did you mean '%s'?", o.pos[0], hint);
    return cli_usage(ctx, "unknown action '%s': set or list", o.pos[0]);
}

static const char *const options[] = {"--reviews", "--note", "--reviewer", "--format", "-f", "--corpus",
    "--rules", "--event-rules", NULL};

const cli_command cli_cmd_review = {
    "review",
    "record a reviewer's decision about a group, or list them",
    "usage: reckon review [--reviews FILE] set GROUP-ID confirmed|dismissed|resolved\n"
    "                     [--note TEXT] [--reviewer NAME]\n"
    "       reckon review [--reviews FILE] list [--format text|json]\n"
    "\n"
    "Keeps a reviewer's decisions about groups (ids as in `reckon report`) in a\n"
    "JSON file meant to live in version control beside the corpus.\n"
    "\n"
    "  confirmed  the contradiction is real\n"
    "  dismissed  not a real contradiction\n"
    "  resolved   settled: the note says what the figure is\n"
    "\n"
    "Options:\n"
    "  --reviews FILE   the review file (default: reviews.json)\n"
    "  --note TEXT      why; for resolved, what the figure is\n"
    "  --reviewer NAME  who decided\n"
    "  --corpus DIR     the articles the group ids come from (default: the\n"
    "                   folder of --reviews FILE, when not the current one);\n"
    "                   set records the group's figures there (when they\n"
    "                   change, the report shows the review as out of date\n"
    "                   and --fail-on contradiction counts the group again)\n"
    "                   and warns when they have no such group\n"
    "  --rules DIR      the rule set that groups them\n"
    "  --event-rules DIR  an event's own rules over it (default: the corpus's rules/)\n"
    "  --format F       list as text (tab-separated: group, state, updated,\n"
    "                   reviewer, note) or json (the file's own form)\n"
    "\n"
    "Writes are atomic and locked (FILE.lock): concurrent writers never lose a\n"
    "review. 'updated' is the current UTC time, or $RECKON_NOW when set.\n"
    "Exit status: 0 done; 2 usage error or a malformed review file\n"
    "(reported as path:line:col: message, and left untouched).\n"
    "\n"
    "Examples:\n"
    "  reckon review set deaths/security_forces confirmed --note '13 is state TV on Thursday'\n"
    "  reckon review list\n"
    "  reckon review list --format json --reviews corpus/reviews.json\n",
    run,
    options,
};
