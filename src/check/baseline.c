/* baseline.c - the scores each fixture reached when its gold was written
 * (fixtures/scores.json): reading, writing and comparing. */
#include "check.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/buf.h"
#include "core/out.h"
#include "core/utf8.h"

/* The three count tables of a score, by their key in the file. */
static const char *const table_keys[3] = {"found", "precise", "typed_precise"};

static size_t *score_table(rk_score *s, int t)
{
    return t == 0 ? s->found : t == 1 ? s->precise : s->typed_precise;
}

static const size_t *score_table_c(const rk_score *s, int t)
{
    return t == 0 ? s->found : t == 1 ? s->precise : s->typed_precise;
}

/* Line and column of the first `"key":` at or after byte from, for
 * messages; *at gets its offset (from when it is not found). */
static void locate(const char *data, size_t len, size_t from, const char *key, long *line,
                   long *col, size_t *at)
{
    rk_buf b = RK_BUF_INIT;
    *at = from;
    rk_utf8_line_col(data, len, from, line, col);
    if (rk_buf_printf(&b, "\"%s\"", key) < 0)
        return;
    for (size_t i = from; i + b.len <= len; i++) {
        if (memcmp(data + i, b.data, b.len) != 0)
            continue;
        size_t j = i + b.len;
        while (j < len && (data[j] == ' ' || data[j] == '\t'))
            j++;
        if (j < len && data[j] == ':') {
            rk_utf8_line_col(data, len, i, line, col);
            *at = i;
            break;
        }
    }
    rk_buf_free(&b);
}

static int get_count(const cJSON *o, const char *key, size_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble != (double)(size_t)v->valuedouble)
        return -1;
    *out = (size_t)v->valuedouble;
    return 0;
}

/* Reads one fixture's object; returns the key that is wrong, or NULL. */
static const char *read_entry(const cJSON *o, rk_score *s)
{
    if (!cJSON_IsObject(o))
        return o->string;
    if (get_count(o, "gold", &s->gold) < 0)
        return "gold";
    if (get_count(o, "claims", &s->claims) < 0)
        return "claims";
    if (get_count(o, "typed", &s->typed) < 0)
        return "typed";
    for (int t = 0; t < 3; t++) {
        const cJSON *tab = cJSON_GetObjectItemCaseSensitive(o, table_keys[t]);
        if (!cJSON_IsObject(tab))
            return table_keys[t];
        for (int f = RK_GOLD_NUMBER; f < RK_GOLD_END; f++)
            if (get_count(tab, rk_gold_field_name((rk_gold_field)f), &score_table(s, t)[f]) < 0)
                return rk_gold_field_name((rk_gold_field)f);
    }
    return NULL;
}

void rk_baseline_free(rk_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        free(b->v[i].name);
    free(b->v);
    free(b->path);
    free(b);
}

static rk_status read_entries(rk_baseline *b, const cJSON *fx, const char *data, size_t len,
                              rk_error *err)
{
    size_t n = (size_t)cJSON_GetArraySize(fx), at;
    long line, col;
    b->v = calloc(n ? n : 1, sizeof *b->v);
    if (!b->v)
        return rk_error_set(err, RK_ERR_NOMEM, b->path, 0, 0, "out of memory");
    for (const cJSON *o = fx->child; o; o = o->next) {
        rk_baseline_entry *e = &b->v[b->n];
        locate(data, len, 0, o->string, &line, &col, &at);
        if (!(e->name = rk_strdup(o->string)))
            return rk_error_set(err, RK_ERR_NOMEM, b->path, 0, 0, "out of memory");
        e->line = line;
        b->n++;
        const char *bad = read_entry(o, &e->score);
        if (bad) {
            locate(data, len, at, bad, &line, &col, &at);
            return rk_error_set(err, RK_ERR_PARSE, b->path, line, col,
                                "\"%s\" of %s must hold non-negative integer counts", bad,
                                o->string);
        }
    }
    return RK_OK;
}

rk_status rk_baseline_parse(const char *path, const char *data, size_t len, rk_baseline **out,
                            rk_error *err)
{
    const char *end = NULL;
    long line, col;
    size_t at;
    rk_status st = RK_OK;
    *out = NULL;
    rk_baseline *b = calloc(1, sizeof *b);
    if (!b || !(b->path = rk_strdup(path))) {
        free(b);
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    cJSON *root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
    const cJSON *fx = root ? cJSON_GetObjectItemCaseSensitive(root, "fixtures") : NULL;
    if (!root) {
        size_t off = end && end >= data ? (size_t)(end - data) : 0;
        rk_utf8_line_col(data, len, off > len ? len : off, &line, &col);
        st = rk_error_set(err, RK_ERR_PARSE, path, line, col, "malformed JSON");
    } else if (!cJSON_IsObject(fx)) {
        locate(data, len, 0, "fixtures", &line, &col, &at);
        st = rk_error_set(err, RK_ERR_PARSE, path, line, col,
                          "expected an object \"fixtures\" of fixture names");
    } else {
        st = read_entries(b, fx, data, len, err);
    }
    cJSON_Delete(root);
    if (st != RK_OK) {
        rk_baseline_free(b);
        return st;
    }
    *out = b;
    return RK_OK;
}

rk_status rk_baseline_load(const char *path, rk_baseline **out, rk_error *err)
{
    char *data = NULL;
    size_t len = 0;
    struct stat sb;
    *out = NULL;
    if (stat(path, &sb) != 0 && errno == ENOENT) /* no baseline yet: every fixture is new */
        return rk_baseline_parse(path, "{\"fixtures\": {}}", 16, out, err);
    rk_status st = rk_file_read(path, 0, &data, &len, err);
    if (st == RK_OK)
        st = rk_baseline_parse(path, data, len, out, err);
    free(data);
    return st;
}

static const char *const metric_names[3] = {"recall", "precision", "typed precision"};

/* Metric t (recall, precision, typed precision) of field f as a ratio. */
static void metric(const rk_score *s, int t, int f, size_t *num, size_t *den)
{
    *num = score_table_c(s, t)[f];
    *den = t == 0 ? s->gold : t == 1 ? s->claims : s->typed;
}

static double ratio(size_t num, size_t den)
{
    return den ? (double)num / (double)den : 1.0;
}

static const rk_baseline_entry *find_entry(const rk_baseline *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->v[i].name, name) == 0)
            return &b->v[i];
    return NULL;
}

static int compare_one(const rk_baseline *b, const rk_baseline_entry *e,
                       const rk_fixture_result *r, rk_check_run *run)
{
    for (int t = 0; t < 3; t++) {
        for (int f = RK_GOLD_NUMBER; f < RK_GOLD_END; f++) {
            size_t n1, d1, n0, d0;
            metric(&r->score, t, f, &n1, &d1);
            metric(&e->score, t, f, &n0, &d0);
            if (!rk_ratio_less(n1, d1, n0, d0))
                continue;
            run->regressions++;
            if (rk_findings_add(&run->findings, b->path, e->line, 0, 1,
                                "%s: %s %s %zu/%zu (%.3f) is below its baseline %zu/%zu (%.3f)",
                                r->name, rk_gold_field_name((rk_gold_field)f), metric_names[t], n1, d1,
                                ratio(n1, d1), n0, d0, ratio(n0, d0)) < 0)
                return -1;
        }
    }
    return 0;
}

/* 1 when the run has a fixture with a gold file called name. */
static int has_gold_fixture(const rk_check_run *run, const char *name)
{
    for (size_t i = 0; i < run->n; i++)
        if (run->v[i].gold_path && strcmp(run->v[i].name, name) == 0)
            return 1;
    return 0;
}

rk_status rk_baseline_compare(const rk_baseline *b, rk_check_run *run, rk_error *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < run->n; i++) {
        const rk_fixture_result *r = &run->v[i];
        if (!r->gold_path)
            continue;
        const rk_baseline_entry *e = find_entry(b, r->name);
        if (e)
            rc = compare_one(b, e, r, run);
        else
            rc = rk_findings_add(&run->findings, b->path, 0, 0, 0,
                                 "%s has no baseline yet; record it with --update-baseline",
                                 r->name);
    }
    for (size_t i = 0; rc == 0 && i < b->n; i++) {
        if (has_gold_fixture(run, b->v[i].name))
            continue;
        run->regressions++;
        rc = rk_findings_add(&run->findings, b->path, b->v[i].line, 0, 1,
                             "%s: no such fixture with a gold file; update the baseline",
                             b->v[i].name);
    }
    return rc == 0 ? RK_OK : rk_error_set(err, RK_ERR_NOMEM, b->path, 0, 0, "out of memory");
}

/* Writes s as a JSON string. */
static int put_json_str(rk_buf *b, const char *s)
{
    int rc = rk_buf_putc(b, '"');
    for (; rc == 0 && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            rc = rk_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            rc = rk_buf_printf(b, "\\u%04x", c);
        else
            rc = rk_buf_putc(b, (char)c);
    }
    return rc < 0 ? -1 : rk_buf_putc(b, '"');
}

static int cmp_results(const void *a, const void *b)
{
    return strcmp((*(const rk_fixture_result *const *)a)->name,
                  (*(const rk_fixture_result *const *)b)->name);
}

static int render_entry(rk_buf *b, const rk_fixture_result *r, int last)
{
    const rk_score *s = &r->score;
    int rc = rk_buf_puts(b, "    ");
    rc |= put_json_str(b, r->name);
    rc |= rk_buf_printf(b, ": {\"gold\": %zu, \"claims\": %zu, \"typed\": %zu", s->gold, s->claims,
                        s->typed);
    for (int t = 0; t < 3; t++) {
        rc |= rk_buf_printf(b, ",\n      \"%s\": {", table_keys[t]);
        for (int f = RK_GOLD_NUMBER; f < RK_GOLD_END; f++)
            rc |= rk_buf_printf(b, "%s\"%s\": %zu", f == RK_GOLD_NUMBER ? "" : ", ",
                                rk_gold_field_name((rk_gold_field)f), score_table_c(s, t)[f]);
        rc |= rk_buf_puts(b, "}");
    }
    rc |= rk_buf_puts(b, last ? "}\n" : "},\n");
    return rc < 0 ? -1 : 0;
}

rk_status rk_baseline_render(const rk_check_run *run, char **out, size_t *len, rk_error *err)
{
    rk_buf b = RK_BUF_INIT;
    size_t n = 0;
    const rk_fixture_result **v = malloc((run->n ? run->n : 1) * sizeof *v);
    int rc = v ? 0 : -1;
    for (size_t i = 0; v && i < run->n; i++)
        if (run->v[i].gold_path)
            v[n++] = &run->v[i];
    if (n)
        qsort(v, n, sizeof *v, cmp_results);
    rc |= rk_buf_puts(&b, "{\n  \"fields\": [");
    for (int f = RK_GOLD_NUMBER; rc == 0 && f < RK_GOLD_END; f++)
        rc |= rk_buf_printf(&b, "%s\"%s\"", f == RK_GOLD_NUMBER ? "" : ", ", rk_gold_field_name((rk_gold_field)f));
    rc |= rk_buf_puts(&b, "],\n  \"fixtures\": {\n");
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = render_entry(&b, v[i], i + 1 == n);
    rc |= rk_buf_puts(&b, "  }\n}\n");
    free(v);
    if (rc < 0) {
        rk_buf_free(&b);
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = rk_buf_detach(&b, len);
    return *out ? RK_OK : rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

rk_status rk_baseline_write(const rk_check_run *run, const char *path, rk_error *err)
{
    char *data = NULL;
    size_t len = 0;
    rk_status st = rk_baseline_render(run, &data, &len, err);
    if (st == RK_OK)
        st = rk_file_write_atomic(path, data, len, err);
    free(data);
    return st;
}
