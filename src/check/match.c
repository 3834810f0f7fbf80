/* match.c - matching gold items and negatives against extracted claims,
 * and the per-field counts the scorer reports. */
#include "gold.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "norm.h"
#include "numbers/numbers.h"

static const char *const field_names[RK_GOLD_END] = {
    NULL, "number", "interval", "quantity", "subject", "attribution", "as_of",
};

const char *rk_gold_field_name(rk_gold_field f)
{
    return f > RK_GOLD_NONE && f < RK_GOLD_END ? field_names[f] : NULL;
}

void rk_score_add(rk_score *a, const rk_score *b)
{
    a->gold += b->gold;
    a->claims += b->claims;
    a->typed += b->typed;
    for (int f = 0; f < RK_GOLD_END; f++) {
        a->found[f] += b->found[f];
        a->precise[f] += b->precise[f];
        a->typed_precise[f] += b->typed_precise[f];
    }
    a->negatives += b->negatives;
    a->negatives_hit += b->negatives_hit;
}

int rk_ratio_less(size_t num_a, size_t den_a, size_t num_b, size_t den_b)
{
    if (den_a == 0)
        num_a = den_a = 1;
    if (den_b == 0)
        num_b = den_b = 1;
    /* Cross-multiplied in long double: exact for any realistic count and
     * free of the rounding a comparison of two quotients would bring. */
    return (long double)num_a * den_b < (long double)num_b * den_a;
}

int rk_findings_add(rk_findings *f, const char *path, long line, long column, int hard,
                    const char *fmt, ...)
{
    if (f->n == f->cap) {
        size_t c = f->cap ? f->cap * 2 : 16;
        rk_finding *v = realloc(f->v, c * sizeof *v);
        if (!v)
            return -1;
        f->v = v;
        f->cap = c;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    rk_finding *x = &f->v[f->n];
    x->path = rk_strdup(path ? path : "");
    x->message = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (!x->path || !x->message) {
        free(x->path);
        free(x->message);
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(x->message, (size_t)len + 1, fmt, ap);
    va_end(ap);
    x->line = line;
    x->column = column;
    x->hard = hard != 0;
    f->n++;
    f->n_hard += x->hard;
    return 0;
}

void rk_findings_clear(rk_findings *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].path);
        free(f->v[i].message);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}

char *rk_gold_normalise(const char *s, size_t len)
{
    ck_norm n;
    if (ck_norm_build(s, len, 0, &n) < 0)
        return NULL;
    return n.s;
}

/* A gold item or a negative, as the matcher sees it. */
typedef struct target {
    const char *file, *quote, *number_text;
} target;

/* Spans [a, b) of the body where a quote occurs. */
typedef struct spans {
    size_t *a, *b;
    size_t n, cap;
} spans;

/* What the matcher keeps while it works: the normalised bodies (built on
 * first use), the normalised claim texts and which claims are taken. */
typedef struct match_ctx {
    const rk_claimset *set;
    ck_norm *bodies;
    uint8_t *built;
    char **ctext;
    uint8_t *used;
} match_ctx;

static int spans_push(spans *s, size_t a, size_t b)
{
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 4;
        size_t *pa = realloc(s->a, c * sizeof *pa);
        if (!pa)
            return -1;
        s->a = pa;
        size_t *pb = realloc(s->b, c * sizeof *pb);
        if (!pb)
            return -1;
        s->b = pb;
        s->cap = c;
    }
    s->a[s->n] = a;
    s->b[s->n++] = b;
    return 0;
}

static void spans_free(spans *s)
{
    free(s->a);
    free(s->b);
    memset(s, 0, sizeof *s);
}

/* Every occurrence of quote in the body of document d: the exact bytes when
 * they occur at all, otherwise the normalised quote in the normalised body
 * mapped back to the original bytes. */
static int find_quote(match_ctx *m, size_t d, const char *quote, const char *nquote, spans *out)
{
    const rk_document *doc = m->set->docs.docs[d];
    size_t ql = strlen(quote), at = 0, p;
    while ((p = ck_find(doc->body, doc->body_len, quote, ql, at)) != (size_t)-1) {
        if (spans_push(out, p, p + ql) < 0)
            return -1;
        at = p + 1;
    }
    if (out->n)
        return 0;
    if (!m->built[d]) {
        if (ck_norm_build(doc->body, doc->body_len, 1, &m->bodies[d]) < 0)
            return -1;
        m->built[d] = 1;
    }
    const ck_norm *nb = &m->bodies[d];
    size_t nl = strlen(nquote);
    at = 0;
    while ((p = ck_find(nb->s, nb->len, nquote, nl, at)) != (size_t)-1) {
        if (spans_push(out, nb->src_start[p], nb->src_end[p + nl - 1]) < 0)
            return -1;
        at = p + 1;
    }
    return 0;
}

/* 1 when the gold item's "file" ("NAME.ext" or "NAME.ext#N") names doc. */
static int names_doc(const char *file, const rk_document *doc)
{
    const char *hash = strchr(file, '#');
    size_t fl = hash ? (size_t)(hash - file) : strlen(file);
    const char *path = doc->path ? doc->path : "";
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (strlen(base) != fl || memcmp(base, file, fl) != 0)
        return 0;
    return !hash || doc->record == strtoul(hash + 1, NULL, 10);
}

/* 1 when claim c's sentence contains the normalised quote. */
static int sentence_has(const match_ctx *m, const rk_claim *c, const char *nquote, int *oom)
{
    const rk_document *doc = m->set->docs.docs[c->document];
    if (c->sentence_end <= c->sentence_start || c->sentence_end > doc->body_len)
        return 0;
    char *ns = rk_gold_normalise(doc->body + c->sentence_start,
                                 c->sentence_end - c->sentence_start);
    if (!ns) {
        *oom = 1;
        return 0;
    }
    int r = strstr(ns, nquote) != NULL;
    free(ns);
    return r;
}

/* The claim matching t: level 1 wants the claim inside an occurrence of the
 * quote, level 2 a sentence holding the quote. Taken claims are skipped
 * when skip_used. *out is (size_t)-1 when none does; *named counts the
 * documents t names. Returns 0 or -1 on OOM. */
static int find_claim(match_ctx *m, const target *t, int level, int skip_used, size_t *out,
                      size_t *named)
{
    int oom = 0;
    char *nt = rk_gold_normalise(t->number_text, strlen(t->number_text));
    char *nq = rk_gold_normalise(t->quote, strlen(t->quote));
    *out = (size_t)-1;
    *named = 0;
    if (!nt || !nq)
        oom = 1;
    for (size_t d = 0; !oom && *out == (size_t)-1 && d < m->set->docs.n; d++) {
        if (!names_doc(t->file, m->set->docs.docs[d]))
            continue;
        (*named)++;
        spans occ = {0};
        if (level == 1 && find_quote(m, d, t->quote, nq, &occ) < 0)
            oom = 1;
        for (size_t i = 0; !oom && i < m->set->n; i++) {
            const rk_claim *c = &m->set->claims[i];
            if (c->document != d || (skip_used && m->used[i]) ||
                !ck_same_number_text(m->ctext[i], nt))
                continue;
            int hit = 0;
            for (size_t k = 0; level == 1 && !hit && k < occ.n; k++)
                hit = c->start >= occ.a[k] && c->end <= occ.b[k];
            if (level == 2)
                hit = sentence_has(m, c, nq, &oom);
            if (hit) {
                *out = i;
                break;
            }
        }
        spans_free(&occ);
    }
    free(nt);
    free(nq);
    return oom ? -1 : 0;
}

static int same_num(uint8_t has_a, double a, uint8_t has_b, double b)
{
    if (has_a != has_b)
        return 0;
    return !has_a || fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Normalised equality or containment either way, with speaker or via: the
 * gold names one source, and a careful reader may name the relay. */
static int same_source(const char *gold, const rk_claim *c)
{
    if (!gold)
        return !c->speaker && !c->via;
    const char *who[2] = {c->speaker, c->via};
    int r = 0;
    char *ng = rk_gold_normalise(gold, strlen(gold));
    for (int k = 0; ng && !r && k < 2; k++) {
        if (!who[k])
            continue;
        char *nw = rk_gold_normalise(who[k], strlen(who[k]));
        r = nw && ck_contains_either(ng, nw);
        free(nw);
    }
    free(ng);
    return r;
}

/* Equal dates; a partial gold date ("2020", "2022-01") covers the days in it. */
static int same_date(const char *gold, const char *claim)
{
    if (!gold || !claim)
        return !gold && !claim;
    size_t n = strlen(gold);
    return strncmp(gold, claim, n) == 0 && (claim[n] == '\0' || claim[n] == '-');
}

static void fmt_num(char *buf, size_t n, uint8_t has, double v)
{
    if (!has)
        snprintf(buf, n, "null");
    else if (v == floor(v) && fabs(v) < 9007199254740992.0)
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.15g", v);
}

static const char *or_null(const char *s)
{
    return s ? s : "null";
}

/* Reports a wrong field of a matched item. Returns 0 or -1 on OOM. */
static int wrong(rk_findings *f, const rk_gold *g, const rk_gold_item *it, const char *field,
                 const char *is, const char *expected)
{
    return rk_findings_add(f, g->path, it->line, 0, 0, "claim \"%s\" (%s): %s is %s, expected %s",
                           it->number_text, it->quote, field, is, expected);
}

static int interval_wrong(rk_findings *f, const rk_gold *g, const rk_gold_item *it,
                          const rk_claim *c, const char *ex)
{
    char a[4][40], is[128], expected[128];
    fmt_num(a[0], sizeof a[0], c->has_low, c->low);
    fmt_num(a[1], sizeof a[1], c->has_high, c->high);
    fmt_num(a[2], sizeof a[2], it->has_low, it->low);
    fmt_num(a[3], sizeof a[3], it->has_high, it->high);
    snprintf(is, sizeof is, "[%s, %s] %s", a[0], a[1], or_null(ex));
    snprintf(expected, sizeof expected, "[%s, %s] %s", a[2], a[3], or_null(it->exactness));
    return wrong(f, g, it, "interval", is, expected);
}

/* Scores item it against its matched claim c: counts each right field and
 * reports each wrong one. Returns 0 or -1 on OOM. */
static int score_item(const rk_gold *g, const rk_gold_item *it, const rk_claim *c,
                      rk_score *s, rk_findings *f)
{
    const char *ex = rk_exactness_name((rk_exactness)c->exactness);
    int right[RK_GOLD_END] = {0};
    right[RK_GOLD_NUMBER] = 1;
    right[RK_GOLD_INTERVAL] = same_num(it->has_low, it->low, c->has_low, c->low) &&
                               same_num(it->has_high, it->high, c->has_high, c->high) &&
                               same_str(it->exactness, ex);
    right[RK_GOLD_QUANTITY] = same_str(it->quantity, c->quantity);
    right[RK_GOLD_SUBJECT] = same_str(it->subject, c->subject);
    right[RK_GOLD_ATTRIBUTION] = same_source(it->attributed_to, c);
    right[RK_GOLD_AS_OF] = same_date(it->as_of, c->as_of);
    int claimable = RK_KIND_IS_CLAIMABLE(c->kind), typed = claimable && c->quantity;
    for (int k = RK_GOLD_NUMBER; k < RK_GOLD_END; k++) {
        s->found[k] += right[k];
        s->precise[k] += right[k] && claimable;
        s->typed_precise[k] += right[k] && typed;
    }
    if ((!right[RK_GOLD_INTERVAL] && interval_wrong(f, g, it, c, ex) < 0) ||
        (!right[RK_GOLD_QUANTITY] &&
         wrong(f, g, it, "quantity", or_null(c->quantity), or_null(it->quantity)) < 0) ||
        (!right[RK_GOLD_SUBJECT] &&
         wrong(f, g, it, "subject", or_null(c->subject), or_null(it->subject)) < 0) ||
        (!right[RK_GOLD_ATTRIBUTION] &&
         wrong(f, g, it, "attribution", or_null(c->speaker), or_null(it->attributed_to)) < 0) ||
        (!right[RK_GOLD_AS_OF] && wrong(f, g, it, "as_of", or_null(c->as_of), or_null(it->as_of)) < 0))
        return -1;
    return 0;
}

static int match_ctx_init(match_ctx *m, const rk_claimset *set)
{
    memset(m, 0, sizeof *m);
    m->set = set;
    size_t nd = set->docs.n ? set->docs.n : 1, nc = set->n ? set->n : 1;
    m->bodies = calloc(nd, sizeof *m->bodies);
    m->built = calloc(nd, 1);
    m->ctext = calloc(nc, sizeof *m->ctext);
    m->used = calloc(nc, 1);
    if (!m->bodies || !m->built || !m->ctext || !m->used)
        return -1;
    for (size_t i = 0; i < set->n; i++) {
        const char *t = set->claims[i].text ? set->claims[i].text : "";
        if (!(m->ctext[i] = rk_gold_normalise(t, strlen(t))))
            return -1;
    }
    return 0;
}

static void match_ctx_free(match_ctx *m)
{
    for (size_t d = 0; m->bodies && d < m->set->docs.n; d++)
        ck_norm_free(&m->bodies[d]);
    for (size_t i = 0; m->ctext && i < m->set->n; i++)
        free(m->ctext[i]);
    free(m->bodies);
    free(m->built);
    free(m->ctext);
    free(m->used);
}

/* Matches every gold item, first to claims inside its quote, then to claims
 * whose sentence holds it, so a loose match never takes a claim a later
 * item holds tightly. match[i] is the claim of item i or (size_t)-1. */
static int match_items(match_ctx *m, const rk_gold *g, size_t *match, rk_findings *f)
{
    for (size_t i = 0; i < g->n_items; i++)
        match[i] = (size_t)-1;
    for (int level = 1; level <= 2; level++) {
        for (size_t i = 0; i < g->n_items; i++) {
            const rk_gold_item *it = &g->items[i];
            target t = {it->file, it->quote, it->number_text};
            size_t named;
            if (match[i] != (size_t)-1)
                continue;
            if (find_claim(m, &t, level, 1, &match[i], &named) < 0)
                return -1;
            if (match[i] != (size_t)-1)
                m->used[match[i]] = 1;
            if (level == 1 && !named &&
                rk_findings_add(f, g->path, it->line, 0, 1,
                                "\"file\" names %s, which is none of the documents checked",
                                it->file) < 0)
                return -1;
        }
    }
    return 0;
}

static int check_negatives(match_ctx *m, const rk_gold *negs, rk_score *s, rk_findings *f)
{
    for (size_t i = 0; i < negs->n_negs; i++) {
        const rk_negative *ng = &negs->negs[i];
        target t = {ng->file, ng->quote, ng->number_text};
        size_t hit = (size_t)-1, named;
        for (int level = 1; level <= 2 && hit == (size_t)-1; level++)
            if (find_claim(m, &t, level, 0, &hit, &named) < 0)
                return -1;
        s->negatives++;
        if (hit == (size_t)-1)
            continue;
        s->negatives_hit++;
        const rk_claim *c = &m->set->claims[hit];
        if (rk_findings_add(f, negs->path, ng->line, 0, 1,
                            "\"%s\" (%s) is a %s, not a claim, but became claim %s",
                            ng->number_text, ng->quote, or_null(ng->kind), or_null(c->id)) < 0)
            return -1;
    }
    return 0;
}

rk_status rk_gold_match(const rk_gold *gold, const rk_gold *negs, const rk_claimset *set,
                        rk_score *score, rk_findings *findings, rk_error *err)
{
    match_ctx m;
    size_t *match = NULL;
    int rc = match_ctx_init(&m, set);
    for (size_t i = 0; rc == 0 && i < set->n; i++) {
        const rk_claim *c = &set->claims[i];
        if (!RK_KIND_IS_CLAIMABLE(c->kind))
            continue;
        score->claims++;
        score->typed += c->quantity != NULL;
    }
    if (rc == 0 && gold && gold->n_items) {
        match = malloc(gold->n_items * sizeof *match);
        rc = match ? match_items(&m, gold, match, findings) : -1;
        for (size_t i = 0; rc == 0 && i < gold->n_items; i++) {
            const rk_gold_item *it = &gold->items[i];
            score->gold++;
            if (match[i] != (size_t)-1)
                rc = score_item(gold, it, &set->claims[match[i]], score, findings);
            else
                rc = rk_findings_add(findings, gold->path, it->line, 0, 0,
                                     "claim \"%s\" (%s) not found", it->number_text, it->quote);
        }
    }
    if (rc == 0 && negs)
        rc = check_negatives(&m, negs, score, findings);
    free(match);
    match_ctx_free(&m);
    return rc == 0 ? RK_OK : rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

rk_status rk_gold_locate(const rk_gold *gold, const rk_claimset *set, size_t *match,
                         rk_error *err)
{
    match_ctx m;
    rk_findings ignored = {0};
    int rc = match_ctx_init(&m, set);
    if (rc == 0)
        rc = match_items(&m, gold, match, &ignored);
    match_ctx_free(&m);
    rk_findings_clear(&ignored);
    return rc == 0 ? RK_OK : rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
}
