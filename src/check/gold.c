/* gold.c - loading gold and negatives files (JSON Lines) with exact
 * path:line:col diagnostics. */
#include "gold.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/utf8.h"

/* The keys of each kind of line, in the order they are checked. */
static const char *const gold_keys[] = {"file", "quote", "number_text", "low", "high",
                                        "exactness", "quantity", "subject", "unit",
                                        "attributed_to", "as_of", NULL};
static const char *const neg_keys[] = {"file", "quote", "number_text", "kind", NULL};

/* One line being parsed: where it is, for diagnostics. */
typedef struct line_ctx {
    const char *path;
    const char *text;
    size_t len;
    long lineno;
} line_ctx;

/* Column (1-based, in code points) of byte offset off of the line. */
static long col_of(const line_ctx *lc, size_t off)
{
    long line, col;
    rk_utf8_line_col(lc->text, lc->len, off > lc->len ? lc->len : off, &line, &col);
    return col;
}

/* Column of `"key"` used as a key (followed by ':'), or 1. */
static long key_col(const line_ctx *lc, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl + 2 <= lc->len; i++) {
        if (lc->text[i] != '"' || memcmp(lc->text + i + 1, key, kl) != 0 ||
            lc->text[i + 1 + kl] != '"')
            continue;
        size_t j = i + kl + 2;
        while (j < lc->len && (lc->text[j] == ' ' || lc->text[j] == '\t'))
            j++;
        if (j < lc->len && lc->text[j] == ':')
            return col_of(lc, i);
    }
    return 1;
}

static rk_status line_error(const line_ctx *lc, long col, rk_error *err, const char *msg,
                            const char *key)
{
    return rk_error_set(err, RK_ERR_PARSE, lc->path, lc->lineno, col, msg, key);
}

/* A string-or-null key: *out is a copy or NULL. required: null refused. */
static rk_status get_str(const line_ctx *lc, const cJSON *o, const char *key, int required,
                         char **out, rk_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!v)
        return line_error(lc, 1, err, "missing key \"%s\"", key);
    if (cJSON_IsNull(v) && !required)
        return RK_OK;
    if (!cJSON_IsString(v) || (required && !v->valuestring[0]))
        return line_error(lc, key_col(lc, key), err,
                          required ? "\"%s\" must be a non-empty string"
                                   : "\"%s\" must be a string or null", key);
    if (!(*out = rk_strdup(v->valuestring)))
        return rk_error_set(err, RK_ERR_NOMEM, lc->path, lc->lineno, 0, "out of memory");
    return RK_OK;
}

static rk_status get_num(const line_ctx *lc, const cJSON *o, const char *key, double *out,
                         uint8_t *has, rk_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    *has = 0;
    if (!v)
        return line_error(lc, 1, err, "missing key \"%s\"", key);
    if (cJSON_IsNull(v))
        return RK_OK;
    if (!cJSON_IsNumber(v))
        return line_error(lc, key_col(lc, key), err, "\"%s\" must be a number or null", key);
    *out = v->valuedouble;
    *has = 1;
    return RK_OK;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
static int is_partial_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    }
    return 1;
}

static rk_status check_keys(const line_ctx *lc, const cJSON *o, const char *const *keys,
                            rk_error *err)
{
    for (const cJSON *c = o->child; c; c = c->next) {
        int known = strcmp(c->string, "note") == 0;
        for (size_t k = 0; keys[k] && !known; k++)
            known = strcmp(c->string, keys[k]) == 0;
        if (!known)
            return line_error(lc, key_col(lc, c->string), err, "unknown key \"%s\"", c->string);
    }
    return RK_OK;
}

static void item_clear(rk_gold_item *it)
{
    free(it->file);
    free(it->quote);
    free(it->number_text);
    free(it->exactness);
    free(it->quantity);
    free(it->subject);
    free(it->unit);
    free(it->attributed_to);
    free(it->as_of);
}

static void neg_clear(rk_negative *ng)
{
    free(ng->file);
    free(ng->quote);
    free(ng->number_text);
    free(ng->kind);
}

static rk_status read_item(const line_ctx *lc, const cJSON *o, rk_gold_item *it, rk_error *err)
{
    rk_status st;
    it->line = lc->lineno;
    if ((st = get_str(lc, o, "file", 1, &it->file, err)) ||
        (st = get_str(lc, o, "quote", 1, &it->quote, err)) ||
        (st = get_str(lc, o, "number_text", 1, &it->number_text, err)) ||
        (st = get_num(lc, o, "low", &it->low, &it->has_low, err)) ||
        (st = get_num(lc, o, "high", &it->high, &it->has_high, err)) ||
        (st = get_str(lc, o, "exactness", 0, &it->exactness, err)) ||
        (st = get_str(lc, o, "quantity", 0, &it->quantity, err)) ||
        (st = get_str(lc, o, "subject", 0, &it->subject, err)) ||
        (st = get_str(lc, o, "unit", 0, &it->unit, err)) ||
        (st = get_str(lc, o, "attributed_to", 0, &it->attributed_to, err)) ||
        (st = get_str(lc, o, "as_of", 0, &it->as_of, err)))
        return st;
    if (it->has_low && it->has_high && it->low > it->high)
        return line_error(lc, key_col(lc, "low"), err, "\"%s\" is greater than \"high\"", "low");
    if (it->as_of && !is_partial_date(it->as_of))
        return line_error(lc, key_col(lc, "as_of"), err,
                          "\"%s\" must be a date YYYY-MM-DD, YYYY-MM or YYYY", "as_of");
    return RK_OK;
}

static rk_status read_negative(const line_ctx *lc, const cJSON *o, rk_negative *ng,
                               rk_error *err)
{
    rk_status st;
    ng->line = lc->lineno;
    if ((st = get_str(lc, o, "file", 1, &ng->file, err)) ||
        (st = get_str(lc, o, "quote", 1, &ng->quote, err)) ||
        (st = get_str(lc, o, "number_text", 1, &ng->number_text, err)) ||
        (st = get_str(lc, o, "kind", 0, &ng->kind, err)))
        return st;
    return RK_OK;
}

/* Makes room for one more item or negative. */
static int grow(rk_gold *g, int negatives, size_t *cap)
{
    size_t n = negatives ? g->n_negs : g->n_items;
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    void *p = negatives ? realloc(g->negs, c * sizeof *g->negs)
                        : realloc(g->items, c * sizeof *g->items);
    if (!p)
        return -1;
    if (negatives)
        g->negs = p;
    else
        g->items = p;
    *cap = c;
    return 0;
}

static rk_status parse_line(rk_gold *g, const line_ctx *lc, int negatives, size_t *cap,
                            rk_error *err)
{
    const char *end = NULL;
    rk_status st = RK_OK;
    cJSON *o = cJSON_ParseWithLengthOpts(lc->text, lc->len, &end, 0);
    if (!o) {
        size_t off = end && end >= lc->text ? (size_t)(end - lc->text) : 0;
        return line_error(lc, col_of(lc, off), err, "%s", "malformed JSON");
    }
    size_t rest = (size_t)(end - lc->text);
    while (rest < lc->len && (lc->text[rest] == ' ' || lc->text[rest] == '\t'))
        rest++;
    if (rest < lc->len) {
        st = line_error(lc, col_of(lc, rest), err, "%s", "unexpected text after the JSON object");
        goto done;
    }
    if (!cJSON_IsObject(o)) {
        st = line_error(lc, 1, err, "%s", "expected a JSON object");
        goto done;
    }
    if ((st = check_keys(lc, o, negatives ? neg_keys : gold_keys, err)) != RK_OK)
        goto done;
    if (grow(g, negatives, cap) < 0) {
        st = rk_error_set(err, RK_ERR_NOMEM, lc->path, lc->lineno, 0, "out of memory");
        goto done;
    }
    if (negatives) {
        rk_negative *ng = &g->negs[g->n_negs++];
        memset(ng, 0, sizeof *ng);
        st = read_negative(lc, o, ng, err);
    } else {
        rk_gold_item *it = &g->items[g->n_items++];
        memset(it, 0, sizeof *it);
        st = read_item(lc, o, it, err);
    }
done:
    cJSON_Delete(o);
    return st;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

rk_status rk_gold_parse(const char *path, const char *data, size_t len, int negatives,
                        rk_gold **out, rk_error *err)
{
    *out = NULL;
    size_t bad, cap = 0;
    if (!rk_utf8_valid(data, len, &bad)) {
        long line, col;
        rk_utf8_line_col(data, bad, bad, &line, &col);
        return rk_error_set(err, RK_ERR_UTF8, path, line, col, "invalid UTF-8");
    }
    rk_gold *g = calloc(1, sizeof *g);
    if (!g || !(g->path = rk_strdup(path))) {
        free(g);
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    rk_status st = RK_OK;
    long lineno = 0;
    for (size_t i = 0; i < len && st == RK_OK;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
        line_ctx lc = {path, data + i, n, ++lineno};
        if (lc.len && lc.text[lc.len - 1] == '\r')
            lc.len--;
        if (!blank(lc.text, lc.len))
            st = parse_line(g, &lc, negatives, &cap, err);
        i += n + 1;
    }
    if (st != RK_OK) {
        rk_gold_free(g);
        return st;
    }
    *out = g;
    return RK_OK;
}

static rk_status load(const char *path, int negatives, rk_gold **out, rk_error *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    rk_status st = rk_file_read(path, 0, &data, &len, err);
    if (st == RK_OK)
        st = rk_gold_parse(path, data, len, negatives, out, err);
    free(data);
    return st;
}

rk_status rk_gold_load(const char *path, rk_gold **out, rk_error *err)
{
    return load(path, 0, out, err);
}

rk_status rk_negatives_load(const char *path, rk_gold **out, rk_error *err)
{
    return load(path, 1, out, err);
}

void rk_gold_free(rk_gold *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_items; i++)
        item_clear(&g->items[i]);
    for (size_t i = 0; i < g->n_negs; i++)
        neg_clear(&g->negs[i]);
    free(g->items);
    free(g->negs);
    free(g->path);
    free(g);
}
