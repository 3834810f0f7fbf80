/* cmd_extract.c - `reckon extract`: read articles, extract their attributed
 * claims with one engine, and render documents and claims in the chosen
 * format. A document that cannot be read is reported and skipped. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct extract_opts {
    const char *format;
    const char *rules;
    const char *output;
    int first;
} extract_opts;

static int parse_args(cli_ctx *ctx, int argc, char **argv, extract_opts *o)
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
        int valued = strcmp(a, "--format") == 0 || strcmp(a, "--rules") == 0 ||
                     strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0;
        if (!valued)
            return cli_usage(ctx, "unknown option '%s'", a);
        if (i + 1 >= argc)
            return cli_usage(ctx, "%s needs a value", a);
        const char *v = argv[++i];
        if (strcmp(a, "--format") == 0)
            o->format = v;
        else if (strcmp(a, "--rules") == 0)
            o->rules = v;
        else
            o->output = v;
    }
    if (i >= argc)
        return cli_usage(ctx, "no input (give FILE..., DIR or -)");
    if (!rk_renderer_find(o->format))
        return cli_usage(ctx, "unknown format '%s'", o->format);
    o->first = i;
    return RK_EXIT_OK;
}

/* Extracts every document into set, reporting and skipping bad ones.
 * Returns -1 on a fatal error (out of memory). */
static int extract_all(cli_ctx *ctx, const rk_engine *eng, rk_doclist *docs, rk_claimset *set)
{
    for (size_t i = 0; i < docs->n; i++) {
        rk_document *d = docs->docs[i];
        rk_error e;
        rk_error_clear(&e);
        rk_status st = rk_extract_into(eng, d, set, &e);
        if (st == RK_OK) {
            docs->docs[i] = NULL; /* the set owns it now */
            continue;
        }
        if (st == RK_ERR_NOMEM) {
            cli_print_error(&e);
            return -1;
        }
        cli_diag(ctx, &e);
    }
    return 0;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    extract_opts o = {"json", NULL, NULL, 0};
    int rc = parse_args(ctx, argc, argv, &o);
    if (rc != RK_EXIT_OK)
        return rc;
    cli_paths inputs = {0};
    rk_doclist docs = {0};
    rk_claimset set = {0};
    rk_rules *rules = NULL;
    rk_engine *eng = NULL;
    rk_out *out = NULL;
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
        cli_ingest_all(ctx, &inputs, NULL, &docs) < 0 || extract_all(ctx, eng, &docs, &set) < 0)
        goto done;
    if (rk_out_open(o.output, &out, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    rk_report rep = {&set, NULL, NULL, NULL};
    if (rk_renderer_find(o.format)->render(&rep, rk_out_file(out), &e) != RK_OK) {
        cli_print_error(&e);
        rk_out_abort(out);
        goto done;
    }
    if (rk_out_commit(out, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    rc = cli_exit_code(ctx, 0);
done:
    for (size_t i = 0; i < docs.n; i++)
        rk_document_free(docs.docs[i]);
    free(docs.docs);
    rk_claimset_clear(&set);
    rk_engine_free(eng);
    rk_rules_free(rules);
    cli_paths_free(&inputs);
    return rc;
}

const cli_command cli_cmd_extract = {
    "extract",
    "print the documents and their attributed claims",
    "usage: reckon extract [--format json|jsonl|xml|csv] [--rules DIR] [-o FILE] FILE...|DIR|-\n"
    "\n"
    "Reads the articles, finds every number and turns each count, percent, sum\n"
    "and measure into a claim: what quantity (deaths, injured, detained, troops,\n"
    "...), about whom, according to whom (speaker, and who relayed it), hedged or\n"
    "not, as of when and where. Years, dates, ordinals and labels are not claims.\n"
    "\n"
    "  --format NAME  json (default), jsonl, xml or csv\n"
    "  --rules DIR    the rule set (default: $RECKON_RULES, then the installed or\n"
    "                 source rules/)\n"
    "  -o FILE        write there (atomically) instead of standard output\n"
    "\n"
    "A document that cannot be read is reported as path:line:col: message and\n"
    "skipped; the others are still extracted and the exit status is then 2.\n",
    run,
};
