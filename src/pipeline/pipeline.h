/* pipeline.h - the claims stage over many documents on several threads,
 * with results and diagnostics in input order whatever the thread count. */
#ifndef RK_PIPELINE_H
#define RK_PIPELINE_H

#include <stddef.h>
#include <stdio.h>
#include "../core/error.h"
#include "../ingest/ingest.h"
#include "../claims/claim.h"
#include "../claims/extract.h"

/* A document keeps at most rk_pipeline_claim_limit(body_len) claims: one
 * per RK_PIPELINE_BYTES_PER_CLAIM bytes of its text, and at least
 * RK_PIPELINE_MIN_CLAIMS. Real articles have one claim per 75 bytes or more
 * (the fixtures and the test corpora); a text of bare numbers would give a
 * claim per two bytes, each quoting up to 800 bytes, so its output would be
 * hundreds of times the input. Past the limit the first claims are kept
 * and a warning names the document. The README's Limits table says so. */
#define RK_PIPELINE_BYTES_PER_CLAIM 64
#define RK_PIPELINE_MIN_CLAIMS 500
RK_API size_t rk_pipeline_claim_limit(size_t body_len);

/* The number of CPUs online (at least 1), what `-j 0` means. */
RK_API unsigned rk_pipeline_cpu_count(void);

/* Extracts the claims of every document of docs on `jobs` threads (0: one
 * per CPU) and appends documents and claims to set in the order of docs, so
 * the set is the same for every jobs. Each document extracted is moved into
 * the set (its slot in docs becomes NULL: the set owns it now); a document
 * that cannot be extracted (out of memory included) is reported through
 * diag (which may be NULL), in document order, and stays with the caller in
 * docs. Returns RK_OK, or a fatal error (out of memory where no document is
 * to blame, a thread that cannot start) in err; documents already moved
 * stay in set. */
RK_API rk_status rk_pipeline_extract(const rk_engine *e, rk_doclist *docs, unsigned jobs,
                                     rk_claimset *set, rk_diag_fn diag, void *diag_ctx,
                                     rk_error *err);

/* Receives documents of one input file with their claims (claim document
 * indices count from 0 within part): all of them, or on one thread a batch
 * at a time as they are read (rk_ingest_file_each(): a JSON Lines file a few
 * records at a time), so that memory holds one batch, not the file. The
 * sink may move documents and claims out (rk_pipeline_merge) or only read
 * them; whatever is left in part is freed after the call. A status other
 * than RK_OK stops the run and is returned. */
typedef rk_status (*rk_pipeline_sink)(void *ctx, rk_claimset *part, rk_error *err);

/* Streams input files through ingest and extraction: files are read and
 * extracted on `jobs` threads (0: one per CPU), at most a small window of
 * them ahead of the sink, and handed to sink in the order of paths, so
 * memory holds a few files, not the corpus. A large JSON Lines file
 * (rk_ingest_parts()) is cut into parts of about 256 KB
 * (rk_ingest_cut_file(), which also refuses a binary file before any part
 * of it is read) that the threads share, each part read into memory of its
 * own and handed to the sink as soon as the parts before it have, so memory
 * holds the window's parts, not the file, whatever jobs. Any other file is
 * read whole; on one thread it goes to the sink batch by batch as it is
 * read, with more than one thread whole.
 * Diagnostics (a file that cannot be read, a bad record, a document that
 * cannot be extracted, a file or document that ran out of memory, which
 * does not stop the run) go to diag in the same order whatever jobs: a file's
 * reading diagnostics, then its extraction diagnostics, before the next
 * file's; with threads a whole file's before the sink sees it, a part's
 * reading diagnostics before the sink sees the part. The
 * documents and claims the sink sees, in order, are the same for every
 * jobs. The rule set behind e must have been loaded (it initialises the XML
 * parser before threads start). */
RK_API rk_status rk_pipeline_stream(const rk_engine *e, const char *const *paths,
                                    size_t n_paths, const rk_ingest_options *opts,
                                    unsigned jobs, rk_pipeline_sink sink, void *sink_ctx,
                                    rk_diag_fn diag, void *diag_ctx, rk_error *err);

/* Writes what part gives (its JSON Lines, say) to f, reading only part and
 * ctx: rk_pipeline_stream_render() may call it on any of its threads. */
typedef rk_status (*rk_pipeline_render)(void *ctx, const rk_claimset *part, FILE *f,
                                        rk_error *err);
/* Where rk_pipeline_stream_render() puts its output. `written` (may be
 * NULL) is called on the calling thread after each part is written, with
 * the index in paths of the part's file (progress). */
typedef struct rk_pipeline_output {
    rk_pipeline_render render;
    void *render_ctx;
    FILE *out;
    void (*written)(void *ctx, size_t path);
    void *written_ctx;
} rk_pipeline_output;
/* rk_pipeline_stream() for output made of each part's own bytes (JSON
 * Lines), written to output->out. With threads a part is rendered into
 * memory by the thread that extracted it, while it is in that thread's
 * caches, and freed by the thread that took its memory; the calling thread
 * only writes the bytes, in input order. On one thread each part is
 * rendered straight into out. The bytes that reach out, and the
 * diagnostics and their order, are those of rk_pipeline_stream() with a
 * sink that renders each part into out, whatever jobs. A write to out that
 * fails stops the run with RK_ERR_IO. */
RK_API rk_status rk_pipeline_stream_render(const rk_engine *e, const char *const *paths,
                                           size_t n_paths, const rk_ingest_options *opts,
                                           unsigned jobs, const rk_pipeline_output *output,
                                           rk_diag_fn diag, void *diag_ctx, rk_error *err);
/* Moves every document and claim of part to the end of set (claims keep
 * pointing at their documents) and leaves part empty. An rk_pipeline_sink
 * when ctx is the destination rk_claimset. */
RK_API rk_status rk_pipeline_merge(void *set, rk_claimset *part, rk_error *err);

#endif
