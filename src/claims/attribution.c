/* attribution.c - reading who a figure comes from: the phrase after (or
 * before) an attribution cue, split at a relay word into relayer and
 * speaker, returned as the original bytes of the article. */
#include "engine_int.h"
#include "shortcut.h"

#include "../core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE32 UINT32_MAX

/* True when some occurrence starting at token k has a type that ends a
 * speaker phrase: the next part of the sentence has begun. */
static int ends_phrase(const doc_state *st, uint32_t k, int *relay)
{
    uint64_t m = st->occ_types[k];
    *relay = (m & LEX_BIT(LEX_RELAY)) != 0;
    return (m & (LEX_BIT(LEX_RELAY) | LEX_BIT(LEX_STOP) | LEX_BIT(LEX_THAT) | LEX_BIT(LEX_PRED) |
                 LEX_BIT(LEX_TIME) | LEX_BIT(LEX_CUE) | LEX_BIT(LEX_HEDGE))) != 0;
}

/* True when token k ends a phrase only as a cue or a predicate word, which a
 * noun can also be: "Reports said", "قال ناجون إن" (survivors). */
static int soft_stop(const doc_state *st, uint32_t k)
{
    uint64_t m = st->occ_types[k];
    if (m & (LEX_BIT(LEX_RELAY) | LEX_BIT(LEX_STOP) | LEX_BIT(LEX_THAT) | LEX_BIT(LEX_TIME) |
             LEX_BIT(LEX_HEDGE)))
        return 0;
    return (m & (LEX_BIT(LEX_CUE) | LEX_BIT(LEX_PRED))) != 0;
}

static int has_type(const doc_state *st, uint32_t k, lex_type type, uint32_t *end)
{
    if (!(st->occ_types[k] & LEX_BIT(type)))
        return 0;
    FOR_OCCS_AT(st, k, i)
        if (st->occs[i].type == type) {
            *end = st->occs[i].end;
            return 1;
        }
    return 0;
}

static int is_break_tok(const doc_state *st, uint32_t k)
{
    return k + 1 < st->t->n_tokens && st->clause[k + 1] != st->clause[k] &&
           st->t->tokens[k + 1].sentence == st->t->tokens[k].sentence;
}

/* A hyphen or apostrophe glued between two words belongs to the name
 * ("Kassym-Jomart", "Kazakhstan's"): it does not end a speaker phrase. */
static int joins_words(const rk_text *t, uint32_t k)
{
    const rk_token *tk = &t->tokens[k];
    if (tk->kind != RK_TOK_PUNCT || tk->space_before || k == 0 || k + 1 >= t->n_tokens)
        return 0;
    const rk_token *nx = &t->tokens[k + 1], *pv = &t->tokens[k - 1];
    if (nx->space_before || nx->kind != RK_TOK_WORD || pv->kind != RK_TOK_WORD ||
        nx->sentence != tk->sentence)
        return 0;
    const char *s = t->norm + tk->start;
    size_t n = tk->end - tk->start;
    return (n == 1 && (s[0] == '-' || s[0] == '\'')) ||
           (n == 3 && memcmp(s, "\xE2\x80", 2) == 0 && ((unsigned char)s[2] == 0x99 ||
                                                       (unsigned char)s[2] == 0x90 ||
                                                       (unsigned char)s[2] == 0x91));
}

/* True when token k is the inner word of a phrase that ends a speaker
 * phrase ("to" of "according to"): walking backwards meets it first. */
static int inside_ender(const doc_state *st, uint32_t k, uint32_t s0)
{
    uint32_t lo = k > s0 + st->e->max_phrase ? k - st->e->max_phrase : s0;
    uint32_t j = cover_head(st, k);
    int relay;
    if (j == k || j < lo || !ends_phrase(st, j, &relay))
        return 0;
    FOR_OCCS_AT(st, j, i)
        if (st->occs[i].end > k)
            return 1;
    return 0;
}

/* True when token k is the inner word of a filler ("by" of "information
 * provided by"): a speaker before a cue does not reach into it. */
static int inside_filler(const doc_state *st, uint32_t k, uint32_t s0)
{
    uint32_t lo = k > s0 + st->e->max_phrase ? k - st->e->max_phrase : s0;
    uint32_t j = cover_head(st, k);
    if (j == k || j < lo || !(st->occ_types[j] & LEX_BIT(LEX_FILLER)))
        return 0;
    FOR_OCCS_AT(st, j, i)
        if (st->occs[i].end > k && st->occs[i].type == LEX_FILLER)
            return 1;
    return 0;
}

/* A phrase word: a word that is not part of a number, or a glued joiner. */
static int phrase_tok(const doc_state *st, uint32_t k)
{
    return (st->t->tokens[k].kind == RK_TOK_WORD && !st->in_number[k]) ||
           joins_words(st->t, k);
}

/* True when [first, last) is nothing but a pronoun ("he", "it"). */
static int only_pronoun(const doc_state *st, uint32_t first, uint32_t last)
{
    uint32_t end;
    return has_type(st, first, LEX_PRONOUN, &end) && end == last;
}

/* The start of a filler or time occurrence ending exactly at token k (with
 * the stop word opening a time: "authorities on Monday said"), or k. */
static uint32_t filler_before(const doc_state *st, uint32_t k, uint32_t s0)
{
    uint32_t lo = k > s0 + st->e->max_phrase ? k - st->e->max_phrase : s0, end;
    for (uint32_t j = k; j-- > lo;) {
        if (has_type(st, j, LEX_FILLER, &end) && end == k)
            return j;
        if (has_type(st, j, LEX_TIME, &end) && end == k)
            return j > s0 && has_type(st, j - 1, LEX_STOP, &end) && end == j ? j - 1 : j;
    }
    return k;
}

/* Maps tokens [first, last) to original bytes, dropping a leading clitic of
 * the first word when the cue names one ("وفقا لبعض التقديرات"). */
static void phrase_span(const doc_state *st, uint32_t first, uint32_t last, const char *clitic,
                        size_t cut, size_t *os, size_t *oe)
{
    const rk_token *a = &st->t->tokens[first], *z = &st->t->tokens[last - 1];
    size_t ns = a->start;
    size_t cl = clitic ? strlen(clitic) : 0;
    if (cl && a->end - a->start > cl + 2 && memcmp(st->t->norm + a->start, clitic, cl) == 0)
        ns += cl;
    rk_text_orig_span(st->t, ns, z->end - cut, os, oe);
}

/* The bytes of a possessive ending ("'s") closing token k, or 0. */
static size_t possessive_at(const doc_state *st, uint32_t k, const char *suffix)
{
    const rk_token *tk = &st->t->tokens[k];
    size_t n = strlen(suffix), len = tk->end - tk->start;
    if (tk->kind != RK_TOK_WORD || len <= n ||
        memcmp(st->t->norm + tk->end - n, suffix, n) != 0)
        return 0;
    return n;
}

/* Trims a phrase [*first, *last) of the words that cannot begin or end a
 * speaker ("by families who came forward to" -> "families who came
 * forward"; "bringing the" -> nothing). Returns 0 when nothing is left or
 * the phrase begins with a pronoun ("he was instead a victim who"): a
 * pronoun names no one new. */
static int trim_phrase(const doc_state *st, uint32_t *first, uint32_t *last)
{
    uint32_t end;
    while (*first < *last && (has_type(st, *first, LEX_NOT_SPEAKER, &end) ||
                              st->t->tokens[*first].kind != RK_TOK_WORD))
        (*first)++;
    for (int again = 1; again && *last > *first;) {
        again = 0;
        uint32_t lo = *last > *first + st->e->max_phrase ? *last - st->e->max_phrase : *first;
        for (uint32_t j = lo; j < *last; j++)
            if ((has_type(st, j, LEX_NOT_SPEAKER, &end) || has_type(st, j, LEX_ARTICLE, &end)) &&
                end == *last) {
                *last = j;
                again = 1;
                break;
            }
        while (*last > *first && st->t->tokens[*last - 1].kind != RK_TOK_WORD)
            (*last)--;
    }
    if (*first >= *last)
        return 0;
    if (has_type(st, *first, LEX_PRONOUN, &end) && end < *last)
        return 0;
    return 1;
}

/* The phrase after token k: up to speaker_words words, past opening quotes
 * and fillers, ending at punctuation, a number or a word of the next part.
 * Returns 1 when it found words; *stop is where it ended. */
static int phrase_after(doc_state *st, uint32_t k, uint32_t s1, const char *clitic, size_t *os,
                        size_t *oe, uint32_t *stop, int *relay)
{
    const rk_text *t = st->t;
    uint32_t end;
    *relay = 0;
    while (k < s1 && t->tokens[k].kind == RK_TOK_PUNCT && !is_break_tok(st, k))
        k++;
    /* fillers, and a date between two ("data shared on Thursday by") */
    for (int filled = 0; k < s1;) {
        if (has_type(st, k, LEX_FILLER, &end))
            filled = 1;
        else if (filled && has_type(st, k, LEX_STOP, &end) && end < s1 &&
                 has_type(st, end, LEX_TIME, &end))
            ; /* "on" of "on Thursday" */
        else if (!(filled && has_type(st, k, LEX_TIME, &end)))
            break;
        k = end;
    }
    /* the day of the statement before its speaker: «Как сообщила 14 июня
     * береговая охрана», "said on 14 June the coast guard" */
    {
        uint32_t q = k;
        if (q + 1 < s1 && t->tokens[q].kind == RK_TOK_WORD && !st->in_number[q] &&
            st->in_number[q + 1] == 2 &&
            (has_type(st, q, LEX_PLACE, &end) || has_type(st, q, LEX_STOP, &end)))
            q++;
        if (q < s1 && st->in_number[q] == 2) {
            while (q < s1 && st->in_number[q] == 2)
                q++;
            if (q < s1 && phrase_tok(st, q) && t->tokens[q].kind == RK_TOK_WORD)
                k = q;
        }
    }
    uint32_t first = k;
    int soft = 0;
    while (k < s1 && k - first < (uint32_t)st->ds->speaker_words) {
        if (!phrase_tok(st, k))
            break;
        if (ends_phrase(st, k, relay)) {
            /* a predicate word right after the verb is its speaker when the
             * phrase ends at a clause mark: "قال ناجون إن ..." */
            if (k != first || *relay || !soft_stop(st, k))
                break;
            soft = 1;
        }
        k++;
    }
    while (k > first && t->tokens[k - 1].kind != RK_TOK_WORD) /* no trailing joiner */
        k--;
    if (soft && !(k >= s1 || t->tokens[k].kind == RK_TOK_PUNCT || has_type(st, k, LEX_STOP, &end) ||
                 has_type(st, k, LEX_THAT, &end))) {
        *relay = 0;
        k = first;
    }
    /* a word or two right before the figure qualify it ("قال نحو 300"),
     * they do not name who speaks */
    if (k < s1 && st->in_number[k] && k - first <= 2)
        k = first;
    *stop = k;
    if (k == first || only_pronoun(st, first, k))
        return 0;
    uint32_t f0 = first, k0 = k;
    if (!trim_phrase(st, &first, &k))
        return 0;
    if (first != f0)
        clitic = NULL;
    (void)k0;
    st->ph_t0 = first;
    st->ph_t1 = k;
    for (uint32_t i = first; i < k; i++)
        st->in_speaker[i] = 1;
    phrase_span(st, first, k, clitic, 0, os, oe);
    return 1;
}

/* The phrase before token k ("the interior ministry said"); with
 * whole_clause, only one that opens its clause ("Reuters, citing"), so the
 * tail of a clause about something else ("103 of them in Almaty, according
 * to") is not read as a relayer. */
static int phrase_before(doc_state *st, uint32_t k, uint32_t s0, int whole_clause, size_t cut,
                         size_t *os, size_t *oe, uint8_t *opens)
{
    const rk_text *t = st->t;
    uint32_t last = k, j, end;
    int relay;
    /* "Officials had previously said": auxiliaries and adverbs between the
     * speaker and the cue are fillers, not part of the name */
    while ((j = filler_before(st, last, s0)) < last)
        last = j;
    /* "The coast guard on 14 June said", «Береговая охрана 14 июня
     * сообщила»: the day of the statement, and the word that puts it, stand
     * between the speaker and the cue */
    if (last > s0 + 1 && st->in_number[last - 1] == 2) {
        j = last - 1;
        while (j > s0 && st->in_number[j - 1] == 2)
            j--;
        if (j > s0 + 1 && t->tokens[j - 1].kind == RK_TOK_WORD && !st->in_number[j - 1] &&
            (occ_of(st, j - 1, LEX_PLACE) || occ_of(st, j - 1, LEX_STOP)))
            j--;
        if (j > s0 && phrase_tok(st, j - 1))
            last = j;
    }
    /* "the Federal Investigation Agency (FIA) said": a short aside in
     * brackets after the name is not the name */
    if (last > s0 + 2 && punct_is(st, last - 1, ')')) {
        for (uint32_t q = last - 2; q > s0 && q + 6 >= last; q--)
            if (punct_is(st, q, '(')) {
                last = q;
                break;
            } else if (t->tokens[q].kind == RK_TOK_PUNCT) {
                break;
            }
    }
    /* "Tokayev, 68, declared": an age between commas is not the name;
     * "Omar Haddad, prime minister of the eastern-based government, said":
     * a title between commas is part of the speaker's phrase */
    uint32_t title_end = 0;
    if (last > s0 + 3 && punct_is(st, last - 1, ',')) {
        uint32_t q = last - 1;
        while (q > s0 + 1 && st->in_number[q - 1])
            q--;
        if (q < last - 1 && punct_is(st, q - 1, ',')) {
            last = q - 1;
        } else if (q == last - 1) {
            int titled = 0;
            for (q = last - 1; q > s0 + 1 && last - 1 - q < 12 && phrase_tok(st, q - 1) &&
                               !occ_of(st, q - 1, LEX_CUE) && !occ_of(st, q - 1, LEX_PRED);
                 q--)
                titled |= occ_of(st, q - 1, LEX_SOURCE) || occ_of(st, q - 1, LEX_ORIG) ||
                          occ_of(st, q - 1, LEX_ORIG_REF);
            /* "The governor of Ma'an, Khaled al-Masri, told": the title
             * before the first comma, the name between the two */
            for (uint32_t r = q - 1; !titled && q < last - 1 && punct_is(st, q - 1, ',') &&
                                     r > s0 && q - 1 - r < 8 && phrase_tok(st, r - 1) &&
                                     !occ_of(st, r - 1, LEX_CUE) && !occ_of(st, r - 1, LEX_PRED);
                 r--)
                titled |= occ_of(st, r - 1, LEX_SOURCE) || occ_of(st, r - 1, LEX_ORIG) ||
                          occ_of(st, r - 1, LEX_ORIG_REF);
            uint32_t rel_end;
            if (titled && q < last - 1 && punct_is(st, q - 1, ',')) {
                /* ", who visited ...,": a relative clause, not a title */
                if (!(has_type(st, q, LEX_RELATIVE, &rel_end) && rel_end > q))
                    title_end = last - 1;
                last = q - 1;
            }
        }
    }
    /* "Tokayev, who told ...": the speaker is named before the relative */
    if (last > s0 + 1 && has_type(st, last - 1, LEX_RELATIVE, &end) && end == last &&
        t->tokens[last - 2].kind == RK_TOK_PUNCT)
        last -= 2;
    j = last;
    int soft = 0;
    while (j > s0 && last - j < (uint32_t)st->ds->speaker_words) {
        uint32_t p = j - 1;
        if (!phrase_tok(st, p) || inside_ender(st, p, s0) || inside_filler(st, p, s0))
            break;
        if (ends_phrase(st, p, &relay)) {
            /* a cue or predicate word right before the verb is its speaker
             * when the phrase opens its clause: "Reports said", "Other
             * reports suggested", "Survivors said" */
            if (j != last || !soft_stop(st, p))
                break;
            soft = 1;
        }
        j = p;
    }
    /* only the word alone, opening its clause ("AFP reported, citing"
     * names AFP, not "AFP reported") */
    if (soft && !(j + 1 == last && (j == s0 || t->tokens[j - 1].kind == RK_TOK_PUNCT ||
                                    /* "بأن ناجين أكدوا": after a complementizer */
                                    (has_type(st, j - 1, LEX_THAT, &end) && end == j))))
        return 0;
    while (j < last && t->tokens[j].kind != RK_TOK_WORD) /* no leading joiner */
        j++;
    if (j == last || only_pronoun(st, j, last))
        return 0;
    if (whole_clause && j > s0 && t->tokens[j - 1].kind != RK_TOK_PUNCT)
        return 0;
    uint32_t l0 = last;
    if (!trim_phrase(st, &j, &last))
        return 0;
    if (last != l0)
        cut = 0;
    if (opens) /* the phrase opens its clause: ", the FIA said" */
        *opens = j == s0 || t->tokens[j - 1].kind == RK_TOK_PUNCT;
    if (title_end) { /* the name and its title */
        last = title_end;
        cut = 0;
    }
    st->ph_t0 = j;
    st->ph_t1 = last;
    for (uint32_t i = j; i < last; i++)
        st->in_speaker[i] = 1;
    phrase_span(st, j, last, NULL, cut, os, oe);
    return 1;
}

/* The originator a speaker phrase of tokens [t0, t1) names: a source the
 * rules know by name, else the last source of the kinds a reference names
 * ("the ministry"), else -1 (the phrase is its own source). A named source
 * becomes the last of its kind in the document. */
static int32_t originator_of(doc_state *st, uint32_t t0, uint32_t t1)
{
    int32_t named = -1, ref = 0;
    /* "the Efe Agency from a Lebanese Ministry of Health source": an outlet
     * named beside another source only passed the figure on */
    for (uint32_t k = t0; k < t1; k++)
        FOR_OCCS_AT(st, k, i) {
            const occ *o = &st->occs[i];
            const lex_entry *l = occ_lex(st, o);
            if (o->type == LEX_ORIG && l->target >= 0 && o->end <= t1 &&
                (named < 0 || (st->e->origs[named].kind == ORIG_MEDIA &&
                               st->e->origs[l->target].kind != ORIG_MEDIA)))
                named = l->target;
            if (o->type == LEX_ORIG_REF && o->end <= t1 && !ref)
                ref = l->ival;
        }
    if (named >= 0) {
        st->last_orig[st->e->origs[named].kind] = named;
        return named;
    }
    /* "the ministry": the latest named source of one of its kinds */
    int32_t best = -1;
    for (int k = 0; ref && k < ORIG_N_KINDS; k++)
        if ((ref & (1 << k)) && st->last_orig[k] > best)
            best = st->last_orig[k];
    return best;
}

/* The tokens of the speaker phrase just read, into h. */
#define SPEAKER_TOKENS(h)                                                          \
    do {                                                                           \
        if ((h)->has_speaker) {                                                    \
            (h)->sp_t0 = st->ph_t0;                                                \
            (h)->sp_t1 = st->ph_t1;                                                \
        }                                                                          \
    } while (0)

static int parse_cue(doc_state *st, const occ *o, uint32_t s0, uint32_t s1, cue_hit *h);

/* A speech verb whose speaker comes before it, ending right at token k
 * ("the agency said" before ", according to"), or NULL. */
static const occ *said_before(const doc_state *st, uint32_t s0, uint32_t k)
{
    uint32_t lo = k > s0 + 4 ? k - 4 : s0;
    FOR_OCCS(st, lo, k, o)
        if (o->type == LEX_CUE && o->end == k && (occ_lex(st, o)->flags & LEXF_CUE_BEFORE) &&
            !occ_lex(st, o)->aux && o->first > s0)
            return o;
    return NULL;
}

/* Sets h's originators from the phrases just read. */
static void cue_originators(doc_state *st, cue_hit *h, uint32_t sp0, uint32_t sp1, uint32_t v0,
                            uint32_t v1)
{
    h->sp_orig = h->has_speaker ? originator_of(st, sp0, sp1) : -1;
    h->via_orig = h->has_via ? originator_of(st, v0, v1) : -1;
}

int rk_claims_parse_cue(doc_state *st, const occ *o, uint32_t s0, uint32_t s1, cue_hit *h)
{
    int r = parse_cue(st, o, s0, s1, h);
    cue_originators(st, h, h->sp_t0, h->sp_t1, h->via_t0, h->via_t1);
    return r;
}

int rk_claims_agent(doc_state *st, uint32_t s0, uint32_t s1, cue_hit *h)
{
    /* the subject: within the sentence's first words, after a conjunction,
     * an article or a verb of the verb-first languages ("وتمكنت السلطات") */
    const occ *src = NULL;
    uint32_t lim = s0 + 3 < s1 ? s0 + 3 : s1;
    FOR_OCCS(st, s0, lim, q) {
        if (st->in_number[q->first] || st->in_speaker[q->first])
            break;
        if ((q->type == LEX_SOURCE || q->type == LEX_ORIG || q->type == LEX_ORIG_REF) &&
            (!src || (q->first == src->first && q->end > src->end)))
            src = q;
    }
    if (!src)
        return 0;
    /* "the ministry denied reports of 300 dead": a source that denies or
     * withdraws a figure does not give it */
    FOR_OCCS(st, s0, s1, q)
        if (q->type == LEX_DENY || q->type == LEX_RETRACT)
            return 0;
    for (uint32_t k = s0; k < src->first; k++)
        if (st->t->tokens[k].kind != RK_TOK_WORD || occ_of(st, k, LEX_NOT_SPEAKER))
            return 0; /* "In Greece, police ...", "وبعد إطلاق الرئيس", a heading "X:" */
    memset(h, 0, sizeof *h);
    h->first = h->end = src->first;
    h->clause = st->clause[src->first];
    h->stmt = st->stmt[src->first];
    h->flags = LEXF_CUE_CLAUSE;
    h->sp_t0 = src->first;
    h->sp_t1 = src->end;
    rk_text_orig_span(st->t, st->t->tokens[src->first].start, st->t->tokens[src->end - 1].end,
                      &h->sp_start, &h->sp_end);
    h->has_speaker = 1;
    h->sp_orig = originator_of(st, src->first, src->end);
    h->via_orig = -1;
    return 1;
}

/* Only a relayer is named: the figure is heard from it. */
static void relayer_speaks(cue_hit *h)
{
    if (h->has_speaker || !h->has_via)
        return;
    h->has_speaker = 1;
    h->has_via = 0;
    h->sp_start = h->via_start;
    h->sp_end = h->via_end;
    h->sp_t0 = h->via_t0;
    h->sp_t1 = h->via_t1;
}

/* The phrase [a0, a1) (tokens [t0, t1)) ended at the relay word at token
 * stop ("نقلت X عن Y", "X со ссылкой на Y"): X relays and the phrase after
 * the relay word speaks; with none after it, X speaks. */
static void relayed(doc_state *st, cue_hit *h, size_t a0, size_t a1, uint32_t t0, uint32_t t1,
                    uint32_t stop, uint32_t s1)
{
    h->has_via = a1 > a0;
    h->via_start = a0;
    h->via_end = a1;
    h->via_t0 = t0;
    h->via_t1 = t1;
    uint32_t s2, rend = stop + 1;
    int r2;
    has_type(st, stop, LEX_RELAY, &rend);
    h->has_speaker = phrase_after(st, rend, s1, NULL, &h->sp_start, &h->sp_end, &s2, &r2);
    SPEAKER_TOKENS(h);
    relayer_speaks(h);
}

static int parse_cue(doc_state *st, const occ *o, uint32_t s0, uint32_t s1, cue_hit *h)
{
    const lex_entry *l = occ_lex(st, o);
    memset(h, 0, sizeof *h);
    h->first = o->first;
    h->end = o->end;
    h->clause = st->clause[o->first];
    h->stmt = st->stmt[o->first];
    h->flags = l->flags;
    /* "По данным X, ...", "Selon ...": a cue opening its sentence, alone or
     * after a conjunction or a quote mark */
    h->opens = o->first == s0 ||
               (o->first == s0 + 1 && (st->t->tokens[s0].kind == RK_TOK_PUNCT ||
                                       occ_of(st, s0, LEX_STOP) || occ_of(st, s0, LEX_CONTINUE)));
    if (l->flags & LEXF_CUE_SELF) {
        /* "по разным данным": the words of the cue are its source, and no
         * phrase after it is read */
        rk_text_orig_span(st->t, st->t->tokens[o->first].start, st->t->tokens[o->end - 1].end,
                          &h->sp_start, &h->sp_end);
        h->sp_t0 = o->first;
        h->sp_t1 = o->end;
        h->has_speaker = 1;
        return 1;
    }
    if (l->flags & LEXF_CUE_NOPHRASE) {
        /* "saying", "مشيرة إلى": the sentence's own source before it goes
         * on ("وتمكنت السلطات من إنقاذ 104 ..., مشيرة إلى أن"), else the
         * last speaker */
        const occ *src = NULL;
        int cued = 0;
        FOR_OCCS(st, s0, o->first, q)
            cued |= q->type == LEX_CUE && st->stmt[q->first] == h->stmt;
        FOR_OCCS(st, s0, cued ? s0 : o->first, q)
            if ((q->type == LEX_SOURCE || q->type == LEX_ORIG || q->type == LEX_ORIG_REF) &&
                st->stmt[q->first] == h->stmt && !st->in_speaker[q->first] &&
                (!src || q->first > src->first || (q->first == src->first && q->end > src->end)))
                src = q;
        if (src) {
            rk_text_orig_span(st->t, st->t->tokens[src->first].start,
                              st->t->tokens[src->end - 1].end, &h->sp_start, &h->sp_end);
            h->sp_t0 = src->first;
            h->sp_t1 = src->end;
            h->has_speaker = 1;
        }
        return 1;
    }
    if ((l->flags & LEXF_CUE_BEFORE) && l->aux) {
        /* "The Health Ministry's figure of": a cue only after a possessive,
         * which is not part of the name */
        size_t cut = o->first > s0 ? possessive_at(st, o->first - 1, lex_aux(st->e, l)) : 0;
        if (!cut)
            return 0;
        h->has_speaker = phrase_before(st, o->first, s0, 0, cut, &h->sp_start, &h->sp_end, &h->sp_opens);
        SPEAKER_TOKENS(h);
        return h->has_speaker;
    }
    uint32_t stop;
    int relay;
    size_t a0, a1;
    uint32_t art_end;
    /* "bringing the confirmed toll to 81": after an article the word is an
     * adjective, not a verb of saying */
    if ((l->flags & LEXF_CUE_BEFORE) && o->first > s0 &&
        has_type(st, o->first - 1, LEX_ARTICLE, &art_end) && art_end == o->first)
        return 0;
    if (l->flags & LEXF_CUE_BEFORE) {
        h->has_speaker = phrase_before(st, o->first, s0, 0, 0, &h->sp_start, &h->sp_end, &h->sp_opens);
        SPEAKER_TOKENS(h);
        /* "..., says health minister", "..., сообщает Reuters": nothing
         * before the verb but a comma or the start of the sentence, so the
         * speaker follows it */
        if (!h->has_speaker && (o->first == s0 || st->t->tokens[o->first - 1].kind == RK_TOK_PUNCT))
            h->has_speaker = phrase_after(st, o->end, s1, NULL, &h->sp_start, &h->sp_end, &stop,
                                          &relay);
        SPEAKER_TOKENS(h);
        return 1;
    }
    if (l->flags & LEXF_CUE_BACK) { /* "Reuters, citing state TV" */
        uint32_t k = o->first;
        if (k > s0 && st->t->tokens[k - 1].kind == RK_TOK_PUNCT)
            k--;
        const occ *verb = (l->flags & LEXF_CUE_SAID_VIA) ? said_before(st, s0, k) : NULL;
        if (verb) {
            /* "the agency said, according to a wire service": the agency
             * speaks, the wire service relays */
            h->has_via = phrase_after(st, o->end, s1, lex_aux(st->e, l), &h->via_start,
                                      &h->via_end, &stop, &relay);
            if (h->has_via) {
                h->via_t0 = st->ph_t0;
                h->via_t1 = st->ph_t1;
            }
            h->has_speaker =
                phrase_before(st, verb->first, s0, 0, 0, &h->sp_start, &h->sp_end, NULL);
            SPEAKER_TOKENS(h);
            relayer_speaks(h);
            return 1;
        }
        h->has_speaker = phrase_after(st, o->end, s1, lex_aux(st->e, l), &h->sp_start,
                                      &h->sp_end, &stop, &relay);
        SPEAKER_TOKENS(h);
        if (h->has_speaker && relay) {
            /* "..., передает телеканал со ссылкой на МВД": the phrase ends at
             * a relay word, so it relays and the one after speaks */
            relayed(st, h, h->sp_start, h->sp_end, h->sp_t0, h->sp_t1, stop, s1);
            if (h->has_via)
                return 1;
        }
        if (h->has_speaker)
            h->has_via = phrase_before(st, k, s0, 1, 0, &h->via_start, &h->via_end, NULL);
        if (h->has_via) {
            h->via_t0 = st->ph_t0;
            h->via_t1 = st->ph_t1;
        }
        return 1;
    }
    uint32_t at0 = 0, at1 = 0;
    int got = phrase_after(st, o->end, s1, lex_aux(st->e, l), &a0, &a1, &stop, &relay);
    if (got) {
        at0 = st->ph_t0;
        at1 = st->ph_t1;
    }
    if (!got) {
        /* "للوزير الذي قال في وقت سابق": no phrase after the verb, so its
         * speaker is named before the relative */
        uint32_t end;
        if (!relay && o->first > s0 + 1 && has_type(st, o->first - 1, LEX_RELATIVE, &end) &&
            end == o->first) {
            h->has_speaker = phrase_before(st, o->first - 1, s0, 0, 0, &h->sp_start, &h->sp_end, NULL);
            SPEAKER_TOKENS(h);
            return 1;
        }
        /* "نقلت عن X" or a bare "قال عن": the speaker may still follow. */
        if (!relay)
            return 1;
        a0 = a1 = 0;
    }
    if ((l->flags & LEXF_CUE_RELAY) && relay) {
        relayed(st, h, a0, a1, at0, at1, stop, s1);
        return 1;
    }
    h->has_speaker = a1 > a0;
    h->sp_start = a0;
    h->sp_end = a1;
    h->sp_t0 = at0;
    h->sp_t1 = at1;
    return 1;
}

/* ---- which cue speaks for a number, and its date -------------------------- */

/* The statement of token a holds a hedge: a writer's own surmise after a
 * semicolon ("؛ ..., ربما قُتل عشرات"), which no source before it covers. */
static int hedged_statement(const doc_state *st, const sent_state *ss, uint32_t a)
{
    uint32_t s = st->stmt[a], lo = a, hi = a;
    while (lo > ss->s0 && st->stmt[lo - 1] == s)
        lo--;
    while (hi < ss->s1 && st->stmt[hi] == s)
        hi++;
    FOR_OCCS(st, lo, hi, o)
        if (o->type == LEX_HEDGE)
            return 1;
    return 0;
}

/* A relay-only cue after the number in its sentence ("..., وفق ما نقلته
 * قناة خبر"), or NULL. */
static const cue_hit *relayer_after(const doc_state *st, const sent_state *ss, uint32_t b)
{
    for (size_t i = 0; i < ss->n_cues; i++)
        if ((ss->cues[i].flags & LEXF_CUE_VIAONLY) && ss->cues[i].first >= b &&
            ss->cues[i].has_speaker)
            return &ss->cues[i];
    return NULL;
}

/* Numbers come in text order, so the cues before the current one are a
 * prefix of the sentence's cues: a cursor keeps the search local. */
static const cue_hit *find_cue(const doc_state *st, sent_state *ss, uint32_t a, uint32_t b)
{
    uint32_t stmt = st->stmt[a], clause = st->clause[a];
    while (ss->cue_cursor < ss->n_cues && ss->cues[ss->cue_cursor].first < a)
        ss->cue_cursor++;
    /* "..., according to Y" after the figure speaks for it, ahead of any cue
     * before it; at most one other cue may come between ("AFP reported,
     * citing Y"). */
    for (size_t i = ss->cue_cursor; i < ss->n_cues; i++) {
        const cue_hit *h = &ss->cues[i];
        if (h->stmt != st->stmt[b - 1])
            break;
        if ((h->flags & LEXF_CUE_BACK) && h->first >= b && h->has_speaker) {
            /* "..., передает телеканал \"Хабар\" со ссылкой на МВД": the next
             * cue took this one's speaker as its relayer, and speaks */
            const cue_hit *n = i + 1 < ss->n_cues ? &ss->cues[i + 1] : NULL;
            if (n && n->stmt == h->stmt && (n->flags & LEXF_CUE_BACK) && n->has_speaker &&
                n->first >= h->end && n->first <= h->sp_t1 + 3)
                return n;
            return h;
        }
    }
    for (size_t i = ss->cue_cursor; i-- > 0;) {
        const cue_hit *h = &ss->cues[i];
        if (h->flags & LEXF_CUE_VIAONLY)
            continue;
        if (h->stmt != stmt && (!h->opens || hedged_statement(st, ss, a)))
            continue;
        if ((h->flags & LEXF_CUE_CLAUSE) && h->clause != clause)
            continue;
        return h;
    }
    /* A cue after the number covers it only when its speaker comes first
     * ("..., police said"): "قال X" opens what follows, not what precedes.
     * A speaker that opens its clause (", the FIA said") is the sentence's
     * attribution; one inside a clause ("families who came forward to
     * say") is taken only when there is no such. */
    const cue_hit *first = NULL;
    for (size_t i = ss->cue_cursor; i < ss->n_cues; i++) {
        const cue_hit *h = &ss->cues[i];
        if (h->stmt != st->stmt[b - 1])
            break;
        if (h->first >= b && (h->flags & LEXF_CUE_BEFORE) &&
            (!(h->flags & LEXF_CUE_CLAUSE) || h->clause == st->clause[b - 1])) {
            if (h->has_speaker && h->sp_opens)
                return h;
            if (!first)
                first = h;
        }
    }
    if (first)
        return first;
    /* none of its own: the source the sentence goes on with, if any, else
     * the source that did what is counted, in the figure's own clause */
    if (ss->has_carried)
        return &ss->carried;
    if (ss->has_agent && ss->agent.first < a && ss->agent.clause == clause)
        return &ss->agent;
    return NULL;
}

/* A date of an earlier claim into a draft's buffer; "" for none. */
static void copy_date(char dst[24], const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= 24)
        n = 0; /* not one of ours */
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

/* A toll word in tokens [from, to): "a figure that has since risen to". */
static int toll_between(const doc_state *st, uint32_t from, uint32_t to)
{
    FOR_OCCS(st, from, to, o)
        if (o->type == LEX_TOLL)
            return 1;
    return 0;
}

/* "As of 13 June, 79 had died", «حتى 13 يونيو»: a date written with its
 * month in the number's clause dates it; the year is the one written with
 * it, else the publication's (the latest such day not after it), else
 * unknown: "--06-13", which reconcile dates by the corpus. */
/* 1 when the written date in tokens [f, e) is the day of the statement
 * h: right after its cue or its speaker, or right before either, at most
 * one word between ("said on 14 June that", «14 июня сообщила», «قال خفر
 * السواحل في 14 يونيو إن», "the ministry on 14 June said"). A statement
 * made on a day holds its figures as of that day. */
static int date_of_statement(const doc_state *st, const cue_hit *h, uint32_t f, uint32_t e)
{
    if (!h || h->stmt != st->stmt[f])
        return 0;
    uint32_t ends[2] = {h->end, h->has_speaker ? h->sp_t1 : h->end};
    uint32_t starts[2] = {h->first, h->has_speaker ? h->sp_t0 : h->first};
    for (int i = 0; i < 2; i++) {
        uint32_t x = ends[i], y = starts[i];
        if (f == x || (f == x + 1 && st->t->tokens[x].kind == RK_TOK_WORD && !st->in_number[x]))
            return 1;
        if (e == y || (e + 1 == y && st->t->tokens[e].kind == RK_TOK_WORD && !st->in_number[e]))
            return 1;
    }
    return 0;
}

static void date_written(const doc_state *st, const sent_state *ss, const cue_hit *h, uint32_t a,
                         uint32_t b, draft *d)
{
    uint32_t gap = UINT32_MAX;
    size_t bi = SIZE_MAX;
    for (size_t i = 0; i < ss->n_dates; i++) {
        uint32_t f = ss->dates[i].first, e = ss->dates[i].end;
        /* after an as-of word ("as of", «حتى», «по состоянию на утро»), or
         * opening the sentence ("On 13 June, ..."): the day a count holds
         * for; any other date is an event's ("the blast on August 4") */
        int anchored = f <= ss->s0 + 1 || date_of_statement(st, h, f, e);
        for (uint32_t k = f > ss->s0 + 5 ? f - 5 : ss->s0; !anchored && k < f; k++) {
            const occ *o = occ_of(st, k, LEX_AS_OF);
            anchored = o && o->end <= f && f - o->end <= 1;
        }
        if (!anchored)
            continue;
        /* in the number's clause, or opening its statement before it with
         * no other figure between ("As of June 13, 79 had died") */
        int opening = e <= a && st->stmt[f] == st->stmt[a] &&
                      (f == ss->s0 || st->stmt[f - 1] != st->stmt[f] || f <= ss->s0 + 2);
        for (uint32_t k = e; opening && k < a; k++)
            opening = st->in_number[k] != 3;
        if (st->clause[f] != st->clause[a] && st->clause[e - 1] != st->clause[b - 1] && !opening)
            continue;
        uint32_t g = e <= a ? a - e : f >= b ? f - b : 0;
        if (g < gap) {
            gap = g;
            bi = i;
        }
    }
    if (bi == SIZE_MAX)
        return;
    int y = ss->dates[bi].year, m = ss->dates[bi].month;
    int d0 = ss->dates[bi].day0, d1 = ss->dates[bi].day1;
    if (!y && st->pub_days != INT32_MIN) {
        char pub[16] = {0};
        rk_claims_format_date(st->pub_days, pub);
        y = atoi(pub);
        char probe[32];
        snprintf(probe, sizeof probe, "%04d-%02d-%02d", y, m, d1);
        if (rk_claims_parse_date(probe) > st->pub_days + 1)
            y--; /* "on 30 December" read in January */
    }
    if (y) {
        snprintf(d->as_of, sizeof d->as_of, "%04d-%02d-%02d", y, m, d1);
        if (rk_claims_parse_date(d->as_of) == INT32_MIN) {
            d->as_of[0] = '\0';
            return;
        }
        if (d0 != d1)
            snprintf(d->as_of_from, sizeof d->as_of_from, "%04d-%02d-%02d", y, m, d0);
    } else {
        snprintf(d->as_of, sizeof d->as_of, "--%02d-%02d", m, d1);
        if (d0 != d1)
            snprintf(d->as_of_from, sizeof d->as_of_from, "--%02d-%02d", m, d0);
    }
}

/* The quantity whose id (the engine's own string) is id, or NULL. The
 * compiler refuses a second quantity of an id, so the first found is the
 * only one; the one found last on this thread is looked at first (a
 * document's figures are mostly of a few quantities). */
static const quantity_def *quantity_of(const rk_engine *e, const char *id)
{
    static _Thread_local size_t last;
    if (!id)
        return NULL;
    if (rk_claims_shortcuts && last < e->n_quantities && e->quantities[last].id == id)
        return &e->quantities[last];
    const quantity_def *q = NULL;
    for (size_t i = 0; i < e->n_quantities; i++)
        if (e->quantities[i].id == id) {
            q = &e->quantities[i];
            last = i;
            if (rk_claims_shortcuts)
                break;
        }
    return q;
}

/* Speaker, relayer and date of the claim c, into d. */
void rk_claims_attribute_and_date(const doc_state *st, sent_state *ss, const rk_claim *prev,
                                  uint32_t a, uint32_t b, const rk_claim *c, draft *d)
{
    const quantity_def *q = quantity_of(st->e, c->quantity);
    const cue_hit *h = find_cue(st, ss, a, b);
    if (h == &ss->agent && !c->quantity)
        h = NULL; /* the doer gives the event's counts, not every number */
    d->orig = -1;
    if (q && !q->dated) /* an age or a length is background, not a sourced figure of a day */
        return;
    if (h && h->has_speaker) {
        d->has_speaker = 1;
        d->sp_start = h->sp_start;
        d->sp_end = h->sp_end;
        d->orig = h->sp_orig;
    }
    if (h && h->has_via) {
        d->has_via = 1;
        d->via_start = h->via_start;
        d->via_end = h->via_end;
    }
    const cue_hit *r = relayer_after(st, ss, b);
    if (r && !d->has_via && (!h || r != h)) {
        d->has_via = 1;
        d->via_start = r->sp_start;
        d->via_end = r->sp_end;
        if (!d->has_speaker) { /* only the relayer is named */
            d->has_speaker = 1;
            d->sp_start = r->sp_start;
            d->sp_end = r->sp_end;
            d->orig = r->sp_orig;
            d->has_via = 0;
        }
    }
    const occ *tc = rk_claims_find_time(st, ss, a, b);
    /* "eight killed on Tuesday and Wednesday, a figure that has since risen
     * to 18": the toll named again after the date is a later value, not
     * that day's (a date that follows an earlier figure is that figure's) */
    if (tc && tc->end <= a && prev && st->stmt[ss->prev_tok] == st->stmt[a] &&
        ss->prev_tok < tc->first && toll_between(st, tc->end, a))
        tc = NULL;
    if (!tc && h && h->first >= b) /* "..., the ministry said on Thursday" */
        tc = rk_claims_time_after_cue(st, h);
    if (tc)
        rk_claims_date_from_cue(st, tc, d);
    if (!d->as_of[0] && c->kind != RK_KIND_MEASURE && (!q || q->dated))
        date_written(st, ss, h, a, b, d);
    if (d->as_of[0])
        return;
    if (h && (h->flags & LEXF_CUE_ASOF_PUB) && st->pub_days != INT32_MIN) {
        rk_claims_format_date(st->pub_days, d->as_of);
        return;
    }
    int dated = c->kind != RK_KIND_MEASURE && (!q || q->dated);
    if (dated && ss->year_tok >= 0 && st->clause[ss->year_tok] == st->clause[a]) {
        int y = (int)ss->year;
        rk_fmt_u64(y < 0 ? 0u : (uint64_t)y, 4, d->as_of);
        return;
    }
    /* Figures of one statement share its date (ours: they fit the draft). */
    if (dated && prev && st->stmt[a] == st->stmt[ss->prev_tok] &&
        !toll_between(st, ss->prev_tok, a)) {
        if (prev->as_of) {
            copy_date(d->as_of, prev->as_of);
            copy_date(d->as_of_from, prev->as_of_from);
        }
        d->earlier |= prev->earlier; /* "earlier, 25 killed and 2,500 hurt" */
    }
}

/* ---- withdrawn, denied, corrected ----------------------------------------- */

/* A speech cue (not a possessive's "figure of") starts in tokens [from, to). */
static int cue_between(const doc_state *st, uint32_t from, uint32_t to)
{
    FOR_OCCS(st, from, to, o)
        if (o->type == LEX_CUE && !occ_lex(st, o)->aux) /* not "'s figure of" */
            return 1;
    return 0;
}

/* The figure a withdrawal or denial word o is about: the nearest claimable
 * number of its statement, leaving out one that a speech verb after o
 * introduces ("withdrew a statement of 310 dead, saying it was published in
 * error, and confirmed that 171 died": the 171 stands). UINT32_MAX if none. */
static uint32_t withdrawn_figure(const doc_state *st, const sent_state *ss, const occ *o)
{
    uint32_t stmt = st->stmt[o->first], best = UINT32_MAX, pos = UINT32_MAX;
    for (uint32_t k = ss->s0; k < ss->s1; k++) {
        if (st->in_number[k] != 3 || st->stmt[k] != stmt)
            continue;
        if (k >= o->end && cue_between(st, o->end, k))
            continue;
        uint32_t dist = k < o->first ? o->first - k : k >= o->end ? k - o->end + 1 : 0;
        if (dist < best) {
            best = dist;
            pos = k;
        }
    }
    return pos;
}

void rk_claims_status(doc_state *st, const sent_state *ss, uint32_t a, uint32_t b, draft *d)
{
    if (!(ss->types & (LEX_BIT(LEX_RETRACT) | LEX_BIT(LEX_DENY))))
        return; /* no withdrawal or denial word in the sentence */
    uint32_t stmt = st->stmt[a];
    /* a withdrawal or a denial is about the figure nearest to it: "the
     * government disowned a toll of 164" says nothing of the 8,000 detained
     * named before; of the statement's such words, the nearest one that is
     * about this figure */
    const occ *cue = NULL;
    FOR_OCCS(st, ss->s0, ss->s1, o) {
        if ((o->type != LEX_RETRACT && o->type != LEX_DENY) || st->stmt[o->first] != stmt)
            continue;
        uint32_t pos = withdrawn_figure(st, ss, o);
        if (pos < a || pos >= b)
            continue;
        if (!cue || (o->first < a ? a - o->end : o->first - b) <
                        (cue->first < a ? a - cue->end : cue->first - b))
            cue = o;
    }
    if (!cue)
        return;
    d->status = cue->type == LEX_RETRACT ? RK_STATUS_RETRACTED : RK_STATUS_DISPUTED;
    size_t os, oe;
    uint32_t stop;
    int relay;
    uint8_t opens;
    /* "the health ministry withdrew a figure of 164", "X denied that ...";
     * Arabic puts the denier after its verb: "نفت الوزارة ...", «سحبت وزارة
     * الصحة ...». Of the statement's withdrawal words, the nearest that
     * names someone: "published in error" names nobody, the verb before
     * it may. */
    int named = 0;
    if (phrase_before(st, cue->first, ss->s0, 0, 0, &os, &oe, &opens) ||
        (cue->type == LEX_DENY && phrase_after(st, cue->end, ss->s1, NULL, &os, &oe, &stop,
                                               &relay)))
        named = 1;
    FOR_OCCS(st, ss->s0, ss->s1, o) {
        if (named)
            break;
        if (o == cue || o->type != cue->type || st->stmt[o->first] != stmt)
            continue;
        named = phrase_before(st, o->first, ss->s0, 0, 0, &os, &oe, &opens) ||
                phrase_after(st, o->end, ss->s1, NULL, &os, &oe, &stop, &relay);
    }
    if (named) {
        d->has_status_by = 1;
        d->by_start = os;
        d->by_end = oe;
    } else if (d->has_speaker) { /* "was withdrawn": by whoever gave it */
        d->has_status_by = 1;
        d->by_start = d->sp_start;
        d->by_end = d->sp_end;
    }
}
