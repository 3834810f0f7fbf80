/* html_card.c - a group's card in the HTML report: the verdict in plain
 * words (the rule on hover), the estimate and the policy that chose it,
 * the chart, the first quotes with the rest folded away, the relations, and
 * the review command to copy. */
#include "html.h"

#include <string.h>

void hquote(hpage *p, size_t ci, const rk_group *g)
{
    FILE *f = p->f;
    const rk_claim *c = &p->rep->set->claims[ci];
    const rk_document *d = rkr_claim_doc(p->rep, c);
    int superseded = g && rkr_superseded(g, ci);
    fprintf(f, "<li class=\"q%s\"", superseded ? " superseded" : "");
    if (!p->quoted[ci]) {
        hid(f, "c-", c->id);
        p->quoted[ci] = 1;
    }
    fputs("><blockquote", f);
    hdoc_lang_dir(f, d);
    fputc('>', f);
    if (c->sentence_start <= c->start && c->end <= c->sentence_end) {
        rkr_html_text(f, d->body + c->sentence_start, c->start - c->sentence_start);
        fputs("<mark>", f);
        rkr_html_text(f, d->body + c->start, c->end - c->start);
        fputs("</mark>", f);
        rkr_html_text(f, d->body + c->end, c->sentence_end - c->end);
    } else {
        /* The sentence does not hold the number: show both, never a
         * highlight over the wrong bytes. */
        fputs("<mark>", f);
        rkr_html_text(f, d->body + c->start, c->end - c->start);
        fputs("</mark> … ", f);
        rkr_html_text(f, d->body + c->sentence_start, c->sentence_end - c->sentence_start);
    }
    fputs("</blockquote>\n<p class=\"meta\"><b>", f);
    hfigure(p, c);
    fputs("</b>", f);
    const char *o = horiginator(c);
    if (o) {
        fputs(" · <bdi>", f);
        rkr_html_str(f, o);
        fputs("</bdi>", f);
    }
    if (c->via) {
        fputs(" · ", f);
        hput(p, "quote.via");
        fputs(" <bdi>", f);
        rkr_html_str(f, c->via);
        fputs("</bdi>", f);
    }
    fputs(" · <a", f);
    hhref(f, "doc-", d->id);
    fputs("><bdi>", f);
    rkr_html_str(f, rkr_doc_label(d));
    fputs("</bdi></a> · ", f);
    p->doc_used[c->document] = 1;
    hclaim_date(p, c);
    if (c->hedged) {
        fputs(" · <em>", f);
        hput(p, "quote.hedged");
        fputs("</em>", f);
    }
    if (superseded) {
        fputs(" · <strong class=\"sup\">", f);
        hput(p, "quote.superseded");
        fputs("</strong>", f);
    }
    fputs("</p>\n</li>\n", f);
}

/* The order quotes appear in: the sides of a contradiction first, then the
 * other members in claim order. out holds at most max entries. */
static size_t quote_order(const hpage *p, const hgroup *h, size_t *out, size_t max)
{
    const rk_group *g = &p->rep->rec->groups[h->gi];
    size_t n = 0;
    for (size_t k = 0; k < h->n_sides && n < max; k++)
        out[n++] = h->sides[k];
    for (size_t k = 0; k < g->n_members && n < max; k++) {
        size_t ci = g->members[k], dup = 0;
        for (size_t s = 0; s < h->n_sides; s++)
            dup |= h->sides[s] == ci;
        if (!dup)
            out[n++] = ci;
    }
    return n;
}

static void quotes(hpage *p, const hgroup *h)
{
    const rk_group *g = &p->rep->rec->groups[h->gi];
    size_t max = g->n_members < p->max_quotes ? g->n_members : p->max_quotes;
    size_t order[512];
    if (max > sizeof order / sizeof *order)
        max = sizeof order / sizeof *order;
    size_t n = quote_order(p, h, order, max);
    /* The sides of a contradiction show, and at least the first few. */
    size_t want = h->n_sides > p->shown_quotes ? h->n_sides : p->shown_quotes;
    size_t first = n < want + 1 ? n : want;
    fputs("<ol class=\"quotes\">\n", p->f);
    for (size_t k = 0; k < first; k++)
        hquote(p, order[k], g);
    fputs("</ol>\n", p->f);
    if (first < n) {
        fputs("<details class=\"more-q\"><summary>", p->f);
        hput(p, "card.more_quotes");
        fprintf(p->f, " (<bdi dir=\"ltr\">%zu</bdi>)</summary><ol class=\"quotes\">\n", n - first);
        for (size_t k = first; k < n; k++)
            hquote(p, order[k], g);
        fputs("</ol></details>\n", p->f);
    }
    if (n < g->n_members) {
        fputs("<p class=\"more\">", p->f);
        hput(p, "more.quotes");
        fprintf(p->f, " <bdi dir=\"ltr\">%zu</bdi>. ", g->n_members - n);
        hput(p, "more.how");
        fputs(" <code dir=\"ltr\">reckon report --format json</code></p>\n", p->f);
    }
}

static void claim_ref(hpage *p, size_t ci)
{
    const rk_claim *c = &p->rep->set->claims[ci];
    const rk_document *d = rkr_claim_doc(p->rep, c);
    fputs("<bdi>", p->f);
    rkr_html_text(p->f, d->body + c->start, c->end - c->start);
    fputs("</bdi> (<bdi>", p->f);
    rkr_html_str(p->f, rkr_doc_label(d));
    fputs("</bdi>)", p->f);
}

static void relations(hpage *p, const hgroup *h)
{
    size_t a = p->links.start[h->gi], b = p->links.start[h->gi + 1];
    if (a == b)
        return;
    size_t n = b - a < p->max_links ? b - a : p->max_links;
    fputs("<details class=\"rel\"><summary>", p->f);
    hput(p, "card.relations");
    fprintf(p->f, " (<bdi dir=\"ltr\">%zu</bdi>)</summary><ul>\n", b - a);
    for (size_t k = a; k < a + n; k++) {
        const rk_link *l = &p->rep->rec->links[p->links.order[k]];
        const char *kind = rk_link_kind_name(l->kind);
        fputs("<li>", p->f);
        claim_ref(p, l->from);
        fputs(" <em", p->f);
        if (l->rule) {
            fputs(" title=\"", p->f);
            hput(p, "rule.prefix");
            fputc(' ', p->f);
            rkr_html_str(p->f, l->rule);
            fputc('"', p->f);
        }
        fputc('>', p->f);
        hput_named(p, "link", kind ? kind : "none");
        fputs("</em> ", p->f);
        claim_ref(p, l->to);
        fputs("</li>\n", p->f);
    }
    fputs("</ul>", p->f);
    if (n < b - a) {
        fputs("<p class=\"more\">", p->f);
        hput(p, "more.rows");
        fprintf(p->f, " <bdi dir=\"ltr\">%zu</bdi></p>", b - a - n);
    }
    fputs("</details>\n", p->f);
}

/* A group id as a shell word: quoted when it holds anything but the
 * characters ids are made of. */
static void shell_word(FILE *f, const char *s)
{
    if (s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./@:")]) {
        fputc('\'', f);
        for (; *s; s++) {
            if (*s == '\'')
                fputs("'\\''", f);
            else
                rkr_html_text(f, s, 1);
        }
        fputc('\'', f);
        return;
    }
    rkr_html_str(f, s);
}

/* The line that records a decision on this group. */
static void review_command(hpage *p, const hgroup *h)
{
    const rk_group *g = &p->rep->rec->groups[h->gi];
    fputs("<div class=\"act\"><span>", p->f);
    hput(p, "card.act");
    fputs("</span> <code dir=\"ltr\" class=\"cmd\">reckon review set ", p->f);
    shell_word(p->f, g->id);
    fputs(g->verdict == RK_VERDICT_CONTRADICTION ? " confirmed" : " resolved", p->f);
    fputs(" --note '…'</code> <span class=\"muted\">", p->f);
    hput(p, "card.states");
    fputs("</span></div>\n", p->f);
}

static void facts(hpage *p, const hgroup *h)
{
    FILE *f = p->f;
    const rk_group *g = &p->rep->rec->groups[h->gi];
    fputs("<p class=\"est\">", f);
    if (g->has_estimate) {
        hput(p, "card.best");
        fputs(" <b class=\"best\">", f);
        hnum(p, g->best);
        fputs("</b>", f);
        if (g->low != g->high || g->high_open) {
            fputs(" <span class=\"muted\">(", f);
            hnum(p, g->low);
            fputs("–", f);
            if (g->high_open)
                hput(p, "estimate.open");
            else
                hnum(p, g->high);
            fputs(")</span>", f);
        }
        fputs(" · <span", f);
        if (g->policy) {
            fputs(" title=\"", f);
            hput(p, "policy.prefix");
            fputc(' ', f);
            rkr_html_str(f, g->policy);
            fputc('"', f);
        }
        fputc('>', f);
        hput_named(p, "policy", g->policy ? g->policy : "none");
        fputs("</span>", f);
    } else {
        hput(p, "estimate.none");
    }
    fputs("</p>\n<p class=\"muted\">", f);
    hput(p, "card.figures");
    fprintf(f, " <bdi dir=\"ltr\">%zu</bdi> · ", g->n_members);
    hput(p, "card.sources");
    fprintf(f, " <bdi dir=\"ltr\">%zu</bdi>", g->n_speakers);
    if (g->n_superseded) {
        fputs(" · ", f);
        hput(p, "card.superseded");
        fprintf(f, " <bdi dir=\"ltr\">%zu</bdi>", g->n_superseded);
    }
    if (g->parent != (size_t)-1) {
        const rk_group *up = &p->rep->rec->groups[g->parent];
        fputs(" · ", f);
        hput(p, "card.part_of");
        fputs(" <a", f);
        hhref(f, "g-", up->id);
        fputc('>', f);
        htitle(p, up);
        fputs("</a>", f);
    }
    fputs(" · <code dir=\"ltr\">", f);
    rkr_html_str(f, g->id);
    fputs("</code></p>\n", f);
}

void hcard(hpage *p, const hgroup *h)
{
    FILE *f = p->f;
    const rk_group *g = &p->rep->rec->groups[h->gi];
    const char *v = rk_verdict_name(g->verdict);
    fprintf(f, "<section class=\"card v-%s%s\"", v ? v : "none", h->review ? " reviewed" : "");
    hid(f, "g-", g->id);
    hfilter_attrs(p, h);
    fputs(">\n<h3>", f);
    hbadge(p, g);
    fputc(' ', f);
    htitle(p, g);
    fputs(" ", f);
    hreview_badge(p, h);
    fputs("</h3>\n<p class=\"verdict\"", f);
    if (g->verdict_rule) {
        fputs(" title=\"", f);
        hput(p, "rule.prefix");
        fputc(' ', f);
        rkr_html_str(f, g->verdict_rule);
        fputc('"', f);
    }
    fputc('>', f);
    hput_named(p, "rule", g->verdict_rule ? g->verdict_rule : "none");
    fputs("</p>\n", f);
    if (h->review && h->review->note) {
        fputs("<p class=\"note\"><span dir=\"auto\">", f);
        rkr_html_str(f, h->review->note);
        fputs("</span></p>\n", f);
    }
    fputs("<div class=\"cols\"><div class=\"fig\">\n", f);
    facts(p, h);
    hchart(p, g);
    fputs("</div><div class=\"txt\">\n", f);
    quotes(p, h);
    relations(p, h);
    if (g->explanation) {
        fputs("<details class=\"why\"><summary>", f);
        hput(p, "card.why");
        fputs("</summary><p lang=\"en\" dir=\"ltr\">", f);
        rkr_html_bidi(f, g->explanation);
        fputs("</p></details>\n", f);
    }
    review_command(p, h);
    fputs("</div></div>\n</section>\n", f);
}
