/* segment.c - tokens and sentences of the normalised view.
 *
 * Tokens come from a single pass over the normalised text by character
 * class: words are runs of letters and marks of one script, numbers are runs
 * of ASCII digits, and every punctuation mark or symbol is a token alone.
 *
 * Sentences are then read off the tokens. A line break always starts one
 * (news text has a paragraph per line). Otherwise a sentence can only end
 * at a terminator (. ! ? ؟ ...) followed by closing marks and then
 * whitespace, and at each such place ICU's sentence break iterator decides,
 * run over the ORIGINAL text: the normalised view is case-folded, and the
 * Unicode sentence rules read "end. the" (lower case after a full stop) as
 * one sentence, so they need the original case. Asking ICU only there keeps
 * it off the hot path. The tatweel-dot pattern ("مقـ.ـتل") has no dot in the
 * normalised view, so it never splits a sentence. */
#include "text_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ubrk.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- tokens ---- */

/* Class of the character at s[*i], advancing *i past it. */
static inline rk_txt_class class_at(const unsigned char *s, size_t *i)
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

static int is_apostrophe(const unsigned char *s, size_t i)
{
    return s[i] == '\'' || (s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x99);
}

/* The end of the run of lower-case ASCII letters from s[i] (the view is
 * case-folded): a Latin word without a table lookup per letter, sixteen
 * letters a step where SSE2 is there. */
static size_t latin_run(const unsigned char *s, size_t len, size_t i)
{
#ifdef __SSE2__
    const __m128i a = _mm_set1_epi8('a'), z = _mm_set1_epi8(25);
    while (len - i >= 16) {
        /* x - 'a' is at most 25 (unsigned) for a letter */
        __m128i d = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)), a);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, z), d)) ^ 0xffffu;
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i += 16;
    }
#endif
    while (i < len && (unsigned)(s[i] - 'a') < 26u)
        i++;
    return i;
}

/* The end of the run of two-byte Arabic letters and marks from s[i]. */
static size_t arabic_run(const unsigned char *s, size_t len, size_t i)
{
    while (i + 1 < len && (s[i] & 0xE0) == 0xC0) {
        rk_txt_class c = rk_txt_class_tab[rk_txt_cp2(s + i)];
        if (!((c.cls == RK_CC_LETTER) & (c.script == RK_SCRIPT_ARABIC)) & (c.cls != RK_CC_MARK))
            break;
        i += 2;
    }
    return i;
}

/* The end of the word starting at s[i] (a letter); sets *script. */
static size_t word_end(const unsigned char *s, size_t len, size_t i, uint8_t *script)
{
    uint8_t ws = RK_SCRIPT_NONE;
    while (i < len) {
        size_t k;
        if ((ws == RK_SCRIPT_NONE || ws == RK_SCRIPT_LATIN) && (k = latin_run(s, len, i)) > i) {
            ws = RK_SCRIPT_LATIN;
            i = k;
            continue;
        }
        if (ws == RK_SCRIPT_ARABIC && (k = arabic_run(s, len, i)) > i) {
            i = k;
            continue;
        }
        k = i;
        rk_txt_class c = class_at(s, &k);
        if (c.cls == RK_CC_LETTER) {
            if (!same_word(ws, c.script))
                break;
            if (ws == RK_SCRIPT_NONE)
                ws = c.script;
        } else if (c.cls != RK_CC_MARK) {
            /* An apostrophe inside a Latin word ("don't", "Ba'ath"). */
            size_t m = k;
            if (ws != RK_SCRIPT_LATIN || m >= len || !is_apostrophe(s, i) ||
                class_at(s, &m).cls != RK_CC_LETTER)
                break;
        }
        i = k;
    }
    *script = ws;
    return i;
}

static int push_token(rk_text *t, size_t *cap, const rk_token *tk)
{
    if (t->n_tokens == *cap) {
        size_t c = *cap * 2 + 64;
        rk_token *v = realloc(t->tokens, c * sizeof *v);
        if (!v)
            return -1;
        t->tokens = v;
        *cap = c;
    }
    t->tokens[t->n_tokens++] = *tk;
    return 0;
}

static int tokenize(rk_text *t)
{
    const unsigned char *s = (const unsigned char *)t->norm;
    size_t len = t->norm_len, i = 0;
    /* About one token per six bytes in news text, so one allocation mostly. */
    size_t cap = len / 5 + 16;
    if (!(t->tokens = malloc(cap * sizeof *t->tokens)))
        return -1;
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
        if (push_token(t, &cap, &tk) < 0)
            return -1;
        sp = nl = 0;
        i = k;
    }
    return 0;
}

/* ---- sentence break iterators ---- */

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

/* ---- abbreviations ---- */

/* ICU's sentence iterator for "en@ss=standard" keeps a break after a word
 * only when the text before it does not end with one of the abbreviations
 * of its data ("Mr.", "U.S."). Those strings are read here once, with every
 * prefix of them that ends in a full stop ("U." of "U.S.", which ICU matches
 * partially), so that a break after a cased word whose text ends with none
 * of them is decided without ICU; any match still goes to ICU. They live in
 * static storage as long as the process. */
#define ABBR_POOL 8192
#define ABBR_MAX 1024
static char abbr_pool[ABBR_POOL];
static struct {
    uint16_t off, len;
} abbr[ABBR_MAX];
static uint16_t abbr_first[257]; /* bucket b: abbr[abbr_first[b]..abbr_first[b+1]) */
static size_t n_abbr;
static int abbr_ok;
static pthread_once_t abbr_once = PTHREAD_ONCE_INIT;

/* The byte before the final full stop, which buckets an abbreviation. */
static unsigned abbr_bucket(const char *s, size_t n)
{
    return n >= 2 ? (unsigned char)s[n - 2] : 0;
}

/* Adds s[0..n) and its prefixes that end in a full stop, unsorted. */
static int abbr_add(const char *s, size_t n, size_t *pool_len)
{
    for (size_t k = 1; k <= n; k++) {
        if (s[k - 1] != '.')
            continue;
        if (n_abbr == ABBR_MAX || *pool_len + k > ABBR_POOL)
            return -1;
        memcpy(abbr_pool + *pool_len, s, k);
        abbr[n_abbr].off = (uint16_t)*pool_len;
        abbr[n_abbr++].len = (uint16_t)k;
        *pool_len += k;
    }
    return s[n - 1] == '.' ? 0 : -1;  /* one without a final stop: ask ICU always */
}

static int abbr_cmp(const void *a, const void *b)
{
    const char *x = abbr_pool + ((const uint16_t *)a)[0];
    const char *y = abbr_pool + ((const uint16_t *)b)[0];
    return (int)abbr_bucket(x, ((const uint16_t *)a)[1]) -
           (int)abbr_bucket(y, ((const uint16_t *)b)[1]);
}

static void abbr_load(void)
{
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *b = ures_open(U_ICUDATA_NAME "-brkitr", "en", &st);
    UResourceBundle *ex = ures_getByKey(b, "exceptions", NULL, &st);
    UResourceBundle *sb = ures_getByKey(ex, "SentenceBreak", NULL, &st);
    size_t pool_len = 0;
    int ok = U_SUCCESS(st);
    while (ok && ures_hasNext(sb)) {
        int32_t n16 = 0, n8 = 0;
        char u8[128];
        const UChar *u = ures_getNextString(sb, &n16, NULL, &st);
        u_strToUTF8(u8, sizeof u8, &n8, u, n16, &st);
        ok = U_SUCCESS(st) && n8 > 0 && (size_t)n8 < sizeof u8 &&
             abbr_add(u8, (size_t)n8, &pool_len) == 0;
    }
    ures_close(sb);
    ures_close(ex);
    ures_close(b);
    if (!ok)
        return;
    qsort(abbr, n_abbr, sizeof abbr[0], abbr_cmp);
    size_t k = 0;
    for (unsigned bk = 0; bk <= 256; bk++) {
        abbr_first[bk] = (uint16_t)k;
        while (k < n_abbr && abbr_bucket(abbr_pool + abbr[k].off, abbr[k].len) == bk)
            k++;
    }
    abbr_ok = 1;
}

/* Whether the text before a break at original offset q (past one space, as
 * ICU steps back) may end with an abbreviation. ICU compares them with case
 * ("mr. Big" breaks, "Mr. Big" does not) and with whatever precedes them. */
static int abbr_before(const char *s, size_t q)
{
    size_t p = q > 0 && s[q - 1] == ' ' ? q - 1 : q;
    if (p < 2 || s[p - 1] != '.')
        return 0;
    unsigned bk = abbr_bucket(s, p);
    for (size_t k = abbr_first[bk]; k < abbr_first[bk + 1]; k++)
        if (abbr[k].len <= p && memcmp(s + p - abbr[k].len, abbr_pool + abbr[k].off,
                                       abbr[k].len) == 0)
            return 1;
    return 0;
}

/* ---- sentences ---- */

typedef struct ssplit {
    rk_text *t;
    const char *lang;
    UBreakIterator *bi;  /* opened on the first question for ICU */
    UText *ut;
    int icu_failed;
    size_t cap;
    int abbr_rules;      /* the locale's suppressions are the abbr table's */
} ssplit;

/* Sentence_Break value of the original character token k starts at. */
static uint8_t sb_of(const rk_text *t, const rk_token *k)
{
    size_t i = t->src_start[k->start];
    return rk_txt_classify(rk_txt_next((const unsigned char *)t->orig, &i)).sb;
}

/* Context ICU is shown around a candidate break, in bytes each way. */
#define ICU_WINDOW 120

/* Asks ICU whether a sentence starts at original offset q. ICU sees only a
 * window of the line around q: its sentence rules look a few words each way,
 * while asking a random-access question of an iterator over a long line
 * costs time proportional to the line (it backs up to a safe point), which
 * is quadratic over a 10 MB one-line article. */
static int icu_boundary(ssplit *sp, size_t q)
{
    if (!sp->bi && !sp->icu_failed) {
        char loc[32];
        break_locale(sp->lang, loc, sizeof loc);
        sp->bi = sentence_iter(loc);
        sp->icu_failed = !sp->bi;
    }
    if (sp->icu_failed)
        return 0;
    const unsigned char *s = (const unsigned char *)sp->t->orig;
    size_t len = sp->t->orig_len;
    size_t a = q > ICU_WINDOW ? q - ICU_WINDOW : 0, z = len - q > ICU_WINDOW ? q + ICU_WINDOW : len;
    for (size_t k = q; k > a; k--)
        if (s[k - 1] == '\n') {
            a = k;
            break;
        }
    const unsigned char *nl = memchr(s + q, '\n', z - q);
    if (nl)
        z = (size_t)(nl - s);
    while (a < q && (s[a] & 0xC0) == 0x80)
        a++;
    while (z > q && z < len && (s[z] & 0xC0) == 0x80)
        z--;
    UErrorCode st = U_ZERO_ERROR;
    sp->ut = utext_openUTF8(sp->ut, (const char *)s + a, (int64_t)(z - a), &st);
    ubrk_setUText(sp->bi, sp->ut, &st);
    if (U_FAILURE(st))
        return 0;
    return ubrk_isBoundary(sp->bi, (int32_t)(q - a));
}

/* How far past a full stop SB8 looks for a lower-case letter before ICU is
 * asked instead; well inside the window ICU is shown. */
#define SB8_REACH 64

/* The Sentence_Break value of the first letter from original offset q on,
 * past digits, punctuation and spaces, as UAX #29's rule SB8 reads it ("Jan.
 * 7, according": a lower-case letter follows, so no break). A terminator, a
 * line break or SB8_REACH bytes without a letter give U_SB_OTHER. */
static uint8_t sb8_letter(const rk_text *t, size_t q)
{
    const unsigned char *s = (const unsigned char *)t->orig;
    size_t lim = t->orig_len - q > SB8_REACH ? q + SB8_REACH : t->orig_len;
    while (q < lim) {
        uint8_t sb = rk_txt_classify(rk_txt_next(s, &q)).sb;
        if (sb == U_SB_LOWER || sb == U_SB_UPPER || sb == U_SB_OLETTER)
            return sb;
        if (sb == U_SB_SEP || sb == U_SB_CR || sb == U_SB_LF || sb == U_SB_ATERM ||
            sb == U_SB_STERM)
            break;
    }
    return U_SB_OTHER;
}

/* Whether a sentence ends with the terminator token i (of Sentence_Break
 * value term): it must be followed by closing marks and then whitespace
 * within the line. The rules of UAX #29 settle the common cases from the
 * next character alone; ICU is asked about the rest, and when a cased word
 * (Latin, Cyrillic) precedes the terminator, which may make it an
 * abbreviation ("Mr.") or an initial ("U.S."), unless the locale's
 * abbreviations are known and the text before the break ends with none. */
static int ends_sentence(ssplit *sp, size_t i, uint8_t term)
{
    const rk_token *tk = sp->t->tokens;
    size_t n = sp->t->n_tokens, j = i + 1;
    while (j < n && !tk[j].space_before && tk[j].kind == RK_TOK_PUNCT &&
           sb_of(sp->t, &tk[j]) == U_SB_CLOSE)
        j++;
    if (j >= n || !tk[j].space_before || tk[j].newline_before)
        return 0;
    uint8_t next = sb_of(sp->t, &tk[j]);
    if (next == U_SB_SCONTINUE || next == U_SB_ATERM || next == U_SB_STERM)
        return 0; /* SB8a */
    if (term == U_SB_ATERM && next == U_SB_LOWER)
        return 0; /* SB8 */
    int cased = i > 0 && !tk[i].space_before && tk[i - 1].kind == RK_TOK_WORD &&
                tk[i - 1].script != RK_SCRIPT_ARABIC && tk[i - 1].script != RK_SCRIPT_NONE;
    size_t q = sp->t->src_start[tk[j].start];
    int letter = next == U_SB_UPPER || next == U_SB_OLETTER;
    if (term == U_SB_ATERM && !letter && sb8_letter(sp->t, q) == U_SB_LOWER)
        return 0; /* SB8, past digits and punctuation */
    if (!cased && (term == U_SB_STERM || letter))
        return 1; /* SB11 */
    /* The letter itself must follow (a format character there would carry
     * the break past it), close enough for ICU to see the terminator. */
    if (letter && sp->abbr_rules && q - sp->t->src_start[tk[i].start] <= SB8_REACH &&
        !abbr_before(sp->t->orig, q))
        return 1; /* SB11, and no abbreviation of ICU's can keep it */
    return icu_boundary(sp, q);
}

static int open_sentence(ssplit *sp, size_t first)
{
    rk_text *t = sp->t;
    if (t->n_sentences == sp->cap) {
        size_t c = sp->cap * 2 + 16;
        rk_sentence *v = realloc(t->sentences, c * sizeof *v);
        if (!v)
            return -1;
        t->sentences = v;
        sp->cap = c;
    }
    rk_sentence *s = &t->sentences[t->n_sentences++];
    s->start = t->tokens[first].start;
    s->first_token = (uint32_t)first;
    s->n_tokens = 0;
    return 0;
}

/* Groups the tokens into sentences. */
static int sentences(ssplit *sp)
{
    rk_text *t = sp->t;
    size_t cut = 0;  /* the token that starts the next sentence, if any */
    for (size_t i = 0; i < t->n_tokens; i++) {
        rk_token *k = &t->tokens[i];
        if (i == 0 || k->newline_before || i == cut)
            if (open_sentence(sp, i) < 0)
                return -1;
        rk_sentence *s = &t->sentences[t->n_sentences - 1];
        s->end = k->end;
        s->n_tokens++;
        k->sentence = (uint32_t)(t->n_sentences - 1);
        uint8_t sb = k->kind == RK_TOK_PUNCT ? sb_of(t, k) : 0;
        if ((sb == U_SB_ATERM || sb == U_SB_STERM) && ends_sentence(sp, i, sb)) {
            /* The sentence resumes after the closing marks. */
            cut = i + 1;
            while (cut < t->n_tokens && !t->tokens[cut].space_before)
                cut++;
        }
    }
    return 0;
}

rk_status rk_txt_segment(rk_text *t, const char *lang, rk_error *err)
{
    ssplit sp = {t, lang, NULL, NULL, 0, 0, 0};
    char loc[32];
    break_locale(lang, loc, sizeof loc);
    if (strcmp(loc, "en@ss=standard") == 0) {
        pthread_once(&abbr_once, abbr_load);
        sp.abbr_rules = abbr_ok;
    }
    rk_status st = RK_OK;
    if (tokenize(t) < 0 || sentences(&sp) < 0)
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory splitting text");
    ubrk_close(sp.bi);
    utext_close(sp.ut);
    return st;
}
