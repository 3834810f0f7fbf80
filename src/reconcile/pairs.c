/* pairs.c - the judgement between every two figures of a group, for groups
 * small enough to compare pair by pair (a report's groups nearly always
 * are): agree, compatible, rising, replaced, revised or contradicting, from
 * the quantity's series, the periods the figures hold for and who gives
 * them. The group's verdict follows from its pairs; a link is written for
 * every pair the verdict does not already say. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The relation of two claims, with the rule that decided it. from/to: the
 * link's direction (the newer figure first for rises and replacements). */
typedef struct prel {
    rk_link_kind kind;
    const rk_cinfo *from, *to;
    const char *rule;
    int revision;       /* a running total its own source lowered */
    int adjacent;       /* two claims next to each other in the group */
    int decides;        /* a contradiction that may decide the verdict (not
                           resting on an undated figure alone) */
} prel;

/* Order of two periods: -1 a before b, 1 after; 0 one day for both (or
 * no date for either); 3 overlapping but not both dated by their own words
 * (a publication date bounds a figure without dating it); 2 unknown. */
static int period_order(const rk_cinfo *a, const rk_cinfo *b)
{
    if (!a->has_period && !b->has_period)
        return 0;
    if (!a->has_period || !b->has_period)
        return 2;
    if (a->dhi < b->dlo)
        return -1;
    if (b->dhi < a->dlo)
        return 1;
    /* two articles' days say as much of each other as two own dates; an own
     * date against an article's day could be earlier in that day or not */
    return a->by_published != b->by_published ? 3 : 0;
}

/* The point of the figure when two figures are ordered by size. */
static double lowest(const rk_cinfo *c)
{
    return isfinite(c->rlo) ? c->rlo : c->rhi;
}

/* A rounding of the same figure: an approximate or round figure whose
 * rounding covers an exact one ("about 100" and 104, "11 thousand" and
 * 11,300), or two lower bounds at one value ("at least 6,500" and "more
 * than 6,500"), or a figure and a headline that dropped "more than". */
static int rounding_agrees(const rk_cinfo *a, const rk_cinfo *b)
{
    if (!a->bounded || !b->bounded)
        return 0;
    const rk_claim *ca = a->cl, *cb = b->cl;
    int ea = ca->exactness, eb = cb->exactness;
    int lower_a = ea == RK_EXACTNESS_AT_LEAST || ea == RK_EXACTNESS_MORE_THAN;
    int lower_b = eb == RK_EXACTNESS_AT_LEAST || eb == RK_EXACTNESS_MORE_THAN;
    int point_a = ea == RK_EXACTNESS_EXACT || ea == RK_EXACTNESS_APPROX;
    int point_b = eb == RK_EXACTNESS_EXACT || eb == RK_EXACTNESS_APPROX;
    /* "about 4,000" and "more than 4,000" only overlap; an exact figure and a
     * lower bound at it are one figure (a headline drops "more than") */
    if ((lower_a || point_a) && (lower_b || point_b) && a->rlo == b->rlo && isfinite(a->rlo) &&
        !(ea == RK_EXACTNESS_APPROX && lower_b) && !(eb == RK_EXACTNESS_APPROX && lower_a))
        return 1;
    int upper_a = ea == RK_EXACTNESS_AT_MOST || ea == RK_EXACTNESS_LESS_THAN;
    int upper_b = eb == RK_EXACTNESS_AT_MOST || eb == RK_EXACTNESS_LESS_THAN;
    if ((upper_a || point_a) && (upper_b || point_b) && (upper_a || upper_b) &&
        a->rhi == b->rhi && isfinite(a->rhi))
        return 1; /* "up to 600" and "до 600" */
    if (!point_a || !point_b)
        return 0;
    /* one exact figure close to an approximate one ("about 100" and 104,
     * not 109: that one is only compatible) */
    double va = a->rlo, vb = b->rlo;
    if (ea == RK_EXACTNESS_APPROX && eb == RK_EXACTNESS_APPROX)
        return fabs(va - vb) <= 0.02 * fmax(fabs(va), fabs(vb));
    if (ea == RK_EXACTNESS_APPROX || eb == RK_EXACTNESS_APPROX)
        return fabs(va - vb) <= 0.05 * fmax(fabs(va), fabs(vb));
    /* two exact figures: one is the other rounded to its last non-zero place */
    double hi = fmax(va, vb), lo = fmin(va, vb), unit = 1;
    if (hi <= 0 || lo < 0)
        return 0;
    double round = va == hi ? vb : va, exact = va == hi ? va : vb;
    (void)exact;
    while (unit * 10 <= round && fmod(round, unit * 10) == 0)
        unit *= 10;
    return unit >= 100 && fabs(va - vb) < unit / 2 && (va == round || vb == round);
}

/* Two exact counts overlap only when equal: the tolerance widens what is
 * rounded or estimated, not "171" against "190". */
static int overlap(const rk_cinfo *a, const rk_cinfo *b)
{
    if (a->exactness == RK_EXACTNESS_EXACT && b->exactness == RK_EXACTNESS_EXACT)
        return a->rlo <= b->rhi && b->rlo <= a->rhi;
    return a->lo <= b->hi && b->lo <= a->hi;
}

/* A lower bound only: "at least 30", "more than 50". */
static int lower_bound(const rk_cinfo *c)
{
    return isfinite(c->rlo) && !isfinite(c->rhi);
}

static prel make(rk_link_kind k, const rk_cinfo *from, const rk_cinfo *to, const char *rule)
{
    return (prel){k, from, to, rule, 0, 0, 0};
}

/* The relation of a and b (a before b in claim order) under series. */
static prel relate_pair(const rk_cinfo *a, const rk_cinfo *b, int series)
{
    if (rk_cinfo_same_figure(a, b))
        return make(RK_LINK_AGREES, b, a, "same-figure");
    if (rounding_agrees(a, b))
        return make(RK_LINK_AGREES, b, a, "rounding");
    /* a withdrawn or disputed figure against another: what a correction says
     * is not so ("78, and not 79") */
    if ((a->status || b->status) && !(a->status && b->status))
        return make(RK_LINK_CONTRADICTS, a->status ? b : a, a->status ? a : b,
                    a->status == RK_STATUS_RETRACTED || b->status == RK_STATUS_RETRACTED
                        ? "withdrawn"
                        : "disputed");
    int ord = period_order(a, b);
    /* one article's "earlier" figure came before its others */
    if (ord != -1 && ord != 1 && a->document == b->document &&
        a->earlier != b->earlier)
        ord = a->earlier ? -1 : 1;
    const rk_cinfo *e = ord == 1 ? b : a, *l = ord == 1 ? a : b; /* earlier, later */
    int one_source_doc = a->document == b->document && a->src == b->src;
    /* a running total's floor that goes up: "at least 30", then "more than
     * 50", by date, or by size when one source gives both; two sources'
     * floors on no known order are only compatible */
    if (series == RK_SERIES_CUMULATIVE && lower_bound(a) && lower_bound(b) && a->rlo != b->rlo &&
        ((ord == 1 || ord == -1) ? l->rlo > e->rlo : a->src == b->src)) {
        const rk_cinfo *hi = a->rlo > b->rlo ? a : b, *lo = hi == a ? b : a;
        return make(RK_LINK_RISES_FROM, hi, lo, "cumulative-floor-rise");
    }
    /* one source's floor below its own other figure, on no known order
     * ("more than 50", then from the same ministry 78): a source does not
     * step back to a vaguer, lower count, so the floor came first */
    if (series == RK_SERIES_CUMULATIVE && a->src == b->src && ord != 1 && ord != -1 &&
        lower_bound(a) != lower_bound(b)) {
        const rk_cinfo *fl = lower_bound(a) ? a : b, *ot = fl == a ? b : a;
        if (ot->bounded && lowest(ot) > fl->rlo)
            return make(RK_LINK_RISES_FROM, ot, fl, "cumulative-floor-below");
    }
    if (overlap(a, b) && !(series == RK_SERIES_CUMULATIVE && (ord == 1 || ord == -1) &&
                           l->rlo > e->rlo))
        return make(RK_LINK_COMPATIBLE, b, a, "overlap");
    if (series == RK_SERIES_CUMULATIVE) {
        /* one source's two figures of one day are its count moving within
         * the day, not a conflict: only independent sources contradict */
        if (ord == 0 && a->src == b->src && a->has_period) {
            const rk_cinfo *hi = lowest(a) > lowest(b) ? a : b, *lo = hi == a ? b : a;
            return make(RK_LINK_RISES_FROM, hi, lo, "same-source-same-day");
        }
        if (ord == 1 || ord == -1) {
            if (l->rlo > e->rlo || (l->rlo == e->rlo && l->rhi > e->rhi))
                return make(RK_LINK_RISES_FROM, l, e, "cumulative-rise");
            prel p = make(RK_LINK_CONTRADICTS, l, e,
                          a->src == b->src ? "revised-down" : "cumulative-fall");
            p.revision = a->src == b->src;
            p.decides = !p.revision;
            return p;
        }
        /* no day orders them, or one source gives both in one article: the
         * larger figure of a running total is the later one */
        if (ord == 2 || ord == 3 || one_source_doc) {
            const rk_cinfo *hi = lowest(a) > lowest(b) ? a : b, *lo = hi == a ? b : a;
            return make(RK_LINK_RISES_FROM, hi, lo, "cumulative-order-by-size");
        }
        /* neither dated at all: a running total read at two unknown times
         * is as likely a rise as a conflict. The pair is shown as a clash
         * for the reader to check, but an undated figure decides no
         * verdict alone */
        if (!a->has_period && !b->has_period) {
            prel p = make(RK_LINK_CONTRADICTS, b, a, "cumulative-undated");
            p.decides = 0;
            return p;
        }
    } else if (series == RK_SERIES_STOCK && (ord == 1 || ord == -1)) {
        return make(l->rlo > e->rlo ? RK_LINK_RISES_FROM : RK_LINK_SUPERSEDES, l, e,
                    "stock-update");
    }
    prel p = make(RK_LINK_CONTRADICTS, b, a,
                  !a->has_period && !b->has_period ? "disjoint-undated"
                  : ord == 0                       ? "disjoint-same-date"
                                                   : "disjoint");
    /* a count of now whose two figures no day orders may be an update: it
     * is linked, but decides nothing; a fact no date changes decides */
    p.decides = series == RK_SERIES_FACT || (ord != 2 && ord != 3);
    return p;
}

/* True when the source of the later, lower figure l had itself given the
 * earlier figure e's value before: it lowered its own count, which others
 * had repeated ("16, not the 18 it reported"), a revision of theirs too. */
static int revised_own(rk_cinfo **M, size_t n, const rk_cinfo *l, const rk_cinfo *e)
{
    for (size_t i = 0; i < n; i++) {
        const rk_cinfo *m = M[i];
        if (m != l && m->src == l->src && m->bounded && m->rlo == e->rlo &&
            period_order(m, l) != 1 && (period_order(m, l) == -1 || m->earlier))
            return 1;
    }
    return 0;
}

/* What a group verdict says of every pair it does not link. */
/* 1 when the rise p says more than q: both its ends dated where q's are
 * not (an undated figure never stands for the series), then the longer
 * span of days, from the earlier start. A rise's from is the later figure
 * (it rises from its to). */
static int wider_rise(const prel *p, const prel *q)
{
    int pd = p->from->has_period && p->to->has_period;
    int qd = q->from->has_period && q->to->has_period;
    if (pd != qd)
        return pd;
    if (!pd)
        return 0;
    long ps = (long)p->from->dhi - (long)p->to->dlo, qs = (long)q->from->dhi - (long)q->to->dlo;
    if (ps != qs)
        return ps > qs;
    return p->to->dlo < q->to->dlo;
}

static rk_link_kind implied(rk_verdict v)
{
    switch (v) {
    case RK_VERDICT_AGREE: case RK_VERDICT_SINGLE: return RK_LINK_AGREES;
    case RK_VERDICT_COMPATIBLE: return RK_LINK_COMPATIBLE;
    case RK_VERDICT_RISING: return RK_LINK_RISES_FROM;
    default: return RK_LINK_NONE;
    }
}

int rk_recon_pairwise(rk_recon *x, rk_cinfo **M, size_t n, int series, rk_decision *d)
{
    size_t npairs = n * (n - 1) / 2;
    prel *P = malloc((npairs ? npairs : 1) * sizeof *P);
    if (!P)
        return -1;
    for (size_t i = 0; i < n; i++)
        M[i]->side = 0;
    int any_contra = 0, any_decisive = 0, any_rise = 0, any_update = 0, any_revision = 0,
        all_agree = 1;
    size_t k = 0;
    const prel *first_contra = NULL, *first_rise = NULL, *first_rev = NULL, *first_open = NULL;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            prel *p = &P[k++];
            int adjacent = j == i + 1;
            /* a part and its whole are linked as such already */
            if (M[i]->whole == M[j] || M[j]->whole == M[i]) {
                *p = make(RK_LINK_NARROWER_THAN, M[i]->whole == M[j] ? M[i] : M[j],
                          M[i]->whole == M[j] ? M[j] : M[i], "breakdown-in-sentence");
                p->decides = -1; /* linked already */
                continue;
            }
            /* a part of another figure's breakdown is compared with nothing
             * else: "19 million, 4 million of them in cities" */
            if (M[i]->whole || M[j]->whole) {
                *p = make(RK_LINK_NONE, M[i], M[j], NULL);
                p->decides = -1;
                continue;
            }
            *p = relate_pair(M[i], M[j], series);
            p->adjacent = adjacent;
            if (p->kind == RK_LINK_CONTRADICTS && !p->revision && p->rule &&
                strcmp(p->rule, "cumulative-fall") == 0 && revised_own(M, n, p->from, p->to)) {
                p->revision = 1;
                p->decides = 0;
                p->rule = "revised-down";
            }
            /* withdrawn and disputed figures, and superseded or part ones,
             * are linked but decide nothing */
            int active = M[i]->active && M[j]->active;
            if (!active)
                continue;
            all_agree &= p->kind == RK_LINK_AGREES;
            if (p->kind == RK_LINK_CONTRADICTS && p->revision) {
                any_revision = 1;
                /* name a source's own revision first */
                if (!first_rev || (first_rev->from->src != first_rev->to->src &&
                                   p->from->src == p->to->src))
                    first_rev = p;
            } else if (p->kind == RK_LINK_CONTRADICTS) {
                any_contra = 1;
                if (!p->decides && !first_open)
                    first_open = p;
                if (p->decides) {
                    any_decisive = 1;
                    if (!first_contra)
                        first_contra = p;
                    M[i]->side = M[j]->side = 1;
                }
            } else if (p->kind == RK_LINK_RISES_FROM) {
                any_rise = 1;
                if (!first_rise || wider_rise(p, first_rise))
                    first_rise = p;
            } else if (p->kind == RK_LINK_SUPERSEDES) {
                any_update = 1;
                if (!first_rise)
                    first_rise = p;
            }
        }
    if (any_decisive) {
        d->verdict = RK_VERDICT_CONTRADICTION;
        d->rule = first_contra->rule;
        d->a = first_contra->to;
        d->b = first_contra->from;
    } else if (any_revision) {
        d->verdict = RK_VERDICT_REVISION;
        d->rule = first_rev->rule;
        d->a = first_rev->to;
        d->b = first_rev->from;
    } else if (any_update) {
        d->verdict = RK_VERDICT_UPDATED;
        d->rule = first_rise->rule;
        d->a = first_rise->to;
        d->b = first_rise->from;
    } else if (any_rise) {
        d->verdict = RK_VERDICT_RISING;
        d->rule = first_rise->rule;
        d->a = first_rise->to;
        d->b = first_rise->from;
        /* the series from its first dated figure to its last: "from 2,000
         * on 6 Jan to more than 10,000 on 11 Jan" */
        const rk_cinfo *first = NULL, *last = NULL;
        for (size_t i = 0; i < n; i++) {
            const rk_cinfo *c = M[i];
            if (!c->has_period || !c->bounded || c->status)
                continue;
            if (!first || c->dlo < first->dlo || (c->dlo == first->dlo && c->lo < first->lo))
                first = c;
            if (!last || c->dhi > last->dhi || (c->dhi == last->dhi && c->lo > last->lo))
                last = c;
        }
        if (first && last && first != last && last->lo > first->lo &&
            wider_rise(&(prel){.from = last, .to = first}, first_rise)) {
            d->a = first;
            d->b = last;
        }
    } else if (any_contra && first_open) {
        /* figures that differ where no date says which came first: they
         * may all be true at different times, and the pair that differs is
         * named for the reader to settle */
        d->verdict = RK_VERDICT_COMPATIBLE;
        d->rule = first_open->rule;
        d->a = first_open->to;
        d->b = first_open->from;
    } else {
        /* name the lowest and the highest figure that stand */
        const rk_cinfo *lo = NULL, *hi = NULL;
        for (size_t i = 0; i < n; i++)
            if (M[i]->active && (!lo || M[i]->lo < lo->lo))
                lo = M[i];
        /* the highest of the others, so two claims are named */
        for (size_t i = 0; i < n; i++)
            if (M[i]->active && M[i] != lo && (!hi || M[i]->hi > hi->hi))
                hi = M[i];
        d->verdict = all_agree ? RK_VERDICT_AGREE : RK_VERDICT_COMPATIBLE;
        d->rule = all_agree ? "same-figure" : "overlap";
        d->a = lo;
        d->b = hi;
    }
    /* links: every pair the verdict does not say, every contradiction, and
     * a chain of the pairs it says */
    rk_link_kind imp = implied(d->verdict);
    int rc = 0;
    for (size_t i = 0; i < k && rc == 0; i++) {
        const prel *p = &P[i];
        if ((p->kind == imp && !p->adjacent) || p->decides < 0 || p->kind == RK_LINK_NONE)
            continue;
        rc = rk_recon_link(x, p->from, p->to, p->kind, p->rule);
    }
    free(P);
    return rc;
}
