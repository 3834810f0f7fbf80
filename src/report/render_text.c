/* render_text.c - a plain-text summary for a terminal: contradictions first,
 * each group in a few lines (verdict, estimate, why), then its figures with
 * their sources and dates. Byte-stable; no colour, no width detection. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

/* How much of a verdict needs a reader: contradictions first. */
static int rank(rk_verdict v)
{
    switch (v) {
    case RK_VERDICT_CONTRADICTION: return 0;
    case RK_VERDICT_RISING: case RK_VERDICT_REVISION: case RK_VERDICT_UPDATED: return 1;
    case RK_VERDICT_COMPATIBLE: return 2;
    case RK_VERDICT_AGREE: return 3;
    case RK_VERDICT_SINGLE: return 4;
    default: return 5;
    }
}

/* Groups by rank, then in their own (id) order; a counting sort keeps it
 * linear and stable. */
static size_t *order_groups(const rk_reconciliation *rec)
{
    size_t count[7] = {0}, *order = malloc((rec->n_groups + 1) * sizeof *order);
    if (!order)
        return NULL;
    for (size_t i = 0; i < rec->n_groups; i++)
        count[rank(rec->groups[i].verdict) + 1]++;
    for (int r = 1; r < 7; r++)
        count[r] += count[r - 1];
    for (size_t i = 0; i < rec->n_groups; i++)
        order[count[rank(rec->groups[i].verdict)]++] = i;
    return order;
}

/* Text on one line: line breaks and other control characters in quoted
 * bytes become spaces, so one figure stays one line. */
static void put_line_text(FILE *f, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc((unsigned char)p[i] < 0x20 || p[i] == 0x7F ? ' ' : p[i], f);
}

static void put_str(FILE *f, const char *s)
{
    if (s)
        put_line_text(f, s, strlen(s));
}

static void put_verdict(FILE *f, const rk_group *g)
{
    const char *v = rk_verdict_name(g->verdict);
    char up[32];
    size_t i = 0;
    for (; v && v[i] && i + 1 < sizeof up; i++)
        up[i] = (char)(v[i] >= 'a' && v[i] <= 'z' ? v[i] - 32 : v[i]);
    up[i] = '\0';
    fputs(i ? up : "NO VERDICT", f);
}

static void put_estimate(FILE *f, const rk_group *g)
{
    if (!g->has_estimate) {
        fputs("  no estimate: no figure bounds this quantity\n", f);
        return;
    }
    char best[32], lo[32], hi[32];
    rk_format_number(g->best, best, sizeof best);
    rk_format_number(g->low, lo, sizeof lo);
    rk_format_number(g->high, hi, sizeof hi);
    fprintf(f, "  best estimate %s (low %s, high %s) by policy ", best, lo,
            g->high_open ? "open" : hi);
    put_str(f, g->policy ? g->policy : "unstated");
    fputc('\n', f);
}

/* "  - 18 (18) from Officials via Reuters, World News Desk, 2022-01-09" */
static void put_figure(FILE *f, const rk_report *rep, const rk_group *g, size_t ci)
{
    const rk_claim *c = &rep->set->claims[ci];
    const rk_document *d = rkr_claim_doc(rep, c);
    const char *date = rkr_claim_date(rep, c);
    char lo[32], hi[32];
    fputs("  - ", f);
    put_line_text(f, d->body + c->start, c->end - c->start);
    const char *l = rkr_num(c->low, c->has_low, lo, sizeof lo);
    const char *h = rkr_num(c->high, c->has_high, hi, sizeof hi);
    if (l && h && strcmp(l, h) != 0)
        fprintf(f, " (%s to %s)", l, h);
    else if (l && h)
        fprintf(f, " (%s)", l);
    else if (l || h)
        fprintf(f, l ? " (%s or more)" : " (up to %s)", l ? l : h);
    if (c->speaker) {
        fputs(" from ", f);
        put_str(f, c->speaker);
    }
    if (c->via) {
        fputs(" via ", f);
        put_str(f, c->via);
    }
    fputs(", ", f);
    put_str(f, rkr_doc_label(d));
    fputs(", ", f);
    if (date && c->as_of_from) {
        put_str(f, c->as_of_from);
        fputs(" to ", f);
    }
    put_str(f, date ? date : "undated");
    if (g && rkr_superseded(g, ci))
        fputs(" [superseded]", f);
    fputc('\n', f);
}

static void put_group(FILE *f, const rk_report *rep, const rk_group *g)
{
    put_verdict(f, g);
    fputs("  ", f);
    put_str(f, g->id);
    const rk_review_entry *r = rkr_review(rep, g);
    fputs("  [", f);
    put_str(f, r ? rk_review_state_name(r->state) : "not reviewed");
    if (r && rkr_review_stale(rep, g, r)) {
        fputs(", but the figures changed since (then: ", f);
        put_str(f, r->figures);
        fputs(")", f);
    }
    fputs("]\n", f);
    put_estimate(f, g);
    if (g->explanation) {
        fputs("  why: ", f);
        put_str(f, g->explanation);
        fputc('\n', f);
    }
    for (size_t k = 0; k < g->n_members; k++)
        put_figure(f, rep, g, g->members[k]);
    fputc('\n', f);
}

/* Without groups: each claim on one line, in document order. */
static void put_claims(FILE *f, const rk_report *rep)
{
    for (size_t i = 0; i < rep->set->n; i++) {
        const rk_claim *c = &rep->set->claims[i];
        fputs(c->quantity ? c->quantity : "untyped", f);
        if (c->subject) {
            fputc('/', f);
            put_str(f, c->subject);
        }
        fputc('\n', f);
        put_figure(f, rep, NULL, i);
    }
}

/* Typed claims no group holds (no subject, kept apart by the policy), so no
 * figure silently drops out of the summary. */
static rk_status put_ungrouped(FILE *f, const rk_report *rep, rk_error *err)
{
    size_t n = rep->set->n, count;
    unsigned char *out = rkr_ungrouped(rep, &count);
    if (!out)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (count)
        fprintf(f, "COMPARED WITH NOTHING  %zu %s without a subject to group by\n", count,
                count == 1 ? "figure" : "figures");
    for (size_t i = 0; i < n; i++)
        if (out[i])
            put_figure(f, rep, NULL, i);
    free(out);
    return RK_OK;
}

rk_status rkr_render_text(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    rkr_summary s;
    rkr_summary_count(rep, &s);
    if (rep->title) {
        put_str(f, rep->title);
        fputc('\n', f);
    }
    if (!rep->rec) {
        fprintf(f, "%zu claims from %zu documents; not grouped.\n\n", s.claims, s.documents);
        put_claims(f, rep);
        return rkr_io_status(f, err);
    }
    fprintf(f, "%zu %s (%zu not reviewed) in %zu groups of %zu claims from %zu documents.\n\n",
            s.contradictions, s.contradictions == 1 ? "contradiction" : "contradictions",
            s.unreviewed, s.groups, s.claims, s.documents);
    size_t *order = order_groups(rep->rec);
    if (!order)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < rep->rec->n_groups; i++)
        put_group(f, rep, &rep->rec->groups[order[i]]);
    free(order);
    if ((st = put_ungrouped(f, rep, err)) != RK_OK)
        return st;
    return rkr_io_status(f, err);
}
