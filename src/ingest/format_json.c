/* format_json.c - JSON articles, JSON Lines, and the JSON helpers the
 * sidecar reader shares. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "../core/alloc.h"

/* Field names accepted for each metadata value, first match wins. The
 * aliases cover the article shapes common news APIs export. */
static const char *const k_text[] = {"text", "body", "content", NULL};
static const char *const k_title[] = {"title", "headline", NULL};
static const char *const k_source[] = {"source", "outlet", "site_name", NULL};
static const char *const k_published[] = {"published", "publishedAt", "published_at",
                                          "date", NULL};
static const char *const k_url[] = {"url", "link", NULL};
static const char *const k_language[] = {"language", "lang", NULL};
static const char *const k_byline[] = {"byline", "author", NULL};
static const char *const k_dateline[] = {"dateline", NULL};

/* The metadata fields, in the order both readers fill them. */
static const struct {
    const char *const *names;
    size_t off;
} k_meta[] = {
    {k_title, offsetof(rk_document, title)},       {k_source, offsetof(rk_document, source)},
    {k_published, offsetof(rk_document, published)}, {k_url, offsetof(rk_document, url)},
    {k_language, offsetof(rk_document, language)}, {k_byline, offsetof(rk_document, byline)},
    {k_dateline, offsetof(rk_document, dateline)},
};
#define N_META (sizeof k_meta / sizeof *k_meta)
#define MAX_KEYS 32

static rk_field *meta_field(rk_document *d, size_t i)
{
    return (rk_field *)((char *)d + k_meta[i].off);
}

long ing_json_key_offset(const char *raw, size_t len, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = 0; i + k + 2 <= len; i++) {
        if (raw[i] != '"' || memcmp(raw + i + 1, key, k) != 0 || raw[i + k + 1] != '"')
            continue;
        size_t j = i + k + 2;
        while (j < len && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\r' || raw[j] == '\n'))
            j++;
        if (j < len && raw[j] == ':')
            return (long)i;
    }
    return -1;
}

/* The offset of the first "\u0000" escape inside a string of raw from
 * `from` on, or len: cJSON would end the string there. */
static size_t nul_escape(const char *raw, size_t len, size_t from)
{
    int in_str = 0;
    for (size_t i = 0; i < len; i++) {
        if (raw[i] == '"') {
            in_str = !in_str;
        } else if (in_str && raw[i] == '\\') {
            if (i >= from && i + 6 <= len && memcmp(raw + i + 1, "u0000", 5) == 0)
                return i;
            i++;
        }
    }
    return len;
}

rk_status ing_json_parse_text(const ing_ctx *c, const char *file, const char *raw, size_t len,
                              long line0, cJSON **out, rk_error *err)
{
    size_t at = nul_escape(raw, len, 0);
    if (at == len)
        return ing_json_parse(file, raw, len, line0, out, err);
    /* A NUL in a string is read as a space (cJSON would cut the string
     * there and drop the rest of the text); the copy keeps every offset. */
    char *copy = malloc(len + 1);
    if (!copy)
        return rk_error_set(err, RK_ERR_NOMEM, file, 0, 0, "out of memory");
    memcpy(copy, raw, len);
    copy[len] = '\0';
    size_t n = 0, first = at;
    for (; at < len; at = nul_escape(copy, len, at + 6), n++)
        memcpy(copy + at, "\\u0020", 6);
    long line, col;
    ing_line_col(raw, len, first, &line, &col);
    ing_warn(c, file, line + line0 - 1, col, "%zu \\u0000 %s in a string, read as %s", n,
             n == 1 ? "escape" : "escapes", n == 1 ? "a space" : "spaces");
    rk_status st = ing_json_parse(file, copy, len, line0, out, err);
    free(copy);
    return st;
}

rk_status ing_json_parse(const char *path, const char *raw, size_t len, long line0,
                         cJSON **out, rk_error *err)
{
    const char *end = NULL;
    unsigned long failures = rk_alloc_failures();
    *out = cJSON_ParseWithLengthOpts(raw, len, &end, 0);
    if (!*out && rk_alloc_failures() != failures)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    size_t off = end && end >= raw ? (size_t)(end - raw) : 0;
    if (*out) {
        while (off < len && (raw[off] == ' ' || raw[off] == '\t' || raw[off] == '\r' ||
                             raw[off] == '\n'))
            off++;
        if (off >= len)
            return RK_OK;
        cJSON_Delete(*out);
        *out = NULL;
    }
    long line, col;
    ing_line_col(raw, len, off, &line, &col);
    /* raw need not be NUL-terminated: quote at most what lies inside it. */
    int near = off < len ? (int)(len - off < 12 ? len - off : 12) : 0;
    rk_status st = rk_error_set(err, RK_ERR_PARSE, path, line + line0 - 1, col,
                                off >= len ? "malformed JSON: unexpected end of input"
                                           : "malformed JSON near '%.*s'", near, raw + off);
    return st;
}

void ing_json_where(const char *raw, size_t len, long line0, const char *key, long *line,
                    long *col)
{
    long off = key ? ing_json_key_offset(raw, len, key) : -1;
    ing_line_col(raw, len, off < 0 ? 0 : (size_t)off, line, col);
    *line += line0 - 1;
}

/* The first present item among names. */
static cJSON *item(const cJSON *obj, const char *const *names, const char **found)
{
    for (size_t i = 0; names[i]; i++) {
        cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, names[i]);
        if (it) {
            *found = names[i];
            return it;
        }
    }
    return NULL;
}

/* The string value of a metadata field; a source may also be an object
 * with a "name" (as some news APIs export it). NULL when absent or null;
 * *bad is set when the value has the wrong type. */
static const char *field_string(const cJSON *obj, const char *const *names,
                                const char **found, int *bad)
{
    cJSON *it = item(obj, names, found);
    *bad = 0;
    if (!it || cJSON_IsNull(it))
        return NULL;
    if (cJSON_IsObject(it) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "name")))
        return cJSON_GetObjectItemCaseSensitive(it, "name")->valuestring;
    if (!cJSON_IsString(it)) {
        *bad = 1;
        return NULL;
    }
    return it->valuestring;
}

/* Fills d from one JSON article object. Metadata of the wrong type is
 * reported through diag and skipped; a missing text is an error. */
static rk_status article(const ing_ctx *c, const cJSON *obj, const char *raw, size_t len,
                         long line0, rk_document *d, rk_error *err)
{
    long line, col;
    const char *key = NULL;
    int bad = 0;
    const char *text = cJSON_IsObject(obj) ? field_string(obj, k_text, &key, &bad) : NULL;
    if (!text || !text[0]) {
        ing_json_where(raw, len, line0, key, &line, &col);
        return rk_error_set(err, RK_ERR_PARSE, c->path, line, col, "%s",
                            !cJSON_IsObject(obj) ? "a JSON article must be an object"
                            : bad ? "the article text must be a string"
                                  : "no article text: expected a \"text\", \"body\" or "
                                    "\"content\" string");
    }
    if (!(d->body = rk_strdup(text)))
        return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
    d->body_len = strlen(text);
    d->body_utf8 = 1; /* the raw text was checked; cJSON refuses lone surrogates */
    for (size_t i = 0; i < N_META; i++) {
        const char *v = field_string(obj, k_meta[i].names, &key, &bad);
        if (bad) {
            ing_json_where(raw, len, line0, key, &line, &col);
            ing_diag(c, RK_ERR_PARSE, line, col, -1, "\"%s\" must be a string; ignored", key);
        }
        if (ing_field_sets(meta_field(d, i), v, RK_ORIGIN_GIVEN) < 0)
            return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
    }
    return RK_OK;
}

/* Drops a publication date that is no date, with a warning at the member
 * that gave it. */
static rk_status check_published(const ing_ctx *c, rk_document *d, const char *raw, size_t len,
                                 long line0, rk_error *err)
{
    if (!d->published.value || ing_date_valid(d->published.value, strlen(d->published.value)))
        return RK_OK;
    char *v = d->published.value;
    d->published.value = NULL;
    d->published.origin = RK_ORIGIN_NONE;
    const char *key = NULL;
    for (size_t k = 0; k_published[k] && !key; k++)
        if (ing_json_key_offset(raw, len, k_published[k]) >= 0)
            key = k_published[k];
    long line, col;
    ing_json_where(raw, len, line0, key, &line, &col);
    /* ing_published_set() reports it; it cannot take the value. */
    int rc = ing_published_set(c, d, v, strlen(v), RK_ORIGIN_GIVEN, c->path, line, col);
    free(v);
    return rc < 0 ? rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory") : RK_OK;
}

rk_status ing_read_json(const ing_ctx *c, const char *data, size_t len, rk_document **out,
                        rk_error *err)
{
    cJSON *root = NULL;
    rk_document *d = NULL;
    rk_status st = ing_json_parse_text(c, c->path, data, len, 1, &root, err);
    if (st != RK_OK)
        goto done;
    if (!(d = ing_doc_new(c, RK_FORMAT_JSON))) {
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        goto done;
    }
    st = article(c, root, data, len, 1, d, err);
    if (st == RK_OK)
        st = check_published(c, d, data, len, 1, err);
done:
    cJSON_Delete(root);
    if (st == RK_OK)
        *out = d;
    else
        rk_document_free(d);
    return st;
}

/* The member field_string() would pick among names, from the scan of the
 * record: the first present alias; an object stands for its "name" string.
 * 0 when field_string() would not return a string or NULL (the full reader
 * then reports it). */
static int pick(const char *raw, const char *const *names, const ing_json_value *v,
                ing_json_value *out)
{
    *out = (ing_json_value){ING_JSON_ABSENT, 0, 0, 0};
    for (size_t k = 0; names[k]; k++) {
        if (v[k].kind == ING_JSON_ABSENT)
            continue;
        *out = v[k];
        if (out->kind == ING_JSON_OBJECT) {
            static const char *const name[] = {"name"};
            ing_json_value nv;
            if (!ing_json_scan(raw + v[k].start, v[k].end - v[k].start, name, 1, &nv) ||
                nv.kind != ING_JSON_STRING)
                return 0;
            *out = (ing_json_value){ING_JSON_STRING, v[k].start + nv.start,
                                    v[k].start + nv.end, nv.escaped};
        }
        return out->kind != ING_JSON_OTHER;
    }
    return 1;
}

/* The string value v of raw, decoded into out when it holds escapes. */
static const char *string_of(const char *raw, const ing_json_value *v, char *out, size_t *n)
{
    if (!v->escaped) {
        *n = v->end - v->start;
        return raw + v->start;
    }
    *n = ing_json_unescape(raw + v->start, v->end - v->start, out);
    return out;
}

int ing_json_fast_article(const char *raw, size_t len, rk_document *d)
{
    const char *keys[MAX_KEYS];
    ing_json_value v[MAX_KEYS], text, meta[N_META];
    size_t nk = 0, first[N_META];
    for (size_t k = 0; k_text[k]; k++)
        keys[nk++] = k_text[k];
    for (size_t i = 0; i < N_META; i++) {
        first[i] = nk;
        for (size_t k = 0; k_meta[i].names[k]; k++) {
            if (nk == MAX_KEYS) /* more aliases than room: the full reader */
                return 0;
            keys[nk++] = k_meta[i].names[k];
        }
    }
    if (!ing_json_scan(raw, len, keys, nk, v) || !pick(raw, k_text, v, &text) ||
        text.kind != ING_JSON_STRING || text.end == text.start)
        return 0;
    size_t scratch = 0;
    for (size_t i = 0; i < N_META; i++) {
        if (!pick(raw, k_meta[i].names, v + first[i], &meta[i]))
            return 0;
        if (meta[i].kind == ING_JSON_STRING && meta[i].escaped &&
            meta[i].end - meta[i].start > scratch)
            scratch = meta[i].end - meta[i].start;
    }
    size_t n = text.end - text.start;
    char *body = malloc(n + 1), *tmp = scratch ? malloc(scratch) : NULL;
    if (!body || (scratch && !tmp))
        goto nomem;
    const char *s = string_of(raw, &text, body, &n);
    if (s != body)
        memcpy(body, s, n);
    body[n] = '\0';
    d->body = body;
    d->body_len = n;
    d->body_utf8 = 1; /* the record was checked; the scanner decodes no surrogate */
    body = NULL;
    for (size_t i = 0; i < N_META; i++) {
        if (meta[i].kind != ING_JSON_STRING)
            continue;
        s = string_of(raw, &meta[i], tmp, &n);
        if (ing_field_set(meta_field(d, i), s, n, RK_ORIGIN_GIVEN) < 0)
            goto nomem;
    }
    free(tmp);
    return 1;
nomem:
    free(body);
    free(tmp);
    return -1;
}

/* Reads the record on line `line` (bytes raw[0..len)) into a new document
 * of format f (JSON Lines, or an element of a JSON array). Errors go to
 * err; the caller reports them through diag. */
static rk_status record(const ing_ctx *c, rk_format f, const char *raw, size_t len, long line,
                        long file_off, rk_document **out, rk_error *err)
{
    size_t bad = 0;
    if (!rk_utf8_valid(raw, len, &bad)) {
        long l, col;
        ing_line_col(raw, len, bad, &l, &col);
        rk_status st = rk_error_set(err, RK_ERR_UTF8, c->path, line, col,
                                    "invalid UTF-8 at byte offset %ld; record skipped",
                                    file_off + (long)bad);
        err->offset = file_off + (long)bad;
        return st;
    }
    cJSON *root = NULL;
    rk_document *d = NULL;
    rk_status st = RK_OK;
    int fast;
    if (!(d = ing_doc_new_record(c, f, (size_t)line)) ||
        (fast = c->opts && c->opts->full_json ? 0 : ing_json_fast_article(raw, len, d)) < 0) {
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        goto done;
    }
    if (!fast && (st = ing_json_parse_text(c, c->path, raw, len, line, &root, err)) == RK_OK)
        st = article(c, root, raw, len, line, d, err);
    if (st == RK_OK)
        st = check_published(c, d, raw, len, line, err);
done:
    cJSON_Delete(root);
    if (st == RK_OK)
        *out = d;
    else
        rk_document_free(d);
    return st;
}

rk_status ing_read_jsonl_lines(const ing_ctx *c, const char *data, size_t len, size_t off0,
                               long line0, rk_doclist *out, size_t *bad, long *next_line,
                               rk_error *err)
{
    size_t pos = 0;
    long line = line0 - 1;
    /* Cleared once, and again only after a record filled it: it is some
     * 2 KB, and all but a few records leave it as it is. */
    rk_error e;
    rk_error_clear(&e);
    while (pos < len) {
        line++;
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t s = off0 == 0 && pos == 0 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0
                       ? 3 : pos;
        size_t blank = s;
        while (blank < end && (data[blank] == ' ' || data[blank] == '\t' || data[blank] == '\r'))
            blank++;
        if (blank < end) {
            rk_document *d = NULL;
            rk_status st = record(c, RK_FORMAT_JSONL, data + s, end - s, line, (long)(off0 + s),
                                  &d, &e);
            if (st == RK_ERR_NOMEM)
                return rk_error_set(err, st, c->path, 0, 0, "out of memory");
            if (st != RK_OK) {
                (*bad)++;
                if (c->diag)
                    c->diag(c->diag_ctx, &e);
                rk_error_clear(&e);
            } else if (rk_doclist_push(out, d) < 0) {
                rk_document_free(d);
                return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
            }
        }
        pos = end + 1;
    }
    if (next_line)
        *next_line = line + 1;
    return RK_OK;
}

rk_status ing_jsonl_verdict(const char *path, size_t n_docs, size_t bad, rk_error *err)
{
    if (n_docs == 0)
        return rk_error_set(err, RK_ERR_PARSE, path, 0, 0,
                            "no article could be read from this JSON Lines file (%zu bad %s)",
                            bad, bad == 1 ? "line" : "lines");
    return RK_OK;
}

rk_status ing_read_jsonl(const ing_ctx *c, const char *data, size_t len, rk_doclist *out,
                         rk_error *err)
{
    size_t bad = 0;
    rk_status st = ing_read_jsonl_lines(c, data, len, 0, 1, out, &bad, NULL, err);
    return st != RK_OK ? st : ing_jsonl_verdict(c->path, out->n, bad, err);
}

/* ---- a JSON array of articles ------------------------------------------- */

/* The end of the JSON value that starts at data[i] (after white space):
 * the first ',' or ']' outside strings and brackets, or len. Only where a
 * value ends matters here; the record reader judges the value itself. */
static size_t value_end(const char *data, size_t len, size_t i)
{
    int depth = 0, in_str = 0;
    for (; i < len; i++) {
        char ch = data[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = 0;
        } else if (ch == '"') {
            in_str = 1;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if ((ch == '}' || ch == ']') && depth > 0) {
            depth--;
        } else if ((ch == ',' || ch == ']') && depth == 0) {
            return i;
        }
    }
    return len;
}

static int json_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

rk_status ing_read_json_array(const ing_ctx *c, const char *data, size_t len, rk_doclist *out,
                              rk_error *err)
{
    size_t i = 0, bad = 0, n0 = out->n;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && json_space(data[i]))
        i++;
    i++; /* the '[' detection saw */
    for (;;) {
        while (i < len && json_space(data[i]))
            i++;
        if (i < len && data[i] == ']' && out->n == n0 && bad == 0)
            break; /* [] */
        size_t e = value_end(data, len, i), t = e;
        while (t > i && json_space(data[t - 1]))
            t--;
        long line, col;
        ing_line_col(data, len, i, &line, &col);
        rk_document *d = NULL;
        rk_error one;
        rk_error_clear(&one);
        rk_status st = t > i ? record(c, RK_FORMAT_JSON, data + i, t - i, line, (long)i, &d, &one)
                             : rk_error_set(&one, RK_ERR_PARSE, c->path, line, col,
                                            "malformed JSON array: a value is missing");
        if (st == RK_ERR_NOMEM)
            return rk_error_set(err, st, c->path, 0, 0, "out of memory");
        if (st == RK_OK && rk_doclist_push(out, d) < 0) {
            rk_document_free(d);
            return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        }
        if (st != RK_OK) {
            bad++;
            if (c->diag)
                c->diag(c->diag_ctx, &one);
        }
        if (e >= len || data[e] == ']')
            break;
        i = e + 1;
    }
    if (out->n == n0)
        return rk_error_set(err, RK_ERR_PARSE, c->path, 0, 0,
                            "no article could be read from this JSON array (%zu bad %s)", bad,
                            bad == 1 ? "element" : "elements");
    return RK_OK;
}
