/* cmd_text.c - `reckon text`: print each document's metadata and its
 * sentences with their original byte spans, so that anyone can see what the
 * later stages see. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* Checks --format once the options are read. */
static int check_format(cli_ctx *ctx, const cli_opts *o, int *json)
{
    if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
        return cli_usage(ctx, "unknown format '%s' (text or json)", o->format);
    *json = strcmp(o->format, "json") == 0;
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

typedef struct text_job {
    const rk_doclist *docs;
    int json;
} text_job;

/* Builds and writes every document; returns -1 on a fatal error. */
static int dump_all(cli_ctx *ctx, void *arg, FILE *f)
{
    const text_job *o = arg;
    const rk_doclist *docs = o->docs;
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
        if (st != RK_OK) { /* out of memory too: this document's error */
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
    /* --rules is accepted like every command; the text view reads no rules. */
    cli_opts o = {.format = "text"};
    text_job job = {0};
    int rc = cli_parse_args(ctx, argc, argv,
                            CLI_OPT_FORMAT | CLI_OPT_RULES | CLI_OPT_OUTPUT | CLI_OPT_MAX_BYTES,
                            &o, NULL, NULL);
    if (rc != RK_EXIT_OK || (rc = check_format(ctx, &o, &job.json)) != RK_EXIT_OK)
        return rc;
    cli_paths inputs = {0};
    rk_doclist docs = {0};
    job.docs = &docs;
    rc = RK_EXIT_USAGE;
    if (cli_collect_inputs(ctx, argc - o.first, argv + o.first, &inputs) == 0 &&
        cli_ingest_all(ctx, &inputs, &o.ingest, &docs) == 0 &&
        cli_write_output(ctx, o.output, dump_all, &job) == 0)
        rc = cli_exit_code(ctx, 0);
    rk_doclist_free(&docs);
    cli_paths_free(&inputs);
    return rc;
}

static const char *const options[] = {"--format", "-f", "--rules", "--output", "-o", "--max-bytes", NULL};

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
    "  --follow            in a folder, also read what links out of it lead to (by\n"
    "                      default such a link is reported and not followed)\n"
    "\n"
    "A document that cannot be read is reported as 'reckon: path:line:col:\n"
    "message' and skipped; the others are printed. Exit status: 0, or 2 when an\n"
    "input or usage error was reported.\n"
    "\n"
    "Examples:\n"
    "  reckon text fixtures/en_wire_toll_jan6.txt\n"
    "  reckon text --format json article.html -o sentences.json\n"
    "  cat story.txt | reckon text -\n",
    run,
    options,
};
