/* reconcile.c - groups claims about the same quantity, subject and scope by
 * sorting on that key, then hands each group to the verdict step and links
 * narrower groups to the wider ones they are part of. */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"

/* ---- per-claim facts ---------------------------------------------------- */

/* Interns normalised source names, giving each a small id. */
typedef struct intern {
    char **keys;
    uint32_t *ids;
    size_t cap, n;
} intern;

static void intern_free(intern *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->keys[i]);
    free(t->keys);
    free(t->ids);
}

static int intern_grow(intern *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    char **keys = calloc(cap, sizeof *keys);
    uint32_t *ids = calloc(cap, sizeof *ids);
    if (!keys || !ids) {
        free(keys);
        free(ids);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->keys[i])
            continue;
        size_t h = (size_t)rk_hash64(t->keys[i], strlen(t->keys[i]), RK_HASH_SEED) & (cap - 1);
        while (keys[h])
            h = (h + 1) & (cap - 1);
        keys[h] = t->keys[i];
        ids[h] = t->ids[i];
    }
    free(t->keys);
    free(t->ids);
    t->keys = keys;
    t->ids = ids;
    t->cap = cap;
    return 0;
}

/* Takes ownership of key on success; on failure ownership stays with the
 * caller. */
static int intern_id(intern *t, char *key, uint32_t *id)
{
    if ((t->n + 1) * 2 > t->cap && intern_grow(t) < 0)
        return -1;
    size_t h = (size_t)rk_hash64(key, strlen(key), RK_HASH_SEED) & (t->cap - 1);
    while (t->keys[h]) {
        if (strcmp(t->keys[h], key) == 0) {
            *id = t->ids[h];
            free(key);
            return 0;
        }
        h = (h + 1) & (t->cap - 1);
    }
    t->keys[h] = key;
    t->ids[h] = *id = (uint32_t)t->n++;
    return 0;
}

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

static void claim_date(const rk_recon *x, rk_cinfo *k, const rk_claim *c)
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
    k->date = d;
    k->datelen = 0;
    while (d && k->datelen < 10 && d[k->datelen])
        k->datelen++;
}

/* The independent source of a claim: the originator the rules name, else
 * its speaker, else the outlet that published it, else the document
 * itself. Relays (via) do not count. */
static rk_status claim_source(rk_recon *x, intern *t, rk_cinfo *k, rk_error *err)
{
    const rk_claim *c = k->cl;
    const rk_document *doc = claim_doc(x->set, c);
    const char *who = c->speaker && *c->speaker ? c->speaker
                      : doc && doc->source.value && *doc->source.value ? doc->source.value
                                                                        : NULL;
    char *key;
    /* rank in the authority order; a kind it does not name, last */
    int rank = rk_policy_authority(x->pol, c->originator_kind);
    k->authority = rank < (int)x->pol->nauthority ? (uint8_t)rank : UINT8_MAX;
    if (c->originator) {
        /* U+001E keeps rule ids apart from any speaker's words */
        rk_buf b = RK_BUF_INIT;
        key = rk_buf_printf(&b, "\x1e%s", c->originator) < 0 ? NULL : rk_buf_detach(&b, NULL);
        rk_buf_free(&b);
        k->named = 1;
        k->official = k->authority != UINT8_MAX;
    } else if (who) {
        key = rk_policy_normalise(x->pol, who);
        k->named = 1;
        k->official = key && c->speaker && *c->speaker && rk_policy_is_official(x->pol, key);
        if (k->official) {
            /* a speaker an <official> cue names, without an originator
             * rule: ranked as a government, or after every kind named */
            rank = rk_policy_authority(x->pol, "government");
            k->authority = (uint8_t)(rank < 254 ? rank : 254);
        }
    } else {
        /* U+001F keeps document ids apart from any speaker's name. */
        rk_buf b = RK_BUF_INIT;
        key = rk_buf_printf(&b, "\x1f%s", doc && doc->id ? doc->id : "") < 0
                  ? NULL
                  : rk_buf_detach(&b, NULL);
        rk_buf_free(&b);
        k->named = 0;
        k->official = 0;
    }
    if (!key || intern_id(t, key, &k->src) < 0) {
        free(key);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
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

static rk_status fill_cinfo(rk_recon *x, rk_error *err)
{
    intern t = {0};
    rk_status st = RK_OK;
    if (corpus_years(x) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < x->set->n; i++) {
        const rk_claim *c = &x->set->claims[i];
        rk_cinfo *k = &x->ci[i];
        k->cl = c;
        if (!c->quantity)
            continue;
        const rk_qpolicy *qp = rk_policy_quantity(x->pol, c->quantity);
        claim_interval(k, c, qp->tolerance);
        claim_subject(k, c, qp, x->pol);
        claim_date(x, k, c);
        claim_period(x, k, c);
        k->status = c->status;
        if ((st = claim_source(x, &t, k, err)) != RK_OK)
            break;
    }
    intern_free(&t);
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

static int cmp_key(const void *pa, const void *pb)
{
    const rk_cinfo *a = *(rk_cinfo *const *)pa, *b = *(rk_cinfo *const *)pb;
    int c = strcmp(a->cl->quantity, b->cl->quantity);
    if (!c)
        c = cmp_nullstr(a->subject, b->subject);
    if (!c)
        c = cmp_nullstr(a->cl->scope, b->cl->scope);
    if (!c)
        c = (int)a->hedged_apart - (int)b->hedged_apart;
    return c ? c : (a > b) - (a < b);
}

static int same_key(const rk_cinfo *a, const rk_cinfo *b)
{
    return strcmp(a->cl->quantity, b->cl->quantity) == 0 &&
           cmp_nullstr(a->subject, b->subject) == 0 &&
           cmp_nullstr(a->cl->scope, b->cl->scope) == 0 && a->hedged_apart == b->hedged_apart;
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

/* Builds the groups from claims sorted by key; returns the largest size. */
static rk_status build_groups(rk_recon *x, rk_cinfo **keys, size_t nk, size_t *largest,
                              rk_error *err)
{
    rk_reconciliation *r = x->r;
    size_t ng = 0;
    for (size_t i = 0; i < nk; i++)
        if (i == 0 || !same_key(keys[i - 1], keys[i]))
            ng++;
    *largest = 0;
    if (!ng)
        return RK_OK;
    if (!(r->groups = calloc(ng, sizeof *r->groups)))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < nk;) {
        size_t j = i + 1;
        while (j < nk && same_key(keys[i], keys[j]))
            j++;
        rk_group *g = &r->groups[r->n_groups++];
        const rk_claim *c = keys[i]->cl;
        g->quantity = c->quantity;
        g->subject = keys[i]->subject;
        g->scope = c->scope;
        g->parent = RK_NO_INDEX;
        g->n_members = j - i;
        g->members = malloc(g->n_members * sizeof *g->members);
        g->id = make_id(c->quantity, g->subject, c->scope, keys[i]->hedged_apart);
        if (!g->members || !g->id)
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        /* The key sort ends on the claim's address, so members come out in
         * claim order. */
        for (size_t k = i; k < j; k++)
            g->members[k - i] = rk_cinfo_index(x, keys[k]);
        if (g->n_members > *largest)
            *largest = g->n_members;
        i = j;
    }
    qsort(r->groups, r->n_groups, sizeof *r->groups, cmp_group_id);
    return RK_OK;
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
    rk_link *v = rk_array_grow(r->links, &x->cap_links, r->n_links, sizeof *v, 64);
    if (!v)
        return -1;
    r->links = v;
    r->links[r->n_links++] = (rk_link){rk_cinfo_index(x, from), rk_cinfo_index(x, to), kind, rule};
    return 0;
}

static rk_status run(rk_recon *x, rk_error *err)
{
    const rk_claimset *set = x->set;
    rk_cinfo **keys = NULL;
    size_t nk = 0, largest = 0;
    rk_status st = fill_cinfo(x, err);
    if (st != RK_OK)
        goto done;
    if (!(keys = malloc((set->n ? set->n : 1) * sizeof *keys))) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < set->n; i++)
        if (set->claims[i].quantity && !x->ci[i].apart)
            keys[nk++] = &x->ci[i];
    qsort(keys, nk, sizeof *keys, cmp_key);
    if ((st = build_groups(x, keys, nk, &largest, err)) != RK_OK)
        goto done;
    size_t ng = x->r->n_groups;
    x->best = malloc((ng ? ng : 1) * sizeof *x->best);
    x->scratch = malloc((largest ? largest : 1) * sizeof *x->scratch);
    x->scratch2 = malloc((largest ? largest : 1) * sizeof *x->scratch2);
    x->scratch3 = malloc((largest ? largest : 1) * sizeof *x->scratch3);
    if (!x->best || !x->scratch || !x->scratch2 || !x->scratch3) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t gi = 0; gi < ng && st == RK_OK; gi++)
        st = rk_recon_group(x, gi, err);
    if (st == RK_OK)
        st = link_parents(x, err);
done:
    free(keys);
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
    x.ci = calloc(set->n ? set->n : 1, sizeof *x.ci);
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
