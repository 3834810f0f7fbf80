/* fuzz_claimfile.c - claim files over arbitrary input: a text the reader
 * accepts gives claims that point at exactly their bytes inside their
 * quotes, in document then span order; rendered as JSON Lines and read
 * back, it gives the same claims again; a refused text leaves the set
 * empty. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *render(const rk_report *rep, const char *format, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f)
        abort();
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_renderer_find(format)->render(rep, f, &e);
    fclose(f);
    FUZZ_CHECK(st == RK_OK);
    return buf;
}

static void check_set(const rk_claimset *set)
{
    for (size_t i = 0; i < set->n; i++) {
        const rk_claim *c = &set->claims[i];
        FUZZ_CHECK(c->document < set->docs.n);
        const rk_document *d = set->docs.docs[c->document];
        FUZZ_CHECK(c->sentence_start <= c->start && c->start <= c->end &&
                   c->end <= c->sentence_end && c->sentence_end <= d->body_len);
        FUZZ_CHECK(memcmp(c->text, d->body + c->start, c->end - c->start) == 0);
        FUZZ_CHECK(d->body[d->body_len] == '\0');
        if (i) {
            const rk_claim *p = &set->claims[i - 1];
            FUZZ_CHECK(p->document < c->document ||
                       (p->document == c->document && p->start <= c->start));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rk_claimfile *cf = NULL, *cf2 = NULL;
    rk_claimset set = {0}, again = {0};
    rk_error e;
    rk_error_clear(&e);
    if (rk_claimfile_new(&cf, &e) != RK_OK)
        abort();
    rk_status st = rk_claimfile_read(cf, "fuzz.jsonl", (const char *)data, size, &set, &e);
    if (st != RK_OK) {
        FUZZ_CHECK(set.n == 0 && set.docs.n == 0 && e.message[0] != '\0');
        goto done;
    }
    check_set(&set);
    rk_reconciliation *rec = NULL;
    if (rk_reconcile(&set, fuzz_rules(), &rec, &e) == RK_OK) {
        rk_report rep = {.set = &set, .rec = rec};
        size_t n = 0;
        free(render(&rep, "json", &n));
        rk_reconciliation_free(rec);
    }
    rk_report claims_only = {.set = &set};
    size_t n1 = 0, n2 = 0, n3 = 0;
    char *jsonl = render(&claims_only, "jsonl", &n1);
    char *json = render(&claims_only, "json", &n2);
    if (rk_claimfile_new(&cf2, &e) != RK_OK)
        abort();
    st = rk_claimfile_read(cf2, "again.jsonl", jsonl, n1, &again, &e);
    FUZZ_CHECK(st == RK_OK);
    rk_report back = {.set = &again};
    char *json2 = render(&back, "json", &n3);
    FUZZ_CHECK(n2 == n3 && memcmp(json, json2, n2) == 0);
    free(jsonl);
    free(json);
    free(json2);
done:
    rk_claimset_clear(&set);
    rk_claimset_clear(&again);
    rk_claimfile_free(cf);
    rk_claimfile_free(cf2);
    return 0;
}
