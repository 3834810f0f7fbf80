/* place.c - where a figure is counted, read from the text itself: a place
 * word and the name after it ("in Derna", «في مدينة درنة», «в Бейруте»), or
 * a name before a place noun ("the Kotli district"). The rules say which
 * words introduce a place (words roles "place", "place-noun",
 * "place-after"); a name is a capitalised word where the script has
 * capitals, any word after a place noun where it has none. A place the
 * document's first sentence names is the event's own place: figures
 * counted there are the event's, not a part of it. */
#include "engine_int.h"
#include "shortcut.h"

#include <stdlib.h>
#include <string.h>

#define PLACE_WORDS 4 /* words of a name at most */

/* The original bytes of token k begin with a capital letter (Latin or
 * Cyrillic). */
static int capitalised(const doc_state *st, uint32_t k)
{
    const rk_token *tk = &st->t->tokens[k];
    size_t os, oe;
    if (tk->kind != RK_TOK_WORD)
        return 0;
    rk_text_orig_span(st->t, tk->start, tk->end, &os, &oe);
    const unsigned char *p = (const unsigned char *)st->t->orig + os;
    if (oe <= os)
        return 0;
    if (p[0] >= 'A' && p[0] <= 'Z')
        return 1;
    /* А-Я (U+0410-042F) and Ё (U+0401) */
    return oe - os >= 2 && p[0] == 0xD0 && ((p[1] >= 0x90 && p[1] <= 0xAF) || p[1] == 0x81);
}

/* The first occurrence starting at token k, or NULL. */
static const occ *occ_from_at(const doc_state *st, uint32_t k)
{
    FOR_OCCS_AT(st, k, i)
        return &st->occs[i];
    return NULL;
}

/* Token k can be a word of a name: a word of no number, no speaker, and
 * nothing the rules read otherwise (a date, a source, a predicate, a
 * people: "in Greek waters" names no place). */
static int name_word(const doc_state *st, uint32_t k)
{
    if (st->t->tokens[k].kind != RK_TOK_WORD || st->in_number[k] || st->in_speaker[k])
        return 0;
    return occ_from_at(st, k) == NULL; /* a name is a word the rules do not know */
}

/* A country's name starting at token k, its end in *end. */
static int country_at(const doc_state *st, uint32_t k, uint32_t hi, uint32_t *end)
{
    if (k >= hi)
        return 0;
    FOR_OCCS_AT(st, k, i)
        if (st->occs[i].type == LEX_PLACE_NAME && st->occs[i].end <= hi &&
            !st->in_speaker[k]) {
            *end = st->occs[i].end;
            return 1;
        }
    return 0;
}

/* Token k is a quotation mark. */
static int quote_mark(const doc_state *st, uint32_t k)
{
    const rk_token *tk = &st->t->tokens[k];
    const char *p = st->t->norm + tk->start;
    size_t n = tk->end - tk->start;
    return (n == 1 && (*p == '"' || *p == '\'')) ||
           (n == 3 && (memcmp(p, "\xe2\x80\x9c", 3) == 0 || memcmp(p, "\xe2\x80\x9d", 3) == 0)) ||
           (n == 2 && (memcmp(p, "\xc2\xab", 2) == 0 || memcmp(p, "\xc2\xbb", 2) == 0));
}

/* Token k is written in a script without capitals (Arabic): any word can
 * be a name there. */
static int caseless(const doc_state *st, uint32_t k)
{
    const unsigned char *p = (const unsigned char *)st->t->norm + st->t->tokens[k].start;
    return p[0] >= 0xD8 && p[0] <= 0xDB; /* U+0600-U+06FF */
}

/* The place noun after token k ("district" of "the Kotli district"), its
 * end in *end, or 0. */
static int place_after_at(const doc_state *st, uint32_t k, uint32_t lim, uint32_t *end)
{
    if (k >= lim)
        return 0;
    FOR_OCCS_AT(st, k, i)
        if (st->occs[i].type == LEX_PLACE_AFTER && st->occs[i].end <= lim) {
            *end = st->occs[i].end;
            return 1;
        }
    return 0;
}

static int same_name(const doc_state *st, uint32_t t0, uint32_t t1, const char *b, size_t nb);

/* Tokens [t0, t1) are the words a name the document gives as a place
 * begins with («درنة» of «مدينة درنة», read as «درنة ليلا» where a
 * caseless name's end is unsure). */
static int doc_place(const doc_state *st, uint32_t t0, uint32_t t1)
{
    for (uint32_t k = t0; k < t1; k++)
        if (!name_word(st, k))
            return 0;
    for (size_t i = 0; i < st->n_doc_places; i++) {
        uint32_t d0 = st->doc_places[i].t0, d1 = st->doc_places[i].t1;
        if (d1 - d0 < t1 - t0)
            continue;
        const rk_token *e0 = &st->t->tokens[d0], *e1 = &st->t->tokens[d0 + (t1 - t0) - 1];
        if (same_name(st, t0, t1, st->t->norm + e0->start, e1->end - e0->start))
            return 1;
    }
    for (size_t i = 0; i < st->n_kept_doc; i++) { /* an earlier window's */
        const kept_place *kp = &st->kept_doc[i];
        uint32_t w = t1 - t0;
        if (kp->n_tokens < w || (w > RK_KEPT_TOKENS && w != kp->n_tokens))
            continue;
        if (same_name(st, t0, t1, kp->s, w == kp->n_tokens ? kp->n : kp->tok_end[w - 1]))
            return 1;
    }
    return 0;
}

/* Where the name after place word o (not a place-after noun) starts,
 * within tokens up to hi: past an article and quote marks. */
static uint32_t name_start(const doc_state *st, const occ *o, uint32_t hi)
{
    uint32_t k = o->end;
    const occ *art = k < hi ? occ_of(st, k, LEX_ARTICLE) : NULL;
    if (art) /* "in the Gemmayzeh district": an article before the name */
        k = art->end;
    while (k < hi && st->t->tokens[k].kind == RK_TOK_PUNCT && k - o->end < 2 && quote_mark(st, k))
        k++; /* «في مستشفى ”أوتيل ديو”» */
    return k;
}

/* The name a place occurrence o introduces, as tokens [*n0, *n1), within
 * tokens [lo, hi). Returns 0 when it introduces none. loose (for the
 * event's own place, named in the first sentence): words of a script
 * without capitals are names after any place word («في وادي صفرا»), not
 * only after a place noun. */
static int name_after(const doc_state *st, const occ *o, uint32_t hi, int loose, uint32_t start,
                      uint32_t *n0, uint32_t *n1);

static int place_name(const doc_state *st, const occ *o, uint32_t lo, uint32_t hi, int loose,
                      uint32_t *n0, uint32_t *n1)
{
    uint32_t k;
    if (o->type == LEX_PLACE_AFTER) { /* "the Kotli district": capitals before */
        k = o->first;
        while (k > lo && o->first - k < PLACE_WORDS && name_word(st, k - 1) &&
               capitalised(st, k - 1))
            k--;
        if (k == o->first)
            return 0;
        *n0 = k;
        *n1 = o->end;
        return 1;
    }
    return name_after(st, o, hi, loose, name_start(st, o, hi), n0, n1);
}

/* place_name() for a place word that is no place-after noun, its name
 * starting at token start (name_start()). */
static int name_after(const doc_state *st, const occ *o, uint32_t hi, int loose, uint32_t start,
                      uint32_t *n0, uint32_t *n1)
{
    uint32_t k = start, end;
    if (country_at(st, k, hi, &end)) { /* "in Libya", «في ليبيا» */
        *n0 = k;
        *n1 = end;
        return 1;
    }
    if (o->type == LEX_PLACE && !loose && start < hi && caseless(st, start)) {
        /* «في درنة»: a name the document gives as a place elsewhere */
        for (uint32_t len = 2; len >= 1; len--)
            if (start + len <= hi && doc_place(st, start, start + len)) {
                *n0 = start;
                *n1 = start + len;
                return 1;
            }
        return 0;
    }
    int any_case = o->type == LEX_PLACE_NOUN || loose;
    while (k < hi && k - start < PLACE_WORDS && name_word(st, k) &&
           (capitalised(st, k) || (any_case && k - start < 2 && caseless(st, k))))
        k++;
    if (k == start)
        return 0;
    *n0 = start;
    *n1 = k;
    if (place_after_at(st, k, hi, &end)) /* "in the Kotli district" */
        *n1 = end;
    return 1;
}

/* Normalised bytes of tokens [t0, t1) equal b, or differ only in a short
 * ending ("Бейруте" / "Бейрут"): the same place. */
static int same_name(const doc_state *st, uint32_t t0, uint32_t t1, const char *b, size_t nb)
{
    const char *a = st->t->norm + st->t->tokens[t0].start;
    size_t na = st->t->tokens[t1 - 1].end - st->t->tokens[t0].start;
    size_t n = na < nb ? na : nb, m = na < nb ? nb : na, c = 0;
    while (c < n && a[c] == b[c])
        c++;
    return c == m || (c == n && c >= 6 && m - c <= 4);
}

/* Adds tokens [n0, n1) to st's event places, if there is room. */
static void add_event_place(doc_state *st, uint32_t n0, uint32_t n1)
{
    if (st->n_event_places < RK_EVENT_PLACES) {
        st->event_places[st->n_event_places].t0 = n0;
        st->event_places[st->n_event_places].t1 = n1;
        st->n_event_places++;
    }
}

/* Every place the sentence [s0, s1) names, into st's event places: its place
 * phrases, and, where the script has capitals, every capitalised name
 * ("Seven missing after Beirut blast"). */
void rk_claims_event_places(doc_state *st, uint32_t s0, uint32_t s1)
{
    st->n_event_places = 0;
    for (uint32_t k = s0; k < s1;) {
        uint32_t j = k;
        while (j < s1 && j - k < PLACE_WORDS && name_word(st, j) && capitalised(st, j))
            j++;
        if (j > k)
            add_event_place(st, k, j);
        k = j > k ? j : k + 1;
    }
    /* the names the whole document gives as places, read strictly */
    st->n_doc_places = 0;
    rk_claims_doc_places(st);
    FOR_OCCS(st, s0, s1, o) {
        uint32_t n0, n1;
        if (o->type == LEX_PLACE_NAME) { /* «فيضانات ليبيا» */
            add_event_place(st, o->first, o->end);
            continue;
        }
        if ((o->type != LEX_PLACE && o->type != LEX_PLACE_NOUN && o->type != LEX_PLACE_AFTER) ||
            !place_name(st, o, s0, s1, 1, &n0, &n1))
            continue;
        add_event_place(st, n0, n1);
    }
}

void rk_claims_doc_places(doc_state *st)
{
    /* the picked occurrences hold every place word, in order */
    size_t n = st->picked ? st->n_picked : st->n_occs;
    for (size_t w = 0; w < n; w++) {
        const occ *o = &st->occs[st->picked ? st->picked[w] : w];
        if (o->type != LEX_PLACE_NOUN && o->type != LEX_PLACE_AFTER && o->type != LEX_PLACE)
            continue;
        uint32_t n0, n1, s = st->t->tokens[o->first].sentence;
        const rk_sentence *se = &st->t->sentences[s];
        uint32_t hi = se->first_token + se->n_tokens;
        if (rk_claims_shortcuts && o->type != LEX_PLACE_AFTER) {
            /* the name starts at name_start(): one in a script with
             * capitals (most in English, Russian) is none here; after a
             * bare place word only a country can be new, as any other
             * name place_name() finds there is a document place already */
            uint32_t at = name_start(st, o, hi), end;
            if (at >= hi || !caseless(st, at))
                continue;
            if (o->type == LEX_PLACE) {
                if (!country_at(st, at, hi, &end))
                    continue;
                n0 = at;
                n1 = end;
            } else if (!name_after(st, o, hi, 0, at, &n0, &n1)) {
                continue;
            }
        } else if (!place_name(st, o, se->first_token, hi, 0, &n0, &n1)) {
            continue;
        }
        if (!caseless(st, n0) || doc_place(st, n0, n1))
            continue;
        if (st->n_kept_doc + st->n_doc_places == RK_DOC_PLACES)
            break;
        st->doc_places[st->n_doc_places].t0 = n0;
        st->doc_places[st->n_doc_places].t1 = n1;
        st->n_doc_places++;
    }
}

/* Tokens [t0, t1) of st's text into kp, as bytes. -1 when out of memory. */
static int keep_place(const doc_state *st, uint32_t t0, uint32_t t1, kept_place *kp)
{
    const rk_token *tk = st->t->tokens;
    uint32_t from = tk[t0].start;
    kp->n = tk[t1 - 1].end - from;
    kp->n_tokens = t1 - t0;
    for (uint32_t k = t0; k < t1 && k - t0 < RK_KEPT_TOKENS; k++)
        kp->tok_end[k - t0] = tk[k].end - from;
    if (!(kp->s = malloc(kp->n ? kp->n : 1)))
        return -1;
    memcpy(kp->s, st->t->norm + from, kp->n);
    return 0;
}

rk_status rk_claims_keep_places(doc_state *st, rk_error *err)
{
    for (size_t i = 0; i < st->n_event_places && st->n_kept_event < RK_EVENT_PLACES; i++)
        if (keep_place(st, st->event_places[i].t0, st->event_places[i].t1,
                       &st->kept_event[st->n_kept_event++]) < 0)
            goto nomem;
    for (size_t i = 0; i < st->n_doc_places && st->n_kept_doc < RK_DOC_PLACES; i++)
        if (keep_place(st, st->doc_places[i].t0, st->doc_places[i].t1,
                       &st->kept_doc[st->n_kept_doc++]) < 0)
            goto nomem;
    st->n_event_places = st->n_doc_places = 0;
    return RK_OK;
nomem:
    st->n_event_places = st->n_doc_places = 0;
    return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

void rk_claims_free_places(doc_state *st)
{
    for (size_t i = 0; i < st->n_kept_event; i++)
        free(st->kept_event[i].s);
    for (size_t i = 0; i < st->n_kept_doc; i++)
        free(st->kept_doc[i].s);
    st->n_kept_event = st->n_kept_doc = 0;
}

/* Tokens [p0, p1) name the event's own place. */
static int event_place(const doc_state *st, uint32_t p0, uint32_t p1)
{
    for (size_t i = 0; i < st->n_event_places; i++) {
        const rk_token *e0 = &st->t->tokens[st->event_places[i].t0],
                       *e1 = &st->t->tokens[st->event_places[i].t1 - 1];
        if (same_name(st, p0, p1, st->t->norm + e0->start, e1->end - e0->start))
            return 1;
        for (uint32_t k = p0; k < p1; k++) /* "Beirut port" of "Beirut" */
            if (same_name(st, k, k + 1, st->t->norm + e0->start, e1->end - e0->start))
                return 1;
    }
    for (size_t i = 0; i < st->n_kept_event; i++) { /* the first window's */
        const kept_place *kp = &st->kept_event[i];
        if (same_name(st, p0, p1, kp->s, kp->n))
            return 1;
        for (uint32_t k = p0; k < p1; k++)
            if (same_name(st, k, k + 1, kp->s, kp->n))
                return 1;
    }
    return 0;
}

/* Appends the name of tokens [p0, p1) to out (of cap bytes, *n used): a
 * country by its English name, else the original bytes. 0 when it does not
 * fit. */
static int put_name(const doc_state *st, uint32_t p0, uint32_t p1, char *out, size_t cap,
                    size_t *n)
{
    const char *s = NULL;
    size_t len = 0, os, oe;
    FOR_OCCS_AT(st, p0, i) /* a country goes by its one English name */
        if (st->occs[i].type == LEX_PLACE_NAME && st->occs[i].end == p1) {
            s = st->e->classes[occ_lex(st, &st->occs[i])->target].description;
            len = strlen(s);
            break;
        }
    if (!s) {
        rk_text_orig_span(st->t, st->t->tokens[p0].start, st->t->tokens[p1 - 1].end, &os, &oe);
        s = st->t->orig + os;
        len = oe - os;
    }
    if (!len || *n + len + 1 > cap)
        return 0;
    memcpy(out + *n, s, len);
    *n += len;
    out[*n] = '\0';
    return 1;
}

/* The wider place the text gives right after a place [p0, p1) ("Derna, in
 * eastern Libya", «درنة في شرق ليبيا»): a place word, at most two words
 * more, then a country or a capitalised name, into [*w0, *w1). */
static int wider_place(const doc_state *st, const sent_state *ss, uint32_t p1, uint32_t *w0,
                       uint32_t *w1)
{
    uint32_t k = p1, end;
    if (k < ss->s1 && punct_is(st, k, ','))
        k++;
    const occ *o = k < ss->s1 ? occ_of(st, k, LEX_PLACE) : NULL;
    if (!o)
        return 0;
    k = o->end;
    for (int skip = 0; skip <= 2 && k < ss->s1; skip++, k++) {
        if (country_at(st, k, ss->s1, &end)) {
            *w0 = k;
            *w1 = end;
            return 1;
        }
        if (name_word(st, k) && capitalised(st, k)) {
            uint32_t j = k;
            while (j < ss->s1 && j - k < PLACE_WORDS && name_word(st, j) && capitalised(st, j))
                j++;
            *w0 = k;
            *w1 = j;
            return 1;
        }
        if (st->t->tokens[k].kind != RK_TOK_WORD || st->in_number[k])
            return 0; /* only a word or two between: "eastern", «شرق» */
    }
    return 0;
}

size_t rk_claims_place(const doc_state *st, const sent_state *ss, uint32_t a, uint32_t b,
                       char *out, size_t cap)
{
    out[0] = '\0';
    if (!(ss->types & (LEX_BIT(LEX_PLACE) | LEX_BIT(LEX_PLACE_NOUN) | LEX_BIT(LEX_PLACE_AFTER))))
        return 0; /* no place word in the sentence, none in its window */
    uint32_t w = (uint32_t)st->ds->window;
    uint32_t lo = a > ss->s0 + w ? a - w : ss->s0, hi = b + w < ss->s1 ? b + w : ss->s1;
    uint32_t best_gap = UINT32_MAX, p0 = 0, p1 = 0;
    FOR_OCCS(st, lo, hi, o) {
        uint32_t n0, n1;
        int before;
        if ((o->type != LEX_PLACE && o->type != LEX_PLACE_NOUN && o->type != LEX_PLACE_AFTER) ||
            !in_clause(st, o, a, b) || (o->first >= a && o->first < b) ||
            !place_name(st, o, ss->s0, ss->s1, 0, &n0, &n1) || (n0 < b && n1 > a))
            continue;
        uint32_t gap = gap_of(o, a, b, &before);
        if (gap < best_gap) {
            best_gap = gap;
            p0 = n0;
            p1 = n1;
        }
    }
    if (best_gap == UINT32_MAX || event_place(st, p0, p1))
        return 0; /* none, or the event's own place */
    /* "Derna, in eastern Libya": the place within the wider one the text
     * gives, as a path ("Libya > Derna"), unless that one is the event */
    size_t n = 0;
    uint32_t w0, w1;
    if (wider_place(st, ss, p1, &w0, &w1) && !event_place(st, w0, w1) &&
        put_name(st, w0, w1, out, cap, &n) && n + 4 <= cap) {
        memcpy(out + n, " > ", 4);
        n += 3;
        if (put_name(st, p0, p1, out, cap, &n))
            return n;
    }
    n = 0; /* the place alone */
    return put_name(st, p0, p1, out, cap, &n) ? n : 0;
}
