/* ingest.c - reading an input: limits, encoding checks, format detection,
 * then the format's reader, the sidecar and inference. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How far into an input detection looks for a root element. */
#define DETECT_WINDOW 65536

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int has_ext(const char *path, const char *ext)
{
    const char *dot = strrchr(base_name(path), '.');
    return dot && strcasecmp(dot + 1, ext) == 0;
}

char *ing_make_id(const char *path)
{
    if (strcmp(path, "-") == 0)
        return rk_strdup("stdin");
    const char *b = base_name(path);
    const char *dot = strrchr(b, '.');
    return rk_strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

static size_t skip_bom_space(const char *d, size_t len, size_t i)
{
    if (i == 0 && len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
        i++;
    return i;
}

static const char *find_n(const char *hay, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

/* A JSON value starts "{" then a key or "}"; prose in braces does not. */
static rk_format detect_json(const char *path, const char *d, size_t len, size_t i)
{
    size_t k = skip_bom_space(d, len, i + 1);
    if (k < len && d[k] != '"' && d[k] != '}')
        return RK_FORMAT_TEXT;
    const char *nl = memchr(d + i, '\n', len - i);
    if (!nl)
        return has_ext(path, "jsonl") || has_ext(path, "ndjson") ? RK_FORMAT_JSONL
                                                                 : RK_FORMAT_JSON;
    /* One-line object followed by a line starting with another object. */
    size_t e = (size_t)(nl - d);
    while (e > i && (d[e - 1] == '\r' || d[e - 1] == ' ' || d[e - 1] == '\t'))
        e--;
    if (e > i && d[e - 1] == '}') {
        size_t next = skip_bom_space(d, len, (size_t)(nl - d) + 1);
        if (next >= len || d[next] == '{')
            return next < len || has_ext(path, "jsonl") || has_ext(path, "ndjson")
                       ? RK_FORMAT_JSONL : RK_FORMAT_JSON;
    }
    return RK_FORMAT_JSON;
}

rk_format rk_ingest_detect(const char *path, const char *data, size_t len)
{
    size_t i = skip_bom_space(data, len, 0);
    if (i >= len)
        return RK_FORMAT_TEXT;
    if (data[i] == '{')
        return detect_json(path ? path : "", data, len, i);
    unsigned char next = i + 1 < len ? (unsigned char)data[i + 1] : 0;
    int markup = data[i] == '<' && (next == '!' || next == '?' ||
                                    ((next | 0x20) >= 'a' && (next | 0x20) <= 'z'));
    if (!markup)
        return RK_FORMAT_TEXT;
    size_t w = len - i < DETECT_WINDOW ? len - i : DETECT_WINDOW;
    if (find_n(data + i, w, "<nitf"))
        return RK_FORMAT_NITF;
    if (find_n(data + i, w, "<newsItem") || find_n(data + i, w, ":newsItem") ||
        find_n(data + i, w, "<newsMessage"))
        return RK_FORMAT_NEWSML;
    return RK_FORMAT_HTML;
}

/* Refuses what is not text at all: nothing to read, or binary data. */
static rk_status check_bytes(const char *path, const char *data, size_t len, rk_error *err)
{
    if (skip_bom_space(data, len, 0) >= len)
        return rk_error_set(err, RK_ERR_FORMAT, path, 0, 0,
                            len ? "empty file (only white space): nothing to read"
                                : "empty file: nothing to read");
    if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0))
        return rk_error_set(err, RK_ERR_UTF8, path, 1, 1,
                            "UTF-16 text; reckon reads UTF-8 (convert it with iconv)");
    const char *nul = memchr(data, '\0', len);
    if (nul)
        return ing_binary_error(path, (size_t)(nul - data), err);
    return RK_OK;
}

rk_status ing_binary_error(const char *path, size_t off, rk_error *err)
{
    rk_status st = rk_error_set(err, RK_ERR_FORMAT, path, 0, 0,
                                "binary file (NUL byte at offset %zu), not an article", off);
    if (err)
        err->offset = (long)off;
    return st;
}

static rk_status check_utf8(const char *path, const char *data, size_t len, rk_error *err)
{
    size_t bad = 0;
    if (rk_utf8_valid(data, len, &bad))
        return RK_OK;
    long line, col;
    ing_line_col(data, len, bad, &line, &col);
    rk_status st = rk_error_set(err, RK_ERR_UTF8, path, line, col,
                                "invalid UTF-8 at byte offset %zu (byte 0x%02X)", bad,
                                (unsigned)(unsigned char)data[bad]);
    if (err)
        err->offset = (long)bad;
    return st;
}

/* The plain-text reader: the body is exactly the input bytes, so byte
 * offsets into it are offsets into the file. Takes ownership of *owned
 * when it is not NULL (saves copying a large file). */
static rk_status read_text(const ing_ctx *c, const char *data, size_t len, char **owned,
                           rk_document **out, rk_error *err)
{
    rk_document *d = ing_doc_new(c, RK_FORMAT_TEXT);
    char *body = NULL;
    if (d && owned && *owned) {
        body = *owned;
        *owned = NULL;
    } else if (d) {
        body = rk_strndup(data, len);
    }
    if (!d || !body) {
        rk_document_free(d);
        return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
    }
    d->body = body;
    d->body_len = len;
    d->body_file_offset = 0;
    *out = d;
    return RK_OK;
}

rk_status ing_finish(const ing_ctx *c, rk_document *d, int sidecar, rk_error *err)
{
    if (sidecar && !c->opts->no_sidecar && strcmp(c->path, "-") != 0) {
        rk_status st = ing_sidecar_apply(c, d, err);
        if (st != RK_OK)
            return st;
    }
    ing_lang_normalise(&d->language);
    int year = c->opts->reference_year ? c->opts->reference_year
                                       : RK_INGEST_DEFAULT_REFERENCE_YEAR;
    if (!c->opts->no_infer && ing_infer(d, year) < 0)
        return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
    return RK_OK;
}

static rk_status read_one(const ing_ctx *c, rk_format f, const char *data, size_t len,
                          char **owned, rk_document **d, rk_error *err)
{
    switch (f) {
    case RK_FORMAT_JSON: return ing_read_json(c, data, len, d, err);
    case RK_FORMAT_HTML: return ing_read_html(c, data, len, d, err);
    case RK_FORMAT_NITF:
    case RK_FORMAT_NEWSML: return ing_read_xml(c, f, data, len, d, err);
    default: return read_text(c, data, len, owned, d, err);
    }
}

/* What every input passes before its documents are read: not empty, not
 * UTF-16 or binary, and UTF-8 throughout unless it is JSON Lines, which
 * checks UTF-8 line by line so that one bad record does not cost the
 * others. Sets *f to its format. */
static rk_status check_input(const ing_ctx *c, const char *data, size_t len, rk_format *f,
                             rk_error *err)
{
    rk_status st = check_bytes(c->path, data, len, err);
    if (st != RK_OK)
        return st;
    *f = c->opts->force_format ? c->opts->force_format : rk_ingest_detect(c->path, data, len);
    return *f != RK_FORMAT_JSONL ? check_utf8(c->path, data, len, err) : RK_OK;
}

/* Reads every document of the input into tmp, then moves them to out, so
 * that a failing input appends nothing. */
static rk_status ingest_data(const ing_ctx *c, const char *data, size_t len, char **owned,
                             rk_doclist *out, rk_error *err)
{
    rk_doclist tmp = {0};
    rk_document *d = NULL;
    rk_format f;
    rk_status st = check_input(c, data, len, &f, err);
    if (st != RK_OK)
        goto done;
    if (f == RK_FORMAT_JSONL) {
        st = ing_read_jsonl(c, data, len, &tmp, err);
        for (size_t i = 0; st == RK_OK && i < tmp.n; i++)
            st = ing_finish(c, tmp.docs[i], 0, err);
    } else {
        st = read_one(c, f, data, len, owned, &d, err);
        if (st == RK_OK)
            st = ing_finish(c, d, 1, err);
        if (st == RK_OK && rk_doclist_push(&tmp, d) < 0)
            st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        else if (st == RK_OK)
            d = NULL;
    }
    if (st != RK_OK)
        goto done;
    for (size_t i = 0; i < tmp.n; i++) {
        if (rk_doclist_push(out, tmp.docs[i]) < 0) {
            /* Undo the partial move: the input appends all or nothing. */
            out->n -= i;
            st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
            goto done;
        }
    }
    tmp.n = 0;
done:
    rk_document_free(d);
    rk_doclist_free(&tmp);
    return st;
}

/* Bytes of JSON Lines read into one batch of rk_ingest_file_each(), cut at
 * the end of a line: a few articles, so that a batch's documents and claims
 * stay in the processor's caches while they are extracted and written. */
#define EACH_BATCH_BYTES ((size_t)64 * 1024)

/* Hands the records of JSON Lines data to fn a batch of lines at a time;
 * the verdict on the whole file (no record read at all) comes last. */
static rk_status jsonl_each(const ing_ctx *c, const char *data, size_t len,
                            rk_ingest_batch_fn fn, void *fn_ctx, rk_error *err)
{
    rk_doclist batch = {0};
    size_t pos = 0, bad = 0, n_docs = 0;
    long line = 1;
    rk_status st = RK_OK;
    while (st == RK_OK && pos < len) {
        size_t end = len - pos > EACH_BATCH_BYTES ? pos + EACH_BATCH_BYTES : len;
        const char *nl = end < len ? memchr(data + end, '\n', len - end) : NULL;
        if (end < len)
            end = nl ? (size_t)(nl - data) + 1 : len;
        st = ing_read_jsonl_lines(c, data + pos, end - pos, pos, line, &batch, &bad, &line, err);
        for (size_t i = 0; st == RK_OK && i < batch.n; i++)
            st = ing_finish(c, batch.docs[i], 0, err);
        n_docs += batch.n;
        if (st == RK_OK && batch.n)
            st = fn(fn_ctx, &batch, err);
        rk_doclist_free(&batch);
        pos = end;
    }
    return st != RK_OK ? st : ing_jsonl_verdict(c->path, n_docs, bad, err);
}

/* rk_ingest_file_each() on data: JSON Lines in batches, any other format
 * as its one document. */
static rk_status ingest_each(const ing_ctx *c, const char *data, size_t len, char **owned,
                             rk_ingest_batch_fn fn, void *fn_ctx, rk_error *err)
{
    rk_format f;
    rk_status st = check_input(c, data, len, &f, err);
    if (st != RK_OK)
        return st;
    if (f == RK_FORMAT_JSONL)
        return jsonl_each(c, data, len, fn, fn_ctx, err);
    rk_doclist one = {0};
    st = ingest_data(c, data, len, owned, &one, err);
    if (st == RK_OK && one.n)
        st = fn(fn_ctx, &one, err);
    rk_doclist_free(&one);
    return st;
}

/* Reads data as the input path: into out, or through fn when it is set. */
static rk_status ingest(const char *path, const char *data, size_t len, char **owned,
                        const rk_ingest_options *opts, rk_doclist *out, rk_ingest_batch_fn fn,
                        void *fn_ctx, rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    rk_ingest_options defaults = {0};
    ing_ctx c = {path, NULL, opts ? opts : &defaults, diag, diag_ctx};
    char *id = ing_make_id(path);
    if (!id)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    c.id = id;
    size_t max = c.opts->max_bytes ? c.opts->max_bytes : RK_INGEST_DEFAULT_MAX_BYTES;
    rk_status st;
    if (len > max)
        st = rk_error_set(err, RK_ERR_LIMIT, path, 0, 0,
                          "input is %zu bytes, more than the limit of %zu (--max-bytes)", len, max);
    else if (fn)
        st = ingest_each(&c, data, len, owned, fn, fn_ctx, err);
    else
        st = ingest_data(&c, data, len, owned, out, err);
    free(id);
    return st;
}

rk_status rk_ingest_buffer(const char *path, const char *data, size_t len,
                           const rk_ingest_options *opts, rk_doclist *out,
                           rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    if (!path || (!data && len) || !out)
        return rk_error_set(err, RK_ERR_USAGE, path, 0, 0, "rk_ingest_buffer: missing argument");
    return ingest(path, data ? data : "", len, NULL, opts, out, NULL, NULL, diag, diag_ctx, err);
}

/* Reads the file path whole (within the size limit) and ingests it as
 * ingest() does. */
static rk_status ingest_path(const char *path, const rk_ingest_options *opts, rk_doclist *out,
                             rk_ingest_batch_fn fn, void *fn_ctx, rk_diag_fn diag,
                             void *diag_ctx, rk_error *err)
{
    size_t max = opts && opts->max_bytes ? opts->max_bytes : RK_INGEST_DEFAULT_MAX_BYTES;
    char *data = NULL;
    size_t len = 0;
    rk_status st = rk_file_read(path, max, &data, &len, err);
    if (st == RK_OK)
        st = ingest(path, data, len, &data, opts, out, fn, fn_ctx, diag, diag_ctx, err);
    free(data);
    return st;
}

rk_status rk_ingest_file(const char *path, const rk_ingest_options *opts, rk_doclist *out,
                         rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    if (!path || !out)
        return rk_error_set(err, RK_ERR_USAGE, path, 0, 0, "rk_ingest_file: missing argument");
    return ingest_path(path, opts, out, NULL, NULL, diag, diag_ctx, err);
}

rk_status rk_ingest_file_each(const char *path, const rk_ingest_options *opts,
                              rk_ingest_batch_fn fn, void *fn_ctx, rk_diag_fn diag,
                              void *diag_ctx, rk_error *err)
{
    if (!path || !fn)
        return rk_error_set(err, RK_ERR_USAGE, path, 0, 0, "rk_ingest_file_each: missing argument");
    return ingest_path(path, opts, NULL, fn, fn_ctx, diag, diag_ctx, err);
}
