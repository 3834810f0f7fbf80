/* sidecar.c - NAME.meta.json beside an article: metadata a publisher or a
 * reader supplies for an input that carries none (plain text above all).
 *
 * The sidecar is one JSON object with optional string members "source",
 * "published", "url", "language", "title", "byline" and "dateline" (null
 * counts as absent), and an optional "inferred" array naming members whose
 * values a reader deduced from the text rather than took from published
 * metadata, e.g. {"source": "الوقت", "inferred": ["source"]}; those fields
 * are marked inferred instead of given. Other members are ignored. Sidecar
 * values override the input's own field by field. A sidecar with an error
 * anywhere is reported (path:line:col of the sidecar) and ignored as a
 * whole, so a half-right sidecar never mixes with the input's values. */
#include "internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Sidecars are small; anything larger is a mistake, not metadata. */
#define SIDECAR_MAX_BYTES ((size_t)1024 * 1024)

static const char *const k_fields[] = {"source", "published", "url", "language",
                                       "title", "byline", "dateline", NULL};

static rk_field *field_of(rk_document *d, size_t i)
{
    rk_field *f[] = {&d->source, &d->published, &d->url, &d->language,
                     &d->title, &d->byline, &d->dateline};
    return f[i];
}

static long field_index(const char *name)
{
    for (size_t i = 0; k_fields[i]; i++)
        if (strcmp(k_fields[i], name) == 0)
            return (long)i;
    return -1;
}

/* dir/NAME.meta.json for dir/NAME.EXT (a leading dot, as in ".hidden", is
 * part of NAME). The caller frees it with free(). The name is measured by
 * index from its end, not by pointer differences: GCC's LTO could not tell
 * those were never negative and warned of a copy of SIZE_MAX bytes. */
static char *sidecar_path(const char *path)
{
    static const char ext[] = ".meta.json";
    size_t n = strlen(path), stem = n;
    for (size_t i = n; i-- > 0 && path[i] != '/';)
        if (path[i] == '.') {
            if (i > 0 && path[i - 1] != '/')
                stem = i;
            break;
        }
    char *p = malloc(stem + sizeof ext);
    if (p) {
        memcpy(p, path, stem);
        memcpy(p + stem, ext, sizeof ext);
    }
    return p;
}

/* Checks every member's type; fills err (naming the sidecar) on the first
 * problem. inferred[i] is set for fields listed in "inferred". */
static rk_status validate(const char *sp, const char *raw, size_t len, const cJSON *root,
                          int *inferred, rk_error *err)
{
    long line, col;
    if (!cJSON_IsObject(root))
        return rk_error_set(err, RK_ERR_PARSE, sp, 1, 1, "a sidecar must be a JSON object");
    for (size_t i = 0; k_fields[i]; i++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, k_fields[i]);
        if (it && !cJSON_IsString(it) && !cJSON_IsNull(it)) {
            ing_json_where(raw, len, 1, k_fields[i], &line, &col);
            return rk_error_set(err, RK_ERR_PARSE, sp, line, col,
                                "\"%s\" must be a string; sidecar ignored", k_fields[i]);
        }
    }
    const cJSON *inf = cJSON_GetObjectItemCaseSensitive(root, "inferred");
    if (!inf)
        return RK_OK;
    ing_json_where(raw, len, 1, "inferred", &line, &col);
    if (!cJSON_IsArray(inf))
        return rk_error_set(err, RK_ERR_PARSE, sp, line, col,
                            "\"inferred\" must be an array of field names; sidecar ignored");
    const cJSON *el;
    cJSON_ArrayForEach(el, inf) {
        long k = cJSON_IsString(el) ? field_index(el->valuestring) : -1;
        if (k < 0)
            return rk_error_set(err, RK_ERR_PARSE, sp, line, col,
                                "\"inferred\" lists something that is not a field name "
                                "(source, published, url, language, title, byline, "
                                "dateline); sidecar ignored");
        inferred[k] = 1;
    }
    return RK_OK;
}

/* Applies the sidecar's values; a "published" that is no date is reported
 * at its place in the sidecar and not used (the rest of the sidecar is). */
static rk_status apply(const ing_ctx *c, const char *sp, const char *raw, size_t len,
                       rk_document *d, const cJSON *root, const int *inferred)
{
    for (size_t i = 0; k_fields[i]; i++) {
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, k_fields[i]);
        if (!cJSON_IsString(it))
            continue;
        rk_origin o = inferred[i] ? RK_ORIGIN_INFERRED : RK_ORIGIN_GIVEN;
        int rc;
        if (field_of(d, i) == &d->published) {
            long line, col;
            ing_json_where(raw, len, 1, k_fields[i], &line, &col);
            rc = ing_published_set(c, d, it->valuestring, strlen(it->valuestring), o, sp, line,
                                   col);
        } else {
            rc = ing_field_sets(field_of(d, i), it->valuestring, o);
        }
        if (rc < 0)
            return RK_ERR_NOMEM;
    }
    return RK_OK;
}

rk_status ing_sidecar_apply(const ing_ctx *c, rk_document *d, rk_error *err)
{
    char *sp = sidecar_path(c->path);
    char *raw = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    int inferred[sizeof k_fields / sizeof *k_fields] = {0};
    rk_error e;
    rk_error_clear(&e);
    rk_status st = RK_OK;
    if (!sp) {
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
        goto done;
    }
    if (access(sp, F_OK) != 0)
        goto done; /* no sidecar: nothing to do */
    rk_status bad = rk_file_read(sp, SIDECAR_MAX_BYTES, &raw, &len, &e);
    if (bad == RK_ERR_LIMIT)
        rk_error_set(&e, RK_ERR_LIMIT, sp, 0, 0,
                     "a sidecar larger than %zu KiB (the limit for sidecars); sidecar ignored",
                     SIDECAR_MAX_BYTES >> 10);
    size_t off = 0;
    if (bad == RK_OK && !rk_utf8_valid(raw, len, &off)) {
        long line, col;
        ing_line_col(raw, len, off, &line, &col);
        bad = rk_error_set(&e, RK_ERR_UTF8, sp, line, col,
                           "invalid UTF-8 at byte offset %zu; sidecar ignored", off);
        e.offset = (long)off;
    }
    if (bad == RK_OK)
        bad = ing_json_parse_text(c, sp, raw, len, 1, &root, &e);
    if (bad == RK_OK)
        bad = validate(sp, raw, len, root, inferred, &e);
    if (bad == RK_ERR_NOMEM)
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
    else if (bad != RK_OK && c->diag)
        c->diag(c->diag_ctx, &e);
    else if (bad == RK_OK && apply(c, sp, raw, len, d, root, inferred) != RK_OK)
        st = rk_error_set(err, RK_ERR_NOMEM, c->path, 0, 0, "out of memory");
done:
    cJSON_Delete(root);
    free(raw);
    free(sp);
    return st;
}
