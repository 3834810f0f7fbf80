/* common.c - error printing, input collection and rule loading shared by the
 * reckon commands. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Writes s to f with what a terminal would act on escaped: C0 and C1
 * controls and DEL as \n, \r, \t or \xHH, bidi embeddings, overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069) as \u{HHHH}, and bytes that are
 * not UTF-8 as \xHH. */
static void put_escaped(FILE *f, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '\n')
                fputs("\\n", f);
            else if (c == '\r')
                fputs("\\r", f);
            else if (c == '\t')
                fputs("\\t", f);
            else if (c < 0x20 || c == 0x7F)
                fprintf(f, "\\x%02x", c);
            else
                fputc(c, f);
            i++;
            continue;
        }
        size_t j = i, bad = 0;
        uint32_t cp = rk_utf8_next(s, len, &j);
        if (cp == 0xFFFD && !(j - i == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
            bad = 1;
        if (bad)
            fprintf(f, "\\x%02x", c);
        else if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
                 (cp >= 0x2066 && cp <= 0x2069))
            fprintf(f, "\\u{%04x}", (unsigned)cp);
        else
            fwrite(s + i, 1, j - i, f);
        i = bad ? i + 1 : j;
    }
}

/* The output being written now (cli_write_output), so that a renderer's
 * write error, which cannot know the path, is printed with it. */
static const char *writing_path;
static FILE *writing_file;

void cli_print_error(const rk_error *e)
{
    int saved = errno;
    char buf[RK_ERROR_PATH_MAX + RK_ERROR_MSG_MAX + 64];
    rk_error named;
    if (e->code == RK_ERR_IO && !e->file[0] && writing_file && ferror(writing_file)) {
        rk_error_set(&named, RK_ERR_IO, writing_path, 0, 0, "cannot write: %s",
                     saved ? strerror(saved) : "write error");
        e = &named;
    } else if (e->code == RK_ERR_NOMEM && !e->file[0] && writing_path) {
        rk_error_set(&named, RK_ERR_NOMEM, writing_path, 0, 0, "out of memory while writing it");
        e = &named;
    }
    fputs("reckon: ", stderr);
    put_escaped(stderr, rk_error_format(e, buf, sizeof buf));
    fputc('\n', stderr);
}

void cli_diag(void *ctx, const rk_error *e)
{
    cli_print_error(e);
    if (!e->warning)
        ((cli_ctx *)ctx)->n_errors++;
}

int cli_usage(cli_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "reckon %s: ", ctx->cmd ? ctx->cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'reckon help %s'.\n", ctx->cmd ? ctx->cmd : "");
    return RK_EXIT_USAGE;
}

/* opts with the run's document ids. */
static rk_ingest_options with_ids(const rk_ingest_options *opts, const cli_paths *inputs)
{
    rk_ingest_options o = *opts;
    o.id_of = cli_paths_id;
    o.id_ctx = (void *)inputs;
    return o;
}

int cli_ingest_all(cli_ctx *ctx, const cli_paths *inputs, const rk_ingest_options *opts,
                   rk_doclist *docs)
{
    rk_ingest_options o = with_ids(opts, inputs);
    for (size_t i = 0; i < inputs->n; i++) {
        rk_error e;
        rk_error_clear(&e);
        rk_status st = rk_ingest_file(inputs->v[i], &o, docs, cli_diag, ctx, &e);
        /* Out of memory too is this file's error: its memory is freed and
         * the other inputs go on. */
        if (st != RK_OK)
            cli_diag(ctx, &e);
    }
    return 0;
}

rk_rules *cli_load_rules(cli_ctx *ctx, const char *dir)
{
    char *def = NULL;
    if (!dir) {
        def = rk_rules_default_dir(ctx->argv0);
        if (!def) {
            fprintf(stderr, "reckon: no rule set found: set RECKON_RULES or pass --rules DIR\n");
            return NULL;
        }
        dir = def;
    }
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_rules_load(dir, NULL, &r, cli_diag, ctx, &e);
    if (st != RK_OK && e.code != RK_OK && ctx->n_errors == 0)
        cli_print_error(&e);
    free(def);
    return st == RK_OK ? r : NULL;
}

int cli_load_engine(cli_ctx *ctx, const char *dir, rk_rules **rules, rk_engine **eng)
{
    *eng = NULL;
    if (!(*rules = cli_load_rules(ctx, dir)))
        return -1;
    rk_error e;
    rk_error_clear(&e);
    if (rk_engine_new(*rules, eng, &e) != RK_OK) {
        if (e.code == RK_ERR_NOMEM && !e.file[0])
            rk_error_set(&e, RK_ERR_NOMEM, NULL, 0, 0, "out of memory while compiling the rules");
        cli_print_error(&e);
        rk_rules_free(*rules);
        *rules = NULL;
        return -1;
    }
    return 0;
}

size_t cli_parse_size(const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return 0;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1024ULL;
    else if (*end == 'M' || *end == 'm')
        mul = 1024ULL * 1024;
    else if (*end == 'G' || *end == 'g')
        mul = 1024ULL * 1024 * 1024;
    else if (*end != '\0')
        return 0;
    if (mul != 1 && end[1] != '\0' && strcmp(end + 1, "B") != 0 && strcmp(end + 1, "iB") != 0)
        return 0;
    if (v > (unsigned long long)SIZE_MAX / mul)
        return 0;
    return (size_t)(v * mul);
}

int cli_exit_code(const cli_ctx *ctx, int findings)
{
    if (ctx->n_errors)
        return RK_EXIT_USAGE;
    return findings ? RK_EXIT_FINDINGS : RK_EXIT_OK;
}

int cli_parse_max_bytes(cli_ctx *ctx, const char *v, rk_ingest_options *opts)
{
    size_t n = cli_parse_size(v);
    if (!n)
        return cli_usage(ctx, "--max-bytes takes a size such as 1048576, 512K or 64M, not '%s'",
                         v);
    opts->max_bytes = n;
    return RK_EXIT_OK;
}

int cli_parse_jobs(cli_ctx *ctx, const char *v, unsigned *jobs)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    /* More threads than this only cost memory: work is a file or a part of
     * a large JSON Lines file, a few of them in flight per thread. */
    if (errno || end == v || *end || v[0] == '-' || n > 1024)
        return cli_usage(ctx, "--jobs takes a number of threads from 0 to 1024, not '%s'", v);
    *jobs = (unsigned)n;
    return RK_EXIT_OK;
}

int cli_extract_stream(cli_ctx *ctx, const rk_engine *eng, const cli_paths *inputs,
                       const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                       void *sink_ctx)
{
    rk_error e;
    rk_error_clear(&e);
    rk_ingest_options o = with_ids(opts, inputs);
    rk_status st = rk_pipeline_stream(eng, (const char *const *)inputs->v, inputs->n, &o, jobs,
                                      sink, sink_ctx, cli_diag, ctx, &e);
    if (st == RK_OK)
        return 0;
    if (st == RK_ERR_NOMEM && !e.file[0] && !writing_path)
        rk_error_set(&e, st, NULL, 0, 0, "out of memory while extracting the claims");
    cli_print_error(&e);
    return -1;
}

/* Whether name is a shared option in `which`. */
static int shared_option(const char *a, unsigned which)
{
    return ((which & CLI_OPT_FORMAT) && (!strcmp(a, "--format") || !strcmp(a, "-f"))) ||
           ((which & CLI_OPT_RULES) && !strcmp(a, "--rules")) ||
           ((which & CLI_OPT_OUTPUT) && (!strcmp(a, "-o") || !strcmp(a, "--output"))) ||
           ((which & CLI_OPT_JOBS) && (!strcmp(a, "-j") || !strcmp(a, "--jobs"))) ||
           ((which & CLI_OPT_MAX_BYTES) && !strcmp(a, "--max-bytes"));
}

static int set_shared(cli_ctx *ctx, cli_opts *o, const char *a, const char *v)
{
    if (!strcmp(a, "--format") || !strcmp(a, "-f"))
        o->format = v;
    else if (!strcmp(a, "--rules"))
        o->rules = v;
    else if (!strcmp(a, "-o") || !strcmp(a, "--output"))
        o->output = v;
    else if (!strcmp(a, "-j") || !strcmp(a, "--jobs"))
        return cli_parse_jobs(ctx, v, &o->jobs);
    else
        return cli_parse_max_bytes(ctx, v, &o->ingest);
    return RK_EXIT_OK;
}

int cli_parse_args(cli_ctx *ctx, int argc, char **argv, unsigned which, cli_opts *o,
                   cli_opt_fn own, void *self)
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
        int shared = shared_option(a, which);
        if (!shared && (!own || own(ctx, self, a, NULL) == CLI_OPT_UNKNOWN))
            return cli_usage(ctx, "unknown option '%s'", a);
        if (i + 1 >= argc)
            return cli_usage(ctx, "%s needs a value", a);
        const char *v = argv[++i];
        int rc = shared ? set_shared(ctx, o, a, v) : own(ctx, self, a, v);
        if (rc == CLI_OPT_UNKNOWN)
            return cli_usage(ctx, "unknown option '%s'", a);
        if (rc != RK_EXIT_OK)
            return rc;
    }
    if (i >= argc)
        return cli_usage(ctx, "no input (give FILE..., DIR or -)");
    o->first = i;
    return RK_EXIT_OK;
}

/* Refuses an output that is one of the run's inputs: compared by device
 * and inode, so another name for the same file is caught too. */
static int output_is_input(const cli_ctx *ctx, const char *path)
{
    struct stat out, in;
    if (!path || strcmp(path, "-") == 0 || !ctx->inputs || stat(path, &out) != 0 ||
        !S_ISREG(out.st_mode))
        return 0;
    for (size_t i = 0; i < ctx->inputs->n; i++) {
        const char *p = ctx->inputs->v[i];
        if (strcmp(p, "-") != 0 && stat(p, &in) == 0 && in.st_dev == out.st_dev &&
            in.st_ino == out.st_ino) {
            rk_error e;
            rk_error_set(&e, RK_ERR_USAGE, path, 0, 0,
                         "the output is an input of this run (%s); refusing to overwrite it", p);
            cli_print_error(&e);
            return 1;
        }
    }
    return 0;
}

int cli_write_output(cli_ctx *ctx, const char *path, cli_write_fn write, void *arg)
{
    rk_out *out = NULL;
    rk_error e;
    rk_error_clear(&e);
    if (output_is_input(ctx, path))
        return -1;
    if (rk_out_open(path, &out, &e) != RK_OK) {
        cli_print_error(&e);
        return -1;
    }
    writing_path = rk_out_path(out);
    writing_file = rk_out_file(out);
    int rc = write(ctx, arg, rk_out_file(out));
    writing_path = NULL;
    writing_file = NULL;
    if (rc < 0) {
        rk_out_abort(out);
        return -1;
    }
    if (rk_out_commit(out, &e) != RK_OK) {
        cli_print_error(&e);
        return -1;
    }
    return 0;
}
