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

#include "../core/hash.h" /* rk_token_mix */
#include "../core/scratch.h"

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

/* The end of the word starting at s[i] (a letter), a character at a time
 * but for runs of lower-case ASCII and of Arabic; sets *script. The
 * reference word_end() is held to (rk_txt_set_pair_runs). */
static size_t word_end_ref(const unsigned char *s, size_t len, size_t i, uint8_t *script)
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

/* Whether tokenize() ends words with word_end() (1) or word_end_ref(). */
static int pair_runs = 1;

int rk_txt_set_pair_runs(int on)
{
    int was = pair_runs;
    pair_runs = on != 0;
    return was;
}

/* The end of the run of two-byte characters from s[i] (i < len) that
 * continue a word of script ws (not NONE): letters of ws or of no script,
 * and marks. Two characters a step while both do, each looked up by its
 * two bytes. No bound is checked: RK_TXT_NORM_PAD NULs follow the view,
 * and two bytes that start with a NUL, or a lead byte and a NUL, are no
 * character of the table, so the run stops at len. */
static inline __attribute__((always_inline)) size_t pair_run(const unsigned char *s, size_t i,
                                                             uint8_t ws)
{
    const uint8_t bit = (uint8_t)RK_TXT_PAIR_RUN(ws);
    while (rk_txt_pair_tab[rk_txt_pair_at(s + i)] & rk_txt_pair_tab[rk_txt_pair_at(s + i + 2)] &
           bit)
        i += 4;
    if (rk_txt_pair_tab[rk_txt_pair_at(s + i)] & bit)
        i += 2;
    return i;
}

/* word_end_ref() with its first letter, of script ws, read by the caller
 * (it ends at s[i]), the two-byte characters that go on a word of its
 * script taken by pair_run(), and an ASCII character after a run settled
 * at once: ASCII has no marks and only Latin letters, so it goes on only a
 * word of Latin or of no script, and only as a letter or an apostrophe.
 * Sets *script. */
static size_t word_end(const unsigned char *s, size_t len, size_t i, uint8_t ws, uint8_t *script)
{
    while (i < len) {
        size_t k;
        if (ws == RK_SCRIPT_NONE || ws == RK_SCRIPT_LATIN) {
            if ((k = latin_run(s, len, i)) > i) {
                ws = RK_SCRIPT_LATIN;
                if ((i = k) >= len)
                    break;
            }
            if (s[i] < 0x80) {
                /* one load for the ASCII character that ends the word */
                if (!rk_txt_latin_on[s[i]])
                    break;
            } else if (ws == RK_SCRIPT_LATIN && (k = pair_run(s, i, ws)) > i) {
                i = k;
                continue;
            }
        } else {
            i = pair_run(s, i, ws);
            if (i >= len || s[i] < 0x80)
                break;
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

/* ---- sentence break iterators ---- */

/* The ICU locale for a BCP 47 language tag: its primary subtag, with the
 * standard abbreviation suppressions ("Mr.", "Dr.") where ICU has them. */
static void break_locale(const char *lang, char *out, size_t n)
{
    static const char tail[] = "@ss=standard";
    size_t k = 0;
    if (!lang)
        lang = "";
    while (k < 8 && ((lang[k] >= 'a' && lang[k] <= 'z') || (lang[k] >= 'A' && lang[k] <= 'Z')))
        k++;
    /* Arabic has no suppression list, and the abbreviations met in Arabic
     * news are English ones; the sentence rules themselves are the same.
     * Built by hand: this runs for every text built, and two snprintf
     * calls cost some 600 instructions a time. */
    if (k == 0 || (k == 2 && (lang[0] | 0x20) == 'a' && (lang[1] | 0x20) == 'r')) {
        lang = "en";
        k = 2;
    }
    if (n < k + sizeof tail) {
        if (n)
            out[0] = '\0';
        return;
    }
    for (size_t i = 0; i < k; i++)
        out[i] = (char)(lang[i] | 0x20);
    memcpy(out + k, tail, sizeof tail);
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

/* ICU's sentence iterator for "en@ss=standard" (and "ru@ss=standard") is a
 * filter over the plain rules: a break they give is dropped when the text
 * before it ends with one of the abbreviations of ICU's data for the locale
 * ("Mr.", "U.S."; "тел.", "н. э."). abbr_drops() emulates that filter
 * exactly, so that a break after a cased word is decided without ICU. Its
 * builder (SimpleFilteredBreakIteratorBuilder::build) sorts the strings
 * into two tables:
 *
 * - backward: a string with no full stop before its last character is a
 *   full entry ("Mr."); a string with an inner full stop ("U.S.") gives its
 *   part up to that stop ("U.") as a partial entry;
 * - forward: a string with an inner full stop, and a string that is such a
 *   part ("U." itself), whole.
 *
 * At a break, ICU steps back over one space (U+0020 only), then finds the
 * longest backward entry the text ends with. A full entry drops the break.
 * A partial one makes it read forwards from where the entry starts, a
 * character at a time along the forward table, until the text read is no
 * entry's beginning (the break stays) or is an entry that no other extends
 * (the break is dropped). After a space no English entry goes on, so a
 * partial entry never drops a break in English: ICU breaks after "U.S." and
 * "Ph.D." as after "U." (the "U.S." of "U.S.A." is read only to its "S.").
 * Russian entries do ("н. э.", "до н. э."): there the forward read crosses
 * the space after the break.
 * The reads stop at the ends of the text ICU is shown (icu_window()); a
 * forward read that runs into its end drops the break. Comparing UTF-8 bytes
 * gives what ICU's comparison of code points gives, as entries are whole
 * characters.
 *
 * The strings are read once and live in static storage as long as the
 * process; anything unexpected in them leaves every such break to ICU. */
#define ABBR_POOL 8192
#define ABBR_MAX 512
#define ABBR_LEN_MAX 48 /* bytes: an entry ending at a break lies inside ICU's window */
enum { ABBR_FULL = 1, ABBR_PARTIAL = 2, ABBR_FORWARD = 4 };
/* The tables of one locale's list. */
typedef struct abbr_set {
    const char *locale; /* of ICU's break iterator data: "en", "ru" */
    char pool[ABBR_POOL];
    struct {
        uint16_t off, len;
        uint8_t kind; /* ABBR_FULL or ABBR_PARTIAL (backward), or ABBR_FORWARD */
    } e[ABBR_MAX];
    size_t n;
    /* The backward entries by their last two bytes: back[..] indexes e,
     * bucket b holding back[first[b]..first[b+1]). */
    uint16_t back[ABBR_MAX];
    uint16_t first[257];
    /* The forward entries, fwd[0..n_fwd) indexing e: the forward read scans
     * them at every character. */
    uint16_t fwd[ABBR_MAX];
    size_t n_fwd;
    int ok;
} abbr_set;
/* English (that of Arabic texts too: break_locale) and Russian: the
 * project's languages whose locales ICU has a list for. */
static abbr_set abbr_en = {.locale = "en"}, abbr_ru = {.locale = "ru"};
static pthread_once_t abbr_en_once = PTHREAD_ONCE_INIT, abbr_ru_once = PTHREAD_ONCE_INIT;

static const char *abbr_str(const abbr_set *a, size_t k)
{
    return a->pool + a->e[k].off;
}

/* The bucket of a backward entry, or of the text ending at p: its byte
 * before the last (entries are at least two bytes). */
static unsigned abbr_bucket(const char *s, size_t n)
{
    return (unsigned char)s[n - 2];
}

/* A hash set of strings during a build: slot[h] is 1 + an index, or 0. Its
 * tests stand for the pairwise comparisons of every string with every
 * other, which cost more than reading ICU's list. */
#define ABBR_SLOTS 1024 /* a power of two, at least twice ABBR_MAX: half empty */
_Static_assert(ABBR_SLOTS >= 2 * ABBR_MAX && (ABBR_SLOTS & (ABBR_SLOTS - 1)) == 0,
               "the abbreviations' hash set must stay half empty");
typedef struct abbr_index {
    uint16_t slot[ABBR_SLOTS];
} abbr_index;

static size_t abbr_hash(const char *s, size_t n, unsigned salt)
{
    uint32_t h = 2166136261u ^ salt;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h & (ABBR_SLOTS - 1);
}

/* Adds s[0..n) as an entry of kind, once to its table ("U." is a partial
 * backward entry and a forward one). */
static int abbr_add(abbr_set *a, abbr_index *ix, const char *s, size_t n, int kind,
                    size_t *pool_len)
{
    unsigned fwd = kind == ABBR_FORWARD;
    size_t h = abbr_hash(s, n, fwd);
    for (; ix->slot[h]; h = (h + 1) & (ABBR_SLOTS - 1)) {
        size_t k = ix->slot[h] - 1u;
        if (a->e[k].len == n && memcmp(abbr_str(a, k), s, n) == 0 &&
            (a->e[k].kind == ABBR_FORWARD) == fwd)
            return a->e[k].kind == kind ? 0 : -1; /* both kinds backward: not ICU's tables */
    }
    if (n < 2 || n > UINT16_MAX || a->n == ABBR_MAX || *pool_len + n > ABBR_POOL)
        return -1;
    memcpy(a->pool + *pool_len, s, n);
    a->e[a->n].off = (uint16_t)*pool_len;
    a->e[a->n].len = (uint16_t)n;
    a->e[a->n++].kind = (uint8_t)kind;
    ix->slot[h] = (uint16_t)a->n;
    *pool_len += n;
    return 0;
}

/* Sorts ICU's strings (n of them, raw[off[i]..off[i] + len[i])) into the
 * two tables as SimpleFilteredBreakIteratorBuilder::build does. */
static int abbr_build(abbr_set *a, const uint16_t *off, const uint16_t *len, size_t n,
                      const char *raw)
{
    int marked[ABBR_MAX] = {0};
    size_t pool_len = 0;
    abbr_index ix = {{0}};
    for (size_t i = 0; i < n; i++) {
        const char *si = raw + off[i];
        const char *dot = memchr(si, '.', len[i]);
        size_t nn = dot ? (size_t)(dot - si) : len[i];
        if (!dot || nn + 1 == len[i])
            continue; /* no inner full stop */
        for (size_t j = 0; j < n; j++)
            if (j != i && len[j] >= nn + 1 && memcmp(raw + off[j], si, nn + 1) == 0)
                marked[j] = 1;
        marked[i] = 1;
        if (abbr_add(a, &ix, si, nn + 1, ABBR_PARTIAL, &pool_len) < 0)
            return -1;
    }
    for (size_t i = 0; i < n; i++)
        if (abbr_add(a, &ix, raw + off[i], len[i], marked[i] ? ABBR_FORWARD : ABBR_FULL,
                     &pool_len) < 0)
            return -1;
    /* back[] by bucket, in entry order within each: a count of each
     * bucket, its start, then one pass (not a pass per bucket, which cost
     * a twentieth of start-up) */
    uint16_t at[256] = {0};
    for (size_t e = 0; e < a->n; e++)
        if (a->e[e].kind != ABBR_FORWARD)
            at[abbr_bucket(abbr_str(a, e), a->e[e].len)]++;
    size_t k = 0;
    for (unsigned b = 0; b < 256; b++) {
        a->first[b] = (uint16_t)k;
        k += at[b];
        at[b] = a->first[b];
    }
    a->first[256] = (uint16_t)k;
    for (size_t e = 0; e < a->n; e++)
        if (a->e[e].kind != ABBR_FORWARD)
            a->back[at[abbr_bucket(abbr_str(a, e), a->e[e].len)]++] = (uint16_t)e;
    for (size_t e = 0; e < a->n; e++)
        if (a->e[e].kind == ABBR_FORWARD)
            a->fwd[a->n_fwd++] = (uint16_t)e;
    return 0;
}

static void abbr_load(abbr_set *a)
{
    char raw[ABBR_POOL];
    uint16_t off[ABBR_MAX], len[ABBR_MAX];
    abbr_index seen = {{0}};
    size_t n = 0, raw_len = 0;
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *b = ures_open(U_ICUDATA_NAME "-brkitr", a->locale, &st);
    UResourceBundle *ex = ures_getByKey(b, "exceptions", NULL, &st);
    UResourceBundle *sb = ures_getByKey(ex, "SentenceBreak", NULL, &st);
    int ok = U_SUCCESS(st);
    while (ok && ures_hasNext(sb)) {
        int32_t n16 = 0, n8 = 0;
        char u8[128];
        const UChar *u = ures_getNextString(sb, &n16, NULL, &st);
        u_strToUTF8(u8, sizeof u8, &n8, u, n16, &st);
        ok = U_SUCCESS(st) && n8 > 0 && n8 < ABBR_LEN_MAX && n < ABBR_MAX &&
             raw_len + (size_t)n8 <= sizeof raw && !memchr(u8, '\n', (size_t)n8);
        if (ok) {
            /* ICU keeps the strings in a set: a repeated one counts once. */
            size_t h = abbr_hash(u8, (size_t)n8, 0);
            while (seen.slot[h] && !(len[seen.slot[h] - 1u] == n8 &&
                                     memcmp(raw + off[seen.slot[h] - 1u], u8, (size_t)n8) == 0))
                h = (h + 1) & (ABBR_SLOTS - 1);
            if (!seen.slot[h]) {
                memcpy(raw + raw_len, u8, (size_t)n8);
                off[n] = (uint16_t)raw_len;
                len[n++] = (uint16_t)n8;
                seen.slot[h] = (uint16_t)n;
                raw_len += (size_t)n8;
            }
        }
    }
    ures_close(sb);
    ures_close(ex);
    ures_close(b);
    if (ok && abbr_build(a, off, len, n, raw) == 0)
        a->ok = 1;
}

static void abbr_load_en(void)
{
    abbr_load(&abbr_en);
}

static void abbr_load_ru(void)
{
    abbr_load(&abbr_ru);
}

/* The tables for the break locale loc ("en@ss=standard"), read on first
 * use; NULL for a locale without them, or when ICU's list held something
 * unexpected (its breaks are then ICU's to decide). */
static const abbr_set *abbr_for(const char *loc)
{
    abbr_set *a = NULL;
    if (strcmp(loc, "en@ss=standard") == 0) {
        pthread_once(&abbr_en_once, abbr_load_en);
        a = &abbr_en;
    } else if (strcmp(loc, "ru@ss=standard") == 0) {
        pthread_once(&abbr_ru_once, abbr_load_ru);
        a = &abbr_ru;
    }
    return a && a->ok ? a : NULL;
}

int rk_txt_abbr_known(const char *lang)
{
    char loc[32];
    break_locale(lang, loc, sizeof loc);
    return abbr_for(loc) != NULL;
}

/* ---- sentences ---- */

typedef struct ssplit {
    rk_text *t;
    const char *lang;
    UBreakIterator *bi;  /* opened on the first question for ICU */
    UText *ut;
    int icu_failed;
    size_t cap;
    const abbr_set *abbr; /* the locale's suppressions, when known */
    int icu_only;        /* every candidate break goes to ICU (tests) */
    /* The grouping as tokens come (group_token): the open sentence's
     * first token and index, and the terminator whose sentence end is not
     * settled yet, with its Sentence_Break value (none: SIZE_MAX). */
    size_t first;
    uint32_t cur;
    size_t pending;
    uint8_t pending_sb;
} ssplit;

/* Sentence_Break value of the original character token k starts at. */
static uint8_t sb_of(const rk_text *t, const rk_token *k)
{
    size_t i = t->src_start[k->start];
    return rk_txt_classify(rk_txt_next((const unsigned char *)t->orig, &i)).sb;
}

/* Context ICU is shown around a candidate break, in bytes each way. */
#define ICU_WINDOW 120

/* Context ICU is always shown before the terminator itself. */
#define ICU_BEFORE_TERM 16

/* The text [*a, *z) ICU is shown to decide a break at original offset q
 * after the terminator at original offset term: a window of the line
 * around q, reaching back past the terminator however long the closing
 * marks and spaces after it (else a run of them would hide it from ICU).
 * Its sentence rules look a few words each way, while asking a
 * random-access question of an iterator over a long line costs time
 * proportional to the line (it backs up to a safe point), which is
 * quadratic over a 10 MB one-line article. */
static void icu_window(const rk_text *t, size_t q, size_t term, size_t *a, size_t *z)
{
    const unsigned char *s = (const unsigned char *)t->orig;
    size_t len = t->orig_len;
    size_t lo = q > ICU_WINDOW ? q - ICU_WINDOW : 0;
    size_t hi = len - q > ICU_WINDOW ? q + ICU_WINDOW : len;
    if (term < lo + ICU_BEFORE_TERM)
        lo = term > ICU_BEFORE_TERM ? term - ICU_BEFORE_TERM : 0;
    for (size_t k = q; k > lo; k--)
        if (s[k - 1] == '\n') {
            lo = k;
            break;
        }
    const unsigned char *nl = memchr(s + q, '\n', hi - q);
    if (nl)
        hi = (size_t)(nl - s);
    while (lo < q && (s[lo] & 0xC0) == 0x80)
        lo++;
    while (hi > q && hi < len && (s[hi] & 0xC0) == 0x80)
        hi--;
    *a = lo;
    *z = hi;
}

/* Whether ICU's filter drops a break of its rules at original offset q of
 * t, shown the text of icu_window(); the caller makes sure that text holds
 * the terminator before q. The backward read needs no window: an entry,
 * shorter than ABBR_LEN_MAX, holds no line break and starts well inside
 * ICU_WINDOW of q. */
_Static_assert(ABBR_LEN_MAX + 4 <= ICU_WINDOW, "an entry before a break lies in ICU's window");

static int abbr_drops(const abbr_set *ab, const rk_text *t, size_t q)
{
    const char *s = t->orig;
    size_t p = s[q - 1] == ' ' ? q - 1 : q;
    if (p < 2)
        return 0;
    /* The longest backward entry the text ends with. */
    size_t best = SIZE_MAX, best_len = 0;
    unsigned bk = abbr_bucket(s, p);
    for (size_t i = ab->first[bk]; i < ab->first[bk + 1]; i++) {
        size_t e = ab->back[i], n = ab->e[e].len;
        if (n > best_len && n <= p && memcmp(s + p - n, abbr_str(ab, e), n) == 0) {
            best = e;
            best_len = n;
        }
    }
    if (best == SIZE_MAX)
        return 0;
    if (ab->e[best].kind == ABBR_FULL)
        return 1;
    /* A partial match: read forwards a character at a time along the
     * forward table, as UCharsTrie::nextForCodePoint does. */
    size_t from = p - best_len, at = from, a, z;
    icu_window(t, q, q, &a, &z); /* only its end matters here */
    /* The entries the text so far starts, s[from, from + done): only they
     * can match a character more, and only its bytes are compared. */
    uint16_t cand[ABBR_MAX];
    const uint16_t *from_set = ab->fwd; /* then cand, filtered in place */
    size_t nc = ab->n_fwd, done = 0;
    while (at < z) {
        at++;
        while (at < z && ((unsigned char)s[at] & 0xC0) == 0x80)
            at++;
        size_t n = at - from, kept = 0;
        int equal = 0, longer = 0;
        for (size_t f = 0; f < nc; f++) {
            size_t e = from_set[f], k = done;
            if (ab->e[e].len < n)
                continue;
            const char *es = abbr_str(ab, e);
            while (k < n && es[k] == s[from + k])
                k++;
            if (k < n)
                continue;
            cand[kept++] = (uint16_t)e;
            if (ab->e[e].len == n)
                equal = 1;
            else
                longer = 1;
        }
        from_set = cand;
        nc = kept;
        done = n;
        if (!equal && !longer)
            return 0; /* the text left the table */
        if (!longer)
            return 1; /* a whole entry nothing extends */
    }
    return 1; /* the window ended inside the table: ICU counts that a match */
}

/* Asks ICU whether a sentence starts at original offset q after the
 * terminator at original offset term, showing it the window of
 * icu_window(). */
static int icu_boundary(ssplit *sp, size_t q, size_t term)
{
    if (!sp->bi && !sp->icu_failed) {
        char loc[32];
        break_locale(sp->lang, loc, sizeof loc);
        sp->bi = sentence_iter(loc);
        sp->icu_failed = !sp->bi;
    }
    if (sp->icu_failed)
        return 0;
    const char *s = sp->t->orig;
    size_t a, z;
    icu_window(sp->t, q, term, &a, &z);
    UErrorCode st = U_ZERO_ERROR;
    sp->ut = utext_openUTF8(sp->ut, s + a, (int64_t)(z - a), &st);
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

/* Whether the original text [from, q) between a terminator and the next
 * token is what the normalised view shows, closing marks then whitespace
 * (with the format and extend characters they carry, SB5), so that the
 * sentence rules read it as the splitter does. When the view dropped
 * something else there (a tatweel), returns 0 with *at where ICU is to be
 * asked: where the rules would break, past the whitespace ("! \u0640 0"
 * breaks before the tatweel), or q itself when the dropped character comes
 * before any whitespace ("D.\u0640) Sept." has no break of the rules). */
static int plain_gap(const rk_text *t, size_t from, size_t q, size_t *at)
{
    const unsigned char *s = (const unsigned char *)t->orig;
    *at = q;
    if (q == from + 1 && s[from] == ' ')
        return 1;
    size_t k = from;
    int spaces = 0;
    while (k < q) {
        size_t c = k;
        uint8_t sb = rk_txt_classify(rk_txt_next(s, &c)).sb;
        if (sb == U_SB_SP)
            spaces = 1;
        else if ((sb == U_SB_CLOSE && spaces) || (sb != U_SB_CLOSE && sb != U_SB_FORMAT &&
                                                   sb != U_SB_EXTEND))
            break;
        k = c;
    }
    if (k == q)
        return 1;
    if (spaces)
        *at = k;
    return 0;
}

/* Whether a sentence ends with the terminator token i (of Sentence_Break
 * value term): it must be followed by closing marks and then whitespace
 * within the line. The rules of UAX #29 settle the common cases from the
 * next characters alone. When a cased word (Latin, Cyrillic) precedes the
 * terminator, which may make it an abbreviation ("Mr.") or an initial
 * ("U.S."), the break the rules give is checked against the locale's
 * abbreviations as ICU checks it (abbr_drops), where they are known. ICU is
 * asked about the rest. */
static __attribute__((noinline)) int ends_sentence(ssplit *sp, size_t i, uint8_t term)
{
    const rk_token *tk = sp->t->tokens;
    size_t n = sp->t->n_tokens, j = i + 1;
    while (j < n && !tk[j].space_before && tk[j].kind == RK_TOK_PUNCT &&
           sb_of(sp->t, &tk[j]) == U_SB_CLOSE)
        j++;
    if (j >= n || !tk[j].space_before || tk[j].newline_before)
        return 0;
    size_t q = sp->t->src_start[tk[j].start], at, stop = sp->t->src_start[tk[i].start];
    /* The terminator's own character: a token's original span also holds
     * what the view dropped after it. */
    size_t stop_end = stop;
    rk_txt_next((const unsigned char *)sp->t->orig, &stop_end);
    if (!plain_gap(sp->t, stop_end, q, &at) || sp->icu_only)
        return icu_boundary(sp, at, stop);
    uint8_t next = sb_of(sp->t, &tk[j]);
    if (next == U_SB_EXTEND || next == U_SB_FORMAT || next == U_SB_SP || next == U_SB_SEP ||
        next == U_SB_CR || next == U_SB_LF)
        return icu_boundary(sp, q, stop); /* not a sentence's first character (SB5, SB9-10) */
    if (next == U_SB_SCONTINUE || next == U_SB_ATERM || next == U_SB_STERM)
        return 0; /* SB8a */
    if (term == U_SB_ATERM && next == U_SB_LOWER)
        return 0; /* SB8 */
    int cased = i > 0 && !tk[i].space_before && tk[i - 1].kind == RK_TOK_WORD &&
                tk[i - 1].script != RK_SCRIPT_ARABIC && tk[i - 1].script != RK_SCRIPT_NONE;
    int letter = next == U_SB_UPPER || next == U_SB_OLETTER;
    uint8_t ahead = next;
    if (term == U_SB_ATERM && !letter) {
        ahead = sb8_letter(sp->t, q);
        if (ahead == U_SB_LOWER)
            return 0; /* SB8, past digits and punctuation */
    }
    if (!cased && (term == U_SB_STERM || letter))
        return 1; /* SB11 */
    /* The rules break (SB11) when the letter itself follows (a format
     * character there would carry the break past it), or a digit, a closing
     * mark or a symbol does and the first letter after it is no lower case
     * (SB8) or the terminator is ! or ?; the terminator must be close enough
     * for ICU's window to hold it and the abbreviation before it. */
    int sign = next == U_SB_NUMERIC || next == U_SB_CLOSE || next == U_SB_OTHER;
    int rules_break = letter || (sign && (term == U_SB_STERM || ahead == U_SB_UPPER ||
                                          ahead == U_SB_OLETTER));
    if (rules_break && sp->abbr && q - stop <= SB8_REACH)
        return !abbr_drops(sp->abbr, sp->t, q);
    return icu_boundary(sp, q, stop);
}

static int open_sentence(ssplit *sp, size_t first)
{
    rk_text *t = sp->t;
    if (t->n_sentences == sp->cap) {
        /* the first block kept from the thread's last text, sized for a
         * sentence every 64 bytes (news has one every 100 to 200) */
        size_t c = sp->cap * 2 + 16;
        rk_sentence *v = sp->cap ? realloc(t->sentences, c * sizeof *v)
                                 : rk_scratch_take_items(RK_SCRATCH_SENTENCES,
                                                         t->norm_len / 64 + 16, sizeof *v, &c);
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

/* Groups the tokens into sentences, in a pass of its own: the reference
 * (icu_only) that tokenize()'s grouping as it goes is held to. A
 * sentence's end and token count are set when it closes, not token by
 * token; the tokens up to the next that may open or end a sentence (after
 * a line break, a punctuation mark, the cut) are only numbered. */
static int sentences(ssplit *sp)
{
    rk_text *t = sp->t;
    const size_t n = t->n_tokens;
    size_t cut = 0;   /* the token that starts the next sentence, if any */
    size_t first = 0; /* the first token of the open sentence */
    uint32_t cur = 0; /* and its index */
    for (size_t i = 0, next; i < n; i = next) {
        rk_token *k = &t->tokens[i];
        if (i == 0 || k->newline_before || i == cut) {
            if (i > 0) {
                t->sentences[cur].end = t->tokens[i - 1].end;
                t->sentences[cur].n_tokens = (uint32_t)(i - first);
            }
            if (open_sentence(sp, i) < 0)
                return -1;
            first = i;
            cur = (uint32_t)(t->n_sentences - 1);
        }
        k->sentence = cur;
        if (k->kind == RK_TOK_PUNCT) {
            uint8_t sb = sb_of(t, k);
            if ((sb == U_SB_ATERM || sb == U_SB_STERM) && ends_sentence(sp, i, sb)) {
                /* The sentence resumes after the closing marks. */
                cut = i + 1;
                while (cut < n && !t->tokens[cut].space_before)
                    cut++;
            }
        }
        size_t lim = cut > i ? cut : n;
        for (next = i + 1; next < lim && t->tokens[next].kind != RK_TOK_PUNCT &&
                           !t->tokens[next].newline_before;
             next++)
            t->tokens[next].sentence = cur;
    }
    if (n) {
        t->sentences[cur].end = t->tokens[n - 1].end;
        t->sentences[cur].n_tokens = (uint32_t)(n - first);
    }
    return 0;
}

/* Closes the open sentence before token j and opens one at j. */
static int open_at(ssplit *sp, size_t j)
{
    rk_text *t = sp->t;
    if (j > 0) {
        t->sentences[sp->cur].end = t->tokens[j - 1].end;
        t->sentences[sp->cur].n_tokens = (uint32_t)(j - sp->first);
    }
    if (open_sentence(sp, j) < 0)
        return -1;
    sp->first = j;
    sp->cur = (uint32_t)(t->n_sentences - 1);
    return 0;
}

/* sentences() for token j as it comes, tokens[0..j] made: the first
 * token, one after a line break, a punctuation mark, and any token while a
 * terminator's end is pending; tokenize() numbers the others itself. A
 * terminator's end is settled at the first token after its closing marks,
 * the token ends_sentence() reads, so the decisions are sentences()'s. */
static int group_token(ssplit *sp, size_t j)
{
    rk_text *t = sp->t;
    rk_token *k = &t->tokens[j];
    int open = j == 0 || k->newline_before;
    uint8_t sb = k->kind == RK_TOK_PUNCT ? sb_of(t, k) : 0;
    if (sp->pending != SIZE_MAX &&
        (k->space_before || k->kind != RK_TOK_PUNCT || sb != U_SB_CLOSE)) {
        /* ends_sentence() reads k and says no at once but after a space
         * within the line */
        if (k->space_before && !k->newline_before) {
            t->n_tokens = j + 1;
            open |= ends_sentence(sp, sp->pending, sp->pending_sb);
        }
        sp->pending = SIZE_MAX;
    }
    if (open && open_at(sp, j) < 0)
        return -1;
    k->sentence = sp->cur;
    if (sb == U_SB_ATERM || sb == U_SB_STERM) {
        sp->pending = j;
        sp->pending_sb = sb;
    }
    return 0;
}

/* The byte of a word token's kind, script, space_before and newline_before
 * fields, and its sentence, in the last eight bytes of a token as one store
 * writes them. */
_Static_assert(offsetof(rk_token, kind) == 8 && offsetof(rk_token, script) == 9 &&
                   offsetof(rk_token, space_before) == 10 &&
                   offsetof(rk_token, newline_before) == 11 &&
                   offsetof(rk_token, sentence) == 12 && sizeof(rk_token) == 16,
               "latin_words() writes a token as two eight-byte halves");

/* Tokenize()'s common run, from s[k], the end of a word: while a space or
 * more and a word of lower-case ASCII letters that an ASCII character
 * other than a letter or an apostrophe ends follow, each such word is
 * written as tokenize() writes it after spaces (of Latin script, space
 * before it, no line break, of sentence cur) to tok[*n], while there is
 * room (cap). Sixteen bytes are read from the word's first letter: a word
 * closer than that to the end of the view, or as long, is left to
 * tokenize(). Returns where it stopped: the end of the last word it
 * wrote, or the first of the spaces before the word it left. */
static inline __attribute__((always_inline)) size_t
latin_words(const unsigned char *s, size_t len, size_t k, rk_token *tok, uint64_t *mix,
            size_t *n, size_t cap, uint32_t cur)
{
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len < 16)
        return k;
    const __m128i a = _mm_set1_epi8('a'), z = _mm_set1_epi8(25);
    const uint64_t hi = (uint64_t)RK_TOK_WORD | (uint64_t)RK_SCRIPT_LATIN << 8 |
                        (uint64_t)1 << 16 | (uint64_t)cur << 32;
    const size_t last = len - 16; /* the last first letter sixteen bytes are read from */
    size_t m = *n;
    unsigned c = s[k];
    while (c == ' ' && m < cap) {
        size_t j = k + 1;
        while (s[j] == ' ') /* the NULs after the view stop it */
            j++;
        if ((unsigned)(s[j] - 'a') >= 26u || j > last)
            break;
        __m128i d = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + j)), a);
        /* bit 16 stands for the byte after the sixteen (at most s[len],
         * a NUL): a word of sixteen letters ends there or goes on, which
         * that byte's rk_txt_latin_on says */
        uint64_t w = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, z), d)) ^ 0x1ffffu;
        size_t e = j + (size_t)__builtin_ctzll(w);
        c = s[e];
        if (rk_txt_latin_on[c])
            break;
        uint64_t lo = (uint64_t)j | (uint64_t)e << 32;
        memcpy((char *)&tok[m], &lo, 8);
        memcpy((char *)&tok[m] + 8, &hi, 8);
        mix[m] = rk_token_mix((const char *)s + j, e - j);
        m++;
        k = e;
    }
    *n = m;
#else
    (void)s, (void)len, (void)tok, (void)mix, (void)n, (void)cap, (void)cur;
#endif
    return k;
}

/* Makes room for more tokens and their mixes than cap: returns the new
 * room, or 0 when out of memory (what was made stays in t). */
static size_t grow_tokens(rk_text *t, size_t cap, rk_token **tok, uint64_t **mix)
{
    size_t more = cap * 2 + 64;
    rk_token *v = realloc(t->tokens, more * sizeof *v);
    if (!v)
        return 0;
    *tok = t->tokens = v;
    uint64_t *m = realloc(t->mix, (more + RK_TEXT_MIX_PAD) * sizeof *m);
    if (!m)
        return 0;
    *mix = t->mix = m;
    return more;
}

/* Cuts the view into tokens and groups them into sentences as it goes,
 * and mixes each (t->mix). */
static int tokenize(ssplit *sp)
{
    rk_text *t = sp->t;
    const unsigned char *s = (const unsigned char *)t->norm;
    size_t len = t->norm_len, i = 0, n = 0;
    /* About one token per six bytes in news text, so one allocation mostly. */
    size_t cap = len / 5 + 16;
    rk_token *tok = t->tokens = rk_scratch_take(RK_SCRATCH_TOKENS, cap * sizeof *tok);
    uint64_t *mix = t->mix = rk_scratch_take(RK_SCRATCH_MIX, (cap + RK_TEXT_MIX_PAD) * sizeof *mix);
    if (!tok || !mix)
        return -1;
    const int fast = pair_runs;
    sp->pending = SIZE_MAX;
    uint8_t space = 0, nl = 0;
    /* group_token() is asked about the next token: the first, or one
     * while a terminator's end is pending */
    uint8_t attend = 1;
    uint32_t cur = 0;
    while (i < len) {
        size_t k;       /* the end of the token */
        rk_txt_class c; /* the class of its first character */
        if (s[i] == ' ') { /* most whitespace, at once */
            space = 1;
            while (s[++i] == ' ') /* the NULs after the view stop it */
                ;
            /* The commonest tokens: a word after a space, read at once
             * without the class lookup and the dispatch. A run of
             * lower-case ASCII letters (the view is case-folded) that an
             * ASCII character other than a letter or an apostrophe ends,
             * or the end of the view, is a word of Latin script, as
             * word_end() would end it; a word that starts with a two-byte
             * letter the pair table knows the script of is word_end()'s
             * from its second character, as the general path reads it. */
            unsigned ch = s[i];
            uint8_t sc;
            if ((unsigned)(ch - 'a') < 26u && fast) {
                k = latin_run(s, len, i + 1);
                if (k < len && rk_txt_latin_on[s[k]])
                    continue; /* it goes on: the general path reads it */
                if (n == cap && !(cap = grow_tokens(t, cap, &tok, &mix)))
                    return -1;
                rk_token *tk = &tok[n];
                tk->start = (uint32_t)i;
                tk->end = (uint32_t)k;
                tk->kind = RK_TOK_WORD;
                tk->script = RK_SCRIPT_LATIN;
                tk->space_before = 1;
                tk->newline_before = nl;
                tk->sentence = cur;
                if (attend | nl)
                    goto made; /* one call of group_token(), which stays inline */
                /* The words that follow it after spaces, each as it came,
                 * in a loop of their own (group_token() is not asked about
                 * them); what it leaves, the top of the loop reads. */
                mix[n++] = rk_token_mix((const char *)s + i, k - i);
                i = latin_words(s, len, k, tok, mix, &n, cap, cur);
                space = 0;
                continue;
            }
            if (ch >= 0xC0 && fast &&
                (sc = rk_txt_pair_tab[rk_txt_pair_at(s + i)] & RK_TXT_PAIR_PLAIN)) {
                /* the general path from its class lookup on: one call of
                 * word_end(), which stays inline */
                c = (rk_txt_class){RK_CC_LETTER, sc, 0};
                k = i + 2;
                goto classed;
            }
            if (i >= len)
                break;
            /* what follows the spaces is read at once, not by the loop */
        }
        k = i;
        c = class_at(s, &k);
        if (c.cls == RK_CC_SPACE || c.cls == RK_CC_NEWLINE) {
            space = 1;
            nl |= c.cls == RK_CC_NEWLINE;
            i = k;
            continue;
        }
    classed:
        if (n == cap && !(cap = grow_tokens(t, cap, &tok, &mix)))
            return -1;
        rk_token *tk = &tok[n];
        tk->start = (uint32_t)i;
        tk->script = RK_SCRIPT_NONE;
        tk->space_before = space;
        tk->newline_before = nl;
        tk->sentence = cur;
        if (c.cls == RK_CC_DIGIT) {
            tk->kind = RK_TOK_NUMBER;
            while (k < len && s[k] >= '0' && s[k] <= '9')
                k++;
        } else if (c.cls == RK_CC_LETTER) {
            tk->kind = RK_TOK_WORD;
            k = fast ? word_end(s, len, k, c.script, &tk->script)
                     : word_end_ref(s, len, i, &tk->script);
        } else {
            tk->kind = c.cls == RK_CC_PUNCT    ? RK_TOK_PUNCT
                       : c.cls == RK_CC_SYMBOL ? RK_TOK_SYMBOL
                                               : RK_TOK_OTHER;
            attend |= c.cls == RK_CC_PUNCT;
        }
        tk->end = (uint32_t)k;
    made:
        mix[n] = rk_token_mix((const char *)s + i, k - i);
        if (attend | nl) {
            if (group_token(sp, n) < 0)
                return -1;
            attend = sp->pending != SIZE_MAX;
            cur = sp->cur;
        }
        n++;
        space = nl = 0;
        i = k;
    }
    t->n_tokens = n;
    if (n) {
        t->sentences[sp->cur].end = tok[n - 1].end;
        t->sentences[sp->cur].n_tokens = (uint32_t)(n - sp->first);
    }
    memset(mix + n, 0, RK_TEXT_MIX_PAD * sizeof *mix);
    return 0;
}

rk_status rk_text_mix_tokens(rk_text *t)
{
    free(t->mix);
    size_t n = t->n_tokens;
    uint64_t *m = t->mix = malloc((n + RK_TEXT_MIX_PAD) * sizeof *m);
    if (!m)
        return RK_ERR_NOMEM;
    const rk_token *tok = t->tokens;
    const char *norm = t->norm;
    for (size_t k = 0; k < n; k++)
        m[k] = rk_token_mix(norm + tok[k].start, tok[k].end - tok[k].start);
    memset(m + n, 0, RK_TEXT_MIX_PAD * sizeof *m);
    return RK_OK;
}

rk_status rk_txt_segment(rk_text *t, const char *lang, int icu_only, rk_error *err)
{
    ssplit sp = {t, lang, NULL, NULL, 0, 0, NULL, icu_only, 0, 0, SIZE_MAX, 0};
    char loc[32];
    break_locale(lang, loc, sizeof loc);
    sp.abbr = abbr_for(loc);
    rk_status st = RK_OK;
    /* The reference groups the tokens again, in a pass of its own. */
    if (tokenize(&sp) < 0 || (icu_only && (t->n_sentences = 0, sentences(&sp) < 0)))
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory splitting text");
    ubrk_close(sp.bi);
    utext_close(sp.ut);
    return st;
}
