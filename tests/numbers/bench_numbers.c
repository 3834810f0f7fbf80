/* bench_numbers.c - throughput of the number reader: the seed articles
 * repeated to about N MB (default 50), text built once, then numbers found;
 * prints MB/s of each stage. Built, not run as a test:
 *   RECKON_RULES=rules RK_FIXTURES=fixtures/kazakhstan-2022 build/tests/numbers/bench_numbers 50 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "numbers/numbers.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int corpus(const char *dir, size_t mb, rk_buf *out)
{
    static const char *const names[] = {"000_a36954025af67d07", "001_0d2c753a87fa6b4a",
                                        "002_9c92fbb985dee3df", "003_5a42c12e227cab77",
                                        "004_91dd7b59b1f721e3"};
    rk_buf one = RK_BUF_INIT;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[1024], *data;
        size_t len;
        rk_error e;
        snprintf(p, sizeof p, "%s/%s.txt", dir, names[i]);
        if (rk_file_read(p, 0, &data, &len, &e) != RK_OK) {
            fprintf(stderr, "bench_numbers: %s: %s\n", p, e.message);
            rk_buf_free(&one);
            return -1;
        }
        rk_buf_append(&one, data, len);
        rk_buf_putc(&one, '\n');
        free(data);
    }
    while (out->len < mb * 1000000)
        rk_buf_append(out, one.data, one.len);
    rk_buf_free(&one);
    return 0;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 50;
    const char *rules_dir = getenv("RECKON_RULES"), *fx = getenv("RK_FIXTURES");
    rk_rules *rules = NULL;
    rk_numbers_reader *r = NULL;
    rk_text *t = NULL;
    rk_numlist l = {0};
    rk_buf b = RK_BUF_INIT;
    rk_error e;
    int rc = 1;
    if (!rules_dir || !fx || !mb) {
        fprintf(stderr, "usage: RECKON_RULES=DIR RK_FIXTURES=DIR bench_numbers [MB]\n");
        return 2;
    }
    if (rk_rules_load(rules_dir, NULL, &rules, NULL, NULL, &e) != RK_OK ||
        rk_numbers_reader_new(rules, &r, &e) != RK_OK || corpus(fx, mb, &b) < 0)
        goto done;
    double t0 = now();
    if (rk_text_build(b.data, b.len, "ar", &t, &e) != RK_OK)
        goto done;
    double t1 = now();
    if (rk_numbers_find(r, t, &l, &e) != RK_OK)
        goto done;
    double t2 = now();
    double m = (double)b.len / 1e6;
    printf("corpus %.1f MB, %zu tokens, %zu numbers\n", m, t->n_tokens, l.n);
    printf("text    %.2f s  %.1f MB/s\n", t1 - t0, m / (t1 - t0));
    printf("numbers %.2f s  %.1f MB/s\n", t2 - t1, m / (t2 - t1));
    rc = 0;
done:
    if (rc)
        fprintf(stderr, "bench_numbers: %s\n", e.message);
    rk_numlist_free(&l);
    rk_text_free(t);
    rk_buf_free(&b);
    rk_numbers_reader_free(r);
    rk_rules_free(rules);
    return rc;
}
