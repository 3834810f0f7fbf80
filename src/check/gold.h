/* gold.h - gold files (the claims a careful reader finds in a fixture, and
 * the numbers that must not become claims), matching them against extracted
 * claims, and scoring the match per field. */
#ifndef RK_GOLD_H
#define RK_GOLD_H

#include <stddef.h>
#include <stdint.h>
#include "../core/error.h"
#include "../claims/claim.h"

/* One line of a NAME.gold.jsonl file: a claim a careful reader finds.
 * Strings are owned by the gold set; NULL stands for JSON null. */
typedef struct rk_gold_item {
    long line;             /* 1-based line in the gold file */
    char *file;            /* the fixture's file name; "NAME.jsonl#N" picks
                              record N of a multi-document file */
    char *quote;           /* words around the number, as written */
    char *number_text;     /* the number as written */
    double low, high;
    uint8_t has_low, has_high;
    char *exactness;       /* "exact", "more_than", ... (rk_exactness_name) */
    char *quantity, *subject, *unit;
    char *attributed_to;   /* who the figure comes from */
    char *as_of;           /* "YYYY-MM-DD", or a partial date "YYYY" / "YYYY-MM" */
} rk_gold_item;

/* One line of a NAME.negatives.jsonl file: a number that is not a claim. */
typedef struct rk_negative {
    long line;
    char *file, *quote, *number_text;
    char *kind;            /* why it is not a claim ("year", "date", ...) */
} rk_negative;

/* A loaded gold or negatives file. */
typedef struct rk_gold {
    char *path;            /* the file it was loaded from */
    rk_gold_item *items;
    size_t n_items;
    rk_negative *negs;
    size_t n_negs;
} rk_gold;

/* Loads a gold file (lines of rk_gold_item) into a new set.
 * Blank lines are skipped; a malformed line, a missing or mistyped key or an
 * unknown key gives RK_ERR_PARSE with path:line:col (col counts code points
 * and points at the offending key or character). A "note" key is allowed
 * for comments. *out: the caller frees it with rk_gold_free(). */
RK_API rk_status rk_gold_load(const char *path, rk_gold **out, rk_error *err);

/* The same for a negatives file (lines of rk_negative), filling negs. */
RK_API rk_status rk_negatives_load(const char *path, rk_gold **out, rk_error *err);

/* The same as rk_gold_load / rk_negatives_load for bytes already in memory;
 * path names them in errors. */
RK_API rk_status rk_gold_parse(const char *path, const char *data, size_t len, int negatives,
                               rk_gold **out, rk_error *err);

/* Frees a gold set. NULL is a no-op. */
RK_API void rk_gold_free(rk_gold *g);

/* The fields a claim is scored on. NUMBER is "the number was found at all". */
typedef enum rk_gold_field {
    RK_GOLD_NONE = 0,
    RK_GOLD_NUMBER,
    RK_GOLD_INTERVAL,     /* low, high and exactness */
    RK_GOLD_QUANTITY,
    RK_GOLD_SUBJECT,
    RK_GOLD_ATTRIBUTION,
    RK_GOLD_AS_OF,
    RK_GOLD_END           /* one past the last field, for array sizes */
} rk_gold_field;

/* "number", "interval", ... borrowed: a static string; NULL for NONE/END. */
RK_API const char *rk_gold_field_name(rk_gold_field f);

/* What a fixture scores. Recall of field f is found[f] / gold; precision is
 * precise[f] / claims (claims of claimable kinds); typed precision is
 * typed_precise[f] / typed (claimable claims that carry a quantity). 0/0
 * counts as 1: nothing to find, nothing wrong. */
typedef struct rk_score {
    size_t gold;                          /* gold items */
    size_t claims;                        /* claims of claimable kinds */
    size_t typed;                         /* of which quantity != NULL */
    size_t found[RK_GOLD_END];           /* gold items matched, field right */
    size_t precise[RK_GOLD_END];         /* of those, claimable claims */
    size_t typed_precise[RK_GOLD_END];   /* of those, typed claims */
    size_t negatives;                     /* negatives checked */
    size_t negatives_hit;                 /* negatives that became claims */
} rk_score;

/* Adds the counts of b into a (for totals). */
RK_API void rk_score_add(rk_score *a, const rk_score *b);

/* Compares two ratios num_a/den_a < num_b/den_b exactly (0/0 counts as 1). */
RK_API int rk_ratio_less(size_t num_a, size_t den_a, size_t num_b, size_t den_b);

/* A finding about one gold or negatives line: "claim "18" (quote) not found",
 * "quantity is null, expected deaths", or a negative that became a claim.
 * Strings are owned by the list. */
typedef struct rk_finding {
    char *path;            /* the gold, negatives, baseline or fixture file */
    long line, column;     /* 0 when unknown */
    char *message;
    uint8_t hard;          /* a failure by itself; otherwise it only lowers a score */
} rk_finding;

typedef struct rk_findings {
    rk_finding *v;
    size_t n, cap;
    size_t n_hard;
} rk_findings;

/* Appends a finding (message printf-style). Returns 0 or -1 on OOM. */
RK_API int rk_findings_add(rk_findings *f, const char *path, long line, long column, int hard,
                           const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Frees the findings and their array; the struct is reset. NULL is a no-op. */
RK_API void rk_findings_clear(rk_findings *f);

/* Matches gold items (gold may be NULL) and negatives (negs may be NULL)
 * against the claims of set and adds the counts to *score and a finding per
 * miss, wrong field or negative hit to *findings.
 *
 * A gold item matches a claim when the claim's text equals the item's
 * number_text (ignoring whitespace, tatweel, harakat, the tatweel-dot
 * pattern, letter-form and digit variants and ASCII case; a proclitic of up
 * to three Arabic letters on either side is tolerated) and either the claim
 * lies inside an occurrence of the quote in its document's body (exact bytes
 * first, then normalised) or the claim's sentence contains the quote. Claims
 * inside the quote are preferred over sentence matches, and each claim
 * matches at most one item. Negatives hit when a claim matches them the
 * same way. */
RK_API rk_status rk_gold_match(const rk_gold *gold, const rk_gold *negs, const rk_claimset *set,
                               rk_score *score, rk_findings *findings, rk_error *err);

/* Locates each gold item's claim in set as rk_gold_match does: match[i] is
 * the index of item i's claim, or (size_t)-1 (match holds gold->n_items
 * entries). Returns RK_OK or RK_ERR_NOMEM. */
RK_API rk_status rk_gold_locate(const rk_gold *gold, const rk_claimset *set, size_t *match,
                                rk_error *err);

/* The normalised form of s used by matching: the caller frees it with
 * free(). NULL on OOM. */
RK_API char *rk_gold_normalise(const char *s, size_t len);

#endif
