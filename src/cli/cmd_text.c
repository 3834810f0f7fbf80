/* cmd_text.c - `reckon text`: print each document's metadata and its
 * sentences with their original byte spans, so that anyone can see what the
 * later stages see. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

typedef struct text_opts {
    int json;
    const char *output;  /* NULL: standard output */
    int first;           /* index of the first operand */
    rk_ingest_options ingest;
} text_opts;

static int parse_args(cli_ctx *ctx, int argc, char **argv, text_opts *o)
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
                     strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
                     strcmp(a, "--max-bytes") == 0;
        if (!valued)
            return cli_usage(ctx, "unknown option '%s'", a);
        if (i + 1 >= argc)
            return cli_usage(ctx, "%s needs a value", a);
        const char *v = argv[++i];
        if (strcmp(a, "--max-bytes") == 0) {
            int rc = cli_parse_max_bytes(ctx, v, &o->ingest);
            if (rc != RK_EXIT_OK)
                return rc;
        } else if (strcmp(a, "--format") == 0) {
            if (strcmp(v, "text") != 0 && strcmp(v, "json") != 0)
                return cli_usage(ctx, "unknown format '%s' (text or json)", v);
            o->json = strcmp(v, "json") == 0;
        } else if (a[1] == 'o' || strcmp(a, "--output") == 0) {
            o->output = v;
        }
        /* --rules: the text view reads no rules; accepted like every command. */
    }
    if (i >= argc)
        return cli_usage(ctx, "no input (give FILE..., DIR or -)");
    o->first = i;
    return RK_EXIT_OK;
}

/* Reports a document whose text could not be built, with the place in its
 * file when the body is a verbatim slice of it. */
static void report_text_error(cli_ctx *ctx, const rk_document *d, rk_error *e)
{
    snprintf(e->file, sizeof e->file, "%s", d->path ? d->path : "");
    if (e->code == RK_ERR_UTF8 && e->offset >= 0 && d->body_file_offset != 0) {
        long off = e->offset + (d->body_file_offset > 0 ? d->body_file_offset : 0);
        e->line = d->record ? (long)d->record : 0;
        e->column = 0;
        snprintf(e->message, sizeof e->message, "invalid UTF-8 at byte %ld%s", off,
                 d->body_file_offset < 0 ? " of the article text" : "");
    }
    cli_diag(ctx, e);
}

/* Builds and writes every document; returns -1 on a fatal error. */
static int dump_all(cli_ctx *ctx, const rk_doclist *docs, const text_opts *o, FILE *f)
{
    int first = 1;
    if (o->json)
        fputs("{\"documents\":[", f);
    for (size_t i = 0; i < docs->n; i++) {
        const rk_document *d = docs->docs[i];
        rk_text *t = NULL;
        rk_error e;
        rk_error_clear(&e);
        const char *lang = d->language.origin != RK_ORIGIN_NONE ? d->language.value : NULL;
        rk_status st = rk_text_build(d->body, d->body_len, lang, &t, &e);
        if (st == RK_ERR_NOMEM) {
            cli_print_error(&e);
            return -1;
        }
        if (st != RK_OK) {
            report_text_error(ctx, d, &e);
            continue;
        }
        if (o->json)
            fputs(first ? "\n" : ",\n", f);
        first = 0;
        st = rk_dump_text(d, t, o->json, f, &e);
        rk_text_free(t);
        if (st != RK_OK) {
            cli_print_error(&e);
            return -1;
        }
    }
    if (o->json)
        fputs(first ? "]}\n" : "\n]}\n", f);
    return 0;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
    text_opts o = {0};
    int rc = parse_args(ctx, argc, argv, &o);
    if (rc != RK_EXIT_OK)
        return rc;
    cli_paths inputs = {0};
    rk_doclist docs = {0};
    rk_out *out = NULL;
    rk_error e;
    rk_error_clear(&e);
    rc = RK_EXIT_USAGE;
    if (cli_collect_inputs(ctx, argc - o.first, argv + o.first, &inputs) < 0 ||
        cli_ingest_all(ctx, &inputs, &o.ingest, &docs) < 0)
        goto done;
    if (rk_out_open(o.output, &out, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    if (dump_all(ctx, &docs, &o, rk_out_file(out)) < 0) {
        rk_out_abort(out);
        goto done;
    }
    if (rk_out_commit(out, &e) != RK_OK) {
        cli_print_error(&e);
        goto done;
    }
    rc = cli_exit_code(ctx, 0);
done:
    rk_doclist_free(&docs);
    cli_paths_free(&inputs);
    return rc;
}

const cli_command cli_cmd_text = {
    "text",
    "print each document's metadata and sentences with their byte spans",
    "usage: reckon text [--format text|json] [--rules DIR] [-o FILE]\n"
    "                   [--max-bytes N] FILE...|DIR|-\n"
    "\n"
    "Reads the articles (a folder gives every article in it, '-' reads standard\n"
    "input) and prints, for each, its metadata - id, path, format, source,\n"
    "published, url, language, title, byline, dateline, each marked 'given' or\n"
    "'inferred' - and its sentences: index, byte span [start,end) into the article\n"
    "text, and the text itself. For plain-text inputs the article text is the\n"
    "whole file, so spans are file offsets; for JSON, HTML and XML inputs they\n"
    "are offsets into the extracted text.\n"
    "\n"
    "Options:\n"
    "  --format text|json  output format (default text). json writes\n"
    "                      {\"documents\":[{\"id\",\"path\",\"format\",\"record\",\n"
    "                      \"metadata\":{\"source\":{\"value\",\"origin\"}|null,...},\n"
    "                      \"sentences\":[{\"span\":[s,e],\"text\",\"normalized\"}]}]},\n"
    "                      one document per line; \"normalized\" is the matching\n"
    "                      view the later stages read\n"
    "  --rules DIR         accepted like every command; the text view reads no rules\n"
    "  -o, --output FILE   write to FILE, which appears whole or not at all\n"
    "  --max-bytes N       refuse an input file larger than N bytes (K, M or G\n"
    "                      suffix; default 256M); the other inputs go on\n"
    "\n"
    "A document that cannot be read is reported as 'reckon: path:line:col:\n"
    "message' and skipped; the others are printed. Exit status: 0, or 2 when an\n"
    "input or usage error was reported.\n",
    run,
};
