/* extract.c - turning a document's numbers into claims: every claimable
 * number becomes a claim, then the vocabulary found around it types it
 * (quantity, subject, unit), attributes it, hedges, dates and scopes it.
 * Each number looks only at a window of tokens, so the work is linear. */
#include "engine_int.h"
#include "shortcut.h"
#include "../core/buf.h"
#include "../core/scratch.h"
#include "../core/utf8.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE32 UINT32_MAX

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
    rk_zero(c, sizeof *c);
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
    c->sentence = st->sent_base + nm->sentence;
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

/* The decimal digits of v at the end of buf[0..24), as rk_fmt_u64()
 * writes them; returns where they start. */
static char *dec_digits(uint64_t v, char buf[24])
{
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    char *p = buf + 24;
    while (v >= 10) { /* two digits at a division */
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        p -= 2;
        p[0] = pairs[2 * r];
        p[1] = pairs[2 * r + 1];
    }
    if (v || p == buf + 24)
        *--p = (char)('0' + v);
    return p;
}

/* The claim's owned strings, in one part of the document's pool: its id
 * "<document id>:<start>-<end>" (doc_id[0..nid) the document's id), its
 * text (exactly body[start..end)), speaker, relayer and dates. -1 when out
 * of memory. */
static int pack(const doc_state *st, rk_claim_pool *pool, const char *doc_id, size_t nid,
                const draft *d, rk_claim *c)
{
    const char *o = st->t->orig;
    char ba[24], bb[24];
    const char *a = dec_digits(c->start, ba), *b = dec_digits(c->end, bb);
    size_t na = (size_t)(ba + 24 - a), nb = (size_t)(bb + 24 - b);
    size_t nsp = d->has_speaker ? d->sp_end - d->sp_start : 0;
    size_t nvia = d->has_via ? d->via_end - d->via_start : 0;
    size_t nas = d->as_of[0] ? strlen(d->as_of) : 0;
    size_t nfrom = d->as_of_from[0] ? strlen(d->as_of_from) : 0;
    size_t nby = d->has_status_by ? d->by_end - d->by_start : 0;
    size_t npl = d->place_len;
    size_t len = nid + na + nb + 3 + (c->end - c->start + 1) + (d->has_speaker ? nsp + 1 : 0) +
                 (d->has_via ? nvia + 1 : 0) + (nas ? nas + 1 : 0) + (nfrom ? nfrom + 1 : 0) +
                 (d->has_status_by ? nby + 1 : 0) + (npl ? npl + 1 : 0);
    if (rk_claim_pool_take(pool, c, len) < 0)
        return -1;
    char *p = c->strings;
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
    if (d->has_status_by)
        c->status_by = put_str(&p, o + d->by_start, nby);
    if (npl) /* a place of the text, in the block (rules' scopes are the engine's) */
        c->scope = put_str(&p, d->place, npl);
    c->status = (uint8_t)d->status;
    return 0;
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

/* A number word that follows the noun it counts («قتل جندي واحد», «مقتل
 * طفلين اثنين»: rules, cardinal after-noun) takes that noun into its
 * expression, as «قتل 5 جنود» has it after: the predicate before the noun
 * is then the number's own, and the noun is no singular claim of its own. */
static void nouns_before(doc_state *st, rk_numlist *nl)
{
    for (size_t i = 0; i < nl->n; i++) {
        rk_number *nm = &nl->items[i];
        uint32_t k = nm->first_token;
        if (!nm->after_noun || !k)
            continue;
        for (uint32_t j = k; j-- > 0 && k - j <= 4;) {
            const occ *best = NULL;
            FOR_OCCS_AT(st, j, o)
                if (st->occs[o].type == LEX_SUBJ && st->occs[o].end == k)
                    best = &st->occs[o];
            if (best && st->t->tokens[best->first].sentence == nm->sentence) {
                nm->first_token = best->first;
                nm->expr_nstart = st->t->tokens[best->first].start;
                break;
            }
        }
    }
}

/* Whether a number's expression starts at token k ("جندي" of «جندي واحد»).
 * The numbers are in text order, so are their first tokens but for a rare
 * overlap: a binary search and a look either side. */
static int opens_number(const rk_numlist *nl, uint32_t k)
{
    size_t lo = 0, hi = nl->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nl->items[mid].first_token < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo ? lo - 1 : 0; i < nl->n && i <= lo + 1; i++)
        if (nl->items[i].first_token == k)
            return 1;
    return 0;
}

/* Claims of 1 for a singular count noun right after a predicate ("مقتل جندي"),
 * merged with the numbers in text order. */
static rk_status with_singulars(const doc_state *st, const rk_numlist *nl, rk_numlist *out,
                                rk_error *err)
{
    size_t extra = 0;
    if (st->picked && !st->ds->singulars) { /* no entry it takes makes one */
        *out = *nl;
        return RK_OK;
    }
    /* the picked occurrences hold every predicate and subject, in order */
    size_t n_walk = st->picked ? st->n_picked : st->n_occs;
    for (size_t w = 0; w < n_walk; w++) {
        const occ *o = &st->occs[st->picked ? st->picked[w] : w];
        const occ *s;
        int two = 0;
        if (o->type == LEX_SUBJ && (occ_lex(st, o)->flags & LEXF_DUAL) && !st->in_number[o->first] &&
            !(o->first > 0 && st->in_number[o->first - 1])) {
            s = o; /* "بينهم مصريان": a dual is two of them wherever it stands */
            two = 1;
        } else if (o->type != LEX_PRED || !(s = occ_of(st, o->end, LEX_SUBJ)) ||
                   !(occ_lex(st, s)->flags & LEXF_ONE) || st->in_number[s->first] ||
                   opens_number(nl, s->first)) {
            continue;
        }
        if (extra == 0 && !(out->items = malloc((nl->n + st->n_occs) * sizeof *out->items)))
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        const rk_token *t0 = &st->t->tokens[s->first], *t1 = &st->t->tokens[s->end - 1];
        rk_number *m = &out->items[nl->n + extra++];
        memset(m, 0, sizeof *m);
        rk_text_orig_span(st->t, t0->start, t1->end, &m->start, &m->end);
        m->nstart = m->expr_nstart = t0->start;
        m->nend = m->expr_nend = t1->end;
        m->low = m->high = two ? 2 : 1;
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
    if (nl->n) /* a text of singulars only ("a man died") has no numbers */
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
    h->via_orig = prev->sp_orig;
}

/* "It said an initial inquiry suggested N", «أفادت السلطات بأن ناجين أكدوا
 * لها أن ...»: a speaker named right after another speaker's verb (or after
 * that speaker, when it follows its verb), with at most a complementizer
 * between, speaks inside the first one's statement: the first relays. */
static void reporter_from(const doc_state *st, const cue_hit *prev, cue_hit *h)
{
    if (!prev->has_speaker || prev->stmt != h->stmt || !(h->flags & LEXF_CUE_BEFORE) ||
        (h->flags & LEXF_CUE_BACK) || h->has_via || !h->has_speaker)
        return;
    uint32_t from = prev->end;
    if (prev->sp_t1 > from && prev->sp_t0 >= prev->end)
        from = prev->sp_t1; /* the speaker after its verb */
    if (h->sp_t0 < from || h->sp_t0 - from > 2)
        return;
    for (uint32_t k = from; k < h->sp_t0; k++) /* only "that", «بأن», «, что» */
        if (!occ_of(st, k, LEX_THAT) && !punct_is(st, k, ','))
            return;
    if (h->sp_t0 > from && punct_is(st, h->sp_t0 - 1, ','))
        return; /* "..., and the army said": a new statement, not inside */
    if ((prev->sp_orig >= 0 && prev->sp_orig == h->sp_orig) ||
        (prev->sp_end - prev->sp_start == h->sp_end - h->sp_start &&
         memcmp(st->t->orig + prev->sp_start, st->t->orig + h->sp_start,
                h->sp_end - h->sp_start) == 0))
        return;
    h->has_via = 1;
    h->via_start = prev->sp_start;
    h->via_end = prev->sp_end;
    h->via_orig = prev->sp_orig;
}

/* The original bytes of token k are an all-capitals word of three letters
 * or more ("BEIJING", "КИЕВ"): the place of a dateline. */
static int capital_word(const doc_state *st, uint32_t k)
{
    const rk_token *tk = &st->t->tokens[k];
    size_t os, oe, n = 0;
    if (tk->kind != RK_TOK_WORD)
        return 0;
    rk_text_orig_span(st->t, tk->start, tk->end, &os, &oe);
    const unsigned char *p = (const unsigned char *)st->t->orig;
    for (size_t i = os; i < oe; n++) {
        if (p[i] >= 'A' && p[i] <= 'Z') {
            i++;
        } else if (p[i] == 0xD0 && i + 1 < oe &&
                   ((p[i + 1] >= 0x90 && p[i + 1] <= 0xAF) || p[i + 1] == 0x81)) {
            i += 2; /* А-Я, Ё */
        } else {
            return 0;
        }
    }
    return n >= 3;
}

/* Sentence s opens a line with a dateline ("BEIJING: ...", "KARACHI: ..."). */
static int dateline_at(const doc_state *st, const rk_sentence *se)
{
    uint32_t k = se->first_token;
    if (se->n_tokens < 3 || (k ? !st->t->tokens[k].newline_before : st->mid_line) ||
        !capital_word(st, k))
        return 0;
    for (uint32_t j = k + 1; j < k + 4 && j < k + se->n_tokens; j++)
        if (punct_is(st, j, ':'))
            return 1;
        else if (!capital_word(st, j))
            return 0;
    return 0;
}

/* The running state of the document's lines: which numbers are another
 * story's. */
typedef struct lines_state {
    int datelines;    /* datelines seen: a second one starts another story */
    int elsewhere;    /* a paragraph about another event is running */
    int teaser_next;  /* the next line is a teaser's link */
} lines_state;

/* Decides whether the numbers of sentence se are this article's claims. */
static int sentence_skipped(const doc_state *st, const rk_sentence *se, lines_state *ls)
{
    uint32_t k = se->first_token;
    int new_line = (k == 0 && !st->mid_line) || st->t->tokens[k].newline_before;
    if (new_line && ls->elsewhere == 1)
        ls->elsewhere = 0;
    if (dateline_at(st, se) && ++ls->datelines > 1)
        ls->elsewhere = 2; /* the rest of the document */
    if (ls->elsewhere)
        return 1;
    if (ls->teaser_next && new_line) {
        ls->teaser_next = 0;
        return 1;
    }
    const occ *o = occ_of(st, k, LEX_TEASER);
    if (o && new_line) {
        ls->teaser_next = o->end >= k + se->n_tokens;
        return 1;
    }
    if ((o = occ_of(st, k, LEX_ELSEWHERE)) ||
        (k + 1 < k + se->n_tokens && st->t->tokens[k].kind == RK_TOK_PUNCT &&
         (o = occ_of(st, k + 1, LEX_ELSEWHERE)))) {
        ls->elsewhere = 1;
        return 1;
    }
    return 0;
}

/* An "elsewhere" cue before the number in its sentence ("..., and in a
 * similar accident in 2015, 40 died"). */
static int elsewhere_before(const doc_state *st, const sent_state *ss, uint32_t a)
{
    if (!(ss->types & LEX_BIT(LEX_ELSEWHERE)))
        return 0;
    FOR_OCCS(st, ss->s0, a, o)
        if (o->type == LEX_ELSEWHERE)
            return 1;
    return 0;
}

/* Whether unit is a span of time: the unit or one of the units of a
 * quantity the rules mark span="yes" (days, years). */
static int span_unit(const rk_engine *e, const char *unit)
{
    for (size_t i = 0; unit && i < e->n_quantities; i++) {
        const quantity_def *q = &e->quantities[i];
        if (q->span && ((q->unit && strcmp(q->unit, unit) == 0) || quantity_lists_unit(q, unit)))
            return 1;
    }
    return 0;
}

/* A span of time next to an "ago" word ("eight days ago", "قبل ثلاثة
 * أيام") dates something; it is not a figure. A measure in another unit is
 * ("after the magnitude 7.8 earthquake"). */
static int span_ago(const doc_state *st, const rk_number *nm)
{
    if (nm->kind != RK_KIND_MEASURE)
        return 0;
    int near = occ_of(st, nm->end_token, LEX_AGO) != NULL;
    uint32_t a = nm->first_token;
    for (uint32_t j = a > 3 ? a - 3 : 0; j < a && !near; j++) {
        const occ *o = occ_of(st, j, LEX_AGO);
        near = o && o->end == a;
    }
    return near && span_unit(st->e, nm->unit);
}

/* "several", "عدة", "несколько", "a few": a vague figure under ten is no
 * count anyone reports or disputes ("several hospitals", "عدة مبان"). */
static int a_few(const rk_number *nm)
{
    return nm->exactness == RK_EXACTNESS_VAGUE && nm->has_high && nm->high < 10;
}

/* "one of the worst", "في واحدة من أكثر", "один из": one written as a word
 * before "of" picks a member; it counts nothing. */
static int one_of(const doc_state *st, const rk_number *nm, uint32_t ca)
{
    if (!nm->has_low || !nm->has_high || nm->low != 1 || nm->high != 1)
        return 0;
    const rk_token *tk = &st->t->tokens[ca];
    if (tk->kind == RK_TOK_NUMBER)
        return 0;
    return occ_of(st, nm->end_token, LEX_OF) != NULL;
}

/* The sentence opens with a quotation mark: a quotation going on. */
static int opens_quote(const doc_state *st, const rk_sentence *se)
{
    return se->n_tokens > 1 && rk_claims_past_quotes(st, se->first_token,
                                                     se->first_token + se->n_tokens) !=
                                   se->first_token;
}

/* Word type `type` opens sentence se (alone or after a quote mark). */
static const occ *opener(const doc_state *st, const rk_sentence *se, lex_type type)
{
    uint32_t k = se->first_token;
    const occ *o = occ_of(st, k, type);
    if (!o && se->n_tokens > 1 && st->t->tokens[k].kind == RK_TOK_PUNCT)
        o = occ_of(st, k + 1, type);
    return o;
}

/* The last cue with a speaker of sentence se, parsed into h. */
static int last_cue_of(doc_state *st, const rk_sentence *se, cue_hit *h)
{
    int found = 0;
    cue_hit x;
    uint32_t s0 = se->first_token, s1 = se->first_token + se->n_tokens;
    FOR_OCCS(st, s0, s1, o) {
        if (o->type == LEX_CUE && rk_claims_parse_cue(st, o, s0, s1, &x) && x.has_speaker) {
            *h = x;
            found = 1;
        }
    }
    return found;
}

/* "X: ..." heading figures ("СМИ: число погибших ...", "محافظ بيروت
 * لـ\"العهد\": 200 ألف مشرد"): a phrase of a few words with a source noun,
 * then a colon, names the source of what follows. types: the sentence's
 * (sent_state.types): one without a source noun has no heading. */
static int headed_by(doc_state *st, const rk_sentence *se, uint64_t types, cue_hit *h)
{
    if (!(types & (LEX_BIT(LEX_SOURCE) | LEX_BIT(LEX_ORIG) | LEX_BIT(LEX_ORIG_REF))))
        return 0;
    uint32_t s0 = se->first_token, s1 = s0 + se->n_tokens, colon = 0, src = 0;
    for (uint32_t k = s0; k < s1 && k < s0 + 7; k++) {
        if (punct_is(st, k, ':')) {
            colon = k;
            break;
        }
        if (st->in_number[k])
            return 0;
        src |= occ_of(st, k, LEX_SOURCE) || occ_of(st, k, LEX_ORIG) || occ_of(st, k, LEX_ORIG_REF);
    }
    if (!colon || !src || colon == s0)
        return 0;
    memset(h, 0, sizeof *h);
    h->first = h->end = colon;
    h->clause = st->clause[colon];
    h->stmt = st->stmt[colon];
    h->opens = 1;
    /* the words up to the colon, as far as a speaker phrase goes */
    uint32_t k = s0;
    while (k < colon && st->t->tokens[k].kind == RK_TOK_WORD && !occ_of(st, k, LEX_STOP))
        k++;
    if (k == s0)
        return 0;
    rk_text_orig_span(st->t, st->t->tokens[s0].start, st->t->tokens[k - 1].end, &h->sp_start,
                      &h->sp_end);
    h->has_speaker = 1;
    return 1;
}

/* The cue occurrences of a window, as indices into occs in their order
 * (pick_occs(), or all the picked ones when the cues do not fit behind
 * them), and the first one begin_sentence() has not passed: a
 * sentence's cues are read from them, not from all its occurrences. at is
 * NULL when the shortcuts are off: every occurrence is then read. */
typedef struct cue_walk {
    uint32_t *at;
    size_t n, next;
    int all_picked; /* at holds every picked occurrence, not only cues */
} cue_walk;

/* The cues of a sentence claims_of() holds without an allocation: a
 * sentence with more takes them to the heap (begin_sentence()). */
#define CUES_AT_HAND 8

/* Parses the cue occurrence o of the sentence ss reads into its cues,
 * with the relayer or reporter the cue before it gives, and keeps the
 * running speaker in *last. -1 when out of memory. */
static inline int take_cue(doc_state *st, sent_state *ss, const occ *o, last_speaker *last)
{
    if (ss->n_cues == ss->cap_cues) { /* past claims_of()'s own CUES_AT_HAND */
        size_t cap = ss->cap_cues * 2;
        cue_hit *h = ss->cap_cues == CUES_AT_HAND ? malloc(cap * sizeof *h)
                                                  : realloc(ss->cues, cap * sizeof *h);
        if (!h)
            return -1;
        if (ss->cap_cues == CUES_AT_HAND)
            memcpy(h, ss->cues, ss->n_cues * sizeof *h);
        ss->cues = h;
        ss->cap_cues = cap;
    }
    cue_hit *h = &ss->cues[ss->n_cues];
    if (!rk_claims_parse_cue(st, o, ss->s0, ss->s1, h))
        return 0;
    ss->n_cues++;
    if ((h->flags & LEXF_CUE_BACK) && h->has_speaker && !h->has_via && ss->n_cues > 1)
        relayer_from(st, &ss->cues[ss->n_cues - 2], h);
    else if (ss->n_cues > 1)
        reporter_from(st, &ss->cues[ss->n_cues - 2], h);
    if (h->has_speaker) { /* the running speaker, for "وأضاف" */
        *last = (last_speaker){1,           h->has_via,   h->sp_start, h->sp_end,
                               h->via_start, h->via_end,   h->sp_orig,  h->via_orig};
    } else if (last->has_speaker) {
        h->has_speaker = 1;
        h->has_via = last->has_via;
        h->sp_start = last->sp_start;
        h->sp_end = last->sp_end;
        h->via_start = last->via_start;
        h->via_end = last->via_end;
        h->sp_orig = last->sp_orig;
        h->via_orig = last->via_orig;
    }
    return 0;
}

/* Reads sentence s into ss: whether it is skipped, its cues, and the
 * source it goes on with; numbered is 0 when it holds no number, so that
 * nothing reads that source. */
static rk_status begin_sentence(doc_state *st, sent_state *ss, uint32_t s, last_speaker *last,
                                lines_state *ls, cue_hit *prev_cue, int *has_prev_cue,
                                int numbered, const uint64_t *sent_types, cue_walk *cw,
                                rk_error *err)
{
    const rk_sentence *se = &st->t->sentences[s];
    ss->s0 = se->first_token;
    ss->s1 = se->first_token + se->n_tokens;
    ss->skip = sentence_skipped(st, se, ls);
    ss->n_cues = 0;
    ss->cue_cursor = 0;
    ss->prev_claim = -1;
    ss->year_tok = -1;
    /* the types of the occurrences starting in the sentence (a sentence
     * without a cue has no cue to parse) */
    uint64_t types = sent_types ? sent_types[s] : ~UINT64_C(0);
    ss->types = types;
    uint32_t lim = (types & LEX_BIT(LEX_CUE)) ? ss->s1 : ss->s0;
    if (cw->at) { /* the sentences come in order: past the cues before this one */
        size_t i = cw->next;
        while (i < cw->n && st->occs[cw->at[i]].first < ss->s0)
            i++;
        cw->next = i;
        for (; i < cw->n && st->occs[cw->at[i]].first < lim; i++)
            if ((!cw->all_picked || st->occs[cw->at[i]].type == LEX_CUE) &&
                take_cue(st, ss, &st->occs[cw->at[i]], last) < 0)
                return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    } else {
        FOR_OCCS(st, ss->s0, lim, o)
            if (o->type == LEX_CUE && take_cue(st, ss, o, last) < 0)
                return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (!numbered && rk_claims_shortcuts) {
        /* No figure reads its source: only what finding it does to the
         * document's state must happen as it would, reading the next
         * sentence's cues when the heading does not name one. */
        ss->has_carried = 0;
        if (s + 1 < st->t->n_sentences && opener(st, &st->t->sentences[s + 1], LEX_BACK) &&
            !headed_by(st, se, ss->types, &ss->carried))
            last_cue_of(st, &st->t->sentences[s + 1], &ss->carried);
        ss->has_agent = !ss->n_cues && rk_claims_agent(st, ss->s0, ss->s1, &ss->agent);
        goto last_source;
    }
    /* The source a sentence with no cue of its own goes on with: a heading
     * "X:", the next sentence when it names this one's ("Об этом сообщает
     * Reuters"), or the previous one's when this goes on with it ("بينما
     * ...", a quotation going on). */
    ss->has_carried = headed_by(st, se, ss->types, &ss->carried);
    if (!ss->has_carried && s + 1 < st->t->n_sentences &&
        opener(st, &st->t->sentences[s + 1], LEX_BACK))
        ss->has_carried = last_cue_of(st, &st->t->sentences[s + 1], &ss->carried);
    if (!ss->has_carried && *has_prev_cue &&
        (opener(st, se, LEX_CONTINUE) || opens_quote(st, se))) {
        ss->carried = *prev_cue;
        ss->has_carried = 1;
    }
    ss->has_agent = !ss->n_cues && rk_claims_agent(st, ss->s0, ss->s1, &ss->agent);
    if (ss->has_carried) {
        ss->carried.opens = 1;
        ss->carried.flags &= (uint16_t)~(LEXF_CUE_CLAUSE | LEXF_CUE_BACK);
    }
last_source: /* this sentence's last source, for the next one */
    for (size_t i = ss->n_cues; i-- > 0;)
        if (ss->cues[i].has_speaker) {
            *prev_cue = ss->cues[i];
            *has_prev_cue = 1;
            break;
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

/* Tokens [from, to) hold nothing but punctuation, subject or nationality
 * nouns and one-word joiners: what separates the items of a list
 * ("Syrians (47), Egyptians (43), as well as 12 Pakistanis"). */
static int list_gap(const doc_state *st, uint32_t from, uint32_t to)
{
    if (from >= to || to - from > 8)
        return 0;
    for (uint32_t k = from; k < to;) {
        const rk_token *tk = &st->t->tokens[k];
        const occ *o;
        if (tk->kind == RK_TOK_PUNCT && !punct_is(st, k, '.')) {
            k++;
        } else if ((o = occ_of(st, k, LEX_SUBJ)) || (o = occ_of(st, k, LEX_NATION)) ||
                   (o = occ_of(st, k, LEX_STOP)) || (o = occ_of(st, k, LEX_BREAKDOWN))) {
            k = o->end;
        } else {
            return 0;
        }
    }
    return 1;
}

/* A revise word ends right before token a ("down from the 18", "and not
 * 79"), after the previous claim at `from`. */
static int revises(const doc_state *st, uint32_t from, uint32_t a)
{
    for (uint32_t j = a > from + 4 ? a - 4 : from; j < a; j++) {
        const occ *o = occ_of(st, j, LEX_REVISE);
        if (o && (o->end == a || (o->end + 1 == a && occ_of(st, o->end, LEX_ARTICLE))))
            return 1;
    }
    return 0;
}

/* A correct word ends right before token a ("and not 79"). */
static int corrects(const doc_state *st, uint32_t from, uint32_t a)
{
    for (uint32_t j = a > from + 4 ? a - 4 : from; j < a; j++) {
        const occ *o = occ_of(st, j, LEX_CORRECT);
        if (o && (o->end == a || (o->end + 1 == a && occ_of(st, o->end, LEX_ARTICLE))))
            return 1;
    }
    return 0;
}

/* A breakdown word between token `from` and token a, or NULL. */
static const occ *breakdown_between(const doc_state *st, uint32_t from, uint32_t a)
{
    const occ *b = NULL;
    for (uint32_t k = from; k < a; k++) {
        const occ *o = occ_of(st, k, LEX_BREAKDOWN);
        if (o)
            b = o;
    }
    return b;
}

/* A comma-bounded aside opened by an attribution cue whose speaker follows
 * it, holding no number: ", по разным данным,", ", according to the
 * agency,". */
static int cue_aside(const doc_state *st, uint32_t k)
{
    const occ *o = occ_of(st, k + 1, LEX_CUE);
    return o && !(occ_lex(st, o)->flags & LEXF_CUE_BEFORE) && !st->in_number[k + 1];
}

/* A bracket or a comma-bounded aside opened by a breakdown word belongs to
 * the clause around it: "Syrians (47)" is part of "the rescued migrants are
 * mostly Syrians", and in "seven people, including three Lebanese, remained
 * missing" the verb after the aside is the seven's. So does an aside that
 * only says who says so: "на борту которого находилось, по разным данным,
 * от 400 до 750 человек". Relabels the clause of the aside and of what
 * follows it to the clause before it. This for the aside opening at
 * token k (1 <= k, k + 2 < n_tokens): returns the token closing it, 0
 * when none opens there. */
static uint32_t join_aside(doc_state *st, uint32_t k)
{
    const rk_text *t = st->t;
    uint32_t open = k, close = 0;
    if (punct_is(st, k, '(')) {
        for (uint32_t j = k + 1; j < t->n_tokens && j <= k + 4; j++)
            if (punct_is(st, j, ')')) {
                close = j;
                break;
            }
        int num = 0;
        for (uint32_t j = k + 1; close && j < close; j++)
            num |= st->in_number[j];
        if (!close || !num)
            return 0;
    } else if (punct_is(st, k, ',') && (occ_of(st, k + 1, LEX_BREAKDOWN) || cue_aside(st, k))) {
        int cue = !occ_of(st, k + 1, LEX_BREAKDOWN);
        for (uint32_t j = k + 2; j < t->n_tokens && j <= k + (cue ? 8 : 12); j++) {
            if (t->tokens[j].sentence != t->tokens[k].sentence || st->stmt[j] != st->stmt[k])
                break;
            if (cue && st->in_number[j])
                break; /* "..., according to X, 57 died" keeps its figure apart */
            if (punct_is(st, j, ',')) {
                close = j;
                break;
            }
        }
        if (!close)
            return 0;
    } else {
        return 0;
    }
    if (t->tokens[open - 1].sentence != t->tokens[close].sentence)
        return 0;
    uint32_t outer = st->clause[open - 1], after = close + 1 < t->n_tokens
                                                      ? st->clause[close + 1] : 0;
    for (uint32_t j = open; j <= close; j++)
        st->clause[j] = outer;
    for (uint32_t j = close + 1; j < t->n_tokens && st->clause[j] == after &&
                                 t->tokens[j].sentence == t->tokens[close].sentence; j++)
        st->clause[j] = outer;
    return close;
}

/* Relabels every aside of the text (join_aside()). */
static void join_asides(doc_state *st)
{
    const rk_text *t = st->t;
    if (st->aside_bits) { /* only where pick_occs() and mark_numbers() saw one may open */
        uint32_t next = 1;
        for (size_t w = 0; w <= t->n_tokens / 64; w++)
            for (uint64_t b = st->aside_bits[w]; b; b &= b - 1) {
                uint32_t k = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b)), close;
                /* only a bracket or a comma opens one: a word, most marks, not */
                if (k < next || k + 2 >= t->n_tokens || t->tokens[k].kind != RK_TOK_PUNCT)
                    continue;
                close = join_aside(st, k);
                next = close ? close + 1 : k + 1;
            }
        return;
    }
    for (uint32_t k = 1; k + 2 < t->n_tokens; k++) {
        uint32_t close = join_aside(st, k);
        if (close)
            k = close;
    }
}

/* The dates with a month name among the numbers of the sentence that
 * starts at nums->items[i] ("as of 13 June", «حتى 13 يونيو 2023»), with the
 * year written right after one. */
static void sentence_dates(sent_state *ss, const rk_numlist *nums, size_t i)
{
    ss->n_dates = 0;
    uint32_t s = nums->items[i].sentence;
    for (size_t k = i; k < nums->n && nums->items[k].sentence == s; k++) {
        const rk_number *n = &nums->items[k];
        if (n->kind == RK_KIND_YEAR && n->has_low && ss->n_dates &&
            ss->dates[ss->n_dates - 1].end == n->first_token)
            ss->dates[ss->n_dates - 1].year = (int)n->low;
        if (n->kind != RK_KIND_DATE || !n->month || !n->has_low || n->low < 1 || n->low > 31 ||
            ss->n_dates == RK_SENT_DATES)
            continue;
        ss->dates[ss->n_dates].first = n->first_token;
        ss->dates[ss->n_dates].end = n->end_token;
        ss->dates[ss->n_dates].day0 = (uint8_t)n->low;
        ss->dates[ss->n_dates].day1 =
            (uint8_t)(n->has_high && n->high >= n->low && n->high <= 31 ? n->high : n->low);
        ss->dates[ss->n_dates].month = n->month;
        ss->dates[ss->n_dates].year = 0;
        ss->n_dates++;
    }
}

/* What a window of a long document hands to the next, as reading a
 * sentence hands it to the next sentence: the running speaker (original
 * offsets), the state of its lines, the last source named (its token
 * fields cleared between windows) and the last typed count. */
typedef struct carry {
    last_speaker last;
    lines_state ls;
    cue_hit prev_cue;
    int has_prev_cue;
    long typed_at;       /* index of the claim, -1 none */
    uint32_t typed_sent; /* its sentence in the document */
    int more;            /* a window follows this one */
    rk_claim_pool pool;  /* where the claims' strings go */
} carry;

static rk_status claims_of(doc_state *st, const rk_numlist *nums, const uint64_t *sent_types,
                           cue_walk *cw, size_t doc_index, carry *cy, rk_claim **claims,
                           size_t *n, size_t *cap, rk_error *err)
{
    sent_state ss = {0};
    cue_hit at_hand[CUES_AT_HAND];
    ss.cues = at_hand;
    ss.cap_cues = CUES_AT_HAND;
    rk_status rs = RK_OK;
    long cur = -1, head_at = -1;
    size_t prev_sp_start = 0, prev_sp_len = 0;
    const uint32_t sb = st->sent_base; /* sentences before this window */
    const char *doc_id = st->doc->id ? st->doc->id : "";
    size_t nid = strlen(doc_id);
    if (st->window)
        rk_claims_doc_places(st);
    else if (st->t->n_sentences)
        rk_claims_event_places(st, st->t->sentences[0].first_token,
                               st->t->sentences[0].first_token + st->t->sentences[0].n_tokens);
    for (size_t i = 0; i < nums->n && rs == RK_OK; i++) {
        const rk_number *nm = &nums->items[i];
        if ((long)nm->sentence != cur) {
            for (long s = cur + 1; s <= (long)nm->sentence && rs == RK_OK; s++)
                rs = begin_sentence(st, &ss, (uint32_t)s, &cy->last, &cy->ls, &cy->prev_cue,
                                    &cy->has_prev_cue, s == (long)nm->sentence, sent_types,
                                    cw, err);
            cur = nm->sentence;
            head_at = -1;
            if (rs != RK_OK)
                break;
            sentence_dates(&ss, nums, i);
        }
        if (nm->kind == RK_KIND_YEAR && nm->has_low) {
            ss.year_tok = nm->first_token;
            ss.year = nm->low;
        }
        uint32_t ca, cb;
        if (!RK_KIND_IS_CLAIMABLE(nm->kind) || nm->end_token <= nm->first_token)
            continue;
        core_tokens(st->t, nm, &ca, &cb);
        if (lone_singular(st, nm, ca, cb) || ss.skip || one_of(st, nm, ca) || span_ago(st, nm) ||
            elsewhere_before(st, &ss, nm->first_token) || a_few(nm))
            continue;
        if (push_claim(claims, n, cap) < 0) {
            rs = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        rk_claim *c = &(*claims)[*n];
        const rk_claim *prev = ss.prev_claim >= 0 ? &(*claims)[ss.prev_claim] : NULL;
        /* the count a breakdown word after it opened, in this sentence or,
         * when the breakdown opens this one, the previous */
        const occ *bd = breakdown_between(st, prev ? ss.prev_end : ss.s0, nm->first_token);
        if (bd && cy->typed_at >= 0 && (*claims)[cy->typed_at].sentence + 1 >= sb + nm->sentence &&
            ((*claims)[cy->typed_at].sentence == sb + nm->sentence || bd->first == ss.s0 ||
             bd->first == ss.s0 + 1))
            head_at = cy->typed_at;
        ss.head = head_at >= 0 ? &(*claims)[head_at] : NULL;
        ss.list = prev && prev->quantity &&
                          (list_gap(st, ss.prev_end, nm->first_token) ||
                           revises(st, ss.prev_end, nm->first_token) ||
                           corrects(st, ss.prev_end, nm->first_token))
                      ? prev : NULL;
        /* a toll named again counts what the last typed count of this or
         * the previous sentence counted */
        const rk_claim *typed = cy->typed_at >= 0 && sb + nm->sentence <= cy->typed_sent + 1
                                    ? &(*claims)[cy->typed_at] : NULL;
        /* all but the place buffer, which rk_claims_place() fills (and
         * place_len bounds): zeroing its 160 bytes for every claim cost
         * more than the rest */
        draft d;
        _Static_assert(offsetof(draft, place_len) == offsetof(draft, place) + sizeof d.place &&
                           offsetof(draft, place_len) + sizeof d.place_len == sizeof d,
                       "the place buffer and its length end the draft");
        rk_zero(&d, offsetof(draft, place));
        d.place_len = 0;
        d.orig = -1;
        claim_basics(st, nm, doc_index, c);
        (*n)++;
        ss.cur = (uint32_t)i + 1;
        rk_claims_type(st, &ss, prev, typed, nm->first_token, cb, nm->end_token, c);
        if (c->quantity && c->kind == RK_KIND_COUNT) {
            cy->typed_at = (long)*n - 1;
            cy->typed_sent = sb + nm->sentence;
        }
        rk_claims_attribute_and_date(st, &ss, prev, ca, nm->end_token, c, &d);
        if (!c->scope && c->quantity && c->kind == RK_KIND_COUNT)
            d.place_len = rk_claims_place(st, &ss, nm->first_token, nm->end_token, d.place,
                                          sizeof d.place);
        rk_claims_status(st, &ss, nm->first_token, nm->end_token, &d);
        if (!d.status && prev && ss.list == prev && corrects(st, ss.prev_end, nm->first_token)) {
            /* "78 bodies, and not 79 as reported": corrected by whoever gave
             * the figure before it */
            d.status = RK_STATUS_DISPUTED;
            d.has_status_by = prev_sp_len > 0;
            d.by_start = prev_sp_start;
            d.by_end = prev_sp_start + prev_sp_len;
        }
        /* "down from the 18", "and not 79": the figure revised came first */
        if (prev && ss.list == prev && (revises(st, ss.prev_end, nm->first_token) ||
                                        corrects(st, ss.prev_end, nm->first_token)))
            d.earlier = 1;
        prev_sp_start = d.sp_start;
        prev_sp_len = d.has_speaker ? d.sp_end - d.sp_start : 0;
        c->earlier = (uint8_t)d.earlier;
        int32_t og = d.orig >= 0 ? d.orig : d.has_speaker ? -1 : st->doc_orig;
        if (og >= 0) {
            c->originator = st->e->origs[og].id;
            c->originator_kind = rk_claims_orig_kind_name(st->e->origs[og].kind);
        }
        if (pack(st, &cy->pool, doc_id, nid, &d, c) < 0)
            rs = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        ss.prev_claim = (long)*n - 1;
        ss.prev_tok = nm->first_token;
        ss.prev_end = nm->end_token;
    }
    /* the sentences after the window's last number, read as the next
     * number would read them; then the last source's tokens, this
     * window's, go */
    for (long s = cur + 1; cy->more && rs == RK_OK && s < (long)st->t->n_sentences; s++)
        rs = begin_sentence(st, &ss, (uint32_t)s, &cy->last, &cy->ls, &cy->prev_cue,
                            &cy->has_prev_cue, 0, sent_types, cw, err);
    if (cy->more) {
        cue_hit *h = &cy->prev_cue;
        h->first = h->end = h->sp_t0 = h->sp_t1 = h->via_t0 = h->via_t1 = 0;
        h->clause = h->stmt = UINT32_MAX;
    }
    if (ss.cues != at_hand)
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
        uint8_t mark = RK_KIND_IS_CLAIMABLE(nl->items[i].kind) ? 3 : 1;
        /* a date with its month: the month's word with it ("June 14",
         * «14 июня») */
        if (nl->items[i].kind == RK_KIND_DATE && nl->items[i].month) {
            mark = 2;
            ca = nl->items[i].first_token;
            cb = nl->items[i].end_token;
        }
        for (uint32_t k = ca; k < cb && k < st->t->n_tokens; k++)
            st->in_number[k] = mark;
        if (!st->aside_bits)
            continue;
        /* a bracket up to three tokens before a number may open an aside */
        uint32_t hi = cb - 1 < st->t->n_tokens ? cb - 1 : (uint32_t)st->t->n_tokens;
        for (uint32_t k = ca > 3 ? ca - 3 : 0; k < hi; k++)
            st->aside_bits[k / 64] |= UINT64_C(1) << (k % 64);
    }
}

/* Whether rk_claims_own_pred() can find no noun for the number nm: every
 * token it reads lies in the sentence of the number's last token when the
 * number starts in that sentence too, and that sentence has no predicate
 * (sent_types, NULL when the shortcuts are off: it can). */
static int no_own_pred(const doc_state *st, const uint64_t *sent_types, const rk_number *nm)
{
    if (!sent_types)
        return 0;
    uint32_t s = st->t->tokens[nm->end_token - 1].sentence;
    return nm->first_token >= st->t->sentences[s].first_token &&
           !(sent_types[s] & LEX_BIT(LEX_PRED));
}

/* Whether predicate o, right before number i, is rather the verb after the
 * people noun of the number before it, which has no predicate of its own
 * yet: in "أن 12 شخصاً قتلوا ونحو 80 آخرين أصيبوا" قتلوا is the 12's, not
 * the 80's, while in "مقتل 12 شخصاً وإصابة 80" the 12 already owns مقتل
 * and إصابة stays the 80's. */
static int verb_of_previous(const doc_state *st, const rk_numlist *nl, size_t i, const occ *o)
{
    if (i == 0 || st->owned[i - 1])
        return 0;
    const rk_number *nm = &nl->items[i - 1];
    if (!RK_KIND_IS_CLAIMABLE(nm->kind) || nm->end_token <= nm->first_token ||
        nm->end_token > nl->items[i].first_token)
        return 0;
    /* the third pass reads a people noun right after that number, or past
     * an aside that punctuation opens: without either it finds nothing
     * (most figures: "killed 5 and injured 10") */
    uint32_t k = nm->end_token;
    if (k < st->t->n_tokens && st->t->tokens[k].kind != RK_TOK_PUNCT &&
        !(st->occ_types[k] & LEX_BIT(LEX_SUBJ)))
        return 0;
    uint32_t ca, cb;
    core_tokens(st->t, nm, &ca, &cb);
    return rk_claims_own_pred(st, nm->first_token, ca, cb, nm->end_token, nm->kind, 3) == o;
}

/* Gives each number's own noun to it ("135 قتيلا ونحو 5 آلاف جريح": جريح is
 * the 5,000's), so no other number takes that noun as its predicate. nl
 * holds at most the numbers and singulars window_arrays() sized owned for. */
static rk_status own_nouns(doc_state *st, const rk_numlist *nl, const uint64_t *sent_types,
                           rk_error *err)
{
    (void)err; /* owner and owned come zeroed from window_arrays() */
    for (int pass = 1; pass <= 3; pass++)
        for (size_t i = 0; i < nl->n; i++) {
            const rk_number *nm = &nl->items[i];
            uint32_t ca, cb;
            if (st->owned[i] || !RK_KIND_IS_CLAIMABLE(nm->kind) ||
                nm->end_token <= nm->first_token || no_own_pred(st, sent_types, nm))
                continue;
            core_tokens(st->t, nm, &ca, &cb);
            /* a number after its noun («قتل جندي واحد وأصيب ...») owns the
             * predicate before the noun first: the one after starts the
             * next figure's clause, as after «قتل خمسة جنود» */
            int p = nm->after_noun && pass < 3 ? 3 - pass : pass;
            const occ *o = rk_claims_own_pred(st, nm->first_token, ca, cb, nm->end_token,
                                              nm->kind, p);
            if (o && p == 2 && verb_of_previous(st, nl, i, o))
                continue; /* pass 3 gives it to the number before */
            if (o && !st->owner[o - st->occs]) {
                st->owner[o - st->occs] = (uint32_t)i + 1;
                st->owned[i] = (uint32_t)(o - st->occs) + 1;
            }
        }
    return RK_OK;
}

/* The outlet names last read on this thread, with what each gave: a batch
 * of news comes from a few dozen outlets, and reading a name (a text build
 * and a match) cost 1.6% of extraction. A name gives its originator only
 * for one engine and language, so both are part of the key. Names too long
 * for the buffer are read every time; the oldest entry gives way. */
#define OUTLETS_KEPT 32
typedef struct outlet_kept {
    uint64_t engine; /* rk_engine.serial; 0: an empty entry */
    int orig;
    uint8_t n, nl;   /* bytes of name and lang */
    char lang[22];   /* the document's language tag, as given */
    char name[96];
} outlet_kept;
static _Thread_local struct {
    outlet_kept e[OUTLETS_KEPT];
    unsigned next; /* the entry to replace */
} outlets;

static rk_status outlet_read(doc_state *st, const char *src, size_t n, rk_error *err);

/* The originator the document's outlet names ("Bangkok Post (Reuters)":
 * reuters), for claims with no speaker: the outlet speaks for itself. Read
 * with the document language's vocabulary. */
static rk_status outlet_originator(doc_state *st, rk_error *err)
{
    const char *src = st->doc->source.value;
    st->doc_orig = -1;
    if (!src || !*src)
        return RK_OK;
    const char *lang = st->doc->language.value ? st->doc->language.value : "";
    size_t n = strlen(src), nl = strlen(lang);
    int keep = n < sizeof outlets.e[0].name && nl < sizeof outlets.e[0].lang;
    for (size_t i = 0; keep && i < OUTLETS_KEPT; i++) {
        const outlet_kept *k = &outlets.e[i];
        if (k->engine == st->e->serial && k->n == n && k->nl == nl &&
            memcmp(k->name, src, n) == 0 && memcmp(k->lang, lang, nl) == 0) {
            st->doc_orig = k->orig;
            return RK_OK;
        }
    }
    rk_status rs = outlet_read(st, src, n, err);
    if (rs == RK_OK && keep) {
        outlet_kept *k = &outlets.e[outlets.next++ % OUTLETS_KEPT];
        *k = (outlet_kept){.engine = st->e->serial, .orig = st->doc_orig, .n = (uint8_t)n,
                           .nl = (uint8_t)nl};
        memcpy(k->name, src, n);
        memcpy(k->lang, lang, nl);
    }
    return rs;
}

/* outlet_originator() for a name src[0..n) not kept: builds its text and
 * matches it. */
static rk_status outlet_read(doc_state *st, const char *src, size_t n, rk_error *err)
{
    doc_state o = {.e = st->e, .doc = st->doc, .ds = st->ds};
    rk_text *t = NULL;
    rk_error e2;
    if (rk_text_build(src, n, st->doc->language.value, &t, &e2) != RK_OK)
        return e2.code == RK_ERR_NOMEM ? rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory")
                                       : RK_OK; /* a name that is no text names nothing */
    o.t = t;
    rk_status rs = rk_claims_match(&o, err);
    for (size_t i = 0; rs == RK_OK && i < o.n_occs; i++)
        if (o.occs[i].type == LEX_ORIG && st->e->lex[o.occs[i].lex].target >= 0) {
            /* the agency an outlet names in brackets is who reported it */
            st->doc_orig = st->e->lex[o.occs[i].lex].target;
        }
    rk_claims_match_free(&o);
    rk_text_free(t);
    return rs;
}

/* 1 for the types doc_state.picked holds: predicates, subjects, cues,
 * breakdown words and place words (the second row); the first row, for a
 * document with no singular claim to look for (doc_settings.singulars),
 * leaves out the predicates and subjects, which only with_singulars()
 * reads there. */
static const uint8_t picked_type[2][64] = {
    {[LEX_CUE] = 1, [LEX_BREAKDOWN] = 1, [LEX_PLACE] = 1, [LEX_PLACE_NOUN] = 1,
     [LEX_PLACE_AFTER] = 1},
    {[LEX_PRED] = 1, [LEX_SUBJ] = 1, [LEX_CUE] = 1, [LEX_BREAKDOWN] = 1, [LEX_PLACE] = 1,
     [LEX_PLACE_NOUN] = 1, [LEX_PLACE_AFTER] = 1},
};

/* Picks the occurrences of those types into st->picked, in one walk of
 * them all where each walk of a window looking for a few of them took its
 * own, and marks in st->aside_bits the tokens a cue or a breakdown word
 * follows (mark_numbers() marks those before a number), and the cues
 * into cw. Nothing when the shortcuts are off: every walk then reads every
 * occurrence. */
static rk_status pick_occs(doc_state *st, cue_walk *cw, rk_error *err)
{
    (void)err; /* picked and aside_bits come from window_arrays() */
    if (!rk_claims_shortcuts)
        return RK_OK;
    uint32_t *p = st->picked;
    const occ *o = st->occs;
    const uint8_t *picked = picked_type[st->ds->singulars != 0];
    size_t n = 0, i = 0, no = st->n_occs;
    /* no branch, as most are not picked; two at a step */
    for (; i + 2 <= no; i += 2) {
        p[n] = (uint32_t)i;
        n += picked[o[i].type];
        p[n] = (uint32_t)i + 1;
        n += picked[o[i + 1].type];
    }
    if (i < no) {
        p[n] = (uint32_t)i;
        n += picked[o[i].type];
    }
    st->n_picked = n;
    /* the cues behind the picked ones, last first, while they fit (a
     * larger block cost malloc() more than the walk saves) */
    size_t top = no;
    cw->all_picked = 0;
    for (size_t j = 0; j < n; j++) {
        const occ *q = &o[p[j]];
        if (q->type == LEX_CUE && !cw->all_picked) {
            if (top > n)
                p[--top] = p[j];
            else
                cw->all_picked = 1;
        }
        if ((q->type == LEX_CUE || q->type == LEX_BREAKDOWN) && q->first > 0)
            st->aside_bits[(q->first - 1) / 64] |= UINT64_C(1) << ((q->first - 1) % 64);
    }
    if (cw->all_picked) {
        cw->at = p;
        cw->n = n;
    } else { /* in their order */
        cw->at = p + top;
        cw->n = no - top;
        for (size_t a = 0, b = cw->n; a + 1 < b; a++, b--) {
            uint32_t x = cw->at[a];
            cw->at[a] = cw->at[b - 1];
            cw->at[b - 1] = x;
        }
    }
    return RK_OK;
}

/* The arrays a window's claims are read with, in one allocation that
 * st->owner heads (five allocations a document cost more than their
 * zeroing): owner and owned, zeroed, with owned sized for the numbers
 * (n_numbers) and as many singulars as there are occurrences
 * (with_singulars() adds at most one an occurrence); with the shortcuts,
 * aside_bits, zeroed, then picked with the cues of cw behind
 * (pick_occs()). window_free() frees it. */
static rk_status window_arrays(doc_state *st, size_t n_numbers, cue_walk *cw, rk_error *err)
{
    const rk_text *t = st->t;
    size_t n_owner = st->n_occs, n_owned = n_numbers + st->n_occs;
    size_t at_bits = (n_owner + n_owned) * sizeof(uint32_t);
    at_bits = (at_bits + 7) & ~(size_t)7; /* the 64-bit arrays after them aligned */
    size_t zeroed = at_bits, len = at_bits;
    if (rk_claims_shortcuts) {
        zeroed += (t->n_tokens / 64 + 1) * sizeof(uint64_t);
        len = zeroed + st->n_occs * sizeof(uint32_t);
    }
    char *b = rk_scratch_take(RK_SCRATCH_WINDOW, len ? len : 1);
    if (!b)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    memset(b, 0, zeroed);
    st->owner = (uint32_t *)(void *)b;
    st->owned = st->owner + n_owner;
    if (rk_claims_shortcuts) {
        st->aside_bits = (uint64_t *)(void *)(b + at_bits);
        st->picked = (uint32_t *)(void *)(b + zeroed);
    }
    return RK_OK;
}

/* Frees what a window's text gave the document state, for the next window. */
static void window_free(doc_state *st)
{
    /* window_arrays()' block: owned, picked and aside_bits too */
    rk_scratch_give(RK_SCRATCH_WINDOW, st->owner);
    st->owner = NULL;
    st->owned = NULL;
    st->picked = NULL;
    st->aside_bits = NULL;
    st->n_picked = 0;
    rk_claims_match_free(st);
    st->ph_t0 = st->ph_t1 = 0;
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

/* A body up to RK_WHOLE bytes is read as one text; a longer one in windows
 * of about RK_WINDOW bytes of whole lines, so that a document's working
 * memory (the normalised view, its offset map, tokens and matches: some
 * 16 bytes a byte of text) is a window's, not the document's. */
#define RK_WHOLE ((size_t)4 << 20)
#define RK_WINDOW ((size_t)1 << 20)

static int blank_before(const char *b, size_t lo, size_t p)
{
    size_t q = p - 1; /* b[q] is the line break */
    while (q > lo && (b[q - 1] == ' ' || b[q - 1] == '\t' || b[q - 1] == '\r'))
        q--;
    return q > lo && b[q - 1] == '\n';
}

/* Where the window of body b (len bytes) that starts at base ends: the
 * rest, when short; else after the last blank line of the window's second
 * half, or else its last line break (a line break ends every sentence);
 * a line longer than half a window is cut after a full stop and a space,
 * else after a space, else before a character. */
static size_t window_end(const char *b, size_t len, size_t base, size_t whole, size_t window)
{
    if ((!base && len <= whole) || len - base <= window + window / 2)
        return len;
    size_t hi = base + window, lo = base + window / 2, nl = 0;
    for (size_t p = hi; p > lo; p--)
        if (b[p - 1] == '\n') {
            if (blank_before(b, lo, p))
                return p;
            if (!nl)
                nl = p;
        }
    if (nl)
        return nl;
    for (size_t p = hi; p > lo + 1; p--)
        if (b[p - 1] == ' ' && (b[p - 2] == '.' || b[p - 2] == '!' || b[p - 2] == '?'))
            return p;
    for (size_t p = hi; p > lo; p--)
        if (b[p - 1] == ' ' || b[p - 1] == '\t')
            return p;
    size_t p = hi;
    while (p > lo && ((unsigned char)b[p] & 0xC0) == 0x80)
        p--;
    return p;
}

/* Reads the window [base, end) of the document into claims. */
static rk_status extract_window(doc_state *st, size_t base, size_t end, size_t doc_index,
                                carry *cy, rk_claim **claims, size_t *n, size_t *cap,
                                rk_error *err)
{
    const rk_document *doc = st->doc;
    rk_text *t = NULL;
    rk_numlist nl = {0}, all = {0};
    cue_walk cw = {0};
    /* a body its reader checked is not read for UTF-8 again */
    rk_status rs = (doc->body_utf8 ? rk_text_build_window_valid : rk_text_build_window)(
        doc->body ? doc->body : "", base, end - base, doc->language.value, &t, err);
    if (rs != RK_OK)
        return rs == RK_ERR_UTF8 ? text_error(doc, err) : rs;
    st->t = t;
    /* the sentence ends the rules know and ICU's abbreviations hide */
    if ((rs = rk_text_end_sentences_after(t, st->ds->sentence_ends, st->ds->n_sentence_ends,
                                          err)) != RK_OK ||
        (rs = rk_numbers_find(st->e->numbers, t, &nl, err)) != RK_OK ||
        (rs = rk_claims_match(st, err)) != RK_OK ||
        (rs = window_arrays(st, nl.n, &cw, err)) != RK_OK ||
        (rs = pick_occs(st, &cw, err)) != RK_OK)
        goto done;
    /* The matcher's types of each sentence (doc_state.sent_types): the
     * scans that ask (the sentence's cues, the number's own noun) read them
     * once for each sentence where they would each read its tokens. NULL
     * when the shortcuts are off: every scan then runs. */
    const uint64_t *sent_types = rk_claims_shortcuts ? st->sent_types : NULL;
    nouns_before(st, &nl);
    mark_numbers(st, &nl);
    st->nums = &nl;
    join_asides(st);
    if ((rs = with_singulars(st, &nl, &all, err)) != RK_OK ||
        (rs = own_nouns(st, &all, sent_types, err)) != RK_OK)
        goto done;
    cy->more = end < doc->body_len;
    rs = claims_of(st, &all, sent_types, &cw, doc_index, cy, claims, n, cap, err);
    st->sent_base += (uint32_t)t->n_sentences;
    /* the places of this window that the next ones read */
    if (rs == RK_OK && cy->more)
        rs = rk_claims_keep_places(st, err);
done:
    if (all.items != nl.items)
        free(all.items);
    rk_numlist_free(&nl);
    window_free(st);
    rk_text_free(t);
    st->t = NULL;
    st->nums = NULL;
    return rs;
}

/* Drops the claims of the document past its first max (0: none dropped),
 * counting them into *dropped. */
static void keep_first(rk_claim *claims, size_t n0, size_t *n, size_t max, size_t *dropped)
{
    if (!max || *n - n0 <= max)
        return;
    for (size_t i = n0 + max; i < *n; i++)
        rk_claim_clear(&claims[i]);
    *dropped += *n - (n0 + max);
    *n = n0 + max;
}

static rk_status extract_windows(const rk_engine *e, const rk_document *doc, size_t doc_index,
                                 size_t whole, size_t window, size_t max_claims, size_t *found,
                                 rk_claim **claims, size_t *n, size_t *cap, rk_error *err);

rk_status rk_extract_document(const rk_engine *e, const rk_document *doc, size_t doc_index,
                              rk_claim **claims, size_t *n, size_t *cap, rk_error *err)
{
    return extract_windows(e, doc, doc_index, RK_WHOLE, RK_WINDOW, 0, NULL, claims, n, cap, err);
}

rk_status rk_extract_document_windowed(const rk_engine *e, const rk_document *doc,
                                       size_t doc_index, size_t whole, size_t window,
                                       size_t max_claims, size_t *found, rk_claim **claims,
                                       size_t *n, size_t *cap, rk_error *err)
{
    return extract_windows(e, doc, doc_index, whole, window, max_claims, found, claims, n, cap,
                           err);
}

rk_status rk_extract_document_capped(const rk_engine *e, const rk_document *doc,
                                     size_t doc_index, size_t max_claims, size_t *found,
                                     rk_claim **claims, size_t *n, size_t *cap, rk_error *err)
{
    return extract_windows(e, doc, doc_index, RK_WHOLE, RK_WINDOW, max_claims, found, claims, n,
                           cap, err);
}

/* Zeroes the document state but for its own settings, which settings_for()
 * may fill, and its kept places, read only up to their counts: zeroing those
 * 7 kB cost as much as reading a short document's cues. */
static void doc_clear(doc_state *st)
{
    _Static_assert(offsetof(doc_state, memo) - offsetof(doc_state, ds_own) - sizeof(doc_settings) <
                       sizeof(void *),
                   "the settings come right before memo");
    _Static_assert(offsetof(doc_state, n_kept_event) ==
                           offsetof(doc_state, kept_event) + sizeof st->kept_event &&
                       offsetof(doc_state, kept_doc) ==
                           offsetof(doc_state, n_kept_event) + sizeof st->n_kept_event &&
                       offsetof(doc_state, n_kept_doc) ==
                           offsetof(doc_state, kept_doc) + sizeof st->kept_doc,
                   "the kept places lie as doc_clear() leaves them");
    char *p = (char *)st;
    memset(p, 0, offsetof(doc_state, ds_own));
    memset(p + offsetof(doc_state, memo), 0,
           offsetof(doc_state, kept_event) - offsetof(doc_state, memo));
    st->n_kept_event = 0;
    memset(p + offsetof(doc_state, n_kept_doc), 0, sizeof *st - offsetof(doc_state, n_kept_doc));
}

/* The settings last picked on this thread, by engine and language tag: a
 * batch is read in a language or three, and picking them for every
 * document (rk_claims_settings()) cost 0.3% of extraction. A tag too long
 * for the buffer is picked every time; the oldest entry gives way. */
#define SETTINGS_KEPT 4
static _Thread_local struct {
    struct {
        uint64_t engine; /* rk_engine.serial; 0: an empty entry */
        int has_lang;    /* 0: no language given */
        uint8_t nl;      /* bytes of lang */
        char lang[23];
        doc_settings ds;
    } e[SETTINGS_KEPT];
    unsigned next; /* the entry to replace */
} settings_kept;

/* rk_claims_settings(), kept: the entry kept, which lasts until the next
 * call on this thread (one a document), or own, filled, for a language
 * not kept. */
static const doc_settings *settings_for(const rk_engine *e, const char *lang, doc_settings *own)
{
    size_t nl = lang ? strlen(lang) : 0;
    int keep = nl < sizeof settings_kept.e[0].lang && rk_claims_shortcuts;
    for (size_t i = 0; keep && i < SETTINGS_KEPT; i++) {
        const char *k = settings_kept.e[i].lang;
        if (settings_kept.e[i].engine == e->serial && settings_kept.e[i].has_lang == !!lang &&
            settings_kept.e[i].nl == nl && memcmp(k, lang ? lang : "", nl) == 0)
            return &settings_kept.e[i].ds;
    }
    if (!keep) {
        rk_claims_settings(e, lang, own);
        return own;
    }
    unsigned i = settings_kept.next++ % SETTINGS_KEPT;
    rk_claims_settings(e, lang, &settings_kept.e[i].ds);
    settings_kept.e[i].engine = e->serial;
    settings_kept.e[i].has_lang = !!lang;
    settings_kept.e[i].nl = (uint8_t)nl;
    memcpy(settings_kept.e[i].lang, lang ? lang : "", nl);
    return &settings_kept.e[i].ds;
}

static rk_status extract_windows(const rk_engine *e, const rk_document *doc, size_t doc_index,
                                 size_t whole, size_t window, size_t max_claims, size_t *found,
                                 rk_claim **claims, size_t *n, size_t *cap, rk_error *err)
{
    size_t dropped = 0;
    if (window < 2)
        window = 2;
    if (window > SIZE_MAX / 4) /* window + window / 2 must not wrap */
        window = SIZE_MAX / 4;
    doc_state st;
    doc_clear(&st);
    st.e = e;
    st.doc = doc;
    carry cy = {0};
    cy.typed_at = -1;
    st.ds = settings_for(e, doc->language.value, &st.ds_own);
    st.pub_days = rk_claims_parse_date(doc->published.value);
    for (int k = 0; k < ORIG_N_KINDS; k++)
        st.last_orig[k] = -1;
    rk_status rs = outlet_originator(&st, err);
    size_t n0 = *n, base = 0, len = doc->body ? doc->body_len : 0;
    while (rs == RK_OK) {
        size_t end = window_end(doc->body, len, base, whole, window);
        rs = extract_window(&st, base, end, doc_index, &cy, claims, n, cap, err);
        if (rs != RK_OK)
            break;
        /* the claims past the cap go window by window, so that memory
         * holds the first ones and a window's, not all */
        if (max_claims && cy.typed_at >= (long)(n0 + max_claims))
            cy.typed_at = -1;
        keep_first(*claims, n0, n, max_claims, &dropped);
        if (end >= len)
            break;
        base = end;
        st.window++;
        st.mid_line = doc->body[base - 1] != '\n';
        if (cy.ls.elsewhere == 2) { /* the rest is another story: no claims, */
            size_t bad;             /* though still text */
            if (!doc->body_utf8 && !rk_utf8_valid(doc->body + base, len - base, &bad)) {
                rs = rk_error_set(err, RK_ERR_UTF8, NULL, 0, 0, "invalid UTF-8");
                if (err) {
                    err->offset = (long)(base + bad);
                    rs = text_error(doc, err);
                }
            }
            break;
        }
    }
    if (rs != RK_OK) { /* all or nothing */
        for (size_t i = n0; i < *n; i++)
            rk_claim_clear(&(*claims)[i]);
        *n = n0;
    }
    if (found)
        *found = rs == RK_OK ? *n - n0 + dropped : 0;
    rk_claim_pool_done(&cy.pool);
    rk_claims_free_places(&st);
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
