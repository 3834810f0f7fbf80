/* test_numbers.c - the number reader: the case table (cases.txt), the seed
 * articles' gold numbers and negatives, rule-data diagnostics, linear time
 * on pathological input, and one reader shared by several threads. */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "numbers/numbers.h"
#include "numbers/numbers_int.h"
#include "numbers/reader_known.h"

static rk_rules *rules;
static rk_numbers_reader *reader;

static void load_reader(void)
{
    rk_error e;
    rk_error_clear(&e);
    ck_assert_msg(rk_rules_load(getenv("RECKON_RULES"), NULL, &rules, NULL, NULL, &e) == RK_OK,
                  "%s:%ld: %s", e.file, e.line, e.message);
    ck_assert_msg(rk_numbers_reader_new(rules, &reader, &e) == RK_OK, "%s:%ld: %s", e.file,
                  e.line, e.message);
}

static void free_reader(void)
{
    rk_numbers_reader_free(reader);
    rk_rules_free(rules);
    reader = NULL;
    rules = NULL;
}

/* The text of s[0..len) in lang; the caller frees it with rk_text_free(). */
static rk_text *text_of(const char *s, size_t len, const char *lang)
{
    rk_text *t = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_msg(rk_text_build(s, len, lang, &t, &e) == RK_OK, "text: %s", e.message);
    return t;
}

/* Reads s; the caller frees the text with rk_text_free() and l with
 * rk_numlist_free(). */
static rk_text *read_numbers(const char *s, size_t len, const char *lang, rk_numlist *l)
{
    rk_text *t = text_of(s, len, lang);
    rk_error e;
    rk_error_clear(&e);
    ck_assert_msg(rk_numbers_find(reader, t, l, &e) == RK_OK, "numbers: %s", e.message);
    return t;
}

static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    rk_error e;
    ck_assert_msg(rk_file_read(path, 0, &data, len, &e) == RK_OK, "%s: %s", path, e.message);
    return data;
}

/* ---- the case table --------------------------------------------------- */

/* One expected number: a field "-" means open (low/high) or none (unit). */
typedef struct want {
    const char *text, *low, *high, *exactness, *unit, *kind;
} want;

static int num_eq(const char *want_s, int has, double got)
{
    if (strcmp(want_s, "-") == 0)
        return !has;
    double w = strtod(want_s, NULL);
    return has && fabs(w - got) <= 1e-9 * fmax(1, fabs(w));
}

static int str_eq(const char *want_s, const char *got)
{
    return strcmp(want_s, "-") == 0 ? got == NULL : got && strcmp(want_s, got) == 0;
}

static int matches(const want *w, const rk_number *n)
{
    return num_eq(w->low, n->has_low, n->low) && num_eq(w->high, n->has_high, n->high) &&
           str_eq(w->exactness, rk_exactness_name(n->exactness)) && str_eq(w->unit, n->unit) &&
           str_eq(w->kind, rk_kind_name(n->kind));
}

/* Describes what the reader found, for a failure message. */
static void describe(rk_buf *b, const char *src, const rk_numlist *l)
{
    char lo[32], hi[32];
    if (!l->n)
        rk_buf_puts(b, " (no number)");
    for (size_t i = 0; i < l->n; i++) {
        const rk_number *n = &l->items[i];
        snprintf(lo, sizeof lo, n->has_low ? "%.15g" : "-", n->low);
        snprintf(hi, sizeof hi, n->has_high ? "%.15g" : "-", n->high);
        rk_buf_printf(b, " [%.*s | %s | %s | %s | %s | %s]", (int)(n->end - n->start),
                      src + n->start, lo, hi, rk_exactness_name(n->exactness),
                      n->unit ? n->unit : "-", rk_kind_name(n->kind));
    }
}

/* Splits line at " | " into at most max fields; returns the count. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *bar = strstr(p, " | ");
        if (!bar)
            break;
        *bar = 0;
        p = bar + 3;
    }
    for (int i = 0; i < n; i++) { /* trim */
        while (*f[i] == ' ')
            f[i]++;
        size_t k = strlen(f[i]);
        while (k && (f[i][k - 1] == ' ' || f[i][k - 1] == '\n' || f[i][k - 1] == '\r'))
            f[i][--k] = 0;
    }
    return n;
}

/* Runs one case; returns 1 when it passes, else appends why to fails. */
static int run_case(char **f, int nf, const char *lang, rk_buf *why)
{
    rk_numlist l = {0};
    rk_text *t = read_numbers(f[0], strlen(f[0]), lang, &l);
    int ok = 0;
    if (nf == 2 && strcmp(f[1], "-") == 0) {
        ok = l.n == 0;
    } else if (nf == 7) {
        want wn = {f[1], f[2], f[3], f[4], f[5], f[6]};
        const want *w = &wn;
        for (size_t i = 0; i < l.n && !ok; i++) {
            const rk_number *n = &l.items[i];
            ok = n->end - n->start == strlen(w->text) &&
                 memcmp(f[0] + n->start, w->text, strlen(w->text)) == 0 && matches(w, n);
        }
    } else {
        rk_buf_puts(why, " malformed case (want 7 fields, or input | -)");
    }
    if (!ok)
        describe(why, f[0], &l);
    rk_numlist_free(&l);
    rk_text_free(t);
    return ok;
}

START_TEST(every_case_of_the_table_reads_as_written)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/numbers/cases.txt", getenv("RK_SOURCE_ROOT"));
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    char line[4096];
    const char *lang = "ar";
    char langbuf[8];
    long lineno = 0, ran = 0, failed = 0;
    rk_buf fails = RK_BUF_INIT;
    while (fgets(line, sizeof line, fp)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, "@lang %7s", langbuf) == 1) {
            lang = langbuf;
            continue;
        }
        char *f[8];
        int nf = split(line, f, 8);
        rk_buf why = RK_BUF_INIT;
        ran++;
        if (!run_case(f, nf, lang, &why)) {
            failed++;
            rk_buf_printf(&fails, "%s:%ld: %s | %s ... found:%s\n", path, lineno, f[0],
                          nf > 1 ? f[1] : "", why.data ? why.data : "");
        }
        rk_buf_free(&why);
    }
    fclose(fp);
    ck_assert_int_ge(ran, 400);
    if (failed)
        fprintf(stderr, "%s", fails.data);
    rk_buf_free(&fails);
    ck_assert_msg(failed == 0, "%ld of %ld cases failed (listed above)", failed, ran);
}
END_TEST

/* ---- the seed articles ------------------------------------------------ */

/* Calls fn for every record of the fixtures' *.SUFFIX files. */
typedef int (*gold_fn)(const cJSON *rec, const char *text, size_t len, rk_numlist *l,
                       rk_buf *why);

static void each_record(const char *suffix, gold_fn fn, long *n_out, long *failed_out)
{
    const char *names[] = {"000_a36954025af67d07", "001_0d2c753a87fa6b4a",
                           "002_9c92fbb985dee3df", "003_5a42c12e227cab77",
                           "004_91dd7b59b1f721e3"};
    const char *dir = getenv("RK_FIXTURES");
    rk_buf fails = RK_BUF_INIT;
    long n = 0, failed = 0;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char p[1024], line[8192];
        snprintf(p, sizeof p, "%s/%s.%s", dir, names[k], suffix);
        FILE *fp = fopen(p, "r");
        if (!fp)
            continue;
        snprintf(line, sizeof line, "%s/%s.txt", dir, names[k]);
        size_t len;
        char *text = slurp(line, &len);
        rk_numlist l = {0};
        rk_text *t = read_numbers(text, len, "ar", &l);
        for (long ln = 1; fgets(line, sizeof line, fp); ln++) {
            cJSON *rec = cJSON_Parse(line);
            rk_buf why = RK_BUF_INIT;
            ck_assert_msg(rec != NULL, "%s:%ld: bad JSON", p, ln);
            n++;
            if (!fn(rec, text, len, &l, &why)) {
                failed++;
                rk_buf_printf(&fails, "%s:%ld: %s\n", p, ln, why.data ? why.data : "");
            }
            rk_buf_free(&why);
            cJSON_Delete(rec);
        }
        fclose(fp);
        rk_numlist_free(&l);
        rk_text_free(t);
        free(text);
    }
    if (failed)
        fprintf(stderr, "%s", fails.data);
    rk_buf_free(&fails);
    *n_out = n;
    *failed_out = failed;
}

static const char *jstr(const cJSON *rec, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The numbers whose text is number_text inside the record's quote. */
static const rk_number *in_quote(const cJSON *rec, const char *text, size_t len,
                                 const rk_numlist *l, size_t *from, rk_buf *why)
{
    const char *quote = jstr(rec, "quote"), *nt = jstr(rec, "number_text");
    const char *q = quote ? strstr(text, quote) : NULL;
    (void)len;
    if (!q) {
        rk_buf_printf(why, "quote not found: %s", quote ? quote : "(none)");
        return NULL;
    }
    size_t qs = (size_t)(q - text), qe = qs + strlen(quote);
    for (size_t i = *from; i < l->n; i++) {
        const rk_number *n = &l->items[i];
        if (n->start >= qs && n->end <= qe && n->end - n->start == strlen(nt) &&
            memcmp(text + n->start, nt, strlen(nt)) == 0) {
            *from = i + 1;
            return n;
        }
    }
    return NULL;
}

static int gold_bound(const cJSON *rec, const char *key, int has, double got)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);
    if (cJSON_IsNull(v))
        return !has;
    return has && fabs(v->valuedouble - got) <= 1e-9 * fmax(1, fabs(v->valuedouble));
}

/* The units this stage names itself; others ("person", "flight") are the
 * claims stage's. */
static int own_unit(const char *u)
{
    static const char *const own[] = {"percent", "usd", "km", "km2", "barrel_per_day",
                                      "year", "day", NULL};
    for (int i = 0; u && own[i]; i++)
        if (strcmp(u, own[i]) == 0)
            return 1;
    return 0;
}

static int check_gold(const cJSON *rec, const char *text, size_t len, rk_numlist *l,
                      rk_buf *why)
{
    const char *ex = jstr(rec, "exactness"), *unit = jstr(rec, "unit");
    size_t from = 0;
    const rk_number *n;
    while ((n = in_quote(rec, text, len, l, &from, why)) != NULL) {
        if (gold_bound(rec, "low", n->has_low, n->low) &&
            gold_bound(rec, "high", n->has_high, n->high) && ex &&
            strcmp(ex, rk_exactness_name(n->exactness)) == 0 && RK_KIND_IS_CLAIMABLE(n->kind) &&
            (!own_unit(unit) || (n->unit && strcmp(unit, n->unit) == 0)))
            return 1;
        rk_buf_printf(why, "'%s' read as %g..%g %s %s %s; ", jstr(rec, "number_text"),
                      n->has_low ? n->low : NAN, n->has_high ? n->high : NAN,
                      rk_exactness_name(n->exactness), n->unit ? n->unit : "-",
                      rk_kind_name(n->kind));
    }
    rk_buf_printf(why, "gold '%s' in '%s' not read right", jstr(rec, "number_text"),
                  jstr(rec, "quote"));
    return 0;
}

static int check_negative(const cJSON *rec, const char *text, size_t len, rk_numlist *l,
                          rk_buf *why)
{
    size_t from = 0;
    const rk_number *n = in_quote(rec, text, len, l, &from, why);
    if (n && !RK_KIND_IS_CLAIMABLE(n->kind))
        return 1;
    rk_buf_printf(why, "negative '%s' in '%s' %s%s", jstr(rec, "number_text"),
                  jstr(rec, "quote"), n ? "read as " : "not found",
                  n ? rk_kind_name(n->kind) : "");
    return 0;
}

START_TEST(every_gold_number_of_the_seeds_is_read_with_its_interval)
{
    long n, failed;
    each_record("gold.jsonl", check_gold, &n, &failed);
    ck_assert_int_eq(n, 52); /* 51 from the seeds, and 001's "a third" */
    ck_assert_msg(failed == 0, "%ld of %ld gold numbers not read right (listed above)", failed,
                  n);
}
END_TEST

START_TEST(every_negative_of_the_seeds_is_not_a_count)
{
    long n, failed;
    each_record("negatives.jsonl", check_negative, &n, &failed);
    ck_assert_int_eq(n, 13);
    ck_assert_msg(failed == 0, "%ld of %ld negatives misread (listed above)", failed, n);
}
END_TEST

/* ---- rule data diagnostics ------------------------------------------ */

static char tmpdir[64];

/* Loads a rule directory holding only n.xml = body and compiles a reader;
 * returns the status and fills msg with the formatted error. keep NULL:
 * the reader is freed; else *keep is the reader (the caller frees it). */
static rk_status load_data_kept(const char *body, char *msg, size_t n,
                                rk_numbers_reader **keep)
{
    char p[256], schema[1024];
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rk_numbers_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(p, sizeof p, "%s/n.xml", tmpdir);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(body, f);
    fclose(f);
    snprintf(schema, sizeof schema, "%s/rules/schema/rules.rng", getenv("RK_SOURCE_ROOT"));
    rk_rules *rs = NULL;
    rk_numbers_reader *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_rules_load(tmpdir, schema, &rs, NULL, NULL, &e);
    if (st == RK_OK)
        st = rk_numbers_reader_new(rs, &r, &e);
    rk_error_format(&e, msg, n);
    if (keep)
        *keep = r;
    else
        rk_numbers_reader_free(r);
    rk_rules_free(rs);
    unlink(p);
    rmdir(tmpdir);
    return st;
}

static rk_status load_data(const char *body, char *msg, size_t n)
{
    return load_data_kept(body, msg, n, NULL);
}

/* Expects body to fail with exactly "DIR/n.xml:LINE: message" (message NULL:
 * any message naming `part`). */
static void expect_diag(const char *body, long line, const char *message, const char *part)
{
    char msg[2048], exp[2048];
    ck_assert_int_eq(load_data(body, msg, sizeof msg), RK_ERR_RULES);
    if (message) {
        snprintf(exp, sizeof exp, "%s/n.xml:%ld: %s", tmpdir, line, message);
        ck_assert_str_eq(msg, exp);
    } else {
        snprintf(exp, sizeof exp, "%s/n.xml:%ld:", tmpdir, line);
        ck_assert_msg(strncmp(msg, exp, strlen(exp)) == 0, "got %s, want %s", msg, exp);
        ck_assert_msg(strstr(msg, part) != NULL, "'%s' does not name %s", msg, part);
    }
}

#define HEAD "<?xml version=\"1.0\"?>\n<rules lang=\"en\">\n<numbers>\n"
#define TAIL "</numbers>\n</rules>\n"

START_TEST(vague_low_above_high_is_reported_at_its_line)
{
    expect_diag(HEAD "<cardinal value=\"1\">one</cardinal>\n"
                     "<vague class=\"tens\" low=\"99\" high=\"20\">tens</vague>\n" TAIL,
                5, "vague 'tens': low 99 is greater than high 20", NULL);
}
END_TEST

START_TEST(unknown_unit_kind_is_reported_with_the_known_ones)
{
    expect_diag(HEAD "<unit name=\"usd\" kind=\"cash\">dollars</unit>\n" TAIL, 4,
                "unit: unknown kind 'cash' (expected percent, money, measure, multiple, date)",
                NULL);
}
END_TEST

START_TEST(one_phrase_with_two_readings_is_refused)
{
    expect_diag(HEAD "<cardinal value=\"1\">one</cardinal>\n"
                     "<cardinal value=\"2\">two|One</cardinal>\n" TAIL,
                5, "cardinal: 'One' already has another reading", NULL);
}
END_TEST

START_TEST(month_outside_the_year_and_setting_in_a_language_file_are_refused)
{
    expect_diag(HEAD "<month value=\"13\">smarch</month>\n" TAIL, 4,
                "month: value 13 is not 1..12", NULL);
    expect_diag(HEAD "<setting name=\"year-min\" value=\"1800\"/>\n" TAIL, 4,
                "setting 'year-min' belongs in a rule file without lang", NULL);
    expect_diag(HEAD "<comparator type=\"roughly\">about</comparator>\n" TAIL, 4,
                "comparator: unknown type 'roughly' (expected exact, approx, at_least, "
                "more_than, at_most or less_than)", NULL);
}
END_TEST

START_TEST(typo_and_non_numeric_value_fail_the_schema_at_their_line)
{
    expect_diag(HEAD "\n<cardnial value=\"1\">one</cardnial>\n" TAIL, 5, NULL, "cardnial");
    expect_diag(HEAD "<cardinal value=\"1\">one</cardinal>\n<scale value=\"lots\">many</scale>\n"
                TAIL, 5, NULL, "value");
}
END_TEST

START_TEST(clock_hours_other_than_0_or_12_and_an_unknown_cue_kind_are_refused)
{
    expect_diag(HEAD "<clock hours=\"6\">p.m.</clock>\n" TAIL, 4, NULL, "clock");
    expect_diag(HEAD "<cue kind=\"clock\">at</cue>\n" TAIL, 4,
                "cue: unknown kind 'clock' (expected label, year, phone, time)", NULL);
}
END_TEST

START_TEST(a_share_outside_a_percent_and_a_wide_window_after_are_refused)
{
    expect_diag(HEAD "<share value=\"0\" unit=\"percent\">none of</share>\n" TAIL, 4,
                "share: value 0 is not a percent above 0", NULL);
    expect_diag(HEAD "<share value=\"150\" unit=\"percent\">one and a half</share>\n" TAIL,
                4, "share: value 150 is not a percent above 0", NULL);
    expect_diag(HEAD "<share value=\"50\" unit=\"percent\" whole=\"any\">half</share>\n"
                TAIL, 4, NULL, "whole");
    expect_diag(HEAD "<comparator type=\"at_least\" position=\"after\" window=\"3\">at "
                     "least</comparator>\n" TAIL,
                4, "comparator: a window after the number is 0..2, not 3", NULL);
}
END_TEST

START_TEST(valid_minimal_data_compiles)
{
    char msg[2048];
    ck_assert_int_eq(load_data(HEAD "<cardinal value=\"1\">one</cardinal>\n" TAIL, msg,
                               sizeof msg), RK_OK);
}
END_TEST

/* ---- behaviour beyond single cases ------------------------------------ */

START_TEST(a_sentence_of_sixty_thousand_numbers_reads_in_linear_time)
{
    const char *pieces[] = {"%d, ", "و%d ", "خمسة وخمسة ", "بين %d و "};
    for (size_t k = 0; k < sizeof pieces / sizeof pieces[0]; k++) {
        rk_buf b = RK_BUF_INIT;
        for (int i = 1; i <= 60000; i++)
            rk_buf_printf(&b, pieces[k], i % 1000 + 1);
        rk_numlist l = {0};
        clock_t c0 = clock();
        rk_text *t = read_numbers(b.data, b.len, "ar", &l);
        double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
        ck_assert_msg(l.n >= 60000, "pattern %zu: %zu numbers", k, l.n);
        ck_assert_msg(secs < 20, "pattern %zu took %.2f s", k, secs);
        rk_numlist_free(&l);
        rk_text_free(t);
        rk_buf_free(&b);
    }
}
END_TEST

START_TEST(spans_point_at_the_original_bytes_past_a_clitic_and_harakat)
{
    const char *s = "قدّرت أعدادها بِعِشرينَ ألفاً، ومقـ.ـتل ٣٬٦٠٠ جندياً";
    rk_numlist l = {0};
    rk_text *t = read_numbers(s, strlen(s), "ar", &l);
    ck_assert_uint_eq(l.n, 2);
    const char *w0 = "عِشرينَ ألفاً", *w1 = "٣٬٦٠٠";
    ck_assert_int_eq(l.items[0].end - l.items[0].start, strlen(w0));
    ck_assert(memcmp(s + l.items[0].start, w0, strlen(w0)) == 0);
    ck_assert(memcmp(s + l.items[1].start, w1, strlen(w1)) == 0);
    ck_assert_double_eq(l.items[1].low, 3600);
    for (size_t i = 0; i < l.n; i++) {
        ck_assert_uint_le(l.items[i].expr_nstart, l.items[i].nstart);
        ck_assert_uint_ge(l.items[i].expr_nend, l.items[i].nend);
    }
    rk_numlist_free(&l);
    rk_text_free(t);
}
END_TEST

/* The expression of the only number of s starts at want_expr, or the test
 * fails naming what it started at. */
static void expect_expr_start(const char *s, const char *lang, const char *want_expr)
{
    rk_numlist l = {0};
    rk_text *t = read_numbers(s, strlen(s), lang, &l);
    ck_assert_uint_eq(l.n, 1);
    size_t os, oe;
    rk_text_orig_span(t, l.items[0].expr_nstart, l.items[0].expr_nend, &os, &oe);
    ck_assert_msg(strncmp(s + os, want_expr, strlen(want_expr)) == 0,
                  "'%s': expression starts at '%s', want '%s'", s, s + os, want_expr);
    rk_numlist_free(&l);
    rk_text_free(t);
}

START_TEST(a_cue_that_does_not_decide_the_kind_is_left_out_of_the_expression)
{
    expect_expr_start("in France 3 people died", "en", "3 people");
    expect_expr_start("they left in 5 days", "en", "5 days");
    expect_expr_start("reported by Khabar-24 today", "en", "Khabar-24");
    expect_expr_start("reported by France 24 today", "en", "France 24");
    expect_expr_start("نقلت وكالة خبر 3 قتلى", "ar", "3 قتلى");
    expect_expr_start("وقع في 1991 انهيار", "ar", "في 1991");
}
END_TEST

/* The number at text `num` of s (its first occurrence). */
static const rk_number *number_at(const char *s, const rk_numlist *l, const char *num)
{
    const char *p = strstr(s, num);
    for (size_t i = 0; p && i < l->n; i++)
        if (l->items[i].start == (size_t)(p - s))
            return &l->items[i];
    return NULL;
}

START_TEST(a_comparator_after_the_noun_leaves_the_noun_after_the_number)
{
    const struct {
        const char *s, *lang, *num, *noun;
    } cases[] = {{"غرق 65 شخصاً على الأقل في النهر", "ar", "65", "شخصاً"},
                 {"65 people at least drowned", "en", "65", "people"},
                 {"погибли 40 человек как минимум", "ru", "40", "человек"}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        rk_numlist l = {0};
        rk_text *t = read_numbers(cases[k].s, strlen(cases[k].s), cases[k].lang, &l);
        const rk_number *n = number_at(cases[k].s, &l, cases[k].num);
        ck_assert_msg(n != NULL, "%s: no number", cases[k].s);
        ck_assert_int_eq(n->exactness, RK_EXACTNESS_AT_LEAST);
        ck_assert(n->has_low && !n->has_high);
        /* the claims stage reads the counted noun right after the number */
        size_t ns, ne;
        ck_assert_uint_lt(n->end_token, t->n_tokens);
        rk_text_orig_span(t, t->tokens[n->end_token].start, t->tokens[n->end_token].end, &ns,
                          &ne);
        ck_assert_msg(ne - ns == strlen(cases[k].noun) &&
                          memcmp(cases[k].s + ns, cases[k].noun, ne - ns) == 0,
                      "%s: the token after the expression is not '%s'", cases[k].s,
                      cases[k].noun);
        rk_numlist_free(&l);
        rk_text_free(t);
    }
}
END_TEST

/* A text with more numbers than the list's first block has room for (a
 * number every 16 tokens, a block kept from the text before) reads every
 * one of them: the list grows past that block. Twice, so that the second
 * starts from the block the first gave back. */
START_TEST(a_list_grows_past_its_first_block)
{
    rk_buf b = RK_BUF_INIT;
    for (int i = 0; i < 3000; i++)
        ck_assert_int_eq(rk_buf_printf(&b, "x %d ", 100 + i), 0);
    for (int round = 0; round < 2; round++) {
        rk_numlist l = {0};
        rk_text *t = read_numbers(b.data, b.len, "en", &l);
        ck_assert_uint_eq(l.n, 3000);
        for (size_t i = 0; i < l.n; i++)
            ck_assert_double_eq(l.items[i].low, 100.0 + (double)i);
        rk_numlist_free(&l);
        rk_text_free(t);
    }
    rk_buf_free(&b);
}
END_TEST

START_TEST(a_reader_without_rules_still_reads_digits)
{
    rk_numbers_reader *r = NULL;
    rk_error e;
    ck_assert_int_eq(rk_numbers_reader_new(NULL, &r, &e), RK_OK);
    rk_text *t = NULL;
    const char *s = "more than 2.5 million and 1993";
    ck_assert_int_eq(rk_text_build(s, strlen(s), "en", &t, &e), RK_OK);
    rk_numlist l = {0};
    ck_assert_int_eq(rk_numbers_find(r, t, &l, &e), RK_OK);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_double_eq(l.items[0].low, 2.5);
    ck_assert_str_eq(rk_kind_name(l.items[1].kind), "year");
    ck_assert_double_eq(rk_numbers_approx_tolerance(r), 0.1);
    rk_numlist_free(&l);
    rk_text_free(t);
    rk_numbers_reader_free(r);
    rk_numbers_reader_free(NULL);
    rk_numlist_free(NULL);
}
END_TEST

/* The reader builds values of up to 15 digits itself (an integer, then one
 * division by a power of ten) and leaves longer ones to strtod: every value
 * must be the double strtod gives for the same digits. */
START_TEST(digit_values_are_the_doubles_strtod_reads)
{
    enum { N = 4000 };
    static const int frac_lens[] = {0, 1, 2, 4, 5, 6, 9, 12};
    char *text = malloc((size_t)N * 64), (*lit)[48] = malloc((size_t)N * sizeof *lit);
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(lit);
    size_t len = 0;
    uint64_t x = 88172645463325252ull;
    for (int k = 0; k < N; k++) {
        char *d = lit[k];
        int n = 0, whole = 1 + k % 20, frac = frac_lens[(k / 20) % 8];
        for (int b = 0; b < whole; b++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            d[n++] = (char)('0' + (b == 0 && whole > 1 && k % 7 ? 1 + x % 9 : x % 10));
        }
        if (frac) {
            d[n++] = '.';
            for (int b = 0; b < frac; b++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                d[n++] = (char)('0' + x % 10);
            }
        }
        d[n] = 0;
        len += (size_t)sprintf(text + len, "Value %s here.\n", d);
    }
    rk_numlist l = {0};
    rk_text *t = read_numbers(text, len, "en", &l);
    ck_assert_uint_eq(l.n, N);
    for (int k = 0; k < N; k++)
        ck_assert_msg(l.items[k].low == strtod(lit[k], NULL), "%s read as %.17g", lit[k],
                      l.items[k].low);
    rk_numlist_free(&l);
    rk_text_free(t);
    free(text);
    free(lit);
}
END_TEST

START_TEST(names_are_stable_and_none_has_none)
{
    ck_assert_ptr_null(rk_exactness_name(RK_EXACTNESS_NONE));
    ck_assert_str_eq(rk_exactness_name(RK_EXACTNESS_MORE_THAN), "more_than");
    ck_assert_str_eq(rk_exactness_name(RK_EXACTNESS_VAGUE), "vague");
    ck_assert_ptr_null(rk_kind_name(RK_KIND_NONE));
    ck_assert_str_eq(rk_kind_name(RK_KIND_LIST_MARKER), "list_marker");
    ck_assert_str_eq(rk_kind_name(RK_KIND_PHONE), "phone");
    ck_assert_double_eq(rk_numbers_approx_tolerance(reader), 0.1);
}
END_TEST

/* ---- one reader, many threads ----------------------------------------- */

#define N_SEEDS 5
#define N_THREADS 4
#define ROUNDS 8

/* What one thread reads: the shared texts, what one thread found in them. */
typedef struct worker {
    rk_text *const *texts;
    const rk_numlist *want;
    long runs, differ;
} worker;

static int same_number(const rk_number *a, const rk_number *b)
{
    return a->start == b->start && a->end == b->end && a->nstart == b->nstart &&
           a->nend == b->nend && a->expr_nstart == b->expr_nstart &&
           a->expr_nend == b->expr_nend && a->has_low == b->has_low &&
           a->has_high == b->has_high && (!a->has_low || a->low == b->low) &&
           (!a->has_high || a->high == b->high) && a->exactness == b->exactness &&
           a->kind == b->kind && a->unit == b->unit && a->vague == b->vague &&
           a->sentence == b->sentence && a->first_token == b->first_token &&
           a->end_token == b->end_token;
}

static int same_list(const rk_numlist *a, const rk_numlist *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!same_number(&a->items[i], &b->items[i]))
            return 0;
    return 1;
}

static void *read_seeds(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t k = 0; k < N_SEEDS; k++) {
            rk_numlist l = {0};
            rk_error e;
            if (rk_numbers_find(reader, w->texts[k], &l, &e) != RK_OK ||
                !same_list(&l, &w->want[k]))
                w->differ++;
            w->runs++;
            rk_numlist_free(&l);
        }
    }
    return NULL;
}

START_TEST(one_reader_in_four_threads_reads_the_seeds_as_one_thread_does)
{
    const char *names[N_SEEDS] = {"000_a36954025af67d07", "001_0d2c753a87fa6b4a",
                                  "002_9c92fbb985dee3df", "003_5a42c12e227cab77",
                                  "004_91dd7b59b1f721e3"};
    char *data[N_SEEDS];
    rk_text *texts[N_SEEDS];
    rk_numlist one[N_SEEDS];
    size_t total = 0;
    for (size_t k = 0; k < N_SEEDS; k++) {
        char p[1024];
        size_t len;
        snprintf(p, sizeof p, "%s/%s.txt", getenv("RK_FIXTURES"), names[k]);
        data[k] = slurp(p, &len);
        memset(&one[k], 0, sizeof one[k]);
        texts[k] = read_numbers(data[k], len, "ar", &one[k]);
        total += one[k].n;
    }
    ck_assert_uint_gt(total, 100);
    pthread_t tid[N_THREADS];
    worker w[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        w[i] = (worker){texts, one, 0, 0};
        ck_assert_int_eq(pthread_create(&tid[i], NULL, read_seeds, &w[i]), 0);
    }
    for (int i = 0; i < N_THREADS; i++) {
        ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
        ck_assert_int_eq(w[i].runs, ROUNDS * N_SEEDS);
        ck_assert_msg(w[i].differ == 0, "thread %d: %ld of %ld readings differ from one "
                      "thread's", i, w[i].differ, w[i].runs);
    }
    for (size_t k = 0; k < N_SEEDS; k++) {
        rk_numlist_free(&one[k]);
        rk_text_free(texts[k]);
        free(data[k]);
    }
}
END_TEST

/* ---- the filters of the scan ------------------------------------------ */

/* Whether trie edge e leads from the root to a first token of a phrase
 * that can open an expression. */
static int opens_expressions(const rk_numbers_reader *r, const nb_edge *e)
{
    return e->child != NB_NONE && e->parent == 0 && e->len &&
           (r->node_roles[e->child] & NB_START_ROLES);
}

/* Appends to b, one word per line, every prefix joined to every first token
 * of a phrase that can open an expression; returns how many. */
static size_t prefixed_openers(const rk_numbers_reader *r, rk_buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < r->edge_cap; i++) {
        const nb_edge *e = &r->edges[i];
        if (!opens_expressions(r, e))
            continue;
        for (size_t k = 0; k < r->n_prefixes; k++) {
            rk_buf_printf(b, "%s%.*s\n", r->prefixes[k].s, (int)e->len, r->keys + e->key);
            n++;
        }
    }
    return n;
}

/* The scan turns a word away when the key of the whole word is not among
 * those of a prefix and an opening phrase's first token, before trying any
 * prefix. Every such joined word must pass the filter: the words are all of
 * those the slow way (strip each prefix, look the rest up) accepts. */
START_TEST(no_prefix_before_an_opening_word_is_turned_away_by_the_filter)
{
    rk_buf b = {0};
    size_t n = prefixed_openers(reader, &b);
    ck_assert_uint_gt(n, 1000);
    size_t missed = 0;
    const char *first_missed = NULL;
    int first_len = 0;
    for (const char *s = b.data, *nl; (nl = strchr(s, '\n')); s = nl + 1) {
        if (!rk_numbers_can_start(reader, s, (size_t)(nl - s), 1) && !missed++) {
            first_missed = s;
            first_len = (int)(nl - s);
        }
    }
    ck_assert_msg(missed == 0, "%zu of %zu prefixed words turned away, first «%.*s»", missed,
                  n, first_len, first_missed ? first_missed : "");
    rk_buf_free(&b);
}
END_TEST

/* rk_numbers_can_start() the slow way: the plain word, then every prefix
 * compared in full with memcmp. */
static int can_start_by_hand(const rk_numbers_reader *r, const char *s, size_t n)
{
    uint32_t c = nb_trie_child(r, 0, s, n);
    if (c != NB_NONE && (r->node_roles[c] & NB_START_ROLES))
        return 1;
    for (size_t k = 0; k < r->n_prefixes; k++) {
        const nb_prefix *p = &r->prefixes[k];
        if (p->len >= n || memcmp(s, p->s, p->len) != 0)
            continue;
        c = nb_trie_child(r, 0, s + p->len, n - p->len);
        if (c != NB_NONE && (r->node_roles[c] & NB_START_ROLES))
            return 1;
    }
    return 0;
}

/* Prefix matching compares only what the prefix group leaves open: over
 * every prefix joined to every opening word, with each byte of the prefix
 * in turn replaced by another (a near miss, often another prefix), the
 * reader agrees with the slow way. */
START_TEST(near_misses_of_a_prefix_are_told_apart_as_the_slow_way_does)
{
    static const unsigned char other[] = {0x81, 0x83, 0x84, 0x88, 0xA7, 0xA8, 0xD8, 0xD9, 'a'};
    const rk_numbers_reader *r = reader;
    char buf[256];
    size_t tried = 0, yes = 0, differ = 0;
    for (size_t i = 0; i < r->edge_cap; i++) {
        const nb_edge *e = &r->edges[i];
        if (!opens_expressions(r, e))
            continue;
        for (size_t k = 0; k < r->n_prefixes; k++) {
            const nb_prefix *p = &r->prefixes[k];
            size_t n = p->len + e->len;
            ck_assert_uint_le(n, sizeof buf);
            memcpy(buf, p->s, p->len);
            memcpy(buf + p->len, r->keys + e->key, e->len);
            for (size_t j = 0; j < p->len; j++) {
                for (size_t o = 0; o < sizeof other; o++) {
                    buf[j] = (char)other[o];
                    int slow = can_start_by_hand(r, buf, n);
                    differ += rk_numbers_can_start(r, buf, n, 1) != slow;
                    yes += slow;
                    tried++;
                }
                buf[j] = p->s[j];
            }
        }
    }
    ck_assert_uint_gt(yes, 1000);
    ck_assert_uint_gt(tried - yes, 1000);
    ck_assert_msg(differ == 0, "%zu of %zu near misses read otherwise than the slow way",
                  differ, tried);
}
END_TEST

/* A per-token root-child array as rk_numbers_find starts it: every token
 * unseen. */
static uint32_t *unseen_roots(const rk_text *t)
{
    uint32_t *root = malloc((t->n_tokens ? t->n_tokens : 1) * sizeof *root);
    ck_assert_ptr_nonnull(root);
    memset(root, 0xFE, t->n_tokens * sizeof *root);
    return root;
}

/* A text as the scan reads it: the text of s[0..len), its per-token root
 * children unseen and, when memo is 1, a memo as the scan starts it. */
typedef struct test_doc {
    rk_text *t;
    nb_memo memo;
    nb_doc d;
} test_doc;

static void doc_open(test_doc *x, const char *s, size_t len, const char *lang, int memo)
{
    x->t = text_of(s, len, lang);
    memset(&x->memo, 0xFF, sizeof x->memo);
    x->d = (nb_doc){reader, x->t, unseen_roots(x->t), memo ? &x->memo : NULL};
}

static void doc_close(test_doc *x)
{
    free(x->d.root);
    rk_text_free(x->t);
}

/* A text made by hand of the first token of every phrase, each a token of
 * its own kind `kind` in a sentence of its own (not read by the text stage,
 * which may split a token of the lexicon otherwise): edge[i] is the root
 * edge of token i. */
typedef struct first_tokens {
    rk_text t;
    const nb_edge **edge;
} first_tokens;

static void first_tokens_make(first_tokens *f, uint8_t kind)
{
    const rk_numbers_reader *r = reader;
    rk_buf norm = {0};
    memset(f, 0, sizeof *f);
    f->t.tokens = calloc(r->edge_cap, sizeof *f->t.tokens);
    f->edge = calloc(r->edge_cap, sizeof *f->edge);
    ck_assert(f->t.tokens && f->edge);
    for (size_t i = 0; i < r->edge_cap; i++) {
        const nb_edge *e = &r->edges[i];
        if (e->child == NB_NONE || e->parent != 0 || !e->len)
            continue;
        rk_token *k = &f->t.tokens[f->t.n_tokens];
        k->start = (uint32_t)norm.len;
        rk_buf_append(&norm, r->keys + e->key, e->len);
        k->end = (uint32_t)norm.len;
        rk_buf_append(&norm, " ", 1);
        k->kind = kind;
        k->space_before = 1;
        k->sentence = (uint32_t)f->t.n_tokens;
        f->edge[f->t.n_tokens++] = e;
    }
    f->t.norm = norm.data;
    f->t.norm_len = norm.len;
    ck_assert_int_eq(rk_text_mix_tokens(&f->t), RK_OK);
}

static void first_tokens_free(first_tokens *f)
{
    free(f->t.norm);
    free(f->t.tokens);
    free(f->t.mix);
    free(f->edge);
}

/* The key filters turn away no first token of a phrase, long or short
 * (one or two bytes, where mixes of few bytes meet): a lookup finds each at the root (through root_keys), and each that can
 * open an expression is kept by the scan's test (open_keys, start_keys)
 * and by the test of the text alone. */
START_TEST(no_first_token_of_a_phrase_is_turned_away_by_the_key_filters)
{
    const rk_numbers_reader *r = reader;
    first_tokens f;
    first_tokens_make(&f, RK_TOK_PUNCT); /* a word would also ask the next token */
    uint32_t *seen = unseen_roots(&f.t), *asked = unseen_roots(&f.t);
    nb_doc found = {r, &f.t, seen, NULL}, scan = {r, &f.t, asked, NULL};
    size_t opening = 0, short_ones = 0, short_opening = 0;
    for (size_t i = 0; i < f.t.n_tokens; i++) {
        const nb_edge *e = f.edge[i];
        const char *w = r->keys + e->key;
        int opens = (r->node_roles[e->child] & NB_START_ROLES) != 0;
        /* nb_may_read_as() of a token that is no word asks the root alone */
        ck_assert_msg(nb_may_read_as(&found, i, r->node_roles[e->child]),
                      "«%.*s»: not found at the root", (int)e->len, w);
        ck_assert_msg(seen[i] == e->child, "«%.*s»: another child", (int)e->len, w);
        if (opens) {
            ck_assert_msg(nb_can_start(&scan, i), "«%.*s»: turned away by the scan",
                          (int)e->len, w);
            ck_assert_msg(rk_numbers_can_start(r, w, e->len, 0) &&
                              rk_numbers_can_start(r, w, e->len, 1),
                          "«%.*s»: turned away by the text alone", (int)e->len, w);
        }
        opening += (size_t)opens;
        short_ones += e->len <= 2;
        short_opening += e->len <= 2 && opens;
    }
    ck_assert_uint_gt(opening, 100);
    ck_assert_uint_gt(short_ones, 10);
    ck_assert_uint_gt(short_opening, 5);
    free(seen);
    free(asked);
    first_tokens_free(&f);
}
END_TEST

/* The scan's test of each token (nb_can_start, with the root child it may
 * keep) keeps no token rk_numbers_can_start() turns away on the token's
 * text, over the prefixed words that open an expression and the same words
 * less their last or their first letter (which mostly open nothing). The
 * scan may turn away more: a word whose phrases all go on past it, when the
 * word after it does not go on ("a" before "house"). */
START_TEST(the_scan_keeps_no_token_the_text_alone_turns_away)
{
    rk_buf b = {0}, cut = {0};
    prefixed_openers(reader, &b);
    for (const char *s = b.data, *nl; (nl = strchr(s, '\n')); s = nl + 1) {
        int n = (int)(nl - s), last = n, first = 1;
        while (last > 0 && ((unsigned char)s[last - 1] & 0xC0) == 0x80)
            last--;
        last = last > 0 ? last - 1 : 0;
        while (first < n && ((unsigned char)s[first] & 0xC0) == 0x80)
            first++;
        rk_buf_printf(&cut, "%.*s\n%.*s\n", last, s, n - first, s + first);
    }
    rk_buf_append(&b, cut.data, cut.len);
    test_doc x;
    doc_open(&x, b.data, b.len, "ar", 0);
    const rk_text *t = x.t;
    nb_doc d = x.d;
    size_t yes = 0, no = 0;
    for (size_t i = 0; i < t->n_tokens; i++) {
        size_t n;
        const char *s = nb_tok(t, i, &n);
        int slow = rk_numbers_can_start(reader, s, n, t->tokens[i].kind == RK_TOK_WORD);
        int scan = nb_can_start(&d, i);
        ck_assert_msg(!scan || slow, "token %zu «%.*s»: kept by the scan, not by the text",
                      i, (int)n, s);
        ck_assert_msg(scan == slow || t->tokens[i].kind == RK_TOK_WORD,
                      "token %zu «%.*s»: turned away by the scan, not a word", i, (int)n, s);
        *(slow ? &yes : &no) += 1;
    }
    ck_assert_uint_gt(yes, 1000);
    ck_assert_uint_gt(no, 1000);
    doc_close(&x);
    rk_buf_free(&cut);
    rk_buf_free(&b);
}
END_TEST

/* Appends to b, for each first token w of a phrase with a start role whose
 * node carries no entry with one (every such phrase goes on past w), the
 * lines "w x" for each x that goes on from w, and "w" before a word that
 * goes on from no node. Returns how many words w. */
static size_t words_that_go_on(const rk_numbers_reader *r, rk_buf *b)
{
    size_t words = 0;
    for (size_t i = 0; i < r->edge_cap; i++) {
        const nb_edge *e = &r->edges[i];
        if (!opens_expressions(r, e))
            continue;
        int own = 0;
        for (uint32_t k = r->node_first[e->child]; k != NB_NONE; k = r->entries[k].next)
            own |= (NB_START_ROLES & NB_MASK(r->entries[k].role)) != 0;
        if (own)
            continue;
        words++;
        rk_buf_printf(b, "%.*s qqqz\n", (int)e->len, r->keys + e->key);
        for (size_t j = 0; j < r->edge_cap; j++)
            if (r->edges[j].child != NB_NONE && r->edges[j].parent == e->child)
                rk_buf_printf(b, "%.*s %.*s\n", (int)e->len, r->keys + e->key,
                              (int)r->edges[j].len, r->keys + r->edges[j].key);
    }
    return words;
}

/* A word whose phrases all go on past it opens nothing when the word after
 * it goes on from none of them ("a" before "house"): the scan turns it away
 * at once although the text alone keeps it, and keeps it before a word that
 * goes on ("a dozen", "a couple of"). Every word it turns away reads as
 * nothing (the test after this one); here both outcomes are seen. */
START_TEST(a_word_whose_phrases_all_go_on_opens_only_before_a_word_that_goes_on)
{
    rk_buf b = {0};
    size_t words = words_that_go_on(reader, &b);
    ck_assert_uint_gt(words, 10);
    test_doc x;
    doc_open(&x, b.data, b.len, "en", 1);
    const rk_text *t = x.t;
    nb_doc d = x.d;
    size_t away = 0, kept = 0;
    for (size_t i = 0; i < t->n_tokens; i++) {
        size_t n;
        const char *s = nb_tok(t, i, &n);
        nb_match m;
        nb_core c;
        if (t->tokens[i].kind != RK_TOK_WORD || !rk_numbers_can_start(reader, s, n, 1))
            continue;
        int opens = nb_lookup(&d, i, NB_START_ROLES, &m) || nb_read_words(&d, i, &c);
        if (nb_can_start(&d, i)) {
            kept += opens;
            continue;
        }
        away++;
        ck_assert_msg(!opens, "token %zu «%.*s»: turned away, yet it reads", i, (int)n, s);
    }
    ck_assert_uint_gt(away, 10);
    ck_assert_uint_gt(kept, 10);
    doc_close(&x);
    rk_buf_free(&b);
}
END_TEST

/* Token i of a doc with the memo and of one without read alike for mask. */
static void same_lookups(const nb_doc *fast, const nb_doc *slow, size_t i, uint32_t mask,
                         size_t *hits)
{
    for (int plain = 0; plain < 2; plain++) {
        nb_match a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        int fa = plain ? nb_lookup_plain(fast, i, mask, &a) : nb_lookup(fast, i, mask, &a);
        int fb = plain ? nb_lookup_plain(slow, i, mask, &b) : nb_lookup(slow, i, mask, &b);
        size_t n;
        const char *s = nb_tok(slow->t, i, &n);
        ck_assert_msg(fa == fb && (!fa || (a.e == b.e && a.end == b.end &&
                                           a.pfx_len == b.pfx_len &&
                                           a.pfx_skip == b.pfx_skip &&
                                           a.pfx_cls == b.pfx_cls)),
                      "token %zu «%.*s», roles %#x%s: with the memo %d (end %zu, prefix %zu), "
                      "without %d (end %zu, prefix %zu)",
                      i, (int)n, s, mask, plain ? ", plain" : "", fa, a.end, a.pfx_len, fb,
                      b.end, b.pfx_len);
        *hits += (size_t)fa;
    }
}

/* The languages of the case table, in the order case_inputs() fills. */
static const char *const langs[] = {"ar", "en", "ru"};

/* The inputs of the case table (what stands before "|"), a line each, into
 * in[k] for langs[k], k < 3. A pointer, not "rk_buf in[3]": with the
 * sanitizers GCC warned that a caller's three buffers were 8 bytes. */
static void case_inputs(rk_buf *in)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/numbers/cases.txt", getenv("RK_SOURCE_ROOT"));
    FILE *fp = fopen(path, "r");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    char line[4096], langbuf[8];
    int cur = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, "@lang %7s", langbuf) == 1) {
            for (int k = 0; k < 3; k++)
                if (strcmp(langbuf, langs[k]) == 0)
                    cur = k;
            continue;
        }
        char *bar = strchr(line, '|');
        if (bar)
            rk_buf_printf(&in[cur], "%.*s\n", (int)(bar - line), line);
    }
    fclose(fp);
}

/* The case table's inputs with every prefixed opening word among the
 * Arabic ones, read as one document per language (langs[k]), with the
 * scan's memo or without: what the tests that hold a lookup of the scan to
 * a slower one read. */
typedef struct case_docs {
    rk_buf in[3];
    test_doc x[3];
} case_docs;

static void case_docs_open(case_docs *c, int memo)
{
    for (int k = 0; k < 3; k++)
        c->in[k] = (rk_buf)RK_BUF_INIT;
    case_inputs(c->in);
    prefixed_openers(reader, &c->in[0]);
    for (int k = 0; k < 3; k++)
        doc_open(&c->x[k], c->in[k].data, c->in[k].len, langs[k], memo);
}

static void case_docs_close(case_docs *c)
{
    for (int k = 0; k < 3; k++) {
        doc_close(&c->x[k]);
        rk_buf_free(&c->in[k]);
    }
}

/* The memo the scan keeps (the children of nodes for tokens, found past the
 * filter of each node's children; the prefixed readings of the last word)
 * answers every lookup as the trie does without it: the case table's inputs and every prefixed opening word, each token
 * asked for each role, one token and another a few tokens on in turn so
 * that kept entries are both found again and pushed out. */
START_TEST(lookups_through_the_memo_read_as_lookups_without_it)
{
    case_docs docs;
    case_docs_open(&docs, 1);
    size_t hits = 0, asked = 0, with_prefix = 0;
    for (int k = 0; k < 3; k++) {
        const test_doc *x = &docs.x[k];
        const rk_text *t = x->t;
        uint32_t *root_b = unseen_roots(t);
        nb_doc fast = x->d, slow = {reader, t, root_b, NULL};
        for (size_t i = 0; i < t->n_tokens; i++) {
            for (uint32_t role = 1; role <= NB_ROLE_COUNT; role++) {
                uint32_t mask = role == NB_ROLE_COUNT ? NB_START_ROLES : NB_MASK(role);
                same_lookups(&fast, &slow, i, mask, &hits);
                if (i + 3 < t->n_tokens)
                    same_lookups(&fast, &slow, i + 3, mask, &hits);
                asked++;
            }
            nb_match m;
            with_prefix += nb_lookup(&slow, i, NB_START_ROLES, &m) && m.pfx_len;
        }
        free(root_b);
    }
    case_docs_close(&docs);
    ck_assert_uint_gt(hits, 1000);
    ck_assert_uint_gt(with_prefix, 1000);
    ck_assert_uint_gt(asked, 10000);
}
END_TEST

/* The longest phrase from token i, whose first token (past a prefix of
 * class cls, 0: none) is s[0..n), with an entry of a role in mask that
 * accepts cls: the trie walked by hand, a child at a time, every entry of
 * every node read. Returns the token after it and sets *e, or 0. */
static size_t walk_by_hand(const rk_text *t, size_t i, const char *s, size_t n, uint32_t mask,
                           uint8_t cls, const nb_entry **e)
{
    const rk_numbers_reader *r = reader;
    size_t best = 0;
    uint32_t node = n ? nb_trie_child(r, 0, s, n) : NB_NONE;
    for (size_t j = i; node != NB_NONE;) {
        for (uint32_t k = r->node_first[node]; k != NB_NONE; k = r->entries[k].next) {
            const nb_entry *x = &r->entries[k];
            if ((mask & NB_MASK(x->role)) && (!cls || (x->prefixes & cls))) {
                *e = x;
                best = j + 1;
                break;
            }
        }
        if (!nb_same_sentence(t, i, ++j))
            break;
        size_t m;
        const char *w = nb_tok(t, j, &m);
        node = nb_trie_child(r, node, w, m);
    }
    return best;
}

/* nb_lookup() and nb_lookup_plain(), which stop a walk at a node with
 * nothing asked for below it and read a first token with nothing below it
 * without walking on, find what a walk by hand finds: over the case table's
 * inputs and every prefixed opening word, each token asked for each role,
 * the plain reading first and then each prefix that starts the word in the
 * reader's order, the longer phrase winning. */
START_TEST(a_lookup_finds_the_longest_phrase_a_walk_by_hand_finds)
{
    const rk_numbers_reader *r = reader;
    case_docs docs;
    case_docs_open(&docs, 1);
    size_t one = 0, longer = 0, prefixed = 0;
    for (int k = 0; k < 3; k++) {
        const test_doc *x = &docs.x[k];
        const rk_text *t = x->t;
        nb_doc d = x->d;
        for (size_t i = 0; i < t->n_tokens; i++) {
            size_t n;
            const char *s = nb_tok(t, i, &n);
            for (uint32_t role = 1; role <= NB_ROLE_COUNT; role++) {
                uint32_t mask = role == NB_ROLE_COUNT ? NB_START_ROLES : NB_MASK(role);
                const nb_entry *pe = NULL, *he = NULL;
                size_t plain = walk_by_hand(t, i, s, n, mask, 0, &pe), end = plain, pfx = 0;
                he = pe;
                for (size_t q = 0; t->tokens[i].kind == RK_TOK_WORD && q < r->n_prefixes; q++) {
                    const nb_prefix *p = &r->prefixes[q];
                    const nb_entry *qe = NULL;
                    if (p->len >= n || memcmp(s, p->s, p->len) != 0)
                        continue;
                    size_t e2 = walk_by_hand(t, i, s + p->len, n - p->len, mask, p->cls, &qe);
                    if (e2 > end) {
                        end = e2;
                        he = qe;
                        pfx = p->len;
                    }
                }
                nb_match a, b;
                memset(&a, 0, sizeof a);
                memset(&b, 0, sizeof b);
                int fa = nb_lookup_plain(&d, i, mask, &a), fb = nb_lookup(&d, i, mask, &b);
                ck_assert_msg(fa == (plain > 0) && (!fa || (a.e == pe && a.end == plain)),
                              "token %zu «%.*s», roles %#x, plain: found %d (end %zu), by "
                              "hand %zu", i, (int)n, s, mask, fa, a.end, plain);
                ck_assert_msg(fb == (end > 0) && (!fb || (b.e == he && b.end == end &&
                                                          b.pfx_len == pfx)),
                              "token %zu «%.*s», roles %#x: found %d (end %zu, prefix %zu), by "
                              "hand %zu (prefix %zu)", i, (int)n, s, mask, fb, b.end, b.pfx_len,
                              end, pfx);
                one += end == i + 1;
                longer += end > i + 1;
                prefixed += end && pfx;
            }
        }
    }
    case_docs_close(&docs);
    ck_assert_uint_gt(one, 1000);
    ck_assert_uint_gt(longer, 100);
    ck_assert_uint_gt(prefixed, 1000);
}
END_TEST

/* expression() takes the prefix it found at a word for the comparator there
 * when that prefix is a comparator, without a lookup of comparators alone:
 * over the case table's inputs and the prefixed opening words, that lookup
 * finds the same match wherever the prefix lookup finds a comparator. */
START_TEST(a_prefix_found_that_is_a_comparator_is_the_comparator_found)
{
    case_docs docs;
    case_docs_open(&docs, 1);
    size_t same = 0;
    for (int k = 0; k < 3; k++) {
        const test_doc *x = &docs.x[k];
        const rk_text *t = x->t;
        nb_doc d = x->d;
        for (size_t i = 0; i < t->n_tokens; i++) {
            nb_match p, c;
            memset(&c, 0, sizeof c);
            if (!nb_lookup(&d, i, NB_PREFIX_ROLES, &p) || p.e->role != NB_CMP_BEFORE)
                continue;
            size_t n;
            const char *s = nb_tok(t, i, &n);
            int found = nb_lookup(&d, i, NB_MASK(NB_CMP_BEFORE), &c);
            ck_assert_msg(found && c.e == p.e && c.end == p.end && c.pfx_len == p.pfx_len &&
                              c.pfx_skip == p.pfx_skip && c.pfx_cls == p.pfx_cls,
                          "%s token %zu «%.*s»: comparator %d (end %zu, prefix %zu), "
                          "as a prefix end %zu, prefix %zu",
                          langs[k], i, (int)n, s, found, c.end, c.pfx_len, p.end, p.pfx_len);
            same++;
        }
    }
    case_docs_close(&docs);
    ck_assert_uint_gt(same, 100);
}
END_TEST

/* expression() looks for a comparator with a window only where
 * nb_may_read_as() says some reading of the word leads to one: over the case
 * table's inputs and the prefixed opening words, with the prefix lookup made
 * first as the scan makes it, and for every role as well, nb_may_read_as()
 * never says no where the lookup finds something. */
START_TEST(no_word_that_reads_as_a_role_is_turned_away_by_the_node_roles)
{
    case_docs docs;
    case_docs_open(&docs, 1);
    size_t windowed = 0, prefixed = 0, found = 0, away = 0;
    for (int k = 0; k < 3; k++) {
        const test_doc *x = &docs.x[k];
        const rk_text *t = x->t;
        nb_doc d = x->d;
        for (size_t i = 0; i < t->n_tokens; i++) {
            nb_match m;
            size_t n;
            const char *s = nb_tok(t, i, &n);
            nb_lookup(&d, i, NB_PREFIX_ROLES, &m);
            if (nb_lookup(&d, i, NB_MASK(NB_CMP_BEFORE), &m) && m.e->window) {
                ck_assert_msg(nb_may_read_as(&d, i, NB_WINDOWED),
                              "%s token %zu «%.*s»: a comparator with a window, turned away",
                              langs[k], i, (int)n, s);
                windowed++;
                prefixed += m.pfx_len > 0;
            }
            for (uint32_t role = 1; role < NB_ROLE_COUNT; role++) {
                int may = nb_may_read_as(&d, i, NB_MASK(role));
                if (nb_lookup(&d, i, NB_MASK(role), &m)) {
                    ck_assert_msg(may, "%s token %zu «%.*s»: role %u found, turned away",
                                  langs[k], i, (int)n, s, role);
                    found++;
                } else {
                    away += !may;
                }
            }
        }
    }
    case_docs_close(&docs);
    ck_assert_uint_gt(windowed, 10);
    ck_assert_uint_gt(prefixed, 10);
    ck_assert_uint_gt(found, 1000);
    ck_assert_uint_gt(away, 1000);
}
END_TEST

/* The scan drops a prefix ("in") at once when the word after it opens
 * nothing by nb_can_start: it takes that to mean the word is neither a
 * prefix nor a number word. Over the case table's inputs and the prefixed
 * opening words, whole and less a letter, every token nb_can_start turns
 * away reads as nothing with any start role and as no number word. */
START_TEST(a_token_that_can_start_nothing_reads_as_no_prefix_and_no_number_word)
{
    rk_buf in[3] = {RK_BUF_INIT, RK_BUF_INIT, RK_BUF_INIT};
    case_inputs(in);
    rk_buf openers = {0};
    prefixed_openers(reader, &openers);
    for (const char *s = openers.data, *nl; (nl = strchr(s, '\n')); s = nl + 1) {
        int n = (int)(nl - s), first = 1;
        while (first < n && ((unsigned char)s[first] & 0xC0) == 0x80)
            first++;
        rk_buf_printf(&in[0], "%.*s\n%.*s\n", n, s, n - first, s + first);
    }
    size_t away = 0, kept = 0;
    for (int k = 0; k < 3; k++) {
        test_doc x;
        doc_open(&x, in[k].data, in[k].len, langs[k], 0);
        const rk_text *t = x.t;
        nb_doc d = x.d;
        for (size_t i = 0; i < t->n_tokens; i++) {
            size_t n;
            const char *s = nb_tok(t, i, &n);
            nb_match m;
            nb_core c;
            int opens = nb_lookup(&d, i, NB_START_ROLES, &m) || nb_read_words(&d, i, &c);
            if (nb_can_start(&d, i)) {
                kept++;
                continue;
            }
            away++;
            ck_assert_msg(!opens, "%s token %zu «%.*s»: turned away, yet it reads", langs[k],
                          i, (int)n, s);
        }
        doc_close(&x);
        rk_buf_free(&in[k]);
    }
    rk_buf_free(&openers);
    ck_assert_uint_gt(away, 1000);
    ck_assert_uint_gt(kept, 1000);
}
END_TEST

/* nb_read_digits() reads a digit run that nothing after it can carry on
 * (no glued separator, no digit run next) at once, as a plain integer: over
 * the case table's inputs and digit runs before every kind of token that
 * may or may not carry them on, it reads every digit run as
 * nb_read_digits_shaped(), which tries every shape, reads it. */
START_TEST(a_digit_run_read_at_once_reads_as_every_shape_tried_reads_it)
{
    static const char *const after[] = {
        " word", "word", "%", " %", ":30", ":3", ":", " :30", "/1/2020", "/1/20", "/", " /1",
        "-5", "-х", "-", " - 5", ".5", ".500", ".", " .5", ",5", ",500", ",", " ,500",
        " 000", " 500 people", " 5", "\xc2\xa0" "000", "\xe2\x80\xaf" "000", "", " 12:30",
        " million", "m", "\n5", ". 5"};
    rk_buf in[3] = {RK_BUF_INIT, RK_BUF_INIT, RK_BUF_INIT};
    case_inputs(in);
    for (size_t a = 0; a < sizeof after / sizeof *after; a++)
        for (int k = 0; k < 3; k++)
            rk_buf_printf(&in[k], "Value 7%s and 12%s then 1234%s here 123456%s\n12%s\n",
                          after[a], after[a], after[a], after[a], after[a]);
    size_t runs = 0, plain = 0, shaped = 0;
    for (int k = 0; k < 3; k++) {
        test_doc x;
        doc_open(&x, in[k].data, in[k].len, langs[k], 0);
        const rk_text *t = x.t;
        nb_doc d = x.d;
        for (size_t i = 0; i < t->n_tokens; i++) {
            if (t->tokens[i].kind != RK_TOK_NUMBER)
                continue;
            nb_core a, b;
            memset(&a, 0x5A, sizeof a);
            memset(&b, 0x5A, sizeof b);
            int fa = nb_read_digits(&d, i, &a), fb = nb_read_digits_shaped(&d, i, &b);
            size_t n;
            const char *s = nb_tok(t, i, &n);
            ck_assert_msg(fa == fb && (!fa || (a.first == b.first && a.end == b.end &&
                                               a.nstart == b.nstart && a.nend == b.nend &&
                                               a.low == b.low && a.high == b.high &&
                                               a.exactness == b.exactness &&
                                               a.kind == b.kind && a.unit == b.unit &&
                                               a.vague == b.vague && a.scale == b.scale &&
                                               a.plain_int == b.plain_int &&
                                               a.ndigits == b.ndigits && a.words == b.words &&
                                               a.share == b.share && a.month == b.month &&
                                               a.after_noun == b.after_noun)),
                          "%s token %zu «%.*s»: at once %d (end %zu, %.17g, plain %d, "
                          "kind %d), every shape %d (end %zu, %.17g, plain %d, kind %d)",
                          langs[k], i, (int)n, s, fa, a.end, a.low, a.plain_int, a.kind, fb,
                          b.end, b.low, b.plain_int, b.kind);
            runs++;
            if (fb)
                *(b.plain_int && b.end == i + 1 ? &plain : &shaped) += 1;
        }
        doc_close(&x);
        rk_buf_free(&in[k]);
    }
    ck_assert_uint_gt(runs, 1000);
    ck_assert_uint_gt(plain, 500);
    ck_assert_uint_gt(shaped, 200);
}
END_TEST

/* Two readings of numbers made of words are the same. */
static int same_core(const nb_core *a, const nb_core *b)
{
    return a->first == b->first && a->end == b->end && a->nstart == b->nstart &&
           a->nend == b->nend && a->low == b->low && a->high == b->high &&
           a->exactness == b->exactness && a->kind == b->kind && a->unit == b->unit &&
           a->vague == b->vague && a->scale == b->scale && a->plain_int == b->plain_int &&
           a->ndigits == b->ndigits && a->words == b->words && a->share == b->share &&
           a->month == b->month && a->after_noun == b->after_noun;
}

/* nb_read_words() looks a word up for a role only where some reading of it
 * (plain or past a prefix) leads to one; it reads every word of the case
 * table's inputs and every prefixed opening word as a reader that looks
 * every role up does, the scan's memo on one side and none on the other. */
START_TEST(a_number_in_words_reads_as_every_role_looked_up_reads_it)
{
    case_docs fc, sc; /* the same inputs, with the memo and without */
    case_docs_open(&fc, 1);
    case_docs_open(&sc, 0);
    size_t read = 0, vague = 0, shares = 0, prefixed = 0;
    for (int k = 0; k < 3; k++) {
        const test_doc *fx = &fc.x[k], *sx = &sc.x[k];
        const rk_text *t = fx->t;
        for (size_t i = 0; i < t->n_tokens; i++) {
            nb_core a, b;
            memset(&a, 0x5A, sizeof a);
            memset(&b, 0x5A, sizeof b);
            int fa = nb_read_words(&fx->d, i, &a), fb = nb_read_words_every_role(&sx->d, i, &b);
            size_t n;
            const char *s = nb_tok(t, i, &n);
            ck_assert_msg(fa == fb && (!fa || same_core(&a, &b)),
                          "%s token %zu «%.*s»: filtered %d (end %zu, %.17g), every role %d "
                          "(end %zu, %.17g)",
                          langs[k], i, (int)n, s, fa, a.end, a.low, fb, b.end, b.low);
            read += (size_t)fa;
            vague += fa && a.vague;
            shares += fa && a.share;
            prefixed += fa && a.nstart != t->tokens[i].start;
        }
    }
    case_docs_close(&fc);
    case_docs_close(&sc);
    ck_assert_uint_gt(read, 1000);
    ck_assert_uint_gt(vague, 20);
    ck_assert_uint_gt(shares, 5);
    ck_assert_uint_gt(prefixed, 100);
}
END_TEST

/* ---- the scan's skip of runs of tokens -------------------------------- */

/* The numbers of t with rk_numbers_find() finding where to start through
 * nb_next_start() (skip 1) or asking nb_can_start() of each token (0). */
static void find_with_skip_by(const rk_numbers_reader *r, const rk_text *t, int skip,
                              rk_numlist *l)
{
    rk_error e;
    rk_error_clear(&e);
    int was = nb_set_skip_runs(skip);
    rk_status st = rk_numbers_find(r, t, l, &e);
    nb_set_skip_runs(was);
    ck_assert_msg(st == RK_OK, "numbers: %s", e.message);
}

static void find_with_skip(const rk_text *t, int skip, rk_numlist *l)
{
    find_with_skip_by(reader, t, skip, l);
}

/* Reads s[0..len) in lang both ways; returns how many numbers, and counts
 * a text read otherwise in *differ. */
static size_t read_both_ways(const char *s, size_t len, const char *lang, size_t *differ)
{
    rk_text *t = text_of(s, len, lang);
    rk_numlist fast = {0}, slow = {0};
    find_with_skip(t, 1, &fast);
    find_with_skip(t, 0, &slow);
    size_t n = slow.n;
    if (!same_list(&fast, &slow) && !(*differ)++)
        fprintf(stderr, "%s: %zu numbers with runs skipped, %zu without, in «%.*s»\n", lang,
                fast.n, slow.n, (int)(len < 300 ? len : 300), s);
    rk_numlist_free(&fast);
    rk_numlist_free(&slow);
    rk_text_free(t);
    return n;
}

/* A token soup of n tokens in b: tokens of the reader's own phrases (every
 * edge's token, first or not), prefixed opening words, digits, signs and
 * words of no phrase, drawn by a fixed generator, mostly apart and
 * sometimes glued. */
static void token_soup(rk_buf *b, const rk_buf *openers, size_t n, uint64_t *seed)
{
    static const char *const other[] = {"7", "2020", "1,500", "12.5", "3", "30", ".", "-",
                                        "%", "$", ",", ":", "\n", "house", "the", "of",
                                        "يوم", "дом"};
    const rk_numbers_reader *r = reader;
    for (size_t k = 0; k < n; k++) {
        *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t x = *seed >> 17;
        if (x % 5 == 0) {
            rk_buf_printf(b, "%s", other[(x / 5) % (sizeof other / sizeof other[0])]);
        } else if (x % 5 == 1 && openers->len) {
            const char *s = openers->data + (x / 5) % openers->len, *e;
            while (s > openers->data && s[-1] != '\n')
                s--;
            e = strchr(s, '\n');
            rk_buf_append(b, s, (size_t)(e - s));
        } else {
            size_t i = (x / 5) % r->edge_cap;
            while (r->edges[i].child == NB_NONE || !r->edges[i].len)
                i = (i + 1) % r->edge_cap;
            rk_buf_append(b, r->keys + r->edges[i].key, r->edges[i].len);
        }
        rk_buf_append(b, x % 11 == 0 ? "" : " ", x % 11 == 0 ? 0 : 1);
    }
}

/* rk_numbers_find() skips the tokens nb_can_start() would turn away in one
 * loop (nb_next_start): it reads the case table's inputs, the seed
 * articles and random soups of the reader's own tokens exactly as asking
 * nb_can_start() of each token does. */
START_TEST(skipping_runs_of_tokens_reads_as_asking_each_token)
{
    size_t differ = 0, numbers = 0;
    rk_buf in[3] = {RK_BUF_INIT, RK_BUF_INIT, RK_BUF_INIT}, openers = RK_BUF_INIT;
    case_inputs(in);
    prefixed_openers(reader, &openers);
    for (int k = 0; k < 3; k++) {
        numbers += read_both_ways(in[k].data, in[k].len, langs[k], &differ);
        rk_buf_free(&in[k]);
    }
    const char *names[] = {"000_a36954025af67d07", "001_0d2c753a87fa6b4a",
                           "002_9c92fbb985dee3df"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char p[1024];
        size_t len;
        snprintf(p, sizeof p, "%s/%s.txt", getenv("RK_FIXTURES"), names[k]);
        char *data = slurp(p, &len);
        numbers += read_both_ways(data, len, "ar", &differ);
        free(data);
    }
    uint64_t seed = 19;
    for (int round = 0; round < 60; round++) {
        rk_buf b = RK_BUF_INIT;
        token_soup(&b, &openers, 400, &seed);
        numbers += read_both_ways(b.data, b.len, langs[round % 3], &differ);
        rk_buf_free(&b);
    }
    rk_buf_free(&openers);
    ck_assert_uint_gt(numbers, 5000);
    ck_assert_msg(differ == 0, "%zu texts read otherwise with runs skipped", differ);
}
END_TEST

static void add_more_tests(TCase *tc)
{
    tcase_add_test(tc, skipping_runs_of_tokens_reads_as_asking_each_token);
    tcase_add_test(tc, lookups_through_the_memo_read_as_lookups_without_it);
    tcase_add_test(tc, a_lookup_finds_the_longest_phrase_a_walk_by_hand_finds);
    tcase_add_test(tc, a_token_that_can_start_nothing_reads_as_no_prefix_and_no_number_word);
    tcase_add_test(tc, no_prefix_before_an_opening_word_is_turned_away_by_the_filter);
    tcase_add_test(tc, no_first_token_of_a_phrase_is_turned_away_by_the_key_filters);
    tcase_add_test(tc, the_scan_keeps_no_token_the_text_alone_turns_away);
    tcase_add_test(tc, a_prefix_found_that_is_a_comparator_is_the_comparator_found);
    tcase_add_test(tc, no_word_that_reads_as_a_role_is_turned_away_by_the_node_roles);
    tcase_add_test(tc, a_word_whose_phrases_all_go_on_opens_only_before_a_word_that_goes_on);
    tcase_add_test(tc, near_misses_of_a_prefix_are_told_apart_as_the_slow_way_does);
    tcase_add_test(tc, one_reader_in_four_threads_reads_the_seeds_as_one_thread_does);
    tcase_add_test(tc, a_sentence_of_sixty_thousand_numbers_reads_in_linear_time);
    tcase_add_test(tc, a_comparator_after_the_noun_leaves_the_noun_after_the_number);
    tcase_add_test(tc, spans_point_at_the_original_bytes_past_a_clitic_and_harakat);
    tcase_add_test(tc, a_cue_that_does_not_decide_the_kind_is_left_out_of_the_expression);
    tcase_add_test(tc, a_reader_without_rules_still_reads_digits);
    tcase_add_test(tc, digit_values_are_the_doubles_strtod_reads);
    tcase_add_test(tc, a_digit_run_read_at_once_reads_as_every_shape_tried_reads_it);
    tcase_add_test(tc, a_number_in_words_reads_as_every_role_looked_up_reads_it);
    tcase_add_test(tc, names_are_stable_and_none_has_none);
}

/* A word of two bytes made of a prefix of one byte and a first token of one
 * byte has a key of its own, as a token of two bytes does, and the filter
 * of prefixed starts lets it through; a word of two bytes that no prefix
 * starts is turned away, as the slow way turns it away. */
START_TEST(a_word_of_two_bytes_past_a_prefix_of_one_is_let_through_the_filter)
{
    char msg[2048];
    rk_numbers_reader *r = NULL;
    ck_assert_int_eq(load_data_kept(HEAD "<prefix class=\"clitic\">q</prefix>\n"
                                         "<cardinal value=\"1\">z|won</cardinal>\n" TAIL,
                                    msg, sizeof msg, &r),
                     RK_OK);
    ck_assert_msg(rk_numbers_can_start(r, "z", 1, 1), "the plain word");
    ck_assert_msg(rk_numbers_can_start(r, "qz", 2, 1), "the word past its prefix");
    ck_assert_msg(rk_numbers_can_start(r, "qwon", 4, 1), "a longer word past its prefix");
    ck_assert_msg(!rk_numbers_can_start(r, "qz", 2, 0), "no prefix on what is no word");
    ck_assert_msg(!rk_numbers_can_start(r, "xz", 2, 1) && !rk_numbers_can_start(r, "zq", 2, 1),
                  "no prefix starts these");
    rk_numbers_reader_free(r);
}
END_TEST

/* The edge table hashes a token from its length and at most 24 of its
 * bytes (its first, middle and last eight): tokens of 40 bytes that differ
 * only in byte 10, which it does not read, share a hash, and each is still
 * its own edge, found by its own bytes, at the root and below it; a third
 * such token that no phrase has is found nowhere. */
START_TEST(long_tokens_that_share_a_hash_are_told_apart_by_their_bytes)
{
    char msg[2048];
    char a[41], b[41], c[41];
    rk_numbers_reader *r = NULL;
    memset(a, 'k', 40);
    a[40] = '\0';
    memcpy(b, a, sizeof a);
    memcpy(c, a, sizeof a);
    a[10] = 'p';
    b[10] = 'q';
    c[10] = 'r';
    char body[1024];
    snprintf(body, sizeof body,
             HEAD "<cardinal value=\"1\">%s</cardinal>\n<cardinal value=\"2\">%s</cardinal>\n"
                  "<cardinal value=\"3\">won %s</cardinal>\n"
                  "<cardinal value=\"4\">won %s</cardinal>\n<cardinal value=\"5\">won</cardinal>\n" TAIL,
             a, b, a, b);
    ck_assert_int_eq(load_data_kept(body, msg, sizeof msg, &r), RK_OK);
    uint32_t na = nb_trie_child(r, 0, a, 40), nb = nb_trie_child(r, 0, b, 40);
    ck_assert_uint_ne(na, NB_NONE);
    ck_assert_uint_ne(nb, NB_NONE);
    ck_assert_uint_ne(na, nb);
    ck_assert_double_eq(r->entries[r->node_first[na]].value, 1);
    ck_assert_double_eq(r->entries[r->node_first[nb]].value, 2);
    ck_assert_uint_eq(nb_trie_child(r, 0, c, 40), NB_NONE);
    uint32_t won = nb_trie_child(r, 0, "won", 3);
    ck_assert_uint_ne(won, NB_NONE);
    na = nb_trie_child(r, won, a, 40);
    nb = nb_trie_child(r, won, b, 40);
    ck_assert_uint_ne(na, NB_NONE);
    ck_assert_uint_ne(nb, NB_NONE);
    ck_assert_double_eq(r->entries[r->node_first[na]].value, 3);
    ck_assert_double_eq(r->entries[r->node_first[nb]].value, 4);
    ck_assert_uint_eq(nb_trie_child(r, won, c, 40), NB_NONE);
    rk_numbers_reader_free(r);
}
END_TEST

/* Holds reader a to reader b: node for node, edge for edge, entry for
 * entry, prefix for prefix, and the same filters, names and settings. */
static void same_reader(const rk_numbers_reader *a, const rk_numbers_reader *b)
{
    ck_assert_uint_gt(a->n_entries, 500);
    ck_assert_uint_eq(a->n_nodes, b->n_nodes);
    ck_assert_uint_eq(a->n_entries, b->n_entries);
    ck_assert_uint_eq(a->n_edges, b->n_edges);
    ck_assert_uint_eq(a->edge_cap, b->edge_cap);
    ck_assert_uint_eq(a->keys_len, b->keys_len);
    ck_assert(memcmp(a->keys, b->keys, a->keys_len) == 0);
    for (size_t i = 0; i < a->edge_cap; i++) {
        const nb_edge *x = &a->edges[i], *y = &b->edges[i];
        ck_assert_msg(x->child == y->child, "edge slot %zu: empty in one reader only", i);
        if (x->child == NB_NONE)
            continue; /* an empty slot's other fields are never written */
        ck_assert_msg(x->parent == y->parent && x->key == y->key && x->len == y->len &&
                          x->hash == y->hash,
                      "edge slot %zu differs", i);
    }
    for (size_t i = 0; i < a->n_nodes; i++)
        ck_assert_msg(a->node_first[i] == b->node_first[i] &&
                          a->node_roles[i] == b->node_roles[i] &&
                          a->node_below[i] == b->node_below[i] && a->node_kids[i] == b->node_kids[i],
                      "node %zu differs", i);
    for (size_t i = 0; i < a->n_entries; i++) {
        const nb_entry *x = &a->entries[i], *y = &b->entries[i];
        ck_assert_msg(x->role == y->role && x->prefixes == y->prefixes &&
                          x->exactness == y->exactness && x->kind == y->kind &&
                          x->flags == y->flags && x->window == y->window &&
                          x->value == y->value && x->low == y->low && x->high == y->high &&
                          x->next == y->next && !x->name == !y->name &&
                          (!x->name || strcmp(x->name, y->name) == 0),
                      "entry %zu differs", i);
    }
    ck_assert_uint_eq(a->n_prefixes, b->n_prefixes);
    for (size_t i = 0; i < a->n_prefixes; i++) {
        const nb_prefix *x = &a->prefixes[i], *y = &b->prefixes[i];
        ck_assert_msg(x->len == y->len && memcmp(x->s, y->s, x->len) == 0 &&
                          x->skip == y->skip && x->cls == y->cls,
                      "prefix %zu differs", i);
    }
    ck_assert_uint_eq(a->n_pfx_groups, b->n_pfx_groups);
    for (size_t i = 0; i < a->n_pfx_groups; i++)
        ck_assert_msg(a->pfx_groups[i].head == b->pfx_groups[i].head &&
                          a->pfx_groups[i].lo == b->pfx_groups[i].lo &&
                          a->pfx_groups[i].hi == b->pfx_groups[i].hi,
                      "prefix group %zu differs", i);
    ck_assert(!a->pfx_group_of == !b->pfx_group_of);
    ck_assert(!a->pfx_group_of || memcmp(a->pfx_group_of, b->pfx_group_of, 65536) == 0);
    ck_assert_int_eq(a->pfx_scan_all, b->pfx_scan_all);
    ck_assert(memcmp(a->root_keys, b->root_keys, sizeof a->root_keys) == 0);
    ck_assert(memcmp(a->start_keys, b->start_keys, sizeof a->start_keys) == 0);
    ck_assert(memcmp(a->pfx_start_keys, b->pfx_start_keys, sizeof a->pfx_start_keys) == 0);
    ck_assert(memcmp(a->open_keys, b->open_keys, sizeof a->open_keys) == 0);
    ck_assert_uint_eq(a->n_names, b->n_names);
    for (size_t i = 0; i < a->n_names; i++)
        ck_assert_str_eq(a->names[i], b->names[i]);
    ck_assert_uint_eq(a->max_after_window, b->max_after_window);
    ck_assert(a->set.approx_tolerance == b->set.approx_tolerance &&
              a->set.dot_group == b->set.dot_group && a->set.year_min == b->set.year_min &&
              a->set.year_max == b->set.year_max &&
              a->set.list_marker_max == b->set.list_marker_max &&
              a->set.packed_dates == b->set.packed_dates);
}

/* The reader of rules rs with the given switches. */
static rk_numbers_reader *reader_with(const rk_rules *rs, int plain, int known)
{
    rk_numbers_reader *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    int was_plain = nb_set_plain_forms(plain), was_known = nb_set_known_reader(known);
    rk_status st = rk_numbers_reader_new(rs, &r, &e);
    nb_set_plain_forms(was_plain);
    nb_set_known_reader(was_known);
    ck_assert_msg(st == RK_OK, "%s:%ld: %s", e.file, e.line, e.message);
    return r;
}

static rk_rules *shipped_rules(void)
{
    rk_rules *rs = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_msg(rk_rules_load(getenv("RECKON_RULES"), NULL, &rs, NULL, NULL, &e) == RK_OK,
                  "%s", e.message);
    return rs;
}

/* A form of one plain word goes into the trie as it is (no text built of
 * it): the reader compiled from the shipped rules is the same either way. */
START_TEST(a_plain_word_form_builds_the_reader_a_text_of_it_builds)
{
    rk_rules *rs = shipped_rules();
    rk_numbers_reader *a = reader_with(rs, 1, 0), *b = reader_with(rs, 0, 0);
    same_reader(a, b);
    rk_numbers_reader_free(a);
    rk_numbers_reader_free(b);
    rk_rules_free(rs);
}
END_TEST

/* The shipped rules give the reader the build compiled and embedded
 * (reader_known.h), read where the program holds it; it is the one
 * compiling them makes, and freeing it leaves it as it was. So do the
 * shipped rules under an event's layer without a <numbers> section; a
 * layer with one, or a test switch off, compiles its own. */
static rk_numbers_reader *layered_reader(const char *layer)
{
    const char *layers[] = {layer};
    rk_rules *rs = NULL;
    rk_error e;
    rk_error_clear(&e);
    char schema[1024];
    snprintf(schema, sizeof schema, "%s/rules/schema/rules.rng", getenv("RK_SOURCE_ROOT"));
    ck_assert_msg(rk_rules_load_layers(getenv("RECKON_RULES"), layers, 1, schema, &rs, NULL,
                                       NULL, &e) == RK_OK,
                  "%s: %s", e.file, e.message);
    rk_numbers_reader *r = reader_with(rs, 1, 1);
    rk_rules_free(rs);
    return r;
}

/* layered_reader() of a layer holding one file with the <numbers> section
 * body, written to a directory of its own and removed after. */
static rk_numbers_reader *reader_with_numbers(const char *body)
{
    char dir[] = "/tmp/rk_numbers_layer_XXXXXX", path[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/n.xml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(HEAD, f);
    fputs(body, f);
    fputs(TAIL, f);
    fclose(f);
    rk_numbers_reader *r = layered_reader(dir);
    unlink(path);
    rmdir(dir);
    return r;
}

START_TEST(the_build_s_reader_is_the_one_compiling_makes)
{
    rk_rules *rs = shipped_rules();
    ck_assert_msg(rk_numbers_known.reader != NULL, "the build embedded no reader");
    rk_numbers_reader *known = reader_with(rs, 1, 1), *made = reader_with(rs, 1, 0);
    ck_assert_ptr_eq(known, rk_numbers_known.reader);
    ck_assert_ptr_ne(made, known);
    same_reader(known, made);
    rk_numbers_reader *again = reader_with(rs, 0, 1); /* a switch off: compiled */
    ck_assert_ptr_ne(again, known);
    rk_numbers_reader_free(again);
    rk_numbers_reader_free(known); /* the program's: nothing is freed */
    same_reader(reader_with(rs, 1, 1), made);
    rk_numbers_reader_free(made);
    rk_rules_free(rs);

    /* the event's layer over the shipped rules, without <numbers> */
    char layer[4096];
    snprintf(layer, sizeof layer, "%s/rules", getenv("RK_FIXTURES"));
    rk_numbers_reader *r = layered_reader(layer);
    ck_assert_ptr_eq(r, rk_numbers_known.reader);
    rk_numbers_reader_free(r);

    /* a layer with a <numbers> section of its own */
    r = reader_with_numbers("<cardinal value=\"1\">onesie</cardinal>\n");
    ck_assert_ptr_ne(r, rk_numbers_known.reader);
    ck_assert_uint_eq(r->n_entries, rk_numbers_known.reader->n_entries + 1);
    rk_numbers_reader_free(r);
}
END_TEST

/* The scan passes over a plain prefix before a word that starts nothing
 * ("in" before "the") without reading it as a prefix (nb_next_start()),
 * but not a word that, past a clitic, opens a longer phrase going on into
 * the words after it: with "q" a clitic and "qin" a comparator of its own,
 * "qin excess of 5" is "in excess of 5" past the clitic, though "excess"
 * starts nothing. Both ways of finding where to start read it so. */
START_TEST(a_prefix_before_a_word_opening_nothing_is_passed_unless_it_reads_on)
{
    rk_numbers_reader *r = reader_with_numbers("<prefix class=\"clitic\">q</prefix>\n"
                                               "<comparator type=\"approx\">qin</comparator>\n");
    static const char s[] = "It rose qin excess of 5 dead, in the 3 towns and by the sea.";
    rk_text *t = text_of(s, sizeof s - 1, "en");
    rk_numlist fast = {0}, slow = {0};
    find_with_skip_by(r, t, 1, &fast);
    find_with_skip_by(r, t, 0, &slow);
    ck_assert_msg(same_list(&fast, &slow), "%zu numbers with runs skipped, %zu without",
                  fast.n, slow.n);
    ck_assert_uint_eq(fast.n, 2);
    ck_assert_int_eq(fast.items[0].exactness, RK_EXACTNESS_MORE_THAN);
    ck_assert_int_eq(fast.items[1].exactness, RK_EXACTNESS_EXACT);
    rk_numlist_free(&fast);
    rk_numlist_free(&slow);
    rk_text_free(t);
    rk_numbers_reader_free(r);
}
END_TEST

static TCase *data_tcase(void)
{
    TCase *tc = tcase_create("data");
    tcase_add_test(tc, vague_low_above_high_is_reported_at_its_line);
    tcase_add_test(tc, unknown_unit_kind_is_reported_with_the_known_ones);
    tcase_add_test(tc, one_phrase_with_two_readings_is_refused);
    tcase_add_test(tc, month_outside_the_year_and_setting_in_a_language_file_are_refused);
    tcase_add_test(tc, typo_and_non_numeric_value_fail_the_schema_at_their_line);
    tcase_add_test(tc, clock_hours_other_than_0_or_12_and_an_unknown_cue_kind_are_refused);
    tcase_add_test(tc, a_share_outside_a_percent_and_a_wide_window_after_are_refused);
    tcase_add_test(tc, valid_minimal_data_compiles);
    tcase_add_test(tc, a_word_of_two_bytes_past_a_prefix_of_one_is_let_through_the_filter);
    tcase_add_test(tc, long_tokens_that_share_a_hash_are_told_apart_by_their_bytes);
    tcase_add_test(tc, a_plain_word_form_builds_the_reader_a_text_of_it_builds);
    tcase_add_test(tc, the_build_s_reader_is_the_one_compiling_makes);
    tcase_add_test(tc, a_prefix_before_a_word_opening_nothing_is_passed_unless_it_reads_on);
    return tc;
}

static Suite *numbers_suite(void)
{
    Suite *s = suite_create("numbers");
    TCase *tc = tcase_create("reading");
    tcase_add_unchecked_fixture(tc, load_reader, free_reader);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_case_of_the_table_reads_as_written);
    tcase_add_test(tc, a_list_grows_past_its_first_block);
    tcase_add_test(tc, every_gold_number_of_the_seeds_is_read_with_its_interval);
    tcase_add_test(tc, every_negative_of_the_seeds_is_not_a_count);
    add_more_tests(tc);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, data_tcase());
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(numbers_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
