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
#define DATE_GAP 62.0       /* the width of a day label, "2022-01-06" */

typedef struct mark {
    size_t claim;
    size_t n;      /* its number on the chart and in the legend: member order */
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

/* Where a claim's number goes: above its shape, or beside it when the
 * shape reaches the top of the chart (an open end, the highest figure). */
static void label_at(const scale *s, const rk_claim *c, double x, double *lx, double *ly)
{
    int lo = c->has_low && isfinite(c->low), hi = c->has_high && isfinite(c->high);
    double y = lo && !hi ? TOP : hi ? y_of(s, c->high) - 7 : (TOP + BOTTOM) / 2 - 7;
    *lx = y < TOP + 4 ? x + 9 : x;
    *ly = y < TOP + 4 ? TOP + 10 : y;
}

static void draw_mark(FILE *f, const rk_report *rep, const rk_group *g, const scale *s,
                      const mark *mk, double x)
{
    const rk_claim *c = &rep->set->claims[mk->claim];
    const rk_document *d = rkr_claim_doc(rep, c);
    fprintf(f, "<g class=\"mark%s\">", rkr_superseded(g, mk->claim) ? " superseded" : "");
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
    /* A number, not a name: names of marks sharing a date overlap; the
     * legend under the chart says whose figure each number is. */
    double lx, ly;
    label_at(s, c, x, &lx, &ly);
    fprintf(f, "<text class=\"n\" x=\"%.1f\" y=\"%.1f\">%zu</text></g>\n", lx, ly, mk->n);
}

/* Places the marks: those sharing a day spread sideways around it. Day
 * labels print the day only, and one too close to the last is left out
 * rather than printed over it (the legend gives every date). */
static void draw_marks(FILE *f, const rk_report *rep, const rk_group *g, const scale *s,
                       const mark *ms, size_t n)
{
    double last_label = -INFINITY;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && ms[j].day == ms[i].day)
            j++;
        double x0 = x_of(s, ms[i].day);
        if (x0 - last_label >= DATE_GAP || ms[i].day == LONG_MAX) {
            fprintf(f, "<text class=\"date\" x=\"%.1f\" y=\"%.1f\">", x0, BOTTOM + 16);
            if (ms[i].day == LONG_MAX)
                fputs("undated", f);
            else
                rkr_html_text(f, ms[i].date, strnlen(ms[i].date, 10));
            fputs("</text>\n", f);
            last_label = x0;
        }
        /* Many marks on one day squeeze together rather than run off the
         * chart or into the next day. */
        double spread = fmin(SPREAD, 110.0 / (double)(j - i));
        /* ... and keep clear of the tick labels and the undated column. */
        double half = spread * (double)(j - i - 1) / 2, xm = x0;
        double lo = ms[i].day == LONG_MAX ? UNDATED_X - 32 : LEFT - 12;
        double hi = ms[i].day == LONG_MAX ? W - 14 : UNDATED_X - 48;
        xm = fmax(fmin(xm, hi - half), lo + half);
        for (size_t k = i; k < j; k++)
            draw_mark(f, rep, g, s, &ms[k], xm + ((double)(k - i) - (double)(j - i - 1) / 2) * spread);
        i = j;
    }
}

/* Whose figure each number on the chart is, in member order. */
static void legend(FILE *f, const rk_report *rep, const rk_group *g, size_t n)
{
    fputs("<ol class=\"legend\">", f);
    for (size_t i = 0; i < n; i++) {
        const rk_claim *c = &rep->set->claims[g->members[i]];
        const rk_document *d = rkr_claim_doc(rep, c);
        const char *date = rkr_claim_date(rep, c);
        fprintf(f, "<li><b>%zu</b> <bdi>", i + 1);
        rkr_html_text(f, d->body + c->start, c->end - c->start);
        fputs("</bdi> · <bdi>", f);
        rkr_html_str(f, c->speaker ? c->speaker : rkr_doc_label(d));
        fputs("</bdi> · ", f);
        rkr_html_str(f, date ? date : "undated");
        fputs("</li>", f);
    }
    fputs("</ol>\n", f);
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
        ms[i].n = i + 1;
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
    legend(f, rep, g, n);
    free(ms);
}
