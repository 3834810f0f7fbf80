/* baseline.c - the scores each fixture reached when its gold was written
 * (fixtures/scores.json): reading, writing and comparing. */
#include "check.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stddef.h>
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

/* The counts of an event folder's claim figures and of relation figures, by
 * their key in the file. */
typedef struct count_key {
    const char *key;
    size_t off;
} count_key;

#define CK(T, F) {#F, offsetof(T, F)}
static const count_key claim_keys[] = {
    CK(rk_claim_figures, gold), CK(rk_claim_figures, found), CK(rk_claim_figures, value),
    CK(rk_claim_figures, quantity), CK(rk_claim_figures, subject_of),
    CK(rk_claim_figures, subject), CK(rk_claim_figures, attrib_of), CK(rk_claim_figures, attrib),
    CK(rk_claim_figures, event_claims), CK(rk_claim_figures, event_matched),
    CK(rk_claim_figures, negatives), CK(rk_claim_figures, negatives_wrong), {NULL, 0}};
static const count_key relation_keys[] = {
    {"contradicts", offsetof(rk_relation_headline, contra_gold)},
    {"contradicts_called", offsetof(rk_relation_headline, contra_called)},
    {"contradicts_right", offsetof(rk_relation_headline, contra_right)},
    {"rising", offsetof(rk_relation_headline, rising_gold)},
    {"rising_found", offsetof(rk_relation_headline, rising_found)},
    {"part_of", offsetof(rk_relation_headline, part_gold)},
    {"part_of_found", offsetof(rk_relation_headline, part_found)},
    {"different", offsetof(rk_relation_headline, different_gold)},
    {"different_apart", offsetof(rk_relation_headline, different_apart)},
    {NULL, 0}};
#undef CK

static size_t *count_at(void *base, const count_key *k)
{
    return (size_t *)((char *)base + k->off);
}

/* Reads the counts keys of o into base; returns the key that is wrong, or
 * NULL. */
static const char *read_counts(const cJSON *o, const count_key *keys, void *base)
{
    for (const count_key *k = keys; k->key; k++)
        if (get_count(o, k->key, count_at(base, k)) < 0)
            return k->key;
    return NULL;
}

/* Reads the optional "claims" and "relations" members. */
static rk_status read_figures(rk_baseline *b, const cJSON *root, const char *data, size_t len,
                              rk_error *err)
{
    const char *names[2] = {"claims", "relations"};
    for (int i = 0; i < 2; i++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, names[i]);
        long line, col;
        size_t at;
        if (!o)
            continue;
        locate(data, len, 0, names[i], &line, &col, &at);
        const char *bad = !cJSON_IsObject(o) ? names[i]
                          : i == 0 ? read_counts(o, claim_keys, &b->claims)
                                   : get_count(o, "pairs", &b->relation_pairs) < 0
                                         ? "pairs"
                                         : read_counts(o, relation_keys, &b->relations);
        if (bad) {
            locate(data, len, at, bad, &line, &col, &at);
            return rk_error_set(err, RK_ERR_PARSE, b->path, line, col,
                                "\"%s\" of %s must hold non-negative integer counts", bad,
                                names[i]);
        }
        if (i == 0)
            b->claims_line = line;
        else
            b->relations_line = line;
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
    } else if (!cJSON_IsObject(fx) &&
               (fx || !cJSON_GetObjectItemCaseSensitive(root, "claims"))) {
        locate(data, len, 0, "fixtures", &line, &col, &at);
        st = rk_error_set(err, RK_ERR_PARSE, path, line, col,
                          "expected an object \"fixtures\" of fixture names");
    } else if ((st = read_figures(b, root, data, len, err)) == RK_OK && fx) {
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

/* One figure against its baseline: num/den below num0/den0 is a regression. */
static int compare_ratio(const rk_baseline *b, long line, rk_check_run *run, const char *what,
                         size_t num, size_t den, size_t num0, size_t den0)
{
    if (!rk_ratio_less(num, den, num0, den0))
        return 0;
    run->regressions++;
    return rk_findings_add(&run->findings, b->path, line, 0, 1,
                           "%s %zu/%zu (%.3f) is below its baseline %zu/%zu (%.3f)", what, num,
                           den, ratio(num, den), num0, den0, ratio(num0, den0));
}

/* The event folder's claim figures and either folder's relation figures. */
static int compare_figures(const rk_baseline *b, rk_check_run *run)
{
    int rc = 0;
    const rk_claim_figures *c = &run->claims, *c0 = &b->claims;
    long cl = b->claims_line;
    if (run->has_claims && !cl)
        rc = rk_findings_add(&run->findings, b->path, 0, 0, 0,
                             "the claim figures have no baseline yet; record them with "
                             "--update-baseline");
    else if (!run->has_claims && cl) {
        run->regressions++;
        rc = rk_findings_add(&run->findings, b->path, cl, 0, 1,
                             "claims: no gold claims were scored; update the baseline");
    } else if (cl) {
        rc |= compare_ratio(b, cl, run, "claims: found", c->found, c->gold, c0->found, c0->gold);
        rc |= compare_ratio(b, cl, run, "claims: value", c->value, c->gold, c0->value, c0->gold);
        rc |= compare_ratio(b, cl, run, "claims: quantity", c->quantity, c->gold, c0->quantity,
                            c0->gold);
        rc |= compare_ratio(b, cl, run, "claims: subject", c->subject, c->subject_of,
                            c0->subject, c0->subject_of);
        rc |= compare_ratio(b, cl, run, "claims: attrib", c->attrib, c->attrib_of, c0->attrib,
                            c0->attrib_of);
        rc |= compare_ratio(b, cl, run, "claims: event_precision", c->event_matched,
                            c->event_claims, c0->event_matched, c0->event_claims);
        if (c->negatives_wrong > c0->negatives_wrong) {
            run->regressions++;
            rc |= rk_findings_add(&run->findings, b->path, cl, 0, 1,
                                  "claims: negatives_wrong %zu/%zu is above its baseline %zu/%zu",
                                  c->negatives_wrong, c->negatives, c0->negatives_wrong,
                                  c0->negatives);
        }
    }
    rk_relation_headline h;
    rk_relation_headline_of(&run->relations, &h);
    const rk_relation_headline *h0 = &b->relations;
    long rl = b->relations_line;
    if (run->has_relations && !rl)
        rc |= rk_findings_add(&run->findings, b->path, 0, 0, 0,
                              "the relation figures have no baseline yet; record them with "
                              "--update-baseline");
    else if (!run->has_relations && rl) {
        run->regressions++;
        rc |= rk_findings_add(&run->findings, b->path, rl, 0, 1,
                              "relations: none were scored; update the baseline");
    } else if (rl) {
        rc |= compare_ratio(b, rl, run, "relations: contradicts precision", h.contra_right,
                            h.contra_called, h0->contra_right, h0->contra_called);
        rc |= compare_ratio(b, rl, run, "relations: contradicts recall", h.contra_found,
                            h.contra_gold, h0->contra_right, h0->contra_gold);
        rc |= compare_ratio(b, rl, run, "relations: rising recall", h.rising_found,
                            h.rising_gold, h0->rising_found, h0->rising_gold);
        rc |= compare_ratio(b, rl, run, "relations: part_of recall", h.part_found, h.part_gold,
                            h0->part_found, h0->part_gold);
        rc |= compare_ratio(b, rl, run, "relations: different kept apart", h.different_apart,
                            h.different_gold, h0->different_apart, h0->different_gold);
    }
    return rc < 0 ? -1 : 0;
}

rk_status rk_baseline_compare(const rk_baseline *b, rk_check_run *run, rk_error *err)
{
    int rc = compare_figures(b, run);
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

/* "NAME": {"key": count, ...} from keys over base, wrapped after width
 * columns. */
static int render_counts(rk_buf *b, const char *name, const count_key *keys, const void *base,
                         size_t pairs)
{
    size_t col = 0;
    int rc = rk_buf_printf(b, "  \"%s\": {", name);
    if (pairs != (size_t)-1) {
        rc |= rk_buf_printf(b, "\"pairs\": %zu, ", pairs);
        col++;
    }
    for (const count_key *k = keys; k->key; k++) {
        size_t v = *(const size_t *)((const char *)base + k->off);
        if (col >= 4) {
            rc |= rk_buf_puts(b, "\n    ");
            col = 0;
        }
        rc |= rk_buf_printf(b, "\"%s\": %zu%s", k->key, v, k[1].key ? (col == 3 ? "," : ", ") : "");
        col++;
    }
    rc |= rk_buf_puts(b, "}");
    return rc < 0 ? -1 : 0;
}

/* An event folder's baseline: its claim and relation figures. */
static int render_event(rk_buf *b, const rk_check_run *run)
{
    rk_relation_headline h;
    rk_relation_headline_of(&run->relations, &h);
    int rc = rk_buf_puts(b, "{\n");
    if (run->has_claims)
        rc |= render_counts(b, "claims", claim_keys, &run->claims, (size_t)-1);
    if (run->has_relations) {
        rc |= rk_buf_puts(b, run->has_claims ? ",\n" : "");
        rc |= render_counts(b, "relations", relation_keys, &h, run->relations.pairs);
    }
    rc |= rk_buf_puts(b, "\n}\n");
    return rc < 0 ? -1 : 0;
}

rk_status rk_baseline_render(const rk_check_run *run, char **out, size_t *len, rk_error *err)
{
    rk_buf b = RK_BUF_INIT;
    if (run->event) {
        if (render_event(&b, run) < 0) {
            rk_buf_free(&b);
            return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
        *out = rk_buf_detach(&b, len);
        return *out ? RK_OK : rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
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
    rc |= rk_buf_puts(&b, "  }");
    if (run->has_relations) {
        rk_relation_headline h;
        rk_relation_headline_of(&run->relations, &h);
        rc |= rk_buf_puts(&b, ",\n");
        rc |= render_counts(&b, "relations", relation_keys, &h, run->relations.pairs);
    }
    rc |= rk_buf_puts(&b, "\n}\n");
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
