/* numbers_dump.c - the output of `reckon numbers`: every number expression of
 * a document with its original span and text, interval, exactness, unit and
 * kind, as aligned text or JSON. Byte-stable: fixed key order and number
 * formatting. */
#include "dump.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include "report.h"

static cJSON *bound(const rk_number *n, int has, double v)
{
    char buf[64];
    (void)n;
    if (!has)
        return cJSON_CreateNull();
    rk_format_number(v, buf, sizeof buf);
    return cJSON_CreateRaw(buf);
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *number_json(const rk_document *doc, const rk_text *t, const rk_number *n)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *span = cJSON_CreateArray();
    char *text = strndup(t->orig + n->start, n->end - n->start);
    if (!o || !span || !text) {
        cJSON_Delete(o);
        cJSON_Delete(span);
        free(text);
        return NULL;
    }
    cJSON_AddItemToObject(o, "document", str_or_null(doc ? doc->id : NULL));
    cJSON_AddItemToArray(span, cJSON_CreateNumber((double)n->start));
    cJSON_AddItemToArray(span, cJSON_CreateNumber((double)n->end));
    cJSON_AddItemToObject(o, "span", span);
    cJSON_AddItemToObject(o, "text", cJSON_CreateString(text));
    cJSON_AddItemToObject(o, "low", bound(n, n->has_low, n->low));
    cJSON_AddItemToObject(o, "high", bound(n, n->has_high, n->high));
    cJSON_AddItemToObject(o, "exactness", str_or_null(rk_exactness_name(n->exactness)));
    cJSON_AddItemToObject(o, "unit", str_or_null(n->unit));
    cJSON_AddItemToObject(o, "kind", str_or_null(rk_kind_name(n->kind)));
    cJSON_AddItemToObject(o, "vague", str_or_null(n->vague));
    free(text);
    return o;
}

rk_status rk_dump_number_json(const rk_document *doc, const rk_text *t, const rk_number *n,
                              FILE *f, rk_error *err)
{
    cJSON *o = number_json(doc, t, n);
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!s)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory writing JSON");
    fputs(s, f);
    cJSON_free(s);
    return ferror(f) ? rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "write error") : RK_OK;
}

/* One text line: "start-end  text  low  high  exactness  unit  kind", with
 * "-" for an open end or no unit; line breaks in the text become spaces. */
static void number_line(const rk_text *t, const rk_number *n, FILE *f)
{
    char lo[64] = "-", hi[64] = "-";
    if (n->has_low)
        rk_format_number(n->low, lo, sizeof lo);
    if (n->has_high)
        rk_format_number(n->high, hi, sizeof hi);
    fprintf(f, "%zu-%zu  ", n->start, n->end);
    for (size_t i = n->start; i < n->end; i++) {
        char c = t->orig[i];
        fputc(c == '\n' || c == '\r' || c == '\t' ? ' ' : c, f);
    }
    fprintf(f, "  %s  %s  %s  %s  %s\n", lo, hi, rk_exactness_name(n->exactness),
            n->unit ? n->unit : "-", rk_kind_name(n->kind));
}

rk_status rk_dump_numbers(const rk_document *doc, const rk_text *t, const rk_numlist *nums,
                          int json, FILE *f, rk_error *err)
{
    if (json)
        fputs("{\"numbers\":[", f);
    for (size_t i = 0; i < nums->n; i++) {
        if (!json) {
            number_line(t, &nums->items[i], f);
            continue;
        }
        fputs(i ? ",\n" : "\n", f);
        rk_status st = rk_dump_number_json(doc, t, &nums->items[i], f, err);
        if (st != RK_OK)
            return st;
    }
    if (json)
        fputs(nums->n ? "\n]}\n" : "]}\n", f);
    return ferror(f) ? rk_error_set(err, RK_ERR_IO, NULL, 0, 0, "write error") : RK_OK;
}
