/* claim.h - the claims stage's data type: an attributed, rule-typed claim
 * about a number, pointing at the exact bytes it came from. */
#ifndef RK_CLAIM_H
#define RK_CLAIM_H

#include <stddef.h>
#include <stdint.h>
#include "../core/error.h"
#include "../ingest/document.h"
#include "../numbers/numbers.h"

/* Bytes of context a claim's quote keeps on each side of its number. */
#define RK_CLAIM_CONTEXT 400

/* What became of a figure after it was given. */
typedef enum rk_claim_status {
    RK_STATUS_NONE = 0,
    RK_STATUS_RETRACTED,   /* withdrawn by whoever gave it ("published in error") */
    RK_STATUS_DISPUTED     /* denied or corrected by someone ("نفى", "and not 79") */
} rk_claim_status;

/* "retracted", "disputed"; NULL for none. borrowed: static. */
RK_API const char *rk_claim_status_name(rk_claim_status s);

/* One claim. Strings marked "owned" are freed with the claim set (each
 * with free(), unless it lies in the `strings` block); strings
 * marked "rules" are borrowed from the rule set / engine and valid as long
 * as it is. */
typedef struct rk_claim {
    char *id;              /* owned: "<document id>:<start>-<end>", stable */
    size_t document;       /* index into the claim set's documents */
    size_t start, end;     /* byte span of the number as written in the
                              document body (= the original file for text) */
    char *text;            /* owned: exactly body[start..end) */
    double low, high;
    uint8_t has_low, has_high;
    uint8_t exactness;     /* rk_exactness */
    uint8_t kind;          /* rk_number_kind */
    uint8_t hedged;        /* a hedge ("ربما", "reportedly") qualifies it */
    uint8_t increment;     /* "another 12", "ещё 12": an addition to a running
                              total, not the total */
    uint8_t status;        /* rk_claim_status */
    uint8_t earlier;       /* an earlier figure ("earlier", "في وقت سابق",
                              "ранее"): it predates as_of, or the
                              publication date when as_of is NULL */
    const char *unit;      /* rules, NULL if none */
    const char *quantity;  /* rules: "deaths", "injured", ...; NULL if untyped */
    const char *subject;   /* rules: "security_forces", ...; NULL if unknown */
    const char *scope;     /* where it is counted: a rules id ("airport"), or
                              a place the text names as written ("Derna",
                              «درنة», kept in the `strings` block); NULL =
                              the event, and the event's own place (the one
                              its document's first sentence names) */
    const char *rule;      /* rules: id of the quantity rule that typed it */
    char *speaker;         /* owned: who the number comes from, NULL if none */
    const char *originator; /* rules: the canonical source the speaker names
                              ("health_ministry" for "وزير الصحة" and
                              "Минздрав"), or, with no speaker, the one the
                              document's outlet names; NULL when the rules
                              know neither */
    const char *originator_kind; /* static: "health_authority", "media", ...;
                              NULL with originator */
    char *via;             /* owned: who relayed it, NULL if none */
    char *status_by;       /* owned: who withdrew, denied or corrected it (as
                              written), NULL if unsaid or no status */
    char *as_of;           /* owned: "YYYY-MM-DD" the figure refers to (up to), or NULL */
    char *as_of_from;      /* owned: start of a date range ("Tuesday and
                              Wednesday"), or NULL */
    size_t sentence_start, sentence_end; /* byte span of its sentence in the
                              body, the quote every output prints: when the
                              sentence is longer, clipped to at most
                              RK_CLAIM_CONTEXT bytes before start and after
                              end, at a UTF-8 character boundary and at a
                              word boundary (whitespace) when the window
                              holds one; the number itself is never cut */
    uint32_t sentence;     /* index of the sentence in the document */
    uint32_t strings_at;   /* where `strings` lies in its shared block */
    char *strings;         /* owned, or NULL: where the owned strings above
                              lie, one after the other, as the extractor makes
                              them: the claim's part of a block that the
                              claims of its document share (one allocation a
                              few claims instead of six a claim), freed with
                              the last of them. A string inside it goes with
                              it; one a caller points elsewhere is freed on
                              its own, so replace a string by assigning, never
                              free() one that lies in the part */
    size_t strings_len;    /* bytes of that part */
} rk_claim;

/* Where the extractor puts the strings of one document's claims: a block
 * of several claims' parts at a time, which lives while a claim holds a
 * part of it or the pool is packing into it. Zeroed to start; the claims
 * may be cleared in any order and on any thread, before or after
 * rk_claim_pool_done(). */
typedef struct rk_claim_pool {
    struct rk_claim_block *cur; /* the block being packed, NULL before the first */
    size_t used, cap;           /* bytes of its parts taken, and in all */
} rk_claim_pool;

/* Gives c a part of len bytes (c->strings, c->strings_len); -1 when out of
 * memory, c untouched. */
int rk_claim_pool_take(rk_claim_pool *p, rk_claim *c, size_t len);
/* Lets go of the pool's block (its claims keep it) and zeroes the pool. */
void rk_claim_pool_done(rk_claim_pool *p);

/* Documents and their claims, in document order then text order. */
typedef struct rk_claimset {
    rk_doclist docs;       /* owned */
    rk_claim *claims;
    size_t n, cap;
} rk_claimset;

/* Frees the strings a claim owns (not the claim itself). */
RK_API void rk_claim_clear(rk_claim *c);
/* Frees the documents, claims and arrays of a set; the struct itself is the
 * caller's. NULL is a no-op. */
RK_API void rk_claimset_clear(rk_claimset *s);
/* Frees the documents and claims of a set but keeps its arrays, so a set
 * filled batch after batch need not grow them again. NULL is a no-op. */
RK_API void rk_claimset_empty(rk_claimset *s);

#endif
