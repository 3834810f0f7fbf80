/* render_html.c - the HTML report: one self-contained page (inline CSS and
 * SVG, no network, no script) a fact-checker reads: contradictions first,
 * then a card per group with its verdict, estimate, review, chart and each
 * source's quote with the number marked, then the documents. */
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../core/utf8.h"

static const char CSS[] =
    "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans Arabic',"
    "sans-serif;margin:0 auto;max-width:62rem;padding:1rem 1.5rem;color:#1b1b1b;background:#fff}\n"
    "h1{font-size:1.6rem;margin:.2rem 0}h2{border-bottom:2px solid #ddd;margin-top:2rem}\n"
    "a{color:#0b57a4}.muted,.meta,.rule{color:#555;font-size:.85rem}\n"
    ".summary{background:#fff4f2;border:1px solid #f1c6bd;border-radius:6px;padding:.6rem 1rem}\n"
    ".group{border:1px solid #ccc;border-left:6px solid #999;border-radius:6px;"
    "padding:.4rem 1rem 1rem;margin:1rem 0}\n"
    ".group.v-contradiction{border-left-color:#c62828}.group.v-rising{border-left-color:#ef6c00}"
    ".group.v-compatible{border-left-color:#1565c0}.group.v-agree{border-left-color:#2e7d32}\n"
    ".badge{display:inline-block;border-radius:3px;padding:0 .45rem;font-size:.8rem;"
    "font-weight:600;color:#fff;background:#777;vertical-align:middle}\n"
    ".badge.v-contradiction{background:#c62828}.badge.v-rising{background:#ef6c00}"
    ".badge.v-compatible{background:#1565c0}.badge.v-agree{background:#2e7d32}\n"
    ".badge.r-open{background:#fff;color:#c62828;border:1px solid #c62828}"
    ".badge.r-confirmed,.badge.r-resolved,.badge.r-dismissed{background:#444}\n"
    "dl.estimate{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2rem 1.2rem;margin:.4rem 0}"
    "dl.estimate div{display:flex;align-items:baseline;gap:.3rem}dl.estimate dt{color:#555}"
    "dl.estimate dd{margin:0;font-weight:600}dl.estimate div.best dd{font-size:1.7rem;"
    "color:#0d3c78}\n"
    "ul.contradictions{list-style:none;padding:0}ul.contradictions li{padding:.45rem 0;"
    "border-top:1px solid #f1c6bd}ul.contradictions .title{font-weight:600}"
    "ul.contradictions .est{margin-left:.6rem;color:#0d3c78;font-weight:600}"
    "ul.contradictions .why{display:block;color:#333;font-size:.9rem}\n"
    "ol.legend{list-style:none;padding:0;margin:.2rem 0 .6rem;display:flex;flex-wrap:wrap;"
    "gap:.1rem 1.2rem;font-size:.85rem;color:#333}ol.legend b{color:#c62828}\n"
    "ol.quotes{list-style:none;padding:0}ol.quotes li{border-top:1px solid #eee;padding:.4rem 0}\n"
    "blockquote{margin:.2rem 0;font-size:1.05rem}blockquote[dir=rtl]{font-size:1.15rem}\n"
    "mark{background:#ffe58a;padding:0 .1em;border-radius:2px}\n"
    "li.superseded blockquote{opacity:.6}\n"
    "svg.chart{max-width:100%;height:auto;font-size:10px}svg .axis{stroke:#333}"
    "svg .grid{stroke:#e4e4e4}svg .tick{text-anchor:end;fill:#555}"
    "svg .date{text-anchor:middle;fill:#333}\n"
    "svg .estimate{fill:#1565c0;opacity:.12}svg .best{stroke:#1565c0;stroke-dasharray:4 3}\n"
    "svg .mark circle,svg .mark rect,svg .mark polygon{fill:#c62828}svg .mark line{stroke:#c62828;"
    "stroke-width:2}svg .mark circle.unbounded{fill:none;stroke:#c62828}"
    "svg .mark.superseded{opacity:.4}svg .mark text{fill:#222}"
    "svg .mark text.n{text-anchor:middle;font-weight:700;fill:#c62828}\n"
    "dl.doc{display:grid;grid-template-columns:max-content 1fr;gap:0 1rem}dl.doc dd{margin:0}\n"
    "@media print{body{max-width:none;font-size:11pt}.group,.document{break-inside:avoid}"
    "a{color:inherit;text-decoration:none}.summary{background:none}}\n";

void rkr_html_text(FILE *f, const char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t at = i;
        uint32_t cp = rk_utf8_next(p, n, &i);
        switch (cp) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
                fputs("\xEF\xBF\xBD", f);
            else
                fwrite(p + at, 1, i - at, f);
        }
    }
}

void rkr_html_str(FILE *f, const char *s)
{
    if (s)
        rkr_html_text(f, s, strlen(s));
}

/* Right-to-left letters: Hebrew, Arabic, Syriac, Thaana, NKo and their
 * presentation forms. */
static int is_rtl_letter(uint32_t cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF);
}

/* Letters of left-to-right scripts end a right-to-left run; digits, spaces
 * and punctuation join it only when more right-to-left text follows. */
static int is_ltr_letter(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           (cp >= 0xC0 && cp < 0x0590 && cp != 0xD7 && cp != 0xF7) || (cp >= 0x0900 && cp < 0xFB1D);
}

void rkr_html_bidi(FILE *f, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s), i = 0, done = 0;
    while (i < n) {
        size_t at = i;
        uint32_t cp = rk_utf8_next(s, n, &i);
        if (!is_rtl_letter(cp))
            continue;
        /* A run from here to its last right-to-left letter; stop at
         * brackets, so "(doc id, date)" stays outside. */
        size_t end = i, j = i;
        while (j < n) {
            uint32_t c = rk_utf8_next(s, n, &j);
            if (is_ltr_letter(c) || c == '(' || c == ')' || c == ';')
                break;
            if (is_rtl_letter(c))
                end = j;
        }
        rkr_html_text(f, s + done, at - done);
        fputs("<bdi>", f);
        rkr_html_text(f, s + at, end - at);
        fputs("</bdi>", f);
        done = i = end;
    }
    rkr_html_text(f, s + done, n - done);
}

const char *rkr_doc_label(const rk_document *d)
{
    if (d->source.origin != RK_ORIGIN_NONE && d->source.value && *d->source.value)
        return d->source.value;
    return d->id;
}

static const char *field(const rk_field *fl)
{
    return fl->origin != RK_ORIGIN_NONE ? fl->value : NULL;
}

const char *rkr_claim_date(const rk_report *rep, const rk_claim *c)
{
    if (c->as_of)
        return c->as_of;
    return field(&rkr_claim_doc(rep, c)->published);
}

/* A fragment link "#prefix-id": characters a URL cannot hold raw are
 * percent-encoded (ids may hold '#' and ':'), then the whole is escaped. */
static void href_fragment(FILE *f, const char *prefix, const char *id)
{
    fprintf(f, "href=\"#%s", prefix);
    for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~:@!$()*+,;=/?", *p))
            fputc(*p, f);
        else
            fprintf(f, "%%%02X", *p);
    }
    fputc('"', f);
}

static void id_attr(FILE *f, const char *prefix, const char *id)
{
    fprintf(f, "id=\"%s", prefix);
    rkr_html_str(f, id);
    fputc('"', f);
}

/* Only web addresses become links: a javascript: or data: URL from a hostile
 * input must not be one click away. */
static int is_web_url(const char *u)
{
    return u && (strncasecmp(u, "https://", 8) == 0 || strncasecmp(u, "http://", 7) == 0);
}

/* Right-to-left scripts by BCP 47 primary language. */
static int is_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"};
    if (!lang)
        return 0;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++)
        if (strlen(rtl[i]) == n && strncasecmp(lang, rtl[i], n) == 0)
            return 1;
    return 0;
}

/* lang="xx" dir="rtl" for a right-to-left document, else dir="auto" and
 * the language when known. */
static void lang_dir(FILE *f, const rk_document *d)
{
    const char *lang = field(&d->language);
    if (lang) {
        fputs(" lang=\"", f);
        rkr_html_str(f, lang);
        fputc('"', f);
    }
    fputs(is_rtl(lang) ? " dir=\"rtl\"" : " dir=\"auto\"", f);
}

/* One quote: the sentence with the claim's bytes marked, and beside it the
 * source (linking to the document), attribution and date. */
static void quote(FILE *f, const rk_report *rep, size_t ci, int superseded)
{
    const rk_claim *c = &rep->set->claims[ci];
    const rk_document *d = rkr_claim_doc(rep, c);
    fprintf(f, "<li class=\"claim%s\">\n<blockquote", superseded ? " superseded" : "");
    lang_dir(f, d);
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
    fputs("</blockquote>\n<p class=\"meta\"><a ", f);
    href_fragment(f, "doc-", d->id);
    fputs("><bdi>", f);
    rkr_html_str(f, rkr_doc_label(d));
    fputs("</bdi></a>", f);
    if (c->speaker || c->via) {
        fputs(c->speaker ? " · said by <bdi>" : " · via <bdi>", f);
        rkr_html_str(f, c->speaker ? c->speaker : c->via);
        fputs("</bdi>", f);
        if (c->speaker && c->via) {
            fputs(" via <bdi>", f);
            rkr_html_str(f, c->via);
            fputs("</bdi>", f);
        }
    }
    const char *date = rkr_claim_date(rep, c);
    fputs(date ? (c->as_of ? " · as of " : " · published ") : " · undated", f);
    if (c->as_of_from) {
        rkr_html_str(f, c->as_of_from);
        fputs(" to ", f);
    }
    rkr_html_str(f, date);
    if (c->hedged)
        fputs(" · hedged", f);
    if (superseded)
        fputs(" · <strong>superseded</strong> by a later figure from the same speaker", f);
    fputs(" · <span class=\"rule\">", f);
    rkr_html_str(f, c->id);
    fputs("</span></p>\n</li>\n", f);
}

static void group_title(FILE *f, const rk_group *g)
{
    const char *parts[] = {g->quantity ? g->quantity : "untyped", g->subject, g->scope};
    for (size_t i = 0, first = 1; i < 3; i++) {
        if (!parts[i])
            continue;
        fputs(first ? "" : " · ", f);
        rkr_html_str(f, parts[i]);
        first = 0;
    }
}

static void badge(FILE *f, const char *cls, const char *name, const char *fallback)
{
    fprintf(f, "<span class=\"badge %s-", cls);
    rkr_html_str(f, name ? name : "none");
    fputs("\">", f);
    rkr_html_str(f, name ? name : fallback);
    fputs("</span>", f);
}

static void review_line(FILE *f, const rk_report *rep, const rk_group *g)
{
    const rk_review_entry *r = rkr_review(rep, g);
    fputs("<p class=\"review\">", f);
    if (!r) {
        fputs("<span class=\"badge r-open\">not reviewed</span>", f);
    } else {
        badge(f, "r", rk_review_state_name(r->state), "reviewed");
        if (r->note) {
            fputs(" <span dir=\"auto\">", f);
            rkr_html_str(f, r->note);
            fputs("</span>", f);
        }
    }
    fputs("</p>\n", f);
}

static void estimate_list(FILE *f, const rk_group *g)
{
    if (!g->has_estimate) {
        fputs("<p class=\"muted\">No estimate: no figure bounds this quantity.</p>\n", f);
        return;
    }
    char lo[32], best[32], hi[32];
    rk_format_number(g->low, lo, sizeof lo);
    rk_format_number(g->best, best, sizeof best);
    rk_format_number(g->high, hi, sizeof hi);
    fprintf(f, "<dl class=\"estimate\"><div class=\"best\"><dt>best estimate</dt><dd>%s</dd>"
               "</div><div><dt>low</dt><dd>%s</dd></div><div><dt>high</dt><dd>%s</dd></div>"
               "<div><dt>policy</dt><dd>",
            best, lo, g->high_open ? "open-ended" : hi);
    rkr_html_str(f, g->policy ? g->policy : "unstated");
    fputs("</dd></div></dl>\n", f);
}

/* Per-group lists of links, each filed under the group of its `from` claim,
 * built once in O(claims + links). */
typedef struct link_index {
    size_t *start;  /* links of group g: order[start[g] .. start[g + 1]) */
    size_t *order;
} link_index;

static int link_index_build(const rk_report *rep, link_index *li)
{
    const rk_reconciliation *rec = rep->rec;
    size_t ng = rec->n_groups, *group_of = malloc((rep->set->n + 1) * sizeof *group_of);
    li->start = calloc(ng + 2, sizeof *li->start);
    li->order = malloc((rec->n_links + 1) * sizeof *li->order);
    if (!group_of || !li->start || !li->order) {
        free(group_of);
        return -1;
    }
    for (size_t i = 0; i < rep->set->n; i++)
        group_of[i] = ng;
    for (size_t g = ng; g-- > 0;)
        for (size_t k = 0; k < rec->groups[g].n_members; k++)
            group_of[rec->groups[g].members[k]] = g;
    for (size_t l = 0; l < rec->n_links; l++)
        li->start[group_of[rec->links[l].from] + 1]++;
    for (size_t g = 0; g <= ng; g++)
        li->start[g + 1] += li->start[g];
    size_t *fill = calloc(ng + 1, sizeof *fill);
    if (!fill) {
        free(group_of);
        return -1;
    }
    for (size_t l = 0; l < rec->n_links; l++) {
        size_t g = group_of[rec->links[l].from];
        li->order[li->start[g] + fill[g]++] = l;
    }
    free(fill);
    free(group_of);
    return 0;
}

static void link_index_free(link_index *li)
{
    free(li->start);
    free(li->order);
}

static void claim_ref(FILE *f, const rk_report *rep, size_t ci)
{
    const rk_claim *c = &rep->set->claims[ci];
    const rk_document *d = rkr_claim_doc(rep, c);
    fputs("<bdi>", f);
    rkr_html_text(f, d->body + c->start, c->end - c->start);
    fputs("</bdi> (<bdi>", f);
    rkr_html_str(f, rkr_doc_label(d));
    fputs("</bdi>)", f);
}

static void links_list(FILE *f, const rk_report *rep, const link_index *li, size_t gi)
{
    size_t a = li->start[gi], b = li->start[gi + 1];
    if (a == b)
        return;
    fputs("<ul class=\"links\">\n", f);
    for (size_t k = a; k < b; k++) {
        const rk_link *l = &rep->rec->links[li->order[k]];
        const char *kind = rk_link_kind_name(l->kind);
        fputs("<li>", f);
        claim_ref(f, rep, l->from);
        fputs(" <em>", f);
        rkr_html_str(f, kind ? kind : "linked to");
        fputs("</em> ", f);
        claim_ref(f, rep, l->to);
        if (l->rule) {
            fputs(" <span class=\"rule\">rule ", f);
            rkr_html_str(f, l->rule);
            fputs("</span>", f);
        }
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static void card(FILE *f, const rk_report *rep, const link_index *li, size_t gi)
{
    const rk_group *g = &rep->rec->groups[gi];
    const char *verdict = rk_verdict_name(g->verdict);
    fputs("<section class=\"group v-", f);
    rkr_html_str(f, verdict ? verdict : "none");
    fputs("\" ", f);
    id_attr(f, "g-", g->id);
    fputs(">\n<h3>", f);
    badge(f, "v", verdict, "no verdict");
    fputc(' ', f);
    group_title(f, g);
    fputs("</h3>\n<p class=\"muted\">group <code>", f);
    rkr_html_str(f, g->id);
    fputs("</code>", f);
    if (g->parent != (size_t)-1) {
        fputs(" · part of <a ", f);
        href_fragment(f, "g-", rep->rec->groups[g->parent].id);
        fputc('>', f);
        group_title(f, &rep->rec->groups[g->parent]);
        fputs("</a>", f);
    }
    fprintf(f, " · %zu %s · %zu independent %s", g->n_members,
            g->n_members == 1 ? "claim" : "claims", g->n_speakers,
            g->n_speakers == 1 ? "speaker" : "speakers");
    if (g->verdict_rule) {
        fputs(" · rule <code>", f);
        rkr_html_str(f, g->verdict_rule);
        fputs("</code>", f);
    }
    fputs("</p>\n", f);
    if (g->explanation) {
        fputs("<p class=\"explanation\" dir=\"ltr\">", f);
        rkr_html_bidi(f, g->explanation);
        fputs("</p>\n", f);
    }
    estimate_list(f, g);
    review_line(f, rep, g);
    rkr_html_chart(f, rep, g);
    fputs("<ol class=\"quotes\">\n", f);
    for (size_t k = 0; k < g->n_members; k++)
        quote(f, rep, g->members[k], rkr_superseded(g, g->members[k]));
    fputs("</ol>\n", f);
    links_list(f, rep, li, gi);
    fputs("</section>\n", f);
}

/* Cards run from what needs a reader most to least; ties keep group order. */
static int severity(rk_verdict v)
{
    switch (v) {
    case RK_VERDICT_CONTRADICTION: return 0;
    case RK_VERDICT_RISING: return 1;
    case RK_VERDICT_COMPATIBLE: return 2;
    case RK_VERDICT_AGREE: return 3;
    case RK_VERDICT_SINGLE: return 4;
    default: return 5;
    }
}

static const rk_group *sort_groups;

static int cmp_group(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int sx = severity(sort_groups[x].verdict), sy = severity(sort_groups[y].verdict);
    if (sx != sy)
        return sx - sy;
    return x < y ? -1 : x > y;
}

/* The main clause of an explanation: up to its rule, before the estimate
 * and revisions, which the line shows in its own words. */
static void explanation_clause(FILE *f, const char *e)
{
    const char *cut = strstr(e, " (rule ");
    char *clause = cut ? rk_strndup(e, (size_t)(cut - e)) : NULL;
    rkr_html_bidi(f, clause ? clause : e);
    free(clause);
}

/* One line a reader can scan: verdict, what is counted, review state, the
 * best estimate, then why. */
static void summary_item(FILE *f, const rk_report *rep, const rk_group *g)
{
    fputs("<li>", f);
    badge(f, "v", rk_verdict_name(g->verdict), "no verdict");
    fputs(" <a class=\"title\" ", f);
    href_fragment(f, "g-", g->id);
    fputc('>', f);
    group_title(f, g);
    fputs("</a> ", f);
    const rk_review_entry *r = rkr_review(rep, g);
    if (r)
        badge(f, "r", rk_review_state_name(r->state), "reviewed");
    else
        fputs("<span class=\"badge r-open\">not reviewed</span>", f);
    if (g->has_estimate) {
        char best[32], lo[32], hi[32];
        rk_format_number(g->best, best, sizeof best);
        rk_format_number(g->low, lo, sizeof lo);
        rk_format_number(g->high, hi, sizeof hi);
        fprintf(f, "<span class=\"est\">best estimate %s (%s to %s)</span>", best, lo,
                g->high_open ? "open-ended" : hi);
    }
    if (g->explanation) {
        fputs("<span class=\"why\" dir=\"ltr\">", f);
        explanation_clause(f, g->explanation);
        fputs("</span>", f);
    }
    fputs("</li>\n", f);
}

static void summary(FILE *f, const rk_report *rep)
{
    rkr_summary s;
    rkr_summary_count(rep, &s);
    fputs("<section class=\"summary\" id=\"summary\">\n<h2>Contradictions</h2>\n", f);
    if (!rep->rec) {
        fprintf(f, "<p>%zu claims from %zu documents; the claims were not grouped, so no "
                   "contradiction was looked for.</p>\n</section>\n", s.claims, s.documents);
        return;
    }
    fprintf(f, "<p><strong>%zu</strong> %s, <strong>%zu</strong> not reviewed; %zu groups of "
               "%zu claims from %zu documents.</p>\n",
            s.contradictions, s.contradictions == 1 ? "contradiction" : "contradictions",
            s.unreviewed, s.groups, s.claims, s.documents);
    if (s.contradictions)
        fputs("<ul class=\"contradictions\">\n", f);
    for (size_t i = 0; i < rep->rec->n_groups; i++)
        if (rep->rec->groups[i].verdict == RK_VERDICT_CONTRADICTION)
            summary_item(f, rep, &rep->rec->groups[i]);
    fputs(s.contradictions ? "</ul>\n</section>\n" : "<p>No contradictions.</p>\n</section>\n", f);
}

static rk_status groups(FILE *f, const rk_report *rep, rk_error *err)
{
    size_t n = rep->rec->n_groups;
    size_t *order = malloc((n + 1) * sizeof *order);
    link_index li = {NULL, NULL};
    rk_status st = RK_OK;
    if (!order || link_index_build(rep, &li) < 0) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_groups = rep->rec->groups;
    qsort(order, n, sizeof *order, cmp_group);
    fputs("<section id=\"groups\">\n<h2>Groups</h2>\n", f);
    for (size_t i = 0; i < n; i++)
        card(f, rep, &li, order[i]);
    fputs("</section>\n", f);
done:
    link_index_free(&li);
    free(order);
    return st;
}

/* Claims with a quantity that reconciling kept out of every group (no
 * subject, and a policy that compares such claims with nothing): listed so
 * that no typed figure drops out of the page. O(claims + members). */
static rk_status ungrouped(FILE *f, const rk_report *rep, rk_error *err)
{
    size_t n = rep->set->n, count;
    unsigned char *out = rkr_ungrouped(rep, &count);
    if (!out)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (count) {
        fprintf(f, "<section id=\"ungrouped\">\n<h2>Figures compared with nothing</h2>\n"
                   "<p class=\"muted\">%zu %s a quantity but no subject the rules group by "
                   "(a share or a length of what?), so no other figure was set against %s.</p>\n"
                   "<ol class=\"quotes\">\n",
                count, count == 1 ? "claim has" : "claims have", count == 1 ? "it" : "them");
        for (size_t i = 0; i < n; i++)
            if (out[i])
                quote(f, rep, i, 0);
        fputs("</ol>\n</section>\n", f);
    }
    free(out);
    return RK_OK;
}

/* Without groups, the claims themselves, in document order. */
static void claims(FILE *f, const rk_report *rep)
{
    fputs("<section id=\"claims\">\n<h2>Claims</h2>\n<ol class=\"quotes\">\n", f);
    for (size_t i = 0; i < rep->set->n; i++)
        quote(f, rep, i, 0);
    fputs("</ol>\n</section>\n", f);
}

static void doc_field(FILE *f, const char *name, const rk_field *fl)
{
    if (fl->origin == RK_ORIGIN_NONE || !fl->value)
        return;
    fprintf(f, "<dt>%s</dt><dd><bdi>", name);
    if (strcmp(name, "url") == 0 && is_web_url(fl->value)) {
        fputs("<a rel=\"noreferrer noopener\" href=\"", f);
        rkr_html_str(f, fl->value);
        fputs("\">", f);
        rkr_html_str(f, fl->value);
        fputs("</a>", f);
    } else {
        rkr_html_str(f, fl->value);
    }
    fputs("</bdi>", f);
    const char *origin = rk_origin_name(fl->origin);
    if (origin)
        fprintf(f, " <span class=\"muted\">(%s)</span>", origin);
    fputs("</dd>", f);
}

static void document(FILE *f, const rk_report *rep, size_t di)
{
    const rk_document *d = rep->set->docs.docs[di];
    size_t n = 0;
    for (size_t i = rkr_first_claim(rep->set, di); i < rep->set->n && rep->set->claims[i].document == di; i++)
        n++;
    fputs("<article class=\"document\" ", f);
    id_attr(f, "doc-", d->id);
    fputs(">\n<h3", f);
    lang_dir(f, d);
    fputc('>', f);
    rkr_html_str(f, field(&d->title) ? field(&d->title) : d->id);
    fputs("</h3>\n<dl class=\"doc\"><dt>id</dt><dd><code>", f);
    rkr_html_str(f, d->id);
    fputs("</code></dd><dt>path</dt><dd><code>", f);
    rkr_html_str(f, d->path);
    fputs("</code></dd>", f);
    if (rk_format_name(d->format))
        fprintf(f, "<dt>format</dt><dd>%s</dd>", rk_format_name(d->format));
    doc_field(f, "source", &d->source);
    doc_field(f, "published", &d->published);
    doc_field(f, "url", &d->url);
    doc_field(f, "language", &d->language);
    doc_field(f, "byline", &d->byline);
    doc_field(f, "dateline", &d->dateline);
    fprintf(f, "<dt>claims</dt><dd>%zu</dd></dl>\n</article>\n", n);
}

rk_status rkr_render_html(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    const char *title = rep->title ? rep->title : "reckon report";
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    rkr_html_str(f, title);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1 dir=\"auto\">", CSS);
    rkr_html_str(f, title);
    fputs("</h1>\n<p class=\"muted\">Figures reported by the sources, grouped by what they count; "
          "each number is marked in the sentence it came from.</p>\n</header>\n<main>\n", f);
    summary(f, rep);
    if (rep->rec && (st = groups(f, rep, err)) == RK_OK)
        st = ungrouped(f, rep, err);
    else if (!rep->rec)
        claims(f, rep);
    if (st)
        return st;
    fputs("<section id=\"documents\">\n<h2>Documents</h2>\n", f);
    for (size_t i = 0; i < rep->set->docs.n; i++)
        document(f, rep, i);
    fputs("</section>\n</main>\n</body>\n</html>\n", f);
    return rkr_io_status(f, err);
}
