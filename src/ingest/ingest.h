/* ingest.h - reading articles from files and buffers into documents. */
#ifndef RK_INGEST_H
#define RK_INGEST_H

#include "document.h"

/* Default and hard limits, documented in the README. */
#define RK_INGEST_DEFAULT_MAX_BYTES ((size_t)256 * 1024 * 1024)

/* A date written without its year ("اليوم الخميس، 6 من كانون الثاني") gets
 * the latest year not after this one on which that day fell on that
 * weekday, unless the text names a fitting year itself. A fixed default
 * keeps output the same on every run; see rk_ingest_options.reference_year. */
#define RK_INGEST_DEFAULT_REFERENCE_YEAR 2026

/* How to read inputs. All zeros means the defaults.
 *
 * Metadata precedence: a value stated by the input itself (JSON fields, HTML
 * meta tags, NITF / NewsML-G2 elements) is "given"; a sidecar NAME.meta.json
 * beside the input overrides those field by field and is "given" too, unless
 * the sidecar lists the field in its "inferred" array (for values a reader
 * deduced from the text rather than published metadata). Fields still empty
 * are then inferred from the text (dateline, a written date, the script) and
 * marked "inferred". Sidecars apply to single-article files, not to the
 * records of a JSON Lines file. */
typedef struct rk_ingest_options {
    size_t max_bytes;       /* refuse inputs larger than this; 0: the default */
    rk_format force_format; /* RK_FORMAT_NONE: detect by content */
    int no_sidecar;         /* do not look for NAME.meta.json */
    int no_infer;           /* leave fields the input does not state empty */
    int reference_year;     /* for dates without a year; 0: the default */
    int full_json;          /* read every JSON Lines record with the full JSON
                               parser, not the fast scanner of the common
                               record shape; the documents are the same (the
                               tests and the fuzzer compare the two) */
    /* The document id of the input at path, for a caller that names its
     * inputs itself (the command line: the path relative to the folder
     * given, unique within the run); records of a JSON Lines file add
     * "#LINE" to it. NULL, or a NULL result: the file name without its last
     * extension ("stdin" for "-"). Called from the reading threads at once,
     * so it must only read; borrowed: the result must stay valid while the
     * input is read. */
    const char *(*id_of)(void *id_ctx, const char *path);
    void *id_ctx;
} rk_ingest_options;

/* Reads one file ("-" is standard input) and appends its documents to out.
 * A file that cannot be read at all returns an error in err and appends
 * nothing: RK_ERR_IO (missing, unreadable, a directory), RK_ERR_LIMIT (more
 * than max_bytes), RK_ERR_UTF8 (err->offset is the byte offset of the first
 * bad byte, line/column where it is), RK_ERR_FORMAT (empty, or binary: NUL
 * bytes), RK_ERR_PARSE (malformed JSON/XML, or no article text found).
 * A file with some bad records (a malformed JSONL line, a record
 * with invalid UTF-8) appends the good ones and reports each bad one through
 * diag (which may be NULL) with path:line:col; it then returns RK_OK.
 * Problems with a sidecar are reported through diag and the sidecar ignored.
 * opts may be NULL for defaults. Documents appended to out are owned by out. */
RK_API rk_status rk_ingest_file(const char *path, const rk_ingest_options *opts,
                                rk_doclist *out, rk_diag_fn diag, void *diag_ctx,
                                rk_error *err);

/* The same for bytes already in memory; path names them in ids and errors.
 * Sidecars are looked up beside path unless opts->no_sidecar. */
RK_API rk_status rk_ingest_buffer(const char *path, const char *data, size_t len,
                                  const rk_ingest_options *opts, rk_doclist *out,
                                  rk_diag_fn diag, void *diag_ctx, rk_error *err);

/* Receives a batch of documents of one input from rk_ingest_file_each(), in
 * input order. It may take documents out of docs (leaving NULL or moving
 * them elsewhere); whatever is left is freed after the call. A status other
 * than RK_OK stops the reading and is returned. */
typedef rk_status (*rk_ingest_batch_fn)(void *ctx, rk_doclist *docs, rk_error *err);

/* As rk_ingest_file(), but hands the documents to fn as they are read: a
 * JSON Lines file in batches of a few records (about 64 KB of lines), any
 * other input as its one document. Memory then holds the file's bytes and
 * one batch, not all its documents. The documents, ids and diagnostics are
 * those rk_ingest_file() gives, in the same order. An error that refuses
 * the whole input (unreadable, over the limit, empty, binary, not UTF-8,
 * malformed) is returned before any batch; JSON Lines with no good record
 * returns its error having handed on no batch. */
RK_API rk_status rk_ingest_file_each(const char *path, const rk_ingest_options *opts,
                                     rk_ingest_batch_fn fn, void *fn_ctx, rk_diag_fn diag,
                                     void *diag_ctx, rk_error *err);

/* ---- one large JSON Lines file on several threads ---- */

/* A JSON Lines file of at least this many bytes may be read in parts. */
#define RK_INGEST_PART_MIN ((size_t)8 << 20)

/* How many parts, at most max_parts, path may be read in with
 * rk_ingest_file_part(): 1 unless it is a regular file of at least
 * RK_INGEST_PART_MIN bytes, within the size limit, whose first megabyte
 * reads as JSON Lines (or opts forces that format). Sets *file_size, which
 * the parts are cut from. Parts are about equal in bytes and cut between
 * lines. */
RK_API size_t rk_ingest_parts(const char *path, const rk_ingest_options *opts,
                              size_t max_parts, size_t *file_size);

/* Reads part `part` of n_parts of path (the records of the lines that start
 * in its bytes) and appends their documents to out; each bad record is
 * reported through diag and counted in *bad. An error (the file cannot be
 * read or has changed size, or the part holds a NUL byte) is an error of
 * the whole file, as rk_ingest_file() would have returned it, with nothing
 * appended: the first one in part order is the file's. Documents, ids,
 * line numbers and diagnostics are those rk_ingest_file() gives for the
 * same lines, so reading the parts in order and ending them with
 * rk_ingest_parts_end() gives what rk_ingest_file() gives. */
RK_API rk_status rk_ingest_file_part(const char *path, const rk_ingest_options *opts,
                                     size_t file_size, size_t part, size_t n_parts,
                                     rk_doclist *out, size_t *bad, rk_diag_fn diag,
                                     void *diag_ctx, rk_error *err);

/* Where a large JSON Lines file is cut for a streamed run: parts of about
 * equal bytes, each starting at a line start, with the number of the line
 * it starts on. Made by rk_ingest_cut_file() in one pass over the file,
 * which also checks it for NUL bytes as the whole-file reader would, so a
 * binary file is refused before any of its parts is read. */
typedef struct rk_ingest_cut {
    size_t file_size;
    size_t n_parts;
    size_t *start;  /* n_parts + 1 offsets: part k is [start[k], start[k + 1]) */
    long *line;     /* n_parts line numbers (from 1) of start[k] */
} rk_ingest_cut;

/* Cuts path (of file_size bytes, as rk_ingest_parts() gave it) into
 * n_parts (at least 1) the way rk_ingest_file_part() cuts it: part k holds
 * the lines that start in [file_size / n * k, file_size / n * (k + 1)).
 * Reads the file once, a block of 256 KB at a time. An error (the file
 * cannot be read or has changed size, or holds a NUL byte) is the error
 * rk_ingest_file() gives for it. On success the caller frees cut with
 * rk_ingest_cut_free(). */
RK_API rk_status rk_ingest_cut_file(const char *path, size_t file_size, size_t n_parts,
                                    rk_ingest_cut *cut, rk_error *err);
RK_API void rk_ingest_cut_free(rk_ingest_cut *cut);

/* Reads part `part` of a cut as rk_ingest_file_part() reads it, without
 * counting the lines before it again: documents, ids, line numbers and
 * diagnostics are those rk_ingest_file() gives for the same lines. */
RK_API rk_status rk_ingest_cut_part(const char *path, const rk_ingest_options *opts,
                                    const rk_ingest_cut *cut, size_t part, rk_doclist *out,
                                    size_t *bad, rk_diag_fn diag, void *diag_ctx,
                                    rk_error *err);

/* The verdict on a file read in parts that all succeeded: RK_ERR_PARSE in
 * err when they gave no document (n_docs 0; bad lines in all), else RK_OK. */
RK_API rk_status rk_ingest_parts_end(const char *path, size_t n_docs, size_t bad,
                                     rk_error *err);

/* Detects the format of data by content (and the name as a tie-breaker):
 * JSON when it starts with an object, JSON Lines when a one-line object is
 * followed by another line starting with "{" (or a single object line in a
 * file named .jsonl/.ndjson), NITF and NewsML-G2 by their root element, HTML
 * for other markup, plain text otherwise. Never returns RK_FORMAT_NONE. */
RK_API rk_format rk_ingest_detect(const char *path, const char *data, size_t len);

#endif
