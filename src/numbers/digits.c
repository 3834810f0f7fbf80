/* digits.c - reads numbers written in digits by their shape: grouping
 * separators, decimal marks, times ("10:30") and dates ("10/1/2022"), then
 * what may follow ("3-х", "19 مليون", "755.17 مليار", "11 ألف و300"). */
#include "numbers_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Longest digit run read as one number: past this a run is an identifier. */
#define MAX_DIGITS 30
#define MAX_GROUPS 8

static size_t tok_len(const rk_text *t, size_t i)
{
    return t->tokens[i].end - t->tokens[i].start;
}

static double tok_value(const rk_text *t, size_t i)
{
    char buf[MAX_DIGITS + 1];
    size_t n = tok_len(t, i);
    if (n > MAX_DIGITS)
        n = MAX_DIGITS;
    memcpy(buf, t->norm + t->tokens[i].start, n);
    buf[n] = 0;
    return strtod(buf, NULL);
}

static int is_num(const rk_text *t, size_t i)
{
    return i < t->n_tokens && t->tokens[i].kind == RK_TOK_NUMBER;
}

/* Token i is the one-byte punctuation c glued to both neighbours, and a
 * number follows. */
static int glued_sep(const rk_text *t, size_t i, char c)
{
    return i + 1 < t->n_tokens && !t->tokens[i].space_before && tok_len(t, i) == 1 &&
           t->norm[t->tokens[i].start] == c && nb_glued(t, i) && is_num(t, i + 1) &&
           t->tokens[i].sentence == t->tokens[i - 1].sentence;
}

/* The original bytes between tokens i and i+1, a number of three digits:
 * 1 when they are one no-break or thin space, the grouping space of
 * "10 000"; 2 when they are one plain space, which groups only where the
 * whole number says so (plain_groups_hold); else 0. */
static int group_space(const rk_text *t, size_t i)
{
    if (!is_num(t, i + 1) || !nb_same_sentence(t, i, i + 1) || tok_len(t, i + 1) != 3)
        return 0;
    size_t a = t->src_end[t->tokens[i].end - 1], b = t->src_start[t->tokens[i + 1].start];
    const unsigned char *o = (const unsigned char *)t->orig + a;
    if (b - a == 1)
        return o[0] == ' ' ? 2 : 0;
    if (b - a == 2)
        return o[0] == 0xC2 && o[1] == 0xA0;
    return b - a == 3 && o[0] == 0xE2 && o[1] == 0x80 && (o[2] == 0x89 || o[2] == 0xAF);
}

/* Groups after plain spaces ("10 000 people") hold only before a counted
 * noun or a unit, and not after a month name, so two numbers side by side
 * stay two ("on March 9 300 people", "in 2020 100 people": a head of four
 * digits never groups). i is the head, end the token after the groups. */
static int plain_groups_hold(const nb_doc *d, size_t i, size_t end)
{
    const rk_text *t = d->t;
    nb_match m;
    if (end >= t->n_tokens || !nb_same_sentence(t, i, end) ||
        !nb_lookup(d, end, NB_MASK(NB_COUNT_NOUN) | NB_MASK(NB_UNIT_AFTER), &m))
        return 0;
    for (size_t k = i > 2 ? i - 2 : 0; k < i; k++)
        if (nb_same_sentence(t, k, i) && nb_lookup_plain(d, k, NB_MASK(NB_MONTH), &m) &&
            m.end == i)
            return 0;
    return 1;
}

static void core_init(nb_core *c, const rk_text *t, size_t first, size_t end)
{
    memset(c, 0, sizeof *c);
    c->first = first;
    c->end = end;
    c->nstart = t->tokens[first].start;
    c->nend = t->tokens[end - 1].end;
    c->exactness = RK_EXACTNESS_EXACT;
    c->scale = 1;
}

/* "10:30" and "10:30:15": hours and minutes as H*100+M. */
static int read_time(const rk_text *t, size_t i, nb_core *c)
{
    if (tok_len(t, i) > 2 || !glued_sep(t, i + 1, ':') || tok_len(t, i + 2) != 2)
        return 0;
    double h = tok_value(t, i), m = tok_value(t, i + 2);
    if (h > 24 || m > 59)
        return 0;
    size_t end = i + 3;
    if (end + 1 < t->n_tokens && glued_sep(t, end, ':') && tok_len(t, end + 1) == 2)
        end += 2;
    core_init(c, t, i, end);
    c->low = c->high = h * 100 + m;
    c->kind = RK_KIND_TIME;
    return 1;
}

static int valid_dmy(double d, double m, double y)
{
    return d >= 1 && d <= 31 && m >= 1 && m <= 12 && y >= 1 && y <= 9999;
}

/* "10/1/2022", "5-1-2022", "2022-01-05": read as YYYYMMDD. */
static int read_date(const rk_text *t, size_t i, nb_core *c)
{
    static const char seps[] = "/-.";
    for (const char *s = seps; *s; s++) {
        if (!glued_sep(t, i + 1, *s) || !glued_sep(t, i + 3, *s))
            continue;
        double a = tok_value(t, i), b = tok_value(t, i + 2), y = tok_value(t, i + 4);
        size_t la = tok_len(t, i), ly = tok_len(t, i + 4);
        double d = a, m = b;
        if (la == 4 && tok_len(t, i + 4) <= 2) { /* year first */
            y = a;
            d = tok_value(t, i + 4);
            ly = 4;
        } else if (ly == 2) {
            y += y < 50 ? 2000 : 1900;
        } else if (ly != 4) {
            continue;
        }
        if (!valid_dmy(d, m, y) || tok_len(t, i + 2) > 2)
            continue;
        core_init(c, t, i, i + 5);
        c->low = c->high = y * 10000 + m * 100 + d;
        c->kind = RK_KIND_DATE;
        return 1;
    }
    return 0;
}

/* The separators after token i: seps[k] is the byte before group k+1, ' '
 * for a grouping space. Returns the number of groups after the first. */
static size_t collect_groups(const nb_doc *d, size_t i, char *seps, size_t *toks)
{
    const rk_text *t = d->t;
    size_t k = 0, j = i, plain = MAX_GROUPS;
    int sp;
    while (k < MAX_GROUPS) {
        if (glued_sep(t, j + 1, ',') || glued_sep(t, j + 1, '.')) {
            seps[k] = t->norm[t->tokens[j + 1].start];
            toks[k++] = j + 2;
            j += 2;
        } else if ((sp = group_space(t, j)) != 0) {
            if (sp == 2 && plain == MAX_GROUPS)
                plain = k;
            seps[k] = ' ';
            toks[k++] = j + 1;
            j += 1;
        } else {
            break;
        }
    }
    /* Plain spaces group only when every separator is a space and the
     * whole passes plain_groups_hold(). */
    if (plain < k) {
        int spaces = 1;
        for (size_t g = 0; g < k; g++)
            spaces &= seps[g] == ' ';
        if (!spaces || tok_len(t, i) > 3 || !plain_groups_hold(d, i, toks[k - 1] + 1))
            k = plain;
    }
    return k;
}

/* How many separators (from the first) group thousands: separators of one
 * kind, each followed by exactly three digits, after a head of 1-3 digits.
 * A lone "." + 3 digits groups only when the data says so and no scale word
 * follows ("900.000" = 900000 but "1.500 مليون" = 1.5 million). */
static size_t grouping_seps(const nb_doc *d, size_t i, const char *seps, const size_t *toks,
                            size_t k)
{
    const rk_numbers_reader *r = d->r;
    const rk_text *t = d->t;
    size_t g = 0;
    if (tok_len(t, i) > 3)
        return 0;
    while (g < k && seps[g] == seps[0] && tok_len(t, toks[g]) == 3)
        g++;
    if (g == 1 && k == 1 && seps[0] == '.') {
        nb_match m;
        size_t after = toks[0] + 1;
        int scale = after < t->n_tokens && nb_same_sentence(t, i, after) &&
                    nb_lookup_plain(d, after, NB_MASK(NB_SCALE), &m);
        if (!r->set.dot_group || scale)
            return 0;
    }
    return g;
}

/* Powers of ten a double holds exactly. */
static const double k_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* Builds the number from the digits of tokens i, toks[0..g) and, when frac,
 * the decimal part toks[g]. Up to 15 digits the digits make an integer a
 * double holds exactly, and one division by an exact power of ten rounds
 * correctly, as strtod does; longer numbers go to strtod. */
static double assemble(const rk_text *t, size_t i, const size_t *toks, size_t g, int frac)
{
    uint64_t mant = 0;
    size_t nd = 0, nfrac = 0;
    int fast = 1;
    for (size_t k = 0; k <= g + (size_t)frac && fast; k++) {
        size_t tk = k == 0 ? i : toks[k - 1];
        const char *d = t->norm + t->tokens[tk].start;
        size_t l = tok_len(t, tk);
        if (nd + l > 15) {
            fast = 0;
            break;
        }
        for (size_t b = 0; b < l; b++) {
            unsigned v = (unsigned char)d[b] - '0';
            if (v > 9) {
                fast = 0;
                break;
            }
            mant = mant * 10 + v;
        }
        nd += l;
        if (k == g + 1)
            nfrac = l;
    }
    if (fast)
        return nfrac ? (double)mant / k_pow10[nfrac] : (double)mant;
    char buf[MAX_DIGITS * 2 + 2];
    size_t n = 0;
    for (size_t k = 0; k <= g + (size_t)frac; k++) {
        size_t tk = k == 0 ? i : toks[k - 1];
        size_t l = tok_len(t, tk);
        if (k == g + 1 && frac)
            buf[n++] = '.';
        if (n + l >= sizeof buf - 1)
            l = 0;
        memcpy(buf + n, t->norm + t->tokens[tk].start, l);
        n += l;
    }
    buf[n] = 0;
    return strtod(buf, NULL);
}

/* assemble() of the one digit run i, without its loop over groups: up to
 * 15 digits the integer they make, else what assemble() makes. */
static double run_value(const rk_text *t, size_t i)
{
    const unsigned char *d = (const unsigned char *)t->norm + t->tokens[i].start;
    size_t l = tok_len(t, i);
    uint64_t mant = 0;
    if (l > 15)
        return assemble(t, i, NULL, 0, 0);
    for (size_t b = 0; b < l; b++) {
        unsigned v = d[b] - (unsigned)'0';
        if (v > 9)
            return assemble(t, i, NULL, 0, 0);
        mant = mant * 10 + v;
    }
    return (double)mant;
}

/* Token j, after a digit run, may carry on its shape: a digit run (a
 * grouping space) or a one-byte separator glued to it (a time, a date, a
 * group, a decimal part). */
static int may_carry_on(const rk_text *t, size_t j)
{
    if (j >= t->n_tokens)
        return 0;
    if (t->tokens[j].kind == RK_TOK_NUMBER)
        return 1;
    if (t->tokens[j].space_before || tok_len(t, j) != 1)
        return 0;
    char b = t->norm[t->tokens[j].start];
    return b == ':' || b == '/' || b == '-' || b == '.' || b == ',';
}

int nb_read_digits(const nb_doc *d, size_t i, nb_core *c)
{
    const rk_text *t = d->t;
    if (!is_num(t, i) || tok_len(t, i) > MAX_DIGITS)
        return 0;
    /* Most digit runs stand alone: what follows cannot make them a time, a
     * date or a grouped or decimal number, and they read as a plain
     * integer, as nb_read_digits_shaped() reads them. */
    if (!may_carry_on(t, i + 1)) {
        core_init(c, t, i, i + 1);
        c->low = c->high = run_value(t, i);
        c->plain_int = 1;
        c->ndigits = (int)tok_len(t, i);
        return 1;
    }
    return nb_read_digits_shaped(d, i, c);
}

int nb_read_digits_shaped(const nb_doc *d, size_t i, nb_core *c)
{
    const rk_text *t = d->t;
    if (!is_num(t, i) || tok_len(t, i) > MAX_DIGITS)
        return 0;
    if (read_time(t, i, c) || read_date(t, i, c))
        return 1;
    char seps[MAX_GROUPS];
    size_t toks[MAX_GROUPS];
    size_t k = collect_groups(d, i, seps, toks);
    size_t g = k ? grouping_seps(d, i, seps, toks, k) : 0;
    /* One more separator after the groups is a decimal mark when it is
     * another character than the grouping one ("1,234.5") or when nothing
     * grouped ("755.17", "2,5"). */
    int frac = g < k && seps[g] != ' ' && (g == 0 || seps[g] != seps[0]);
    if (frac && g == 0 && k > 1)
        frac = 0; /* "1.2.3": a version or a date we do not know */
    size_t last = frac ? toks[g] : g ? toks[g - 1] : i;
    core_init(c, t, i, last + 1);
    c->low = c->high = assemble(t, i, toks, g, frac);
    c->plain_int = !g && !frac;
    c->ndigits = (int)tok_len(t, i);
    return 1;
}

void nb_read_scales(const nb_doc *d, nb_core *c, int money)
{
    const rk_text *t = d->t;
    nb_match m;
    double prev = 0;
    while (c->end < t->n_tokens && nb_same_sentence(t, c->first, c->end) &&
           nb_lookup_plain(d, c->end, NB_MASK(NB_SCALE), &m)) {
        if ((m.e->flags & NB_F_MONEY_ONLY) && !money)
            break;
        /* "5 hundred thousand": each scale larger than the one before. */
        if (prev && m.e->value <= prev)
            break;
        prev = m.e->value;
        c->low *= m.e->value;
        c->high *= m.e->value;
        c->scale *= m.e->value;
        c->nend = t->tokens[m.end - 1].end;
        c->end = m.end;
        c->plain_int = 0;
    }
}

int nb_read_ending(const nb_doc *d, nb_core *c)
{
    const rk_text *t = d->t;
    size_t h = c->end;
    nb_match m;
    if (!c->plain_int || h + 1 >= t->n_tokens || !nb_tok_is(t, h, "-") ||
        t->tokens[h].space_before || !nb_glued(t, h) || t->tokens[h + 1].kind != RK_TOK_WORD ||
        !nb_lookup_plain(d, h + 1, NB_MASK(NB_ENDING), &m) || m.end != h + 2)
        return 0;
    c->end = m.end;
    c->nend = t->tokens[m.end - 1].end;
    return 1;
}

void nb_read_remainder(const nb_doc *d, nb_core *c, int money)
{
    const rk_text *t = d->t;
    nb_match m;
    nb_core r;
    if (c->scale < 1000 || c->kind || c->vague || c->end >= t->n_tokens ||
        !nb_same_sentence(t, c->first, c->end) ||
        !nb_lookup_plain(d, c->end, NB_MASK(NB_CONNECTOR), &m) ||
        !nb_same_sentence(t, c->first, m.end) || !nb_read_digits(d, m.end, &r) || r.kind)
        return;
    nb_read_scales(d, &r, money);
    /* "بين 250 ألف و300 ألف" is a range: the remainder is below the scale. */
    if (r.low < 1 || r.low != floor(r.low) || r.high >= c->scale)
        return;
    c->low += r.low;
    c->high += r.high;
    c->end = r.end;
    c->nend = r.nend;
    c->plain_int = 0;
}
