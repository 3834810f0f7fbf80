/* html_tables.c - the tables at the top of the HTML report: open
 * contradictions with their sides, rising tolls and revisions, agreements,
 * single figures and reviewed groups, one row per group. */
#include "html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double claim_mid_low(const rk_claim *c)
{
    return c->has_low ? c->low : c->has_high ? c->high : 0;
}

/* One side of a contradiction: figure · originator · outlet · date, and a
 * link to its quote when the page shows it in a card. */
static void side(hpage *p, const hgroup *h, size_t ci, int vs)
{
    FILE *f = p->f;
    const rk_claim *c = &p->rep->set->claims[ci];
    const rk_document *d = rkr_claim_doc(p->rep, c);
    fputs("<span class=\"side\">", f);
    if (vs) {
        fputs("<span class=\"vs\">", f);
        hput(p, "side.vs");
        fputs("</span> ", f);
    }
    fputs("<b>", f);
    hfigure(p, c);
    fputs("</b>", f);
    const char *o = horiginator(c);
    if (o) {
        fputs(" · <bdi>", f);
        rkr_html_str(f, o);
        fputs("</bdi>", f);
    }
    fputs(" · <bdi>", f);
    rkr_html_str(f, rkr_doc_label(d));
    fputs("</bdi> · ", f);
    hclaim_date(p, c);
    if (h->has_card) {
        fputs(" <a class=\"ql\"", f);
        hhref(f, "c-", c->id);
        fputc('>', f);
        hput(p, "side.quote");
        fputs("</a>", f);
    }
    fputs("</span>", f);
}

/* The first cell of a row: the group's title, linking to its card, or the
 * row itself is the group's anchor. */
static void title_cell(hpage *p, const hgroup *h)
{
    const rk_group *g = &p->rep->rec->groups[h->gi];
    fputs("<td class=\"what\">", p->f);
    if (h->has_card) {
        fputs("<a", p->f);
        hhref(p->f, "g-", g->id);
        fputc('>', p->f);
        htitle(p, g);
        fputs("</a>", p->f);
    } else {
        htitle(p, g);
    }
    fputs("</td>", p->f);
}

static void row_open(hpage *p, const hgroup *h)
{
    fputs("<tr", p->f);
    if (!h->has_card)
        hid(p->f, "g-", p->rep->rec->groups[h->gi].id);
    hfilter_attrs(p, h);
    fputc('>', p->f);
    title_cell(p, h);
}

static void estimate_text(hpage *p, const rk_group *g)
{
    if (!g->has_estimate) {
        hput(p, "estimate.none");
        return;
    }
    fputs("<b>", p->f);
    hnum(p, g->best);
    fputs("</b>", p->f);
    if (g->low != g->high || g->high_open) {
        fputs(" <span class=\"muted\">(", p->f);
        hnum(p, g->low);
        fputs("–", p->f);
        if (g->high_open)
            hput(p, "estimate.open");
        else
            hnum(p, g->high);
        fputs(")</span>", p->f);
    }
}

/* Quotes folded into a row, for a group with no card. */
static void row_quotes(hpage *p, const hgroup *h)
{
    const rk_group *g = &p->rep->rec->groups[h->gi];
    size_t n = g->n_members < p->max_quotes ? g->n_members : p->max_quotes;
    fprintf(p->f, "<details class=\"rq\"><summary>");
    hput(p, n == 1 ? "row.quote" : "row.quotes");
    if (n > 1)
        fprintf(p->f, " (<bdi dir=\"ltr\">%zu</bdi>)", g->n_members);
    fputs("</summary><ol class=\"quotes\">", p->f);
    for (size_t k = 0; k < n; k++)
        hquote(p, g->members[k], g);
    fputs("</ol></details>", p->f);
}

void htable_head(hpage *p, const char *const *cols)
{
    fputs("<table><thead><tr>", p->f);
    for (; *cols; cols++) {
        fputs("<th>", p->f);
        hput(p, *cols);
        fputs("</th>", p->f);
    }
    fputs("</tr></thead><tbody>\n", p->f);
}

/* The rows a table left out, and where to find them. */
void htable_tail(hpage *p, size_t left_out)
{
    fputs("</tbody></table>\n", p->f);
    if (left_out) {
        fprintf(p->f, "<p class=\"more\">");
        hput(p, "more.rows");
        fprintf(p->f, " <bdi dir=\"ltr\">%zu</bdi>. ", left_out);
        hput(p, "more.how");
        fputs(" <code dir=\"ltr\">reckon report --format json</code></p>\n", p->f);
    }
}

int his_open(const hpage *p, const hgroup *h)
{
    return !h->review && p->rep->rec->groups[h->gi].verdict == RK_VERDICT_CONTRADICTION;
}

void hsection_open(hpage *p, const size_t *order, size_t n)
{
    static const char *const cols[] = {"col.what", "col.sides", "col.sources", NULL};
    size_t count = 0, shown = 0;
    for (size_t i = 0; i < n; i++)
        count += his_open(p, &p->groups[order[i]]);
    fputs("<section id=\"open\">\n<h2>", p->f);
    hput(p, "section.open");
    fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n", count);
    if (!count) {
        fputs("<p class=\"muted\">", p->f);
        hput(p, "open.none");
        fputs("</p>\n</section>\n", p->f);
        return;
    }
    htable_head(p, cols);
    for (size_t i = 0; i < n && shown < p->max_rows; i++) {
        const hgroup *h = &p->groups[order[i]];
        if (!his_open(p, h))
            continue;
        const rk_group *g = &p->rep->rec->groups[h->gi];
        shown++;
        row_open(p, h);
        fputs("<td class=\"sides\">", p->f);
        for (size_t k = 0; k < h->n_sides; k++)
            side(p, h, h->sides[k], k > 0);
        if (!h->n_sides)
            estimate_text(p, g);
        fputs("<div class=\"why\"", p->f);
        if (g->verdict_rule) {
            fputs(" title=\"", p->f);
            hput(p, "rule.prefix");
            fputc(' ', p->f);
            rkr_html_str(p->f, g->verdict_rule);
            fputc('"', p->f);
        }
        fputc('>', p->f);
        hput_named(p, "rule", g->verdict_rule ? g->verdict_rule : "none");
        fputs("</div>", p->f);
        if (!h->has_card)
            row_quotes(p, h);
        fputs("</td><td class=\"n\" data-h=\"", p->f);
        hput(p, "col.sources");
        fprintf(p->f, "\"><bdi dir=\"ltr\">%zu</bdi></td></tr>\n", g->n_speakers);
    }
    htable_tail(p, count - shown);
    fputs("</section>\n", p->f);
}

typedef struct step {
    long day;
    double v;
    size_t ci;
} step;

static int cmp_step(const void *a, const void *b)
{
    const step *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->ci > y->ci) - (x->ci < y->ci);
}

/* A rising toll as its steps: the highest figure of each day, from the
 * first day to the last, at most a handful (the first, the last, and the
 * ones before the last). */
static void rising_steps(hpage *p, const rk_group *g)
{
    step *s = malloc((g->n_members + 1) * sizeof *s);
    size_t n = 0;
    if (!s)
        return;
    for (size_t k = 0; k < g->n_members; k++) {
        size_t ci = g->members[k];
        const rk_claim *c = &p->rep->set->claims[ci];
        long d = hday(rkr_claim_date(p->rep, c));
        if (d < 0 || rkr_superseded(g, ci) || !(c->has_low || c->has_high))
            continue;
        s[n++] = (step){d, claim_mid_low(c), ci};
    }
    qsort(s, n, sizeof *s, cmp_step);
    /* Keep the highest of each day, then only the days the figure moved. */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && s[i + 1].day == s[i].day)
            continue;
        if (w && s[w - 1].v == s[i].v)
            continue;
        s[w++] = s[i];
    }
    size_t from = w > 5 ? w - 4 : 0;
    for (size_t i = 0; i < w; i++) {
        if (i && i < from)
            continue;
        if (i) {
            fputs(i == from && from > 1 ? " → … → " : " → ", p->f);
        }
        fputs("<span class=\"step\"><b>", p->f);
        hfigure(p, &p->rep->set->claims[s[i].ci]);
        fputs("</b> ", p->f);
        hdate(p, rkr_claim_date(p->rep, &p->rep->set->claims[s[i].ci]));
        fputs("</span>", p->f);
    }
    free(s);
}

/* A source's revisions inside a group: who, the old figure, the new one. */
static void revisions(hpage *p, const hgroup *h)
{
    const rk_report *rep = p->rep;
    size_t a = p->links.start[h->gi], b = p->links.start[h->gi + 1], shown = 0, all = 0;
    for (size_t k = a; k < b; k++) {
        const rk_link *l = &rep->rec->links[p->links.order[k]];
        if (l->kind != RK_LINK_SUPERSEDES)
            continue;
        if (all++ >= 3)
            continue;
        const rk_claim *now = &rep->set->claims[l->from], *was = &rep->set->claims[l->to];
        const char *o = horiginator(now);
        fputs(shown++ ? "<br>" : "", p->f);
        fputs("<span class=\"rev\"><bdi>", p->f);
        rkr_html_str(p->f, o ? o : rkr_doc_label(rkr_claim_doc(rep, now)));
        fputs("</bdi>: <s>", p->f);
        hfigure(p, was);
        fputs("</s> ", p->f);
        hclaim_date(p, was);
        fputs(" → <b>", p->f);
        hfigure(p, now);
        fputs("</b> ", p->f);
        hclaim_date(p, now);
        fputs("</span>", p->f);
    }
    if (all > shown) {
        fputs("<br><span class=\"muted\">", p->f);
        hput(p, "more.revisions");
        fprintf(p->f, " <bdi dir=\"ltr\">%zu</bdi></span>", all - shown);
    }
}

int his_change(const hpage *p, const hgroup *h)
{
    const rk_group *g = &p->rep->rec->groups[h->gi];
    return !h->review && (g->verdict == RK_VERDICT_RISING || g->verdict == RK_VERDICT_REVISION ||
                          g->verdict == RK_VERDICT_UPDATED || g->n_superseded);
}

void hsection_changes(hpage *p, const size_t *order, size_t n)
{
    static const char *const cols[] = {"col.what", "col.change", NULL};
    size_t count = 0, shown = 0;
    for (size_t i = 0; i < n; i++)
        count += his_change(p, &p->groups[order[i]]);
    if (!count)
        return;
    fputs("<section id=\"changes\">\n<h2>", p->f);
    hput(p, "section.changes");
    fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n", count);
    htable_head(p, cols);
    for (size_t i = 0; i < n && shown < p->max_rows; i++) {
        const hgroup *h = &p->groups[order[i]];
        if (!his_change(p, h))
            continue;
        const rk_group *g = &p->rep->rec->groups[h->gi];
        shown++;
        fputs("<tr", p->f);
        hfilter_attrs(p, h);
        fputc('>', p->f);
        title_cell(p, h);
        fputs("<td>", p->f);
        if (g->verdict == RK_VERDICT_RISING) {
            fputs("<span class=\"badge v-rising\">", p->f);
            hput(p, "verdict.rising");
            fputs("</span> ", p->f);
            rising_steps(p, g);
        } else if (g->verdict == RK_VERDICT_REVISION || g->verdict == RK_VERDICT_UPDATED) {
            const char *v = g->verdict == RK_VERDICT_REVISION ? "revision" : "updated";
            fprintf(p->f, "<span class=\"badge v-%s\">", v);
            hput_named(p, "verdict", v);
            fputs("</span> ", p->f);
            rising_steps(p, g);
        }
        if (g->n_superseded) {
            if (g->verdict == RK_VERDICT_RISING || g->verdict == RK_VERDICT_REVISION ||
                g->verdict == RK_VERDICT_UPDATED)
                fputs("<br>", p->f);
            fputs("<span class=\"badge v-revised\">", p->f);
            hput(p, "verdict.revised");
            fputs("</span> ", p->f);
            revisions(p, h);
        }
        fputs("</td></tr>\n", p->f);
    }
    htable_tail(p, count - shown);
    fputs("</section>\n", p->f);
}

int his_agreement(const hpage *p, const hgroup *h)
{
    rk_verdict v = p->rep->rec->groups[h->gi].verdict;
    return !h->review && (v == RK_VERDICT_AGREE || v == RK_VERDICT_COMPATIBLE);
}

int his_single(const hpage *p, const hgroup *h)
{
    rk_verdict v = p->rep->rec->groups[h->gi].verdict;
    return !h->review && v != RK_VERDICT_AGREE && v != RK_VERDICT_COMPATIBLE &&
           v != RK_VERDICT_CONTRADICTION && v != RK_VERDICT_RISING &&
           v != RK_VERDICT_REVISION && v != RK_VERDICT_UPDATED;
}

void hsection_agree(hpage *p, const size_t *order, size_t n)
{
    static const char *const cols[] = {"col.what", "col.figure", "col.sources", "col.verdict",
                                       NULL};
    size_t count = 0, shown = 0;
    for (size_t i = 0; i < n; i++)
        count += his_agreement(p, &p->groups[order[i]]);
    if (!count)
        return;
    fputs("<section id=\"agreements\">\n<h2>", p->f);
    hput(p, "section.agreements");
    fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n", count);
    htable_head(p, cols);
    for (size_t i = 0; i < n && shown < p->max_rows; i++) {
        const hgroup *h = &p->groups[order[i]];
        if (!his_agreement(p, h))
            continue;
        const rk_group *g = &p->rep->rec->groups[h->gi];
        shown++;
        row_open(p, h);
        fputs("<td>", p->f);
        estimate_text(p, g);
        fputs("</td><td class=\"n\" data-h=\"", p->f);
        hput(p, "col.sources");
        fprintf(p->f, "\"><bdi dir=\"ltr\">%zu</bdi></td><td>", g->n_speakers);
        fputs("<span", p->f);
        if (g->verdict_rule) {
            fputs(" title=\"", p->f);
            hput(p, "rule.prefix");
            fputc(' ', p->f);
            rkr_html_str(p->f, g->verdict_rule);
            fputc('"', p->f);
        }
        fputc('>', p->f);
        hput_named(p, "verdict.says", rk_verdict_name(g->verdict));
        fputs("</span>", p->f);
        if (!h->has_card)
            row_quotes(p, h);
        fputs("</td></tr>\n", p->f);
    }
    htable_tail(p, count - shown);
    fputs("</section>\n", p->f);
}

void hsection_single(hpage *p, const size_t *order, size_t n)
{
    static const char *const cols[] = {"col.what", "col.figure", "col.source", "col.date", NULL};
    size_t count = 0, shown = 0;
    for (size_t i = 0; i < n; i++)
        count += his_single(p, &p->groups[order[i]]);
    if (!count)
        return;
    fputs("<section id=\"single\">\n<h2>", p->f);
    hput(p, "section.single");
    fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n<p class=\"muted\">",
            count);
    hput(p, "single.lede");
    fputs("</p>\n", p->f);
    htable_head(p, cols);
    for (size_t i = 0; i < n && shown < p->max_rows; i++) {
        const hgroup *h = &p->groups[order[i]];
        if (!his_single(p, h))
            continue;
        const rk_group *g = &p->rep->rec->groups[h->gi];
        if (!g->n_members)
            continue;
        const rk_claim *c = &p->rep->set->claims[g->members[g->n_members - 1]];
        const char *o = horiginator(c);
        shown++;
        row_open(p, h);
        fputs("<td><b>", p->f);
        hfigure(p, c);
        fputs("</b></td><td>", p->f);
        if (o) {
            fputs("<bdi>", p->f);
            rkr_html_str(p->f, o);
            fputs("</bdi> · ", p->f);
        }
        fputs("<bdi>", p->f);
        rkr_html_str(p->f, rkr_doc_label(rkr_claim_doc(p->rep, c)));
        fputs("</bdi></td><td>", p->f);
        hclaim_date(p, c);
        row_quotes(p, h);
        fputs("</td></tr>\n", p->f);
    }
    htable_tail(p, count - shown);
    fputs("</section>\n", p->f);
}

void hsection_reviewed(hpage *p, const size_t *order, size_t n)
{
    static const char *const cols[] = {"col.what", "col.verdict", "col.state", "col.note", NULL};
    size_t count = 0, shown = 0;
    for (size_t i = 0; i < n; i++)
        count += p->groups[order[i]].review != NULL;
    if (!count)
        return;
    fputs("<section id=\"reviewed\">\n<h2>", p->f);
    hput(p, "section.reviewed");
    fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n", count);
    htable_head(p, cols);
    for (size_t i = 0; i < n && shown < p->max_rows; i++) {
        const hgroup *h = &p->groups[order[i]];
        if (!h->review)
            continue;
        const rk_group *g = &p->rep->rec->groups[h->gi];
        shown++;
        row_open(p, h);
        fputs("<td>", p->f);
        hbadge(p, g);
        fputs("</td><td>", p->f);
        hreview_badge(p, h);
        fputs("</td><td><span dir=\"auto\">", p->f);
        rkr_html_str(p->f, h->review->note);
        fputs("</span>", p->f);
        if (h->review->reviewer || h->review->updated) {
            fputs(" <span class=\"muted\">", p->f);
            if (h->review->reviewer) {
                fputs("<bdi>", p->f);
                rkr_html_str(p->f, h->review->reviewer);
                fputs("</bdi> ", p->f);
            }
            if (h->review->updated)
                hdate(p, h->review->updated);
            fputs("</span>", p->f);
        }
        if (!h->has_card)
            row_quotes(p, h);
        fputs("</td></tr>\n", p->f);
    }
    htable_tail(p, count - shown);
    fputs("</section>\n", p->f);
}

