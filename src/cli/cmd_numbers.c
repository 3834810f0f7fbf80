/* cmd_numbers.c - `reckon numbers`: print every number expression of the
 * inputs read as an interval, so rule authors see what the reader sees. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* What dump_all writes. */
typedef struct numbers_job {
    const rk_numbers_reader *reader;
    const rk_doclist *docs;
    int json;
} numbers_job;

/* Writes one document's numbers; *first tracks the JSON array's commas. */
static rk_status dump_doc(const rk_document *d, const rk_text *t, const rk_numlist *l,
                          const numbers_job *o, size_t n_docs, int *first, FILE *f,
                          rk_error *e)
{
    if (!o->json) {
        if (n_docs > 1)
            fprintf(f, "# %s\n", d->id ? d->id : "");
        return rk_dump_numbers(d, t, l, 0, f, e);
    }
    for (size_t k = 0; k < l->n; k++) {
        fputs(*first ? "\n" : ",\n", f);
        *first = 0;
        rk_status st = rk_dump_number_json(d, t, &l->items[k], f, e);
        if (st != RK_OK)
            return st;
    }
    return RK_OK;
}

/* Reads and writes every document; returns -1 on a fatal error. */
static int dump_all(cli_ctx *ctx, void *arg, FILE *f)
{
    const numbers_job *o = arg;
    const rk_numbers_reader *r = o->reader;
    const rk_doclist *docs = o->docs;
    int first = 1;
    if (o->json)
        fputs("{\"numbers\":[", f);
    for (size_t i = 0; i < docs->n; i++) {
        const rk_document *d = docs->docs[i];
        rk_text *t = NULL;
        rk_numlist l = {0};
        rk_error e;
        rk_error_clear(&e);
        const char *lang = d->language.origin != RK_ORIGIN_NONE ? d->language.value : NULL;
        rk_status st = rk_text_build(d->body, d->body_len, lang, &t, &e);
        if (st == RK_OK)
            st = rk_numbers_find(r, t, &l, &e);
        int dumped = st == RK_OK;
        if (st == RK_OK)
            st = dump_doc(d, t, &l, o, docs->n, &first, f, &e);
        rk_numlist_free(&l);
        rk_text_free(t);
        if (st != RK_OK && dumped) {
            /* The output is half written: the run ends. */
            cli_print_error(&e);
            return -1;
        }
        if (st != RK_OK) {
            /* This document's error (out of memory too); the others go on. */
            snprintf(e.file, sizeof e.file, "%s", d->path ? d->path : "");
            cli_diag(ctx, &e);
        }
    }
    if (o->json)
        fputs(first ? "]}\n" : "\n]}\n", f);
    return 0;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    cli_opts o = {.format = "text"};
    int rc = cli_parse_args(ctx, argc, argv,
                            CLI_OPT_FORMAT | CLI_OPT_RULES | CLI_OPT_OUTPUT | CLI_OPT_MAX_BYTES,
                            &o, NULL, NULL);
    if (rc != RK_EXIT_OK)
        return rc;
    if (strcmp(o.format, "text") != 0 && strcmp(o.format, "json") != 0)
        return cli_usage(ctx, "unknown format '%s' (text or json)", o.format);
    cli_paths inputs = {0};
    rk_doclist docs = {0};
    rk_rules *rules = NULL;
    rk_numbers_reader *reader = NULL;
    rk_error e;
    rk_error_clear(&e);
    rc = RK_EXIT_USAGE;
    if (!(rules = cli_load_rules(ctx, o.rules)))
        goto done;
    if (rk_numbers_reader_new(rules, &reader, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    numbers_job job = {reader, &docs, strcmp(o.format, "json") == 0};
    if (cli_collect_inputs(ctx, argc - o.first, argv + o.first, &inputs) == 0 &&
        cli_ingest_all(ctx, &inputs, &o.ingest, &docs) == 0 &&
        cli_write_output(ctx, o.output, dump_all, &job) == 0)
        rc = cli_exit_code(ctx, 0);
done:
    rk_doclist_free(&docs);
    cli_paths_free(&inputs);
    rk_numbers_reader_free(reader);
    rk_rules_free(rules);
    return rc;
}

static const char *const options[] = {"--format", "-f", "--rules", "--event-rules", "--output", "-o", "--max-bytes", NULL};

const cli_command cli_cmd_numbers = {
    "numbers",
    "print every number expression read as an interval",
    "usage: reckon numbers [--format text|json] [--rules DIR] [-o FILE]\n"
    "                      [--max-bytes N] FILE...|DIR|-\n"
    "\n"
    "Reads the articles (a folder gives every article in it, '-' reads standard\n"
    "input) and prints every number expression the number reader finds, in text\n"
    "order: its byte span [start,end) in the article text and the text as\n"
    "written, the interval low..high ('-' or null for an open end), exactness\n"
    "(exact, approx, at_least, more_than, at_most, less_than, range, vague), unit\n"
    "and kind (count, percent, money, measure, multiple, year, date, time,\n"
    "ordinal, label, list_marker, phone). Dates read as YYYYMMDD when the year is\n"
    "written, else as the day; times as HHMM.\n"
    "\n"
    "Options:\n"
    "  --format text|json  output format (default text). text writes one line per\n"
    "                      expression, 'start-end  text  low  high  exactness  unit\n"
    "                      kind', with a '# ID' line before each document when\n"
    "                      there are several; json writes {\"numbers\":[{\"document\",\n"
    "                      \"span\":[s,e],\"text\",\"low\",\"high\",\"exactness\",\"unit\",\n"
    "                      \"kind\",\"vague\"}]}, one record per line\n"
    "  --rules DIR         read number words from the rule files in DIR\n"
    "  --event-rules DIR   an event's own rules over them\n"
    "  -o, --output FILE   write to FILE, which appears whole or not at all\n"
    "  --max-bytes N       refuse an input file larger than N bytes (K, M or G\n"
    "                      suffix; default 256M); the other inputs go on\n"
    "  --follow            in a folder, also read what links out of it lead to (by\n"
    "                      default such a link is reported and not followed)\n"
    "\n"
    "Exit status: 0, or 2 when an input, rule or usage error was reported.\n"
    "\n"
    "Examples:\n"
    "  reckon numbers --format json corpus/ > numbers.json\n"
    "  echo 'أكثر من 10 آلاف' | reckon numbers -\n",
    run,
    options,
};
