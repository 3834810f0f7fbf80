/* html_chart.c - the inline SVG chart of a card: each figure of a group as
 * one mark, x by date (undated figures in a column of their own, only when
 * there are any), y by value from zero with headroom; one colour per source
 * with a legend, a key for the shapes the chart uses (ranges, open ends,
 * vague words, superseded figures), the reconciled estimate as a band and
 * the best figure as a dashed line. The SVG scales to its column; its text
 * is sized for a phone. */
#include "html.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define W 520
#define H 240
#define LEFT 58.0
#define TOP 26.0
#define BOTTOM (H - 40.0)
#define UNDATED_W 62.0      /* the undated column, when there is one */
#define MAX_MARKS 120       /* a chart stays readable; the quotes list all */
#define SPREAD 12.0         /* units between marks sharing a date */
#define N_COLOURS 8         /* the last one is "other sources" */

/* Okabe and Ito's palette, safe for colour-blind readers, then grey. */
static const char *const colours[N_COLOURS] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                               "#e69f00", "#56b4e9", "#000000", "#999999"};

typedef struct mark {
    size_t claim;
    long day;           /* days since 1970-01-01; LONG_MAX when undated */
    size_t source;      /* index into the sources */
} mark;

typedef struct source {
    const char *name;   /* speaker, else outlet */
    size_t count;
    size_t first;       /* first mark, for a stable order */
    size_t merged;      /* its index before sorting by count */
} source;

typedef struct chart {
    mark *ms;
    size_t n;
    source *src;
    size_t n_src;
    double lo, hi, step;
    long d0, d1;
    double right;       /* dated marks end here */
    int undated;        /* an undated column */
    unsigned shapes;    /* which shapes appear, for the key */
} chart;

enum { S_DOT = 1, S_RANGE = 2, S_UP = 4, S_DOWN = 8, S_VAGUE = 16, S_SUPERSEDED = 32 };

static const char *source_name(const hpage *p, const rk_claim *c)
{
    const char *o = horiginator(c);
    return o ? o : rkr_doc_label(rkr_claim_doc(p->rep, c));
}

static int cmp_mark(const void *a, const void *b)
{
    const mark *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->claim < y->claim ? -1 : x->claim > y->claim;
}

static int cmp_source(const void *a, const void *b)
{
    const source *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* A round step (1, 2 or 5 times a power of ten) near span / 4. */
static double nice_step(double span)
{
    double raw = span / 4, p = pow(10, floor(log10(raw))), r = raw / p;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * p;
}

static void widen(double v, int has, double *lo, double *hi)
{
    if (!has || !isfinite(v))
        return;
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

static void make_scale(const hpage *p, const rk_group *g, chart *ch)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < ch->n; i++) {
        const rk_claim *c = &p->rep->set->claims[ch->ms[i].claim];
        widen(c->low, c->has_low, &lo, &hi);
        widen(c->high, c->has_high, &lo, &hi);
    }
    if (g->has_estimate) {
        widen(g->low, 1, &lo, &hi);
        widen(g->high, !g->high_open, &lo, &hi);
    }
    if (!isfinite(lo))
        lo = hi = 0;
    /* Counts start at zero so the eye compares magnitudes honestly; the top
     * leaves room above the highest mark. */
    if (lo >= 0)
        lo = 0;
    if (hi <= lo)
        hi = lo + 1;
    hi += (hi - lo) * 0.12;
    ch->step = nice_step(hi - lo);
    ch->hi = ceil(hi / ch->step) * ch->step;
    ch->lo = floor(lo / ch->step) * ch->step;
}

static double y_of(const chart *ch, double v)
{
    return TOP + (ch->hi - v) / (ch->hi - ch->lo) * (BOTTOM - TOP);
}

static double x_of(const chart *ch, long day)
{
    if (day == LONG_MAX)
        return ch->right + UNDATED_W / 2 + 4;
    if (ch->d1 == ch->d0)
        return (LEFT + ch->right) / 2;
    return LEFT + 14 + (double)(day - ch->d0) / (double)(ch->d1 - ch->d0) * (ch->right - LEFT - 28);
}

/* A day as "6 Jan": the month from the labels. */
static void day_label(const hpage *p, long day)
{
    /* civil_from_days (Howard Hinnant). */
    long z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    char key[32];
    snprintf(key, sizeof key, "month.%ld", m);
    fprintf(p->f, "%ld ", d);
    hput(p, key);
}

static void axes(const hpage *p, const rk_group *g, const chart *ch)
{
    FILE *f = p->f;
    /* y: grid lines and values, and what is counted. */
    for (double v = ch->lo; v <= ch->hi + ch->step / 2; v += ch->step) {
        double y = y_of(ch, v);
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">",
                LEFT, y, (double)W - 4, y, LEFT - 6, y + 4);
        hnum_plain(p, fabs(v) < ch->step / 1e6 ? 0 : v);
        fputs("</text>\n", f);
    }
    const rk_claim *c0 = ch->n ? &p->rep->set->claims[ch->ms[0].claim] : NULL;
    fprintf(f, "<text class=\"axis-title\" x=\"%.1f\" y=\"14\">", LEFT - 50);
    if (c0 && c0->unit)
        hput_named(p, "unit", c0->unit);
    else
        hput_named(p, "quantity", g->quantity ? g->quantity : "untyped");
    fputs("</text>\n", f);
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", LEFT,
            BOTTOM, (double)W - 4, BOTTOM);
    /* x: a tick per day when the days are few, else a round number of days
     * apart, each far enough from the last to be read. */
    if (ch->d1 >= ch->d0 && ch->n && ch->ms[0].day != LONG_MAX) {
        long span = ch->d1 - ch->d0, every = 1;
        static const long steps[] = {1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1825, 3650};
        for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
            every = steps[i];
            double px = span ? (ch->right - LEFT - 28) * (double)every / (double)span : 1e9;
            if (px >= 58)
                break;
        }
        for (long d = ch->d0; d <= ch->d1; d += every) {
            double x = x_of(ch, d);
            fprintf(f, "<line class=\"xtick\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                       "<text class=\"date\" x=\"%.1f\" y=\"%.1f\">",
                    x, BOTTOM, x, BOTTOM + 5, x, BOTTOM + 19);
            day_label(p, d);
            fputs("</text>\n", f);
        }
    }
    fprintf(f, "<text class=\"axis-title x\" x=\"%.1f\" y=\"%d\">", (LEFT + ch->right) / 2, H - 4);
    hput(p, "chart.x");
    fputs("</text>\n", f);
    if (ch->undated) {
        double x = ch->right + 4;
        /* Its label sits above the column, clear of the last day's. */
        fprintf(f, "<line class=\"sep\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"date\" x=\"%.1f\" y=\"%.1f\">",
                x, TOP - 8, x, BOTTOM, x + UNDATED_W / 2, TOP - 12);
        hput(p, "date.undated");
        fputs("</text>\n", f);
    }
}

static void estimate_band(const hpage *p, const rk_group *g, const chart *ch)
{
    if (!g->has_estimate)
        return;
    double top = g->high_open ? TOP - 8 : y_of(ch, g->high), bottom = y_of(ch, g->low);
    double yb = y_of(ch, g->best);
    fprintf(p->f, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
                  "<line class=\"best\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                  "<text class=\"best-l\" x=\"%.1f\" y=\"%.1f\">",
            LEFT, top, ch->right - LEFT, bottom - top > 1 ? bottom - top : 1, LEFT, yb, ch->right,
            yb, ch->right - 2, yb - 4);
    hput(p, "chart.best");
    fputc(' ', p->f);
    hnum_plain(p, g->best);
    fputs("</text>\n", p->f);
}

/* The shape of one figure: a dot, a bar for a range, a dashed bar for a
 * vague word ("dozens"), an arrow for an open end, a ring when nothing
 * bounds it. Returns the shape's bit for the key. */
static unsigned shape(FILE *f, const chart *ch, const rk_claim *c, double x, const char *col)
{
    int lo = c->has_low && isfinite(c->low), hi = c->has_high && isfinite(c->high);
    if (lo && hi && c->low == c->high) {
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>", x, y_of(ch, c->low),
                col);
        return S_DOT;
    }
    if (lo && hi) {
        double y1 = y_of(ch, c->high), y2 = y_of(ch, c->low);
        int vague = c->exactness == RK_EXACTNESS_VAGUE;
        fprintf(f, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"%s\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                vague ? "bar vague" : "bar", x, y1, x, y2 > y1 + 1 ? y2 : y1 + 1, col, x - 5, y1,
                x + 5, y1, col, x - 5, y2, x + 5, y2, col);
        return vague ? S_VAGUE : S_RANGE;
    }
    if (lo) {
        double y = y_of(ch, c->low);
        fprintf(f, "<line class=\"bar\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
                   "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>"
                   "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>",
                x, y, x, TOP - 2, col, x, y, col, x - 5, TOP - 1, x + 5, TOP - 1, x, TOP - 9, col);
        return S_UP;
    }
    if (hi) {
        double y = y_of(ch, c->high);
        fprintf(f, "<line class=\"bar\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
                   "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>"
                   "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>",
                x, y, x, BOTTOM - 8, col, x, y, col, x - 5, BOTTOM - 9, x + 5, BOTTOM - 9, x,
                BOTTOM - 1, col);
        return S_DOWN;
    }
    fprintf(f, "<circle class=\"ring\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" stroke=\"%s\"/>", x,
            (TOP + BOTTOM) / 2, col);
    return S_VAGUE;
}

static void draw_mark(hpage *p, const rk_group *g, chart *ch, const mark *mk, double x)
{
    FILE *f = p->f;
    const rk_claim *c = &p->rep->set->claims[mk->claim];
    const rk_document *d = rkr_claim_doc(p->rep, c);
    int sup = rkr_superseded(g, mk->claim);
    const char *col = colours[mk->source < N_COLOURS - 1 ? mk->source : N_COLOURS - 1];
    fprintf(f, "<g class=\"mark%s\"><title>", sup ? " superseded" : "");
    rkr_html_str(f, source_name(p, c));
    fputs(": ", f);
    rkr_html_text(f, d->body + c->start, c->end - c->start);
    fputs(" (", f);
    rkr_html_str(f, rkr_doc_label(d));
    fputs(", ", f);
    const char *date = rkr_claim_date(p->rep, c);
    if (date)
        rkr_html_text(f, date, strnlen(date, 10));
    else
        hput(p, "date.undated");
    fputs(sup ? "; " : "", f);
    if (sup)
        hput(p, "quote.superseded");
    fputs(")</title>", f);
    ch->shapes |= shape(f, ch, c, x, col) | (sup ? S_SUPERSEDED : 0);
    fputs("</g>\n", f);
}

/* Marks sharing a day spread sideways around it, squeezed when many. */
static void draw_marks(hpage *p, const rk_group *g, chart *ch)
{
    for (size_t i = 0; i < ch->n;) {
        size_t j = i;
        while (j < ch->n && ch->ms[j].day == ch->ms[i].day)
            j++;
        double x0 = x_of(ch, ch->ms[i].day);
        double room = ch->ms[i].day == LONG_MAX ? UNDATED_W - 12 : 90;
        double spread = fmin(SPREAD, room / (double)(j - i));
        double half = spread * (double)(j - i - 1) / 2;
        double lo = ch->ms[i].day == LONG_MAX ? ch->right + 10 : LEFT + 6;
        double hi = ch->ms[i].day == LONG_MAX ? W - 6 : ch->right - 6;
        double xm = fmax(fmin(x0, hi - half), lo + half);
        for (size_t k = i; k < j; k++)
            draw_mark(p, g, ch, &ch->ms[k], xm + ((double)(k - i) - (double)(j - i - 1) / 2) * spread);
        i = j;
    }
}

/* Who gave the figures, one colour each, the most frequent first; the
 * sources past the palette share grey. */
static void legend(hpage *p, const chart *ch)
{
    FILE *f = p->f;
    fputs("<ul class=\"legend\">", f);
    size_t others = 0;
    for (size_t i = 0; i < ch->n_src; i++) {
        if (i >= N_COLOURS - 1) {
            others += ch->src[i].count;
            continue;
        }
        fprintf(f, "<li><i style=\"background:%s\"></i><bdi>", colours[i]);
        rkr_html_str(f, ch->src[i].name);
        fprintf(f, "</bdi> <bdi dir=\"ltr\" class=\"muted\">%zu</bdi></li>", ch->src[i].count);
    }
    if (others) {
        fprintf(f, "<li><i style=\"background:%s\"></i>", colours[N_COLOURS - 1]);
        hput(p, "chart.others");
        fprintf(f, " <bdi dir=\"ltr\" class=\"muted\">%zu</bdi></li>", others);
    }
    fputs("</ul>\n", f);
}

/* What each shape means, for the shapes this chart uses. */
static void key(hpage *p, const rk_group *g, unsigned shapes)
{
    static const struct {
        unsigned bit;
        const char *svg, *label;
    } items[] = {
        {S_DOT, "<circle cx=\"8\" cy=\"8\" r=\"4\"/>", "key.dot"},
        {S_RANGE, "<path d=\"M4 2h8M8 2v12M4 14h8\"/>", "key.range"},
        {S_VAGUE, "<path class=\"vague\" d=\"M8 1v14\"/>", "key.vague"},
        {S_UP, "<path d=\"M8 15V5\"/><polygon points=\"4,6 12,6 8,1\"/>", "key.up"},
        {S_DOWN, "<path d=\"M8 1v10\"/><polygon points=\"4,10 12,10 8,15\"/>", "key.down"},
        {S_SUPERSEDED, "<circle class=\"sup\" cx=\"8\" cy=\"8\" r=\"4\"/>", "key.superseded"},
    };
    FILE *f = p->f;
    fputs("<ul class=\"key\">", f);
    for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
        if (!(shapes & items[i].bit))
            continue;
        fprintf(f, "<li><svg viewBox=\"0 0 16 16\" aria-hidden=\"true\">%s</svg>", items[i].svg);
        hput(p, items[i].label);
        fputs("</li>", f);
    }
    if (g->has_estimate) {
        fputs("<li><svg viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect class=\"band\" x=\"1\" "
              "y=\"3\" width=\"14\" height=\"10\"/><path class=\"best\" d=\"M1 8h14\"/></svg>", f);
        hput(p, "key.band");
        fputs("</li>", f);
    }
    fputs("</ul>\n", f);
}

static int cmp_name(const void *a, const void *b)
{
    const source *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->first > y->first) - (x->first < y->first);
}

/* Counts the sources of the marks (names compared as written) and gives
 * each mark its source's rank, the most frequent first. O(n log n). */
static int find_sources(const hpage *p, chart *ch)
{
    source *s = malloc((ch->n + 1) * sizeof *s);
    size_t *merged = malloc((ch->n + 1) * sizeof *merged);
    size_t *pos = malloc((ch->n + 1) * sizeof *pos);
    if (!s || !merged || !pos) {
        free(s);
        free(merged);
        free(pos);
        return -1;
    }
    for (size_t i = 0; i < ch->n; i++)
        s[i] = (source){source_name(p, &p->rep->set->claims[ch->ms[i].claim]), 1, i, 0};
    qsort(s, ch->n, sizeof *s, cmp_name);
    /* Merge equal names; remember each mark's merged entry. */
    size_t w = 0;
    for (size_t i = 0; i < ch->n; i++) {
        if (w && strcmp(s[w - 1].name, s[i].name) == 0) {
            s[w - 1].count++;
            if (s[i].first < s[w - 1].first)
                s[w - 1].first = s[i].first;
            merged[s[i].first] = w - 1;
            continue;
        }
        merged[s[i].first] = w;
        s[w] = s[i];
        s[w].merged = w;
        w++;
    }
    qsort(s, w, sizeof *s, cmp_source);
    for (size_t i = 0; i < w; i++)
        pos[s[i].merged] = i;
    for (size_t i = 0; i < ch->n; i++)
        ch->ms[i].source = pos[merged[i]];
    free(pos);
    free(merged);
    ch->src = s;
    ch->n_src = w;
    return 0;
}

void hchart(hpage *p, const rk_group *g)
{
    FILE *f = p->f;
    chart ch = {0};
    ch.n = g->n_members < MAX_MARKS ? g->n_members : MAX_MARKS;
    ch.ms = calloc(ch.n + 1, sizeof *ch.ms);
    if (!ch.ms)
        return;
    for (size_t i = 0; i < ch.n; i++) {
        const rk_claim *c = &p->rep->set->claims[g->members[i]];
        long day = hday(rkr_claim_date(p->rep, c));
        ch.ms[i].claim = g->members[i];
        ch.ms[i].day = day < 0 ? LONG_MAX : day;
        ch.undated |= day < 0;
    }
    if (find_sources(p, &ch) < 0) {
        free(ch.ms);
        return;
    }
    qsort(ch.ms, ch.n, sizeof *ch.ms, cmp_mark);
    make_scale(p, g, &ch);
    ch.right = ch.undated ? W - UNDATED_W - 4 : W - 8;
    ch.d0 = ch.n && ch.ms[0].day != LONG_MAX ? ch.ms[0].day : 0;
    ch.d1 = ch.d0;
    for (size_t i = 0; i < ch.n; i++)
        if (ch.ms[i].day != LONG_MAX)
            ch.d1 = ch.ms[i].day;
    fprintf(f, "<figure><svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", W,
            H);
    hput(p, "chart.label");
    fputs("\">\n", f);
    axes(p, g, &ch);
    estimate_band(p, g, &ch);
    draw_marks(p, g, &ch);
    fputs("</svg>\n<figcaption>", f);
    if (ch.n < g->n_members) {
        fputs("<p class=\"more\">", f);
        hput(p, "chart.capped");
        fprintf(f, " <bdi dir=\"ltr\">%zu / %zu</bdi></p>", ch.n, g->n_members);
    }
    legend(p, &ch);
    key(p, g, ch.shapes);
    fputs("</figcaption></figure>\n", f);
    free(ch.src);
    free(ch.ms);
}
