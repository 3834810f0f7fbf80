/* claimfile.h - claims JSON Lines (what `reckon extract --format jsonl`
 * writes) read back into a claim set, so that claims extracted once can be
 * reconciled later, elsewhere, or together with those of other runs. */
#ifndef RK_CLAIMFILE_H
#define RK_CLAIMFILE_H

#include <stddef.h>
#include "../core/error.h"
#include "../claims/claim.h"

/* A reader of claim files into one claim set. It owns the strings the
 * claims it adds borrow (unit, quantity, subject, scope, rule: an extractor
 * borrows them from its rule set), and remembers the ids of the set's
 * documents and claims, so that files read one after the other merge by
 * id. Use one reader with one set, which may only grow between reads
 * (documents and claims appended, by the reader or by extraction); the
 * reader must outlive the set's claims. */
typedef struct rk_claimfile rk_claimfile;

/* *out: the caller frees it with rk_claimfile_free(). */
RK_API rk_status rk_claimfile_new(rk_claimfile **out, rk_error *err);
/* NULL is a no-op. */
RK_API void rk_claimfile_free(rk_claimfile *cf);

/* 1 when data holds claims JSON Lines as the renderer writes them: its
 * first line that is not blank starts {"type":"document" (with string "id"
 * and "format") or {"type":"claim" (with string "id" and "document"); else
 * 0. Articles in JSON Lines have no such record. */
RK_API int rk_claimfile_detect(const char *data, size_t len);

/* Reads the claims JSON Lines data[0..len) (named path in errors) into set:
 * each {"type":"document"} record is a document, each {"type":"claim"} a
 * claim of a document named before it (in this text or already in the
 * set); other record types (groups, links, a summary) are skipped, as are
 * keys a later version adds. A document or claim whose id the set already
 * has is the same one and is kept once: the first. Claims stay in document
 * order, then span order.
 *
 * The documents have no article text: each body holds the bytes of its
 * claims' quotes at their offsets (spaces elsewhere), which is all a report
 * prints, so a report from the claims is the report from the articles.
 * A claim whose text or quote disagrees with bytes already known at its
 * offsets (an article extracted into the set, or another claim's quote) is
 * an error.
 *
 * All or nothing: a malformed line refuses the whole text with
 * RK_ERR_PARSE at path:line:col, and set is left as it was. */
RK_API rk_status rk_claimfile_read(rk_claimfile *cf, const char *path, const char *data,
                                   size_t len, rk_claimset *set, rk_error *err);

/* For the command line: reads every path of paths[0..n) that holds claims
 * JSON Lines into set (rk_claimfile_read) and sets taken[i] to 1 for it;
 * other paths ("-" too) are left for the article readers with taken[i] 0.
 * A claim file that cannot be read, or is refused, is reported through
 * diag (which must not be NULL) and taken all the same, while the others go
 * on. Files larger than max_bytes (0: the article default) are left to the
 * article readers, which refuse them. Returns RK_OK, or RK_ERR_NOMEM. */
RK_API rk_status rk_claimfile_take(rk_claimfile *cf, const char *const *paths, size_t n,
                                   size_t max_bytes, rk_claimset *set, unsigned char *taken,
                                   rk_diag_fn diag, void *diag_ctx, rk_error *err);

#endif
