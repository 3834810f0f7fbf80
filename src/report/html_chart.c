/* html_chart.c - the inline SVG chart of an HTML report card: each claim of
 * a group as one mark, x by date (undated claims in a column of their own),
 * y by value; intervals as bars, open ends as arrows, the reconciled
 * estimate as a band. */
#include "render.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define W 640
#define H 230
#define LEFT 70.0
#define RIGHT (W - 130.0)   /* dated marks end here */
#define UNDATED_X (W - 70.0)
#define TOP 14.0
#define BOTTOM (H - 38.0)
#define MAX_MARKS 120       /* a chart stays readable; the quotes list all */
#define SPREAD 16.0         /* pixels between marks sharing a date */

typedef struct mark {
    size_t claim;
    long day;      /* days since 1970-01-01; LONG_MAX when undated */
    const char *date;
} mark;

/* Days since 1970-01-01 of "YYYY-MM-DD...", or -1 when it is not a date
 * (Howard Hinnant's days_from_civil). */
static long parse_day(const char *s)
{
    int y, m, d;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int cmp_mark(const void *a, const void *b)
{
    const mark *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->claim < y->claim ? -1 : x->claim > y->claim;
}

/* A round step (1, 2 or 5 times a power of ten) near span / 4. */
static double nice_step(double span)
{
    double raw = span / 4, p = pow(10, floor(log10(raw))), r = raw / p;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * p;
}

typedef struct scale {
    double lo, hi, step;
    long d0, d1;
} scale;

static void widen(double v, int has, double *lo, double *hi)
{
    if (!has || !isfinite(v))
        return;
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

static scale make_scale(const rk_report *rep, const rk_group *g, const mark *ms, size_t n)
{
    scale s = {INFINITY, -INFINITY, 1, 0, 0};
    for (size_t i = 0; i < n; i++) {
        const rk_claim *c = &rep->set->claims[ms[i].claim];
        widen(c->low, c->has_low, &s.lo, &s.hi);
        widen(c->high, c->has_high, &s.lo, &s.hi);
    }
    if (g->has_estimate) {
        widen(g->low, 1, &s.lo, &s.hi);
        widen(g->high, !g->high_open, &s.lo, &s.hi);
    }
    if (!isfinite(s.lo))
        s.lo = s.hi = 0;
    /* Counts start at zero so the eye compares magnitudes honestly. */
    if (s.lo >= 0)
        s.lo = 0;
    if (s.hi <= s.lo)
        s.hi = s.lo + 1;
    s.step = nice_step(s.hi - s.lo);
    s.hi = ceil(s.hi / s.step) * s.step;
    s.lo = floor(s.lo / s.step) * s.step;
    return s;
}

static double y_of(const scale *s, double v)
{
    return TOP + (s->hi - v) / (s->hi - s->lo) * (BOTTOM - TOP);
}

static double x_of(const scale *s, long day)
{
    if (day == LONG_MAX)
        return UNDATED_X;
    if (s->d1 == s->d0)
        return (LEFT + RIGHT) / 2;
    return LEFT + (double)(day - s->d0) / (double)(s->d1 - s->d0) * (RIGHT - LEFT);
}

static void axes(FILE *f, const scale *s)
{
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", LEFT - 20,
            BOTTOM, (double)W - 10, BOTTOM);
    char b[32];
    for (double v = s->lo; v <= s->hi + s->step / 2; v += s->step) {
        double y = y_of(s, v);
        rk_format_number(fabs(v) < s->step / 1e6 ? 0 : v, b, sizeof b);
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                LEFT - 20, y, (double)W - 10, y, LEFT - 24, y + 3, b);
    }
    fprintf(f, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
            UNDATED_X - 40, TOP, UNDATED_X - 40, BOTTOM);
}

static void estimate_band(FILE *f, const scale *s, const rk_group *g)
{
    if (!g->has_estimate)
        return;
    double top = g->high_open ? TOP : y_of(s, g->high), bottom = y_of(s, g->low);
    fprintf(f, "<rect class=\"estimate\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>"
               "<line class=\"best\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
            LEFT - 20, top, UNDATED_X - 40 - (LEFT - 20), bottom - top > 1 ? bottom - top : 1,
            LEFT - 20, y_of(s, g->best), UNDATED_X - 40, y_of(s, g->best));
}

/* The shape of one claim: a dot for a figure, a bar for an interval, an
 * arrow for an open end, a ring when nothing bounds it. */
static void shape(FILE *f, const scale *s, const rk_claim *c, double x)
{
    int lo = c->has_low && isfinite(c->low), hi = c->has_high && isfinite(c->high);
    if (lo && hi && c->low == c->high) {
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"/>", x, y_of(s, c->low));
    } else if (lo && hi) {
        double y1 = y_of(s, c->high), y2 = y_of(s, c->low);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"%.1f\"/>", x - 3.5, y1,
                y2 - y1 > 1 ? y2 - y1 : 1);
    } else if (lo) {
        double y = y_of(s, c->low);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>",
                x, y, x, TOP + 6, x - 4.5, TOP + 7, x + 4.5, TOP + 7, x, TOP);
    } else if (hi) {
        double y = y_of(s, c->high);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>",
                x, y, x, BOTTOM - 6, x - 4.5, BOTTOM - 7, x + 4.5, BOTTOM - 7, x, BOTTOM);
    } else {
        fprintf(f, "<circle class=\"unbounded\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"/>", x,
                (TOP + BOTTOM) / 2);
    }
}

static int is_superseded(const rk_group *g, size_t claim)
{
    for (size_t k = 0; k < g->n_superseded; k++)
        if (g->superseded[k] == claim)
            return 1;
    return 0;
}

static double label_y(const scale *s, const rk_claim *c)
{
    if (c->has_low && isfinite(c->low))
        return y_of(s, c->has_high && isfinite(c->high) ? (c->low + c->high) / 2 : c->low);
    if (c->has_high && isfinite(c->high))
        return y_of(s, c->high);
    return (TOP + BOTTOM) / 2;
}

static void draw_mark(FILE *f, const rk_report *rep, const rk_group *g, const scale *s,
                      const mark *mk, double x)
{
    const rk_claim *c = &rep->set->claims[mk->claim];
    const rk_document *d = rkr_claim_doc(rep, c);
    fprintf(f, "<g class=\"mark%s\">", is_superseded(g, mk->claim) ? " superseded" : "");
    fputs("<title>", f);
    rkr_html_str(f, rkr_doc_label(d));
    fputs(": ", f);
    rkr_html_text(f, d->body + c->start, c->end - c->start);
    if (c->speaker) {
        fputs(" (", f);
        rkr_html_str(f, c->speaker);
        fputs(")", f);
    }
    fputs(mk->date ? ", " : ", undated", f);
    rkr_html_str(f, mk->date);
    fputs("</title>", f);
    shape(f, s, c, x);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", x + 7, label_y(s, c) + 3);
    rkr_html_str(f, rkr_doc_label(d));
    fputs("</text></g>\n", f);
}

/* Places the marks: those sharing a date spread sideways around it. */
static void draw_marks(FILE *f, const rk_report *rep, const rk_group *g, const scale *s,
                       const mark *ms, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && ms[j].day == ms[i].day)
            j++;
        double x0 = x_of(s, ms[i].day);
        fprintf(f, "<text class=\"date\" x=\"%.1f\" y=\"%.1f\">", x0, BOTTOM + 16);
        rkr_html_str(f, ms[i].day == LONG_MAX ? "undated" : ms[i].date);
        fputs("</text>\n", f);
        for (size_t k = i; k < j; k++)
            draw_mark(f, rep, g, s, &ms[k], x0 + ((double)(k - i) - (double)(j - i - 1) / 2) * SPREAD);
        i = j;
    }
}

void rkr_html_chart(FILE *f, const rk_report *rep, const rk_group *g)
{
    size_t n = g->n_members < MAX_MARKS ? g->n_members : MAX_MARKS;
    mark *ms = calloc(n ? n : 1, sizeof *ms);
    if (!ms)
        return;
    for (size_t i = 0; i < n; i++) {
        const rk_claim *c = &rep->set->claims[g->members[i]];
        ms[i].claim = g->members[i];
        ms[i].date = rkr_claim_date(rep, c);
        long day = parse_day(ms[i].date);
        ms[i].day = day < 0 ? LONG_MAX : day;
        if (day < 0)
            ms[i].date = NULL;
    }
    qsort(ms, n, sizeof *ms, cmp_mark);
    scale s = make_scale(rep, g, ms, n);
    s.d0 = n && ms[0].day != LONG_MAX ? ms[0].day : 0;
    s.d1 = s.d0;
    for (size_t i = 0; i < n; i++)
        if (ms[i].day != LONG_MAX)
            s.d1 = ms[i].day;
    fprintf(f, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" "
               "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"Reported figures by source "
               "and date\">\n",
            W, H, W, H);
    axes(f, &s);
    estimate_band(f, &s, g);
    draw_marks(f, rep, g, &s, ms, n);
    if (n < g->n_members)
        fprintf(f, "<text class=\"note\" x=\"%.1f\" y=\"%d\">%zu of %zu figures shown</text>\n",
                LEFT, H - 4, n, g->n_members);
    fputs("</svg>\n", f);
    free(ms);
}
