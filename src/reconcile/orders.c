/* orders.c - the orders a group's claims are sorted in. A group can hold a
 * million claims: comparing through pointers into the claim facts reads
 * memory all over at every comparison, so each sort first copies the
 * fields it compares next to the pointer, sorts those keys (one merge sort,
 * reading memory in order) and writes the pointers back; an order by
 * document sorts each document's claims alone when they come in document
 * order, and the order by source and date is a counting sort when it can
 * be. Every order ends on the claim's place in the claim array, so it is
 * total and its result does not depend on the sort. */
#include "internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(double a, double b)
{
    return (a > b) - (a < b);
}

static int cmp_u64(uint64_t a, uint64_t b)
{
    return (a > b) - (a < b);
}

static int cmp_ptr(const rk_cinfo *a, const rk_cinfo *b)
{
    return (a > b) - (a < b);
}

/* Defines `static void name(T *b, size_t n, T *tmp)`: sorts b[0..n) by
 * cmp(const T *, const T *) with room for n keys in tmp. It is the merge
 * sort of the C library's qsort (halves, the left one first on ties), so
 * that it makes the same comparisons. */
#define MERGE_SORT(name, T, cmp)                                                   \
    static void name(T *b, size_t n, T *tmp)                                       \
    {                                                                              \
        if (n <= 1)                                                                \
            return;                                                                \
        size_t n1 = n / 2, n2 = n - n1;                                            \
        T *b1 = b, *b2 = b + n1, *o = tmp;                                         \
        name(b1, n1, tmp);                                                         \
        name(b2, n2, tmp);                                                         \
        while (n1 > 0 && n2 > 0) {                                                 \
            if (cmp(b1, b2) <= 0) {                                                \
                *o++ = *b1++;                                                      \
                n1--;                                                              \
            } else {                                                               \
                *o++ = *b2++;                                                      \
                n2--;                                                              \
            }                                                                      \
        }                                                                          \
        if (n1 > 0)                                                                \
            memcpy(o, b1, n1 * sizeof *o);                                         \
        memcpy(b, tmp, (n - n2) * sizeof *b);                                      \
    }

/* Defines sort_<name>(x, P, n): fills a key of type T for each claim c
 * (the rest of the arguments: T's fields, read from c), sorts the keys,
 * writes P back. */
#define ORDER(name, T, ...)                                                        \
    static_assert(sizeof(T) <= RK_ORDER_KEY_BYTES, "key too large");               \
    MERGE_SORT(msort_##name, T, cmp_##name)                                        \
    static void sort_##name(rk_recon *x, rk_cinfo **P, size_t n)                   \
    {                                                                              \
        T *k = x->order_keys, *tmp = x->order_tmp;                                 \
        for (size_t i = 0; i < n; i++) {                                           \
            rk_cinfo *c = P[i];                                                    \
            k[i] = (T){__VA_ARGS__};                                               \
        }                                                                          \
        msort_##name(k, n, tmp);                                                   \
        for (size_t i = 0; i < n; i++)                                             \
            P[i] = k[i].p;                                                         \
    }

/* By source, then date. */
typedef struct {
    uint64_t source_date; /* source id, then date rank */
    rk_cinfo *p;
} source_date_key;

static int cmp_source_date(const source_date_key *a, const source_date_key *b)
{
    int c = cmp_u64(a->source_date, b->source_date);
    return c ? c : cmp_ptr(a->p, b->p);
}

ORDER(source_date, source_date_key, (uint64_t)c->src << 32 | c->drank, c)

/* By date (undated first), then figure. */
typedef struct {
    double rlo, rhi;
    uint32_t drank;
    rk_cinfo *p;
} date_value_key;

static int cmp_date_value(const date_value_key *a, const date_value_key *b)
{
    int c = (a->drank > b->drank) - (a->drank < b->drank);
    if (!c)
        c = cmp_double(a->rlo, b->rlo);
    if (!c)
        c = cmp_double(a->rhi, b->rhi);
    return c ? c : cmp_ptr(a->p, b->p);
}

ORDER(date_value, date_value_key, c->rlo, c->rhi, c->drank, c)

/* By figure, then source. */
typedef struct {
    double rlo, rhi;
    uint32_t src;
    rk_cinfo *p;
} figure_source_key;

static int cmp_figure_source(const figure_source_key *a, const figure_source_key *b)
{
    int c = cmp_double(a->rlo, b->rlo);
    if (!c)
        c = cmp_double(a->rhi, b->rhi);
    if (!c)
        c = (a->src > b->src) - (a->src < b->src);
    return c ? c : cmp_ptr(a->p, b->p);
}

ORDER(figure_source, figure_source_key, c->rlo, c->rhi, c->src, c)

/* By document, sentence and source, the largest figure first. */
typedef struct {
    size_t doc, sentence;
    double point;
    uint32_t src;
    rk_cinfo *p;
} sentence_figure_key;

static int cmp_sentence_figure(const sentence_figure_key *a, const sentence_figure_key *b)
{
    int c = (a->doc > b->doc) - (a->doc < b->doc);
    if (!c)
        c = (a->sentence > b->sentence) - (a->sentence < b->sentence);
    if (!c)
        c = (a->src > b->src) - (a->src < b->src);
    if (!c)
        c = cmp_double(b->point, a->point);
    return c ? c : cmp_ptr(a->p, b->p);
}

ORDER(sentence_figure, sentence_figure_key, c->document, c->sentence_start, c->point,
      c->src, c)

/* By stated figure. */
typedef struct {
    double rlo, rhi;
    rk_cinfo *p;
} figure_key;

static int cmp_figure(const figure_key *a, const figure_key *b)
{
    int c = cmp_double(a->rlo, b->rlo);
    if (!c)
        c = cmp_double(a->rhi, b->rhi);
    return c ? c : cmp_ptr(a->p, b->p);
}

ORDER(figure, figure_key, c->rlo, c->rhi, c)

/* By document, then stated low. */
typedef struct {
    size_t doc;
    double rlo;
    rk_cinfo *p;
} doc_low_key;

static int cmp_doc_low(const doc_low_key *a, const doc_low_key *b)
{
    int c = (a->doc > b->doc) - (a->doc < b->doc);
    if (!c)
        c = cmp_double(a->rlo, b->rlo);
    return c ? c : cmp_ptr(a->p, b->p);
}

ORDER(doc_low, doc_low_key, c->document, c->rlo, c)

/* By the start of the period, undated first. */
typedef struct {
    uint8_t has_period;
    int32_t dlo;
    rk_cinfo *p;
} period_start_key;

static int cmp_period_start(const period_start_key *a, const period_start_key *b)
{
    if (a->has_period != b->has_period)
        return (int)a->has_period - (int)b->has_period;
    int c = (a->dlo > b->dlo) - (a->dlo < b->dlo);
    return c ? c : cmp_ptr(a->p, b->p);
}

ORDER(period_start, period_start_key, c->has_period, c->dlo, c)

/* ---- the orders --------------------------------------------------------- */

/* 1 when P[0..n) is in claim order, as a group's members are. */
static int in_claim_order(rk_cinfo **P, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (P[i] <= P[i - 1])
            return 0;
    return 1;
}

/* One pass of a counting sort of src[0..n) into dst by key(c) < k: stable,
 * so that claims equal by the key keep the order they came in. */
static int count_pass(rk_cinfo **src, rk_cinfo **dst, size_t n, size_t k, int by_source)
{
    size_t *at = calloc(k + 1, sizeof *at);
    if (!at)
        return -1;
    for (size_t i = 0; i < n; i++)
        at[(by_source ? src[i]->src : src[i]->drank) + 1]++;
    for (size_t b = 0; b < k; b++)
        at[b + 1] += at[b];
    for (size_t i = 0; i < n; i++)
        dst[at[by_source ? src[i]->src : src[i]->drank]++] = src[i];
    free(at);
    return 0;
}

/* By source and date as two counting sorts (date, then source, each
 * stable), when there are not many more source ids than claims: claims in
 * claim order stay so within each (source, date), the order's last key.
 * 1 when done, 0 when the merge sort is to do it. */
static int count_source_date(rk_recon *x, rk_cinfo **P, size_t n)
{
    if (n < 64 || x->n_sources > 4 * n || x->n_dates > 4 * n || !in_claim_order(P, n))
        return 0;
    rk_cinfo **tmp = x->order_tmp; /* room for n keys of 8 bytes or more */
    if (count_pass(P, tmp, n, x->n_dates + 1, 0) < 0 ||
        count_pass(tmp, P, n, x->n_sources, 1) < 0)
        return 0;
    return 1;
}

void rk_order_source_date(rk_recon *x, rk_cinfo **P, size_t n)
{
    if (!count_source_date(x, P, n))
        sort_source_date(x, P, n);
}

/* For an order that starts with the document: when P's documents are
 * already in order (a group's members are in claim order, and claims in
 * document order), each document's run is sorted on its own, a few claims
 * each; else the whole. */
static void by_document(rk_recon *x, rk_cinfo **P, size_t n,
                        void (*sort)(rk_recon *, rk_cinfo **, size_t))
{
    for (size_t i = 1; i < n; i++)
        if (P[i]->document < P[i - 1]->document) {
            sort(x, P, n);
            return;
        }
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && P[j]->document == P[i]->document)
            j++;
        if (j - i > 1)
            sort(x, P + i, j - i);
        i = j;
    }
}

void rk_order_sentence_figure(rk_recon *x, rk_cinfo **P, size_t n)
{
    by_document(x, P, n, sort_sentence_figure);
}

void rk_order_doc_low(rk_recon *x, rk_cinfo **P, size_t n)
{
    by_document(x, P, n, sort_doc_low);
}

void rk_order_date_value(rk_recon *x, rk_cinfo **P, size_t n)
{
    sort_date_value(x, P, n);
}

void rk_order_figure_source(rk_recon *x, rk_cinfo **P, size_t n)
{
    sort_figure_source(x, P, n);
}

void rk_order_figure(rk_recon *x, rk_cinfo **P, size_t n)
{
    sort_figure(x, P, n);
}

void rk_order_period_start(rk_recon *x, rk_cinfo **P, size_t n)
{
    sort_period_start(x, P, n);
}
