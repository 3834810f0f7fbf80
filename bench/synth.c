/* synth.c - builds synthetic claim sets (see synth.h). */
#include "synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const quantities[] = {"deaths", "injured", "detained", "troops"};
static const char *const subjects[] = {NULL, "security_forces", "protesters", "civilians"};
static const char *const scopes[] = {NULL, "almaty", "airport"};

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* One document whose body is "V killed. " for each of its claims' values;
 * the values are chosen here so that the claims can point into the body. */
static rk_document *make_doc(size_t index, size_t n_claims, double *values, uint64_t *rng)
{
    rk_document *d = calloc(1, sizeof *d);
    rk_buf body = RK_BUF_INIT;
    char id[32];
    if (!d)
        return NULL;
    snprintf(id, sizeof id, "synth_%06zu", index);
    d->id = rk_strdup(id);
    d->path = rk_strdup(id);
    d->format = RK_FORMAT_TEXT;
    d->language.value = rk_strdup("en");
    d->language.origin = RK_ORIGIN_GIVEN;
    for (size_t i = 0; i < n_claims; i++) {
        /* Mostly close figures, some far apart, so groups see agreement,
         * overlap and contradiction. */
        uint64_t r = next(rng);
        values[i] = r % 10 == 0 ? (double)(r % 100000) : (double)(150 + r % 40);
        rk_buf_printf(&body, "%.0f killed. ", values[i]);
    }
    d->body = rk_buf_detach(&body, &d->body_len);
    d->body_file_offset = 0;
    if (!d->id || !d->path || !d->language.value || !d->body) {
        rk_document_free(d);
        return NULL;
    }
    return d;
}

static int add_claim(rk_claimset *set, const rk_document *d, size_t doc, size_t *pos,
                     double v, int one_quantity, uint64_t *rng)
{
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        rk_claim *p = realloc(set->claims, cap * sizeof *p);
        if (!p)
            return -1;
        set->claims = p;
        set->cap = cap;
    }
    rk_claim *c = &set->claims[set->n];
    memset(c, 0, sizeof *c);
    char buf[96];
    size_t len = (size_t)snprintf(buf, sizeof buf, "%.0f", v);
    uint64_t r = next(rng);
    c->document = doc;
    c->start = *pos;
    c->end = *pos + len;
    *pos += len + strlen(" killed. ");
    c->low = c->high = v;
    c->has_low = c->has_high = 1;
    c->exactness = r % 7 == 0 ? RK_EXACTNESS_AT_LEAST : RK_EXACTNESS_EXACT;
    c->kind = RK_KIND_COUNT;
    c->quantity = one_quantity ? "deaths" : quantities[r % 4];
    c->subject = one_quantity ? NULL : subjects[(r >> 8) % 4];
    c->scope = one_quantity ? NULL : scopes[(r >> 16) % 3];
    c->rule = "synthetic";
    c->sentence_start = c->start;
    c->sentence_end = *pos - 1;
    c->sentence = (uint32_t)(set->n % 100000);
    snprintf(buf, sizeof buf, "%s:%zu-%zu", d->id, c->start, c->end);
    c->id = rk_strdup(buf);
    c->text = rk_strndup(d->body + c->start, len);
    snprintf(buf, sizeof buf, "Speaker %u", (unsigned)((r >> 24) % 300));
    c->speaker = r % 5 ? rk_strdup(buf) : NULL;
    snprintf(buf, sizeof buf, "2022-01-%02u", (unsigned)(2 + (r >> 40) % 9));
    c->as_of = rk_strdup(buf);
    set->n++;
    return c->id && c->text && c->as_of && (c->speaker || r % 5 == 0) ? 0 : -1;
}

int synth_claims(rk_claimset *set, size_t n, size_t n_docs, int one_quantity, uint64_t seed)
{
    uint64_t rng = seed;
    if (n_docs == 0)
        n_docs = 1;
    double *values = malloc((n / n_docs + 1) * sizeof *values);
    if (!values)
        return -1;
    int rc = 0;
    for (size_t doc = 0; rc == 0 && doc < n_docs; doc++) {
        size_t here = n / n_docs + (doc < n % n_docs);
        rk_document *d = make_doc(doc, here, values, &rng);
        if (!d || rk_doclist_push(&set->docs, d) < 0) {
            rk_document_free(d);
            rc = -1;
            break;
        }
        size_t pos = 0;
        for (size_t i = 0; rc == 0 && i < here; i++)
            rc = add_claim(set, d, set->docs.n - 1, &pos, values[i], one_quantity, &rng);
    }
    free(values);
    return rc;
}
