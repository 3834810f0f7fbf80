/* reconcile.c - groups claims about the same quantity, subject and scope by
 * sorting on that key, then hands each group to the verdict step and links
 * narrower groups to the wider ones they are part of. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"

/* An array of n items of size bytes that is written once through (the
 * claims' facts, a group's sort keys, the links): large ones are asked for
 * in huge pages (rk_alloc_huge). zero: cleared. NULL on out of memory or
 * overflow. */
static void *big_array(size_t n, size_t size, int zero)
{
    if (!n)
        n = 1;
    if (n > SIZE_MAX / size)
        return NULL;
    void *p = zero ? calloc(n, size) : malloc(n * size);
    rk_alloc_huge(p, n * size);
    return p;
}

/* ---- per-claim facts ---------------------------------------------------- */

static const rk_document *claim_doc(const rk_claimset *set, const rk_claim *c)
{
    return c->document < set->docs.n ? set->docs.docs[c->document] : NULL;
}

/* The place of v's last non-zero digit: 700 -> 100, 750 -> 10, 4.5 -> 0.1;
 * infinity for 0 or a bound that is not finite (no cap). */
static double rounding_unit(double v)
{
    v = fabs(v);
    if (!isfinite(v) || v == 0)
        return INFINITY;
    double u = pow(10, floor(log10(v)));
    for (int i = 0; i < 15 && fabs(v / u - round(v / u)) > 1e-9; i++)
        u /= 10;
    return u;
}

static void claim_interval(rk_cinfo *k, const rk_claim *c, double tol)
{
    double lo = c->has_low ? c->low : c->has_high ? c->high : -INFINITY;
    double hi = c->has_high ? c->high : c->has_low ? c->low : INFINITY;
    k->bounded = c->has_low || c->has_high;
    k->precision = 0;
    switch ((rk_exactness)c->exactness) {
    case RK_EXACTNESS_MORE_THAN:
    case RK_EXACTNESS_AT_LEAST:
        hi = INFINITY;
        k->precision = 3;
        break;
    case RK_EXACTNESS_LESS_THAN:
    case RK_EXACTNESS_AT_MOST:
        /* Counts and measures are not negative: "fewer than 6" is [0, 6]. */
        lo = c->has_low && c->has_high ? c->low : hi >= 0 ? 0 : -INFINITY;
        k->precision = 3;
        break;
    case RK_EXACTNESS_APPROX:
        k->precision = 1;
        break;
    case RK_EXACTNESS_RANGE:
        k->precision = 2;
        break;
    case RK_EXACTNESS_VAGUE:
        k->precision = 4;
        break;
    default:
        break;
    }
    /* A NaN bound would break every ordering below: treat it as no bound. */
    if (isnan(lo) || isnan(hi)) {
        lo = -INFINITY;
        hi = INFINITY;
        k->bounded = 0;
    }
    k->rlo = lo;
    k->rhi = hi;
    k->lo = lo;
    k->hi = hi;
    if (c->exactness == RK_EXACTNESS_APPROX) {
        /* the policy's share, but no wider than the rounding the figure
         * shows: "about 700" is 660 to 740, not "around 800"'s 760 */
        k->lo = lo - fmin(tol * fabs(lo), 0.4 * rounding_unit(lo));
        k->hi = hi + fmin(tol * fabs(hi), 0.4 * rounding_unit(hi));
    }
    if (c->exactness == RK_EXACTNESS_LESS_THAN || c->exactness == RK_EXACTNESS_AT_MOST)
        k->point = hi;
    else if (c->exactness == RK_EXACTNESS_RANGE)
        k->point = lo / 2 + hi / 2;
    else
        k->point = isfinite(lo) ? lo : hi;
}

/* Days since 1970-01-01 of "YYYY-MM-DD...", or INT32_MIN. */
static int32_t days_of(const char *s)
{
    if (!s)
        return INT32_MIN;
    int y, m, d;
    for (int i = 0; i < 10; i++)
        if (!s[i] || (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')))
            return INT32_MIN;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return INT32_MIN;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The year of a day number (days since 1970-01-01). */
static int year_of(int32_t z)
{
    z += 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    return (int)(yoe + era * 400 + (mp >= 10));
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* "--MM-DD" (a day and month, no year) in the year that puts it nearest a
 * dated article of the corpus (dated: sorted day numbers), within two
 * months of one, into out as "YYYY-MM-DD"; 0 when none does. */
static int partial_date(const int32_t *dated, size_t n, const char *p, char out[11])
{
    if (!n || !p || p[0] != '-' || p[1] != '-' || strlen(p) != 7)
        return 0;
    char buf[16];
    int best_y = 0;
    int32_t best = INT32_MAX;
    /* the years the dated articles span, and one either side */
    for (int yy = year_of(dated[0]) - 1; yy <= year_of(dated[n - 1]) + 1; yy++) {
        snprintf(buf, sizeof buf, "%04d%s", yy, p + 1);
        int32_t d = days_of(buf);
        for (size_t j = 0; d != INT32_MIN && j < n; j++) {
            int32_t gap = d > dated[j] ? d - dated[j] : dated[j] - d;
            if (gap < best) {
                best = gap;
                best_y = yy;
            }
        }
    }
    if (!best_y || best > 62)
        return 0;
    snprintf(out, 11, "%04d%s", best_y, p + 1);
    return 1;
}

static int is_partial(const char *p)
{
    return p && p[0] == '-' && p[1] == '-';
}

/* Articles dated by day and month only ("БЕЙРУТ, 11 августа. /ТАСС/.":
 * "--08-11"), and figures dated so ("as of 13 June" in an undated article),
 * take the corpus's year (partial_date): x->doc_dates and x->claim_dates
 * get "YYYY-MM-DD", or "" where no year fits. -1 when out of memory. */
static int corpus_years(rk_recon *x)
{
    const rk_doclist *docs = &x->set->docs;
    size_t n = 0, pdocs = 0, pclaims = 0;
    for (size_t i = 0; i < docs->n; i++)
        pdocs += docs->docs[i] && is_partial(docs->docs[i]->published.value);
    for (size_t i = 0; i < x->set->n; i++) {
        const rk_claim *c = &x->set->claims[i];
        pclaims += is_partial(c->as_of) || is_partial(c->as_of_from);
    }
    if (!pdocs && !pclaims)
        return 0;
    int32_t *dated = malloc((docs->n + x->set->n) * sizeof *dated);
    if (pdocs)
        x->doc_dates = calloc(docs->n, sizeof *x->doc_dates);
    if (pclaims)
        x->claim_dates = calloc(2 * x->set->n, sizeof *x->claim_dates);
    if (!dated || (pdocs && !x->doc_dates) || (pclaims && !x->claim_dates)) {
        free(dated);
        return -1;
    }
    /* the corpus's days: its articles' dates, and its figures' own */
    for (size_t i = 0; i < docs->n; i++) {
        int32_t d = docs->docs[i] ? days_of(docs->docs[i]->published.value) : INT32_MIN;
        if (d != INT32_MIN)
            dated[n++] = d;
    }
    qsort(dated, n, sizeof *dated, cmp_i32);
    for (size_t i = 0; pdocs && i < docs->n; i++)
        if (docs->docs[i])
            partial_date(dated, n, docs->docs[i]->published.value, x->doc_dates[i]);
    for (size_t i = 0; pclaims && i < x->set->n; i++) {
        const rk_claim *c = &x->set->claims[i];
        partial_date(dated, n, c->as_of, x->claim_dates[2 * i]);
        partial_date(dated, n, c->as_of_from, x->claim_dates[2 * i + 1]);
    }
    free(dated);
    return 0;
}

/* The period the claim's figure holds for: its own date (or range), else
 * its article's publication date as an upper bound ("as of 10 Jan or
 * earlier", read as that day when figures are ordered), an "earlier"
 * figure before either. */
static void claim_period(const rk_recon *x, rk_cinfo *k, const rk_claim *c)
{
    const rk_document *doc = claim_doc(x->set, c);
    size_t ci = (size_t)(c - x->set->claims);
    int32_t own = days_of(x->claim_dates && x->claim_dates[2 * ci][0] ? x->claim_dates[2 * ci]
                                                                      : c->as_of);
    int32_t from = days_of(x->claim_dates && x->claim_dates[2 * ci + 1][0]
                               ? x->claim_dates[2 * ci + 1]
                               : c->as_of_from);
    int32_t pub = doc ? days_of(doc->published.value) : INT32_MIN;
    if (pub == INT32_MIN && x->doc_dates) /* "--08-11" in the corpus's year */
        pub = days_of(x->doc_dates[c->document]);
    k->has_period = 0;
    k->by_published = 0;
    if (own != INT32_MIN) {
        k->dlo = from != INT32_MIN && from <= own ? from : own;
        k->dhi = own;
        k->has_period = 1;
    } else if (pub != INT32_MIN) {
        k->dlo = k->dhi = pub;
        k->has_period = 1;
        k->by_published = 1;
    }
    if (c->earlier && k->has_period) {
        k->dhi = k->dlo - 1;
        k->dlo = INT32_MIN / 2;
    }
}

/* The claim's date: its as_of, else its document's published date (no
 * more than the first 10 bytes, the day), into *date and *len; NULL when
 * undated. */
static void claim_date(const rk_recon *x, const rk_claim *c, const char **date, size_t *len)
{
    size_t ci = (size_t)(c - x->set->claims);
    const char *d = x->claim_dates && x->claim_dates[2 * ci][0] ? x->claim_dates[2 * ci]
                    : c->as_of && *c->as_of && !is_partial(c->as_of) ? c->as_of
                                                                     : NULL;
    if (!d && x->doc_dates && x->doc_dates[c->document][0])
        d = x->doc_dates[c->document];
    if (!d) {
        const rk_document *doc = claim_doc(x->set, c);
        if (doc && doc->published.value && *doc->published.value)
            d = doc->published.value;
    }
    *date = d;
    *len = 0;
    while (d && *len < 10 && d[*len])
        ++*len;
}

/* What fill_cinfo() keeps while it walks the claims. */
typedef struct walk {
    rk_strtab keys;      /* normalised sources -> their source ids */
    rk_strtab spoken;    /* a speaker or outlet as written -> its source id,
                            plus 1 << 32 when an <official> cue names it:
                            each name is normalised and matched once, not
                            once per claim */
    rk_strtab dates;     /* the claims' date strings -> numbers, in order
                            of first use (rank_dates) */
    rk_buf tmp;
    const char *q;       /* the quantity looked up last, and its policy */
    const rk_qpolicy *qp;
    const char *kind;    /* the originator kind ranked last, and its rank */
    int kind_rank, have_kind;
    int gov_rank;        /* the rank of "government" */
} walk;

/* The source id of key[0..len): a new one for a source not seen before. */
static int source_id(walk *w, const char *key, size_t len, uint32_t *src)
{
    int added;
    uint64_t *v = rk_strtab_at(&w->keys, key, len, &added);
    if (!v)
        return -1;
    if (added)
        *v = w->keys.n - 1;
    *src = (uint32_t)*v;
    return 0;
}

/* The source id of a speaker or outlet as written, and in *official
 * whether an <official> cue names it. */
static int spoken_id(rk_recon *x, walk *w, const char *who, uint32_t *src, int *official)
{
    int added;
    uint64_t *v = rk_strtab_at(&w->spoken, who, strlen(who), &added);
    if (!v)
        return -1;
    if (added) {
        char *key = rk_policy_normalise(x->pol, who);
        uint32_t id;
        if (!key || source_id(w, key, strlen(key), &id) < 0) {
            free(key);
            return -1;
        }
        *v = id | (uint64_t)(rk_policy_is_official(x->pol, key) != 0) << 32;
        free(key);
    }
    *src = (uint32_t)*v;
    *official = (int)(*v >> 32);
    return 0;
}

/* The independent source of a claim: the originator the rules name, else
 * its speaker, else the outlet that published it, else the document
 * itself. Relays (via) do not count. */
static rk_status claim_source(rk_recon *x, walk *w, rk_cinfo *k, rk_error *err)
{
    const rk_claim *c = k->cl;
    const rk_document *doc = claim_doc(x->set, c);
    const char *who = c->speaker && *c->speaker ? c->speaker
                      : doc && doc->source.value && *doc->source.value ? doc->source.value
                                                                        : NULL;
    int rc;
    /* rank in the authority order; a kind it does not name, last */
    if (!w->have_kind || c->originator_kind != w->kind) {
        w->kind = c->originator_kind;
        w->kind_rank = rk_policy_authority(x->pol, c->originator_kind);
        w->have_kind = 1;
    }
    int rank = w->kind_rank;
    k->authority = rank < (int)x->pol->nauthority ? (uint8_t)rank : UINT8_MAX;
    if (c->originator) {
        /* U+001E keeps rule ids apart from any speaker's words */
        w->tmp.len = 0;
        rc = rk_buf_putc(&w->tmp, '\x1e') < 0 || rk_buf_puts(&w->tmp, c->originator) < 0 ||
             source_id(w, w->tmp.data, w->tmp.len, &k->src) < 0;
        k->named = 1;
        k->official = k->authority != UINT8_MAX;
    } else if (who) {
        int official;
        rc = spoken_id(x, w, who, &k->src, &official) < 0;
        k->named = 1;
        k->official = !rc && c->speaker && *c->speaker && official;
        if (k->official) {
            /* a speaker an <official> cue names, without an originator
             * rule: ranked as a government, or after every kind named */
            k->authority = (uint8_t)(w->gov_rank < 254 ? w->gov_rank : 254);
        }
    } else {
        /* U+001F keeps document ids apart from any speaker's name. */
        w->tmp.len = 0;
        rc = rk_buf_putc(&w->tmp, '\x1f') < 0 ||
             rk_buf_puts(&w->tmp, doc && doc->id ? doc->id : "") < 0 ||
             source_id(w, w->tmp.data, w->tmp.len, &k->src) < 0;
        k->named = 0;
        k->official = 0;
    }
    if (rc)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

/* A claim without a subject says "how many" but not "of what": the policy
 * decides whether such claims form a group of their own, stay out of every
 * group, or count towards a named subject (an event's toll: "people"). */
static void claim_subject(rk_cinfo *k, const rk_claim *c, const rk_qpolicy *qp,
                          const rk_policy *pol)
{
    k->apart = 0;
    k->subject = rk_policy_group_subject(pol, c->subject);
    /* 2: an addition to the total ("another 12"), never the total itself;
     * 1: a feared figure, where the policy keeps those apart */
    k->hedged_apart = c->increment ? 2 : qp->hedged_apart && c->hedged;
    if (c->subject)
        return;
    if (qp->unknown_subject == rk_unknown_apart)
        k->apart = 1;
    else if (qp->unknown_subject != rk_unknown_together)
        k->subject = qp->unknown_subject;
}

/* The claim's date and period, and its date numbered for rank_dates(). */
static int claim_dates(rk_recon *x, walk *w, rk_cinfo *k, const rk_claim *c)
{
    const char *date;
    size_t len;
    claim_date(x, c, &date, &len);
    claim_period(x, k, c);
    k->drank = 0;
    if (!date)
        return 0;
    int added;
    uint64_t *v = rk_strtab_at(&w->dates, date, len, &added);
    if (!v)
        return -1;
    if (added)
        *v = w->dates.n - 1;
    k->drank = (uint32_t)*v + 1;
    return 0;
}

/* Byte by byte, a prefix first: the order dates compare in. */
static int cmp_date_slot(const void *pa, const void *pb)
{
    const rk_strslot *a = *(const rk_strslot *const *)pa, *b = *(const rk_strslot *const *)pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->key, b->key, n);
    return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* Turns each claim's date number into the rank of its date among the
 * distinct dates, so that dates compare as two integers. */
static int rank_dates(rk_recon *x, walk *w)
{
    size_t n = w->dates.n;
    if (!n)
        return 0;
    rk_strslot **v = malloc(n * sizeof *v);
    uint32_t *rank = malloc(n * sizeof *rank);
    if (!v || !rank) {
        free(v);
        free(rank);
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < w->dates.cap; i++)
        if (w->dates.slots[i].key)
            v[k++] = &w->dates.slots[i];
    qsort(v, n, sizeof *v, cmp_date_slot);
    for (size_t i = 0; i < n; i++)
        rank[v[i]->val] = (uint32_t)i + 1;
    for (size_t i = 0; i < x->set->n; i++)
        if (x->ci[i].drank)
            x->ci[i].drank = rank[x->ci[i].drank - 1];
    free(v);
    free(rank);
    return 0;
}

/* The claim's own fields a group's steps read, copied (see rk_cinfo). */
static void claim_copy(rk_cinfo *k, const rk_claim *c)
{
    k->status = k->cstatus = c->status;
    k->document = c->document;
    k->sentence_start = c->sentence_start;
    k->sentence_end = c->sentence_end;
    k->exactness = c->exactness;
    k->hedged = c->hedged;
    k->earlier = c->earlier;
    k->has_speaker = c->speaker != NULL;
}

enum { CLAIMS_AHEAD = 24 };

static rk_status fill_cinfo(rk_recon *x, rk_error *err)
{
    walk w = {.gov_rank = rk_policy_authority(x->pol, "government")};
    rk_status st = RK_OK;
    const rk_doclist *docs = &x->set->docs;
    /* Partial dates ("--08-11") need the corpus's years first, which few
     * corpora have: the claims are read once as if none were partial, and
     * their dates again when one is. */
    int partial = 0, reread = 0;
    for (size_t i = 0; i < docs->n && !partial; i++)
        partial = docs->docs[i] && is_partial(docs->docs[i]->published.value);
    if (partial && corpus_years(x) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < x->set->n; i++) {
        const rk_claim *c = &x->set->claims[i];
        rk_cinfo *k = &x->ci[i];
#if defined(__GNUC__)
        /* a claim is 200 bytes, and the hardware does not fetch across
         * pages by itself: ask for one a few claims ahead */
        if (i + CLAIMS_AHEAD < x->set->n)
            for (size_t b = 0; b < sizeof *c; b += 64)
                __builtin_prefetch((const char *)(c + CLAIMS_AHEAD) + b);
#endif
        k->cl = c;
        reread |= !partial && (is_partial(c->as_of) || is_partial(c->as_of_from));
        if (!c->quantity)
            continue;
        if (!w.qp || c->quantity != w.q) {
            w.q = c->quantity;
            w.qp = rk_policy_quantity(x->pol, c->quantity);
        }
        claim_interval(k, c, w.qp->tolerance);
        claim_subject(k, c, w.qp, x->pol);
        claim_copy(k, c);
        if (claim_dates(x, &w, k, c) < 0) {
            st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        if ((st = claim_source(x, &w, k, err)) != RK_OK)
            break;
    }
    if (st == RK_OK && reread) {
        rk_strtab_free(&w.dates);
        if (corpus_years(x) < 0)
            st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        for (size_t i = 0; st == RK_OK && i < x->set->n; i++)
            if (x->set->claims[i].quantity &&
                claim_dates(x, &w, &x->ci[i], &x->set->claims[i]) < 0)
                st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (st == RK_OK && rank_dates(x, &w) < 0)
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    x->n_sources = w.keys.n;
    x->n_dates = w.dates.n;
    rk_strtab_free(&w.keys);
    rk_strtab_free(&w.spoken);
    rk_strtab_free(&w.dates);
    rk_buf_free(&w.tmp);
    return st;
}

/* ---- grouping ----------------------------------------------------------- */

static int cmp_nullstr(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (!a || !b)
        return a ? 1 : -1;
    return strcmp(a, b);
}

/* The order of two claims' group keys: quantity, subject, scope, then
 * hedged apart or not. */
static int cmp_key(const rk_cinfo *a, const rk_cinfo *b)
{
    int c = strcmp(a->cl->quantity, b->cl->quantity);
    if (!c)
        c = cmp_nullstr(a->subject, b->subject);
    if (!c)
        c = cmp_nullstr(a->cl->scope, b->cl->scope);
    if (!c)
        c = (int)a->hedged_apart - (int)b->hedged_apart;
    return c;
}

/* A key's first claim, and the key's number. */
typedef struct key_first {
    const rk_cinfo *first;
    uint32_t id;
} key_first;

static int cmp_key_first(const void *pa, const void *pb)
{
    return cmp_key(((const key_first *)pa)->first, ((const key_first *)pb)->first);
}

/* The bytes a key is interned by: each string with a byte before it that
 * says whether it is there, and its NUL, so that no two keys share them. */
static int key_bytes(rk_buf *b, const rk_cinfo *k)
{
    const char *parts[] = {k->cl->quantity, k->subject, k->cl->scope};
    b->len = 0;
    for (size_t i = 0; i < 3; i++) {
        const char *s = parts[i];
        if (rk_buf_putc(b, s ? 1 : 0) < 0 || (s && rk_buf_append(b, s, strlen(s) + 1) < 0))
            return -1;
    }
    return rk_buf_putc(b, (char)k->hedged_apart);
}

/* The last key seen at a place of a small table by its strings' addresses:
 * claims share the rules' strings, so most keys are found without reading
 * a byte of them. */
typedef struct key_hit {
    const char *q, *subject, *scope;
    int hedged;
    uint32_t id;
} key_hit;

enum { KEY_HITS = 64 };

/* Numbers each grouped claim's key in id (UINT32_MAX for the others) and
 * fills *first with the first claim of each key, in order of first use. */
static int number_keys(rk_recon *x, uint32_t *id, key_first **first, size_t *nkeys)
{
    rk_strtab t = {0};
    rk_buf b = RK_BUF_INIT;
    key_hit hits[KEY_HITS] = {{0}};
    size_t cap = 0;
    int rc = 0;
    *first = NULL;
    for (size_t i = 0; i < x->set->n && rc == 0; i++) {
        const rk_cinfo *k = &x->ci[i];
        id[i] = UINT32_MAX;
        if (!x->set->claims[i].quantity || k->apart)
            continue;
        uintptr_t h = (uintptr_t)k->cl->quantity ^ (uintptr_t)k->subject * 31 ^
                      (uintptr_t)k->cl->scope * 131 ^ k->hedged_apart;
        key_hit *e = &hits[(h ^ h >> 6 ^ h >> 12) % KEY_HITS];
        if (e->q == k->cl->quantity && e->subject == k->subject && e->scope == k->cl->scope &&
            e->hedged == k->hedged_apart) {
            id[i] = e->id;
            continue;
        }
        int added;
        uint64_t *v = key_bytes(&b, k) < 0 ? NULL : rk_strtab_at(&t, b.data, b.len, &added);
        key_first *f = v && added ? rk_array_grow(*first, &cap, t.n - 1, sizeof **first, 64)
                                  : *first;
        if (!v || !f) {
            rc = -1;
            break;
        }
        *first = f;
        if (added) {
            *v = t.n - 1;
            f[t.n - 1] = (key_first){k, (uint32_t)(t.n - 1)};
        }
        id[i] = (uint32_t)*v;
        *e = (key_hit){k->cl->quantity, k->subject, k->cl->scope, k->hedged_apart, id[i]};
    }
    *nkeys = t.n;
    rk_strtab_free(&t);
    rk_buf_free(&b);
    return rc;
}

/* "deaths/security_forces@airport": readable, and the same whatever order
 * the articles came in. */
static char *make_id(const char *q, const char *subject, const char *scope, int hedged)
{
    rk_buf b = RK_BUF_INIT;
    if (rk_buf_puts(&b, q) < 0 || (subject && rk_buf_printf(&b, "/%s", subject) < 0) ||
        (scope && rk_buf_printf(&b, "@%s", scope) < 0) ||
        (hedged && rk_buf_puts(&b, hedged == 2 ? "~added" : "~hedged") < 0)) {
        rk_buf_free(&b);
        return NULL;
    }
    return rk_buf_detach(&b, NULL);
}

static int cmp_group_id(const void *a, const void *b)
{
    return strcmp(((const rk_group *)a)->id, ((const rk_group *)b)->id);
}

/* Builds the groups, one a key in key order, its members in claim order
 * (a counting sort: keys are compared once each, not once per claim);
 * returns the largest size. */
static rk_status build_groups(rk_recon *x, size_t *largest, rk_error *err)
{
    rk_reconciliation *r = x->r;
    size_t n = x->set->n, ng = 0;
    uint32_t *id = malloc((n ? n : 1) * sizeof *id);
    key_first *first = NULL;
    size_t *fill = NULL;
    rk_status st = RK_OK;
    *largest = 0;
    if (!id || number_keys(x, id, &first, &ng) < 0)
        goto oom;
    if (!ng)
        goto done;
    qsort(first, ng, sizeof *first, cmp_key_first);
    /* rank of each key number, then each group's size */
    uint32_t *rank = (uint32_t *)calloc(ng, sizeof *rank);
    fill = calloc(ng, sizeof *fill);
    if (!rank || !fill || !(r->groups = calloc(ng, sizeof *r->groups))) {
        free(rank);
        goto oom;
    }
    for (size_t g = 0; g < ng; g++)
        rank[first[g].id] = (uint32_t)g;
    for (size_t i = 0; i < n; i++)
        if (id[i] != UINT32_MAX)
            r->groups[id[i] = rank[id[i]]].n_members++;
    free(rank);
    for (size_t gi = 0; gi < ng; gi++) {
        rk_group *g = &r->groups[r->n_groups++];
        const rk_cinfo *k = first[gi].first;
        g->quantity = k->cl->quantity;
        g->subject = k->subject;
        g->scope = k->cl->scope;
        g->parent = RK_NO_INDEX;
        g->members = big_array(g->n_members, sizeof *g->members, 0);
        g->id = make_id(g->quantity, g->subject, g->scope, k->hedged_apart);
        if (!g->members || !g->id)
            goto oom;
        if (g->n_members > *largest)
            *largest = g->n_members;
    }
    for (size_t i = 0; i < n; i++)
        if (id[i] != UINT32_MAX)
            r->groups[id[i]].members[fill[id[i]]++] = i;
    qsort(r->groups, r->n_groups, sizeof *r->groups, cmp_group_id);
    goto done;
oom:
    st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
done:
    free(id);
    free(first);
    free(fill);
    return st;
}

/* ---- hierarchy ---------------------------------------------------------- */

static size_t find_group(const rk_reconciliation *r, const char *q, const char *subject,
                         const char *scope, rk_buf *b)
{
    b->len = 0;
    if (rk_buf_puts(b, q) < 0 || (subject && rk_buf_printf(b, "/%s", subject) < 0) ||
        (scope && rk_buf_printf(b, "@%s", scope) < 0))
        return RK_NO_INDEX;
    rk_group key = {.id = b->data};
    const rk_group *g = bsearch(&key, r->groups, r->n_groups, sizeof *r->groups, cmp_group_id);
    return g ? (size_t)(g - r->groups) : RK_NO_INDEX;
}

/* The place wider than sc: the policy's, else the one a place the text
 * gives as a path names ("Libya > Derna" lies in "Libya"), copied into buf
 * (cap bytes; sc may be buf); NULL for the event. */
static const char *wider_scope(const rk_recon *x, const char *sc, char *buf, size_t cap)
{
    const char *w = rk_policy_wider_scope(x->pol, sc);
    if (w || !sc)
        return w;
    const char *sep = NULL;
    for (const char *p = strstr(sc, " > "); p; p = strstr(p + 3, " > "))
        sep = p;
    size_t n = sep ? (size_t)(sep - sc) : 0;
    if (!n || n >= cap)
        return NULL;
    memmove(buf, sc, n);
    buf[n] = '\0';
    return buf;
}

/* The nearest wider group: the same subject in a wider place first, then a
 * wider subject, each up its hierarchy (the policy refuses cycles). The
 * climb through places stops at a place outside the event: troops on
 * another country's border are not part of the troops sent to this one. */
static size_t find_parent(const rk_recon *x, const rk_group *g, rk_buf *b)
{
    /* "another 12 bodies" is part of the running total it adds to (the
     * members of a group share its key, so the first one says) */
    if (g->n_members && x->ci[g->members[0]].hedged_apart == 2) {
        size_t p = find_group(x->r, g->quantity, g->subject, g->scope, b);
        if (p != RK_NO_INDEX)
            return p;
    }
    char buf[256];
    for (const char *s = g->subject; s; s = rk_policy_wider_subject(x->pol, s)) {
        for (const char *sc = g->scope;; sc = wider_scope(x, sc, buf, sizeof buf)) {
            if (s != g->subject || sc != g->scope) {
                size_t p = find_group(x->r, g->quantity, s, sc, b);
                if (p != RK_NO_INDEX)
                    return p;
            }
            if (!sc || rk_policy_scope_outside(x->pol, sc))
                break;
        }
    }
    /* A place narrows even a group without a subject. */
    for (const char *sc = g->subject ? NULL : g->scope;
         sc && !rk_policy_scope_outside(x->pol, sc);) {
        sc = wider_scope(x, sc, buf, sizeof buf);
        size_t p = find_group(x->r, g->quantity, NULL, sc, b);
        if (p != RK_NO_INDEX)
            return p;
    }
    return RK_NO_INDEX;
}

static const char *within_rule(const rk_group *g, const rk_group *p)
{
    int subj = cmp_nullstr(g->subject, p->subject) != 0;
    int scope = cmp_nullstr(g->scope, p->scope) != 0;
    if (!subj && !scope)
        return "increment-within"; /* "another 12" within the total */
    return subj && scope ? "subject-and-scope-within" : subj ? "subject-within" : "scope-within";
}

static rk_status link_parents(rk_recon *x, rk_error *err)
{
    rk_reconciliation *r = x->r;
    rk_buf b = RK_BUF_INIT;
    rk_status st = RK_OK;
    for (size_t gi = 0; gi < r->n_groups && st == RK_OK; gi++) {
        rk_group *g = &r->groups[gi];
        g->parent = find_parent(x, g, &b);
        if (g->parent == RK_NO_INDEX || x->best[g->parent] == RK_NO_INDEX)
            continue;
        const rk_group *p = &r->groups[g->parent];
        const rk_cinfo *to = &x->ci[x->best[g->parent]];
        for (size_t k = 0; k < g->n_members && st == RK_OK; k++)
            if (rk_recon_link(x, &x->ci[g->members[k]], to, RK_LINK_NARROWER_THAN,
                              within_rule(g, p)) < 0)
                st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        /* A part cannot be larger than the whole: worth a flag. */
        if (st == RK_OK && g->has_estimate && p->has_estimate && !p->high_open &&
            g->best > p->high && x->best[gi] != RK_NO_INDEX) {
            const rk_cinfo *part = &x->ci[x->best[gi]];
            if (rk_recon_link(x, part, to, RK_LINK_CONTRADICTS, "narrower-exceeds-wider") < 0 ||
                rk_recon_explain_exceeds(x, g, p) < 0)
                st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            /* for one period (the part not later than the whole), it is a
             * contradiction of the part's group, its sides the two figures
             * ("5,300 in Oskel" against "4,000 in all" of the same day) */
            int same_period = !part->has_period || !to->has_period || part->dlo <= to->dhi;
            if (st == RK_OK && same_period && g->verdict != RK_VERDICT_CONTRADICTION) {
                size_t *sides = malloc(2 * sizeof *sides);
                if (!sides) {
                    st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
                } else {
                    sides[0] = rk_cinfo_index(x, part);
                    sides[1] = rk_cinfo_index(x, to);
                    free(g->sides);
                    g->sides = sides;
                    g->n_sides = 2;
                    g->verdict = RK_VERDICT_CONTRADICTION;
                    g->verdict_rule = "narrower-exceeds-wider";
                }
            }
        }
    }
    rk_buf_free(&b);
    return st;
}

/* ---- public ------------------------------------------------------------- */

int rk_recon_link(rk_recon *x, const rk_cinfo *from, const rk_cinfo *to, rk_link_kind kind,
                  const char *rule)
{
    rk_reconciliation *r = x->r;
    if (r->n_links == x->cap_links) {
        /* a new array, not realloc: a block the size of the links is
         * copied all the same, and a new one can take huge pages. The
         * first holds two links a claim, about what a corpus makes: pages
         * never written cost nothing, and copies of a growing array (and
         * the fresh pages they fill) are what cost */
        size_t cap = x->cap_links ? 2 * x->cap_links : 2 * x->set->n + 64;
        rk_link *v = cap > SIZE_MAX / 2 / sizeof *v ? NULL : big_array(cap, sizeof *v, 0);
        if (!v)
            return -1;
        if (r->n_links)
            memcpy(v, r->links, r->n_links * sizeof *v);
        free(r->links);
        r->links = v;
        x->cap_links = cap;
    }
    r->links[r->n_links++] = (rk_link){rk_cinfo_index(x, from), rk_cinfo_index(x, to), kind, rule};
    return 0;
}

static rk_status run(rk_recon *x, rk_error *err)
{
    size_t largest = 0;
    rk_status st = fill_cinfo(x, err);
    if (st != RK_OK || (st = build_groups(x, &largest, err)) != RK_OK)
        return st;
    size_t ng = x->r->n_groups;
    x->best = malloc((ng ? ng : 1) * sizeof *x->best);
    x->scratch = big_array(largest, sizeof *x->scratch, 0);
    x->scratch2 = big_array(largest, sizeof *x->scratch2, 0);
    x->scratch3 = big_array(largest, sizeof *x->scratch3, 0);
    x->source_seen = calloc(x->n_sources ? x->n_sources : 1, sizeof *x->source_seen);
    x->order_keys = big_array(largest, RK_ORDER_KEY_BYTES, 0);
    x->order_tmp = big_array(largest, RK_ORDER_KEY_BYTES, 0);
    if (!x->best || !x->scratch || !x->scratch2 || !x->scratch3 || !x->source_seen ||
        !x->order_keys || !x->order_tmp)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t gi = 0; gi < ng && st == RK_OK; gi++)
        st = rk_recon_group(x, gi, err);
    if (st == RK_OK)
        st = link_parents(x, err);
    return st;
}

rk_status rk_reconcile(const rk_claimset *set, const rk_rules *rules, rk_reconciliation **out,
                       rk_error *err)
{
    *out = NULL;
    rk_recon x = {.set = set};
    rk_policy *pol = NULL;
    rk_status st = rk_policy_load(rules, &pol, err);
    if (st != RK_OK)
        return st;
    x.pol = pol;
    x.r = calloc(1, sizeof *x.r);
    x.ci = big_array(set->n, sizeof *x.ci, 1);
    if (!x.r || !x.ci)
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else
        st = run(&x, err);
    free(x.ci);
    free(x.doc_dates);
    free(x.claim_dates);
    free(x.best);
    free(x.scratch);
    free(x.scratch2);
    free(x.scratch3);
    free(x.source_seen);
    free(x.order_keys);
    free(x.order_tmp);
    rk_policy_free(pol);
    if (st != RK_OK) {
        rk_reconciliation_free(x.r);
        return st;
    }
    *out = x.r;
    return RK_OK;
}

void rk_reconciliation_free(rk_reconciliation *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_groups; i++) {
        free(r->groups[i].id);
        free(r->groups[i].members);
        free(r->groups[i].explanation);
        free(r->groups[i].superseded);
        free(r->groups[i].sides);
        free(r->groups[i].withdrawn);
    }
    free(r->groups);
    free(r->links);
    free(r);
}

const char *rk_verdict_name(rk_verdict v)
{
    static const char *const names[] = {NULL,     "single",        "agree",
                                        "compatible", "rising", "contradiction",
                                        "revision", "updated"};
    return (unsigned)v < sizeof names / sizeof *names ? names[v] : NULL;
}

const char *rk_link_kind_name(rk_link_kind k)
{
    static const char *const names[] = {NULL,          "agrees",        "compatible",
                                        "contradicts", "supersedes",    "narrower_than",
                                        "rises_from"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : NULL;
}

/* ---- a group's figures ---------------------------------------------------- */

typedef struct figure {
    double low, high;
    uint8_t has_low, has_high;
} figure;

static int cmp_figure(const void *a, const void *b)
{
    const figure *x = a, *y = b;
    double xl = x->has_low ? x->low : -1, yl = y->has_low ? y->low : -1;
    double xh = x->has_high ? x->high : 1e300, yh = y->has_high ? y->high : 1e300;
    if (xl != yl)
        return xl < yl ? -1 : 1;
    if (xh != yh)
        return xh < yh ? -1 : 1;
    return 0;
}

char *rk_group_figures(const rk_claimset *set, const rk_group *g)
{
    figure *f = malloc((g->n_members + 1) * sizeof *f);
    if (!f)
        return NULL;
    for (size_t k = 0; k < g->n_members; k++) {
        const rk_claim *c = &set->claims[g->members[k]];
        f[k] = (figure){c->low, c->high, c->has_low, c->has_high};
    }
    if (g->n_members > 1)
        qsort(f, g->n_members, sizeof *f, cmp_figure);
    rk_buf b = RK_BUF_INIT;
    int rc = rk_buf_puts(&b, "");
    for (size_t k = 0; k < g->n_members; k++) {
        if (k && cmp_figure(&f[k], &f[k - 1]) == 0)
            continue;
        if (b.len)
            rc |= rk_buf_puts(&b, "; ");
        if (f[k].has_low && f[k].has_high && f[k].low == f[k].high)
            rc |= rk_buf_printf(&b, "%.15g", f[k].low);
        else if (f[k].has_low && f[k].has_high)
            rc |= rk_buf_printf(&b, "%.15g-%.15g", f[k].low, f[k].high);
        else if (f[k].has_low)
            rc |= rk_buf_printf(&b, "%.15g+", f[k].low);
        else if (f[k].has_high)
            rc |= rk_buf_printf(&b, "-%.15g", f[k].high);
        else
            rc |= rk_buf_puts(&b, "?");
    }
    free(f);
    if (rc < 0) {
        rk_buf_free(&b);
        return NULL;
    }
    return b.data ? rk_buf_detach(&b, NULL) : rk_strdup("");
}
