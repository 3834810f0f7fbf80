/* numbers.h - the numbers stage's data type: number expressions found in a
 * normalised text, each read as an interval with exactness, unit and kind. */
#ifndef RK_NUMBERS_H
#define RK_NUMBERS_H

#include <stddef.h>
#include <stdint.h>
#include "../core/error.h"
#include "../text/text.h"
#include "../rules/rules.h"

typedef enum rk_exactness {
    RK_EXACTNESS_NONE = 0,
    RK_EXACTNESS_EXACT,
    RK_EXACTNESS_APPROX,
    RK_EXACTNESS_AT_LEAST,
    RK_EXACTNESS_MORE_THAN,
    RK_EXACTNESS_AT_MOST,
    RK_EXACTNESS_LESS_THAN,
    RK_EXACTNESS_RANGE,
    RK_EXACTNESS_VAGUE
} rk_exactness;

typedef enum rk_number_kind {
    RK_KIND_NONE = 0,
    RK_KIND_COUNT,       /* a count of things or people */
    RK_KIND_PERCENT,
    RK_KIND_MONEY,
    RK_KIND_MEASURE,     /* length, area, rate, age, duration, ... */
    RK_KIND_MULTIPLE,    /* "twice", "5 مرات" */
    RK_KIND_YEAR,
    RK_KIND_DATE,
    RK_KIND_TIME,
    RK_KIND_ORDINAL,
    RK_KIND_LABEL,       /* designations: "Article 4", "اللواء 45" */
    RK_KIND_LIST_MARKER, /* "1." in an enumeration */
    RK_KIND_PHONE
} rk_number_kind;

/* True for the kinds that become claims (count, percent, money, measure). */
#define RK_KIND_IS_CLAIMABLE(k) \
    ((k) == RK_KIND_COUNT || (k) == RK_KIND_PERCENT || (k) == RK_KIND_MONEY || \
     (k) == RK_KIND_MEASURE)

/* One number expression. */
typedef struct rk_number {
    /* The number as written ("10 الاف", "370,000 إلى 400,000", "8٪"), without
     * comparator or unit words: original byte span and normalised span. */
    size_t start, end;
    uint32_t nstart, nend;
    /* The whole expression including comparator, hedge and unit words
     * ("أكثر من 10 الاف", "حوالى 1800 كلم"), normalised span. */
    uint32_t expr_nstart, expr_nend;
    double low, high;        /* valid only when has_low / has_high */
    uint8_t has_low, has_high;
    uint8_t exactness;       /* rk_exactness */
    uint8_t kind;            /* rk_number_kind */
    const char *unit;        /* rule vocabulary ("percent", "usd", "km2", "km",
                                "barrel_per_day", "year", ...), NULL if none.
                                borrowed: valid as long as the reader is */
    const char *vague;       /* the vague word's class ("tens", "hundreds"),
                                NULL if not vague. borrowed likewise */
    uint32_t sentence;       /* index into the text's sentences */
    uint32_t first_token, end_token; /* tokens [first_token, end_token) of the
                                        whole expression */
    uint8_t month;           /* a date's month (1-12) when a month name gives
                                it ("13 June", «13 июня»; low and high are
                                its days), else 0 */
    uint8_t after_noun;      /* one number word, alone, that follows the noun
                                it counts («جندي واحد»: rules, cardinal
                                after-noun); the claims stage widens the
                                expression over that noun */
} rk_number;

typedef struct rk_numlist {
    rk_number *items;
    size_t n, cap;
} rk_numlist;

/* A compiled number reader (tries over number words, scales, comparators,
 * vague words and units from the rule set's <numbers> sections). Immutable
 * once built: one reader may be shared by many threads. */
typedef struct rk_numbers_reader rk_numbers_reader;

/* Compiles the reader from rules (every <numbers> section; see
 * rules/schema/numbers.rng and the comments of rules/common/numbers.xml for
 * the settings). rules may be NULL for a reader that knows only digits. *out: the caller frees it with
 * rk_numbers_reader_free(). Broken data gives RK_ERR_RULES with path:line. */
RK_API rk_status rk_numbers_reader_new(const rk_rules *rules, rk_numbers_reader **out,
                                       rk_error *err);
RK_API void rk_numbers_reader_free(rk_numbers_reader *r);

/* Finds every number expression of t, in text order, appending to out.
 * Free out with rk_numlist_free() even when it holds none: an empty list
 * may be given a block to fill. */
RK_API rk_status rk_numbers_find(const rk_numbers_reader *r, const rk_text *t,
                                 rk_numlist *out, rk_error *err);

/* Whether the scan of rk_numbers_find() may start an expression at a token
 * whose normalised text is s[0..n), a word token when word is 1: the test
 * it makes at each token that is not a digit run, less what the words
 * after the token tell (a phrase that can start one opens with the token,
 * or, for a word, with the word less a prefix the lexicon strips). A text
 * none of whose tokens passes it, and which has no digit run, holds no
 * number. */
RK_API int rk_numbers_can_start(const rk_numbers_reader *r, const char *s, size_t n, int word);

/* Frees the items of l and empties it (l itself is the caller's). NULL is a
 * no-op. */
RK_API void rk_numlist_free(rk_numlist *l);

/* The relative half-width the rule data gives to "approx" numbers (setting
 * approx-tolerance in rules/common/numbers.xml, default 0.1): the reconcile
 * stage widens an approx value v to [v*(1-tol), v*(1+tol)]. */
RK_API double rk_numbers_approx_tolerance(const rk_numbers_reader *r);

/* Lower-case names used in every output ("exact", "more_than", ...; "count",
 * "list_marker", ...). borrowed: static strings; NULL for NONE. */
RK_API const char *rk_exactness_name(rk_exactness e);
RK_API const char *rk_kind_name(rk_number_kind k);

#endif
