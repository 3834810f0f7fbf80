/* common.c - error printing, input collection and rule loading shared by the
 * reckon commands. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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
    /* strtoull reads "-5" as a huge number: a size has no sign. */
    if (!s || !(*s >= '0' && *s <= '9'))
        return 0;
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

/* Progress on a terminal: files done of the total, MB/s and time left,
 * rewritten in place on stderr. Files come to the sink in input order, so a
 * document from a later path means the paths before it are done. */
typedef struct progress {
    const cli_paths *inputs;
    off_t *size;              /* bytes of each input (0 for "-") */
    off_t total, done_bytes;
    size_t next;              /* inputs[0 .. next) are done */
    double t0, last;
    rk_pipeline_sink sink;
    void *sink_ctx;
} progress;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_show(progress *p, int final)
{
    double t = now_s(), el = t - p->t0;
    if (!final && t - p->last < 0.25)
        return;
    p->last = t;
    double mb = (double)p->done_bytes / 1e6, rate = el > 0 ? mb / el : 0;
    fprintf(stderr, "\r\033[Kreckon: %zu/%zu files, %.1f MB, %.1f MB/s", p->next,
            p->inputs->n, mb, rate);
    if (!final && rate > 0 && p->total > p->done_bytes)
        fprintf(stderr, ", %.0f s left", ((double)(p->total - p->done_bytes) / 1e6) / rate);
    if (final)
        fputs("\r\033[K", stderr);
    fflush(stderr);
}

static void progress_to(progress *p, const char *path)
{
    while (p->next < p->inputs->n && (!path || strcmp(p->inputs->v[p->next], path) != 0))
        p->done_bytes += p->size[p->next++];
}

static rk_status progress_sink(void *ctx, rk_claimset *part, rk_error *err)
{
    progress *p = ctx;
    if (part->docs.n && part->docs.docs[0]->path)
        progress_to(p, part->docs.docs[0]->path);
    progress_show(p, 0);
    return p->sink(p->sink_ctx, part, err);
}

int cli_extract_stream(cli_ctx *ctx, const rk_engine *eng, const cli_paths *inputs,
                       const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                       void *sink_ctx)
{
    rk_error e;
    rk_error_clear(&e);
    progress pr = {inputs, NULL, 0, 0, 0, 0, 0, sink, sink_ctx};
    if (ctx->progress && inputs->n && (pr.size = calloc(inputs->n, sizeof *pr.size))) {
        for (size_t i = 0; i < inputs->n; i++) {
            struct stat sb;
            if (strcmp(inputs->v[i], "-") != 0 && stat(inputs->v[i], &sb) == 0)
                pr.total += pr.size[i] = sb.st_size;
        }
        pr.t0 = pr.last = now_s();
        sink = progress_sink;
        sink_ctx = &pr;
    }
    rk_status st = rk_pipeline_stream(eng, (const char *const *)inputs->v, inputs->n, opts, jobs,
                                      sink, sink_ctx, cli_diag, ctx, &e);
    if (pr.size) {
        progress_to(&pr, NULL);
        progress_show(&pr, 1);
        free(pr.size);
    }
    if (st == RK_OK)
        return 0;
    cli_print_error(&e);
    return -1;
}

/* The shared options: names, whether they take a value, and their bit. */
static const struct {
    const char *name;
    unsigned bit;
    int flag;
} shared[] = {
    {"--format", CLI_OPT_FORMAT, 0},   {"-f", CLI_OPT_FORMAT, 0},
    {"--rules", CLI_OPT_RULES, 0},     {"-o", CLI_OPT_OUTPUT, 0},
    {"--output", CLI_OPT_OUTPUT, 0},   {"-j", CLI_OPT_JOBS, 0},
    {"--jobs", CLI_OPT_JOBS, 0},       {"--max-bytes", CLI_OPT_MAX_BYTES, 0},
    {"-q", CLI_OPT_QUIET, 1},          {"--quiet", CLI_OPT_QUIET, 1},
};

/* Index of name among the shared options in `which`, or -1. */
static int shared_option(const char *a, unsigned which)
{
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
        if ((which & shared[i].bit) && strcmp(a, shared[i].name) == 0)
            return (int)i;
    return -1;
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
    else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
        o->quiet = 1;
    else
        return cli_parse_max_bytes(ctx, v, &o->ingest);
    return RK_EXIT_OK;
}

/* Levenshtein distance, capped: strings here are short option names. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (la >= 63 || lb >= 63)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (up + 1 < best)
                best = up + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *cli_did_you_mean(const char *word, const char *const *candidates)
{
    const char *best = NULL, *prefix = NULL;
    size_t best_d = (size_t)-1, n_prefix = 0, len = strlen(word);
    for (size_t i = 0; candidates && candidates[i]; i++) {
        size_t d = distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
        if (len >= 3 && strncmp(candidates[i], word, len) == 0) {
            prefix = candidates[i];
            n_prefix++;
        }
    }
    /* A typo is a slip of a letter or two, fewer in a short word. */
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    if (best && best_d <= limit)
        return best;
    return n_prefix == 1 ? prefix : NULL;
}

static int unknown_option(cli_ctx *ctx, const char *a)
{
    const char *hint = cli_did_you_mean(a, ctx->options);
    if (hint)
        return cli_usage(ctx, "unknown option '%s'; did you mean '%s'?", a, hint);
    return cli_usage(ctx, "unknown option '%s'", a);
}

int cli_parse_args(cli_ctx *ctx, int argc, char **argv, unsigned which, cli_opts *o,
                   cli_opt_fn own, void *self)
{
    /* Operands are collected in order and moved to the end of argv. */
    char **operands = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *operands);
    int n_operands = 0, only_operands = 0, rc = RK_EXIT_OK;
    if (!operands) {
        fprintf(stderr, "reckon: out of memory\n");
        return RK_EXIT_USAGE;
    }
    for (int i = 1; i < argc && rc == RK_EXIT_OK; i++) {
        char *a = argv[i];
        if (only_operands || a[0] != '-' || strcmp(a, "-") == 0) {
            operands[n_operands++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_operands = 1;
            continue;
        }
        /* --name=value */
        char name[64];
        const char *inline_value = NULL, *eq = a[1] == '-' ? strchr(a, '=') : NULL;
        if (eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            inline_value = eq + 1;
        } else {
            snprintf(name, sizeof name, "%s", a);
        }
        int sh = shared_option(name, which);
        int kind = sh >= 0 ? (shared[sh].flag ? CLI_OPT_FLAG : RK_EXIT_OK)
                           : own ? own(ctx, self, name, NULL) : CLI_OPT_UNKNOWN;
        if (kind == CLI_OPT_UNKNOWN) {
            rc = unknown_option(ctx, name);
            break;
        }
        const char *v = "";
        if (kind == CLI_OPT_FLAG) {
            if (inline_value) {
                rc = cli_usage(ctx, "%s takes no value", name);
                break;
            }
        } else if (inline_value) {
            v = inline_value;
        } else if (i + 1 < argc) {
            v = argv[++i];
        } else {
            rc = cli_usage(ctx, "%s needs a value", name);
            break;
        }
        if (kind != CLI_OPT_FLAG && !*v) {
            rc = cli_usage(ctx, "%s needs a value, not an empty one", name);
            break;
        }
        rc = sh >= 0 ? set_shared(ctx, o, name, v) : own(ctx, self, name, v);
        if (rc == CLI_OPT_UNKNOWN)
            rc = unknown_option(ctx, name);
    }
    if (rc == RK_EXIT_OK && !n_operands && !(which & CLI_NO_OPERAND_OK))
        rc = cli_usage(ctx, "no input (give FILE..., DIR or -)");
    if (rc == RK_EXIT_OK) {
        o->first = argc - n_operands;
        for (int k = 0; k < n_operands; k++)
            argv[o->first + k] = operands[k];
    }
    free(operands);
    return rc;
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
