/* extract.h - the claims stage: a rule engine compiled from a rule set that
 * turns a document's numbers into attributed, typed claims. */
#ifndef RK_EXTRACT_H
#define RK_EXTRACT_H

#include "claim.h"
#include "../rules/rules.h"
#include "../numbers/numbers.h"

/* A compiled engine: the number reader plus the claim rules (predicates,
 * subjects, attribution cues, hedges, time cues, quantity definitions).
 * Immutable once built: one engine may serve many threads. */
typedef struct rk_engine rk_engine;

/* Compiles rules. *out: the caller frees it with rk_engine_free(). */
RK_API rk_status rk_engine_new(const rk_rules *rules, rk_engine **out, rk_error *err);
RK_API void rk_engine_free(rk_engine *e);

/* borrowed: valid as long as the engine is. */
RK_API const rk_numbers_reader *rk_engine_numbers(const rk_engine *e);

/* The vocabulary an engine knows, for rule authors (`reckon rules list`).
 * Index i runs from 0 to the count; every string is borrowed: valid as long
 * as the engine is. *unit, *quantity may be set to NULL when unset. */
RK_API size_t rk_engine_quantity_count(const rk_engine *e);
RK_API const char *rk_engine_quantity(const rk_engine *e, size_t i, const char **unit);
RK_API size_t rk_engine_class_count(const rk_engine *e);
RK_API const char *rk_engine_class(const rk_engine *e, size_t i, const char **quantity);
RK_API size_t rk_engine_scope_count(const rk_engine *e);
RK_API const char *rk_engine_scope(const rk_engine *e, size_t i);
/* Number of lexicon entries compiled (every <w> of every language). */
RK_API size_t rk_engine_entry_count(const rk_engine *e);

/* Extracts the claims of doc (which will sit at index doc_index of the claim
 * set) and appends them to *claims / *n / *cap (a growable array the caller
 * frees with rk_claim_clear on each item and free()). Invalid UTF-8 in the
 * body gives RK_ERR_UTF8 with the byte offset. */
RK_API rk_status rk_extract_document(const rk_engine *e, const rk_document *doc,
                                     size_t doc_index, rk_claim **claims, size_t *n,
                                     size_t *cap, rk_error *err);

/* rk_extract_document that keeps the document's first max_claims claims
 * (0: all) and says in *found (if not NULL) how many it found: past the
 * cap, a long document's claims are dropped window by window, so memory
 * holds the first ones and one window's. */
rk_status rk_extract_document_capped(const rk_engine *e, const rk_document *doc,
                                     size_t doc_index, size_t max_claims, size_t *found,
                                     rk_claim **claims, size_t *n, size_t *cap, rk_error *err);

/* rk_extract_document_capped with its windows given: a body up to whole
 * bytes is read as one text, a longer one in windows of about window bytes
 * cut after a line break where one falls in the window's second half (the
 * defaults: 4 MiB and 1 MiB). Tests use it to compare the two readings. */
rk_status rk_extract_document_windowed(const rk_engine *e, const rk_document *doc,
                                       size_t doc_index, size_t whole, size_t window,
                                       size_t max_claims, size_t *found, rk_claim **claims,
                                       size_t *n, size_t *cap, rk_error *err);

/* Convenience: appends doc to set (taking ownership on success; on failure
 * ownership stays with the caller) and extracts its claims into the set. */
RK_API rk_status rk_extract_into(const rk_engine *e, rk_document *doc, rk_claimset *set,
                                 rk_error *err);

#endif
