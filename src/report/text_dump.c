/* text_dump.c - `reckon text` output: a document's metadata and its
 * sentences with their original byte spans, as readable text or JSON. */
#include "dump.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The metadata fields in output order. */
typedef struct meta_field {
    const char *name;
    size_t offset;
} meta_field;

static const meta_field fields[] = {
    {"source", offsetof(rk_document, source)},
    {"published", offsetof(rk_document, published)},
    {"url", offsetof(rk_document, url)},
    {"language", offsetof(rk_document, language)},
    {"title", offsetof(rk_document, title)},
    {"byline", offsetof(rk_document, byline)},
    {"dateline", offsetof(rk_document, dateline)},
};
#define N_FIELDS (sizeof fields / sizeof *fields)

static const rk_field *field_of(const rk_document *doc, size_t i)
{
    return (const rk_field *)((const char *)doc + fields[i].offset);
}

/* Writes s[0..n) with control characters as spaces, so that every sentence
 * stays on one line. */
static void put_line(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        fputc(c < 0x20 || c == 0x7F ? ' ' : c, f);
    }
}

static void dump_text_plain(const rk_document *doc, const rk_text *t, FILE *f)
{
    fprintf(f, "document %s\n", doc->id ? doc->id : "");
    fprintf(f, "  path: %s\n", doc->path ? doc->path : "");
    fprintf(f, "  format: %s\n", rk_format_name(doc->format));
    for (size_t i = 0; i < N_FIELDS; i++) {
        const rk_field *v = field_of(doc, i);
        if (v->origin == RK_ORIGIN_NONE || !v->value)
            continue;
        fprintf(f, "  %s: ", fields[i].name);
        put_line(f, v->value, strlen(v->value));
        fprintf(f, " (%s)\n", rk_origin_name(v->origin));
    }
    fprintf(f, "  sentences: %zu\n", t->n_sentences);
    for (size_t i = 0; i < t->n_sentences; i++) {
        size_t a, b;
        rk_text_orig_span(t, t->sentences[i].start, t->sentences[i].end, &a, &b);
        fprintf(f, "  %zu [%zu,%zu) ", i, a, b);
        put_line(f, t->orig + a, b - a);
        fputc('\n', f);
    }
    fputc('\n', f);
}

static cJSON *field_json(const rk_field *v)
{
    if (v->origin == RK_ORIGIN_NONE || !v->value)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (o && (!cJSON_AddStringToObject(o, "value", v->value) ||
              !cJSON_AddStringToObject(o, "origin", rk_origin_name(v->origin)))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* A string item from s[0..n) (not NUL-terminated). */
static cJSON *string_n(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c)
        return NULL;
    memcpy(c, s, n);
    c[n] = '\0';
    cJSON *r = cJSON_CreateString(c);
    free(c);
    return r;
}

static cJSON *sentence_json(const rk_text *t, size_t i)
{
    const rk_sentence *s = &t->sentences[i];
    size_t a, b;
    rk_text_orig_span(t, s->start, s->end, &a, &b);
    cJSON *o = cJSON_CreateObject(), *span = cJSON_CreateArray();
    if (!o || !span) {
        cJSON_Delete(o);
        cJSON_Delete(span);
        return NULL;
    }
    cJSON_AddItemToObject(o, "span", span);
    if (!cJSON_AddItemToArray(span, cJSON_CreateNumber((double)a)) ||
        !cJSON_AddItemToArray(span, cJSON_CreateNumber((double)b)) ||
        !cJSON_AddItemToObject(o, "text", string_n(t->orig + a, b - a)) ||
        !cJSON_AddItemToObject(o, "normalized", string_n(t->norm + s->start, s->end - s->start))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

/* The whole document object, keys in a fixed order. NULL on OOM. */
static cJSON *document_json(const rk_document *doc, const rk_text *t)
{
    cJSON *o = cJSON_CreateObject(), *meta = cJSON_CreateObject(), *ss = cJSON_CreateArray();
    int ok = o && meta && ss;
    if (ok) {
        ok = cJSON_AddStringToObject(o, "id", doc->id ? doc->id : "") &&
             cJSON_AddStringToObject(o, "path", doc->path ? doc->path : "") &&
             cJSON_AddStringToObject(o, "format", rk_format_name(doc->format)) &&
             cJSON_AddNumberToObject(o, "record", (double)doc->record);
        cJSON_AddItemToObject(o, "metadata", meta);
        cJSON_AddItemToObject(o, "sentences", ss);
        meta = ss = NULL;
    }
    for (size_t i = 0; ok && i < N_FIELDS; i++) {
        cJSON *v = field_json(field_of(doc, i));
        ok = v && cJSON_AddItemToObject(cJSON_GetObjectItem(o, "metadata"), fields[i].name, v);
    }
    cJSON *arr = ok ? cJSON_GetObjectItem(o, "sentences") : NULL;
    for (size_t i = 0; ok && i < t->n_sentences; i++) {
        cJSON *s = sentence_json(t, i);
        ok = s && cJSON_AddItemToArray(arr, s);
    }
    if (!ok) {
        cJSON_Delete(o);
        cJSON_Delete(meta);
        cJSON_Delete(ss);
        return NULL;
    }
    return o;
}

rk_status rk_dump_text(const rk_document *doc, const rk_text *t, int json, FILE *f,
                       rk_error *err)
{
    if (!json) {
        dump_text_plain(doc, t, f);
    } else {
        cJSON *o = document_json(doc, t);
        char *s = o ? cJSON_PrintUnformatted(o) : NULL;
        cJSON_Delete(o);
        if (!s)
            return rk_error_set(err, RK_ERR_NOMEM, doc->path, 0, 0, "out of memory writing JSON");
        fputs(s, f);
        cJSON_free(s);
    }
    if (ferror(f))
        return rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "write error");
    return RK_OK;
}
