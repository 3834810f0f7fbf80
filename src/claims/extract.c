/* extract.c - turning a document's numbers into claims: every claimable
 * number becomes a claim, then the vocabulary found around it types it
 * (quantity, subject, unit), attributes it, hedges, dates and scopes it.
 * Each number looks only at a window of tokens, so the work is linear. */
#include "engine_int.h"
#include "../core/buf.h"
#include "../core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE32 UINT32_MAX

/* Per-sentence state while its numbers are read. */
typedef struct sent_state {
    uint32_t s0, s1;          /* its tokens */
    cue_hit *cues;
    size_t n_cues, cap_cues;
    size_t cue_cursor;        /* cues before the current number */
    long prev_claim;          /* index of the previous claim of the sentence, -1 */
    uint32_t prev_tok;        /* its first token */
    long year_tok;            /* token of the latest year number seen, -1 */
    double year;
} sent_state;

/* The running attribution of the document, for cues with no speaker. */
typedef struct last_speaker {
    int has_speaker, has_via;
    size_t sp_start, sp_end, via_start, via_end;
} last_speaker;

/* The owned strings of the claim being built, kept as spans and short
 * buffers until pack() puts them all in the claim's one block. */
typedef struct draft {
    int has_speaker, has_via;
    size_t sp_start, sp_end, via_start, via_end; /* original byte spans */
    char as_of[24], as_of_from[24];              /* "" = none */
} draft;

/* ---- looking around a number ---------------------------------------------- */

/* Visits every occurrence starting in tokens [lo, hi). */
#define FOR_OCCS(st, lo, hi, o)                                                     \
    for (uint32_t i_ = (st)->occ_from[(lo)], h_ = (hi);                              \
         i_ < (st)->n_occs && (st)->occs[i_].first < h_; i_++)                        \
        for (const occ *o = &(st)->occs[i_]; o; o = NULL)

/* Token distance of o from the expression [a, b), and whether it precedes. */
static uint32_t gap_of(const occ *o, uint32_t a, uint32_t b, int *before)
{
    *before = o->first < a;
    if (o->first < a)
        return o->end <= a ? a - o->end : 0;
    return o->first - b;
}

typedef struct pick {
    const occ *o;
    uint32_t gap;
    int before;
} pick;

/* Keeps the nearer of two candidates; at equal distance the one before the
 * number wins (Arabic puts the verb first). */
static void consider(pick *p, const occ *o, uint32_t a, uint32_t b)
{
    int before;
    uint32_t g = gap_of(o, a, b, &before);
    if (!p->o || g < p->gap || (g == p->gap && before && !p->before))
        *p = (pick){o, g, before};
}

static uint32_t lo_of(const sent_state *ss, uint32_t a, int w)
{
    return a > ss->s0 + (uint32_t)w ? a - (uint32_t)w : ss->s0;
}

static uint32_t hi_of(const sent_state *ss, uint32_t b, int w)
{
    return b + (uint32_t)w < ss->s1 ? b + (uint32_t)w : ss->s1;
}

/* Same clause as the number: the clause of its first or last token. */
static int in_clause(const doc_state *st, const occ *o, uint32_t a, uint32_t b)
{
    uint32_t c = st->clause[o->first];
    return c == st->clause[a] || c == st->clause[b - 1];
}

static const occ *nearest(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                          lex_type type, int clause_only, uint8_t kind)
{
    pick p = {0};
    int w = st->ds.window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        if (o->type != type || (o->first >= a && o->first < b) || st->in_speaker[o->first])
            continue;
        const lex_entry *l = occ_lex(st, o);
        if (clause_only && !in_clause(st, o, a, b))
            continue;
        if (type == LEX_PRED && !(st->e->quantities[l->target].kinds & (1u << kind)))
            continue;
        if (type == LEX_SUBJ && (st->e->classes[l->target].person || (l->flags & LEXF_NEAR)))
            continue; /* a name, a country or a people is not who a count counts */
        consider(&p, o, a, b);
    }
    return p.o;
}

/* The occurrence of `type` starting at token k, or NULL. */
static const occ *occ_of(const doc_state *st, uint32_t k, lex_type type)
{
    if (k >= st->t->n_tokens)
        return NULL;
    FOR_OCCS_AT(st, k, i)
        if (st->occs[i].type == type)
            return &st->occs[i];
    return NULL;
}

/* The nearest nationality before a troop noun in its clause, within the
 * window ("Russia has sent about 2,500 paratroopers"), or NULL. */
static const occ *nation_before(const doc_state *st, const occ *o)
{
    uint32_t w = (uint32_t)st->ds.window;
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
static int subject_class(const doc_state *st, const occ *o)
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
static uint32_t past_quotes(const doc_state *st, uint32_t k, uint32_t s1)
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

static int punct_is(const doc_state *st, uint32_t k, char ch)
{
    const rk_token *tk = &st->t->tokens[k];
    return tk->kind == RK_TOK_PUNCT && tk->end - tk->start == 1 && st->t->norm[tk->start] == ch;
}

/* Token k moved past quote marks and an aside: the bracket closing an aside
 * the number stands in ("(حوالى 20%) من الروس") or a whole aside right after
 * it ("4 ملايين نسمة (حوالى 20%) من الروس"), so what follows still names
 * what the number counts. An unclosed bracket within the window is left. */
static uint32_t past_aside(const doc_state *st, uint32_t k, uint32_t s1)
{
    k = past_quotes(st, k, s1);
    if (k < s1 && punct_is(st, k, ')'))
        return past_quotes(st, k + 1, s1);
    if (k < s1 && punct_is(st, k, '(')) {
        uint32_t w = (uint32_t)st->ds.window, lim = k + w < s1 ? k + w : s1;
        for (uint32_t j = k + 1; j < lim; j++)
            if (punct_is(st, j, ')'))
                return past_quotes(st, j + 1, s1);
    }
    return k;
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
    int w = st->ds.window;
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

/* The subject named by "من X" / "of X" at token k, or NULL. */
static const occ *of_subject(const doc_state *st, const sent_state *ss, uint32_t k)
{
    const occ *o = k < ss->s1 ? occ_of(st, k, LEX_OF) : NULL;
    return o && o->end < ss->s1 ? occ_of(st, o->end, LEX_SUBJ) : NULL;
}

/* The subject class of the number at [a, b), or -1. *anaphor is set when it
 * points back at the previous claim ("اثنين منهم"); *far is 1 when the
 * subject was found away from the number, 2 when that was a troop noun. */
static int find_subject(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                        uint8_t kind, int *anaphor, int *far)
{
    *anaphor = 0;
    *far = 0;
    FOR_OCCS(st, a, b, o) { /* the number is the noun: "جنديين" */
        if (o->type == LEX_SUBJ)
            return subject_class(st, o);
    }
    const occ *o;
    if ((o = person_before(st, ss, a)))
        return occ_lex(st, o)->target;
    b = past_aside(st, b, ss->s1); /* 26 "armed criminals" */
    if (b < ss->s1) {
        if ((o = occ_of(st, b, LEX_SUBJ)))
            return subject_class(st, o);
        if ((o = of_subject(st, ss, b)))
            return subject_class(st, o);
        if (occ_of(st, b, LEX_ANAPHOR)) {
            *anaphor = 1;
            return -1;
        }
        /* past the number's own event noun: "4 ملايين نسمة (...) من الروس",
         * "18 قتيلا من الشرطة" */
        if ((o = occ_of(st, b, LEX_PRED)) && (o = of_subject(st, ss, past_aside(st, o->end, ss->s1))))
            return subject_class(st, o);
    }
    /* Only a count takes a subject from further away: "7600 كلم" near
     * "المدنيين" is not a number of civilians. */
    if (kind != RK_KIND_COUNT || (b < ss->s1 && counts_thing(st, ss, b)))
        return -1;
    *far = 1;
    if ((o = nearest(st, ss, a, b, LEX_SUBJ, 1, 0)) || (o = nearest(st, ss, a, b, LEX_SUBJ, 0, 0))) {
        /* a troop noun elsewhere in the sentence does not make "74 رحلة" a
         * deployment: only the number's own noun types it as troops */
        *far = (occ_lex(st, o)->flags & LEXF_TROOP) ? 2 : 1;
        return subject_class(st, o);
    }
    return -1;
}

/* ---- attribution and dates ---------------------------------------------- */

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
    for (size_t i = ss->cue_cursor; i < ss->n_cues && i < ss->cue_cursor + 2; i++) {
        const cue_hit *h = &ss->cues[i];
        if (h->stmt != st->stmt[b - 1])
            break;
        if ((h->flags & LEXF_CUE_BACK) && h->first >= b && h->has_speaker)
            return h;
    }
    for (size_t i = ss->cue_cursor; i-- > 0;) {
        const cue_hit *h = &ss->cues[i];
        if (h->stmt != stmt)
            break;
        if ((h->flags & LEXF_CUE_CLAUSE) && h->clause != clause)
            continue;
        return h;
    }
    /* A cue after the number covers it only when its speaker comes first
     * ("..., police said"): "قال X" opens what follows, not what precedes. */
    for (size_t i = ss->cue_cursor; i < ss->n_cues; i++) {
        const cue_hit *h = &ss->cues[i];
        if (h->stmt != st->stmt[b - 1])
            break;
        if (h->first >= b && (h->flags & LEXF_CUE_BEFORE) &&
            (!(h->flags & LEXF_CUE_CLAUSE) || h->clause == st->clause[b - 1]))
            return h;
    }
    return NULL;
}

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
static const occ *find_time(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b)
{
    const occ *after = NULL, *before = NULL, *any = NULL;
    int w = 2 * st->ds.window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        if (o->type != LEX_TIME || (o->first >= a && o->first < b))
            continue;
        int same = in_clause(st, o, a, b);
        if (o->first >= b && same && !after)
            after = o;
        if (o->first < a && same)
            before = o;
        if (st->stmt[o->first] == st->stmt[a]) { /* the nearest one of the statement */
            int bf;
            if (!any || gap_of(o, a, b, &bf) < gap_of(any, a, b, &bf))
                any = o;
        }
    }
    return after ? after : before ? before : any;
}

/* A time cue right after an attribution cue (past at most one stop word:
 * "said on Thursday"), or NULL. */
static const occ *time_after_cue(const doc_state *st, const cue_hit *h)
{
    const occ *o = occ_of(st, h->end, LEX_TIME);
    if (!o && occ_of(st, h->end, LEX_STOP))
        o = occ_of(st, h->end + 1, LEX_TIME);
    return o && st->stmt[o->first] == h->stmt ? o : NULL;
}

/* A one-word stop word at token k ("and"): it may join two weekdays. */
static int joined_by_stop(const doc_state *st, uint32_t k)
{
    const occ *s = occ_of(st, k, LEX_STOP);
    return s && s->end == k + 1;
}

/* Sets as_of (and as_of_from for a weekday pair) from the nearest time cue. */
static void date_from_cue(const doc_state *st, const occ *o, draft *d)
{
    const occ *prev = NULL, *next = NULL;
    if (is_weekday(st, o)) {
        next = occ_of(st, o->end, LEX_TIME);
        if (!next && joined_by_stop(st, o->end)) /* "Tuesday and Wednesday" */
            next = occ_of(st, o->end + 1, LEX_TIME);
        if (!is_weekday(st, next))
            next = NULL;
        for (const occ *p = o; !next && p-- > st->occs;) { /* o may be the second of a pair */
            if (p->end == o->first || (p->end + 1 == o->first && joined_by_stop(st, p->end)))
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

/* ---- one claim --------------------------------------------------------- */

static int is_space_byte(char ch)
{
    return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
}

/* Clips the claim's sentence to RK_CLAIM_CONTEXT bytes on each side of its
 * number: every renderer prints the sentence as the quote, so one line of
 * 60,000 numbers would otherwise make the output quadratic. Cuts fall on a
 * character boundary, moved inwards to a word boundary when one is near
 * (a word longer than CLIP_SLACK bytes is cut instead, keeping context). */
#define CLIP_SLACK 64

static size_t clip_start(const char *body, size_t lo, size_t start)
{
    size_t p = lo;
    while (p < start && ((unsigned char)body[p] & 0xC0) == 0x80)
        p++;
    if (is_space_byte(body[p - 1]))
        return p;
    for (size_t q = p; q < start && q - p < CLIP_SLACK; q++)
        if (is_space_byte(body[q])) {
            while (q < start && is_space_byte(body[q]))
                q++;
            return q;
        }
    return p;
}

static size_t clip_end(const char *body, size_t hi, size_t end)
{
    size_t p = hi;
    while (p > end && ((unsigned char)body[p] & 0xC0) == 0x80)
        p--;
    if (is_space_byte(body[p]))
        return p;
    for (size_t q = p; q > end && p - q < CLIP_SLACK; q--)
        if (is_space_byte(body[q - 1])) {
            while (q > end && is_space_byte(body[q - 1]))
                q--;
            return q;
        }
    return p;
}

static void clip_context(const char *body, rk_claim *c)
{
    if (c->sentence_start > c->start || c->sentence_end < c->end)
        return; /* a number outside its sentence span: leave both alone */
    if (c->start - c->sentence_start > RK_CLAIM_CONTEXT)
        c->sentence_start = clip_start(body, c->start - RK_CLAIM_CONTEXT, c->start);
    if (c->sentence_end - c->end > RK_CLAIM_CONTEXT)
        c->sentence_end = clip_end(body, c->end + RK_CLAIM_CONTEXT, c->end);
}

/* Everything of a claim but its strings, which pack() adds. */
static void claim_basics(const doc_state *st, const rk_number *nm, size_t doc_index, rk_claim *c)
{
    const rk_sentence *s = &st->t->sentences[nm->sentence];
    memset(c, 0, sizeof *c);
    c->document = doc_index;
    c->start = nm->start;
    c->end = nm->end;
    c->low = nm->low;
    c->high = nm->high;
    c->has_low = nm->has_low;
    c->has_high = nm->has_high;
    c->exactness = nm->exactness;
    c->kind = nm->kind;
    c->unit = nm->unit;
    c->sentence = nm->sentence;
    if (s->end > s->start) {
        rk_text_orig_span(st->t, s->start, s->end, &c->sentence_start, &c->sentence_end);
        clip_context(st->t->orig, c);
    }
}

/* Appends s[0..n) and a NUL at *p, returns where it went. */
static char *put_str(char **p, const char *s, size_t n)
{
    char *at = *p;
    memcpy(at, s, n);
    at[n] = '\0';
    *p += n + 1;
    return at;
}

/* The claim's owned strings, in one allocation: its id "<document
 * id>:<start>-<end>", its text (exactly body[start..end)), speaker, relayer
 * and dates. -1 when out of memory. */
static int pack(const doc_state *st, const draft *d, rk_claim *c)
{
    const char *doc_id = st->doc->id ? st->doc->id : "", *o = st->t->orig;
    char a[24], b[24];
    size_t nid = strlen(doc_id), na = rk_fmt_u64(c->start, 0, a), nb = rk_fmt_u64(c->end, 0, b);
    size_t nsp = d->has_speaker ? d->sp_end - d->sp_start : 0;
    size_t nvia = d->has_via ? d->via_end - d->via_start : 0;
    size_t nas = strlen(d->as_of), nfrom = strlen(d->as_of_from);
    size_t len = nid + na + nb + 3 + (c->end - c->start + 1) + (d->has_speaker ? nsp + 1 : 0) +
                 (d->has_via ? nvia + 1 : 0) + (nas ? nas + 1 : 0) + (nfrom ? nfrom + 1 : 0);
    char *p = c->strings = malloc(len);
    if (!p)
        return -1;
    c->strings_len = len;
    c->id = p;
    memcpy(p, doc_id, nid);
    p += nid;
    *p++ = ':';
    memcpy(p, a, na);
    p += na;
    *p++ = '-';
    put_str(&p, b, nb);
    c->text = put_str(&p, o + c->start, c->end - c->start);
    if (d->has_speaker)
        c->speaker = put_str(&p, o + d->sp_start, nsp);
    if (d->has_via)
        c->via = put_str(&p, o + d->via_start, nvia);
    if (nas)
        c->as_of = put_str(&p, d->as_of, nas);
    if (nfrom)
        c->as_of_from = put_str(&p, d->as_of_from, nfrom);
    return 0;
}

static const quantity_def *default_quantity(const rk_engine *e, uint8_t kind)
{
    for (size_t i = 0; i < e->n_quantities; i++)
        if (e->quantities[i].default_for & (1u << kind))
            return &e->quantities[i];
    return NULL;
}

/* True when a toll word precedes the number in its clause ("الحصيلة ...
 * إلى 18") or an anaphor sits right before it ("بينهم 103"). */
static int names_toll_again(const doc_state *st, const sent_state *ss, uint32_t a)
{
    if (a > ss->s0) {
        uint32_t lo = a > ss->s0 + st->e->max_phrase ? a - st->e->max_phrase : ss->s0;
        for (uint32_t j = a; j-- > lo;) {
            const occ *o = occ_of(st, j, LEX_ANAPHOR);
            if (o && o->end == a)
                return 1;
        }
    }
    FOR_OCCS(st, lo_of(ss, a, st->ds.window), a, o) {
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
    FOR_OCCS(st, b, hi_of(ss, b, st->ds.window), o) {
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
    FOR_OCCS(st, from, hi_of(ss, from, st->ds.window), o) {
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
    uint32_t cl = st->clause[b - 1], hi = hi_of(ss, b, st->ds.window);
    for (uint32_t k = b; k + 1 < hi && st->clause[k] == cl; k++) {
        if (!joined_by_stop(st, k) || !st->in_number[k + 1])
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
    b = past_quotes(st, b, ss->s1);
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
    int w = st->ds.window;
    FOR_OCCS(st, lo_of(ss, a, w), hi_of(ss, b, w), o) {
        const lex_entry *l = occ_lex(st, o);
        if (l->type != LEX_PRED || l->target != q || !in_clause(st, o, a, b) || o->end >= ss->s1)
            continue;
        const occ *s = occ_of(st, o->end, LEX_SUBJ);
        if (!s)
            s = of_subject(st, ss, o->end);
        if (s && (occ_lex(st, s)->flags & LEXF_NEAR))
            consider(&p, o, a, b);
    }
    if (!p.o)
        return -1;
    const occ *s = occ_of(st, p.o->end, LEX_SUBJ);
    return occ_lex(st, s ? s : of_subject(st, ss, p.o->end))->target;
}

/* Scope and hedge. */
static void finish_claim(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                         rk_claim *c)
{
    const occ *sc = nearest(st, ss, a, b, LEX_SCOPE, 1, 0);
    if (sc)
        c->scope = st->e->scopes[occ_lex(st, sc)->target];
    c->hedged = nearest(st, ss, a, b, LEX_HEDGE, 1, 0) != NULL;
}

/* A predicate among the number's own unit words ("81-year-old"), or NULL. */
static const occ *inner_pred(const doc_state *st, uint32_t cb, uint32_t b, uint8_t kind)
{
    FOR_OCCS(st, cb, b, o) {
        const lex_entry *l = occ_lex(st, o);
        if (l->type == LEX_PRED && (st->e->quantities[l->target].kinds & (1u << kind)))
            return o;
    }
    return NULL;
}

/* The predicate typing the number at [a, b) (digits ending at cb), or
 * NULL; *whole is the event noun of a partitive ("two of the dead"). */
static const occ *choose_pred(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t cb,
                              uint32_t b, uint8_t kind, const occ **whole)
{
    const occ *pred = inner_pred(st, cb, b, kind);
    *whole = pred ? NULL : partitive(st, ss, b);
    if (*whole) { /* "two of the dead had been found beheaded" */
        pred = pred_after(st, ss, (*whole)->end, st->clause[b - 1], kind);
        return pred ? pred : *whole;
    }
    if (!pred)
        pred = nearest(st, ss, a, b, LEX_PRED, 1, kind);
    if (pred && pred->first < a) {
        const occ *own = own_clause_pred(st, ss, a, b, kind);
        if (own)
            pred = own;
    }
    return pred ? pred : coordinated_pred(st, ss, b, kind);
}

/* Quantity, subject, unit and scope of the number at [a, b), whose digits
 * or number words end at cb. */
static void type_claim(const doc_state *st, const sent_state *ss, const rk_claim *prev,
                       const rk_claim *typed, uint32_t a, uint32_t cb, uint32_t b, rk_claim *c)
{
    const rk_engine *e = st->e;
    const occ *whole, *pred = choose_pred(st, ss, a, cb, b, c->kind, &whole);
    int anaphor, far, cls = find_subject(st, ss, a, b, c->kind, &anaphor, &far);
    const quantity_def *q = pred ? &e->quantities[occ_lex(st, pred)->target] : NULL;
    if (q && (cls < 0 || far)) { /* "the 81-year-old former leader Nazarbayev" */
        int pc = person_for(st, ss, a, b, (int)(q - e->quantities));
        if (pc < 0)
            pc = subject_after_pred(st, ss, a, b, (int)(q - e->quantities));
        if (pc >= 0)
            cls = pc;
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
    if (!q)
        q = default_quantity(e, c->kind);
    if (cls >= 0)
        c->subject = e->classes[cls].id;
    else if (!c->subject && q && q->subject_class >= 0)
        c->subject = e->classes[q->subject_class].id;
    if (q) {
        c->quantity = q->id;
        c->rule = q->id;
    }
    if (!c->unit)
        c->unit = q && q->unit ? q->unit : cls >= 0 ? e->classes[cls].unit : NULL;
    finish_claim(st, ss, a, b, c);
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

/* Speaker, relayer and date of the claim c, into d. */
static void attribute_and_date(const doc_state *st, sent_state *ss, const rk_claim *prev,
                               uint32_t a, uint32_t b, const rk_claim *c, draft *d)
{
    const quantity_def *q = NULL;
    for (size_t i = 0; c->quantity && i < st->e->n_quantities; i++)
        if (st->e->quantities[i].id == c->quantity)
            q = &st->e->quantities[i];
    const cue_hit *h = find_cue(st, ss, a, b);
    if (q && !q->dated) /* an age or a length is background, not a sourced figure of a day */
        return;
    if (h && h->has_speaker) {
        d->has_speaker = 1;
        d->sp_start = h->sp_start;
        d->sp_end = h->sp_end;
    }
    if (h && h->has_via) {
        d->has_via = 1;
        d->via_start = h->via_start;
        d->via_end = h->via_end;
    }
    const occ *tc = find_time(st, ss, a, b);
    if (!tc && h && h->first >= b) /* "..., the ministry said on Thursday" */
        tc = time_after_cue(st, h);
    if (tc)
        date_from_cue(st, tc, d);
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
    if (dated && prev && prev->as_of && st->stmt[a] == st->stmt[ss->prev_tok]) {
        copy_date(d->as_of, prev->as_of);
        copy_date(d->as_of_from, prev->as_of_from);
    }
}

/* ---- the document -------------------------------------------------------- */

static int push_claim(rk_claim **v, size_t *n, size_t *cap)
{
    if (*n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    rk_claim *q = realloc(*v, nc * sizeof *q);
    if (!q)
        return -1;
    *v = q;
    *cap = nc;
    return 0;
}

/* Claims of 1 for a singular count noun right after a predicate ("مقتل جندي"),
 * merged with the numbers in text order. */
static rk_status with_singulars(const doc_state *st, const rk_numlist *nl, rk_numlist *out,
                                rk_error *err)
{
    size_t extra = 0;
    for (size_t i = 0; i < st->n_occs; i++) {
        const occ *o = &st->occs[i];
        const occ *s;
        if (o->type != LEX_PRED || !(s = occ_of(st, o->end, LEX_SUBJ)) ||
            !(occ_lex(st, s)->flags & LEXF_ONE) || st->in_number[s->first])
            continue;
        if (extra == 0 && !(out->items = malloc((nl->n + st->n_occs) * sizeof *out->items)))
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        const rk_token *t0 = &st->t->tokens[s->first], *t1 = &st->t->tokens[s->end - 1];
        rk_number *m = &out->items[nl->n + extra++];
        memset(m, 0, sizeof *m);
        rk_text_orig_span(st->t, t0->start, t1->end, &m->start, &m->end);
        m->nstart = m->expr_nstart = t0->start;
        m->nend = m->expr_nend = t1->end;
        m->low = m->high = 1;
        m->has_low = m->has_high = 1;
        m->exactness = RK_EXACTNESS_EXACT;
        m->kind = RK_KIND_COUNT;
        m->sentence = t0->sentence;
        m->first_token = s->first;
        m->end_token = s->end;
    }
    if (!extra) {
        *out = *nl;
        return RK_OK;
    }
    /* Merge: numbers first in the buffer, singulars after, then sort by start. */
    memcpy(out->items, nl->items, nl->n * sizeof *nl->items);
    out->n = nl->n + extra;
    out->cap = nl->n + st->n_occs;
    for (size_t i = 1; i < out->n; i++) { /* insertion: the singulars are few */
        rk_number x = out->items[i];
        size_t j = i;
        while (j > 0 && out->items[j - 1].start > x.start) {
            out->items[j] = out->items[j - 1];
            j--;
        }
        out->items[j] = x;
    }
    return RK_OK;
}

/* "AFP reported, citing Y", "X said on Thursday, according to Y": the
 * speaker of a cue just before a relaying cue is its relayer. */
static void relayer_from(const doc_state *st, const cue_hit *prev, cue_hit *h)
{
    if (!prev->has_speaker || prev->stmt != h->stmt || prev->end > h->first ||
        h->first - prev->end > 4)
        return;
    for (uint32_t k = prev->end; k < h->first; k++) /* only a time or punctuation between */
        if (st->t->tokens[k].kind != RK_TOK_PUNCT && !occ_of(st, k, LEX_TIME) &&
            !occ_of(st, k, LEX_STOP))
            return;
    h->has_via = 1;
    h->via_start = prev->sp_start;
    h->via_end = prev->sp_end;
}

static rk_status begin_sentence(doc_state *st, sent_state *ss, uint32_t s, last_speaker *last,
                                rk_error *err)
{
    const rk_sentence *se = &st->t->sentences[s];
    ss->s0 = se->first_token;
    ss->s1 = se->first_token + se->n_tokens;
    ss->n_cues = 0;
    ss->cue_cursor = 0;
    ss->prev_claim = -1;
    ss->year_tok = -1;
    FOR_OCCS(st, ss->s0, ss->s1, o) {
        if (o->type != LEX_CUE)
            continue;
        if (ss->n_cues == ss->cap_cues) {
            size_t cap = ss->cap_cues ? ss->cap_cues * 2 : 8;
            cue_hit *h = realloc(ss->cues, cap * sizeof *h);
            if (!h)
                return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            ss->cues = h;
            ss->cap_cues = cap;
        }
        cue_hit *h = &ss->cues[ss->n_cues];
        if (!rk_claims_parse_cue(st, o, ss->s0, ss->s1, h))
            continue;
        ss->n_cues++;
        if ((h->flags & LEXF_CUE_BACK) && h->has_speaker && !h->has_via && ss->n_cues > 1)
            relayer_from(st, &ss->cues[ss->n_cues - 2], h);
        if (h->has_speaker) { /* the running speaker, for "وأضاف" */
            *last = (last_speaker){1, h->has_via, h->sp_start, h->sp_end, h->via_start, h->via_end};
        } else if (last->has_speaker) {
            h->has_speaker = 1;
            h->has_via = last->has_via;
            h->sp_start = last->sp_start;
            h->sp_end = last->sp_end;
            h->via_start = last->via_start;
            h->via_end = last->via_end;
        }
    }
    return RK_OK;
}

/* The tokens of the number as written, without comparator or unit words:
 * [*ca, *cb) inside the expression. */
static void core_tokens(const rk_text *t, const rk_number *nm, uint32_t *ca, uint32_t *cb)
{
    uint32_t a = nm->first_token, b = nm->end_token;
    while (a < b && t->tokens[a].end <= nm->nstart)
        a++;
    while (b > a && t->tokens[b - 1].start >= nm->nend)
        b--;
    *ca = a;
    *cb = b > a ? b : a + 1;
}

/* A singular count noun read as one ("جندي") is a claim only right after a
 * predicate ("مقتل جندي"); elsewhere it merely names someone. */
static int lone_singular(const doc_state *st, const rk_number *nm, uint32_t ca, uint32_t cb)
{
    if (!nm->has_low || nm->low != 1 || !nm->has_high || nm->high != 1)
        return 0;
    const occ *s = occ_of(st, ca, LEX_SUBJ);
    if (!s || s->end < cb)
        return 0;
    uint32_t lo = ca > st->e->max_phrase ? ca - st->e->max_phrase : 0;
    for (uint32_t k = ca; k-- > lo && st->t->tokens[k].sentence == st->t->tokens[ca].sentence;) {
        int any = 0;
        FOR_OCCS_AT(st, k, i) {
            if (st->occs[i].end == ca && st->occs[i].type == LEX_PRED)
                return 0;
            any = 1;
        }
        if (any)
            break;
    }
    return 1;
}

static rk_status claims_of(doc_state *st, const rk_numlist *nums, size_t doc_index,
                           rk_claim **claims, size_t *n, size_t *cap, rk_error *err)
{
    sent_state ss = {0};
    last_speaker last = {0};
    rk_status rs = RK_OK;
    long cur = -1, typed_at = -1;
    uint32_t typed_sent = 0;
    for (size_t i = 0; i < nums->n && rs == RK_OK; i++) {
        const rk_number *nm = &nums->items[i];
        if ((long)nm->sentence != cur) {
            for (long s = cur + 1; s <= (long)nm->sentence && rs == RK_OK; s++)
                rs = begin_sentence(st, &ss, (uint32_t)s, &last, err);
            cur = nm->sentence;
            if (rs != RK_OK)
                break;
        }
        if (nm->kind == RK_KIND_YEAR && nm->has_low) {
            ss.year_tok = nm->first_token;
            ss.year = nm->low;
        }
        uint32_t ca, cb;
        if (!RK_KIND_IS_CLAIMABLE(nm->kind) || nm->end_token <= nm->first_token)
            continue;
        core_tokens(st->t, nm, &ca, &cb);
        if (lone_singular(st, nm, ca, cb))
            continue;
        if (push_claim(claims, n, cap) < 0) {
            rs = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        rk_claim *c = &(*claims)[*n];
        const rk_claim *prev = ss.prev_claim >= 0 ? &(*claims)[ss.prev_claim] : NULL;
        /* a toll named again counts what the last typed count of this or
         * the previous sentence counted */
        const rk_claim *typed = typed_at >= 0 && nm->sentence <= typed_sent + 1
                                    ? &(*claims)[typed_at] : NULL;
        draft d = {0};
        claim_basics(st, nm, doc_index, c);
        (*n)++;
        type_claim(st, &ss, prev, typed, nm->first_token, cb, nm->end_token, c);
        if (c->quantity && c->kind == RK_KIND_COUNT) {
            typed_at = (long)*n - 1;
            typed_sent = nm->sentence;
        }
        attribute_and_date(st, &ss, prev, ca, nm->end_token, c, &d);
        if (pack(st, &d, c) < 0)
            rs = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        ss.prev_claim = (long)*n - 1;
        ss.prev_tok = nm->first_token;
    }
    free(ss.cues);
    return rs;
}

/* Marks the tokens of every number as written (not its comparator words:
 * "قدرت المصادر أعدادهم بعشرين ألفا" reads as one approximate expression,
 * yet its speaker must stay readable). */
static void mark_numbers(doc_state *st, const rk_numlist *nl)
{
    for (size_t i = 0; i < nl->n; i++) {
        uint32_t ca, cb;
        if (nl->items[i].end_token <= nl->items[i].first_token)
            continue;
        core_tokens(st->t, &nl->items[i], &ca, &cb);
        for (uint32_t k = ca; k < cb && k < st->t->n_tokens; k++)
            st->in_number[k] = 1;
    }
}

static void doc_state_free(doc_state *st)
{
    free(st->occs);
    free(st->occ_from);
    free(st->clause);
    free(st->stmt);
    free(st->in_speaker);
    free(st->in_number);
}

static rk_status text_error(const rk_document *doc, rk_error *err)
{
    if (err && err->code == RK_ERR_UTF8 && err->offset >= 0) {
        long line, col;
        rk_utf8_line_col(doc->body, doc->body_len, (size_t)err->offset, &line, &col);
        long off = err->offset;
        rk_error_set(err, RK_ERR_UTF8, doc->path ? doc->path : doc->id, line, col,
                     "invalid UTF-8 at byte %ld", off);
        err->offset = off;
    }
    return err ? err->code : RK_ERR_UTF8;
}

rk_status rk_extract_document(const rk_engine *e, const rk_document *doc, size_t doc_index,
                              rk_claim **claims, size_t *n, size_t *cap, rk_error *err)
{
    doc_state st = {.e = e, .doc = doc};
    rk_text *t = NULL;
    rk_numlist nl = {0}, all = {0};
    const char *lang = doc->language.value;
    rk_status rs = rk_text_build(doc->body ? doc->body : "", doc->body_len, lang, &t, err);
    if (rs != RK_OK)
        return rs == RK_ERR_UTF8 ? text_error(doc, err) : rs;
    st.t = t;
    rk_claims_settings(e, lang, &st.ds);
    st.pub_days = rk_claims_parse_date(doc->published.value);
    if ((rs = rk_numbers_find(e->numbers, t, &nl, err)) != RK_OK ||
        (rs = rk_claims_match(&st, err)) != RK_OK)
        goto done;
    mark_numbers(&st, &nl);
    if ((rs = with_singulars(&st, &nl, &all, err)) != RK_OK)
        goto done;
    size_t n0 = *n;
    rs = claims_of(&st, &all, doc_index, claims, n, cap, err);
    if (rs != RK_OK) { /* all or nothing */
        for (size_t i = n0; i < *n; i++)
            rk_claim_clear(&(*claims)[i]);
        *n = n0;
    }
done:
    if (all.items != nl.items)
        free(all.items);
    rk_numlist_free(&nl);
    doc_state_free(&st);
    rk_text_free(t);
    return rs;
}

rk_status rk_extract_into(const rk_engine *e, rk_document *doc, rk_claimset *set, rk_error *err)
{
    if (rk_doclist_push(&set->docs, doc) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    rk_status st = rk_extract_document(e, doc, set->docs.n - 1, &set->claims, &set->n,
                                       &set->cap, err);
    if (st != RK_OK)
        set->docs.n--; /* ownership goes back to the caller */
    return st;
}
