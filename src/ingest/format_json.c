/* format_json.c - JSON articles, JSON Lines, and the JSON helpers the
 * sidecar reader shares. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

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

rk_status ing_json_parse(const char *path, const char *raw, size_t len, long line0,
                         cJSON **out, rk_error *err)
{
    const char *end = NULL;
    *out = cJSON_ParseWithLengthOpts(raw, len, &end, 0);
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
    struct { const char *const *names; rk_field *f; } meta[] = {
        {k_title, &d->title}, {k_source, &d->source}, {k_published, &d->published},
        {k_url, &d->url}, {k_language, &d->language}, {k_byline, &d->byline},
        {k_dateline, &d->dateline},
    };
    for (size_t i = 0; i < sizeof meta / sizeof *meta; i++) {
        const char *v = field_string(obj, meta[i].names, &key, &bad);
        if (bad) {
            ing_json_where(raw, len, line0, key, &line, &col);
            ing_diag(c, RK_ERR_PARSE, line, col, -1, "\"%s\" must be a string; ignored", key);
        }
        if (ing_field_sets(meta[i].f, v, RK_ORIGIN_GIVEN) < 0)
            return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
    }
    return RK_OK;
}

rk_status ing_read_json(const ing_ctx *c, const char *data, size_t len, rk_document **out,
                        rk_error *err)
{
    cJSON *root = NULL;
    rk_document *d = NULL;
    rk_status st = ing_json_parse(c->path, data, len, 1, &root, err);
    if (st != RK_OK)
        goto done;
    if (!(d = ing_doc_new(c, RK_FORMAT_JSON))) {
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        goto done;
    }
    st = article(c, root, data, len, 1, d, err);
done:
    cJSON_Delete(root);
    if (st == RK_OK)
        *out = d;
    else
        rk_document_free(d);
    return st;
}

/* Reads the record on line `line` (bytes raw[0..len)) into a new document.
 * Errors go to err; the caller reports them through diag. */
static rk_status record(const ing_ctx *c, const char *raw, size_t len, long line,
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
    rk_buf id = RK_BUF_INIT;
    rk_status st = ing_json_parse(c->path, raw, len, line, &root, err);
    if (st != RK_OK)
        goto done;
    if (!(d = ing_doc_new(c, RK_FORMAT_JSONL)) || rk_buf_printf(&id, "%s#%ld", c->id, line) < 0) {
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        goto done;
    }
    free(d->id);
    d->id = rk_buf_detach(&id, NULL);
    d->record = (size_t)line;
    st = article(c, root, raw, len, line, d, err);
done:
    rk_buf_free(&id);
    cJSON_Delete(root);
    if (st == RK_OK)
        *out = d;
    else
        rk_document_free(d);
    return st;
}

rk_status ing_read_jsonl_lines(const ing_ctx *c, const char *data, size_t len, size_t off0,
                               long line0, rk_doclist *out, size_t *bad, rk_error *err)
{
    size_t pos = 0;
    long line = line0 - 1;
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
            rk_error e;
            rk_error_clear(&e);
            rk_status st = record(c, data + s, end - s, line, (long)(off0 + s), &d, &e);
            if (st == RK_ERR_NOMEM)
                return rk_error_set(err, st, c->path, 0, 0, "out of memory");
            if (st != RK_OK) {
                (*bad)++;
                if (c->diag)
                    c->diag(c->diag_ctx, &e);
            } else if (rk_doclist_push(out, d) < 0) {
                rk_document_free(d);
                return rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
            }
        }
        pos = end + 1;
    }
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
    rk_status st = ing_read_jsonl_lines(c, data, len, 0, 1, out, &bad, err);
    return st != RK_OK ? st : ing_jsonl_verdict(c->path, out->n, bad, err);
}
