/* ingest.c - reading an input: limits, encoding checks, format detection,
 * then the format's reader, the sidecar and inference. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>

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

char *ing_make_id(const rk_ingest_options *opts, const char *path)
{
    const char *given = opts && opts->id_of ? opts->id_of(opts->id_ctx, path) : NULL;
    if (given)
        return rk_strdup(given);
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

/* Where the JSON value that starts at d[i] ends: the offset past its
 * closing bracket, or 0 when the input (or, with one_line, the line) ends
 * first. Strings are skipped whole. */
static size_t value_end(const char *d, size_t len, size_t i, int one_line)
{
    int depth = 0, in_str = 0;
    for (; i < len && !(one_line && d[i] == '\n'); i++) {
        char ch = d[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = 0;
        } else if (ch == '"') {
            in_str = 1;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if ((ch == '}' || ch == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* A JSON value starts "{" then a key or "}"; prose in braces does not.
 * JSON Lines, so that one bad line costs that line only: a file whose
 * first line holds a whole object and which has another line (or is named
 * .jsonl or .ndjson), and a .jsonl or .ndjson file unless it is one
 * pretty-printed object. Else one JSON article. */
static rk_format detect_json(const char *path, const char *d, size_t len, size_t i)
{
    size_t k = skip_bom_space(d, len, i + 1);
    if (k < len && d[k] != '"' && d[k] != '}')
        return RK_FORMAT_TEXT;
    int named = has_ext(path, "jsonl") || has_ext(path, "ndjson");
    if (value_end(d, len, i, 1)) {
        const char *nl = memchr(d + i, '\n', len - i);
        int more = nl && skip_bom_space(d, len, (size_t)(nl - d) + 1) < len;
        return more || named ? RK_FORMAT_JSONL : RK_FORMAT_JSON;
    }
    if (!named)
        return RK_FORMAT_JSON;
    size_t e = value_end(d, len, i, 0);
    return e && skip_bom_space(d, len, e) >= len ? RK_FORMAT_JSON : RK_FORMAT_JSONL;
}

/* A JSON array of articles: "[" then an object or "]". */
static int is_json_array(const char *d, size_t len, size_t i)
{
    size_t k = skip_bom_space(d, len, i + 1);
    return k < len && (d[k] == '{' || d[k] == ']');
}

rk_format rk_ingest_detect(const char *path, const char *data, size_t len)
{
    size_t i = skip_bom_space(data, len, 0);
    if (i >= len)
        return RK_FORMAT_TEXT;
    if (data[i] == '{')
        return detect_json(path ? path : "", data, len, i);
    if (data[i] == '[' && is_json_array(data, len, i))
        return RK_FORMAT_JSON;
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
    d->body_utf8 = 1; /* check_input() checked the bytes */
    *out = d;
    return RK_OK;
}

/* Cuts a metadata value longer than ING_META_MAX_BYTES at a character
 * boundary, with a warning: a page may carry megabytes in an attribute,
 * and every report would repeat them. */
static void cap_field(const ing_ctx *c, const rk_document *d, rk_field *f, const char *name)
{
    size_t n = f->value ? strlen(f->value) : 0;
    if (n <= ING_META_MAX_BYTES)
        return;
    size_t cut = ING_META_MAX_BYTES;
    while (cut > 0 && ((unsigned char)f->value[cut] & 0xC0) == 0x80)
        cut--;
    f->value[cut] = '\0';
    ing_warn(c, NULL, d->record ? (long)d->record : 0, 0,
             "the %s is %zu bytes, more than the limit of %d for a metadata value; cut",
             name, n, ING_META_MAX_BYTES);
}

static void cap_metadata(const ing_ctx *c, rk_document *d)
{
    rk_field *f[] = {&d->source, &d->published, &d->url, &d->language,
                     &d->title, &d->byline, &d->dateline};
    static const char *const names[] = {"source", "publication date", "url", "language",
                                        "title", "byline", "dateline"};
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        cap_field(c, d, f[i], names[i]);
}

rk_status ing_finish(const ing_ctx *c, rk_document *d, int sidecar, rk_error *err)
{
    if (sidecar && !c->opts->no_sidecar && strcmp(c->path, "-") != 0) {
        rk_status st = ing_sidecar_apply(c, d, err);
        if (st != RK_OK)
            return st;
    }
    cap_metadata(c, d);
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
 * others; an HTML or XML page in the encoding it declares is decoded into
 * *decoded (the caller frees it), which then stands for the input. Sets *f
 * to its format. */
static rk_status check_input(const ing_ctx *c, const char **data, size_t *len, char **decoded,
                             rk_format *f, rk_error *err)
{
    *decoded = NULL;
    rk_status st = check_bytes(c->path, *data, *len, err);
    if (st != RK_OK)
        return st;
    *f = c->opts->force_format ? c->opts->force_format : rk_ingest_detect(c->path, *data, *len);
    if (*f == RK_FORMAT_JSONL)
        return RK_OK;
    size_t n = 0;
    st = ing_decode_declared(c, *f, *data, *len, decoded, &n, err);
    if (st == RK_OK && *decoded) {
        *data = *decoded;
        *len = n;
    }
    return st;
}

/* Reads every document of the input into tmp, then moves them to out, so
 * that a failing input appends nothing. */
static rk_status ingest_data(const ing_ctx *c, const char *data, size_t len, char **owned,
                             rk_doclist *out, rk_error *err)
{
    rk_doclist tmp = {0};
    rk_document *d = NULL;
    char *decoded = NULL;
    rk_format f;
    rk_status st = check_input(c, &data, &len, &decoded, &f, err);
    if (st != RK_OK)
        goto done;
    if (f == RK_FORMAT_JSONL || (f == RK_FORMAT_JSON && data[skip_bom_space(data, len, 0)] == '[')) {
        st = f == RK_FORMAT_JSONL ? ing_read_jsonl(c, data, len, &tmp, err)
                                  : ing_read_json_array(c, data, len, &tmp, err);
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
    free(decoded);
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
    char *decoded = NULL;
    const char *checked = data;
    size_t checked_len = len;
    rk_status st = check_input(c, &checked, &checked_len, &decoded, &f, err);
    free(decoded); /* ingest_data() decodes again: a page is read whole anyway */
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
    char *id = ing_make_id(c.opts, path);
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
    if (st == RK_ERR_LIMIT && err) {
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, " (--max-bytes)");
    }
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
