/* render_csv.c - CSV for spreadsheets (RFC 4180: CRLF rows, a header row,
 * fields quoted when they hold a comma, quote or line break): one row per
 * claim (`csv`) or per group (`csv-groups`). */
#include "render.h"

#include <stdlib.h>
#include <string.h>

/* True when a spreadsheet would run p as a formula. Such text fields get a
 * leading apostrophe (the usual defence against CSV injection); numbers
 * like "-5" are left alone. */
static int looks_like_formula(const char *p, size_t n)
{
    if (n == 0 || !strchr("=+-@\t\r", p[0]))
        return 0;
    /* No number is this long: a long field (a sentence) is text, and is not
     * copied just to find that out. */
    if (n > 64)
        return 1;
    char *end = NULL;
    char *s = rk_strndup(p, n);
    if (!s)
        return 1;
    strtod(s, &end);
    int number = end && end != s && *end == '\0';
    free(s);
    return !number;
}

/* Writes one field (p[0..n), or an empty field when p is NULL) with its
 * separator: a comma before every field but the first of a row. */
static void field_n(FILE *f, int first, const char *p, size_t n)
{
    if (!first)
        fputc(',', f);
    if (!p)
        return;
    int formula = looks_like_formula(p, n), quote = formula;
    for (size_t i = 0; i < n && !quote; i++)
        quote = p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r';
    if (!quote) {
        fwrite(p, 1, n, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"')
            fputc('"', f);
        fputc(p[i], f);
    }
    fputc('"', f);
}

static void field(FILE *f, int first, const char *s)
{
    field_n(f, first, s, s ? strlen(s) : 0);
}

static void field_num(FILE *f, double v, int has)
{
    char b[40];
    field(f, 0, rkr_num(v, has, b, sizeof b));
}

static void field_size(FILE *f, size_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%zu", v);
    field(f, 0, b);
}

static void claim_row(const rk_report *rep, size_t i, FILE *f)
{
    const rk_claim *c = &rep->set->claims[i];
    const rk_document *d = rkr_claim_doc(rep, c);
    field(f, 1, c->id);
    field(f, 0, d->id);
    field(f, 0, d->source.origin != RK_ORIGIN_NONE ? d->source.value : NULL);
    field_size(f, c->start);
    field_size(f, c->end);
    field_n(f, 0, d->body + c->start, c->end - c->start);
    field_num(f, c->low, c->has_low);
    field_num(f, c->high, c->has_high);
    field(f, 0, rk_exactness_name(c->exactness));
    field(f, 0, c->unit);
    field(f, 0, rk_kind_name(c->kind));
    field(f, 0, c->quantity);
    field(f, 0, c->subject);
    field(f, 0, c->scope);
    field(f, 0, c->speaker);
    field(f, 0, c->via);
    field(f, 0, c->originator);
    field(f, 0, c->hedged ? "true" : "false");
    field(f, 0, c->as_of);
    field(f, 0, c->as_of_from);
    field(f, 0, c->earlier ? "true" : "false");
    field(f, 0, rk_claim_status_name(c->status));
    field(f, 0, c->status_by);
    field_n(f, 0, d->body + c->sentence_start, c->sentence_end - c->sentence_start);
    fputs("\r\n", f);
}

rk_status rkr_render_csv(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    fputs("id,document,source,start,end,text,low,high,exactness,unit,kind,quantity,subject,"
          "scope,speaker,via,originator,hedged,as_of,as_of_from,earlier,status,status_by,"
          "sentence\r\n",
          f);
    for (size_t i = 0; i < rep->set->n; i++)
        claim_row(rep, i, f);
    return rkr_io_status(f, err);
}

/* The claim ids idx[0..n) joined by spaces (ids hold no spaces), as one field. */
static rk_status field_ids(const rk_report *rep, const size_t *idx, size_t n, FILE *f,
                           rk_error *err)
{
    rk_buf b = RK_BUF_INIT;
    int bad = 0;
    for (size_t k = 0; k < n; k++) {
        const char *id = rep->set->claims[idx[k]].id;
        if ((k && rk_buf_putc(&b, ' ') < 0) || rk_buf_puts(&b, id ? id : "") < 0)
            bad = 1;
    }
    if (!bad)
        field_n(f, 0, b.data ? b.data : "", b.len);
    rk_buf_free(&b);
    return bad ? rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory") : RK_OK;
}

static rk_status group_row(const rk_report *rep, size_t gi, FILE *f, rk_error *err)
{
    const rk_group *g = &rep->rec->groups[gi];
    const rk_review_entry *r = rkr_review(rep, g);
    field(f, 1, g->id);
    field(f, 0, g->quantity);
    field(f, 0, g->subject);
    field(f, 0, g->scope);
    field(f, 0, g->parent == (size_t)-1 ? NULL : rep->rec->groups[g->parent].id);
    field(f, 0, rk_verdict_name(g->verdict));
    field(f, 0, g->verdict_rule);
    field_num(f, g->low, g->has_estimate);
    field_num(f, g->best, g->has_estimate);
    field_num(f, g->high, g->has_estimate && !g->high_open);
    field(f, 0, g->has_estimate ? (g->high_open ? "true" : "false") : NULL);
    field(f, 0, g->has_estimate ? g->policy : NULL);
    field_size(f, g->n_members);
    field_size(f, g->n_speakers);
    rk_status st = field_ids(rep, g->members, g->n_members, f, err);
    if (!st)
        st = field_ids(rep, g->superseded, g->n_superseded, f, err);
    field(f, 0, r ? rk_review_state_name(r->state) : NULL);
    field(f, 0, r ? r->note : NULL);
    field(f, 0, g->explanation);
    fputs("\r\n", f);
    return st;
}

rk_status rkr_render_csv_groups(const rk_report *rep, FILE *f, rk_error *err)
{
    rk_status st = rkr_check(rep, err);
    if (st)
        return st;
    if (!rep->rec)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0,
                            "csv-groups needs reconciled claims (use reckon report)");
    fputs("id,quantity,subject,scope,parent,verdict,rule,low,best,high,high_open,policy,"
          "claims,independent_speakers,members,superseded,review_state,review_note,"
          "explanation\r\n",
          f);
    for (size_t i = 0; !st && i < rep->rec->n_groups; i++)
        st = group_row(rep, i, f, err);
    return st ? st : rkr_io_status(f, err);
}
