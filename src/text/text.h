/* text.h - the text stage's data type: a normalised view of a document body
 * for matching, with an offset map back to the original bytes, sentences and
 * tokens. */
#ifndef RK_TEXT_H
#define RK_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "../core/error.h"

/* Documents are limited to 4 GiB - 1 so offsets fit in 32 bits. */
#define RK_TEXT_MAX_BYTES ((size_t)UINT32_MAX - 1)

typedef enum rk_token_kind {
    RK_TOK_NONE = 0,
    RK_TOK_WORD,    /* letters (any script), with marks */
    RK_TOK_NUMBER,  /* a run of ASCII digits (after digit folding) */
    RK_TOK_PUNCT,   /* punctuation: . , ; : ! ? ( ) quotes, dashes, ... */
    RK_TOK_SYMBOL,  /* % $ € and other symbols */
    RK_TOK_OTHER
} rk_token_kind;

/* Script of a word token, for language-specific rules. */
typedef enum rk_script {
    RK_SCRIPT_NONE = 0,
    RK_SCRIPT_LATIN,
    RK_SCRIPT_ARABIC,
    RK_SCRIPT_CYRILLIC,
    RK_SCRIPT_OTHER
} rk_script;

/* A token: [start, end) byte offsets into the normalised text. Whitespace is
 * not a token; `space_before` says whether whitespace preceded it (and
 * `newline_before` whether that whitespace held a line break). */
typedef struct rk_token {
    uint32_t start, end;
    uint8_t kind;          /* rk_token_kind */
    uint8_t script;        /* rk_script */
    uint8_t space_before;
    uint8_t newline_before;
    uint32_t sentence;     /* index of its sentence */
} rk_token;

/* A sentence: [start, end) in the normalised text and its tokens
 * [first_token, first_token + n_tokens). */
typedef struct rk_sentence {
    uint32_t start, end;
    uint32_t first_token, n_tokens;
} rk_sentence;

/* The normalised view. Normalisation: ICU NFKC; tatweel, harakat and bidi
 * controls removed; the tatweel-dot pattern ("مقـ.ـتل") joined; alef forms,
 * alef maqsura and ta marbuta folded; Arabic-Indic and Persian digits as ASCII
 * digits; Arabic comma, percent sign, decimal and thousands separators as
 * their ASCII counterparts; Latin and Cyrillic case-folded. */
typedef struct rk_text {
    const char *orig;     /* borrowed: the document body it was built from */
    size_t orig_len;
    char *norm;           /* NUL-terminated normalised UTF-8 */
    size_t norm_len;
    /* For each byte i of norm (0 <= i < norm_len): the original bytes
     * [src_start[i], src_end[i]) that produced it. Non-decreasing.
     * src_start heads the one allocation that holds src_end and norm too
     * (rk_text_free() frees src_start alone). */
    uint32_t *src_start;
    uint32_t *src_end;
    rk_sentence *sentences;
    size_t n_sentences;
    rk_token *tokens;
    size_t n_tokens;
    /* rk_token_mix() (core/hash.h) of each token's normalised bytes, then
     * RK_TEXT_MIX_PAD zeros: the number reader and the claim matcher key
     * their lookups of a whole token by it, so a token is mixed once. */
    uint64_t *mix;
} rk_text;

/* The zeros after the last token's mix: a reader may look that many
 * tokens ahead without testing for the end. */
#define RK_TEXT_MIX_PAD 8

/* Builds the normalised view of orig[0..len) (valid UTF-8, else RK_ERR_UTF8
 * with the offset of the first bad byte in err->offset). lang ("ar", "en",
 * "ru" or NULL) picks the sentence-break locale. orig must outlive the text.
 * *out: the caller frees it with rk_text_free(). */
RK_API rk_status rk_text_build(const char *orig, size_t len, const char *lang,
                               rk_text **out, rk_error *err);

/* Builds the view of the window orig[base, base + len) of a longer body
 * with its offsets counted from orig, not from the window: the original
 * spans it gives (src_start, src_end, rk_text_orig_span) are offsets into
 * the whole body, t->orig is orig and t->orig_len is base + len, the end
 * of the window. Token and sentence indices count from the window. Errors
 * as rk_text_build's, err->offset counted from orig. A caller cuts the
 * window after a line break, where no sentence runs on, to see the
 * window's sentences as the whole body's. */
RK_API rk_status rk_text_build_window(const char *orig, size_t base, size_t len,
                                      const char *lang, rk_text **out, rk_error *err);

/* rk_text_build_window() for a window the caller knows to be valid UTF-8
 * (it checked the whole body once): the same text, without reading the
 * window for validity again. On invalid bytes the result is undefined
 * (no RK_ERR_UTF8). */
RK_API rk_status rk_text_build_window_valid(const char *orig, size_t base, size_t len,
                                            const char *lang, rk_text **out, rk_error *err);

/* Ends a sentence after each of words (n_words normalised words, "тел")
 * where a full stop follows the word and the next word, after a space,
 * starts with a capital letter: «подняли 12 тел. Спасены 148» is two
 * sentences, though ICU's abbreviations hold "тел." (телефон) and never
 * end a sentence there. The rules give the words; token and sentence
 * indices after the first cut move. Returns RK_OK, or an error with t
 * unchanged. */
RK_API rk_status rk_text_end_sentences_after(rk_text *t, const char *const *words,
                                             size_t n_words, rk_error *err);

/* Works out t->mix again from t's tokens: the text stage does it as it
 * cuts them, a caller that cuts tokens of its own calls it after. RK_OK or
 * RK_ERR_NOMEM (t->mix then NULL). */
RK_API rk_status rk_text_mix_tokens(rk_text *t);

/* Maps a normalised span [nstart, nend) to the original bytes it came from;
 * nstart < nend <= norm_len. */
RK_API void rk_text_orig_span(const rk_text *t, size_t nstart, size_t nend,
                              size_t *ostart, size_t *oend);

/* Index of the first normalised byte whose source starts at or after the
 * original offset off (for mapping original positions forward). */
RK_API size_t rk_text_norm_offset(const rk_text *t, size_t off);

/* 1 when s[0..n), standing between whitespace (or an end of the text),
 * comes out of rk_text_build() unchanged and as exactly one word token:
 * every character is below U+0800, alone in its normalisation segment,
 * mapped to itself, and a letter, all of one script. 0 otherwise, also
 * for strings that would pass through unchanged by other ways: the test is
 * safe to skip a build with, not a full description of one. */
RK_API int rk_text_plain_word(const char *s, size_t n);

/* Frees a text. NULL is a no-op. */
RK_API void rk_text_free(rk_text *t);

#endif
