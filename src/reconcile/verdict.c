/* verdict.c - one group's supersession, verdict, estimate and links. Every
 * step sorts the members once and sweeps them, so a group of a million
 * claims costs O(n log n), and links join neighbours, never all pairs. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int same_date(const rk_cinfo *a, const rk_cinfo *b)
{
    return a->drank && a->drank == b->drank;
}

/* ---- supersession ------------------------------------------------------- */

/* A source's last word replaces its earlier, different figures. */
static rk_status supersede(rk_recon *x, rk_group *g, rk_decision *d, rk_error *err)
{
    rk_cinfo **P = x->scratch;
    size_t k = 0, count = 0;
    for (size_t i = 0; i < g->n_members; i++) {
        rk_cinfo *c = &x->ci[g->members[i]];
        c->superseded = 0;
        if (c->named && c->drank)
            P[k++] = c;
    }
    rk_order_source_date(x, P, k);
    for (size_t i = 0; i < k;) {
        size_t j = i + 1;
        while (j < k && P[j]->src == P[i]->src)
            j++;
        size_t last = j - 1;
        while (last > i && same_date(P[last - 1], P[j - 1]))
            last--;
        for (size_t t = i; t < last; t++) {
            if (rk_cinfo_same_figure(P[t], P[last]))
                continue;
            P[t]->superseded = 1;
            count++;
            if (rk_recon_link(x, P[last], P[t], RK_LINK_SUPERSEDES, "same-source-revised") < 0)
                return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            if (!d->rev_old) {
                d->rev_old = P[t];
                d->rev_new = P[last];
            }
        }
        i = j;
    }
    if (!count)
        return RK_OK;
    if (!(g->superseded = malloc(count * sizeof *g->superseded)))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < g->n_members; i++)
        if (x->ci[g->members[i]].superseded)
            g->superseded[g->n_superseded++] = g->members[i];
    return RK_OK;
}

/* ---- breakdowns --------------------------------------------------------- */

static int same_sentence(const rk_cinfo *a, const rk_cinfo *b)
{
    return a->document == b->document && a->sentence_start == b->sentence_start &&
           a->src == b->src;
}

/* Rule "breakdown-in-sentence": a source does not contradict itself within
 * one sentence, so two figures of one quantity and subject it gives there
 * are a total and its parts ("19 million people, 4 million of them
 * Russian") or a figure and the one it grew from. The largest stands for
 * the sentence; the others are linked to it as narrower and set aside, as
 * superseded figures are. Two sources set side by side in one sentence
 * ("the ministry said 18, Reuters 25") are rivals as anywhere else. Claims
 * without a known sentence span are left alone. */
static rk_status breakdown(rk_recon *x, rk_group *g, rk_decision *d, rk_error *err)
{
    rk_cinfo **P = x->scratch;
    size_t k = 0;
    for (size_t i = 0; i < g->n_members; i++) {
        rk_cinfo *c = &x->ci[g->members[i]];
        c->part = 0;
        c->whole = NULL;
        /* a withdrawn or disputed figure, or the one a figure grew from, is
         * no part of the other ("78, not 79", "rose to 81 from 78") */
        if (!c->superseded && c->bounded && c->sentence_end > c->sentence_start &&
            !c->status && !c->earlier)
            P[k++] = c;
    }
    rk_order_sentence_figure(x, P, k);
    for (size_t i = 0; i < k;) {
        size_t j = i + 1;
        for (; j < k && same_sentence(P[i], P[j]); j++) {
            if (rk_cinfo_same_figure(P[i], P[j]))
                continue;
            P[j]->part = 1;
            P[j]->whole = P[i];
            d->n_parts++;
            if (rk_recon_link(x, P[j], P[i], RK_LINK_NARROWER_THAN, "breakdown-in-sentence") < 0)
                return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            if (!d->part) {
                d->part = P[j];
                d->whole = P[i];
            }
        }
        i = j;
    }
    return RK_OK;
}

/* ---- verdict ------------------------------------------------------------ */

static void set_decision(rk_decision *d, rk_verdict v, const char *rule, const rk_cinfo *a,
                         const rk_cinfo *b)
{
    d->verdict = v;
    d->rule = rule;
    d->a = a;
    d->b = b;
}

/* Disjoint figures on one date: within a date, the highest low above the
 * lowest high. A is sorted by (date, low). Returns 1 when found. */
static int disjoint_same_date(rk_cinfo **A, size_t n, rk_decision *d)
{
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && same_date(A[i], A[j]))
            j++;
        if (A[i]->drank) {
            const rk_cinfo *maxlo = A[i], *minhi = A[i];
            for (size_t t = i; t < j; t++) {
                if (A[t]->lo > maxlo->lo)
                    maxlo = A[t];
                if (A[t]->hi < minhi->hi)
                    minhi = A[t];
            }
            if (maxlo->lo > minhi->hi) {
                set_decision(d, RK_VERDICT_CONTRADICTION, "disjoint-same-date", minhi, maxlo);
                return 1;
            }
        }
        i = j;
    }
    return 0;
}

/* A cumulative figure, date by date: below an earlier low is a fall (a
 * contradiction), above an earlier high a rise. Returns 1 on a fall. */
static int cumulative_sweep(rk_cinfo **A, size_t n, rk_decision *d, const rk_cinfo **rise)
{
    const rk_cinfo *maxlo = NULL, *minhi = NULL;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && rk_cinfo_cmp_date(A[i], A[j]) == 0)
            j++;
        if (A[i]->drank) {
            for (size_t t = i; t < j; t++) {
                if (maxlo && A[t]->hi < maxlo->lo) {
                    set_decision(d, RK_VERDICT_CONTRADICTION, "cumulative-fall", maxlo, A[t]);
                    return 1;
                }
                if (minhi && !rise[0] && A[t]->lo > minhi->hi) {
                    rise[0] = minhi;
                    rise[1] = A[t];
                }
            }
            for (size_t t = i; t < j; t++) {
                if (!maxlo || A[t]->lo > maxlo->lo)
                    maxlo = A[t];
                if (!minhi || A[t]->hi < minhi->hi)
                    minhi = A[t];
            }
        }
        i = j;
    }
    return 0;
}

/* The claim to name beside the lowest one: the highest reaching, else the
 * highest starting, else any other, so the sentence names two claims. */
static const rk_cinfo *other_extreme(rk_cinfo **A, size_t n, const rk_cinfo *minlo,
                                     const rk_cinfo *maxhi, const rk_cinfo *maxlo)
{
    if (maxhi != minlo)
        return maxhi;
    if (maxlo != minlo)
        return maxlo;
    return A[0] != minlo ? A[0] : A[n - 1];
}

/* Sets d for the group's active claims A (sorted by date, figure). */
static void decide(rk_cinfo **A, size_t n, size_t n_src, int cumulative, rk_decision *d)
{
    if (n == 1) {
        set_decision(d, RK_VERDICT_SINGLE, "single-claim", A[0], NULL);
        return;
    }
    if (n_src == 1) {
        set_decision(d, RK_VERDICT_SINGLE, "single-source", A[n - 1], NULL);
        return;
    }
    const rk_cinfo *maxlo = A[0], *minhi = A[0], *dmaxlo = NULL, *dminhi = NULL;
    const rk_cinfo *minlo = A[0], *maxhi = A[0];
    int all_same = 1;
    for (size_t i = 0; i < n; i++) {
        const rk_cinfo *c = A[i];
        maxlo = c->lo > maxlo->lo ? c : maxlo;
        minhi = c->hi < minhi->hi ? c : minhi;
        minlo = c->lo < minlo->lo ? c : minlo;
        maxhi = c->hi > maxhi->hi ? c : maxhi;
        all_same &= rk_cinfo_same_figure(c, A[0]);
        if (c->drank) {
            dmaxlo = !dmaxlo || c->lo > dmaxlo->lo ? c : dmaxlo;
            dminhi = !dminhi || c->hi < dminhi->hi ? c : dminhi;
        }
    }
    const rk_cinfo *rise[2] = {NULL, NULL};
    if (disjoint_same_date(A, n, d))
        return;
    if (cumulative && cumulative_sweep(A, n, d, rise))
        return;
    if (!cumulative && dmaxlo && dmaxlo->lo > dminhi->hi) {
        set_decision(d, RK_VERDICT_CONTRADICTION, "disjoint", dminhi, dmaxlo);
        return;
    }
    /* An undated claim cannot be ordered against anything: disjoint from any
     * other figure is a contradiction whatever the quantity. Undated claims
     * sort first. */
    for (size_t i = 0; i < n && !A[i]->drank; i++) {
        if (A[i]->hi < maxlo->lo) {
            set_decision(d, RK_VERDICT_CONTRADICTION, "disjoint-undated", A[i], maxlo);
            return;
        }
        if (A[i]->lo > minhi->hi) {
            set_decision(d, RK_VERDICT_CONTRADICTION, "disjoint-undated", minhi, A[i]);
            return;
        }
    }
    if (rise[0])
        set_decision(d, RK_VERDICT_RISING, "cumulative-rise", rise[0], rise[1]);
    else if (all_same)
        set_decision(d, RK_VERDICT_AGREE, "same-figure", A[0], A[n - 1]);
    else
        set_decision(d, RK_VERDICT_COMPATIBLE, "overlap", minlo, other_extreme(A, n, minlo, maxhi, maxlo));
}

/* The number of distinct sources among A: each source id is marked with
 * the call's stamp when first met. */
static size_t count_sources(rk_recon *x, rk_cinfo **A, size_t n)
{
    uint32_t stamp = ++x->source_stamp;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (x->source_seen[A[i]->src] != stamp) {
            x->source_seen[A[i]->src] = stamp;
            k++;
        }
    return k;
}

/* ---- estimate ----------------------------------------------------------- */

/* 1 when a is a better "latest" figure than b: later, then more precise,
 * then lower (the cautious choice), then earlier in the input. */
static int better_latest(const rk_cinfo *a, const rk_cinfo *b)
{
    int c = rk_cinfo_cmp_date(a, b);
    if (c)
        return c > 0;
    if (a->precision != b->precision)
        return a->precision < b->precision;
    if (a->point != b->point)
        return a->point < b->point;
    return a < b;
}

static const rk_cinfo *pick_latest(rk_cinfo **A, size_t n, int official_only)
{
    const rk_cinfo *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (A[i]->bounded && (!official_only || A[i]->official) &&
            (!best || better_latest(A[i], best)))
            best = A[i];
    return best;
}

/* The figure the most independent sources give; ties go to the latest. */
static const rk_cinfo *pick_most_attributed(rk_recon *x, rk_cinfo **A, size_t n,
                                            rk_cinfo **tmp)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (A[i]->bounded)
            tmp[k++] = A[i];
    rk_order_figure_source(x, tmp, k);
    const rk_cinfo *best = NULL;
    size_t best_count = 0;
    for (size_t i = 0; i < k;) {
        size_t j = i + 1, count = 1;
        for (; j < k && rk_cinfo_same_figure(tmp[i], tmp[j]); j++)
            count += tmp[j]->src != tmp[j - 1]->src;
        const rk_cinfo *rep = pick_latest(tmp + i, j - i, 0);
        if (count > best_count || (count == best_count && better_latest(rep, best))) {
            best = rep;
            best_count = count;
        }
        i = j;
    }
    return best;
}

static void estimate(rk_group *g, rk_cinfo **A, size_t n, const rk_cinfo *best)
{
    double low = INFINITY, high = -INFINITY, minhi = INFINITY;
    int any = 0;
    g->high_open = 0;
    for (size_t i = 0; i < n; i++) {
        const rk_cinfo *c = A[i];
        if (!c->bounded)
            continue;
        any = 1;
        if (isfinite(c->rlo)) {
            low = fmin(low, c->rlo);
            high = fmax(high, c->rlo);
        }
        if (isfinite(c->rhi)) {
            high = fmax(high, c->rhi);
            minhi = fmin(minhi, c->rhi);
        } else {
            g->high_open = 1;
        }
    }
    if (!isfinite(low))
        low = minhi;
    g->has_estimate = any && best && isfinite(low) && isfinite(high);
    if (!g->has_estimate) {
        g->low = g->best = g->high = 0;
        g->high_open = 0;
        return;
    }
    g->low = low;
    g->high = high;
    g->best = fmin(fmax(best->point, low), high);
}

/* ---- links -------------------------------------------------------------- */

static rk_link_kind relate(const rk_cinfo *a, const rk_cinfo *b, int cumulative,
                           const char **rule)
{
    if (rk_cinfo_same_figure(a, b)) {
        *rule = "same-figure";
        return RK_LINK_AGREES;
    }
    if (cumulative && a->drank && b->drank && rk_cinfo_cmp_date(a, b) < 0) {
        if (b->lo > a->hi) {
            *rule = "cumulative-rise";
            return RK_LINK_RISES_FROM;
        }
        if (b->hi < a->lo) {
            *rule = "cumulative-fall";
            return RK_LINK_CONTRADICTS;
        }
    }
    if (a->lo <= b->hi && b->lo <= a->hi) {
        *rule = "overlap";
        return RK_LINK_COMPATIBLE;
    }
    *rule = same_date(a, b)          ? "disjoint-same-date"
            : !a->drank || !b->drank ? "disjoint-undated"
                                   : "disjoint";
    return RK_LINK_CONTRADICTS;
}

static int link_neighbours(rk_recon *x, rk_cinfo **A, size_t n, int cumulative,
                           const rk_decision *d)
{
    size_t pa = RK_NO_INDEX, pb = RK_NO_INDEX;
    for (size_t i = 0; i < n; i++) {
        pa = A[i] == d->a ? i : pa;
        pb = A[i] == d->b ? i : pb;
        if (i == 0)
            continue;
        const char *rule;
        rk_link_kind k = relate(A[i - 1], A[i], cumulative, &rule);
        if (rk_recon_link(x, A[i], A[i - 1], k, rule) < 0)
            return -1;
    }
    /* The pair that decided the verdict is always linked, even when other
     * figures sort between them. */
    int decisive = d->verdict == RK_VERDICT_CONTRADICTION || d->verdict == RK_VERDICT_RISING;
    if (decisive && d->b && pa != RK_NO_INDEX && pb != RK_NO_INDEX && pa + 1 != pb &&
        pb + 1 != pa) {
        rk_link_kind k = d->verdict == RK_VERDICT_RISING ? RK_LINK_RISES_FROM : RK_LINK_CONTRADICTS;
        if (rk_recon_link(x, d->b, d->a, k, d->rule) < 0)
            return -1;
    }
    return 0;
}

/* ---- standing figures --------------------------------------------------- */

/* Withdrawn or disputed figures take figures that repeat them along: once
 * the health ministry withdraws 164, every 164 of the group is withdrawn;
 * once the coast guard says "not 79", every 79 is disputed. One sort: the
 * figures that repeat one another sit together. */
static void spread_status(rk_recon *x, const rk_group *g)
{
    rk_cinfo **P = x->scratch;
    int any = 0;
    for (size_t i = 0; i < g->n_members; i++) {
        rk_cinfo *m = &x->ci[g->members[i]];
        m->status = m->cstatus;
        any |= m->status;
        P[i] = m;
    }
    if (!any)
        return; /* nothing to spread: most groups */
    rk_order_figure(x, P, g->n_members);
    /* a withdrawn or disputed figure is that value wherever it is given:
     * "164" and "at least 164" alike */
    for (size_t i = 0; i < g->n_members;) {
        size_t j = i + 1;
        const rk_cinfo *src = P[i]->cstatus && P[i]->bounded ? P[i] : NULL;
        while (j < g->n_members && P[j]->bounded && P[i]->bounded && P[j]->rlo == P[i]->rlo) {
            if (!src && P[j]->cstatus)
                src = P[j];
            j++;
        }
        for (size_t k = i; src && k < j; k++)
            if (!P[k]->status) {
                P[k]->status = src->cstatus;
            }
        i = j;
    }
}

/* 1 when claim c stands in its document's headline: its sentence is the
 * title, at the top of the body ("Kazakhstan says 18 killed" over a body
 * that gives the ministry's 18). */
static int in_headline(const rk_recon *x, const rk_cinfo *c)
{
    /* the place first: it rules out nearly every claim without a look at
     * the document */
    if (c->sentence_start >= 4 || c->document >= x->set->docs.n)
        return 0;
    const char *title = x->set->docs.docs[c->document]->title.value;
    size_t tl = title ? strlen(title) : 0, sl = c->sentence_end - c->sentence_start;
    return tl && sl + 2 >= tl && sl <= tl + 2;
}

/* A figure an article gives in its own voice (its headline) and again from
 * a source in its body is that source's, once: "a headline and its body
 * count once". A headline's own speaker ("Kazakhstan says 18 ...") is the
 * headline writer's shorthand for the source the body names. */
static void headline_sources(rk_recon *x, const rk_group *g)
{
    rk_cinfo **P = x->scratch;
    for (size_t i = 0; i < g->n_members; i++)
        P[i] = &x->ci[g->members[i]];
    rk_order_doc_low(x, P, g->n_members);
    for (size_t i = 0; i < g->n_members;) {
        size_t j = i + 1;
        while (j < g->n_members && P[j]->document == P[i]->document &&
               P[j]->rlo == P[i]->rlo)
            j++;
        const rk_cinfo *said = NULL;
        for (size_t k = i; k < j && !said; k++)
            if (P[k]->has_speaker && P[k]->bounded && !in_headline(x, P[k]))
                said = P[k];
        for (size_t k = i; said && k < j; k++)
            if ((!P[k]->has_speaker || in_headline(x, P[k])) && P[k]->bounded) {
                P[k]->src = said->src;
                P[k]->authority = said->authority;
            }
        i = j;
    }
}

/* 1 when a is a better figure to stand for the group than b under the
 * best policy: for "authoritative", the more authoritative source first,
 * then the later figure; for "latest", the later first. Then the more
 * precise, then the lower (the cautious choice), then the first given. */
static int better(const rk_cinfo *a, const rk_cinfo *b, int authoritative)
{
    if (authoritative && a->authority != b->authority)
        return a->authority < b->authority;
    if (a->has_period != b->has_period)
        return a->has_period;
    if (a->has_period && a->dhi != b->dhi)
        return a->dhi > b->dhi;
    if (!authoritative && a->authority != b->authority)
        return a->authority < b->authority;
    if (a->precision != b->precision)
        return a->precision < b->precision;
    if (a->point != b->point)
        return a->point < b->point;
    return a < b;
}

/* The figures that still stand, into S (from the active ones A): hedged
 * and vague figures only when nothing firmer is said; in a running total,
 * not one a later figure at least as high overtook; in a count of now,
 * only the latest. One sort by period and a suffix maximum: O(n log n). */
static size_t standing(rk_recon *x, rk_cinfo **A, size_t n, int series, rk_cinfo **S)
{
    int firm = 0;
    for (size_t i = 0; i < n; i++)
        firm |= A[i]->bounded && !A[i]->hedged && A[i]->exactness != RK_EXACTNESS_VAGUE;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (A[i]->bounded &&
            !(firm && (A[i]->hedged || A[i]->exactness == RK_EXACTNESS_VAGUE)))
            S[k++] = A[i];
    if (series == RK_SERIES_FACT || k < 2)
        return k;
    /* dated figures by the start of their period, with the highest low of
     * each and every later one */
    rk_cinfo **D = x->scratch2;
    size_t nd = 0;
    for (size_t i = 0; i < k; i++)
        if (S[i]->has_period)
            D[nd++] = S[i];
    rk_order_period_start(x, D, nd);
    double *suffix = malloc((nd ? nd : 1) * sizeof *suffix);
    if (!suffix)
        return k; /* out of memory: every figure stands, which is only wider */
    for (size_t i = nd; i-- > 0;)
        suffix[i] = i + 1 < nd ? fmax(suffix[i + 1], D[i]->rlo) : D[i]->rlo;
    size_t out = 0;
    for (size_t i = 0; i < k; i++) {
        const rk_cinfo *c = S[i];
        int gone = 0;
        if (c->has_period && nd) {
            /* the first dated figure starting after c's period ends */
            size_t lo = 0, hi = nd;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (D[mid]->dlo > c->dhi)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            gone = lo < nd && (series == RK_SERIES_STOCK || suffix[lo] >= c->rlo);
        }
        if (!gone)
            S[out++] = S[i];
    }
    free(suffix);
    return out;
}

static void estimate2(rk_recon *x, rk_group *g, rk_cinfo **A, size_t n, const rk_qpolicy *qp,
                      rk_decision *d)
{
    rk_cinfo **S = x->scratch3;
    size_t k = standing(x, A, n, qp->cumulative, S);
    const rk_cinfo *best = NULL;
    if (strcmp(qp->best, "most_attributed") == 0) {
        best = k ? pick_most_attributed(x, S, k, x->scratch2) : NULL;
    } else {
        int auth = strcmp(qp->best, "authoritative") == 0, ranked = 0;
        for (size_t i = 0; auth && i < k; i++)
            ranked |= S[i]->official;
        if (auth && !ranked && k) {
            /* no source the authority order names: the most attributed */
            d->best = pick_most_attributed(x, S, k, x->scratch2);
            d->best_fallback = 1;
            estimate(g, S, k, d->best);
            return;
        }
        for (size_t i = 0; i < k; i++)
            if (!best || better(S[i], best, auth))
                best = S[i];
    }
    d->best = best;
    estimate(g, S, k, best);
}

/* ---- the group ---------------------------------------------------------- */

/* Whether member a is listed before member b: by figure, then article, then
 * place in it, so an explanation does not depend on the order claims came. */
static int listed_before(const rk_recon *x, size_t a, size_t b)
{
    const rk_cinfo *p = &x->ci[a], *q = &x->ci[b];
    if (p->rlo != q->rlo)
        return p->rlo < q->rlo;
    if (p->rhi != q->rhi)
        return p->rhi < q->rhi;
    const rk_document *dp = x->set->docs.docs[p->document];
    const rk_document *dq = x->set->docs.docs[q->document];
    int c = strcmp(dp->id ? dp->id : "", dq->id ? dq->id : "");
    if (c)
        return c < 0;
    return p->cl->start < q->cl->start;
}

/* Sorts b[0..n) by listed_before(), stably (room for n in tmp): a merge
 * takes the left one unless the right one is listed before it. */
static void sort_listed(const rk_recon *x, size_t *b, size_t n, size_t *tmp)
{
    if (n <= 1)
        return;
    size_t n1 = n / 2, n2 = n - n1, *b1 = b, *b2 = b + n1, *o = tmp;
    sort_listed(x, b1, n1, tmp);
    sort_listed(x, b2, n2, tmp);
    while (n1 > 0 && n2 > 0) {
        if (listed_before(x, *b2, *b1)) {
            *o++ = *b2++;
            n2--;
        } else {
            *o++ = *b1++;
            n1--;
        }
    }
    memcpy(o, b1, n1 * sizeof *o);
    memcpy(b, tmp, (n - n2) * sizeof *b);
}

/* The members on a side of the contradiction (sides) or withdrawn or
 * disputed (!sides), into *v in listing order. 0, or -1 on out of memory. */
static int collect(rk_recon *x, const rk_group *g, size_t **v, size_t *n, int sides)
{
    size_t k = 0;
    for (size_t i = 0; i < g->n_members; i++) {
        const rk_cinfo *c = &x->ci[g->members[i]];
        k += sides ? c->side && g->verdict == RK_VERDICT_CONTRADICTION : c->status != 0;
    }
    *n = 0;
    if (!k)
        return 0;
    if (!(*v = malloc(k * sizeof **v)))
        return -1;
    for (size_t i = 0; i < g->n_members; i++) {
        const rk_cinfo *c = &x->ci[g->members[i]];
        if (sides ? c->side && g->verdict == RK_VERDICT_CONTRADICTION : c->status != 0)
            (*v)[(*n)++] = g->members[i];
    }
    /* stable, as the insertion sort it replaces was: every figure of a
     * large group can be withdrawn along with one */
    size_t *tmp = *n > 1 ? malloc(*n * sizeof *tmp) : NULL;
    if (*n > 1 && !tmp)
        return -1;
    sort_listed(x, *v, *n, tmp);
    free(tmp);
    return 0;
}

/* Groups of at most this many figures are judged pair by pair. */
#define PAIRWISE_MAX 64


rk_status rk_recon_group(rk_recon *x, size_t gi, rk_error *err)
{
    rk_group *g = &x->r->groups[gi];
    const rk_qpolicy *qp = rk_policy_quantity(x->pol, g->quantity);
    rk_decision d = {0};
    spread_status(x, g);
    headline_sources(x, g);
    rk_status st = supersede(x, g, &d, err);
    if (st == RK_OK)
        st = breakdown(x, g, &d, err);
    if (st != RK_OK)
        return st;
    rk_cinfo **A = x->scratch;
    size_t n = 0;
    for (size_t i = 0; i < g->n_members; i++) {
        rk_cinfo *c = &x->ci[g->members[i]];
        c->active = !c->superseded && !c->part && !c->status;
        if (c->active)
            A[n++] = c;
    }
    rk_order_date_value(x, A, n);
    g->n_speakers = count_sources(x, A, n);
    d.n_active = n;
    int cumulative = qp->cumulative == RK_SERIES_CUMULATIVE;
    int linked = 0;
    if (g->n_members <= PAIRWISE_MAX && g->n_members > 1) {
        rk_cinfo **M = x->scratch2;
        for (size_t i = 0; i < g->n_members; i++)
            M[i] = &x->ci[g->members[i]];
        rk_order_date_value(x, M, g->n_members);
        if (rk_recon_pairwise(x, M, g->n_members, qp->cumulative, &d) < 0)
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        linked = 1;
        /* one source saying one thing throughout, or nothing left standing
         * (its own count rising or updated is news, and stays so) */
        if (n <= 1 || (g->n_speakers == 1 && d.verdict != RK_VERDICT_CONTRADICTION &&
                       d.verdict != RK_VERDICT_REVISION && d.verdict != RK_VERDICT_RISING &&
                       d.verdict != RK_VERDICT_UPDATED)) {
            d.verdict = RK_VERDICT_SINGLE;
            d.rule = n <= 1 ? "single-claim" : "single-source";
            d.a = n ? A[n - 1] : &x->ci[g->members[g->n_members - 1]];
            d.b = NULL;
        }
    } else {
        if (n)
            decide(A, n, g->n_speakers, cumulative, &d);
        else {
            d.verdict = RK_VERDICT_SINGLE;
            d.rule = "single-claim";
            d.a = &x->ci[g->members[g->n_members - 1]];
        }
    }
    if (!d.verdict) {
        d.verdict = RK_VERDICT_SINGLE;
        d.rule = "single-claim";
        d.a = &x->ci[g->members[0]];
    }
    g->verdict = d.verdict;
    g->verdict_rule = d.rule;
    g->policy = qp->best;
    if (collect(x, g, &g->sides, &g->n_sides, 1) < 0 ||
        collect(x, g, &g->withdrawn, &g->n_withdrawn, 0) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    estimate2(x, g, A, n, qp, &d);
    x->best[gi] = g->has_estimate && d.best ? rk_cinfo_index(x, d.best) : RK_NO_INDEX;
    if ((!linked && link_neighbours(x, A, n, cumulative, &d) < 0) ||
        !(g->explanation = rk_recon_explain(x, g, &d)))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}
