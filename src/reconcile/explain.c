/* explain.c - the one-sentence explanation of a group's verdict, naming the
 * figures, their sources and dates, the deciding rule and the estimate.
 * Numbers print with %.15g in the C locale, so sentences are byte-stable. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"

static int put_num(rk_buf *b, double v)
{
    if (isinf(v))
        return rk_buf_puts(b, v > 0 ? "infinity" : "-infinity");
    return rk_buf_printf(b, "%.15g", v);
}

static int put_figure(rk_buf *b, const rk_cinfo *c)
{
    const rk_claim *cl = c->cl;
    const char *prefix = NULL;
    switch ((rk_exactness)cl->exactness) {
    case RK_EXACTNESS_APPROX: prefix = "about "; break;
    case RK_EXACTNESS_MORE_THAN: prefix = "more than "; break;
    case RK_EXACTNESS_AT_LEAST: prefix = "at least "; break;
    case RK_EXACTNESS_LESS_THAN: return rk_buf_puts(b, "less than ") | put_num(b, c->rhi);
    case RK_EXACTNESS_AT_MOST: return rk_buf_puts(b, "at most ") | put_num(b, c->rhi);
    case RK_EXACTNESS_RANGE:
        return put_num(b, c->rlo) | rk_buf_puts(b, " to ") | put_num(b, c->rhi);
    case RK_EXACTNESS_VAGUE:
        /* A vague word is best quoted, with the interval it stands for. */
        return rk_buf_printf(b, "\"%s\" (", cl->text ? cl->text : "") | put_num(b, c->rlo) |
               rk_buf_puts(b, " to ") | put_num(b, c->rhi) | rk_buf_putc(b, ')');
    default: break;
    }
    if (!c->bounded)
        return rk_buf_printf(b, "\"%s\"", cl->text ? cl->text : "");
    if (prefix && rk_buf_puts(b, prefix) < 0)
        return -1;
    return put_num(b, c->rlo);
}

/* Days since 1970 as "YYYY-MM-DD". */
static int put_day(rk_buf *b, int32_t z)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
    return rk_buf_printf(b, "%04d-%02d-%02d", y + (m <= 2), m, d);
}

/* "18 from مصادر حكومية [interior_ministry] in AP (000_a3695..., as of
 * 2022-01-09 or earlier)": figure, speaker, originator, outlet, period. */
static int put_claim(rk_buf *b, const rk_recon *x, const rk_cinfo *c)
{
    const rk_claim *cl = c->cl;
    const rk_document *doc = cl->document < x->set->docs.n ? x->set->docs.docs[cl->document] : NULL;
    const char *docid = doc && doc->id ? doc->id : "?";
    const char *outlet = doc && doc->source.value && *doc->source.value ? doc->source.value : NULL;
    int rc = put_figure(b, c);
    if (cl->speaker && *cl->speaker)
        rc |= rk_buf_printf(b, " from %s", cl->speaker);
    if (cl->originator)
        rc |= rk_buf_printf(b, " [%s]", cl->originator);
    if (cl->via && *cl->via)
        rc |= rk_buf_printf(b, " via %s", cl->via);
    if (outlet && !(cl->speaker && strcmp(cl->speaker, outlet) == 0))
        rc |= rk_buf_printf(b, " in %s", outlet);
    rc |= rk_buf_printf(b, " (%s, ", docid);
    if (!c->has_period)
        rc |= rk_buf_puts(b, "undated)");
    else if (cl->earlier)
        rc |= rk_buf_puts(b, "before ") | put_day(b, c->dhi + 1) | rk_buf_putc(b, ')');
    else if (c->by_published)
        rc |= rk_buf_puts(b, "as of ") | put_day(b, c->dhi) | rk_buf_puts(b, " or earlier)");
    else if (c->dlo != c->dhi)
        rc |= put_day(b, c->dlo) | rk_buf_puts(b, " to ") | put_day(b, c->dhi) |
              rk_buf_putc(b, ')');
    else
        rc |= put_day(b, c->dhi) | rk_buf_putc(b, ')');
    return rc;
}

/* Every side of a contradiction: "164 from ... ; 103 from ... ; ...". */
static int put_sides(rk_buf *b, const rk_recon *x, const rk_group *g)
{
    int rc = 0;
    for (size_t i = 0; i < g->n_sides; i++) {
        if (i)
            rc |= rk_buf_puts(b, i + 1 == g->n_sides ? "; and " : "; ");
        rc |= put_claim(b, x, &x->ci[g->sides[i]]);
    }
    return rc;
}

static int put_pair(rk_buf *b, const rk_recon *x, const rk_decision *d, const char *mid)
{
    if (!d->a)
        return 0;
    if (!d->b)
        return put_claim(b, x, d->a);
    return put_claim(b, x, d->a) | rk_buf_puts(b, mid) | put_claim(b, x, d->b);
}

static int put_main(rk_buf *b, const rk_recon *x, const rk_group *g, const rk_decision *d)
{
    const char *r = d->rule;
    if (strcmp(r, "single-claim") == 0)
        return rk_buf_puts(b, "Only one claim gives this figure: ") | put_claim(b, x, d->a);
    if (strcmp(r, "single-source") == 0)
        return rk_buf_printf(b, "All %zu claims come from one source: ", d->n_active) |
               put_claim(b, x, d->a);
    if (g->verdict == RK_VERDICT_CONTRADICTION && g->n_sides)
        return rk_buf_printf(b, "Figures for one period that cannot all be true, from %zu "
                                "independent originators: ",
                             g->n_speakers) |
               put_sides(b, x, g);
    if (g->verdict == RK_VERDICT_REVISION)
        return rk_buf_puts(b, "A running total was lowered by its own source: ") |
               put_claim(b, x, d->b) | rk_buf_puts(b, " replaced ") | put_claim(b, x, d->a);
    if (g->verdict == RK_VERDICT_UPDATED)
        return rk_buf_puts(b, "The count is given anew over time, from ") |
               put_pair(b, x, d, " to ");
    if (g->verdict == RK_VERDICT_RISING)
        return rk_buf_puts(b, "The running total rises, from ") | put_pair(b, x, d, " to ");
    if (strcmp(r, "same-figure") == 0 || strcmp(r, "rounding") == 0)
        return rk_buf_printf(b, "%zu claims from %zu independent sources give the same figure: ",
                             d->n_active, g->n_speakers) |
               put_pair(b, x, d, " and ");
    if (strcmp(r, "overlap") == 0)
        return rk_buf_printf(b, "The %zu figures from %zu independent sources overlap, from ",
                             d->n_active, g->n_speakers) |
               put_pair(b, x, d, " to ");
    if (strcmp(r, "cumulative-rise") == 0)
        return rk_buf_puts(b, "The running total rises, from ") | put_pair(b, x, d, " to ");
    if (strcmp(r, "cumulative-fall") == 0)
        return rk_buf_puts(b, "A running total cannot fall, yet it goes from ") |
               put_pair(b, x, d, " to ");
    if (strcmp(r, "disjoint-same-date") == 0)
        return put_pair(b, x, d, " and ") | rk_buf_puts(b, " cannot both be true on one date");
    if (strcmp(r, "cumulative-undated") == 0)
        return rk_buf_puts(b, "The running total differs between ") | put_pair(b, x, d, " and ") |
               rk_buf_puts(b, ", and no date says which came first: a rise or a conflict, "
                              "for the reader to settle");
    if (g->verdict == RK_VERDICT_COMPATIBLE && strcmp(r, "disjoint") == 0)
        return put_pair(b, x, d, " and ") |
               rk_buf_puts(b, " differ, and a figure with no date decides no verdict alone");
    if (strcmp(r, "disjoint-undated") == 0)
        return put_pair(b, x, d, " and ") |
               rk_buf_puts(b, " cannot both be true, and no date orders them");
    return put_pair(b, x, d, " and ") |
           rk_buf_puts(b, " cannot both be true of a figure that does not change over time");
}

static int put_estimate(rk_buf *b, const rk_group *g, const rk_decision *d)
{
    if (!g->has_estimate)
        return rk_buf_puts(b, "; no claim bounds the figure");
    int rc = rk_buf_puts(b, "; best estimate ") | put_num(b, g->best) |
             rk_buf_puts(b, " (low ") | put_num(b, g->low) | rk_buf_puts(b, ", high ");
    rc |= g->high_open ? rk_buf_puts(b, "open") : put_num(b, g->high);
    rc |= rk_buf_printf(b, ") by policy %s", g->policy);
    if (d->best_fallback)
        rc |= rk_buf_puts(b, ", no source ranked by authority, so the most attributed figure");
    return rc;
}

char *rk_recon_explain(const rk_recon *x, const rk_group *g, const rk_decision *d)
{
    rk_buf b = RK_BUF_INIT;
    int rc = put_main(&b, x, g, d) | rk_buf_printf(&b, " (rule %s)", d->rule);
    if (d->rev_old) {
        /* Superseded figures do not count; say which one was set aside. */
        rc |= rk_buf_puts(&b, "; revised: ") | put_claim(&b, x, d->rev_old) |
              rk_buf_puts(&b, " was replaced by ") | put_claim(&b, x, d->rev_new);
        if (g->n_superseded > 1)
            rc |= rk_buf_printf(&b, " (%zu superseded figures set aside)", g->n_superseded);
    }
    if (d->part) {
        /* Parts of a figure are not rivals of it; say which were set aside. */
        rc |= rk_buf_puts(&b, "; read as a breakdown: ") | put_claim(&b, x, d->part) |
              rk_buf_puts(&b, " is part of ") | put_figure(&b, d->whole) |
              rk_buf_puts(&b, " in the same sentence");
        if (d->n_parts > 1)
            rc |= rk_buf_printf(&b, " (%zu parts set aside)", d->n_parts);
    }
    rc |= put_estimate(&b, g, d) | rk_buf_putc(&b, '.');
    if (rc < 0) {
        rk_buf_free(&b);
        return NULL;
    }
    return rk_buf_detach(&b, NULL);
}

int rk_recon_explain_exceeds(const rk_recon *x, rk_group *g, const rk_group *wide)
{
    (void)x;
    rk_buf b = RK_BUF_INIT;
    size_t n = strlen(g->explanation);
    /* Replace the final full stop with one more clause. */
    int rc = rk_buf_append(&b, g->explanation, n ? n - 1 : 0) |
             rk_buf_printf(&b, "; its best figure ") | put_num(&b, g->best) |
             rk_buf_printf(&b, " exceeds the high of the wider group %s, ", wide->id) |
             put_num(&b, wide->high) | rk_buf_puts(&b, " (rule narrower-exceeds-wider).");
    if (rc < 0) {
        rk_buf_free(&b);
        return -1;
    }
    free(g->explanation);
    g->explanation = rk_buf_detach(&b, NULL);
    return 0;
}
