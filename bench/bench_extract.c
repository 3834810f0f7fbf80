/* bench_extract.c - measures the extract pipeline through the library, file
 * by file and batch by batch as `reckon extract` streams on one thread:
 * ingest, extract (text, numbers, claims) and optionally a renderer into
 * /dev/null. Prints bytes, documents, claims, seconds, MB/s, documents/s,
 * claims/s and peak RSS.
 *
 * usage: bench_extract [--rules DIR] [--render FORMAT] [--stages] PATH...
 * --stages also times the text and number stages on their own (an extra
 * pass), so a slow stage shows without a profiler. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "rk_internal.h"

typedef struct totals {
    double bytes, docs, claims, numbers;
    double t_ingest, t_extract, t_render, t_text, t_numbers;
    size_t errors;
} totals;

typedef struct bench {
    const rk_engine *engine;
    const rk_renderer *renderer;
    FILE *sink;
    int stages;
    totals t;
    rk_claimset set; /* a batch's, kept between batches as the command keeps it */
} bench;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void report_error(const rk_error *e)
{
    char buf[2048];
    fprintf(stderr, "bench_extract: %s\n", rk_error_format(e, buf, sizeof buf));
}

/* The text and number stages alone, for the --stages breakdown. */
static void time_stages(bench *b, const rk_document *d)
{
    rk_error e;
    rk_text *t = NULL;
    rk_numlist nums = {0};
    double t0 = now();
    if (rk_text_build(d->body, d->body_len, d->language.value, &t, &e) != RK_OK)
        return;
    double t1 = now();
    if (rk_numbers_find(rk_engine_numbers(b->engine), t, &nums, &e) == RK_OK)
        b->t.numbers += (double)nums.n;
    double t2 = now();
    b->t.t_text += t1 - t0;
    b->t.t_numbers += t2 - t1;
    rk_numlist_free(&nums);
    rk_text_free(t);
}

/* One batch of a file, as the command's one-thread stream handles it:
 * extract its documents, render them, free them. */
static rk_status run_batch(void *ctx, rk_doclist *docs, rk_error *e)
{
    bench *b = ctx;
    rk_claimset set = b->set; /* the last batch's arrays, emptied */
    double t1 = now();
    for (size_t i = 0; i < docs->n; i++) {
        rk_document *d = docs->docs[i];
        docs->docs[i] = NULL;
        b->t.bytes += (double)d->body_len;
        b->t.docs++;
        if (b->stages)
            time_stages(b, d);
        if (rk_extract_into(b->engine, d, &set, e) != RK_OK) {
            report_error(e);
            b->t.errors++;
            rk_document_free(d);
        }
    }
    /* With --stages the stage pass is inside [t1, t2); print_totals takes
     * it out again. */
    double t2 = now();
    b->t.claims += (double)set.n;
    if (b->renderer) {
        rk_report rep = {.set = &set};
        if (b->renderer->render(&rep, b->sink, e) != RK_OK) {
            report_error(e);
            b->t.errors++;
        }
    }
    double t3 = now();
    b->t.t_extract += t2 - t1;
    b->t.t_render += t3 - t2;
    rk_claimset_empty(&set);
    b->set = set;
    return RK_OK;
}

/* A file read batch by batch (rk_ingest_file_each), as `reckon extract`
 * reads it on one thread; ingest time is what the batches leave. */
static void run_file(bench *b, const char *path)
{
    rk_error e;
    rk_error_clear(&e);
    double t0 = now(), before = b->t.t_extract + b->t.t_render;
    if (rk_ingest_file_each(path, NULL, run_batch, b, NULL, NULL, &e) != RK_OK) {
        report_error(&e);
        b->t.errors++;
    }
    b->t.t_ingest += now() - t0 - (b->t.t_extract + b->t.t_render - before);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Runs a file, or every file below a folder in sorted order. */
static void run_path(bench *b, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        run_file(b, path);
        return;
    }
    DIR *d = opendir(path);
    if (!d)
        return;
    char **v = NULL;
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (ent->d_name[0] == '.')
            continue;
        char **p = realloc(v, (n + 1) * sizeof *v);
        size_t need = strlen(path) + strlen(ent->d_name) + 2;
        if (!p || !(p[n] = malloc(need)))
            break;
        v = p;
        snprintf(v[n++], need, "%s/%s", path, ent->d_name);
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 0; i < n; i++) {
        run_path(b, v[i]);
        free(v[i]);
    }
    free(v);
}

static void print_totals(const bench *b, double wall)
{
    const totals *t = &b->t;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = t->bytes / 1e6;
    double extract = t->t_extract - (b->stages ? t->t_text + t->t_numbers : 0);
    double pipeline = t->t_ingest + extract + t->t_render;
    printf("bytes=%.0f docs=%.0f claims=%.0f errors=%zu\n", t->bytes, t->docs, t->claims,
           t->errors);
    printf("seconds: wall=%.3f ingest=%.3f extract=%.3f render=%.3f\n",
           wall - (b->stages ? t->t_text + t->t_numbers : 0), t->t_ingest, extract, t->t_render);
    if (b->stages)
        printf("stages alone: text=%.3f s (%.1f MB/s) numbers=%.3f s (%.1f MB/s, %.0f numbers)\n",
               t->t_text, mb / t->t_text, t->t_numbers, mb / t->t_numbers, t->numbers);
    /* CPU time as well as wall time: on a shared machine the wall clock
     * also counts waiting for a core. */
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
    printf("cpu=%.3f s (whole process, with rule loading) MB/s_cpu=%.2f\n", cpu, mb / cpu);
    printf("MB/s=%.2f docs/s=%.0f claims/s=%.0f peak_rss_mb=%.1f\n", mb / pipeline,
           t->docs / pipeline, t->claims / pipeline, (double)ru.ru_maxrss / 1024.0);
}

int main(int argc, char **argv)
{
    const char *rules_dir = NULL, *render = NULL;
    rk_alloc_batch_mode(); /* as the command does */
    bench b = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            rules_dir = argv[++i];
        else if (!strcmp(argv[i], "--render") && i + 1 < argc)
            render = argv[++i];
        else if (!strcmp(argv[i], "--stages"))
            b.stages = 1;
        else
            break;
    }
    if (i >= argc) {
        fputs("usage: bench_extract [--rules DIR] [--render FORMAT] [--stages] PATH...\n",
              stderr);
        return 2;
    }
    rk_error e;
    rk_error_clear(&e);
    rk_rules *rules = NULL;
    rk_engine *engine = NULL;
    if (!rules_dir && getenv("RECKON_RULES") && *getenv("RECKON_RULES"))
        rules_dir = getenv("RECKON_RULES");
    char *dir = rules_dir ? NULL : rk_rules_default_dir(argv[0]);
    int rc = 2;
    if (rk_rules_load(rules_dir ? rules_dir : dir, NULL, &rules, NULL, NULL, &e) != RK_OK ||
        rk_engine_new(rules, &engine, &e) != RK_OK) {
        report_error(&e);
        goto done;
    }
    b.engine = engine;
    if (render && !(b.renderer = rk_renderer_find(render))) {
        fprintf(stderr, "bench_extract: no renderer '%s'\n", render);
        goto done;
    }
    b.sink = fopen("/dev/null", "w");
    double t0 = now();
    for (; i < argc; i++)
        run_path(&b, argv[i]);
    print_totals(&b, now() - t0);
    rc = b.t.errors ? 1 : 0;
done:
    rk_claimset_clear(&b.set);
    if (b.sink)
        fclose(b.sink);
    rk_engine_free(engine);
    rk_rules_free(rules);
    free(dir);
    return rc;
}
