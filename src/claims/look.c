/* look.c - looking around a number: the nearest vocabulary of a kind in
 * its window, the words past quote marks and asides, the subject after
 * "of", and the class a subject noun names. */
#include "engine_int.h"
#include "shortcut.h"

#include <string.h>

int rk_claims_counts_later(const doc_state *st, const occ *o, uint32_t b)
{
    if (o->first < b || o->first == 0)
        return 0;
    uint32_t k = o->first;
    if (k > 1 && occ_of(st, k - 1, LEX_ARTICLE))
        k--;
    for (uint32_t j = k > 3 ? k - 3 : 0; j < k; j++) {
        const occ *c = occ_of(st, j, LEX_COUNT_OF);
        if (c && c->end == k)
            return 1;
    }
    return 0;
}

const occ *rk_claims_nearest(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                          lex_type type, int clause_only, uint8_t kind)
{
    pick p = {0};
    int w = st->ds->window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        if (o->type != type || (o->first >= a && o->first < b) || st->in_speaker[o->first])
            continue;
        const lex_entry *l = occ_lex(st, o);
        if ((clause_only && !in_clause(st, o, a, b)) || rk_claims_counts_later(st, o, b))
            continue;
        if (type == LEX_PRED && !(st->e->quantities[l->target].kinds & (1u << kind)))
            continue;
        if (type == LEX_SUBJ && (st->e->classes[l->target].person || (l->flags & LEXF_NEAR) ||
                                 st->e->classes[l->target].nationals))
            continue; /* a name, a country or a people is not who a count counts,
                         unless named at it ("12 Pakistanis") */
        consider(&p, o, a, b);
    }
    return p.o;
}

/* The nearest nationality before a troop noun in its clause, within the
 * window ("Russia has sent about 2,500 paratroopers"), or NULL. */
static const occ *nation_before(const doc_state *st, const occ *o)
{
    uint32_t w = (uint32_t)st->ds->window;
    uint32_t lo = o->first > w ? o->first - w : 0;
    for (uint32_t k = o->first; k-- > lo && st->clause[k] == st->clause[o->first];) {
        const occ *n = occ_of(st, k, LEX_NATION);
        if (n)
            return n;
    }
    return NULL;
}

/* The class a subject occurrence names: a nationality right after a troop
 * noun decides it ("جنديا روسيا" -> russian_troops), else one before it in
 * its clause. */
int rk_claims_subject_class(const doc_state *st, const occ *o)
{
    const lex_entry *l = occ_lex(st, o);
    if (l->flags & LEXF_TROOP) {
        const occ *n = occ_of(st, o->end, LEX_NATION);
        if (n || (n = nation_before(st, o)))
            return occ_lex(st, n)->target;
    }
    return l->target;
}

/* Token k moved past opening quote marks: an official's label in quotes
 * right after a number is still what it counts. */
uint32_t rk_claims_past_quotes(const doc_state *st, uint32_t k, uint32_t s1)
{
    while (k < s1 && st->t->tokens[k].kind == RK_TOK_PUNCT) {
        const char *s = st->t->norm + st->t->tokens[k].start;
        size_t n = st->t->tokens[k].end - st->t->tokens[k].start;
        int quote = (n == 1 && (s[0] == '"' || s[0] == '\'')) ||
                    (n == 2 && (memcmp(s, "\xC2\xAB", 2) == 0 || memcmp(s, "\xC2\xBB", 2) == 0)) ||
                    (n == 3 && memcmp(s, "\xE2\x80", 2) == 0 &&
                     ((unsigned char)s[2] >= 0x98 && (unsigned char)s[2] <= 0x9F));
        if (!quote)
            break;
        k++;
    }
    return k;
}

/* Token k moved past quote marks and an aside: the bracket closing an aside
 * the number stands in ("(حوالى 20%) من الروس") or a whole aside right after
 * it ("4 ملايين نسمة (حوالى 20%) من الروس"), so what follows still names
 * what the number counts. An unclosed bracket within the window is left. */
uint32_t rk_claims_past_aside(const doc_state *st, uint32_t k, uint32_t s1)
{
    /* a word or the sentence's end, as most numbers have after them:
     * nothing to pass */
    if (rk_claims_shortcuts && (k >= s1 || st->t->tokens[k].kind != RK_TOK_PUNCT))
        return k;
    /* the dot of an abbreviated multiplier the number ends with ("40 тыс.
     * домов") */
    if (k > 0 && k + 1 < s1 && punct_is(st, k, '.') && !st->t->tokens[k].space_before &&
        st->in_number[k - 1] && st->t->tokens[k - 1].kind == RK_TOK_WORD)
        k++;
    k = rk_claims_past_quotes(st, k, s1);
    if (k < s1 && punct_is(st, k, ')'))
        return rk_claims_past_quotes(st, k + 1, s1);
    if (k < s1 && punct_is(st, k, '(')) {
        uint32_t w = (uint32_t)st->ds->window, lim = k + w < s1 ? k + w : s1;
        for (uint32_t j = k + 1; j < lim; j++)
            if (punct_is(st, j, ')'))
                return rk_claims_past_quotes(st, j + 1, s1);
    }
    return k;
}

/* The subject named by "من X" / "of X" at token k, or NULL. */
const occ *rk_claims_of_subject(const doc_state *st, const sent_state *ss, uint32_t k)
{
    const occ *o = k < ss->s1 ? occ_of(st, k, LEX_OF) : NULL;
    return o && o->end < ss->s1 ? occ_of(st, o->end, LEX_SUBJ) : NULL;
}

/* A one-word stop word at token k ("and"): it may join two weekdays. */
int rk_claims_joined_by_stop(const doc_state *st, uint32_t k)
{
    const occ *s = occ_of(st, k, LEX_STOP);
    return s && s->end == k + 1;
}
