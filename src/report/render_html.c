/* render_html.c - the HTML report: one self-contained page a fact-checker
 * works from. At the top, one row per open contradiction with its sides,
 * then rising tolls and revisions, agreements and single figures as table
 * rows, then reviewed groups; below, a card per group of several figures
 * (chart, quotes, relations, the review command to copy) and the documents.
 * The chrome's words come from the rule set's <report> labels in the page's
 * language; a small inline script filters and searches, and the page reads
 * without it. Large reports are summarised, and say how to get the rest. */
#include "html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../core/utf8.h"

/* Above these a page would take a browser too long to open: caps apply. */
#define SUMMARISE_CLAIMS 20000
#define SUMMARISE_GROUPS 400

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

/* ------------------------------------------------------------ helpers */

const char *hl(const hpage *p, const char *id)
{
    const rk_labels *l = p->rep->labels;
    const char *s = rk_labels_get(l, p->lang, id);
    if (!s)
        s = rk_labels_get(l, "en", id);
    return s ? s : id;
}

void hput(const hpage *p, const char *id)
{
    rkr_html_str(p->f, hl(p, id));
}

void hput_named(const hpage *p, const char *prefix, const char *name)
{
    char key[128];
    snprintf(key, sizeof key, "%s.%s", prefix, name);
    const rk_labels *l = p->rep->labels;
    const char *s = rk_labels_get(l, p->lang, key);
    if (!s)
        s = rk_labels_get(l, "en", key);
    if (s) {
        rkr_html_str(p->f, s);
        return;
    }
    for (const char *c = name; *c; c++) {
        if (*c == '_')
            fputc(' ', p->f);
        else
            rkr_html_text(p->f, c, 1);
    }
}

/* The digits of v with the page's group separator every three digits of
 * the integer part (from 1,000 up). */
void hnum_plain(const hpage *p, double v)
{
    char b[40];
    rk_format_number(v, b, sizeof b);
    const char *s = b, *sep = hl(p, "num.group"), *dot = hl(p, "num.decimal");
    if (*s == '-')
        fputc(*s++, p->f);
    size_t digits = strspn(s, "0123456789");
    int group = digits > 3 && strchr(b, 'e') == NULL;
    for (size_t i = 0; i < digits; i++) {
        if (group && i && (digits - i) % 3 == 0)
            fputs(sep, p->f);
        fputc(s[i], p->f);
    }
    for (s += digits; *s; s++) {
        if (*s == '.')
            fputs(dot, p->f);
        else
            fputc(*s, p->f);
    }
}

void hnum(const hpage *p, double v)
{
    fputs("<bdi dir=\"ltr\">", p->f);
    hnum_plain(p, v);
    fputs("</bdi>", p->f);
}

void hfigure(const hpage *p, const rk_claim *c)
{
    FILE *f = p->f;
    int lo = c->has_low && isfinite(c->low), hi = c->has_high && isfinite(c->high);
    fputs("<bdi dir=\"ltr\">", f);
    if (lo && hi && c->low == c->high) {
        if (c->exactness == RK_EXACTNESS_APPROX)
            fputs("≈\u2009", f);
        hnum_plain(p, c->low);
    } else if (lo && hi) {
        hnum_plain(p, c->low);
        fputs("–", f);
        hnum_plain(p, c->high);
    } else if (lo) {
        fputs(c->exactness == RK_EXACTNESS_MORE_THAN ? ">\u2009" : "≥\u2009", f);
        hnum_plain(p, c->low);
    } else if (hi) {
        fputs(c->exactness == RK_EXACTNESS_LESS_THAN ? "<\u2009" : "≤\u2009", f);
        hnum_plain(p, c->high);
    } else {
        fputs("?", f);
    }
    fputs("</bdi>", f);
}

void hdate(const hpage *p, const char *s)
{
    if (!s) {
        hput(p, "date.undated");
        return;
    }
    fputs("<bdi dir=\"ltr\">", p->f);
    rkr_html_text(p->f, s, strnlen(s, 10));
    fputs("</bdi>", p->f);
}

void hclaim_date(const hpage *p, const rk_claim *c)
{
    const char *d = rkr_claim_date(p->rep, c);
    if (d && !c->as_of) {
        fputs("<span title=\"", p->f);
        hput(p, "date.by.why");
        fputs("\">", p->f);
        hput(p, "date.by");
        fputc(' ', p->f);
        hdate(p, d);
        fputs("</span>", p->f);
        return;
    }
    if (d && c->as_of_from) {
        hdate(p, c->as_of_from);
        fputs("–", p->f);
    }
    hdate(p, d);
}

const char *horiginator(const rk_claim *c)
{
    return c->speaker && *c->speaker ? c->speaker : NULL;
}

void htitle(const hpage *p, const rk_group *g)
{
    hput_named(p, "quantity", g->quantity ? g->quantity : "untyped");
    if (g->subject) {
        fputs(" · ", p->f);
        hput_named(p, "subject", g->subject);
    }
    if (g->scope) {
        fputs(" · ", p->f);
        hput_named(p, "scope", g->scope);
    }
}

void hid(FILE *f, const char *prefix, const char *id)
{
    fprintf(f, " id=\"%s", prefix);
    rkr_html_str(f, id);
    fputc('"', f);
}

void hhref(FILE *f, const char *prefix, const char *id)
{
    fprintf(f, " href=\"#%s", prefix);
    for (const unsigned char *q = (const unsigned char *)(id ? id : ""); *q; q++) {
        if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
            strchr("-._~:@!$()*+,;=/?", *q))
            fputc(*q, f);
        else
            fprintf(f, "%%%02X", *q);
    }
    fputc('"', f);
}

void hbadge(const hpage *p, const rk_group *g)
{
    const char *v = rk_verdict_name(g->verdict);
    fprintf(p->f, "<span class=\"badge v-%s\">", v ? v : "none");
    hput_named(p, "verdict", v ? v : "none");
    fputs("</span>", p->f);
}

void hreview_badge(const hpage *p, const hgroup *h)
{
    const rk_review_entry *r = h->review;
    if (!r && h->stale) {
        /* "review out of date (dismissed)", the figures it saw on hover */
        const char *s = rk_review_state_name(h->stale->state);
        fputs("<span class=\"badge r-open r-stale\" title=\"", p->f);
        hput(p, "review.stale.seen");
        fputc(' ', p->f);
        rkr_html_str(p->f, h->stale->figures);
        fputs("\">", p->f);
        hput(p, "review.stale");
        fputs(" (", p->f);
        hput_named(p, "review", s ? s : "none");
        fputc(')', p->f);
    } else if (!r) {
        fputs("<span class=\"badge r-open\">", p->f);
        hput(p, "review.open");
    } else {
        const char *s = rk_review_state_name(r->state);
        fprintf(p->f, "<span class=\"badge r-%s\">", s ? s : "none");
        hput_named(p, "review", s ? s : "none");
    }
    fputs("</span>", p->f);
}

void hfilter_attrs(const hpage *p, const hgroup *h)
{
    const rk_group *g = &p->rep->rec->groups[h->gi];
    const char *v = rk_verdict_name(g->verdict);
    fprintf(p->f, " data-v=\"%s\" data-q=\"", h->review ? "reviewed" : v ? v : "none");
    rkr_html_str(p->f, g->quantity ? g->quantity : "untyped");
    fputs("\" data-l=\"", p->f);
    rkr_html_str(p->f, h->langs);
    fputc('"', p->f);
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

void hdoc_lang_dir(FILE *f, const rk_document *d)
{
    const char *lang = field(&d->language);
    if (lang) {
        fputs(" lang=\"", f);
        rkr_html_str(f, lang);
        fputc('"', f);
    }
    fputs(is_rtl(lang) ? " dir=\"rtl\"" : " dir=\"auto\"", f);
}

long hday(const char *s)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    /* Howard Hinnant's days_from_civil. */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

int hmember(const rk_group *g, size_t ci)
{
    return bsearch(&ci, g->members, g->n_members, sizeof ci, cmp_size) != NULL;
}

/* ------------------------------------------------------- derived facts */

static int links_build(const rk_report *rep, hlinks *li)
{
    const rk_reconciliation *rec = rep->rec;
    size_t ng = rec->n_groups, *group_of = malloc((rep->set->n + 1) * sizeof *group_of);
    size_t *fill = calloc(ng + 1, sizeof *fill);
    li->start = calloc(ng + 2, sizeof *li->start);
    li->order = malloc((rec->n_links + 1) * sizeof *li->order);
    if (!group_of || !fill || !li->start || !li->order) {
        free(group_of);
        free(fill);
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
    for (size_t l = 0; l < rec->n_links; l++) {
        size_t g = group_of[rec->links[l].from];
        li->order[li->start[g] + fill[g]++] = l;
    }
    free(fill);
    free(group_of);
    return 0;
}

static double claim_mid_low(const rk_claim *c)
{
    return c->has_low ? c->low : c->has_high ? c->high : 0;
}

static void add_side(hgroup *h, size_t ci)
{
    for (size_t k = 0; k < h->n_sides; k++)
        if (h->sides[k] == ci)
            return;
    if (h->n_sides < 4)
        h->sides[h->n_sides++] = ci;
}

/* The sides of a contradiction: the pair whose link decided the verdict,
 * then the other figures a contradicts link inside the group joins. */
static void find_sides(const hpage *p, hgroup *h)
{
    const rk_report *rep = p->rep;
    const rk_group *g = &rep->rec->groups[h->gi];
    size_t a = p->links.start[h->gi], b = p->links.start[h->gi + 1];
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = a; k < b; k++) {
            const rk_link *l = &rep->rec->links[p->links.order[k]];
            if (l->kind != RK_LINK_CONTRADICTS || !hmember(g, l->to))
                continue;
            int deciding = l->rule && g->verdict_rule && strcmp(l->rule, g->verdict_rule) == 0;
            if (deciding == (pass == 0)) {
                add_side(h, l->from);
                add_side(h, l->to);
            }
        }
    /* Low to high; the gap is how far apart the extremes are. */
    for (size_t i = 1; i < h->n_sides; i++)
        for (size_t j = i; j > 0; j--) {
            const rk_claim *x = &rep->set->claims[h->sides[j - 1]];
            const rk_claim *y = &rep->set->claims[h->sides[j]];
            if (claim_mid_low(x) <= claim_mid_low(y))
                break;
            size_t t = h->sides[j];
            h->sides[j] = h->sides[j - 1];
            h->sides[j - 1] = t;
        }
    if (h->n_sides >= 2) {
        const rk_claim *lo = &rep->set->claims[h->sides[0]];
        const rk_claim *hi = &rep->set->claims[h->sides[h->n_sides - 1]];
        double top = lo->has_high ? lo->high : claim_mid_low(lo);
        h->gap = claim_mid_low(hi) / (top > 1 ? top : 1);
    }
}

/* The distinct document languages of a group's members (at most a few). */
static void find_langs(const hpage *p, hgroup *h)
{
    const rk_group *g = &p->rep->rec->groups[h->gi];
    size_t used = 0;
    h->langs[0] = '\0';
    for (size_t k = 0; k < g->n_members; k++) {
        const rk_document *d = rkr_claim_doc(p->rep, &p->rep->set->claims[g->members[k]]);
        const char *lang = field(&d->language);
        char code[8];
        size_t n = lang ? strcspn(lang, "-_") : 0;
        if (!n || n >= sizeof code)
            continue;
        for (size_t i = 0; i < n; i++)
            code[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] + 32 : lang[i]);
        code[n] = '\0';
        char padded[12];
        snprintf(padded, sizeof padded, " %s ", code);
        char hay[28];
        snprintf(hay, sizeof hay, " %s ", h->langs);
        if (strstr(hay, padded))
            continue;
        if (used + n + 1 >= sizeof h->langs)
            break;
        used += (size_t)snprintf(h->langs + used, sizeof h->langs - used, "%s%s",
                                 used ? " " : "", code);
    }
}

static void derive(hpage *p)
{
    const rk_report *rep = p->rep;
    for (size_t gi = 0; gi < rep->rec->n_groups; gi++) {
        const rk_group *g = &rep->rec->groups[gi];
        hgroup *h = &p->groups[gi];
        h->gi = gi;
        h->review = rkr_review(rep, g);
        if (h->review && rkr_review_stale(rep, g, h->review)) {
            h->stale = h->review;
            h->review = NULL;
        }
        h->latest = -1;
        h->has_card = g->n_members > 1;
        for (size_t k = 0; k < g->n_members; k++) {
            long d = hday(rkr_claim_date(rep, &rep->set->claims[g->members[k]]));
            if (d > h->latest)
                h->latest = d;
        }
        find_langs(p, h);
        if (g->verdict == RK_VERDICT_CONTRADICTION)
            find_sides(p, h);
    }
}

/* How urgent a group is: open before reviewed, then by verdict. */
static int rank(const hgroup *h, const rk_group *g)
{
    int r;
    switch (g->verdict) {
    case RK_VERDICT_CONTRADICTION: r = 0; break;
    case RK_VERDICT_RISING: case RK_VERDICT_REVISION: case RK_VERDICT_UPDATED: r = 1; break;
    case RK_VERDICT_COMPATIBLE: r = 2; break;
    case RK_VERDICT_AGREE: r = 3; break;
    case RK_VERDICT_SINGLE: r = 4; break;
    default: r = 5;
    }
    return h->review ? r + 10 : r;
}

static const hpage *sort_page;

/* Most serious first: rank; then, among contradictions, more independent
 * sources, a wider gap, a more recent figure; ties keep group order. */
static int cmp_serious(const void *a, const void *b)
{
    const hgroup *x = &sort_page->groups[*(const size_t *)a];
    const hgroup *y = &sort_page->groups[*(const size_t *)b];
    const rk_group *gx = &sort_page->rep->rec->groups[x->gi];
    const rk_group *gy = &sort_page->rep->rec->groups[y->gi];
    int rx = rank(x, gx), ry = rank(y, gy);
    if (rx != ry)
        return rx - ry;
    if (gx->n_speakers != gy->n_speakers)
        return gx->n_speakers > gy->n_speakers ? -1 : 1;
    if (x->gap != y->gap)
        return x->gap > y->gap ? -1 : 1;
    if (x->latest != y->latest)
        return x->latest > y->latest ? -1 : 1;
    return x->gi < y->gi ? -1 : x->gi > y->gi;
}

/* Claims with a quantity that no group holds: listed so that no typed
 * figure drops out of the page. */
static rk_status section_ungrouped(hpage *p, rk_error *err)
{
    size_t count;
    unsigned char *out = rkr_ungrouped(p->rep, &count);
    if (!out)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (count) {
        size_t shown = 0;
        fputs("<section id=\"ungrouped\">\n<h2>", p->f);
        hput(p, "section.ungrouped");
        fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n"
                      "<p class=\"muted\">", count);
        hput(p, "ungrouped.lede");
        fputs("</p>\n<details><summary>", p->f);
        hput(p, "ungrouped.show");
        fputs("</summary><ol class=\"quotes\">\n", p->f);
        for (size_t i = 0; i < p->rep->set->n && shown < p->max_rows; i++)
            if (out[i]) {
                hquote(p, i, NULL);
                shown++;
            }
        fputs("</ol></details>\n", p->f);
        if (count > shown) {
            fputs("<p class=\"more\">", p->f);
            hput(p, "more.rows");
            fprintf(p->f, " <bdi dir=\"ltr\">%zu</bdi>. ", count - shown);
            hput(p, "more.how");
            fputs(" <code dir=\"ltr\">reckon report --format json</code></p>\n", p->f);
        }
        fputs("</section>\n", p->f);
    }
    free(out);
    return RK_OK;
}

/* Without groups, the claims themselves, in document order. */
static void section_claims(hpage *p)
{
    size_t n = p->rep->set->n < p->max_rows ? p->rep->set->n : p->max_rows;
    fputs("<section id=\"claims\">\n<h2>", p->f);
    hput(p, "section.claims");
    fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n"
                  "<ol class=\"quotes\">\n", p->rep->set->n);
    for (size_t i = 0; i < n; i++)
        hquote(p, i, NULL);
    fputs("</ol>\n</section>\n", p->f);
}

static void doc_row(hpage *p, size_t di, size_t n_claims)
{
    FILE *f = p->f;
    const rk_document *d = p->rep->set->docs.docs[di];
    const char *title = field(&d->title), *url = field(&d->url);
    fputs("<tr", f);
    hid(f, "doc-", d->id);
    fputs("><td><code dir=\"ltr\">", f);
    rkr_html_str(f, d->id);
    fputs("</code></td><td", f);
    hdoc_lang_dir(f, d);
    fputc('>', f);
    /* Only web addresses become links: a javascript: or data: URL from a
     * hostile input must not be one click away. */
    int web = url && (strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0);
    if (web) {
        fputs("<a rel=\"noreferrer noopener\" href=\"", f);
        rkr_html_str(f, url);
        fputs("\">", f);
    }
    if (title)
        rkr_html_str(f, title);
    else
        hput(p, "doc.untitled");
    fputs(web ? "</a>" : "", f);
    fputs("</td><td><bdi>", f);
    rkr_html_str(f, field(&d->source));
    fputs("</bdi>", f);
    if (d->source.origin == RK_ORIGIN_INFERRED) {
        fputs(" <span class=\"inf\" title=\"", f);
        hput(p, "doc.inferred");
        fputs("\">*</span>", f);
    }
    fputs("</td><td>", f);
    if (field(&d->published))
        hdate(p, field(&d->published));
    fputs("</td><td><bdi dir=\"ltr\">", f);
    rkr_html_str(f, field(&d->language));
    fputs("</bdi></td><td class=\"n\" data-h=\"", f);
    hput(p, "col.claims");
    fprintf(f, "\"><bdi dir=\"ltr\">%zu</bdi></td></tr>\n", n_claims);
}

static void section_documents(hpage *p)
{
    static const char *const cols[] = {"col.id", "col.title", "col.outlet", "col.published",
                                       "col.language", "col.claims", NULL};
    const rk_claimset *set = p->rep->set;
    size_t shown = 0;
    fputs("<section id=\"documents\">\n<h2>", p->f);
    hput(p, "section.documents");
    fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n",
            set->docs.n);
    htable_head(p, cols);
    /* Claims are in document order: one pass counts them all. */
    size_t ci = 0;
    for (size_t di = 0; di < set->docs.n; di++) {
        size_t n = 0;
        while (ci < set->n && set->claims[ci].document < di)
            ci++;
        while (ci < set->n && set->claims[ci].document == di) {
            ci++;
            n++;
        }
        if (p->summarise && !p->doc_used[di] && shown >= p->max_rows)
            continue;
        doc_row(p, di, n);
        shown++;
    }
    htable_tail(p, set->docs.n - shown);
    fputs("</section>\n", p->f);
}

/* ------------------------------------------------------------ the page */

/* The chrome's language: the one asked for when the labels have it; else
 * the documents' own when they all share one the labels have; else
 * English. */
static const char *page_lang(const rk_report *rep)
{
    if (rep->lang && rk_labels_has_lang(rep->labels, rep->lang))
        return rep->lang;
    const char *common = NULL;
    size_t n = 0;
    for (size_t i = 0; i < rep->set->docs.n; i++) {
        const char *l = field(&rep->set->docs.docs[i]->language);
        if (!l)
            continue;
        size_t k = strcspn(l, "-_");
        if (common && (strlen(common) != k || strncasecmp(common, l, k) != 0))
            return "en";
        if (!common) {
            static char first[8];
            if (k >= sizeof first)
                return "en";
            for (size_t j = 0; j < k; j++)
                first[j] = (char)(l[j] >= 'A' && l[j] <= 'Z' ? l[j] + 32 : l[j]);
            first[k] = '\0';
            common = first;
        }
        n++;
    }
    return n && rk_labels_has_lang(rep->labels, common) ? common : "en";
}

static void toc_item(hpage *p, const char *id, const char *label, size_t n)
{
    fprintf(p->f, "<li><a href=\"#%s\">", id);
    hput(p, label);
    fprintf(p->f, "</a> <bdi dir=\"ltr\">%zu</bdi></li>", n);
}

/* Counts of each table, for the table of contents. */
typedef struct counts {
    size_t open, changes, agree, single, reviewed, cards;
} counts;

static counts count_all(const hpage *p)
{
    counts c = {0};
    for (size_t gi = 0; p->rep->rec && gi < p->rep->rec->n_groups; gi++) {
        const hgroup *h = &p->groups[gi];
        c.open += his_open(p, h);
        c.changes += his_change(p, h);
        c.agree += his_agreement(p, h);
        c.single += his_single(p, h);
        c.reviewed += h->review != NULL;
        c.cards += h->has_card;
    }
    return c;
}

static void header(hpage *p, const counts *c)
{
    FILE *f = p->f;
    const rk_report *rep = p->rep;
    fputs("<header>\n<h1 dir=\"auto\">", f);
    rkr_html_str(f, rep->title ? rep->title : hl(p, "page.title"));
    fputs("</h1>\n<p class=\"lede\">", f);
    if (rep->rec) {
        fputs("<b>", f);
        hnum(p, (double)c->open);
        fputs("</b> ", f);
        hput(p, "lede.open");
        fputs(" · ", f);
        hnum(p, (double)rep->rec->n_groups);
        fputc(' ', f);
        hput(p, "lede.groups");
        fputs(" · ", f);
    }
    hnum(p, (double)rep->set->n);
    fputc(' ', f);
    hput(p, "lede.claims");
    fputs(" · ", f);
    hnum(p, (double)rep->set->docs.n);
    fputc(' ', f);
    hput(p, "lede.documents");
    fputs("</p>\n", f);
    if (p->summarise) {
        fputs("<p class=\"more\">", f);
        hput(p, "summary.note");
        fputs(" <code dir=\"ltr\">reckon report --format json</code></p>\n", f);
    }
    fputs("<nav class=\"toc\"><ol>", f);
    if (rep->rec) {
        toc_item(p, "open", "section.open", c->open);
        if (c->changes)
            toc_item(p, "changes", "section.changes", c->changes);
        if (c->agree)
            toc_item(p, "agreements", "section.agreements", c->agree);
        if (c->single)
            toc_item(p, "single", "section.single", c->single);
        if (c->reviewed)
            toc_item(p, "reviewed", "section.reviewed", c->reviewed);
        if (c->cards)
            toc_item(p, "details", "section.details", c->cards);
    } else {
        toc_item(p, "claims", "section.claims", rep->set->n);
    }
    toc_item(p, "documents", "section.documents", rep->set->docs.n);
    fputs("</ol></nav>\n</header>\n", f);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted distinct values; v is sorted in place. Returns the count. */
static size_t uniq(const char **v, size_t n)
{
    size_t w = 0;
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (!w || strcmp(v[w - 1], v[i]) != 0)
            v[w++] = v[i];
    return w;
}

static void option(hpage *p, const char *value, const char *prefix)
{
    fputs("<option value=\"", p->f);
    rkr_html_str(p->f, value);
    fputs("\">", p->f);
    if (prefix)
        hput_named(p, prefix, value);
    else
        rkr_html_str(p->f, value);
    fputs("</option>", p->f);
}

/* The filter bar: hidden until the script shows it, so a page read
 * without scripts shows no control that does nothing. */
static rk_status filters(hpage *p, rk_error *err)
{
    const rk_reconciliation *rec = p->rep->rec;
    FILE *f = p->f;
    const char **q = malloc((rec->n_groups + 1) * sizeof *q);
    const char **l = malloc((rec->n_groups * 4 + 1) * sizeof *l);
    char *langs = malloc(rec->n_groups * sizeof p->groups[0].langs + 1);
    if (!q || !l || !langs) {
        free(q);
        free(l);
        free(langs);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    size_t nq = 0, nl = 0;
    for (size_t gi = 0; gi < rec->n_groups; gi++) {
        const rk_group *g = &rec->groups[gi];
        q[nq++] = g->quantity ? g->quantity : "untyped";
        char *copy = langs + gi * sizeof p->groups[0].langs;
        memcpy(copy, p->groups[gi].langs, sizeof p->groups[0].langs);
        char *save = NULL;
        for (char *t = strtok_r(copy, " ", &save); t && nl < rec->n_groups * 4;
             t = strtok_r(NULL, " ", &save))
            l[nl++] = t;
    }
    nq = uniq(q, nq);
    nl = uniq(l, nl);
    static const char *const verdicts[] = {"contradiction", "revision", "rising", "updated",
                                           "compatible", "agree", "single", "reviewed"};
    fputs("<form id=\"filters\" class=\"filters\" hidden role=\"search\">"
          "<label><span>", f);
    hput(p, "filter.search");
    fputs("</span> <input type=\"search\" id=\"f-s\"></label> <label><span>", f);
    hput(p, "filter.verdict");
    fputs("</span> <select id=\"f-v\"><option value=\"\">", f);
    hput(p, "filter.all");
    fputs("</option>", f);
    for (size_t i = 0; i < sizeof verdicts / sizeof *verdicts; i++)
        option(p, verdicts[i], "verdict");
    fputs("</select></label> <label><span>", f);
    hput(p, "filter.quantity");
    fputs("</span> <select id=\"f-q\"><option value=\"\">", f);
    hput(p, "filter.all");
    fputs("</option>", f);
    for (size_t i = 0; i < nq; i++)
        option(p, q[i], "quantity");
    fputs("</select></label> <label><span>", f);
    hput(p, "filter.language");
    fputs("</span> <select id=\"f-l\"><option value=\"\">", f);
    hput(p, "filter.all");
    fputs("</option>", f);
    for (size_t i = 0; i < nl; i++)
        option(p, l[i], "language");
    fputs("</select></label> <output id=\"f-n\"></output> <span class=\"muted\">", f);
    hput(p, "filter.shown");
    fputs("</span></form>\n", f);
    free(q);
    free(l);
    free(langs);
    return RK_OK;
}

static rk_status body(hpage *p, rk_error *err)
{
    const rk_report *rep = p->rep;
    counts c = count_all(p);
    header(p, &c);
    rk_status st = RK_OK;
    if (rep->rec && (st = filters(p, err)) != RK_OK)
        return st;
    fputs("<main>\n", p->f);
    if (!rep->rec) {
        section_claims(p);
    } else {
        size_t n = rep->rec->n_groups, *order = malloc((n + 1) * sizeof *order);
        if (!order)
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        sort_page = p;
        qsort(order, n, sizeof *order, cmp_serious);
        /* A summarised page keeps the cards of the most serious groups. */
        size_t cards = 0;
        for (size_t i = 0; i < n; i++) {
            hgroup *h = &p->groups[order[i]];
            if (h->has_card && p->summarise && cards >= 40)
                h->has_card = 0;
            cards += h->has_card;
        }
        hsection_open(p, order, n);
        hsection_changes(p, order, n);
        hsection_agree(p, order, n);
        hsection_single(p, order, n);
        hsection_reviewed(p, order, n);
        if (cards) {
            fputs("<section id=\"details\">\n<h2>", p->f);
            hput(p, "section.details");
            fprintf(p->f, " <span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span></h2>\n",
                    cards);
            for (size_t i = 0; i < n; i++)
                if (p->groups[order[i]].has_card)
                    hcard(p, &p->groups[order[i]]);
            fputs("</section>\n", p->f);
        }
        free(order);
        st = section_ungrouped(p, err);
    }
    if (st == RK_OK)
        section_documents(p);
    fputs("</main>\n", p->f);
    return st;
}

rk_status rkr_render_html(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    hpage p = {.f = f, .rep = rep};
    p.lang = page_lang(rep);
    p.rtl = is_rtl(p.lang);
    p.summarise = rep->set->n > SUMMARISE_CLAIMS ||
                  (rep->rec && rep->rec->n_groups > SUMMARISE_GROUPS);
    p.shown_quotes = 2;
    p.max_quotes = p.summarise ? 12 : 400;
    p.max_rows = p.summarise ? 300 : (size_t)-1;
    p.max_links = p.summarise ? 30 : 400;
    size_t ng = rep->rec ? rep->rec->n_groups : 0;
    p.groups = calloc(ng + 1, sizeof *p.groups);
    p.doc_used = calloc(rep->set->docs.n + 1, 1);
    p.quoted = calloc(rep->set->n + 1, 1);
    if (!p.groups || !p.doc_used || !p.quoted || (rep->rec && links_build(rep, &p.links) < 0)) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    if (rep->rec)
        derive(&p);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<title>", p.lang, p.rtl ? "rtl" : "ltr");
    rkr_html_str(f, rep->title ? rep->title : hl(&p, "page.title"));
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", rkr_html_css);
    if ((st = body(&p, err)) != RK_OK)
        goto done;
    fprintf(f, "<script>\n%s</script>\n</body>\n</html>\n", rkr_html_js);
    st = rkr_io_status(f, err);
done:
    free(p.links.start);
    free(p.links.order);
    free(p.groups);
    free(p.doc_used);
    free(p.quoted);
    return st;
}
