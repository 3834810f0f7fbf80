/* text_internal.h - what the text stage's files share: character tables,
 * fast UTF-8 stepping and the growable arrays of an rk_text under
 * construction. Not installed. */
#ifndef RK_TEXT_INTERNAL_H
#define RK_TEXT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "text.h"

/* Code points below this have their normalisation and class precomputed. */
#define RK_TXT_TABLE_MAX 0x800

/* Character classes used by the tokenizer and the sentence splitter. */
enum {
    RK_CC_OTHER = 0,
    RK_CC_SPACE,    /* White_Space, not a line break */
    RK_CC_NEWLINE,  /* White_Space that breaks a line */
    RK_CC_DIGIT,    /* ASCII 0-9 */
    RK_CC_LETTER,   /* L* */
    RK_CC_MARK,     /* M* */
    RK_CC_PUNCT,    /* P* */
    RK_CC_SYMBOL    /* S* */
};

/* Normalisation of one code point standing alone in its NFKC segment. */
typedef struct rk_txt_norm1 {
    uint8_t len;      /* bytes in out; 0 means the character is removed */
    uint8_t cached;   /* 0: too long for out, take the slow path */
    uint8_t boundary; /* NFKC_Casefold has a boundary before it */
    char out[13];
} rk_txt_norm1;

/* Class, script and sentence-break role of one code point. */
typedef struct rk_txt_class {
    uint8_t cls;    /* RK_CC_* */
    uint8_t script; /* rk_script, for letters */
    uint8_t sb;     /* ICU's Sentence_Break value (U_SB_*) */
} rk_txt_class;

/* ICU's answers for every code point below RK_TXT_TABLE_MAX, as a build
 * derived them (tables_embed.c writes known_tables.c): the tables take them
 * instead of asking ICU when ICU's code and data are the build's. */
typedef struct rk_txt_known {
    const char *icu;          /* rk_icu_versions() of the build's ICU */
    size_t n;                 /* RK_TXT_TABLE_MAX, or 0: nothing derived */
    const rk_txt_norm1 *norm; /* n of them */
    const rk_txt_class *cls;
} rk_txt_known;
extern const rk_txt_known rk_txt_known_tables;
/* Asks ICU for the normalisation and class of each code point below
 * RK_TXT_TABLE_MAX, into norm[] and cls[] (that many each; the bytes of out
 * past len are zero). Returns 0, or -1 when ICU's normalisation data is
 * unavailable. */
int rk_txt_derive(rk_txt_norm1 *norm, rk_txt_class *cls);
/* Whether k may stand for rk_txt_derive() under this process's ICU. */
int rk_txt_known_applies(const rk_txt_known *k);
/* Turns the tables' use of rk_txt_known_tables on or off (on by default);
 * returns whether it was on. Takes effect only before the tables are made:
 * for tests, which then hold the tables to ICU's own answers. */
int rk_txt_set_known_tables(int on);

/* The tables, built once (thread-safe) on first use. Returns 0, or -1 when
 * ICU's normalisation data is unavailable. */
int rk_txt_tables_init(void);
/* Turns the normaliser's AVX2 block path on (where the CPU has it) or off,
 * for tests that hold it to the scalar path; returns whether it was on.
 * Not thread-safe: no text may be built meanwhile. */
int rk_txt_set_simd(int on);
/* Static tables, valid after rk_txt_tables_init() succeeded. */
extern rk_txt_norm1 rk_txt_norm_tab[RK_TXT_TABLE_MAX];
extern rk_txt_class rk_txt_class_tab[RK_TXT_TABLE_MAX];

/* What the hot loops need of a two-byte character, looked up by its two
 * bytes without decoding it: rk_txt_pair_tab[rk_txt_pair_at(p)]. Only the
 * entries of well-formed two-byte sequences (lead C2..DF, continuation
 * 80..BF) are non-zero, so an ASCII byte, a three- or four-byte lead or a
 * stray continuation byte at p reads 0. */
#define RK_TXT_PAIR_PLAIN 0x07u /* the script rk_text_plain_word() takes it for, or 0 */
/* Set when the character continues a word of script sc (not NONE): a mark,
 * or a letter of that script or of none. */
#define RK_TXT_PAIR_RUN(sc) (0x08u << ((sc) - 1))
extern uint8_t rk_txt_pair_tab[1u << 16];

/* For each byte: 1 when, met after a run of lower-case ASCII letters, it
 * may carry the Latin word on and the tokenizer must look closer (an ASCII
 * letter, the apostrophe, any byte of a longer character); 0 when it ends
 * the word (another ASCII character). */
extern uint8_t rk_txt_latin_on[256];

/* The index in rk_txt_pair_tab of the two bytes at p (p[1] must be
 * readable). */
static inline unsigned rk_txt_pair_at(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8;
}

/* Turns the tokenizer's runs over rk_txt_pair_tab on or off (the tests hold
 * them to the character-by-character path); returns whether they were on.
 * Not thread-safe: no text may be built meanwhile. */
int rk_txt_set_pair_runs(int on);

/* Class of a code point from ICU (for those past the table). */
rk_txt_class rk_txt_classify_icu(uint32_t cp);

/* rk_txt_classify_icu() of a code point past the table, the General
 * Punctuation block's (U+2000..U+206F: the curly quotes, dashes and
 * ellipsis of news text) asked once a process. */
rk_txt_class rk_txt_classify_far(uint32_t cp);

/* Class of any code point. */
static inline rk_txt_class rk_txt_classify(uint32_t cp)
{
    if (cp < RK_TXT_TABLE_MAX)
        return rk_txt_class_tab[cp];
    return rk_txt_classify_far(cp);
}


/* The code point of the two-byte sequence at p (lead byte C0..DF); below
 * RK_TXT_TABLE_MAX, so it indexes the tables. */
static inline uint32_t rk_txt_cp2(const unsigned char *p)
{
    return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
}

/* Decodes the code point at s[*i] of valid UTF-8 and advances *i. */
static inline uint32_t rk_txt_next(const unsigned char *s, size_t *i)
{
    uint32_t c = s[*i];
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c < 0xE0) {
        c = rk_txt_cp2(s + *i);
        *i += 2;
        return c;
    }
    if (c < 0xF0) {
        c = ((c & 0x0F) << 12) | ((uint32_t)(s[*i + 1] & 0x3F) << 6) | (s[*i + 2] & 0x3F);
        *i += 3;
        return c;
    }
    c = ((c & 0x07) << 18) | ((uint32_t)(s[*i + 1] & 0x3F) << 12) |
        ((uint32_t)(s[*i + 2] & 0x3F) << 6) | (s[*i + 3] & 0x3F);
    *i += 4;
    return c;
}

/* Steps back to the code point before s[*i] (*i > 0) of valid UTF-8. */
static inline uint32_t rk_txt_prev(const unsigned char *s, size_t *i)
{
    size_t k = *i - 1;
    while (k > 0 && (s[k] & 0xC0) == 0x80)
        k--;
    *i = k;
    size_t j = k;
    return rk_txt_next(s, &j);
}

/* NUL bytes that follow the view (t->norm[norm_len ..] is zero for this
 * many bytes), so that its readers may look a character ahead unchecked. */
#define RK_TXT_NORM_PAD 4

/* Fills t->norm (with its RK_TXT_NORM_PAD NULs), norm_len, src_start and
 * src_end from t->orig. */
rk_status rk_txt_normalize(rk_text *t, rk_error *err);

/* Fills t->sentences and t->tokens from the normalised view, which
 * RK_TXT_NORM_PAD NULs follow; lang picks the sentence-break locale. With
 * icu_only, ICU decides every candidate break that the splitter otherwise
 * settles from the rules and the locale's abbreviations itself, and the
 * tokens are grouped into sentences in a second pass, not as they come:
 * the reference the tests hold the splitter to. */
rk_status rk_txt_segment(rk_text *t, const char *lang, int icu_only, rk_error *err);

/* 1 when ICU's abbreviations for lang's break locale (English for Arabic,
 * and Russian) were read and sorted as its filter sorts them, so that
 * rk_txt_segment() can apply them itself; 0 leaves those breaks to ICU. */
int rk_txt_abbr_known(const char *lang);

/* rk_text_build(), with rk_txt_segment()'s icu_only. */
rk_status rk_txt_build(const char *orig, size_t len, const char *lang, int icu_only,
                       rk_text **out, rk_error *err);

#endif
