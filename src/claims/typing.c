/* typing.c - what a number counts: its quantity (from the predicate that
 * governs it, its own noun, a running toll or its subject's class), who is
 * counted, the unit, the place it is restricted to and whether it is
 * hedged. */
#include "engine_int.h"
#include "shortcut.h"

#include <string.h>

int rk_claims_shortcuts = 1;

int rk_claims_set_shortcuts(int on)
{
    int was = rk_claims_shortcuts;
    rk_claims_shortcuts = on != 0;
    return was;
}

/* True when the number's own noun, within three words after it in its
 * clause and before any subject or predicate, is a thing ("six former
 * Soviet states", "37 vehicles belonging to the security forces"): it
 * counts that, not people named elsewhere in the sentence. */
static int counts_thing(const doc_state *st, const sent_state *ss, uint32_t b)
{
    for (uint32_t k = b; k < ss->s1 && k < b + 3 && st->clause[k] == st->clause[b]; k++) {
        if (occ_of(st, k, LEX_THING))
            return 1;
        if (occ_of(st, k, LEX_SUBJ) || occ_of(st, k, LEX_PRED) || st->in_number[k])
            return 0;
    }
    return 0;
}

/* A named person right before the number, past one comma or opening
 * parenthesis ("Tokayev, 68,", "نزار باييف (81 عامًا)"), or NULL. */
static const occ *person_before(const doc_state *st, const sent_state *ss, uint32_t a)
{
    uint32_t k = a;
    if (k > ss->s0 && st->t->tokens[k - 1].kind == RK_TOK_PUNCT)
        k--;
    uint32_t lo = k > ss->s0 + st->e->max_phrase ? k - st->e->max_phrase : ss->s0;
    for (uint32_t j = k; j-- > lo;) {
        const occ *o = occ_of(st, j, LEX_SUBJ);
        if (o && o->end == k && st->e->classes[occ_lex(st, o)->target].person)
            return o;
    }
    return NULL;
}

/* The nearest named person of the sentence whose class counts quantity q
 * ("نزارباييف، البالغ من العمر 81 عاما"), or -1. */
static int person_for(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b, int q)
{
    pick p = {0};
    int w = st->ds->window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        if (o->type != LEX_SUBJ)
            continue;
        const lex_entry *l = occ_lex(st, o);
        if (st->e->classes[l->target].person &&
            st->e->classes[l->target].quantity_index == q)
            consider(&p, o, a, b);
    }
    return p.o ? occ_lex(st, p.o)->target : -1;
}

/* The noun a number follows instead of preceding: "Syrians (47)", "مصري
 * واحد" (one Egyptian: Arabic puts one and two after the noun). NULL if
 * none. */
static const occ *noun_before(const doc_state *st, const sent_state *ss, uint32_t a,
                              const rk_claim *c)
{
    uint32_t k = a, end;
    int bracket = k > ss->s0 && punct_is(st, k - 1, '(');
    if (bracket)
        k--;
    else if (st->t->tokens[a].kind == RK_TOK_NUMBER || !st->in_number[a] || !c->has_low ||
             c->low != c->high || (c->low != 1 && c->low != 2))
        return NULL; /* digits follow their noun only in brackets, number
                        words only when they are one or two; a comparator
                        before the number is no noun's place */
    uint32_t lo = k > ss->s0 + st->e->max_phrase ? k - st->e->max_phrase : ss->s0;
    for (uint32_t j = k; j-- > lo;) {
        const occ *o = occ_of(st, j, LEX_SUBJ);
        end = o ? o->end : 0;
        if (o && end == k && !st->e->classes[occ_lex(st, o)->target].person &&
            !(occ_lex(st, o)->flags & LEXF_NEAR))
            return o;
    }
    return NULL;
}

/* Token k holds a noun the subject word at o is a modifier of: "migrant
 * boat", "قارب مهاجرين" (a boat of migrants) count the boat. */
static int modifies_thing(const doc_state *st, const occ *o)
{
    const occ *x;
    if (o->first > 0 && ((x = occ_of(st, o->first - 1, LEX_THING)) ||
                         ((x = occ_of(st, o->first - 1, LEX_SUBJ)) &&
                          !st->e->classes[occ_lex(st, x)->target].person &&
                          st->e->classes[occ_lex(st, x)->target].unit &&
                          strcmp(st->e->classes[occ_lex(st, x)->target].unit, "person") != 0)))
        return x->end == o->first;
    if ((x = occ_of(st, o->end, LEX_THING)))
        return 1;
    if ((x = occ_of(st, o->end, LEX_SUBJ)))
        return st->e->classes[occ_lex(st, x)->target].unit &&
               strcmp(st->e->classes[occ_lex(st, x)->target].unit, "person") != 0;
    return 0;
}

/* A subject named away from the number, in its clause, for a count with no
 * noun of its own: "Eighteen members of Kazakhstan's security forces have
 * been killed". Not a thing ("the boat"), not a word that only qualifies a
 * thing ("migrant boat"), and not when the number has an unknown noun of its
 * own ("750 رجلا وامرأة وطفل" counts men, not women). NULL if none. */
static const occ *far_subject(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b)
{
    uint32_t k = rk_claims_past_aside(st, b, ss->s1);
    if (k < ss->s1 && st->t->tokens[k].kind == RK_TOK_WORD && !st->in_number[k] &&
        st->occ_from[k] == st->occ_from[k + 1] && st->clause[k] == st->clause[b - 1] &&
        !(k + 1 < ss->s1 && occ_of(st, k + 1, LEX_OF)))
        return NULL; /* an unknown noun of its own, not "N members of X": it
                        counts that */
    /* "قدرت المراجع أعدادها بعشرين ألفا": "their number" points back past
     * the clause, to whom the sentence named before */
    int back = 0;
    uint32_t ca = a;
    while (ca < b && !st->in_number[ca])
        ca++;
    if (ss->types & LEX_BIT(LEX_TOLL))
        FOR_OCCS(st, lo_of(ss, a, st->ds->window), ca, o)
            back |= o->type == LEX_TOLL && st->clause[o->first] == st->clause[ca];
    pick p = {0};
    int w = st->ds->window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        if (o->type != LEX_SUBJ || (o->first >= a && o->first < b) || st->in_speaker[o->first] ||
            (!in_clause(st, o, a, b) && !back) || rk_claims_counts_later(st, o, b))
            continue;
        const lex_entry *l = occ_lex(st, o);
        const class_def *c = &st->e->classes[l->target];
        if (c->person || (l->flags & LEXF_NEAR) || c->nationals ||
            (c->unit && strcmp(c->unit, "person") != 0) || modifies_thing(st, o))
            continue;
        consider(&p, o, a, b);
    }
    return p.o;
}

/* True when an occurrence of type at token k ends at token e. */
static int has_occ_ending(const doc_state *st, uint32_t k, lex_type type, uint32_t e,
                          uint32_t *end)
{
    const occ *o = occ_of(st, k, type);
    *end = o ? o->end : 0;
    return o && o->end == e;
}

/* What an engine's quantities give every claim alike, read once per
 * engine on each thread (an engine's serial names it alone, and its
 * quantities do not change): the default subject classes among the first
 * MEMO_CLASSES classes, and the default quantity of each number kind. */
#define MEMO_CLASSES 1024
static _Thread_local struct {
    uint64_t serial;             /* the engine read; 0: none */
    uint8_t generic[MEMO_CLASSES / 8]; /* bit k: class k is some quantity's subject */
    uint8_t known;               /* bit kind: dflt[kind] was read */
    const quantity_def *dflt[8];
} memo;

static void memo_for(const rk_engine *e)
{
    if (memo.serial == e->serial)
        return;
    memset(&memo, 0, sizeof memo);
    memo.serial = e->serial;
    for (size_t i = 0; i < e->n_quantities; i++) {
        int k = e->quantities[i].subject_class;
        if (k >= 0 && k < MEMO_CLASSES)
            memo.generic[k >> 3] |= (uint8_t)(1u << (k & 7));
    }
}

/* True when class k is the default subject of some quantity ("people"):
 * a noun that says nothing of who they are. */
static int generic_class(const rk_engine *e, int k)
{
    if (rk_claims_shortcuts && k >= 0 && k < MEMO_CLASSES) {
        memo_for(e);
        return (memo.generic[k >> 3] >> (k & 7)) & 1;
    }
    for (size_t i = 0; i < e->n_quantities; i++)
        if (e->quantities[i].subject_class == k)
            return 1;
    return 0;
}

/* Nationals named at token k, past fillers ("were", "كانوا"): "181 people
 * [were] from Pakistan", "12 were Pakistanis". NULL if none. */
static const occ *nationals_at(const doc_state *st, const sent_state *ss, uint32_t k)
{
    uint32_t end;
    const occ *o;
    for (int i = 0; i < 3 && k < ss->s1; i++) {
        if ((o = occ_of(st, k, LEX_SUBJ)))
            return st->e->classes[occ_lex(st, o)->target].nationals ? o : NULL;
        if (!(o = occ_of(st, k, LEX_FILLER)))
            return NULL;
        end = o->end;
        k = end;
    }
    return NULL;
}

/* Token k is a word of a script with capitals that the rules read as
 * nothing: a modifier a noun may stand after ("military" of "two military
 * aircraft", «военных» of «два военных самолёта»). Scripts without
 * capitals put the noun first. */
static int modifier_word(const doc_state *st, const sent_state *ss, uint32_t k)
{
    const rk_token *tk = &st->t->tokens[k];
    if (k >= ss->s1 || tk->kind != RK_TOK_WORD || st->in_number[k] || st->in_speaker[k] ||
        (tk->script != RK_SCRIPT_LATIN && tk->script != RK_SCRIPT_CYRILLIC))
        return 0;
    if (st->occ_types[k])
        return 0;
    uint32_t j = cover_head(st, k);
    if (j < k && j + 8 > k)
        FOR_OCCS_AT(st, j, i)
            if (st->occs[i].end > k) /* inside a phrase the rules know */
                return 0;
    return 1;
}

/* The subject noun after one or two modifiers at token k ("two military
 * aircraft", "three small boats", «два военных самолёта»), in k's clause,
 * or NULL. */
static const occ *subject_past_modifiers(const doc_state *st, const sent_state *ss, uint32_t k)
{
    for (uint32_t j = k; j < k + 2 && modifier_word(st, ss, j); j++) {
        const occ *o;
        if (j + 1 < ss->s1 && st->clause[j + 1] == st->clause[k] &&
            (o = occ_of(st, j + 1, LEX_SUBJ)))
            return o;
    }
    return NULL;
}

/* The subject class of the number at [a, b), or -1. *anaphor is set when it
 * points back at the previous claim ("اثنين منهم"); *far is 1 when the
 * subject was found away from the number, 2 when that was a troop noun. */
static int find_subject(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                        const rk_claim *c, int *anaphor, int *far)
{
    uint8_t kind = c->kind;
    *anaphor = 0;
    *far = 0;
    FOR_OCCS(st, a, b, o) { /* the number is the noun: "جنديين" */
        if (o->type == LEX_SUBJ)
            return rk_claims_subject_class(st, o);
    }
    const occ *o;
    if ((o = person_before(st, ss, a)))
        return occ_lex(st, o)->target;
    b = rk_claims_past_aside(st, b, ss->s1); /* 26 "armed criminals" */
    if (b < ss->s1) {
        const occ *n;
        if ((o = occ_of(st, b, LEX_SUBJ))) {
            int k = rk_claims_subject_class(st, o);
            /* "181 people from Pakistan": who they are, after a noun that
             * says nothing of it */
            if (generic_class(st->e, k) && (n = nationals_at(st, ss, o->end)))
                return occ_lex(st, n)->target;
            return k;
        }
        if ((n = nationals_at(st, ss, b)))
            return occ_lex(st, n)->target;
        if ((o = rk_claims_of_subject(st, ss, b)))
            return rk_claims_subject_class(st, o);
        if ((o = subject_past_modifiers(st, ss, b)))
            return rk_claims_subject_class(st, o);
        if (occ_of(st, b, LEX_ANAPHOR)) {
            *anaphor = 1;
            return -1;
        }
    }
    /* "عدد المصابين منهم أكثر من 700": "of them" after the noun that governs
     * the number */
    for (uint32_t j = a > ss->s0 + 4 ? a - 4 : ss->s0;
         (ss->types & LEX_BIT(LEX_ANAPHOR)) && j < a; j++) {
        const occ *an = occ_of(st, j, LEX_ANAPHOR), *pr;
        if (an && j > ss->s0 && (pr = occ_of(st, j - 1, LEX_PRED)) && pr->end == j &&
            st->clause[j] == st->clause[a]) {
            *anaphor = 1;
            return -1;
        }
    }
    if (b < ss->s1) {
        /* past the number's own event noun: "4 ملايين نسمة (...) من الروس",
         * "18 قتيلا من الشرطة" */
        if ((o = occ_of(st, b, LEX_PRED)) && (o = rk_claims_of_subject(st, ss, rk_claims_past_aside(st, o->end, ss->s1))))
            return rk_claims_subject_class(st, o);
    }
    if ((o = noun_before(st, ss, a, c)))
        return rk_claims_subject_class(st, o);
    /* Only a count takes a subject from further away: "7600 كلم" near
     * "المدنيين" is not a number of civilians. */
    if (kind != RK_KIND_COUNT || (b < ss->s1 && counts_thing(st, ss, b)))
        return -1;
    /* the whole of a partitive ("120 of the 5,000 injured are in critical
     * condition") is not who the clause then names */
    uint32_t end;
    if (a > ss->s0 && (has_occ_ending(st, a - 1, LEX_OF, a, &end) ||
                       (a > ss->s0 + 1 && (has_occ_ending(st, a - 2, LEX_OF, a, &end) ||
                                           (occ_of(st, a - 1, LEX_ARTICLE) &&
                                            has_occ_ending(st, a - 2, LEX_OF, a - 1, &end))))))
        return -1;
    *far = 1;
    if ((o = far_subject(st, ss, a, b))) {
        /* a troop noun elsewhere in the sentence does not make "74 رحلة" a
         * deployment: only the number's own noun types it as troops */
        *far = (occ_lex(st, o)->flags & LEXF_TROOP) ? 2 : 1;
        return rk_claims_subject_class(st, o);
    }
    return -1;
}


/* The quantity a measure's unit makes it ("75 km": distance), or NULL. */
static const quantity_def *unit_quantity(const rk_engine *e, const char *unit)
{
    for (size_t i = 0; unit && i < e->n_quantities; i++)
        if (quantity_lists_unit(&e->quantities[i], unit))
            return &e->quantities[i];
    return NULL;
}

static const quantity_def *default_quantity_scan(const rk_engine *e, uint8_t kind)
{
    for (size_t i = 0; i < e->n_quantities; i++)
        if (e->quantities[i].default_for & (1u << kind))
            return &e->quantities[i];
    return NULL;
}

static const quantity_def *default_quantity(const rk_engine *e, uint8_t kind)
{
    if (!rk_claims_shortcuts || kind >= 8)
        return default_quantity_scan(e, kind);
    memo_for(e);
    if (!(memo.known & (1u << kind))) {
        memo.dflt[kind] = default_quantity_scan(e, kind);
        memo.known |= (uint8_t)(1u << kind);
    }
    return memo.dflt[kind];
}

/* True when a toll word precedes the number in its clause ("الحصيلة ...
 * إلى 18") or an anaphor sits right before it ("بينهم 103"). */
static int names_toll_again(const doc_state *st, const sent_state *ss, uint32_t a)
{
    if (!(ss->types & (LEX_BIT(LEX_ANAPHOR) | LEX_BIT(LEX_TOLL))))
        return 0;
    if (a > ss->s0) {
        uint32_t lo = a > ss->s0 + st->e->max_phrase ? a - st->e->max_phrase : ss->s0;
        for (uint32_t j = a; j-- > lo;) {
            const occ *o = occ_of(st, j, LEX_ANAPHOR);
            if (o && o->end == a)
                return 1;
        }
    }
    FOR_OCCS(st, lo_of(ss, a, st->ds->window), a, o) {
        if (o->type == LEX_TOLL && st->clause[o->first] == st->clause[a])
            return 1;
    }
    return 0;
}

/* "killed and more than 3,000 people detained": after a clause-opening
 * "and" (a one-word stop) or punctuation, the number's own predicate is the
 * one after it in its clause. */
static const occ *own_clause_pred(const doc_state *st, const sent_state *ss, uint32_t a,
                                  uint32_t b, uint8_t kind)
{
    if (a <= ss->s0)
        return NULL;
    const occ *s = occ_of(st, a - 1, LEX_STOP);
    if (!(s && s->end == a) && st->t->tokens[a - 1].kind != RK_TOK_PUNCT)
        return NULL;
    FOR_OCCS(st, b, hi_of(ss, b, st->ds->window), o) {
        const lex_entry *l = occ_lex(st, o);
        if (st->clause[o->first] != st->clause[b - 1])
            return NULL;
        if (l->type == LEX_PRED && (st->e->quantities[l->target].kinds & (1u << kind)))
            return o;
    }
    return NULL;
}

/* The first predicate accepting kind in [from, the window after it) of
 * clause cl, or NULL. */
static const occ *pred_after(const doc_state *st, const sent_state *ss, uint32_t from,
                             uint32_t cl, uint8_t kind)
{
    FOR_OCCS(st, from, hi_of(ss, from, st->ds->window), o) {
        const lex_entry *l = occ_lex(st, o);
        if (st->clause[o->first] != cl)
            return NULL;
        if (l->type == LEX_PRED && (st->e->quantities[l->target].kinds & (1u << kind)))
            return o;
    }
    return NULL;
}

/* '26 "armed criminals" and 18 members of the security forces had died':
 * counts joined by a one-word stop in one clause share the predicate after
 * the last of them. Returns that predicate, or NULL. */
static const occ *coordinated_pred(const doc_state *st, const sent_state *ss, uint32_t b,
                                   uint8_t kind)
{
    uint32_t cl = st->clause[b - 1], hi = hi_of(ss, b, st->ds->window);
    for (uint32_t k = b; k + 1 < hi && st->clause[k] == cl; k++) {
        if (!rk_claims_joined_by_stop(st, k) || !st->in_number[k + 1])
            continue;
        uint32_t m = k + 1;
        while (m < ss->s1 && st->in_number[m])
            m++;
        return pred_after(st, ss, m, cl, kind);
    }
    return NULL;
}

/* "two of the dead", "اثنين من القتلى": a number followed by "of" and an
 * event noun is a part of those the noun counts. Returns the noun, or NULL. */
static const occ *partitive(const doc_state *st, const sent_state *ss, uint32_t b)
{
    b = rk_claims_past_quotes(st, b, ss->s1);
    const occ *o = b < ss->s1 ? occ_of(st, b, LEX_OF) : NULL;
    return o && o->end < ss->s1 ? occ_of(st, o->end, LEX_PRED) : NULL;
}

/* A country or people named right after a word of quantity q in the
 * number's clause ("عدد سكان كازاخستان", "مساحة كازاخستان", "population
 * of Kazakhstan"): the whole the figure measures. Its class, or -1. */
static int subject_after_pred(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                              int q)
{
    pick p = {0};
    int w = st->ds->window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        const lex_entry *l = occ_lex(st, o);
        if (l->type != LEX_PRED || l->target != q || !in_clause(st, o, a, b) || o->end >= ss->s1)
            continue;
        const occ *s = occ_of(st, o->end, LEX_SUBJ);
        if (!s)
            s = rk_claims_of_subject(st, ss, o->end);
        if (s && (occ_lex(st, s)->flags & LEXF_NEAR))
            consider(&p, o, a, b);
    }
    if (!p.o)
        return -1;
    const occ *s = occ_of(st, p.o->end, LEX_SUBJ);
    return occ_lex(st, s ? s : rk_claims_of_subject(st, ss, p.o->end))->target;
}

/* The country or people its sentence names before token a, nearest
 * first ("Kazakhstan is the largest ... with an area of 2 million km2"):
 * what a background figure measures. Its class, or -1. */
static int named_whole(const doc_state *st, const sent_state *ss, uint32_t a)
{
    const occ *best = NULL;
    uint32_t reach = 4 * (uint32_t)st->ds->window;
    FOR_OCCS(st, a > ss->s0 + reach ? a - reach : ss->s0, a, o)
        if (o->type == LEX_SUBJ && (occ_lex(st, o)->flags & LEXF_NEAR) && o->end <= a)
            best = o;
    return best ? occ_lex(st, best)->target : -1;
}

/* A breakdown word ("among them", "من بينهم", "в том числе") ends right
 * before the number at a. */
static int opened_by_breakdown(const doc_state *st, const sent_state *ss, uint32_t a)
{
    if (!(ss->types & LEX_BIT(LEX_BREAKDOWN)))
        return 0;
    uint32_t lo = a > ss->s0 + 3 ? a - 3 : ss->s0;
    FOR_OCCS(st, lo, a, o)
        if (o->type == LEX_BREAKDOWN && o->end == a)
            return 1;
    return 0;
}

/* An increment word right before the number ("another 12", «ещё 12», "a
 * further 12"), or right after it or its one noun ("12 more", "12 more
 * bodies", «12 جثة إضافية»). */
static int is_increment(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                        const rk_claim *c)
{
    if (!(ss->types & LEX_BIT(LEX_INCREMENT)))
        return 0;
    uint32_t lo = a > ss->s0 + 2 ? a - 2 : ss->s0;
    FOR_OCCS(st, lo, a, o)
        if (o->type == LEX_INCREMENT && o->end == a)
            return 1;
    /* "tens of thousands more homeless", "hundreds more feared dead": a
     * word's vague amount after it reads as the count itself */
    if (c->exactness == RK_EXACTNESS_VAGUE)
        return 0;
    if (b < ss->s1 && occ_of(st, b, LEX_INCREMENT))
        return 1;
    return b + 1 < ss->s1 && st->t->tokens[b].kind == RK_TOK_WORD && !st->in_number[b] &&
           occ_of(st, b + 1, LEX_INCREMENT) != NULL;
}

/* Scope and hedge. */
static void finish_claim(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                         rk_claim *c)
{
    /* the window is the sentence's: no scope or hedge in it, none near */
    const occ *sc = (ss->types & LEX_BIT(LEX_SCOPE))
                        ? rk_claims_nearest(st, ss, a, b, LEX_SCOPE, 1, 0) : NULL;
    if (sc)
        c->scope = st->e->scopes[occ_lex(st, sc)->target];
    c->hedged = (ss->types & LEX_BIT(LEX_HEDGE)) &&
                rk_claims_nearest(st, ss, a, b, LEX_HEDGE, 1, 0) != NULL;
    c->increment = is_increment(st, ss, a, b, c);
}

/* pred_at() past its first tests: the predicates starting at k. */
static __attribute__((noinline)) const occ *pred_at_walk(const doc_state *st, uint32_t k,
                                                         uint8_t kind)
{
    FOR_OCCS_AT(st, k, i) {
        const occ *o = &st->occs[i];
        if (o->type == LEX_PRED &&
            (st->e->quantities[occ_lex(st, o)->target].kinds & (1u << kind)))
            return o;
    }
    return NULL;
}

/* A predicate occurrence at token k accepting number kind `kind`, or NULL.
 * Inline: own_nouns() asks it of every token a number's noun may end at,
 * and at most of them no predicate starts. */
static inline const occ *pred_at(const doc_state *st, uint32_t k, uint8_t kind)
{
    if (k >= st->t->n_tokens)
        return NULL;
    if (rk_claims_shortcuts && !(st->occ_types[k] & LEX_BIT(LEX_PRED)))
        return NULL; /* no predicate starts at k */
    return pred_at_walk(st, k, kind);
}

/* A predicate among the number's own unit words ("81-year-old"), or NULL. */
static const occ *inner_pred(const doc_state *st, uint32_t cb, uint32_t b, uint8_t kind)
{
    for (uint32_t k = cb; k < b; k++) {
        const occ *o = pred_at(st, k, kind);
        if (o)
            return o;
    }
    return NULL;
}

const occ *rk_claims_own_pred(const doc_state *st, uint32_t a, uint32_t ca, uint32_t cb, uint32_t b,
                              uint8_t kind, int pass)
{
    const occ *o, *s;
    const rk_sentence *se = &st->t->sentences[st->t->tokens[b - 1].sentence];
    uint32_t s0 = se->first_token, s1 = se->first_token + se->n_tokens;
    if (pass == 2) { /* "مقتل 59", "ونجاة 104", "the remains of 33" */
        uint32_t lo = a > s0 + st->e->max_phrase ? a - st->e->max_phrase : s0, end = a;
        const occ *of = NULL;
        for (uint32_t j = a > s0 + 3 ? a - 3 : s0; j < a; j++)
            if ((of = occ_of(st, j, LEX_OF)) && of->end == a) {
                end = j;
                break;
            }
        for (uint32_t j = end; j-- > lo;)
            if ((o = pred_at(st, j, kind)) && o->end == end)
                return o;
        return NULL;
    }
    /* passes 1 and 3 read what follows the number, past an aside */
    uint32_t k = rk_claims_past_aside(st, b, s1);
    int after = k < s1 && st->clause[k] == st->clause[b - 1];
    if (pass == 1) {
        if ((o = inner_pred(st, cb, b, kind)) || (after && (o = pred_at(st, k, kind))))
            return o;
        /* "تجاوز عدد الجرحى 6500": the noun between a comparator and the digits */
        for (uint32_t j = a; j < ca; j++)
            if ((o = pred_at(st, j, kind)) && o->end == ca)
                return o;
        return NULL;
    }
    /* "4 آلاف شخص مصاب", "5,000 people injured": the people noun, then what
     * happened to them */
    if (after && (s = occ_of(st, k, LEX_SUBJ)) && s->end < s1 &&
        st->clause[s->end] == st->clause[k] && (o = pred_at(st, s->end, kind)))
        return o;
    return NULL;
}

/* The predicate the number owns, or NULL. */
static const occ *owned_pred(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b)
{
    uint32_t lo = a > ss->s0 + st->e->max_phrase ? a - st->e->max_phrase : ss->s0;
    uint32_t hi = hi_of(ss, b, st->ds->window);
    if (rk_claims_shortcuts) { /* own_nouns() recorded it: is it in the window? */
        uint32_t i = st->owned[ss->cur - 1];
        const occ *o = i ? &st->occs[i - 1] : NULL;
        return o && o->first >= lo && o->first < hi ? o : NULL;
    }
    FOR_OCCS(st, lo, hi, o)
        if (o->type == LEX_PRED && st->owner[o - st->occs] == ss->cur)
            return o;
    return NULL;
}

/* The unit of the class the number's own noun names ("40,000 houses" ->
 * building, "six cargo ships" -> vessel, "150 people" -> person), or NULL
 * when its own noun is no class. */
static const char *own_unit(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b)
{
    const occ *o = NULL;
    FOR_OCCS(st, a, b, x)
        if (x->type == LEX_SUBJ && !o)
            o = x;
    uint32_t k = rk_claims_past_aside(st, b, ss->s1);
    if (!o && k < ss->s1 && !(o = occ_of(st, k, LEX_SUBJ)) &&
        !(o = rk_claims_of_subject(st, ss, k)))
        o = subject_past_modifiers(st, ss, k); /* "three US planes" */
    if (!o)
        return NULL;
    const class_def *c = &st->e->classes[occ_lex(st, o)->target];
    return c->person ? NULL : c->unit ? c->unit : "person";
}

/* A predicate may type the number: it accepts its kind, it is no other
 * number's own noun, and it counts the kind of thing the number's own noun
 * is (people are not "damaged"; houses are not "deployed"). */
static int pred_fits(const doc_state *st, const sent_state *ss, const occ *o, uint8_t kind,
                     const char *unit)
{
    const quantity_def *q = &st->e->quantities[occ_lex(st, o)->target];
    uint32_t own = st->owner[o - st->occs];
    if (!(q->kinds & (1u << kind)) || (own && own != ss->cur))
        return 0;
    if (kind != RK_KIND_COUNT || !unit)
        return 1;
    return strcmp(q->unit ? q->unit : "person", unit) == 0;
}

/* The nearest predicate that fits the number in its clause, or NULL. */
static const occ *pred_near(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                            uint8_t kind, const char *unit)
{
    pick p = {0};
    int w = st->ds->window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        if (o->type != LEX_PRED || (o->first >= a && o->first < b) || st->in_speaker[o->first] ||
            !in_clause(st, o, a, b) || !pred_fits(st, ss, o, kind, unit) ||
            rk_claims_counts_later(st, o, b))
            continue;
        consider(&p, o, a, b);
    }
    return p.o;
}

/* Whether a claimable number that predicate o's quantity may count has a
 * token in [from, to): such a number, not a magnitude or a distance
 * between them ("Число погибших в результате землетрясения магнитудой 6,4
 * ... превысило 100"), takes o before a number further on. */
static int counting_number_between(const doc_state *st, const occ *o, uint32_t from, uint32_t to)
{
    uint8_t kinds = st->e->quantities[occ_lex(st, o)->target].kinds;
    const rk_numlist *nl = st->nums;
    for (uint32_t k = from; k < to; k++) {
        if (st->in_number[k] != 3)
            continue;
        if (!nl)
            return 1;
        /* the last number starting at or before k: the one k is in */
        size_t lo = 0, hi = nl->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (nl->items[mid].first_token <= k)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (!lo || nl->items[lo - 1].end_token <= k ||
            (kinds & (1u << nl->items[lo - 1].kind)))
            return 1;
        k = nl->items[lo - 1].end_token - 1; /* past it */
    }
    return 0;
}

/* "the death toll from the blast in the capital on Tuesday had reached 78":
 * the clause's own event noun before the number, further than the window,
 * when no other number it may count stands between them. NULL if none. */
static const occ *clause_head_pred(const doc_state *st, const sent_state *ss, uint32_t a,
                                   uint8_t kind, const char *unit)
{
    const occ *best = NULL;
    /* four windows back at most: a sentence of 60,000 numbers stays linear */
    uint32_t reach = 4 * (uint32_t)st->ds->window;
    FOR_OCCS(st, a > ss->s0 + reach ? a - reach : ss->s0, a, o) {
        if (o->type != LEX_PRED || st->clause[o->first] != st->clause[a] ||
            st->in_speaker[o->first] || !pred_fits(st, ss, o, kind, unit))
            continue;
        best = o;
    }
    if (!best || counting_number_between(st, best, best->end, a))
        return NULL; /* a date may stand there */
    return best;
}

/* "Hundreds of people from several countries are believed to have been on
 * board": a number that opens its clause is what the clause's first
 * predicate after it says, further than the window, when no other number
 * it may count stands between them. NULL if none. */
static const occ *clause_tail_pred(const doc_state *st, const sent_state *ss, uint32_t a,
                                   uint32_t b, uint8_t kind, const char *unit)
{
    uint32_t k = a;
    while (k > ss->s0 && a - k < 3 && st->clause[k - 1] == st->clause[a] &&
           st->t->tokens[k - 1].kind != RK_TOK_WORD)
        k--;
    if (k > ss->s0 && st->clause[k - 1] == st->clause[a] && !(a - k <= 1 && k - 1 == ss->s0))
        return NULL; /* words before it in its clause: it does not open it */
    FOR_OCCS(st, b, ss->s1, o) {
        if (st->clause[o->first] != st->clause[a])
            break;
        if (o->type != LEX_PRED || st->in_speaker[o->first])
            continue;
        if (!pred_fits(st, ss, o, kind, unit) || counting_number_between(st, o, b, o->first))
            return NULL;
        return o;
    }
    return NULL;
}

/* The predicate typing the number at [a, b) (digits from ca to cb) whose
 * own noun's unit is unit (own_unit()), or NULL; *whole is the event noun
 * of a partitive ("two of the dead"). */
static const occ *choose_pred(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t ca,
                              uint32_t cb, uint32_t b, uint8_t kind, const char *unit,
                              const occ **whole)
{
    *whole = NULL;
    if (!(ss->types & LEX_BIT(LEX_PRED)))
        return NULL; /* every predicate it may take is in its sentence */
    const occ *pred = inner_pred(st, cb, b, kind);
    *whole = pred ? NULL : partitive(st, ss, b);
    if (*whole) { /* "two of the dead had been found beheaded" */
        pred = pred_after(st, ss, (*whole)->end, st->clause[b - 1], kind);
        return pred ? pred : *whole;
    }
    (void)ca;
    if (!pred && (pred = owned_pred(st, ss, a, b)) && !pred_fits(st, ss, pred, kind, unit))
        pred = NULL;
    if (pred)
        return pred;
    pred = pred_near(st, ss, a, b, kind, unit);
    if (pred && pred->first < a) {
        const occ *own = own_clause_pred(st, ss, a, b, kind);
        if (own && pred_fits(st, ss, own, kind, unit))
            pred = own;
    }
    if (!pred)
        pred = coordinated_pred(st, ss, b, kind);
    if (!pred)
        pred = clause_head_pred(st, ss, a, kind, unit);
    return pred ? pred : clause_tail_pred(st, ss, a, b, kind, unit);
}

/* Quantity, subject, unit and scope of the number at [a, b), whose digits
 * or number words end at cb. */
void rk_claims_type(const doc_state *st, const sent_state *ss, const rk_claim *prev,
                    const rk_claim *typed, uint32_t a, uint32_t cb, uint32_t b, rk_claim *c)
{
    const rk_engine *e = st->e;
    uint32_t ca = a;
    while (ca < cb && !st->in_number[ca])
        ca++;
    const char *ou = own_unit(st, ss, a, b); /* read once: both uses are of [a, b) */
    const occ *whole, *pred = choose_pred(st, ss, a, ca, cb, b, c->kind, ou, &whole);
    int anaphor, far, cls = find_subject(st, ss, a, b, c, &anaphor, &far);
    const quantity_def *q = pred ? &e->quantities[occ_lex(st, pred)->target] : NULL;
    if (q && (cls < 0 || far)) { /* "the 81-year-old former leader Nazarbayev" */
        int pc = person_for(st, ss, a, b, (int)(q - e->quantities));
        if (pc < 0)
            pc = subject_after_pred(st, ss, a, b, (int)(q - e->quantities));
        if (pc >= 0)
            cls = pc;
    }
    /* the part is described after the whole: "three of the victims were
     * children" */
    if (whole && (cls < 0 || far)) {
        FOR_OCCS(st, whole->end, hi_of(ss, whole->end, st->ds->window), o) {
            if (st->clause[o->first] != st->clause[whole->first])
                break;
            if (o->type == LEX_SUBJ && !(occ_lex(st, o)->flags & LEXF_NEAR) &&
                !e->classes[occ_lex(st, o)->target].person) {
                cls = rk_claims_subject_class(st, o);
                far = 0;
                break;
            }
        }
    }
    /* the part counts whom the whole counted: the last typed count of its
     * quantity in this or the previous sentence */
    if (whole && (cls < 0 || far) && typed &&
        typed->quantity == e->quantities[occ_lex(st, whole)->target].id) {
        cls = -1;
        c->subject = typed->subject;
    }
    if (anaphor && prev)
        c->subject = prev->subject;
    /* a part of a count a breakdown opened, or the next item of a list:
     * what it counts, of the subject its own noun names */
    const rk_claim *whole_of = ss->head ? ss->head : ss->list;
    /* "104 were rescued, among them 12 Pakistanis, while 82 bodies were
     * recovered": right after its breakdown word a part counts what its
     * whole counted, not what a verb after it says of the next figure */
    if (q && ss->head && ss->head->quantity && pred && pred->first >= b &&
        opened_by_breakdown(st, ss, a))
        q = NULL;
    if (!q && whole_of && whole_of->quantity && c->kind == RK_KIND_COUNT &&
        whole_of->kind == RK_KIND_COUNT && !(b < ss->s1 && counts_thing(st, ss, b)) &&
        (!ou || !whole_of->unit || strcmp(ou, whole_of->unit) == 0)) {
        c->quantity = c->rule = whole_of->quantity;
        if (cls >= 0 && !far)
            c->subject = e->classes[cls].id;
        else if (!c->subject)
            c->subject = whole_of->subject;
        if (!c->unit)
            c->unit = whole_of->unit;
        finish_claim(st, ss, a, b, c);
        return;
    }
    if (!q && (cls < 0 || far) && typed && c->kind == RK_KIND_COUNT &&
        names_toll_again(st, ss, a)) { /* "ترفع الحصيلة إلى 18" */
        c->quantity = c->rule = typed->quantity;
        c->subject = typed->subject;
        if (!c->unit)
            c->unit = typed->unit;
        finish_claim(st, ss, a, b, c);
        return;
    }
    if (!q && cls >= 0 && far != 2 && e->classes[cls].quantity_index >= 0) {
        const quantity_def *cq = &e->quantities[e->classes[cls].quantity_index];
        if (cq->kinds & (1u << c->kind))
            q = cq;
    }
    if (!q && c->kind == RK_KIND_MEASURE)
        q = unit_quantity(e, c->unit);
    if (!q)
        q = default_quantity(e, c->kind);
    if (cls >= 0)
        c->subject = e->classes[cls].id;
    else if (!c->subject && q && q->subject_class >= 0)
        c->subject = e->classes[q->subject_class].id;
    else if (!c->subject && q && q->of_named && c->kind != RK_KIND_PERCENT &&
             (cls = named_whole(st, ss, a)) >= 0)
        c->subject = e->classes[cls].id;
    if (q) {
        c->quantity = q->id;
        c->rule = q->id;
    }
    if (!c->unit)
        c->unit = q && q->unit ? q->unit : cls >= 0 ? e->classes[cls].unit : NULL;
    finish_claim(st, ss, a, b, c);
}
