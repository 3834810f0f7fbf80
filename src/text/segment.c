/* segment.c - sentences and tokens of the normalised view.
 *
 * Sentences come from ICU's sentence break iterator run over each paragraph
 * (line) of the ORIGINAL text: the normalised view is case-folded, and the
 * Unicode sentence rules read "end. the" (lower case after a full stop) as
 * one sentence. A break is kept only where whitespace precedes it, which
 * also drops the breaks ICU would make inside the tatweel-dot pattern
 * ("مقـ.ـتل"). Breaks are mapped forward into the normalised text and only
 * decide which sentence a token belongs to; a sentence's span is the extent
 * of its tokens.
 *
 * Tokens come from a single pass over the normalised text by character
 * class: words are runs of letters and marks of one script, numbers are runs
 * of ASCII digits, and every punctuation mark or symbol is a token alone. */
#include "text_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* Sorted normalised offsets where a new sentence starts. */
typedef struct cuts {
    uint32_t *v;
    size_t n, cap;
} cuts;

static int cuts_push(cuts *c, size_t off)
{
    if (c->n && c->v[c->n - 1] >= off)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        uint32_t *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return -1;
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = (uint32_t)off;
    return 0;
}

/* The ICU locale for a BCP 47 language tag: its primary subtag, with the
 * standard abbreviation suppressions ("Mr.", "Dr.") where ICU has them. */
static void break_locale(const char *lang, char *out, size_t n)
{
    size_t k = 0;
    char prim[9];
    if (!lang || !*lang)
        lang = "en";
    while (k < 8 && ((lang[k] >= 'a' && lang[k] <= 'z') || (lang[k] >= 'A' && lang[k] <= 'Z'))) {
        prim[k] = (char)(lang[k] | 0x20);
        k++;
    }
    prim[k] = '\0';
    /* Arabic has no suppression list, and the abbreviations met in Arabic
     * news are English ones; the sentence rules themselves are the same. */
    if (k == 0 || strcmp(prim, "ar") == 0)
        snprintf(prim, sizeof prim, "en");
    snprintf(out, n, "%s@ss=standard", prim);
}

/* Prototype iterators by locale, opened once: building the abbreviation
 * filter costs more than splitting an article, cloning is cheap. They live
 * as long as the process. */
#define PROTO_MAX 8
static struct {
    char locale[32];
    UBreakIterator *bi;
} protos[PROTO_MAX];
static pthread_mutex_t protos_lock = PTHREAD_MUTEX_INITIALIZER;

/* A sentence iterator for locale. The caller frees it with ubrk_close(). */
static UBreakIterator *sentence_iter(const char *locale)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *r = NULL;
    pthread_mutex_lock(&protos_lock);
    size_t i = 0;
    while (i < PROTO_MAX && protos[i].bi && strcmp(protos[i].locale, locale) != 0)
        i++;
    if (i < PROTO_MAX && !protos[i].bi) {
        protos[i].bi = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &st);
        if (U_FAILURE(st))
            protos[i].bi = NULL;
        else
            snprintf(protos[i].locale, sizeof protos[i].locale, "%s", locale);
    }
    st = U_ZERO_ERROR;
    if (i < PROTO_MAX && protos[i].bi)
        r = ubrk_clone(protos[i].bi, &st);
    else
        r = ubrk_open(UBRK_SENTENCE, locale, NULL, 0, &st);
    pthread_mutex_unlock(&protos_lock);
    if (U_FAILURE(st)) {
        ubrk_close(r);
        return NULL;
    }
    return r;
}

/* Sentence splitting state over the original text. */
typedef struct ssplit {
    const rk_text *t;
    const unsigned char *s;
    size_t len;
    UBreakIterator *bi; /* NULL: paragraphs only */
    cuts *c;
} ssplit;

/* Class of the character at s[i]; *next is set past it. */
static rk_txt_class class_of(const unsigned char *s, size_t i, size_t *next)
{
    *next = i;
    return rk_txt_classify(rk_txt_next(s, next));
}

/* Whether a cased letter (Latin, Cyrillic) precedes the terminator that
 * ends at p: only then can an abbreviation ("Mr.") or an initial ("U.S.")
 * hold the sentence together. */
static int cased_before(const ssplit *sp, size_t p)
{
    size_t i = p;
    rk_txt_prev(sp->s, &i);
    if (i == 0)
        return 0;
    rk_txt_class c = rk_txt_classify(rk_txt_prev(sp->s, &i));
    return c.cls == RK_CC_LETTER && c.script != RK_SCRIPT_ARABIC;
}

/* A sentence terminator ends at p: ICU can only break after the closing
 * marks and the spaces that follow it (and a break is kept only where
 * whitespace precedes it), so ICU is asked about that one position. An
 * Arabic letter there after an uncased word is a break by rule SB11 of
 * UAX #29 whatever the iterator's state, which spares ICU most Arabic
 * sentence ends. */
static int after_term(ssplit *sp, size_t p)
{
    const unsigned char *s = sp->s;
    size_t q = p, k;
    while (q < sp->len && class_of(s, q, &k).sb == RK_SB_CLOSE)
        q = k;
    if (q >= sp->len || class_of(s, q, &k).cls != RK_CC_SPACE)
        return 0;
    while (q < sp->len && class_of(s, q, &k).cls == RK_CC_SPACE)
        q = k;
    /* At a line break the paragraph start makes the cut. */
    if (!sp->bi || q >= sp->len)
        return 0;
    rk_txt_class next = class_of(s, q, &k);
    if (next.cls == RK_CC_NEWLINE)
        return 0;
    if (!(next.cls == RK_CC_LETTER && next.script == RK_SCRIPT_ARABIC && !cased_before(sp, p)) &&
        !ubrk_isBoundary(sp->bi, (int32_t)q))
        return 0;
    return cuts_push(sp->c, rk_text_norm_offset(sp->t, q));
}

/* One pass over the original: paragraph starts after line breaks, and the
 * positions after sentence terminators checked with ICU. */
static int split_pass(ssplit *sp)
{
    const unsigned char *s = sp->s;
    size_t i = 0;
    if (cuts_push(sp->c, 0) < 0)
        return -1;
    while (i < sp->len) {
        unsigned char ch = s[i];
        if (!rk_txt_lead_check[ch]) {
            i += ch < 0x80 ? 1 : 2;
            continue;
        }
        size_t j = i + 1;
        int r = 0;
        if (ch == '\n' || (ch == '\r' && (j >= sp->len || s[j] != '\n'))) {
            r = cuts_push(sp->c, rk_text_norm_offset(sp->t, j));
        } else if (ch == '.' || ch == '!' || ch == '?') {
            r = after_term(sp, j);
        } else if (ch >= 0x80) {
            rk_txt_class c = class_of(s, i, &j);
            if (c.sb == RK_SB_TERM)
                r = after_term(sp, j);
            else if (c.cls == RK_CC_NEWLINE)
                r = cuts_push(sp->c, rk_text_norm_offset(sp->t, j));
        }
        if (r < 0)
            return -1;
        i = j;
    }
    return 0;
}

/* Sentence starts over the whole text. Returns 0, -1 on OOM, -2 when ICU
 * fails. */
static int sentence_cuts(const rk_text *t, const char *lang, cuts *c)
{
    ssplit sp = {t, (const unsigned char *)t->orig, t->orig_len, NULL, c};
    /* ICU iterators index with int32_t: beyond that, paragraphs only. */
    if (t->orig_len > INT32_MAX)
        return split_pass(&sp);
    char loc[32];
    break_locale(lang, loc, sizeof loc);
    if (!(sp.bi = sentence_iter(loc)))
        return -2;
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, t->orig, (int64_t)t->orig_len, &st);
    ubrk_setUText(sp.bi, ut, &st);
    int r = U_SUCCESS(st) ? split_pass(&sp) : -2;
    ubrk_close(sp.bi);
    utext_close(ut);
    return r;
}

/* ---- tokens ---- */

typedef struct tbuild {
    rk_text *t;
    size_t tok_cap, sent_cap;
    const cuts *cuts;
    size_t next_cut;  /* index of the next sentence start to pass */
    int open;         /* a sentence has been opened since the last cut */
} tbuild;

static int push_token(tbuild *b, const rk_token *tk)
{
    rk_text *t = b->t;
    if (t->n_tokens == b->tok_cap) {
        size_t cap = b->tok_cap * 2 + 64;
        rk_token *v = realloc(t->tokens, cap * sizeof *v);
        if (!v)
            return -1;
        t->tokens = v;
        b->tok_cap = cap;
    }
    int cut = 0;
    while (b->next_cut < b->cuts->n && b->cuts->v[b->next_cut] <= tk->start) {
        b->next_cut++;
        cut = 1;
    }
    if (cut || !b->open) {
        if (t->n_sentences == b->sent_cap) {
            size_t cap = b->sent_cap * 2 + 16;
            rk_sentence *v = realloc(t->sentences, cap * sizeof *v);
            if (!v)
                return -1;
            t->sentences = v;
            b->sent_cap = cap;
        }
        rk_sentence *se = &t->sentences[t->n_sentences++];
        se->start = tk->start;
        se->first_token = (uint32_t)t->n_tokens;
        se->n_tokens = 0;
        b->open = 1;
    }
    rk_sentence *se = &t->sentences[t->n_sentences - 1];
    se->end = tk->end;
    se->n_tokens++;
    t->tokens[t->n_tokens] = *tk;
    t->tokens[t->n_tokens].sentence = (uint32_t)(t->n_sentences - 1);
    t->n_tokens++;
    return 0;
}

/* Class of the character at norm[*i], advancing *i past it. */
static rk_txt_class class_at(const unsigned char *s, size_t *i)
{
    if (s[*i] < 0x80)
        return rk_txt_class_tab[s[(*i)++]];
    return rk_txt_classify(rk_txt_next(s, i));
}

/* Whether a letter of script sc may continue a word of script ws. */
static int same_word(uint8_t ws, uint8_t sc)
{
    return ws == RK_SCRIPT_NONE || sc == RK_SCRIPT_NONE || ws == sc;
}

/* The end of the word starting at s[i] (a letter or mark); sets *script. */
static size_t word_end(const unsigned char *s, size_t len, size_t i, uint8_t *script)
{
    uint8_t ws = RK_SCRIPT_NONE;
    while (i < len) {
        size_t k = i;
        rk_txt_class c = class_at(s, &k);
        if (c.cls == RK_CC_LETTER) {
            if (!same_word(ws, c.script))
                break;
            if (ws == RK_SCRIPT_NONE)
                ws = c.script;
        } else if (c.cls != RK_CC_MARK) {
            /* An apostrophe inside a Latin word ("don't", "Ba'ath"). */
            size_t m = k;
            if (ws != RK_SCRIPT_LATIN || m >= len || !(s[i] == '\'' || (s[i] == 0xE2 &&
                s[i + 1] == 0x80 && s[i + 2] == 0x99)) || class_at(s, &m).cls != RK_CC_LETTER)
                break;
        }
        i = k;
    }
    *script = ws;
    return i;
}

static int tokenize(tbuild *b)
{
    const unsigned char *s = (const unsigned char *)b->t->norm;
    size_t len = b->t->norm_len, i = 0;
    uint8_t sp = 0, nl = 0;
    while (i < len) {
        size_t k = i;
        rk_txt_class c = class_at(s, &k);
        if (c.cls == RK_CC_SPACE || c.cls == RK_CC_NEWLINE) {
            sp = 1;
            nl |= c.cls == RK_CC_NEWLINE;
            i = k;
            continue;
        }
        rk_token tk = {(uint32_t)i, 0, RK_TOK_OTHER, RK_SCRIPT_NONE, sp, nl, 0};
        if (c.cls == RK_CC_DIGIT) {
            tk.kind = RK_TOK_NUMBER;
            while (k < len && s[k] >= '0' && s[k] <= '9')
                k++;
        } else if (c.cls == RK_CC_LETTER) {
            tk.kind = RK_TOK_WORD;
            k = word_end(s, len, i, &tk.script);
        } else if (c.cls == RK_CC_PUNCT) {
            tk.kind = RK_TOK_PUNCT;
        } else if (c.cls == RK_CC_SYMBOL) {
            tk.kind = RK_TOK_SYMBOL;
        }
        tk.end = (uint32_t)k;
        if (push_token(b, &tk) < 0)
            return -1;
        sp = nl = 0;
        i = k;
    }
    return 0;
}

rk_status rk_txt_segment(rk_text *t, const char *lang, rk_error *err)
{
    cuts c = {0};
    rk_status st = RK_OK;
    int r = sentence_cuts(t, lang, &c);
    if (r == -2) {
        st = rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0, "ICU sentence break unavailable");
        goto done;
    }
    tbuild b = {t, 0, 0, &c, 0, 0};
    if (r < 0 || tokenize(&b) < 0)
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory splitting text");
done:
    free(c.v);
    return st;
}
