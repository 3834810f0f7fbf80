/* bench_text.c - throughput of rk_text_build: the seed articles repeated to
 * about 50 MB, built as one document per article copy and as one big one. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "text/text.h"

/* Process CPU time: steadier than wall time on a shared machine. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Appends every *.txt file of dir to b; returns the number of files. */
static size_t load_seeds(const char *dir, rk_buf *b, size_t *ends, size_t max)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < max) {
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        char path[4096], *data;
        size_t len;
        rk_error err;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (rk_file_read(path, 0, &data, &len, &err) != RK_OK)
            continue;
        rk_buf_append(b, data, len);
        rk_buf_putc(b, '\n');
        ends[n++] = b->len;
        free(data);
    }
    if (d)
        closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("RK_FIXTURES");
    size_t target = (size_t)((argc > 2 ? atof(argv[2]) : 50) * 1e6);
    rk_buf seeds = RK_BUF_INIT, big = RK_BUF_INIT;
    size_t ends[256];
    size_t n = dir ? load_seeds(dir, &seeds, ends, 256) : 0;
    if (!n) {
        fprintf(stderr, "bench_text: no seed articles (give the fixtures directory)\n");
        return 1;
    }
    while (big.len < target)
        rk_buf_append(&big, seeds.data, seeds.len);
    rk_error e;
    rk_text *t = NULL;
    /* Many documents: the seed articles one by one, over and over. */
    double t0 = now();
    size_t done = 0, toks = 0;
    while (done < target) {
        size_t s = 0;
        for (size_t i = 0; i < n; i++) {
            if (rk_text_build(seeds.data + s, ends[i] - s, "ar", &t, &e) != RK_OK)
                return 1;
            toks += t->n_tokens;
            rk_text_free(t);
            s = ends[i];
        }
        done += seeds.len;
    }
    double t1 = now();
    printf("per article: %.1f MB in %.2f s CPU = %.1f MB/s (%zu tokens)\n", done / 1e6, t1 - t0,
           done / 1e6 / (t1 - t0), toks);
    /* One big document: dominated by first-touch page faults on the map. */
    t0 = now();
    if (rk_text_build(big.data, big.len, "ar", &t, &e) != RK_OK)
        return 1;
    t1 = now();
    printf("one document: %.1f MB in %.2f s CPU = %.1f MB/s (%zu tokens, %zu sentences)\n",
           big.len / 1e6, t1 - t0, big.len / 1e6 / (t1 - t0), t->n_tokens, t->n_sentences);
    rk_text_free(t);
    rk_buf_free(&seeds);
    rk_buf_free(&big);
    return 0;
}
