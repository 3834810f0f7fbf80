/* words.c - reads numbers written in words: cardinals joined into compounds
 * ("خمسة وعشرين", "twenty-five", "ثلاثة آلاف وخمسمائة", "الخمسة آلاف"),
 * scales and fractions ("نصف مليون", "half a million"), shares of a whole
 * ("half of the town", "نصف المدينة"), vague words ("العشرات"), nouns that
 * carry a count ("جنديين") and ordinals ("الثالث عشر"). */
#include "numbers_int.h"

#include <math.h>
#include <string.h>

#define WORD_ROLES (NB_MASK(NB_CARDINAL) | NB_MASK(NB_SCALE) | NB_MASK(NB_FRACTION))

/* The accumulator of a compound: total of finished chunks ("ثلاثة آلاف")
 * plus the chunk being built. */
typedef struct acc {
    double total, cur;
    double big;        /* smallest scale >= 1000 applied so far, 0 if none */
    double last_scale; /* scale of the element just read, 0 if it was not one */
} acc;

/* The largest power of ten dividing v (1 for v not a whole multiple of 10). */
static double place(double v)
{
    double p = 1;
    while (v >= p * 10 && fmod(v, p * 10) == 0)
        p *= 10;
    return p;
}

/* Applies element e to a; returns 0 when e cannot continue the compound. */
static int acc_apply(acc *a, const nb_entry *e, int connected, int first)
{
    double v = e->value;
    if (first) {
        if (v >= 1000) { /* "ألف", "مليوني", "a million": a finished chunk */
            a->total = v;
            a->big = place(v);
        } else {
            a->cur = v;
        }
        a->last_scale = e->role == NB_SCALE ? v : 0;
        return 1;
    }
    if (e->role == NB_FRACTION) { /* "مليون ونصف": half of the scale before */
        if (!connected || !a->last_scale)
            return 0;
        a->total += v * a->last_scale;
        a->last_scale = 0;
        return 1;
    }
    if (e->role == NB_SCALE && !connected) {
        if (v < 1000) { /* "three hundred" */
            if (a->cur <= 0 || a->cur >= 10 || a->last_scale)
                return 0;
            a->cur *= v;
        } else {
            if (a->cur <= 0 || (a->big && v >= a->big))
                return 0;
            a->total += a->cur * v;
            a->cur = 0;
            a->big = v;
        }
        a->last_scale = v;
        return 1;
    }
    if (v >= 1000 && e->role != NB_SCALE)
        return 0;
    /* A cardinal (or "و مئة" read as 100). */
    if (a->cur == 0) {
        if (a->big && v >= a->big)
            return 0;
        a->cur = v;
    } else if (v < place(a->cur) && (a->cur >= 10 || a->last_scale)) {
        a->cur += v; /* "twenty five", "مئة وخمسة" */
    } else if (connected && fmod(v, 10) == 0 && v >= 20 && v <= 90 &&
               fmod(a->cur, 100) >= 1 && fmod(a->cur, 100) <= 9) {
        a->cur += v; /* units before tens: "خمسة وعشرين" */
    } else {
        return 0;
    }
    a->last_scale = 0;
    return 1;
}

/* Prefix p of token j is a connector ("و" of "وعشرين"). */
static int connector_prefix(const nb_doc *d, size_t j, size_t plen)
{
    const rk_numbers_reader *r = d->r;
    const rk_text *t = d->t;
    uint32_t node = nb_trie_child(r, 0, t->norm + t->tokens[j].start, plen);
    if (node == NB_NONE)
        return 0;
    for (uint32_t k = r->node_first[node]; k != NB_NONE; k = r->entries[k].next)
        if (r->entries[k].role == NB_CONNECTOR)
            return 1;
    return 0;
}

/* The next element after token j-1 of a compound: a number word, maybe after
 * a connector word, a glued hyphen or a connector clitic. */
static int next_element(const nb_doc *d, size_t first, size_t j, nb_match *m, int *connected)
{
    const rk_text *t = d->t;
    nb_match c;
    *connected = 0;
    if (!nb_same_sentence(t, first, j))
        return 0;
    if (nb_lookup_plain(d, j, NB_MASK(NB_CONNECTOR), &c) && nb_same_sentence(t, first, c.end)) {
        *connected = 1;
        return nb_lookup_plain(d, c.end, WORD_ROLES, m);
    }
    if (nb_tok_is(t, j, "-") && !t->tokens[j].space_before && nb_glued(t, j) &&
        t->tokens[j - 1].kind == RK_TOK_WORD) {
        *connected = 1;
        return nb_lookup_plain(d, j + 1, WORD_ROLES, m);
    }
    if (!nb_lookup(d, j, WORD_ROLES, m))
        return 0;
    if (m->pfx_len) {
        if (!connector_prefix(d, j, m->pfx_len))
            return 0;
        *connected = 1;
    }
    return 1;
}

/* A scale word follows token j (for fractions: "نصف مليون"). */
static int scale_follows(const nb_doc *d, size_t first, size_t j)
{
    const rk_text *t = d->t;
    nb_match m;
    return nb_same_sentence(t, first, j) && nb_lookup_plain(d, j, NB_MASK(NB_SCALE), &m);
}

static void core_words(nb_core *c, const rk_text *t, size_t i, size_t end, size_t pfx)
{
    memset(c, 0, sizeof *c);
    c->first = i;
    c->end = end;
    c->nstart = t->tokens[i].start + (uint32_t)pfx;
    c->nend = t->tokens[end - 1].end;
    c->exactness = RK_EXACTNESS_EXACT;
    c->scale = 1;
    c->words = 1;
}

/* A compound starting with element m at token i. */
static int read_compound(const nb_doc *d, size_t i, const nb_match *m, nb_core *c)
{
    const rk_text *t = d->t;
    acc a = {0, 0, 0, 0};
    size_t end = m->end;
    int approx = m->e->flags & NB_F_APPROX;
    if (m->e->role == NB_FRACTION && !scale_follows(d, i, end))
        return 0;
    /* "m" and "k" scale digits beside money ("$5m"); alone they are letters
     * ("p.m.", "k"), never a million or a thousand. */
    if (m->e->role == NB_SCALE && (m->e->flags & NB_F_MONEY_ONLY))
        return 0;
    /* A cardinal with an article is a number only as the count of a scale
     * ("الخمسة آلاف"); alone it is a noun or a weekday ("الاثنين"). */
    if (m->e->role == NB_CARDINAL && m->pfx_cls == NB_PFX_ARTICLE) {
        nb_match n;
        int connected;
        if (!next_element(d, i, end, &n, &connected) || connected || n.e->role != NB_SCALE)
            return 0;
    }
    acc_apply(&a, m->e, 0, 1);
    for (;;) {
        nb_match n;
        int connected;
        if (!next_element(d, i, end, &n, &connected))
            break;
        acc saved = a;
        if (!acc_apply(&a, n.e, connected, 0)) {
            a = saved;
            break;
        }
        approx |= n.e->flags & NB_F_APPROX;
        end = n.end;
    }
    core_words(c, t, i, end, m->pfx_skip);
    c->low = c->high = a.total + a.cur;
    c->after_noun = end == m->end && !m->pfx_len && (m->e->flags & NB_F_AFTER_NOUN);
    if (approx) /* "a dozen" */
        c->exactness = RK_EXACTNESS_APPROX;
    if (a.big)
        c->scale = a.big;
    return 1;
}

/* The whole a share at tokens [i, j) is a share of begins at token j: one of
 * the language's whole words for a marked share ("half of", "a third of the
 * homes"); else a word that is no number, comparator, cue or unit ("نصف
 * المدينة", "треть домов"; not "نصف ساعة"). */
static int whole_follows(const nb_doc *d, size_t i, size_t j, const nb_entry *e)
{
    const rk_text *t = d->t;
    nb_match m;
    if (!nb_same_sentence(t, i, j) || t->tokens[j].kind != RK_TOK_WORD)
        return 0;
    if (e->flags & NB_F_MARKED)
        return nb_lookup(d, j, NB_MASK(NB_WHOLE), &m);
    return !nb_lookup(d, j, NB_START_ROLES | NB_MASK(NB_UNIT_AFTER), &m);
}

/* A share at token i (match m) read as a percent of its whole. A share
 * joined by a connector to a unit or scale before it is that unit's
 * fraction ("ساعة ونصف", an hour and a half), not a share. */
static int read_share(const nb_doc *d, size_t i, const nb_match *m, nb_core *c)
{
    const rk_text *t = d->t;
    nb_match u;
    if (!whole_follows(d, i, m->end, m->e))
        return 0;
    if (m->pfx_len && i > 0 && nb_same_sentence(t, i - 1, i) &&
        nb_lookup_plain(d, i - 1, NB_MASK(NB_UNIT_AFTER) | NB_MASK(NB_SCALE), &u) &&
        u.end == i)
        return 0;
    core_words(c, t, i, m->end, m->pfx_skip);
    c->low = c->high = m->e->value;
    c->kind = RK_KIND_PERCENT;
    c->unit = m->e->name;
    c->share = 1;
    return 1;
}

static int read_vague(const nb_match *m, const rk_text *t, size_t i, nb_core *c)
{
    core_words(c, t, i, m->end, m->pfx_skip);
    c->low = m->e->low;
    c->high = m->e->high;
    c->exactness = RK_EXACTNESS_VAGUE;
    c->vague = m->e->name;
    return 1;
}

static int read_single(const nb_match *m, const rk_text *t, size_t i, nb_core *c)
{
    core_words(c, t, i, m->end, m->pfx_skip);
    c->low = c->high = m->e->value;
    if (m->e->role == NB_ORDINAL) {
        c->kind = RK_KIND_ORDINAL;
    } else {
        c->kind = m->e->kind;
        c->unit = m->e->name;
    }
    return 1;
}

/* nb_lookup() at a word i already looked up; when filtered, past the
 * filter nb_may_read_as(), exact about the prefixes, which the lookup
 * before kept. */
static inline int lookup_if(const nb_doc *d, size_t i, uint32_t mask, nb_match *m,
                            int filtered)
{
    return (!filtered || nb_may_read_as_seen(d, i, mask)) && nb_lookup(d, i, mask, m);
}

static inline int read_words(const nb_doc *d, size_t i, nb_core *c, int filtered)
{
    const rk_text *t = d->t;
    nb_match mv, mw, mo, ms;
    /* Most words the scan asks about read as nothing: one lookup over every
     * role read here says so before the lookups role by role. */
    if (t->tokens[i].kind != RK_TOK_WORD ||
        !nb_lookup(d, i, WORD_ROLES | NB_MASK(NB_VAGUE) | NB_MASK(NB_SHARE) |
                             NB_MASK(NB_ORDINAL) | NB_MASK(NB_DUAL), &mo))
        return 0;
    /* That lookup kept the word's prefixed readings: a role no reading
     * leads to is not looked up (most words read as one role alone). */
    int v = lookup_if(d, i, NB_MASK(NB_VAGUE), &mv, filtered);
    int w = lookup_if(d, i, WORD_ROLES, &mw, filtered);
    int sh = lookup_if(d, i, NB_MASK(NB_SHARE), &ms, filtered);
    /* A vague word beats a scale read alone ("آلاف" is thousands, not 1000)
     * unless the number words run longer. */
    if (v && (!w || mv.end >= mw.end))
        return read_vague(&mv, t, i, c);
    /* A share that reads further than the number words wins ("two thirds
     * of" is not 2); a fraction before a scale wins over a share ("half a
     * million"). */
    int cw = w && read_compound(d, i, &mw, c);
    if (cw && (!sh || c->end >= ms.end))
        return 1;
    nb_core cs;
    if (sh && read_share(d, i, &ms, &cs)) {
        *c = cs;
        return 1;
    }
    if (cw)
        return 1;
    if (lookup_if(d, i, NB_MASK(NB_ORDINAL) | NB_MASK(NB_DUAL), &mo, filtered)) {
        if (mo.e->role == NB_DUAL && nb_after_noun_at(d, i, mo.end))
            return 0; /* «طفلان اثنان»: the number is the word after */
        return read_single(&mo, t, i, c);
    }
    return 0;
}

int nb_read_words(const nb_doc *d, size_t i, nb_core *c)
{
    return read_words(d, i, c, 1);
}

int nb_read_words_every_role(const nb_doc *d, size_t i, nb_core *c)
{
    return read_words(d, i, c, 0);
}

int nb_after_noun_at(const nb_doc *d, size_t i, size_t j)
{
    nb_match m;
    return j < d->t->n_tokens && nb_same_sentence(d->t, i, j) &&
           nb_lookup(d, j, NB_MASK(NB_CARDINAL), &m) && !m.pfx_len &&
           (m.e->flags & NB_F_AFTER_NOUN);
}
