/* scan.c - the single pass over a text's tokens that finds number
 * expressions: prefixes (comparators, range openers, cues, units like "$"),
 * the number as written, then what follows it (range ends, units, months,
 * list-marker dots), and the kind the whole says it is. Every step is a
 * bounded trie lookup, so the pass is linear in the number of tokens. */
#include "numbers_int.h"

#include "../core/buf.h"
#include "../core/scratch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX_ROLES NB_PREFIX_ROLES
#define MAX_PREFIXES 3

/* What stands before a number. */
typedef struct pre {
    const nb_entry *cmp, *open, *cue, *unit;
    size_t first;        /* first token of the expression */
    uint32_t nstart;     /* its normalised start (past a clitic) */
    size_t cue_end;      /* token after the cue when the cue came first, else 0 */
    int any;
    int dead;            /* the word after the prefixes reads as no number */
} pre;

/* A comparator seen a few words before ("فاقت قيمتها 26 مليار"). */
typedef struct pending {
    const nb_entry *e;
    size_t end;          /* token after the cue */
    size_t first;
    uint32_t nstart;
} pending;

typedef struct scan {
    nb_doc d;
    rk_numlist *out;
    pending pend;
    size_t last_end;       /* token after the last expression */
    double last_marker;    /* value of the last list marker, 0 if none */
    size_t last_marker_tok;
} scan;

/* A whole expression, ready to emit. */
typedef struct expr {
    nb_core c;
    pre p;
    const nb_entry *unit, *post;
    size_t end;            /* token after the expression */
    uint32_t nend;         /* normalised end of the expression */
    uint8_t has_low, has_high;
} expr;

static int push(rk_numlist *l, const rk_number *n)
{
    rk_number *v = rk_array_grow(l->items, &l->cap, l->n, sizeof *v, 64);
    if (!v)
        return -1;
    l->items = v;
    l->items[l->n++] = *n;
    return 0;
}

/* ---- what the shape says ---------------------------------------------- */

/* "512022" and "1012022": a day and month whose slashes were lost before a
 * year in range. Fills YYYYMMDD. */
static int packed_date(const scan *s, const nb_core *c, double *out)
{
    if (!s->d.r->set.packed_dates || !c->plain_int || c->ndigits < 6 || c->ndigits > 8)
        return 0;
    const char *d = s->d.t->norm + c->nstart;
    double y = strtod(d + c->ndigits - 4, NULL);
    if (y < s->d.r->set.year_min || y > s->d.r->set.year_max)
        return 0;
    int head = c->ndigits - 4;
    /* Try a two-digit day first: "1012022" is 10/1, not 1/01. */
    for (int dl = head >= 3 ? 2 : 1; dl >= 1; dl--) {
        int ml = head - dl;
        if (ml < 1 || ml > 2 || (dl == 2 && d[0] == '0'))
            continue;
        double day = 0, mon = 0;
        for (int k = 0; k < dl; k++)
            day = day * 10 + (d[k] - '0');
        for (int k = 0; k < ml; k++)
            mon = mon * 10 + (d[dl + k] - '0');
        if (day >= 1 && day <= 31 && mon >= 1 && mon <= 12) {
            *out = y * 10000 + mon * 100 + day;
            return 1;
        }
    }
    return 0;
}

/* "1." opening an item: after ":", at the start of a line, or right after
 * the item before it. Returns the token of the dot, or 0. */
static size_t list_marker(const scan *s, const nb_core *c)
{
    const rk_text *t = s->d.t;
    size_t i = c->first, dot = c->end;
    if (!c->plain_int || c->low < 1 || c->low > s->d.r->set.list_marker_max ||
        dot >= t->n_tokens || !nb_tok_is(t, dot, ".") || t->tokens[dot].space_before)
        return 0;
    if (dot + 1 < t->n_tokens && !t->tokens[dot + 1].space_before)
        return 0;
    int opens = i == 0 || t->tokens[i].newline_before ||
                (t->tokens[i - 1].kind == RK_TOK_PUNCT && nb_tok_is(t, i - 1, ":"));
    int follows = s->last_marker && c->low == s->last_marker + 1 &&
                  i - s->last_marker_tok < 400;
    return opens || follows ? dot : 0;
}

/* "+7 727 123 4567" or digits after a phone cue. */
static int read_phone(const rk_text *t, size_t j, int plus, nb_core *c)
{
    size_t k = j + (size_t)plus, end = k, digits = 0;
    while (k < t->n_tokens && t->tokens[k].kind == RK_TOK_NUMBER && nb_same_sentence(t, j, k)) {
        digits += t->tokens[k].end - t->tokens[k].start;
        end = k + 1;
        if (end + 1 < t->n_tokens && nb_tok_is(t, end, "-") && !t->tokens[end].space_before &&
            nb_glued(t, end))
            k = end + 1;
        else
            k = end;
    }
    if (digits < 7 || digits > 15)
        return 0;
    memset(c, 0, sizeof *c);
    c->first = j;
    c->end = end;
    c->nstart = t->tokens[j].start;
    c->nend = t->tokens[end - 1].end;
    c->exactness = RK_EXACTNESS_EXACT;
    c->kind = RK_KIND_PHONE;
    c->scale = 1;
    return 1;
}

/* ---- reading ---------------------------------------------------------- */

static int read_core(const scan *s, size_t j, const pre *p, nb_core *c)
{
    const rk_text *t = s->d.t;
    if (j >= t->n_tokens || (p->any && !nb_same_sentence(t, p->first, j)))
        return 0;
    int money = p->unit && p->unit->kind == RK_KIND_MONEY;
    if (nb_tok_is(t, j, "+") && nb_glued(t, j) && t->tokens[j + 1].kind == RK_TOK_NUMBER)
        return read_phone(t, j, 1, c);
    if (p->cue && p->cue->kind == RK_KIND_PHONE && read_phone(t, j, 0, c))
        return 1;
    if (t->tokens[j].kind == RK_TOK_NUMBER) {
        if (!nb_read_digits(&s->d, j, c))
            return 0;
        if (!c->kind) {
            nb_read_ending(&s->d, c);
            nb_read_scales(&s->d, c, money);
            nb_read_remainder(&s->d, c, money);
        }
        return 1;
    }
    if (p->dead || !nb_read_words(&s->d, j, c))
        return 0;
    nb_read_remainder(&s->d, c, money);
    return 1;
}

/* Reads prefixes from token i into p; returns the token after them. */
static size_t read_prefixes(const scan *s, size_t i, pre *p, nb_match *month,
                            const nb_match *first)
{
    memset(p, 0, sizeof *p);
    p->first = i;
    p->nstart = s->d.t->tokens[i].start;
    size_t j = i;
    for (int k = 0; k < MAX_PREFIXES && j < s->d.t->n_tokens; k++) {
        nb_match m;
        nb_core c;
        /* A word after a prefix that opens no phrase with a start role (a
         * filter test, no hash for most) is no prefix and no number word:
         * the prefix read before it opens nothing ("in" before "the"). */
        if (k && s->d.t->tokens[j].kind == RK_TOK_WORD && !nb_can_start(&s->d, j)) {
            p->dead = 1;
            break;
        }
        if (!k) {
            if (!first)
                break;
            m = *first;
        } else if (!nb_lookup(&s->d, j, PREFIX_ROLES, &m) || !nb_same_sentence(s->d.t, i, j)) {
            break;
        }
        /* A number word that reads as far wins over a prefix found by
         * stripping a clitic ("الفي" is 2000, not "ال" + "في"). */
        if (m.pfx_len && nb_read_words(&s->d, j, &c) && c.end >= m.end)
            break;
        const nb_entry **slot = m.e->role == NB_CMP_BEFORE  ? &p->cmp
                              : m.e->role == NB_RANGE_OPEN ? &p->open
                              : m.e->role == NB_CUE        ? &p->cue
                              : m.e->role == NB_UNIT_BEFORE ? &p->unit : NULL;
        if (!slot) { /* a month name */
            if (k == 0)
                *month = m;
            break;
        }
        if (*slot || (m.e->role == NB_CMP_BEFORE && m.e->window))
            break;
        if (!p->any)
            p->nstart = s->d.t->tokens[j].start + (uint32_t)m.pfx_skip;
        if (!p->any && m.e->role == NB_CUE)
            p->cue_end = m.end;
        *slot = m.e;
        p->any = 1;
        j = m.end;
        /* "Khabar-24": a designation may be joined to its number by a hyphen
         * touching both. */
        if (m.e->role == NB_CUE && m.e->kind == RK_KIND_LABEL && j < s->d.t->n_tokens &&
            nb_tok_is(s->d.t, j, "-") && !s->d.t->tokens[j].space_before && nb_glued(s->d.t, j) &&
            s->d.t->tokens[j + 1].kind == RK_TOK_NUMBER)
            j++;
    }
    return j;
}

/* Applies a comparator to the interval of e. */
static void apply_cmp(expr *e, const nb_entry *cmp)
{
    nb_core *c = &e->c;
    switch (cmp->exactness) {
    case RK_EXACTNESS_APPROX:
        if (c->exactness == RK_EXACTNESS_EXACT)
            c->exactness = RK_EXACTNESS_APPROX;
        break;
    case RK_EXACTNESS_MORE_THAN: case RK_EXACTNESS_AT_LEAST:
        e->has_high = 0;
        c->exactness = cmp->exactness;
        break;
    case RK_EXACTNESS_LESS_THAN: case RK_EXACTNESS_AT_MOST:
        c->low = c->high; /* "أقل من عشرات": below the top of the vague range */
        e->has_low = 0;
        c->exactness = cmp->exactness;
        break;
    default:
        break;
    }
}

/* The second end of a range after c ("إلى 400,000", "و2009", "-25",
 * "to $7bn", "40- to 50"). */
static int read_range_end(const scan *s, const expr *e, nb_core *c2)
{
    const rk_text *t = s->d.t;
    size_t j = e->c.end;
    nb_match m, m2;
    if (j >= t->n_tokens || !nb_same_sentence(t, e->c.first, j))
        return 0;
    if (nb_lookup_plain(&s->d, j, NB_MASK(NB_RANGE_JOIN), &m)) {
        /* "40- to 50", "70- to 90-foot": a hyphen left hanging on the first
         * end before a joiner word is part of that joiner. */
        if (t->tokens[j].kind == RK_TOK_PUNCT && !t->tokens[j].space_before &&
            m.end < t->n_tokens && t->tokens[m.end].space_before &&
            t->tokens[m.end].kind == RK_TOK_WORD && nb_same_sentence(t, j, m.end) &&
            nb_lookup_plain(&s->d, m.end, NB_MASK(NB_RANGE_JOIN), &m2)) {
            j = m.end;
            m = m2;
        }
        if ((!e->p.open && !(m.e->flags & NB_F_BARE)) || m.end >= t->n_tokens)
            return 0; /* a joiner ending the text joins nothing */
        if (nb_tok_is(t, j, "-") && (t->tokens[j].space_before != t->tokens[m.end].space_before))
            return 0;
        pre none = {0};
        none.first = e->c.first;
        none.any = 1;
        size_t k = m.end;
        /* "$4bn to $7bn": the second end repeats the first's unit sign. */
        if (e->p.unit && nb_same_sentence(t, j, k) &&
            nb_lookup_plain(&s->d, k, NB_MASK(NB_UNIT_BEFORE), &m2) &&
            m2.e->name == e->p.unit->name) {
            none.unit = e->p.unit;
            k = m2.end;
        }
        return read_core(s, k, &none, c2) && !c2->kind && !c2->vague;
    }
    /* "وعشرين": the joiner glued to a number word. */
    if (!e->p.open || !nb_read_words(&s->d, j, c2) || c2->kind || c2->vague ||
        c2->nstart == t->tokens[j].start)
        return 0;
    uint32_t node = nb_trie_child(s->d.r, 0, t->norm + t->tokens[j].start,
                                  c2->nstart - t->tokens[j].start);
    for (uint32_t k = node == NB_NONE ? NB_NONE : s->d.r->node_first[node]; k != NB_NONE;
         k = s->d.r->entries[k].next)
        if (s->d.r->entries[k].role == NB_RANGE_JOIN)
            return 1;
    return 0;
}

/* v is within the bounds of cue e (min/max; none given: any value). */
static int in_cue_bounds(const nb_entry *e, double v)
{
    return v >= e->low && (!e->high || v <= e->high);
}

/* A counted noun at token j ("people", "شخصا"): right after a bare 4-digit
 * number it vetoes the year reading ("2000 people"). A year cue before the
 * number decides first ("in 2020 people ..."). */
static int count_noun_at(const scan *s, size_t first, size_t j)
{
    nb_match m;
    return nb_same_sentence(s->d.t, first, j) &&
           nb_lookup(&s->d, j, NB_MASK(NB_COUNT_NOUN), &m);
}

static int is_year(const scan *s, const nb_core *c)
{
    return c->plain_int && c->ndigits == 4 && c->low >= s->d.r->set.year_min &&
           c->low <= s->d.r->set.year_max;
}

/* Emits one number from expression e (span from c). */
static int emit(scan *s, const expr *e, const nb_core *c, uint8_t kind, size_t first,
                uint32_t nstart)
{
    const rk_text *t = s->d.t;
    rk_number n;
    rk_zero(&n, sizeof n);
    rk_text_orig_span(t, c->nstart, c->nend, &n.start, &n.end);
    n.nstart = c->nstart;
    n.nend = c->nend;
    n.expr_nstart = nstart;
    n.expr_nend = e->nend > c->nend ? e->nend : c->nend;
    n.low = c->low;
    n.high = c->high;
    n.has_low = e->has_low;
    n.has_high = e->has_high;
    n.exactness = c->exactness;
    n.kind = kind;
    n.month = kind == RK_KIND_DATE ? c->month : 0;
    n.unit = e->unit ? e->unit->name : c->unit;
    n.vague = c->vague;
    n.sentence = t->tokens[c->first].sentence;
    n.first_token = (uint32_t)first;
    n.end_token = (uint32_t)(e->end > c->end ? e->end : c->end);
    n.after_noun = c->after_noun && first == c->first && n.end_token == c->end;
    if (kind == RK_KIND_PHONE)
        n.has_low = n.has_high = 0;
    return push(s->out, &n);
}

/* ---- times of day ----------------------------------------------------- */

/* A clock suffix at token j ("p.m.", "مساء"); one that needs a cue counts
 * only after a time cue. Fills m. */
static int clock_suffix(const scan *s, size_t first, size_t j, int cued, nb_match *m)
{
    return j < s->d.t->n_tokens && nb_same_sentence(s->d.t, first, j) &&
           nb_lookup_plain(&s->d, j, NB_MASK(NB_CLOCK), m) &&
           (cued || !(m->e->flags & NB_F_NEEDS_CUE));
}

/* The hour and minutes c can stand for: "10:30", a plain hour in digits, or
 * a whole number or ordinal in words ("الحادية عشرة"). */
static int clock_parts(const nb_core *c, double *h, double *mm)
{
    if (c->kind == RK_KIND_TIME) {
        *h = floor(c->low / 100);
        *mm = c->low - *h * 100;
        return 1;
    }
    if ((c->kind && c->kind != RK_KIND_ORDINAL) || c->vague || c->unit ||
        (!c->words && (!c->plain_int || c->ndigits > 2)) || c->low != floor(c->low))
        return 0;
    *h = c->low;
    *mm = 0;
    return 1;
}

/* "11 p.m.", "7 a.m.", "11pm", "الساعة 11 مساء", "الساعة الحادية عشرة": an
 * hour after a time cue or before a clock suffix is a time of day, HHMM,
 * read before any range so "from 11 p.m. to 7 a.m." stays two times.
 * Returns 1 when e became a time. */
static int read_clock(const scan *s, expr *e)
{
    nb_core *c = &e->c;
    nb_match m;
    double h, mm;
    int cued = e->p.cue && e->p.cue->kind == RK_KIND_TIME;
    int suffix = clock_suffix(s, c->first, c->end, cued, &m);
    if ((!cued && !suffix) || !clock_parts(c, &h, &mm))
        return 0;
    if (suffix) {
        if (h < 1 || h > 12)
            return 0;
        h = fmod(h, 12) + m.e->value;
        e->end = m.end;
        e->nend = s->d.t->tokens[m.end - 1].end;
    } else if (h > 24) {
        return 0;
    }
    c->low = c->high = h * 100 + mm;
    c->kind = RK_KIND_TIME;
    c->plain_int = 0;
    return 1;
}

/* ---- after the number ------------------------------------------------- */

/* A month (or a link word and a month: "6 من كانون الثاني", "2nd of January")
 * at token j. Fills m with the month's match. */
static int month_at(const scan *s, size_t j, nb_match *m)
{
    const rk_text *t = s->d.t;
    return nb_lookup_plain(&s->d, j, NB_MASK(NB_MONTH), m) ||
           (nb_lookup_plain(&s->d, j, NB_MASK(NB_LINK), m) && nb_same_sentence(t, j, m->end) &&
            nb_lookup_plain(&s->d, m->end, NB_MASK(NB_MONTH), m));
}

/* "800 مصاب على الأقل", "65 people at least": a comparator whose window
 * allows it may follow the number's counted noun, up to window words after
 * the number (or its unit) at token j. It sets the interval only: the
 * expression still ends at the number, so the noun after it is still read
 * as what it counts. A number right after the comparator takes it instead
 * ("40 человек как минимум 10 ..."). */
static void post_after_noun(const scan *s, expr *e, size_t j)
{
    const rk_text *t = s->d.t;
    nb_match m;
    for (size_t w = 1; w <= s->d.r->max_after_window; w++) {
        size_t k = j + w;
        if (k >= t->n_tokens || !nb_same_sentence(t, e->c.first, k) ||
            t->tokens[k - 1].kind != RK_TOK_WORD)
            return;
        if (!nb_lookup_plain(&s->d, k, NB_MASK(NB_CMP_AFTER), &m))
            continue;
        if (m.e->window < w)
            return;
        nb_core next;
        if (m.end < t->n_tokens && nb_same_sentence(t, k, m.end) &&
            (t->tokens[m.end].kind == RK_TOK_NUMBER || nb_read_words(&s->d, m.end, &next)))
            return;
        e->post = m.e;
        return;
    }
}

/* Units, months, a post comparator, an ordinal suffix: extends e. */
static void read_suffixes(const scan *s, expr *e)
{
    const rk_text *t = s->d.t;
    nb_match m;
    size_t j = e->end;
    if (j >= t->n_tokens || !nb_same_sentence(t, e->c.first, j))
        return;
    if (e->c.plain_int && !t->tokens[j].space_before &&
        nb_lookup_plain(&s->d, j, NB_MASK(NB_ORDSUFFIX), &m)) {
        e->c.kind = RK_KIND_ORDINAL;
        e->c.nend = t->tokens[m.end - 1].end;
        e->c.end = e->end = m.end;
        e->nend = e->c.nend;
        /* "2nd of January", "2nd January": a day of a month. */
        if (e->c.low >= 1 && e->c.low <= 31 && nb_same_sentence(t, e->c.first, m.end) &&
            month_at(s, m.end, &m)) {
            e->c.kind = RK_KIND_DATE;
            e->c.month = (uint8_t)m.e->value;
            e->end = m.end;
            e->nend = t->tokens[m.end - 1].end;
        }
        return;
    }
    if (!e->c.kind && !e->c.unit && nb_lookup_plain(&s->d, j, NB_MASK(NB_UNIT_AFTER), &m)) {
        e->unit = m.e;
        e->end = m.end;
        e->nend = t->tokens[m.end - 1].end;
        /* A unit that scales the value ("ثلاثة عقود" = 30 years) is part of
         * the number as written, like a percent sign. */
        if (m.e->value != 1) {
            e->c.low *= m.e->value;
            e->c.high *= m.e->value;
        }
        if ((m.e->flags & NB_F_IN_SPAN) || m.e->value != 1) {
            e->c.nend = e->nend;
            e->c.end = e->end;
        }
        j = m.end;
    } else if (!e->c.kind && month_at(s, j, &m)) {
        /* "10 September", and "10-11 September", «ليل 10-11 سبتمبر»: days */
        int days = e->c.exactness == RK_EXACTNESS_RANGE && !e->c.words && e->c.scale == 1 &&
                   e->c.low >= 1 && e->c.high <= 31 && e->c.low == (int)e->c.low &&
                   e->c.high == (int)e->c.high;
        if ((e->c.plain_int || days) && e->c.low >= 1 && e->c.low <= 31) {
            e->c.kind = RK_KIND_DATE;
            e->c.month = (uint8_t)m.e->value;
            e->end = m.end;
            e->nend = t->tokens[m.end - 1].end;
            return;
        }
    }
    if (j < t->n_tokens && nb_same_sentence(t, e->c.first, j) &&
        nb_lookup_plain(&s->d, j, NB_MASK(NB_CMP_AFTER), &m)) {
        e->post = m.e;
        e->end = m.end;
        e->nend = t->tokens[m.end - 1].end;
        return;
    }
    post_after_noun(s, e, j);
}

/* Whether c comes right after a date the scan has just emitted: the year
 * of "6 января 2022 года" is that date's year even though "года" is also a
 * unit ("2 года", two years). */
static int follows_date(const scan *s, const nb_core *c)
{
    const rk_numlist *l = s->out;
    return l->n && l->items[l->n - 1].kind == RK_KIND_DATE &&
           l->items[l->n - 1].end_token == c->first;
}

/* The kind of e, from its shape, cue, unit and size. */
static uint8_t classify(scan *s, expr *e)
{
    nb_core *c = &e->c;
    double v;
    if (c->kind)
        return c->kind;
    if (e->p.cue && e->p.cue->kind == RK_KIND_LABEL && (c->plain_int || (c->words && !c->vague)) &&
        in_cue_bounds(e->p.cue, c->low))
        return RK_KIND_LABEL;
    if (e->unit && is_year(s, c) && !e->p.cmp && follows_date(s, c))
        return RK_KIND_YEAR;
    if (e->unit)
        return e->unit->kind;
    if (e->p.cue && e->p.cue->kind == RK_KIND_YEAR && c->plain_int && c->ndigits <= 4 &&
        c->low >= e->p.cue->low && c->low <= (e->p.cue->high ? e->p.cue->high
                                                                : s->d.r->set.year_max))
        return RK_KIND_YEAR;
    if (e->p.cmp || e->post || c->words || !c->plain_int)
        return RK_KIND_COUNT;
    size_t dot = list_marker(s, c);
    if (dot) {
        c->nend = s->d.t->tokens[dot].end;
        c->end = e->end = dot + 1;
        e->nend = c->nend;
        s->last_marker = c->low;
        s->last_marker_tok = c->first;
        return RK_KIND_LIST_MARKER;
    }
    if (is_year(s, c) && !(e->end == c->end && count_noun_at(s, c->first, c->end)))
        return RK_KIND_YEAR;
    if (packed_date(s, c, &v)) {
        c->low = c->high = v;
        return RK_KIND_DATE;
    }
    return RK_KIND_COUNT;
}

/* A cue that did not decide the kind ("France" before "3 people", "in"
 * before "5 days") is not part of the expression when it came first. */
static void drop_unused_cue(const scan *s, expr *e)
{
    if (!e->p.cue || e->p.cue->kind == e->c.kind || !e->p.cue_end)
        return;
    size_t j = e->p.cue_end;
    if (j < s->d.t->n_tokens && nb_tok_is(s->d.t, j, "-") && j + 1 <= e->c.first)
        j++; /* the hyphen of "Khabar-3" */
    e->p.first = j;
    e->p.nstart = s->d.t->tokens[j].start;
    if (e->p.first == e->c.first)
        e->p.nstart = e->c.nstart;
}

/* Applies the comparators around e and a pending one from a few words back. */
static void apply_comparators(scan *s, expr *e)
{
    if (e->p.cmp)
        apply_cmp(e, e->p.cmp);
    if (e->post)
        apply_cmp(e, e->post);
    const pending *pd = &s->pend;
    if (pd->e && !e->p.cmp && !e->post && e->c.exactness == RK_EXACTNESS_EXACT &&
        nb_same_sentence(s->d.t, pd->first, e->c.first) && e->p.first >= pd->end &&
        e->p.first - pd->end <= pd->e->window) {
        apply_cmp(e, pd->e);
        e->p.first = pd->first;
        e->p.nstart = pd->nstart;
    }
    s->pend.e = NULL;
}

/* "from 7 to 11 p.m.": a clock suffix after the second end makes both ends
 * times of day, the first in the same half of the day unless it is later
 * ("from 11 to 1 p.m." starts at 11:00). Emits both and moves c2's end past
 * the suffix; returns 1, 0 when there is no such suffix, -1 when out of
 * memory. */
static int clock_pair(scan *s, expr *e, nb_core *c2)
{
    nb_core *c = &e->c;
    nb_match m;
    double h1, m1, h2, m2;
    int cued = e->p.cue && e->p.cue->kind == RK_KIND_TIME;
    if (!clock_suffix(s, c->first, c2->end, cued, &m) || !clock_parts(c, &h1, &m1) ||
        !clock_parts(c2, &h2, &m2) || h1 < 1 || h1 > 12 || h2 < 1 || h2 > 12)
        return 0;
    double half = h1 > h2 && h2 != 12 ? 12 - m.e->value : m.e->value;
    expr e2 = *e;
    c->low = c->high = (fmod(h1, 12) + half) * 100 + m1;
    c->kind = RK_KIND_TIME;
    e->end = c->end;
    e->nend = c->nend;
    if (emit(s, e, c, RK_KIND_TIME, e->p.first, e->p.nstart) < 0)
        return -1;
    e2.c = *c2;
    e2.c.low = e2.c.high = (fmod(h2, 12) + m.e->value) * 100 + m2;
    e2.end = m.end;
    e2.nend = s->d.t->tokens[m.end - 1].end;
    if (emit(s, &e2, &e2.c, RK_KIND_TIME, c2->first, c2->nstart) < 0)
        return -1;
    c2->end = m.end;
    return 1;
}

/* A range "X إلى Y": joins c2 into e; a range of two years gives two years,
 * a range of hours before a clock suffix two times. */
static int join_range(scan *s, expr *e, nb_core *c2)
{
    nb_core *c = &e->c;
    int clock = clock_pair(s, e, c2);
    if (clock)
        return clock;
    if (is_year(s, c) && is_year(s, c2) && !count_noun_at(s, c2->first, c2->end)) {
        expr e2 = *e;
        e->end = c->end;
        e->nend = c->nend;
        if (emit(s, e, c, RK_KIND_YEAR, e->p.first, e->p.nstart) < 0)
            return -1;
        e2.c = *c2;
        e2.end = c2->end;
        e2.nend = c2->nend;
        return emit(s, &e2, c2, RK_KIND_YEAR, c2->first, c2->nstart) < 0 ? -1 : 1;
    }
    /* "بين 3 و5 ملايين": the first end takes the scale of the second. */
    if (c->scale == 1 && c2->scale > 1 && c->high * c2->scale <= c2->high) {
        c->low *= c2->scale;
        c->high *= c2->scale;
    }
    if (c->low > c2->low || c->words != c2->words)
        return 0;
    c->high = c2->high;
    c->nend = c2->nend;
    c->end = c2->end;
    c->exactness = RK_EXACTNESS_RANGE;
    c->plain_int = 0;
    e->end = c->end;
    e->nend = c->nend;
    return 2;
}

/* A month name at token i before a day ("January 5"): the day is a date. */
static size_t month_first(scan *s, size_t i, const nb_match *m)
{
    const rk_text *t = s->d.t;
    size_t j = m->end;
    expr e;
    memset(&e, 0, sizeof e);
    if (j < t->n_tokens && nb_same_sentence(t, i, j) && t->tokens[j].kind == RK_TOK_NUMBER &&
        nb_read_digits(&s->d, j, &e.c) && e.c.plain_int && e.c.low >= 1 && e.c.low <= 31) {
        nb_match os; /* "January 2nd" */
        if (e.c.end < t->n_tokens && !t->tokens[e.c.end].space_before &&
            nb_same_sentence(t, j, e.c.end) &&
            nb_lookup_plain(&s->d, e.c.end, NB_MASK(NB_ORDSUFFIX), &os)) {
            e.c.end = os.end;
            e.c.nend = t->tokens[os.end - 1].end;
        }
        e.end = e.c.end;
        e.nend = e.c.nend;
        e.has_low = e.has_high = 1;
        e.c.month = (uint8_t)m->e->value;
        if (emit(s, &e, &e.c, RK_KIND_DATE, i, t->tokens[i].start) < 0)
            return 0;
        s->last_end = e.end;
        return e.end;
    }
    return m->end;
}

/* One expression at token i, a number or a token that can start one;
 * returns the token after it (i + 1 when there is none), 0 when out of
 * memory. */
static size_t expression(scan *s, size_t i)
{
    const rk_text *t = s->d.t;
    expr e;
    nb_match month = {0};
    nb_match cm;
    /* e.p is cleared by read_prefixes, e.c filled by read_core (or cleared
     * below); the rest of e is set on the way. */
    e.unit = e.post = NULL;
    /* The prefix at i, looked up once for read_prefixes; when there is
     * none there is no comparator either (one of the prefix roles). */
    nb_match pm;
    int has_pm = nb_lookup(&s->d, i, PREFIX_ROLES, &pm);
    /* The longest prefix found, when it is a comparator, is the comparator
     * a lookup of comparators alone would find: that lookup would read the
     * same readings, and a comparator is among the prefix roles. Else a
     * comparator with a window is looked for only where some reading of
     * the word leads to one (the prefix lookup kept those readings). */
    if (has_pm && t->tokens[i].kind == RK_TOK_WORD &&
        (pm.e->role == NB_CMP_BEFORE ? (cm = pm, 1)
                                     : nb_may_read_as(&s->d, i, NB_WINDOWED) &&
                                           nb_lookup(&s->d, i, NB_MASK(NB_CMP_BEFORE), &cm)) &&
        cm.e->window) {
        s->pend = (pending){cm.e, cm.end, i, t->tokens[i].start + (uint32_t)cm.pfx_skip};
        return cm.end;
    }
    size_t j = read_prefixes(s, i, &e.p, &month, has_pm ? &pm : NULL);
    if (month.e)
        return month_first(s, i, &month);
    /* The word after the prefixes was turned away by nb_can_start(): it is
     * no digit run, no "+" and no phone number, so read_core() would read
     * nothing at it, and the expression ends past the prefixes. */
    if (e.p.dead)
        return j;
    if (!read_core(s, j, &e.p, &e.c)) {
        nb_match sg;
        if (j == i && s->last_end != i && nb_lookup(&s->d, i, NB_MASK(NB_SINGULAR), &sg) &&
            (i == 0 || t->tokens[i - 1].kind != RK_TOK_NUMBER) &&
            !nb_after_noun_at(&s->d, i, sg.end)) {
            memset(&e.c, 0, sizeof e.c);
            e.c.first = i;
            e.c.end = sg.end;
            e.c.nstart = t->tokens[i].start + (uint32_t)sg.pfx_skip;
            e.c.nend = t->tokens[sg.end - 1].end;
            e.c.low = e.c.high = 1;
            e.c.exactness = RK_EXACTNESS_EXACT;
            e.c.kind = sg.e->kind;
            e.c.unit = sg.e->name;
            e.c.scale = 1;
        } else {
            return j > i ? j : i + 1;
        }
    }
    if (!e.p.any) {
        e.p.first = e.c.first;
        e.p.nstart = e.c.nstart;
    }
    e.end = e.c.end;
    e.nend = e.c.nend;
    e.has_low = e.has_high = 1;
    read_clock(s, &e);
    if (!e.c.kind) {
        nb_core c2;
        if (read_range_end(s, &e, &c2)) {
            int jr = join_range(s, &e, &c2);
            if (jr < 0)
                return 0;
            if (jr == 1) {
                s->last_end = c2.end;
                s->pend.e = NULL;
                return c2.end;
            }
        }
    }
    read_suffixes(s, &e);
    if (!e.unit && e.p.unit && !e.c.kind)
        e.unit = e.p.unit;
    e.c.kind = classify(s, &e);
    drop_unused_cue(s, &e);
    if (RK_KIND_IS_CLAIMABLE(e.c.kind) || e.c.kind == RK_KIND_MULTIPLE)
        apply_comparators(s, &e);
    if (emit(s, &e, &e.c, e.c.kind, e.p.first, e.p.nstart) < 0)
        return 0;
    s->last_end = e.end;
    if (s->pend.e && (!nb_same_sentence(t, s->pend.first, e.end) ||
                      e.end > s->pend.end + s->pend.e->window))
        s->pend.e = NULL;
    return e.end;
}

/* Whether rk_numbers_find() finds the next token to start at through
 * nb_next_start(); on unless a test turns it off. */
static int skip_runs = 1;

int nb_set_skip_runs(int on)
{
    int was = skip_runs;
    skip_runs = on;
    return was;
}

/* Texts of up to this many tokens keep their root children on the stack
 * (4 bytes a token). */
#define NB_ROOT_HERE 2048

rk_status rk_numbers_find(const rk_numbers_reader *r, const rk_text *t, rk_numlist *out,
                          rk_error *err)
{
    if (!r || !t || !out)
        return rk_error_set(err, RK_ERR_USAGE, NULL, 0, 0, "rk_numbers_find: NULL argument");
    scan s;
    memset(&s, 0, sizeof s);
    s.d.r = r;
    s.d.t = t;
    s.out = out;
    s.last_end = SIZE_MAX;
    if (!t->n_tokens)
        return RK_OK;
    /* the list's first block kept from the thread's last text, with room
     * for a number every 16 tokens (news has one every 20 to 30) */
    if (!out->items && !out->cap)
        out->items = rk_scratch_take_items(RK_SCRATCH_NUMBERS, t->n_tokens / 16 + 16,
                                           sizeof *out->items, &out->cap);
    /* Most texts are short: their root children are kept on the stack,
     * without a malloc and a free per text. */
    uint32_t root_here[NB_ROOT_HERE];
    s.d.root = t->n_tokens <= NB_ROOT_HERE ? root_here : malloc(t->n_tokens * sizeof *s.d.root);
    if (!s.d.root)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memset(s.d.root, 0xFE, t->n_tokens * sizeof *s.d.root);
    nb_memo memo;
    memset(&memo, 0xFF, sizeof memo); /* every token SIZE_MAX: nothing kept */
    s.d.memo = &memo;
    int skip = skip_runs;
    for (size_t i = 0; i < t->n_tokens;) {
        /* Most words start nothing: a filter test, a hash probe (per
         * matching clitic) and on; runs of them are skipped in one loop. */
        if (skip) {
            if ((i = nb_next_start(&s.d, i)) >= t->n_tokens)
                break;
        } else if (t->tokens[i].kind != RK_TOK_NUMBER && !nb_can_start(&s.d, i)) {
            i++;
            continue;
        }
        size_t next = expression(&s, i);
        if (!next) {
            if (s.d.root != root_here)
                free(s.d.root);
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
        i = next;
    }
    if (s.d.root != root_here)
        free(s.d.root);
    return RK_OK;
}
