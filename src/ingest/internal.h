/* internal.h - what the files of the ingest stage share; not installed. */
#ifndef RK_INGEST_INTERNAL_H
#define RK_INGEST_INTERNAL_H

#include <stdarg.h>
#include "ingest.h"
#include "../core/buf.h"
#include "../core/utf8.h"

/* One input being read: its name, the caller's options and diagnostics. */
typedef struct ing_ctx {
    const char *path;            /* as given, for errors */
    const char *id;              /* file name without its last extension */
    const rk_ingest_options *opts;
    rk_diag_fn diag;
    void *diag_ctx;
} ing_ctx;

/* A new empty document for the input of c. The caller frees it with
 * rk_document_free(). NULL on OOM. */
rk_document *ing_doc_new(const ing_ctx *c, rk_format f);
/* The same for record `record` (its 1-based line, above 0) of the input:
 * its id is the input's with "#record" appended. */
rk_document *ing_doc_new_record(const ing_ctx *c, rk_format f, size_t record);

/* Sets f to s[0..n) with surrounding whitespace trimmed and inner runs of
 * whitespace collapsed to one space; an empty result leaves f untouched.
 * Replaces a previous value. Returns 0 or -1 on OOM. */
int ing_field_set(rk_field *f, const char *s, size_t n, rk_origin o);
/* The same for a NUL-terminated string (NULL is a no-op). */
int ing_field_sets(rk_field *f, const char *s, rk_origin o);

/* Is s[0..n) a date as reckon reads one: ISO 8601 of a year ("2022"), a
 * month ("2022-01"), a day ("2022-01-06") or a date-time
 * ("2022-01-06T08:30:00Z", a space for the T; hours, minutes, optional
 * seconds and fraction, an optional zone), naming a day that exists? */
int ing_date_valid(const char *s, size_t n);

/* Sets f, the publication date, from s[0..n) (white space collapsed) when
 * it is a date (ing_date_valid); otherwise reports a warning at
 * file:line:col through c->diag and leaves f as it was. Returns 0 or -1 on
 * OOM. */
int ing_published_set(const ing_ctx *c, rk_document *d, const char *s, size_t n, rk_origin o,
                      const char *file, long line, long col);

/* Metadata values longer than this are cut (at a character boundary) with a
 * warning; the README's Limits table says so. */
#define ING_META_MAX_BYTES 4096

/* Reports a problem with one item through c->diag (when set). */
void ing_diag(const ing_ctx *c, rk_status code, long line, long col, long offset,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same as a warning (rk_error_warn), about file (c->path when NULL). */
void ing_warn(const ing_ctx *c, const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Line and column (code points) of byte offset off in data. */
void ing_line_col(const char *data, size_t len, size_t off, long *line, long *col);

/* Fills *out with the document read from data in each format. On success
 * *out is a new document: the caller frees it with rk_document_free(). */
rk_status ing_read_json(const ing_ctx *c, const char *data, size_t len,
                        rk_document **out, rk_error *err);
rk_status ing_read_html(const ing_ctx *c, const char *data, size_t len,
                        rk_document **out, rk_error *err);
rk_status ing_read_xml(const ing_ctx *c, rk_format f, const char *data, size_t len,
                       rk_document **out, rk_error *err);

/* JSON helpers shared by the article and sidecar readers. ing_json_parse
 * parses raw[0..len) (which starts on line line0 of path) into *out (the
 * caller frees it with cJSON_Delete()) or fills err with line:col. */
struct cJSON;
rk_status ing_json_parse(const char *path, const char *raw, size_t len, long line0,
                         struct cJSON **out, rk_error *err);
/* The same, first reading each "\u0000" escape in a string as a space (cJSON
 * would end the string there) with a warning through c's diag naming file. */
rk_status ing_json_parse_text(const ing_ctx *c, const char *file, const char *raw, size_t len,
                              long line0, struct cJSON **out, rk_error *err);
/* Byte offset of the member named key in raw JSON text, or -1: cJSON keeps
 * no positions, so type errors are located by finding the key. */
long ing_json_key_offset(const char *raw, size_t len, const char *key);
/* Line and column of the member key (start of raw when NULL or not found). */
void ing_json_where(const char *raw, size_t len, long line0, const char *key, long *line,
                    long *col);

/* The strict scanner of jsonscan.c, the fast path of JSON Lines records. */
typedef enum ing_json_kind {
    ING_JSON_ABSENT, ING_JSON_NULL, ING_JSON_STRING, ING_JSON_OBJECT, ING_JSON_OTHER
} ing_json_kind;
typedef struct ing_json_value {
    ing_json_kind kind;
    size_t start, end; /* a string's contents between its quotes; an object
                          from '{' to past '}'; other values as written */
    int escaped;       /* a string holding backslash escapes */
} ing_json_value;
/* Checks that raw[0..len) is one JSON object in the subset cJSON reads the
 * same way (see jsonscan.c) and fills vals[k] with the first top-level member
 * named keys[k] (kind ING_JSON_ABSENT when there is none), nkeys at most
 * 32. Returns 1, or 0 when the record must go to the full reader (or there
 * are more keys). */
int ing_json_scan(const char *raw, size_t len, const char *const *keys, size_t nkeys,
                  ing_json_value *vals);
/* The fast path of a JSON Lines record (format_json.c): fills d from the
 * scan of raw[0..len) without a cJSON tree. Returns 1 when d was filled, 0
 * when the record needs the full reader (d is then untouched), -1 on OOM. */
int ing_json_fast_article(const char *raw, size_t len, rk_document *d);
/* Decodes the contents of a string ing_json_scan() accepted into out (room
 * for n bytes); returns the decoded length. */
size_t ing_json_unescape(const char *in, size_t n, char *out);

/* Fills the empty fields of d from a page's JSON-LD article metadata
 * (given), which sits on line `line` of the page. Unparsable JSON-LD is
 * ignored. Returns 0 or -1 on OOM. */
int ing_jsonld_meta(const ing_ctx *c, rk_document *d, const char *json, size_t len, long line);

/* Appends one document per good element of a JSON array of articles to
 * out (ids and records by the element's first line, as JSON Lines) and
 * reports each bad element through c->diag; an error when none was good. */
rk_status ing_read_json_array(const ing_ctx *c, const char *data, size_t len, rk_doclist *out,
                              rk_error *err);

/* Appends one document per good line of a JSON Lines file to out and
 * reports each bad line through c->diag. */
rk_status ing_read_jsonl(const ing_ctx *c, const char *data, size_t len,
                         rk_doclist *out, rk_error *err);
/* The same for bytes data[0..len) of the file that start at its byte off0
 * on line line0 (a BOM is skipped only at offset 0); counts the bad lines
 * in *bad, sets *next_line (unless NULL) to the line after the last one
 * read, and gives no verdict on the whole file. */
rk_status ing_read_jsonl_lines(const ing_ctx *c, const char *data, size_t len, size_t off0,
                               long line0, rk_doclist *out, size_t *bad, long *next_line,
                               rk_error *err);
/* The verdict on a whole JSON Lines file: an error when no record of it
 * gave a document. */
rk_status ing_jsonl_verdict(const char *path, size_t n_docs, size_t bad, rk_error *err);

/* The id of the documents of path: opts->id_of's, else its file name
 * without the last extension ("stdin" for "-"). The caller frees it with
 * free(); NULL on OOM. */
char *ing_make_id(const rk_ingest_options *opts, const char *path);
/* Sidecar, language tag, inference: what every document goes through. */
rk_status ing_finish(const ing_ctx *c, rk_document *d, int sidecar, rk_error *err);
/* The error for a binary input: a NUL byte at offset off. */
rk_status ing_binary_error(const char *path, size_t off, rk_error *err);

/* The line breaks in p[0, n), with *nul set to 1 when it holds a NUL byte
 * and to 0 when not: how a large JSON Lines file is cut (parts.c), with
 * vector instructions where the machine has them. For tests that hold
 * them to each other, ing_set_break_simd() chooses the loop (2, the
 * default: the widest vectors the machine has; 1: SSE2; 0: the plain loop)
 * and returns the choice before. */
size_t ing_count_breaks(const char *p, size_t n, int *nul);
int ing_set_break_simd(int level);

/* When data[0..len) is not UTF-8: an HTML or XML page that declares its
 * encoding is decoded into *out (the caller frees it with free()), any
 * other input is RK_ERR_UTF8 naming the encodings tried (encoding.c).
 * *out stays NULL when data is UTF-8 already. */
rk_status ing_decode_declared(const ing_ctx *c, rk_format f, const char *data, size_t len,
                              char **out, size_t *out_len, rk_error *err);

/* Applies the sidecar NAME.meta.json beside c->path to d, if there is one.
 * A broken sidecar is reported through c->diag and ignored as a whole.
 * Returns RK_OK or RK_ERR_NOMEM. */
rk_status ing_sidecar_apply(const ing_ctx *c, rk_document *d, rk_error *err);

/* Fills the metadata fields that are still empty from the body text,
 * marking them inferred. Returns 0 or -1 on OOM. */
int ing_infer(rk_document *d, int reference_year);

/* Whether a word meaning "today" ("today", "Today", "сегодня", "Сегодня",
 * "اليوم") occurs anywhere in s[0..len), as a part of a word too. */
int ing_has_today(const char *s, size_t len);

/* The first dash ('-', en dash, em dash) starting in s[from, lim), lim <=
 * len (an en or em dash may end past lim); its length in bytes in *dl.
 * Returns lim with *dl 0 when there is none. */
size_t ing_dash_find(const char *s, size_t len, size_t from, size_t lim, size_t *dl);

/* Normalises a language value in place to its lower-case primary subtag. */
void ing_lang_normalise(rk_field *f);

#endif
