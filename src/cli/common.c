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

int cli_add_event_rules(cli_ctx *ctx, const char *dir)
{
    if (ctx->n_event_rules == CLI_MAX_EVENT_RULES)
        return cli_usage(ctx, "--event-rules given more than %d times", CLI_MAX_EVENT_RULES);
    ctx->event_rules[ctx->n_event_rules++] = dir;
    return RK_EXIT_OK;
}

int cli_is_event_rules(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int yes = 0, seen = 0;
    struct dirent *e;
    /* rule files, not articles that happen to sit in a folder so named: an
     * *.xml file whose root element is <rules> */
    while (!yes && seen < 64 && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 4, ".xml") != 0)
            continue;
        seen++;
        rk_buf p = RK_BUF_INIT;
        char head[512];
        FILE *f = rk_buf_printf(&p, "%s/%s", dir, e->d_name) == 0 ? fopen(p.data, "rb") : NULL;
        size_t got = f ? fread(head, 1, sizeof head - 1, f) : 0;
        if (f)
            fclose(f);
        rk_buf_free(&p);
        head[got] = '\0';
        /* past the declaration and comments, the first element */
        for (char *q = head; (q = strchr(q, '<')) != NULL; q++)
            if (q[1] != '?' && q[1] != '!') {
                yes = strncmp(q + 1, "rules", 5) == 0 && (q[6] == ' ' || q[6] == '>' ||
                                                          q[6] == '\n' || q[6] == '\t');
                break;
            }
    }
    closedir(d);
    return yes;
}

/* folder/rules when folder is a folder holding an event's own rule folder
 * (cli_is_event_rules), else NULL. The caller frees it. */
static char *event_rules_of(const char *folder)
{
    struct stat sb;
    rk_buf b = RK_BUF_INIT;
    if (stat(folder, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
        rk_buf_printf(&b, "%s/rules", folder) < 0 || !cli_is_event_rules(b.data)) {
        rk_buf_free(&b);
        return NULL;
    }
    return rk_buf_detach(&b, NULL);
}

rk_rules *cli_load_rules(cli_ctx *ctx, const char *dir)
{
    return cli_load_rules_for(ctx, dir, (const char *const *)ctx->operands,
                              (size_t)(ctx->n_operands > 0 ? ctx->n_operands : 0));
}

rk_rules *cli_load_rules_for(cli_ctx *ctx, const char *dir, const char *const *folders,
                             size_t n_folders)
{
    char *def = NULL;
    const char *env = getenv("RECKON_RULES");
    if (!dir && env && *env)
        dir = env;
    if (!dir) {
        def = rk_rules_default_dir(ctx->argv0);
        if (!def) {
            fprintf(stderr, "reckon: no rule set found: set RECKON_RULES or pass --rules DIR\n");
            return NULL;
        }
        dir = def;
    }
    /* the event's own rules: --event-rules, then a rules/ folder in each
     * folder operand */
    const char *layers[CLI_MAX_EVENT_RULES * 2];
    char *owned[CLI_MAX_EVENT_RULES];
    size_t n = 0, n_owned = 0;
    for (size_t i = 0; i < ctx->n_event_rules; i++)
        layers[n++] = ctx->event_rules[i];
    for (size_t i = 0; i < n_folders && n_owned < CLI_MAX_EVENT_RULES; i++) {
        char *l = event_rules_of(folders[i]);
        if (l)
            layers[n++] = owned[n_owned++] = l;
    }
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_rules_load_layers(dir, layers, n, NULL, &r, cli_diag, ctx, &e);
    if (st != RK_OK && e.code != RK_OK && ctx->n_errors == 0)
        cli_print_error(&e);
    for (size_t i = 0; i < n_owned; i++)
        free(owned[i]);
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

/* A rendered stream's part of file index `path` is written. */
static void progress_written(void *ctx, size_t path)
{
    progress *p = ctx;
    while (p->next < path && p->next < p->inputs->n)
        p->done_bytes += p->size[p->next++];
    progress_show(p, 0);
}

/* The sizes of the inputs, when progress is shown; 0 when it is not. */
static int progress_start(cli_ctx *ctx, const cli_paths *inputs, progress *pr)
{
    if (!ctx->progress || !inputs->n || !(pr->size = calloc(inputs->n, sizeof *pr->size)))
        return 0;
    for (size_t i = 0; i < inputs->n; i++) {
        struct stat sb;
        if (strcmp(inputs->v[i], "-") != 0 && stat(inputs->v[i], &sb) == 0)
            pr->total += pr->size[i] = sb.st_size;
    }
    pr->t0 = pr->last = now_s();
    return 1;
}

/* cli_extract_stream() and cli_extract_render(): one of sink or render. */
static int extract_stream(cli_ctx *ctx, const rk_engine *eng, const cli_paths *inputs,
                          const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                          void *sink_ctx, rk_pipeline_render render, FILE *out)
{
    rk_error e;
    rk_error_clear(&e);
    progress pr = {inputs, NULL, 0, 0, 0, 0, 0, sink, sink_ctx};
    rk_pipeline_output output = {render, NULL, out, NULL, NULL};
    if (progress_start(ctx, inputs, &pr)) {
        sink = progress_sink;
        sink_ctx = &pr;
        output.written = progress_written;
        output.written_ctx = &pr;
    }
    rk_ingest_options o = with_ids(opts, inputs);
    rk_status st =
        render ? rk_pipeline_stream_render(eng, (const char *const *)inputs->v, inputs->n, &o,
                                           jobs, &output, cli_diag, ctx, &e)
               : rk_pipeline_stream(eng, (const char *const *)inputs->v, inputs->n, &o, jobs,
                                    sink, sink_ctx, cli_diag, ctx, &e);
    if (pr.size) {
        progress_to(&pr, NULL);
        progress_show(&pr, 1);
        free(pr.size);
    }
    if (st == RK_OK)
        return 0;
    if (st == RK_ERR_NOMEM && !e.file[0] && !writing_path)
        rk_error_set(&e, st, NULL, 0, 0, "out of memory while extracting the claims");
    cli_print_error(&e);
    return -1;
}

int cli_extract_stream(cli_ctx *ctx, const rk_engine *eng, const cli_paths *inputs,
                       const rk_ingest_options *opts, unsigned jobs, rk_pipeline_sink sink,
                       void *sink_ctx)
{
    return extract_stream(ctx, eng, inputs, opts, jobs, sink, sink_ctx, NULL, NULL);
}

int cli_extract_render(cli_ctx *ctx, const rk_engine *eng, const cli_paths *inputs,
                       const rk_ingest_options *opts, unsigned jobs, rk_pipeline_render render,
                       FILE *out)
{
    return extract_stream(ctx, eng, inputs, opts, jobs, NULL, NULL, render, out);
}

/* The shared options: names, whether they take a value, and their bit. */
static const struct {
    const char *name;
    unsigned bit;
    int flag;
} shared[] = {
    {"--format", CLI_OPT_FORMAT, 0},   {"-f", CLI_OPT_FORMAT, 0},
    {"--rules", CLI_OPT_RULES, 0},     {"-o", CLI_OPT_OUTPUT, 0},
    {"--event-rules", CLI_OPT_RULES, 0},
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
    else if (!strcmp(a, "--event-rules"))
        return cli_add_event_rules(ctx, v);
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
        fprintf(stderr, "reckon: out of memory while reading the options\n");
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
        ctx->operands = argv + o->first;
        ctx->n_operands = n_operands;
    }
    free(operands);
    return rc;
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
