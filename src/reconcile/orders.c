/* orders.c - the orders a group's claims are sorted in. A group can hold a
 * million claims: comparing through pointers into the claim facts reads
 * memory all over at every comparison, so each sort first copies the
 * fields it compares next to the pointer, sorts those keys (one merge sort,
 * reading memory in order) and writes the pointers back. Every order ends
 * on the claim's place in the claim array, so it is total and its result
 * does not depend on the sort. */
#include "internal.h"

#include <assert.h>
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

/* Defines rk_order_<name>(x, P, n): fills a key of type T for each claim c
 * (the rest of the arguments: T's fields, read from c), sorts the keys,
 * writes P back. */
#define ORDER(name, T, ...)                                                        \
    static_assert(sizeof(T) <= RK_ORDER_KEY_BYTES, "key too large");               \
    MERGE_SORT(sort_##name, T, cmp_##name)                                         \
    void rk_order_##name(rk_recon *x, rk_cinfo **P, size_t n)                      \
    {                                                                              \
        T *k = x->order_keys, *tmp = x->order_tmp;                                 \
        for (size_t i = 0; i < n; i++) {                                           \
            rk_cinfo *c = P[i];                                                    \
            k[i] = (T){__VA_ARGS__};                                               \
        }                                                                          \
        sort_##name(k, n, tmp);                                                    \
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

ORDER(sentence_figure, sentence_figure_key, c->cl->document, c->cl->sentence_start, c->point,
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

ORDER(doc_low, doc_low_key, c->cl->document, c->rlo, c)

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
