/* event.c - an event folder's annotation files, and its claims scored the
 * way the corpora's claim scorer scores them: the same location of a gold
 * number, the same choice among overlapping claims, the same tests of
 * interval, quantity, subject class and attribution words. */
#include "event.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucasemap.h>
#include "core/buf.h"
#include "core/utf8.h"

/* ---- annotation files ---------------------------------------------------- */

void rk_annotations_free(rk_annotations *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++)
        cJSON_Delete(a->v[i].obj);
    free(a->v);
    free(a->path);
    free(a);
}

/* Column (code points, 1-based) of `"key":` in the line, or 1. */
static long key_column(const char *text, size_t len, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl + 2 <= len; i++) {
        if (text[i] != '"' || memcmp(text + i + 1, key, kl) != 0 || text[i + 1 + kl] != '"')
            continue;
        long line, col;
        rk_utf8_line_col(text, len, i, &line, &col);
        return col;
    }
    return 1;
}

static int is_str(const cJSON *o, const char *key, int nullable)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        return nullable == 2;
    if (cJSON_IsNull(v))
        return nullable >= 1;
    return cJSON_IsString(v) && (nullable || v->valuestring[0]);
}

static int is_num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return !v || cJSON_IsNull(v) || cJSON_IsNumber(v);
}

/* The key of o that is missing or mistyped for kind, or NULL. The gold
 * fields the scorers read must be there; the others may be left out. */
static const char *bad_key(const cJSON *o, const char *kind)
{
    static const char *const located[] = {"file", "quote", "number_text", NULL};
    if (strcmp(kind, "relations") == 0) {
        const char *sides[2] = {"a", "b"};
        for (int s = 0; s < 2; s++) {
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, sides[s]);
            if (!cJSON_IsObject(x))
                return sides[s];
            for (int k = 0; located[k]; k++)
                if (!is_str(x, located[k], 0))
                    return sides[s];
        }
        return is_str(o, "relation", 0) ? NULL : "relation";
    }
    for (int k = 0; located[k]; k++)
        if (!is_str(o, located[k], 0))
            return located[k];
    if (strcmp(kind, "gold") != 0)
        return NULL;
    if (!is_str(o, "quantity", 1))
        return "quantity";
    if (!is_str(o, "subject", 1))
        return "subject";
    static const char *const opt_str[] = {"exactness", "attributed_to", "attributed_to_native",
                                          NULL};
    for (int k = 0; opt_str[k]; k++)
        if (!is_str(o, opt_str[k], 2))
            return opt_str[k];
    static const char *const nums[] = {"low", "high", "value", NULL};
    for (int k = 0; nums[k]; k++)
        if (!is_num(o, nums[k]))
            return nums[k];
    return NULL;
}

static rk_status nomem(rk_error *err, const char *path)
{
    return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
}

/* Parses one line into a, or adds a finding; -1 on OOM. */
static int parse_one(rk_annotations *a, const char *kind, const char *text, size_t len,
                     long lineno, size_t *cap, rk_findings *fs)
{
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!o || !cJSON_IsObject(o)) {
        long line, col = 1;
        if (!o && end && end >= text)
            rk_utf8_line_col(text, len, (size_t)(end - text) > len ? len : (size_t)(end - text),
                             &line, &col);
        cJSON_Delete(o);
        return rk_findings_add(fs, a->path, lineno, col, 1, "%s",
                               o ? "expected a JSON object" : "malformed JSON");
    }
    const char *bad = bad_key(o, kind);
    if (bad) {
        cJSON_Delete(o);
        return rk_findings_add(fs, a->path, lineno, key_column(text, len, bad), 1,
                               "\"%s\" is missing or of the wrong type", bad);
    }
    rk_annotation *v = rk_array_grow(a->v, cap, a->n + 1, sizeof *v, 32);
    if (!v) {
        cJSON_Delete(o);
        return -1;
    }
    a->v = v;
    a->v[a->n].line = lineno;
    a->v[a->n++].obj = o;
    return 0;
}

rk_status rk_annotations_parse(const char *path, const char *kind, const char *data, size_t len,
                               rk_annotations **out, rk_findings *findings, rk_error *err)
{
    *out = NULL;
    rk_annotations *a = calloc(1, sizeof *a);
    if (!a || !(a->path = rk_strdup(path))) {
        free(a);
        return nomem(err, path);
    }
    size_t bad, cap = 0;
    if (!rk_utf8_valid(data, len, &bad)) {
        long line, col;
        rk_utf8_line_col(data, len, bad, &line, &col);
        if (rk_findings_add(findings, path, line, col, 1, "invalid UTF-8") < 0) {
            rk_annotations_free(a);
            return nomem(err, path);
        }
        *out = a;
        return RK_OK;
    }
    long lineno = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i, m = n;
        lineno++;
        while (m && (data[i + m - 1] == '\r' || data[i + m - 1] == ' ' || data[i + m - 1] == '\t'))
            m--;
        size_t s = 0;
        while (s < m && (data[i + s] == ' ' || data[i + s] == '\t'))
            s++;
        if (s < m && parse_one(a, kind, data + i, m, lineno, &cap, findings) < 0) {
            rk_annotations_free(a);
            return nomem(err, path);
        }
        i += n + 1;
    }
    *out = a;
    return RK_OK;
}

rk_status rk_annotations_load(const char *path, const char *kind, rk_annotations **out,
                              rk_findings *findings, rk_error *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    rk_status st = rk_file_read(path, 0, &data, &len, err);
    if (st == RK_OK)
        st = rk_annotations_parse(path, kind, data, len, out, findings, err);
    free(data);
    return st;
}

/* ---- reading the report ---------------------------------------------------- */

/* The string member key of o, or NULL (null, absent, not a string). */
static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The number member key of o: 1 and *out when it is a number. */
static int num_of(const cJSON *o, const char *key, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v))
        return 0;
    *out = v->valuedouble;
    return 1;
}

/* The claim's [start, end) byte span; 0 when it has none. */
static int span_of(const cJSON *c, double *a, double *b)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(c, "span");
    if (!cJSON_IsArray(s) || cJSON_GetArraySize(s) < 2)
        return 0;
    const cJSON *x = cJSON_GetArrayItem(s, 0), *y = cJSON_GetArrayItem(s, 1);
    if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y))
        return 0;
    *a = x->valuedouble;
    *b = y->valuedouble;
    return 1;
}

/* Null and equal strings compare equal ("==" on two optional values). */
static int same_opt(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* A truthy string: present and not empty. */
static int truthy(const char *s)
{
    return s && s[0];
}

/* ---- the tests of one matched claim -------------------------------------- */

static const char *const event_quantities[] = {
    "deaths", "injured", "detained", "troops", "attackers", "beheaded", "missing", "displaced",
    "buildings_damaged", "buildings_destroyed", "homeless", "rescued", "aboard",
    "bodies_recovered", "apartments_damaged", NULL};

static int is_event_quantity(const char *q)
{
    for (int i = 0; q && event_quantities[i]; i++)
        if (strcmp(q, event_quantities[i]) == 0)
            return 1;
    return 0;
}

/* Lower-cases ASCII and turns spaces into underscores. NULL on OOM. */
static char *subject_key(const char *s)
{
    char *r = rk_strdup(s);
    for (char *p = r; p && *p; p++)
        *p = *p == ' ' ? '_' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
    return r;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Whether the predicted subject falls in the gold subject's class: equal;
 * for a gold class (security forces, protesters, people, civilians, armed
 * groups) a word of the class inside the prediction; for any other label,
 * the first four characters of its first part (a nationality: "russian_troops"
 * wants "russ"). */
static int subject_ok(const char *gold, const char *pred, int *oom)
{
    static const struct {
        const char *key;
        const char *words[10];
    } classes[] = {
        {"security_forces", {"security", "police", "guard", "soldier", "officer", "military",
                             "army", "law_enforcement", "forces", NULL}},
        {"protesters", {"protest", "rioter", "demonstr", "civilian", "people", NULL}},
        {"people", {"people", "person", "all", "total", "unspecified", "civilian", "protest",
                    "rioter", NULL}},
        {"civilians", {"civilian", "people", NULL}},
        {"armed_groups", {"armed", "attacker", "militant", "terror", "gunmen", "bandit", NULL}},
    };
    if (!truthy(pred))
        return 0;
    char *g = subject_key(gold ? gold : ""), *p = subject_key(pred);
    int r = 0;
    if (!g || !p) {
        *oom = 1;
        goto done;
    }
    if (strcmp(g, p) == 0) {
        r = 1;
        goto done;
    }
    for (size_t k = 0; k < sizeof classes / sizeof *classes; k++) {
        if (!starts_with(g, classes[k].key))
            continue;
        for (int w = 0; classes[k].words[w]; w++)
            r |= strstr(p, classes[k].words[w]) != NULL;
        goto done;
    }
    /* the first part's first four characters (code points) */
    size_t end = strcspn(g, "_"), i = 0;
    for (int cps = 0; i < end && cps < 4; cps++)
        (void)rk_utf8_next(g, end, &i);
    g[i] = '\0';
    r = strstr(p, g) != NULL;
done:
    free(g);
    free(p);
    return r;
}

/* The exactness the gold implies when it names none. */
static const char *derive_exactness(const cJSON *g)
{
    double lo = 0, hi = 0;
    int has_lo = num_of(g, "low", &lo), has_hi = num_of(g, "high", &hi);
    const cJSON *value = cJSON_GetObjectItemCaseSensitive(g, "value");
    int has_value = value && !cJSON_IsNull(value);
    if (!has_value && has_lo && has_hi && lo != hi)
        return "vague";
    if (has_lo && has_hi)
        return lo == hi ? "exact" : "range";
    if (!has_hi && has_lo)
        return "more_than";
    if (!has_lo && has_hi)
        return "less_than";
    return "vague";
}

static int is_one_of(const char *s, const char *a, const char *b)
{
    return strcmp(s, a) == 0 || (b && strcmp(s, b) == 0);
}

/* Whether claim c's interval agrees with gold g: 1% for exact figures and
 * ranges; an approximate figure inside a not too wide interval; open bounds
 * on the same side; vague figures overlapping. */
static int interval_ok(const cJSON *g, const cJSON *c)
{
    double gl = 0, gh = 0, cl = 0, ch = 0;
    int has_gl = num_of(g, "low", &gl), has_gh = num_of(g, "high", &gh);
    int has_cl = num_of(c, "low", &cl), has_ch = num_of(c, "high", &ch);
    const char *ex = str_of(g, "exactness");
    if (!truthy(ex))
        ex = derive_exactness(g);
    if (strcmp(ex, "exact") == 0 && has_gl && has_gh) {
        if (!has_cl || !has_ch)
            return 0;
        return fabs(cl - gl) <= 0.01 * fmax(1, fabs(gl)) &&
               fabs(ch - gh) <= 0.01 * fmax(1, fabs(gh));
    }
    double lo = has_cl ? cl : -INFINITY, hi = has_ch ? ch : INFINITY;
    if (strcmp(ex, "approx") == 0) {
        if (!has_gl)
            return 0;
        double v = gl;
        return lo <= v * 1.0001 && hi >= v * 0.9999 && (hi - lo) <= 0.5 * v + 1;
    }
    if (strcmp(ex, "range") == 0)
        return has_gl && has_gh && has_cl && has_ch && fabs(cl - gl) <= 0.01 * gl &&
               fabs(ch - gh) <= 0.01 * gh;
    double glo = has_gl ? gl : -INFINITY, ghi = has_gh ? gh : INFINITY;
    /* Python's max(1, x) keeps 1 unless x is greater */
    if (is_one_of(ex, "more_than", "at_least"))
        return fabs(lo - glo) <= 0.01 * (glo > 1 ? glo : 1) + 1 && hi > glo * 1.5;
    if (is_one_of(ex, "less_than", "at_most"))
        return fabs(hi - ghi) <= 0.01 * (ghi > 1 ? ghi : 1) + 1;
    const char *cex = str_of(c, "exactness");
    return lo <= ghi && hi >= glo && cex && strcmp(cex, "exact") != 0;
}

/* Lower-cases with Unicode's full mapping and folds what the scorer folds
 * in Arabic: harakat and tatweel dropped, alef forms to bare alef, alef
 * maqsura to yeh, ta marbuta to heh. NULL on OOM. */
static char *norm_ar(const char *s)
{
    rk_buf b = RK_BUF_INIT;
    size_t n = strlen(s), i = 0;
    int rc = 0;
    while (rc == 0 && i < n) {
        uint32_t cp = rk_utf8_next(s, n, &i);
        if ((cp >= 0x064B && cp <= 0x0652) || cp == 0x0640)
            continue;
        if (cp == 0x0623 || cp == 0x0625 || cp == 0x0622)
            cp = 0x0627;
        else if (cp == 0x0649)
            cp = 0x064A;
        else if (cp == 0x0629)
            cp = 0x0647;
        char u[4];
        rc = rk_buf_append(&b, u, rk_utf8_put(cp, u));
    }
    if (rc < 0 || rk_buf_putc(&b, '\0') < 0) {
        rk_buf_free(&b);
        return NULL;
    }
    UErrorCode ec = U_ZERO_ERROR;
    UCaseMap *cm = ucasemap_open("", U_FOLD_CASE_DEFAULT, &ec);
    char *out = NULL;
    if (U_SUCCESS(ec)) {
        int32_t len = ucasemap_utf8ToLower(cm, NULL, 0, b.data, (int32_t)(b.len - 1), &ec);
        ec = U_ZERO_ERROR;
        if ((out = malloc((size_t)len + 1)) != NULL)
            ucasemap_utf8ToLower(cm, out, len + 1, b.data, (int32_t)(b.len - 1), &ec);
        if (out && U_FAILURE(ec)) {
            free(out);
            out = NULL;
        }
    }
    ucasemap_close(cm);
    rk_buf_free(&b);
    return out;
}

/* A word character of Python's \w: a letter, anything numeric, '_'. */
static int word_char(uint32_t cp)
{
    return cp == '_' || u_isalpha((UChar32)cp) ||
           u_getIntPropertyValue((UChar32)cp, UCHAR_NUMERIC_TYPE) != U_NT_NONE;
}

/* Whether one word (longer than two characters, not a stop word) of want is
 * in got, or is there once a leading "ال" is taken off. */
static int words_in(const char *want, const char *got)
{
    static const char *const stop[] = {"the", "and", "من", "في", "ال", NULL};
    size_t n = strlen(want), i = 0;
    while (i < n) {
        size_t start = i, end = i, cps = 0;
        while (end < n) {
            size_t k = end;
            if (!word_char(rk_utf8_next(want, n, &k)))
                break;
            end = k;
            cps++;
        }
        i = end;
        if (i < n)
            (void)rk_utf8_next(want, n, &i);
        if (cps <= 2)
            continue;
        int is_stop = 0;
        for (int s = 0; stop[s]; s++)
            is_stop |= strlen(stop[s]) == end - start &&
                       memcmp(stop[s], want + start, end - start) == 0;
        if (is_stop)
            continue;
        char *w = rk_strndup(want + start, end - start);
        if (!w)
            return -1;
        const char *bare = starts_with(w, "ال") ? w + strlen("ال") : w;
        int hit = strstr(got, w) != NULL || strstr(got, bare) != NULL;
        free(w);
        if (hit)
            return 1;
    }
    return 0;
}

/* Whether the claim's attribution names a word of the gold's source
 * (attributed_to, or attributed_to_native). -1 on OOM. */
static int attrib_ok(const cJSON *g, const cJSON *c)
{
    const char *wants[2] = {str_of(g, "attributed_to"), str_of(g, "attributed_to_native")};
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(c, "attribution");
    rk_buf got = RK_BUF_INIT;
    int rc = 0;
    if (cJSON_IsString(a) && a->valuestring[0]) {
        rc = rk_buf_puts(&got, a->valuestring);
    } else if (cJSON_IsObject(a)) {
        for (const cJSON *v = a->child; rc == 0 && v; v = v->next) {
            if (!cJSON_IsString(v) || !v->valuestring[0])
                continue;
            if (got.len)
                rc = rk_buf_putc(&got, ' ');
            if (rc == 0)
                rc = rk_buf_puts(&got, v->valuestring);
        }
    }
    if (rc < 0) {
        rk_buf_free(&got);
        return -1;
    }
    if (!got.len) {
        rk_buf_free(&got);
        return 0;
    }
    char *gotn = norm_ar(got.data);
    rk_buf_free(&got);
    if (!gotn)
        return -1;
    int r = 0;
    for (int k = 0; r == 0 && k < 2; k++) {
        if (!truthy(wants[k]))
            continue;
        char *wn = norm_ar(wants[k]);
        r = wn ? words_in(wn, gotn) : -1;
        free(wn);
    }
    free(gotn);
    return r;
}

/* ---- locating gold numbers ------------------------------------------------- */

/* The report's claims by article file name (the base name of the
 * document's path). */
typedef struct by_file {
    const char **file;       /* per claim: its document's base name */
    const cJSON **claim;
    size_t n;
} by_file;

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int by_file_build(const cJSON *report, by_file *bf)
{
    const cJSON *docs = cJSON_GetObjectItemCaseSensitive(report, "documents");
    const cJSON *claims = cJSON_GetObjectItemCaseSensitive(report, "claims");
    size_t n = (size_t)cJSON_GetArraySize(claims);
    memset(bf, 0, sizeof *bf);
    bf->file = calloc(n ? n : 1, sizeof *bf->file);
    bf->claim = calloc(n ? n : 1, sizeof *bf->claim);
    if (!bf->file || !bf->claim)
        return -1;
    const cJSON *c;
    cJSON_ArrayForEach(c, claims)
    {
        const char *doc = str_of(c, "document"), *path = NULL;
        const cJSON *d;
        cJSON_ArrayForEach(d, docs)
        {
            const char *id = str_of(d, "id");
            if (doc && id && strcmp(id, doc) == 0) {
                path = str_of(d, "path");
                break;
            }
        }
        bf->file[bf->n] = base_name(truthy(path) ? path : doc ? doc : "None");
        bf->claim[bf->n++] = c;
    }
    return 0;
}

static void by_file_free(by_file *bf)
{
    free(bf->file);
    free(bf->claim);
}

/* An article's bytes, read once. */
typedef struct article {
    char *name, *data;
    size_t len;
    int ok;
} article;

typedef struct articles {
    const char *dir;
    article *v;
    size_t n, cap;
} articles;

static const article *article_get(articles *as, const char *name, int *oom)
{
    for (size_t i = 0; i < as->n; i++)
        if (strcmp(as->v[i].name, name) == 0)
            return &as->v[i];
    article *v = rk_array_grow(as->v, &as->cap, as->n + 1, sizeof *v, 16);
    if (!v) {
        *oom = 1;
        return NULL;
    }
    as->v = v;
    article *a = &as->v[as->n];
    memset(a, 0, sizeof *a);
    rk_buf p = RK_BUF_INIT;
    if (!(a->name = rk_strdup(name)) || rk_buf_printf(&p, "%s/%s", as->dir, name) < 0) {
        free(a->name);
        rk_buf_free(&p);
        *oom = 1;
        return NULL;
    }
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_file_read(p.data, 0, &a->data, &a->len, &e);
    rk_buf_free(&p);
    if (st == RK_ERR_NOMEM) {
        free(a->name);
        *oom = 1;
        return NULL;
    }
    a->ok = st == RK_OK;
    as->n++;
    return a;
}

static void articles_free(articles *as)
{
    for (size_t i = 0; i < as->n; i++) {
        free(as->v[i].name);
        free(as->v[i].data);
    }
    free(as->v);
}

static size_t find_bytes(const char *hay, size_t hl, const char *needle, size_t nl)
{
    if (nl == 0)
        return 0;
    for (size_t i = 0; i + nl <= hl; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, nl) == 0)
            return i;
    return (size_t)-1;
}

/* The bytes [*j, *k) of a record's number_text in its article. Returns 1,
 * 0 with a hard finding when the file, quote or number cannot be found, -1
 * on OOM. */
static int locate_bytes(articles *as, const rk_annotations *ann, const rk_annotation *r,
                        size_t *j, size_t *k, rk_findings *fs)
{
    const char *file = str_of(r->obj, "file"), *quote = str_of(r->obj, "quote"),
               *nt = str_of(r->obj, "number_text");
    int oom = 0;
    const article *a = article_get(as, file, &oom);
    if (oom)
        return -1;
    if (!a->ok)
        return rk_findings_add(fs, ann->path, r->line, 0, 1, "cannot read the article %s", file)
                   < 0 ? -1 : 0;
    size_t i = find_bytes(a->data, a->len, quote, strlen(quote));
    size_t q = i == (size_t)-1 ? i : find_bytes(quote, strlen(quote), nt, strlen(nt));
    if (i == (size_t)-1 || q == (size_t)-1)
        return rk_findings_add(fs, ann->path, r->line, 0, 1, "%s (%s) is not in %s",
                               i == (size_t)-1 ? "the quote" : "the number", quote, file) < 0
                   ? -1 : 0;
    *j = i + q;
    *k = *j + strlen(nt);
    return 1;
}

/* The claims of file overlapping [j, k), in report order, into out (room
 * for bf->n). */
static size_t overlapping(const by_file *bf, const char *file, size_t j, size_t k,
                          const cJSON **out)
{
    size_t n = 0;
    for (size_t i = 0; i < bf->n; i++) {
        double a, b;
        if (strcmp(bf->file[i], file) == 0 && span_of(bf->claim[i], &a, &b) && a < (double)k &&
            b > (double)j)
            out[n++] = bf->claim[i];
    }
    return n;
}

/* The gold's quantity with the two vocabularies harmonised. */
static const char *gold_quantity(const cJSON *g)
{
    const char *q = str_of(g, "quantity");
    return q && strcmp(q, "troops_deployed") == 0 ? "troops" : q;
}

/* Of the candidates, the first with the best (interval agrees, quantity
 * agrees). */
static const cJSON *best_claim(const cJSON *g, const char *quantity, const cJSON **cands,
                               size_t n)
{
    const cJSON *best = NULL;
    int best_key = -1;
    for (size_t i = 0; i < n; i++) {
        int key = 2 * interval_ok(g, cands[i]) +
                  same_opt(str_of(cands[i], "quantity"), quantity);
        if (key > best_key) {
            best_key = key;
            best = cands[i];
        }
    }
    return best;
}

typedef struct claim_ctx {
    const rk_annotations *gold;
    rk_claim_figures *fig;
    rk_findings *fs;
    const cJSON **matched;    /* the claims gold numbers matched */
    size_t n_matched;
} claim_ctx;

static int miss(claim_ctx *x, const rk_annotation *r, const char *what, const char *is,
                const char *want)
{
    const char *nt = str_of(r->obj, "number_text"), *file = str_of(r->obj, "file");
    if (want)
        return rk_findings_add(x->fs, x->gold->path, r->line, 0, 0, "%s \"%s\" in %s: %s, want %s",
                               what, nt, file, is ? is : "null", want);
    return rk_findings_add(x->fs, x->gold->path, r->line, 0, 0, "%s \"%s\" in %s%s%s", what, nt,
                           file, is ? ": " : "", is ? is : "");
}

/* Scores one located gold number against its candidates. */
static int score_one(claim_ctx *x, const rk_annotation *r, const cJSON **cands, size_t n,
                     const cJSON **located)
{
    const cJSON *g = r->obj;
    const char *q = gold_quantity(g);
    rk_claim_figures *f = x->fig;
    *located = NULL;
    if (!n)
        return miss(x, r, "missing", q, NULL);
    f->found++;
    const cJSON *c = best_claim(g, q, cands, n);
    *located = c;
    x->matched[x->n_matched++] = c;
    char buf[160], a[40] = "null", b[40] = "null";
    double lo, hi;
    const char *cex = str_of(c, "exactness");
    if (num_of(c, "low", &lo))
        snprintf(a, sizeof a, "%.15g", lo);
    if (num_of(c, "high", &hi))
        snprintf(b, sizeof b, "%.15g", hi);
    snprintf(buf, sizeof buf, "[%s, %s] %s", a, b, cex ? cex : "null");
    if (interval_ok(g, c))
        f->value++;
    else if (miss(x, r, "value", buf, NULL) < 0)
        return -1;
    const char *cq = str_of(c, "quantity");
    if (same_opt(cq, q))
        f->quantity++;
    else if (miss(x, r, "quantity", cq, q ? q : "null") < 0)
        return -1;
    if (is_event_quantity(q)) {
        const char *gs = str_of(g, "subject"), *cs = str_of(c, "subject");
        int oom = 0;
        if (gs && starts_with(gs, "all"))
            gs = "people";
        f->subject_of++;
        if (subject_ok(gs, cs, &oom))
            f->subject++;
        else if (oom || miss(x, r, "subject", cs, gs ? gs : "") < 0)
            return -1;
    }
    if (truthy(str_of(g, "attributed_to"))) {
        f->attrib_of++;
        int ok = attrib_ok(g, c);
        if (ok < 0)
            return -1;
        const cJSON *att = cJSON_GetObjectItemCaseSensitive(c, "attribution");
        const char *who = cJSON_IsObject(att) ? str_of(att, "speaker") : NULL;
        if (ok)
            f->attrib++;
        else if (miss(x, r, "attrib", who, str_of(g, "attributed_to")) < 0)
            return -1;
    }
    return 0;
}

/* Counts the negatives some typed claim overlaps. */
static int score_negatives(articles *as, const by_file *bf, const rk_annotations *negs,
                           rk_claim_figures *f, const cJSON **cands, rk_findings *fs)
{
    for (size_t i = 0; negs && i < negs->n; i++) {
        const rk_annotation *r = &negs->v[i];
        size_t j = 0, k = 0;
        f->negatives++;
        int rc = locate_bytes(as, negs, r, &j, &k, fs);
        if (rc < 0)
            return -1;
        if (rc == 0)
            continue;
        size_t n = overlapping(bf, str_of(r->obj, "file"), j, k, cands);
        for (size_t c = 0; c < n; c++) {
            if (!truthy(str_of(cands[c], "quantity")))
                continue;
            f->negatives_wrong++;
            const char *kind = str_of(r->obj, "kind");
            /* soft: the count of negatives wrong is what the baseline gates */
            if (rk_findings_add(fs, negs->path, r->line, 0, 0,
                                "negative \"%s\" in %s (%s) became a claim of %s",
                                str_of(r->obj, "number_text"), str_of(r->obj, "file"),
                                kind ? kind : "null", str_of(cands[c], "quantity")) < 0)
                return -1;
            break;
        }
    }
    return 0;
}

/* 1 when some gold record names file. */
static int gold_names(const rk_annotations *gold, const char *file)
{
    for (size_t i = 0; i < gold->n; i++)
        if (strcmp(str_of(gold->v[i].obj, "file"), file) == 0)
            return 1;
    return 0;
}

rk_status rk_event_score_claims(const cJSON *report, const rk_annotations *gold,
                                const rk_annotations *negs, const char *art_dir,
                                rk_claim_figures *fig, rk_gold_ref *refs,
                                rk_findings *findings, rk_error *err)
{
    by_file bf;
    articles as = {art_dir, NULL, 0, 0};
    const cJSON **cands = NULL;
    claim_ctx x = {gold, fig, findings, NULL, 0};
    int rc = by_file_build(report, &bf);
    if (rc == 0) {
        cands = calloc(bf.n ? bf.n : 1, sizeof *cands);
        x.matched = calloc(gold->n ? gold->n : 1, sizeof *x.matched);
        rc = cands && x.matched ? 0 : -1;
    }
    for (size_t i = 0; rc == 0 && i < gold->n; i++) {
        const rk_annotation *r = &gold->v[i];
        const cJSON *located = NULL;
        size_t j = 0, k = 0;
        fig->gold++;
        rc = locate_bytes(&as, gold, r, &j, &k, findings);
        if (rc == 1) {
            size_t n = overlapping(&bf, str_of(r->obj, "file"), j, k, cands);
            rc = score_one(&x, r, cands, n, &located);
        } else if (rc == 0) {
            rc = miss(&x, r, "missing", gold_quantity(r->obj), NULL);
        }
        if (refs) {
            refs[i].file = str_of(r->obj, "file");
            refs[i].quote = str_of(r->obj, "quote");
            refs[i].number_text = str_of(r->obj, "number_text");
            refs[i].quantity = str_of(r->obj, "quantity");
            refs[i].subject = str_of(r->obj, "subject");
            refs[i].claim = located;
        }
    }
    /* event precision: typed claims of event quantities in the gold's files */
    for (size_t i = 0; rc == 0 && i < bf.n; i++) {
        if (!is_event_quantity(str_of(bf.claim[i], "quantity")) || !gold_names(gold, bf.file[i]))
            continue;
        fig->event_claims++;
        for (size_t m = 0; m < x.n_matched; m++)
            if (x.matched[m] == bf.claim[i]) {
                fig->event_matched++;
                break;
            }
    }
    if (rc == 0)
        rc = score_negatives(&as, &bf, negs, fig, cands, findings);
    by_file_free(&bf);
    articles_free(&as);
    free(cands);
    free(x.matched);
    return rc < 0 ? nomem(err, art_dir) : RK_OK;
}

/* Python's f"{100.0 * a / b:.0f}%", or "n/a". */
static void pct(FILE *f, size_t a, size_t b)
{
    if (b)
        fprintf(f, "%.0f%%", 100.0 * (double)a / (double)b);
    else
        fputs("n/a", f);
}

void rk_claim_figures_write(const rk_claim_figures *g, FILE *f)
{
    fputs("found ", f);
    pct(f, g->found, g->gold);
    fputs(" value ", f);
    pct(f, g->value, g->gold);
    fputs(" quantity ", f);
    pct(f, g->quantity, g->gold);
    fputs(" subject ", f);
    pct(f, g->subject, g->subject_of);
    fputs(" attrib ", f);
    pct(f, g->attrib, g->attrib_of);
    fputs(" event_precision ", f);
    pct(f, g->event_matched, g->event_claims);
    fprintf(f, " negatives_wrong %zu/%zu\n", g->negatives_wrong, g->negatives);
}
