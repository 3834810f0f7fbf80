/* common.c - error printing, input collection and rule loading shared by the
 * reckon commands. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void cli_print_error(const rk_error *e)
{
    char buf[RK_ERROR_PATH_MAX + RK_ERROR_MSG_MAX + 64];
    fprintf(stderr, "reckon: %s\n", rk_error_format(e, buf, sizeof buf));
}

void cli_diag(void *ctx, const rk_error *e)
{
    cli_print_error(e);
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

void cli_paths_free(cli_paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    p->v = NULL;
    p->n = p->cap = 0;
}

static int paths_push(cli_paths *p, const char *s)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        char **v = realloc(p->v, cap * sizeof *v);
        if (!v)
            return -1;
        p->v = v;
        p->cap = cap;
    }
    if (!(p->v[p->n] = rk_strdup(s)))
        return -1;
    p->n++;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A temporary output left by an interrupted run (rk_out: NAME.tmp.XXXXXX). */
static int is_temp_output(const char *name)
{
    const char *t = strstr(name, ".tmp.");
    while (t) {
        if (strlen(t + 5) == 6)
            return 1;
        t = strstr(t + 1, ".tmp.");
    }
    return 0;
}

/* Files in a corpus folder that are not articles: sidecars, reviews, the
 * per-fixture and per-event annotation files, the gate's baseline. */
static int skip_name(const char *name)
{
    if (is_temp_output(name))
        return 1;
    return name[0] == '.' || ends_with(name, ".meta.json") || ends_with(name, ".gold.jsonl") || ends_with(name, ".negatives.jsonl") ||
           strncmp(name, "README", 6) == 0 || ends_with(name, "~") ||
           strcmp(name, "reviews.json") == 0 || ends_with(name, ".review.json") ||
           strcmp(name, "scores.json") == 0 || strcmp(name, "gold.jsonl") == 0 ||
           strcmp(name, "negatives.jsonl") == 0 || strcmp(name, "relations.jsonl") == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(cli_ctx *ctx, const char *dir, int depth, cli_paths *out)
{
    DIR *d = opendir(dir);
    if (!d) {
        rk_error e;
        rk_error_set(&e, RK_ERR_IO, dir, 0, 0, "cannot open directory: %s", strerror(errno));
        cli_diag(ctx, &e);
        return 0;
    }
    cli_paths here = {0};
    struct dirent *ent;
    int rc = 0;
    while ((ent = readdir(d))) {
        if (skip_name(ent->d_name))
            continue;
        rk_buf b = RK_BUF_INIT;
        if (rk_buf_printf(&b, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", ent->d_name) < 0 ||
            paths_push(&here, b.data) < 0) {
            rk_buf_free(&b);
            rc = -1;
            break;
        }
        rk_buf_free(&b);
    }
    closedir(d);
    if (here.n)
        qsort(here.v, here.n, sizeof *here.v, cmp_str);
    for (size_t i = 0; rc == 0 && i < here.n; i++) {
        struct stat sb;
        if (stat(here.v[i], &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            if (depth < 32)
                rc = walk(ctx, here.v[i], depth + 1, out);
        } else if (S_ISREG(sb.st_mode)) {
            rc = paths_push(out, here.v[i]);
        }
    }
    cli_paths_free(&here);
    return rc;
}

int cli_collect_inputs(cli_ctx *ctx, int n, char **operands, cli_paths *out)
{
    for (int i = 0; i < n; i++) {
        const char *p = operands[i];
        struct stat sb;
        if (strcmp(p, "-") == 0) {
            if (paths_push(out, p) < 0)
                return -1;
            continue;
        }
        if (stat(p, &sb) != 0) {
            rk_error e;
            rk_error_set(&e, RK_ERR_IO, p, 0, 0, "cannot open: %s", strerror(errno));
            cli_diag(ctx, &e);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            if (walk(ctx, p, 0, out) < 0)
                return -1;
        } else if (paths_push(out, p) < 0) {
            return -1;
        }
    }
    return 0;
}

int cli_ingest_all(cli_ctx *ctx, const cli_paths *inputs, const rk_ingest_options *opts,
                   rk_doclist *docs)
{
    for (size_t i = 0; i < inputs->n; i++) {
        rk_error e;
        rk_error_clear(&e);
        rk_status st = rk_ingest_file(inputs->v[i], opts, docs, cli_diag, ctx, &e);
        if (st == RK_ERR_NOMEM) {
            cli_print_error(&e);
            return -1;
        }
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
    rk_status st = rk_pipeline_stream(eng, (const char *const *)inputs->v, inputs->n, opts, jobs,
                                      sink, sink_ctx, cli_diag, ctx, &e);
    if (st == RK_OK)
        return 0;
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

int cli_write_output(cli_ctx *ctx, const char *path, cli_write_fn write, void *arg)
{
    rk_out *out = NULL;
    rk_error e;
    rk_error_clear(&e);
    if (rk_out_open(path, &out, &e) != RK_OK) {
        cli_print_error(&e);
        return -1;
    }
    if (write(ctx, arg, rk_out_file(out)) < 0) {
        rk_out_abort(out);
        return -1;
    }
    if (rk_out_commit(out, &e) != RK_OK) {
        cli_print_error(&e);
        return -1;
    }
    return 0;
}
