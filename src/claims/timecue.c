/* timecue.c - calendar arithmetic for time cues: publication dates as day
 * numbers, weekdays, and ISO dates back out. Proleptic Gregorian calendar. */
#include "engine_int.h"
#include "../core/buf.h"

#include <stdio.h>

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int is_digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int rk_claims_parse_date(const char *s)
{
    if (!s || !is_digits(s, 4) || s[4] != '-' || !is_digits(s + 5, 2) || s[7] != '-' ||
        !is_digits(s + 8, 2))
        return INT32_MIN;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return INT32_MIN;
    return days_from_civil(y, m, d);
}

void rk_claims_format_date(int z, char *buf)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    /* By hand: printf costs more than the rest of a claim's date. */
    rk_fmt_u64((unsigned)y % 10000u, 4, buf);
    buf[4] = '-';
    rk_fmt_u64((unsigned)m % 13u, 2, buf + 5);
    buf[7] = '-';
    rk_fmt_u64((unsigned)d % 32u, 2, buf + 8);
}

int rk_claims_weekday(int days)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int w = (days + 3) % 7;
    if (w < 0)
        w += 7;
    return w + 1;
}

/* ---- time cues around a number -------------------------------------------- */

/* Resolves a time cue against the publication date. */
static int resolve_time(const doc_state *st, const lex_entry *l)
{
    if (st->pub_days == INT32_MIN)
        return INT32_MIN;
    if (!(l->flags & LEXF_TIME_WEEKDAY))
        return st->pub_days + l->ival;
    int back = (rk_claims_weekday(st->pub_days) - l->ival + 7) % 7;
    return st->pub_days - back;
}

static int is_weekday(const doc_state *st, const occ *o)
{
    return o && (occ_lex(st, o)->flags & LEXF_TIME_WEEKDAY);
}

/* The time cue for [a, b): after it in its clause, else before it in its
 * clause, else anywhere in its statement; within twice the window. */
static int claimable_between(const doc_state *st, uint32_t from, uint32_t to)
{
    for (uint32_t k = from; k < to; k++)
        if (st->in_number[k] == 3)
            return 1;
    return 0;
}

/* The time cue o dates a relative clause the number [a, b) is not in: "the
 * blast that struck the city on Tuesday evening", «الانفجار الذي ضرب بيروت
 * مساء أمس»: the day of the event the relative describes, not of the
 * count; so does a clause an event-clause word opens ("79 dead after the
 * boat sank on Wednesday"). A relative or event-clause word at most eight
 * words before o, nothing but words between them, and the number outside
 * that clause. */
static int in_relative(const doc_state *st, const occ *o, uint32_t a, uint32_t b)
{
    uint32_t lo = o->first > 8 ? o->first - 8 : 0;
    FOR_OCCS(st, lo, o->first, r) {
        if ((r->type != LEX_RELATIVE && r->type != LEX_EVENT_CLAUSE) || r->end > o->first)
            continue;
        /* words, or another time cue and its comma: "مساء أمس، الثلاثاء" */
        int words = 1, timed = 0;
        for (uint32_t k = r->end; k < o->first; k++) {
            if (occ_of(st, k, LEX_TIME))
                timed = 1;
            words &= (st->t->tokens[k].kind == RK_TOK_WORD && !st->in_number[k]) ||
                     (timed && punct_is(st, k, ','));
        }
        /* the number goes on the relative clause ("who told the nation on
         * Friday that 20,000 ...") when no punctuation parts them */
        int inside = a >= r->first;
        for (uint32_t k = r->end; inside && k < a; k++)
            inside = st->t->tokens[k].kind != RK_TOK_PUNCT;
        (void)b;
        if (words && !inside)
            return 1;
    }
    return 0;
}

const occ *rk_claims_find_time(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b)
{
    const occ *after = NULL, *before = NULL, *any = NULL;
    if (!(ss->types & LEX_BIT(LEX_TIME)))
        return NULL; /* its window is inside the sentence */
    int w = 2 * st->ds->window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        if (o->type != LEX_TIME || (o->first >= a && o->first < b) || in_relative(st, o, a, b) ||
            occ_of(st, o->end, LEX_EVENT_OF))
            continue;
        int same = in_clause(st, o, a, b);
        /* "lowered to 16, from the 18 it reported on Thursday": a date after
         * another figure is that figure's */
        if (o->first >= b && same && !after && !claimable_between(st, b, o->first))
            after = o;
        if (o->first < a && same)
            before = o;
        /* the nearest one of the statement; "earlier" only dates its clause:
         * "16 were killed, down from the 18 it reported earlier" */
        if (st->stmt[o->first] == st->stmt[a] &&
            !(occ_lex(st, o)->flags & LEXF_TIME_EARLIER) &&
            !(o->first >= b && claimable_between(st, b, o->first))) {
            int bf;
            if (!any || gap_of(o, a, b, &bf) < gap_of(any, a, b, &bf))
                any = o;
        }
    }
    return after ? after : before ? before : any;
}

/* A time cue right after an attribution cue (past at most one stop word:
 * "said on Thursday"), or NULL. */
const occ *rk_claims_time_after_cue(const doc_state *st, const cue_hit *h)
{
    const occ *o = occ_of(st, h->end, LEX_TIME);
    if (!o && occ_of(st, h->end, LEX_STOP))
        o = occ_of(st, h->end + 1, LEX_TIME);
    return o && st->stmt[o->first] == h->stmt ? o : NULL;
}


/* Sets as_of (and as_of_from for a weekday pair) from the nearest time cue. */
void rk_claims_date_from_cue(const doc_state *st, const occ *o, draft *d)
{
    if (occ_lex(st, o)->flags & LEXF_TIME_EARLIER) { /* "earlier": before, no date */
        d->earlier = 1;
        return;
    }
    const occ *prev = NULL, *next = NULL;
    if (is_weekday(st, o)) {
        next = occ_of(st, o->end, LEX_TIME);
        if (!next && rk_claims_joined_by_stop(st, o->end)) /* "Tuesday and Wednesday" */
            next = occ_of(st, o->end + 1, LEX_TIME);
        if (!is_weekday(st, next))
            next = NULL;
        for (const occ *p = o; !next && p-- > st->occs;) { /* o may be the second of a pair */
            if (p->end == o->first || (p->end + 1 == o->first && rk_claims_joined_by_stop(st, p->end)))
                prev = is_weekday(st, p) ? p : NULL;
            if (p->end < o->first)
                break;
        }
    }
    const occ *from = prev ? prev : (next ? o : NULL), *to = next ? next : o;
    int dto = resolve_time(st, occ_lex(st, to));
    if (dto == INT32_MIN)
        return;
    if (from) {
        int dfrom = resolve_time(st, occ_lex(st, from));
        if (dfrom > dto)
            dfrom -= 7;
        rk_claims_format_date(dfrom, d->as_of_from);
    }
    rk_claims_format_date(dto, d->as_of);
}
