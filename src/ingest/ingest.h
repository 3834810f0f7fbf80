/* ingest.h - reading articles from files and buffers into documents. */
#ifndef RK_INGEST_H
#define RK_INGEST_H

#include "document.h"

/* Default and hard limits, documented in the README. */
#define RK_INGEST_DEFAULT_MAX_BYTES ((size_t)256 * 1024 * 1024)

typedef struct rk_ingest_options {
    size_t max_bytes;       /* refuse inputs larger than this; 0: the default */
    rk_format force_format; /* RK_FORMAT_NONE: detect by content */
    int no_sidecar;         /* do not look for NAME.meta.json */
} rk_ingest_options;

/* Reads one file ("-" is standard input) and appends its documents to out.
 * A file that cannot be read at all returns an error in err and appends
 * nothing. A file with some bad records (a malformed JSONL line, a record
 * with invalid UTF-8) appends the good ones and reports each bad one through
 * diag (which may be NULL) with path:line:col; it then returns RK_OK.
 * opts may be NULL for defaults. */
RK_API rk_status rk_ingest_file(const char *path, const rk_ingest_options *opts,
                                rk_doclist *out, rk_diag_fn diag, void *diag_ctx,
                                rk_error *err);

/* The same for bytes already in memory; path names them in ids and errors.
 * Sidecars are looked up beside path unless opts->no_sidecar. */
RK_API rk_status rk_ingest_buffer(const char *path, const char *data, size_t len,
                                  const rk_ingest_options *opts, rk_doclist *out,
                                  rk_diag_fn diag, void *diag_ctx, rk_error *err);

/* Detects the format of data by content (and the name as a tie-breaker). */
RK_API rk_format rk_ingest_detect(const char *path, const char *data, size_t len);

#endif
