/* bench_report.c - measures the report stage alone on a large synthetic claim
 * set: rk_reconcile, then each renderer asked for into /dev/null. Prints the
 * time of each step and the peak RSS.
 *
 * usage: bench_report [--claims N] [--docs N] [--one-quantity] [--rules DIR]
 *                     [--save DIR] [--repeat N] [FORMAT...]   (default FORMAT: json)
 * --repeat N renders each format N times (one line each), for comparing a
 * renderer's changes without synthesising and reconciling again.
 * --save DIR writes each report to DIR/report.FORMAT instead (to open the
 * HTML page in a browser, say). */
#define _GNU_SOURCE /* fopencookie: a sink that counts bytes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "rk_internal.h"
#include "synth.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of the process so far: on a shared machine wall time also
 * counts waiting for a core. */
static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

/* System CPU seconds and minor page faults of the process so far: fresh
 * memory costs a fault per page, which a shared virtual machine makes
 * dear. */
static double sys_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static long faults_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

/* A FILE that throws bytes away and counts them. */
static ssize_t count_write(void *cookie, const char *buf, size_t n)
{
    (void)buf;
    *(size_t *)cookie += n;
    return (ssize_t)n;
}

static FILE *counting_sink(size_t *count)
{
    cookie_io_functions_t io = {NULL, count_write, NULL, NULL};
    *count = 0;
    return fopencookie(count, "w", io);
}

static int fail(const rk_error *e)
{
    char buf[2048];
    fprintf(stderr, "bench_report: %s\n", rk_error_format(e, buf, sizeof buf));
    return 1;
}

static const char *save_dir;

static int render(const rk_report *rep, const char *name)
{
    const rk_renderer *r = rk_renderer_find(name);
    if (!r) {
        fprintf(stderr, "bench_report: no renderer '%s'\n", name);
        return 1;
    }
    size_t bytes = 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/report.%s", save_dir ? save_dir : ".", name);
    FILE *sink = save_dir ? fopen(path, "w") : counting_sink(&bytes);
    if (!sink) {
        perror(path);
        return 1;
    }
    rk_error e;
    rk_error_clear(&e);
    double t0 = now(), c0 = cpu_now(), s0 = sys_now();
    long f0 = faults_now();
    rk_status st = r->render(rep, sink, &e);
    double t1 = now(), c1 = cpu_now(), s1 = sys_now();
    long f1 = faults_now();
    if (save_dir)
        bytes = (size_t)ftell(sink);
    fclose(sink);
    if (st != RK_OK)
        return fail(&e);
    printf("render %-11s %8.3f s wall %8.3f s cpu (%.3f sys, %ld faults)  %zu bytes  "
           "peak_rss_mb=%.1f\n",
           name, t1 - t0, c1 - c0, s1 - s0, f1 - f0, bytes, peak_mb());
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = 1000000, docs = 10000;
    rk_alloc_batch_mode(); /* as the command does */
    int one = 0, i = 1, rc = 1;
    unsigned long repeat = 1;
    const char *rules_dir = NULL;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--claims") && i + 1 < argc)
            n = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--docs") && i + 1 < argc)
            docs = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            rules_dir = argv[++i];
        else if (!strcmp(argv[i], "--save") && i + 1 < argc)
            save_dir = argv[++i];
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--one-quantity"))
            one = 1;
        else {
            fputs("usage: bench_report [--claims N] [--docs N] [--one-quantity] [--rules DIR] "
                  "[--save DIR] [--repeat N] [FORMAT...]\n", stderr);
            return 2;
        }
    }
    rk_error e;
    rk_error_clear(&e);
    rk_rules *rules = NULL;
    rk_claimset set = {0};
    rk_reconciliation *rec = NULL;
    if (!rules_dir && getenv("RECKON_RULES") && *getenv("RECKON_RULES"))
        rules_dir = getenv("RECKON_RULES");
    char *dir = rules_dir ? NULL : rk_rules_default_dir(argv[0]);
    if (rk_rules_load(rules_dir ? rules_dir : dir, NULL, &rules, NULL, NULL, &e) != RK_OK) {
        fail(&e);
        goto done;
    }
    double t0 = now();
    if (synth_claims(&set, n, docs, one, 42) < 0) {
        fputs("bench_report: out of memory\n", stderr);
        goto done;
    }
    double t1 = now(), c1 = cpu_now(), s1 = sys_now();
    long f1 = faults_now();
    printf("synthesise %zu claims in %zu documents: %.3f s  peak_rss_mb=%.1f\n", set.n,
           set.docs.n, t1 - t0, peak_mb());
    if (rk_reconcile(&set, rules, &rec, &e) != RK_OK) {
        fail(&e);
        goto done;
    }
    double t2 = now(), c2 = cpu_now(), s2 = sys_now();
    long f2 = faults_now();
    printf("reconcile  %8.3f s wall %8.3f s cpu (%.3f sys, %ld faults)  %zu groups  %zu links  "
           "peak_rss_mb=%.1f\n",
           t2 - t1, c2 - c1, s2 - s1, f2 - f1, rec->n_groups, rec->n_links, peak_mb());
    rk_labels *labels = NULL;
    if (rk_labels_load(rules, &labels, &e) != RK_OK) {
        fail(&e);
        goto done;
    }
    rk_report rep = {.set = &set, .rec = rec, .title = "benchmark", .labels = labels};
    rc = 0;
    for (unsigned long k = 0; k < repeat; k++) {
        if (i == argc)
            rc |= render(&rep, "json");
        for (int f = i; f < argc; f++)
            rc |= render(&rep, argv[f]);
    }
    printf("reconcile + render: %.3f s wall, %.3f s cpu, peak_rss_mb=%.1f\n", now() - t1,
           cpu_now() - c1, peak_mb());
    rk_labels_free(labels);
done:
    rk_reconciliation_free(rec);
    rk_claimset_clear(&set);
    rk_rules_free(rules);
    free(dir);
    return rc;
}
