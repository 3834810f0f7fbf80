/* test_check.c - gold files, matching, scoring and the baseline of the
 * check module, on small synthetic documents and claim sets. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include "check/check.h"
#include "check/event.h"
#include "core/buf.h"
#include "check/gold.h"
#include "numbers/numbers.h"

/* ---- helpers: a one-document claim set built by hand ---- */

#define MAX_CLAIMS 16

typedef struct fixture {
    rk_document doc;
    rk_document *docs[1];
    rk_claim claims[MAX_CLAIMS];
    rk_claimset set;
} fixture;

static void fx_init(fixture *f, const char *path, const char *body)
{
    memset(f, 0, sizeof *f);
    f->doc.path = (char *)path;
    f->doc.body = (char *)body;
    f->doc.body_len = strlen(body);
    f->docs[0] = &f->doc;
    f->set.docs.docs = f->docs;
    f->set.docs.n = 1;
    f->set.claims = f->claims;
}

/* Adds a claim on the first `text` at or after the first `anchor` of the
 * body; its sentence runs between the surrounding full stops. */
static rk_claim *fx_claim(fixture *f, const char *anchor, const char *text, double low,
                          double high, rk_exactness ex)
{
    const char *body = f->doc.body;
    const char *a = strstr(body, anchor);
    ck_assert_ptr_nonnull(a);
    const char *t = strstr(a, text);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_lt(f->set.n, MAX_CLAIMS);
    rk_claim *c = &f->claims[f->set.n++];
    c->start = (size_t)(t - body);
    c->end = c->start + strlen(text);
    c->text = strndup(t, strlen(text));
    c->low = low;
    c->high = high;
    c->has_low = c->has_high = 1;
    c->exactness = (uint8_t)ex;
    c->kind = RK_KIND_COUNT;
    size_t s = c->start, e = c->end;
    while (s > 0 && body[s - 1] != '.')
        s--;
    while (body[e] && body[e] != '.')
        e++;
    c->sentence_start = s;
    c->sentence_end = e;
    return c;
}

static void fx_free(fixture *f)
{
    for (size_t i = 0; i < f->set.n; i++) {
        free(f->claims[i].text);
        free(f->claims[i].speaker);
        free(f->claims[i].via);
        free(f->claims[i].as_of);
    }
}

static rk_gold *parse_gold(const char *text, int negatives)
{
    rk_gold *g = NULL;
    rk_error err;
    rk_error_clear(&err);
    rk_status st = rk_gold_parse("t.gold.jsonl", text, strlen(text), negatives, &g, &err);
    ck_assert_msg(st == RK_OK, "unexpected error: %s", err.message);
    return g;
}

/* The formatted error of parsing text, which must fail. */
static const char *parse_error(const char *text, int negatives, char *buf, size_t n)
{
    rk_gold *g = NULL;
    rk_error err;
    rk_error_clear(&err);
    rk_status st = rk_gold_parse("t.gold.jsonl", text, strlen(text), negatives, &g, &err);
    ck_assert_int_ne(st, RK_OK);
    ck_assert_ptr_null(g);
    return rk_error_format(&err, buf, n);
}

/* A JSON number, or null for NAN. */
static const char *jnum(double v, char *buf, size_t n)
{
    if (isnan(v))
        snprintf(buf, n, "null");
    else
        snprintf(buf, n, "%g", v);
    return buf;
}

/* A JSON string, or null for NULL. */
static const char *jstr(const char *v, char *buf, size_t n)
{
    if (v)
        snprintf(buf, n, "\"%s\"", v);
    else
        snprintf(buf, n, "null");
    return buf;
}

/* One gold line (subject null, unit "person"). The callers' buffers are
 * large enough; GCC cannot know it. */
#pragma GCC diagnostic ignored "-Wformat-truncation"
static const char *line_of(const char *file, const char *number_text, const char *quote,
                           double low, double high, const char *ex, const char *quantity,
                           const char *attributed, const char *as_of, char *buf, size_t n)
{
    char a[5][256];
    snprintf(buf, n,
             "{\"file\": \"%s\", \"quote\": \"%s\", \"number_text\": \"%s\", \"low\": %s, "
             "\"high\": %s, \"exactness\": \"%s\", \"quantity\": %s, \"subject\": null, "
             "\"unit\": \"person\", \"attributed_to\": %s, \"as_of\": %s}\n",
             file, quote, number_text, jnum(low, a[0], 256), jnum(high, a[1], 256), ex,
             jstr(quantity, a[2], 256), jstr(attributed, a[3], 256), jstr(as_of, a[4], 256));
    return buf;
}

/* Matches gold text (and negatives text, may be NULL) against f. */
static void run_match(fixture *f, const char *gold, const char *negs, rk_score *s,
                      rk_findings *fs)
{
    rk_gold *g = gold ? parse_gold(gold, 0) : NULL;
    rk_gold *n = negs ? parse_gold(negs, 1) : NULL;
    rk_error err;
    rk_error_clear(&err);
    memset(s, 0, sizeof *s);
    memset(fs, 0, sizeof *fs);
    ck_assert_int_eq(rk_gold_match(g, n, &f->set, s, fs, &err), RK_OK);
    rk_gold_free(g);
    rk_gold_free(n);
}

/* ---- loading ---- */

START_TEST(test_gold_line_reads_every_field)
{
    rk_gold *g = parse_gold(
        "{\"file\": \"a.txt\", \"quote\": \"قُتل 18 من جنود\", \"number_text\": \"18\", "
        "\"low\": 18, \"high\": null, \"exactness\": \"at_least\", \"quantity\": \"deaths\", "
        "\"subject\": \"security_forces\", \"unit\": \"person\", \"attributed_to\": \"مصادر\", "
        "\"as_of\": \"2022-01-05\", \"note\": \"free text\"}\n",
        0);
    ck_assert_uint_eq(g->n_items, 1);
    const rk_gold_item *it = &g->items[0];
    ck_assert_int_eq(it->line, 1);
    ck_assert_str_eq(it->file, "a.txt");
    ck_assert_str_eq(it->quote, "قُتل 18 من جنود");
    ck_assert_str_eq(it->number_text, "18");
    ck_assert(it->has_low && !it->has_high);
    ck_assert_double_eq(it->low, 18);
    ck_assert_str_eq(it->exactness, "at_least");
    ck_assert_str_eq(it->quantity, "deaths");
    ck_assert_str_eq(it->subject, "security_forces");
    ck_assert_str_eq(it->attributed_to, "مصادر");
    ck_assert_str_eq(it->as_of, "2022-01-05");
    rk_gold_free(g);
}
END_TEST

START_TEST(test_gold_blank_lines_are_skipped_but_counted)
{
    char l[1024];
    char text[4096];
    line_of("a.txt", "7", "q 7", 7, 7, "exact", NULL, NULL, NULL, l, sizeof l);
    snprintf(text, sizeof text, "\n%s\r\n  \n%s", l, l);
    rk_gold *g = parse_gold(text, 0);
    ck_assert_uint_eq(g->n_items, 2);
    ck_assert_int_eq(g->items[0].line, 2);
    ck_assert_int_eq(g->items[1].line, 5);
    rk_gold_free(g);
}
END_TEST

START_TEST(test_gold_malformed_json_reports_path_line_col)
{
    char l[1024], text[4096], buf[2048];
    line_of("a.txt", "7", "q 7", 7, 7, "exact", NULL, NULL, NULL, l, sizeof l);
    snprintf(text, sizeof text, "%s{\"file\": \"a.txt\", \"quote\": }\n", l);
    ck_assert_str_eq(parse_error(text, 0, buf, sizeof buf), "t.gold.jsonl:2:28: malformed JSON");
}
END_TEST

START_TEST(test_gold_column_counts_code_points_not_bytes)
{
    char buf[2048];
    /* Six two-byte letters before the error: column 37, where bytes would say 43. */
    const char *text = "{\"file\": \"a.txt\", \"quote\": \"جنديين\" ]\n";
    ck_assert_str_eq(parse_error(text, 0, buf, sizeof buf), "t.gold.jsonl:1:37: malformed JSON");
}
END_TEST

START_TEST(test_gold_mistyped_key_points_at_the_key)
{
    char buf[2048];
    const char *text =
        "{\"file\": \"a.txt\", \"quote\": \"q 7\", \"number_text\": \"7\", \"low\": \"7\", "
        "\"high\": 7, \"exactness\": \"exact\", \"quantity\": null, \"subject\": null, "
        "\"unit\": null, \"attributed_to\": null, \"as_of\": null}";
    ck_assert_str_eq(parse_error(text, 0, buf, sizeof buf),
                     "t.gold.jsonl:1:55: \"low\" must be a number or null");
}
END_TEST

START_TEST(test_gold_missing_and_unknown_keys_are_refused)
{
    char buf[2048];
    ck_assert_str_eq(parse_error("{\"file\": \"a.txt\", \"quote\": \"q\"}", 0, buf, sizeof buf),
                     "t.gold.jsonl:1:1: missing key \"number_text\"");
    ck_assert_str_eq(parse_error("{\"file\": \"a.txt\", \"quote\": \"q\", \"number_text\": \"1\", "
                                 "\"kind\": \"year\", \"knd\": 1}",
                                 1, buf, sizeof buf),
                     "t.gold.jsonl:1:69: unknown key \"knd\"");
    ck_assert_str_eq(parse_error("[1, 2]", 1, buf, sizeof buf),
                     "t.gold.jsonl:1:1: expected a JSON object");
}
END_TEST

START_TEST(test_gold_bad_values_are_refused)
{
    char l[1024], buf[2048];
    line_of("a.txt", "7", "q 7", 9, 7, "exact", NULL, NULL, NULL, l, sizeof l);
    ck_assert_str_eq(parse_error(l, 0, buf, sizeof buf),
                     "t.gold.jsonl:1:55: \"low\" is greater than \"high\"");
    line_of("a.txt", "7", "q 7", 7, 7, "exact", NULL, NULL, "5 Jan", l, sizeof l);
    ck_assert_str_eq(parse_error(l, 0, buf, sizeof buf),
                     "t.gold.jsonl:1:174: \"as_of\" must be a date YYYY-MM-DD, YYYY-MM or YYYY");
    line_of("a.txt", "", "q 7", 7, 7, "exact", NULL, NULL, NULL, l, sizeof l);
    ck_assert_str_eq(parse_error(l, 0, buf, sizeof buf),
                     "t.gold.jsonl:1:35: \"number_text\" must be a non-empty string");
}
END_TEST

START_TEST(test_gold_invalid_utf8_is_located)
{
    char buf[2048];
    ck_assert_str_eq(parse_error("\n{\"file\": \"a\xff\"}\n", 0, buf, sizeof buf),
                     "t.gold.jsonl:2:12: invalid UTF-8");
}
END_TEST

START_TEST(test_negatives_line_reads)
{
    rk_gold *g = parse_gold("{\"file\": \"a.txt\", \"quote\": \"دستور 1993\", \"number_text\": "
                            "\"1993\", \"kind\": \"year\"}\n",
                            1);
    ck_assert_uint_eq(g->n_negs, 1);
    ck_assert_uint_eq(g->n_items, 0);
    ck_assert_str_eq(g->negs[0].number_text, "1993");
    ck_assert_str_eq(g->negs[0].kind, "year");
    rk_gold_free(g);
}
END_TEST

/* Every gold and negatives file shipped in fixtures/ loads. */
START_TEST(test_shipped_gold_files_load)
{
    const char *dir = getenv("RK_FIXTURES");
    ck_assert_ptr_nonnull(dir);
    const char *seeds[] = {"000_a36954025af67d07", "001_0d2c753a87fa6b4a", "002_9c92fbb985dee3df",
                           "003_5a42c12e227cab77", "004_91dd7b59b1f721e3"};
    for (size_t i = 0; i < 5; i++) {
        char path[4096];
        rk_gold *g = NULL;
        rk_error err;
        rk_error_clear(&err);
        snprintf(path, sizeof path, "%s/%s.gold.jsonl", dir, seeds[i]);
        ck_assert_msg(rk_gold_load(path, &g, &err) == RK_OK, "%s: %s", path, err.message);
        ck_assert_uint_gt(g->n_items, 0);
        rk_gold_free(g);
    }
}
END_TEST

/* ---- matching ---- */

static size_t count_findings(const rk_findings *fs, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < fs->n; i++)
        n += strstr(fs->v[i].message, needle) != NULL;
    return n;
}

START_TEST(test_match_finds_quote_written_with_tatweel_dot_pattern)
{
    fixture f;
    char l[1024];
    fx_init(&f, "fx/a.txt", "وأعلن التلفزيون الرسمي مقـ.ـتل 13 من أفراد الأمن. وقال آخرون.");
    rk_claim *c = fx_claim(&f, "مقـ", "13", 13, 13, RK_EXACTNESS_EXACT);
    /* A sentence that cannot hold the quote: only the quote search can match. */
    c->sentence_start = c->start;
    c->sentence_end = c->end;
    rk_score s;
    rk_findings fs;
    run_match(&f, line_of("a.txt", "13", "مقتل 13 من أفراد الأمن", 13, 13, "exact", NULL, NULL,
                          NULL, l, sizeof l),
              NULL, &s, &fs);
    ck_assert_uint_eq(s.found[RK_GOLD_NUMBER], 1);
    ck_assert_uint_eq(count_findings(&fs, "not found"), 0);
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_match_tolerates_a_proclitic_on_either_side)
{
    fixture f;
    char l[1024], text[2048];
    fx_init(&f, "fx/a.txt", "سقط بعشرات القتلى. وجرح عشرات آخرون.");
    fx_claim(&f, "سقط", "بعشرات", 20, 99, RK_EXACTNESS_VAGUE);
    fx_claim(&f, "وجرح", "عشرات", 20, 99, RK_EXACTNESS_VAGUE);
    rk_score s;
    rk_findings fs;
    line_of("a.txt", "عشرات", "بعشرات القتلى", 20, 99, "vague", NULL, NULL, NULL, l, sizeof l);
    strcpy(text, l);
    line_of("a.txt", "وعشرات", "جرح عشرات", 20, 99, "vague", NULL, NULL, NULL, l, sizeof l);
    strcat(text, l);
    /* A different number word with the same letters inside is no match. */
    line_of("a.txt", "عشر", "بعشرات القتلى", 10, 10, "exact", NULL, NULL, NULL, l, sizeof l);
    strcat(text, l);
    run_match(&f, text, NULL, &s, &fs);
    ck_assert_uint_eq(s.gold, 3);
    ck_assert_uint_eq(s.found[RK_GOLD_NUMBER], 2);
    ck_assert_uint_eq(count_findings(&fs, "claim \"عشر\" (بعشرات القتلى) not found"), 1);
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_match_prefers_the_claim_inside_the_quote)
{
    fixture f;
    char l[1024], text[2048];
    fx_init(&f, "fx/a.txt", "قتل اثنين من الجنود وأصيب اثنين من المدنيين.");
    rk_claim *a = fx_claim(&f, "قتل", "اثنين", 2, 2, RK_EXACTNESS_EXACT);
    rk_claim *b = fx_claim(&f, "وأصيب", "اثنين", 2, 2, RK_EXACTNESS_EXACT);
    a->quantity = "deaths";
    b->quantity = "injured";
    /* The injured item comes first: a first-come sentence match would give
     * it the deaths claim. */
    line_of("a.txt", "اثنين", "وأصيب اثنين من المدنيين", 2, 2, "exact", "injured", NULL, NULL, l,
            sizeof l);
    strcpy(text, l);
    line_of("a.txt", "اثنين", "قتل اثنين من الجنود", 2, 2, "exact", "deaths", NULL, NULL, l,
            sizeof l);
    strcat(text, l);
    rk_score s;
    rk_findings fs;
    run_match(&f, text, NULL, &s, &fs);
    ck_assert_uint_eq(s.found[RK_GOLD_NUMBER], 2);
    ck_assert_uint_eq(s.found[RK_GOLD_QUANTITY], 2);
    ck_assert_uint_eq(fs.n, 0);
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_match_accepts_a_sentence_holding_the_quote)
{
    fixture f;
    char l[1024];
    fx_init(&f, "fx/a.txt", "قالت الشرطة يوم الخميس إن 26 شخصا قتلوا. وقال آخرون 26 أيضا.");
    fx_claim(&f, "قالت", "26", 26, 26, RK_EXACTNESS_EXACT);
    fx_claim(&f, "وقال", "26", 26, 26, RK_EXACTNESS_EXACT);
    rk_score s;
    rk_findings fs;
    run_match(&f, line_of("a.txt", "26", "يوم الخميس", 26, 26, "exact", NULL, NULL, NULL, l,
                          sizeof l),
              NULL, &s, &fs);
    ck_assert_uint_eq(s.found[RK_GOLD_NUMBER], 1);
    rk_findings_clear(&fs);
    /* A quote that is in no sentence of a claim with that text: a miss. */
    run_match(&f, line_of("a.txt", "26", "قتل 26 شخصا", 26, 26, "exact", NULL, NULL, NULL, l,
                          sizeof l),
              NULL, &s, &fs);
    ck_assert_uint_eq(s.found[RK_GOLD_NUMBER], 0);
    ck_assert_uint_eq(fs.n, 1);
    ck_assert_str_eq(fs.v[0].message, "claim \"26\" (قتل 26 شخصا) not found");
    ck_assert_int_eq(fs.v[0].line, 1);
    ck_assert(!fs.v[0].hard);
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_match_reports_each_wrong_field)
{
    fixture f;
    char l[1024];
    fx_init(&f, "fx/a.txt", "أكثر من 13 قتيلا.");
    fx_claim(&f, "أكثر", "13", 13, 13, RK_EXACTNESS_EXACT);
    rk_score s;
    rk_findings fs;
    run_match(&f, line_of("a.txt", "13", "أكثر من 13 قتيلا", 13, NAN, "more_than", "deaths",
                          NULL, NULL, l, sizeof l),
              NULL, &s, &fs);
    ck_assert_uint_eq(fs.n, 2);
    ck_assert_str_eq(fs.v[0].message, "claim \"13\" (أكثر من 13 قتيلا): interval is [13, 13] "
                                      "exact, expected [13, null] more_than");
    ck_assert_str_eq(fs.v[1].message,
                     "claim \"13\" (أكثر من 13 قتيلا): quantity is null, expected deaths");
    ck_assert_uint_eq(s.found[RK_GOLD_NUMBER], 1);
    ck_assert_uint_eq(s.found[RK_GOLD_INTERVAL], 0);
    ck_assert_uint_eq(s.found[RK_GOLD_QUANTITY], 0);
    ck_assert_uint_eq(s.found[RK_GOLD_SUBJECT], 1);
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_negative_that_became_a_claim_fails_hard)
{
    fixture f;
    fx_init(&f, "fx/a.txt", "في عام 2013 قتل 5 أشخاص.");
    rk_claim *c = fx_claim(&f, "في", "2013", 2013, 2013, RK_EXACTNESS_EXACT);
    c->kind = RK_KIND_YEAR;
    c->id = "a:13-17";
    fx_claim(&f, "قتل", "5", 5, 5, RK_EXACTNESS_EXACT);
    rk_score s;
    rk_findings fs;
    run_match(&f, NULL,
              "{\"file\": \"a.txt\", \"quote\": \"في عام 2013\", \"number_text\": \"2013\", "
              "\"kind\": \"year\"}\n"
              "{\"file\": \"a.txt\", \"quote\": \"دستور 1993\", \"number_text\": \"1993\", "
              "\"kind\": \"year\"}\n",
              &s, &fs);
    ck_assert_uint_eq(s.negatives, 2);
    ck_assert_uint_eq(s.negatives_hit, 1);
    ck_assert_uint_eq(fs.n, 1);
    ck_assert_uint_eq(fs.n_hard, 1);
    ck_assert_int_eq(fs.v[0].line, 1);
    ck_assert_str_eq(fs.v[0].message,
                     "\"2013\" (في عام 2013) is a year, not a claim, but became claim a:13-17");
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_item_naming_another_file_fails_hard)
{
    fixture f;
    char l[1024];
    fx_init(&f, "fx/a.txt", "قتل 5 أشخاص.");
    fx_claim(&f, "قتل", "5", 5, 5, RK_EXACTNESS_EXACT);
    rk_score s;
    rk_findings fs;
    run_match(&f, line_of("b.txt", "5", "قتل 5", 5, 5, "exact", NULL, NULL, NULL, l, sizeof l),
              NULL, &s, &fs);
    ck_assert_uint_eq(fs.n_hard, 1);
    ck_assert_str_eq(fs.v[0].message, "\"file\" names b.txt, which is none of the documents checked");
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

/* "NAME.jsonl#N" picks record N of a multi-document file; a bare name
 * leaves every document of the file in play. */
START_TEST(test_item_file_with_record_picks_that_document)
{
    fixture f;
    char l[1024];
    fx_init(&f, "fx/m.jsonl", "قتل 5 أشخاص.");
    rk_document second = f.doc;
    f.doc.record = 1;
    second.record = 2;
    rk_document *docs[2] = {&f.doc, &second};
    f.set.docs.docs = docs;
    f.set.docs.n = 2;
    fx_claim(&f, "قتل", "5", 5, 5, RK_EXACTNESS_EXACT)->quantity = "deaths";
    rk_claim *c = fx_claim(&f, "قتل", "5", 5, 5, RK_EXACTNESS_EXACT);
    c->quantity = "injured";
    c->document = 1;
    rk_score s;
    rk_findings fs;
    run_match(&f, line_of("m.jsonl#2", "5", "قتل 5", 5, 5, "exact", "injured", NULL, NULL, l,
                          sizeof l),
              NULL, &s, &fs);
    ck_assert_uint_eq(s.found[RK_GOLD_QUANTITY], 1);
    rk_findings_clear(&fs);
    run_match(&f, line_of("m.jsonl", "5", "قتل 5", 5, 5, "exact", "deaths", NULL, NULL, l,
                          sizeof l),
              NULL, &s, &fs);
    ck_assert_uint_eq(s.found[RK_GOLD_QUANTITY], 1);
    rk_findings_clear(&fs);
    run_match(&f, line_of("m.jsonl#3", "5", "قتل 5", 5, 5, "exact", "deaths", NULL, NULL, l,
                          sizeof l),
              NULL, &s, &fs);
    ck_assert_uint_eq(fs.n_hard, 1);
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

/* ---- scoring ---- */

START_TEST(test_score_counts_recall_precision_and_typed_precision)
{
    fixture f;
    char l[1024], text[4096];
    fx_init(&f, "fx/a.txt", "قتل 10 أشخاص. وأصيب 20. في 2013 كان 30 بالمئة.");
    fx_claim(&f, "قتل", "10", 10, 10, RK_EXACTNESS_EXACT)->quantity = "deaths";
    fx_claim(&f, "وأصيب", "20", 20, 20, RK_EXACTNESS_EXACT);
    fx_claim(&f, "في", "2013", 2013, 2013, RK_EXACTNESS_EXACT)->kind = RK_KIND_YEAR;
    rk_claim *p = fx_claim(&f, "كان", "30", 30, 30, RK_EXACTNESS_EXACT);
    p->kind = RK_KIND_PERCENT;
    p->quantity = "share";
    strcpy(text, line_of("a.txt", "10", "قتل 10 أشخاص", 10, 10, "exact", "deaths", NULL, NULL, l,
                         sizeof l));
    strcat(text, line_of("a.txt", "20", "وأصيب 20", 20, 20, "exact", "injured", NULL, NULL, l,
                         sizeof l));
    strcat(text, line_of("a.txt", "40", "40 شخصا", 40, 40, "exact", "deaths", NULL, NULL, l,
                         sizeof l));
    rk_score s;
    rk_findings fs;
    run_match(&f, text, NULL, &s, &fs);
    ck_assert_uint_eq(s.gold, 3);
    ck_assert_uint_eq(s.claims, 3);  /* the year is no claimable kind */
    ck_assert_uint_eq(s.typed, 2);
    ck_assert_uint_eq(s.found[RK_GOLD_NUMBER], 2);
    ck_assert_uint_eq(s.precise[RK_GOLD_NUMBER], 2);
    ck_assert_uint_eq(s.typed_precise[RK_GOLD_NUMBER], 1);
    ck_assert_uint_eq(s.found[RK_GOLD_INTERVAL], 2);
    ck_assert_uint_eq(s.found[RK_GOLD_QUANTITY], 1);
    ck_assert_uint_eq(s.typed_precise[RK_GOLD_QUANTITY], 1);
    ck_assert_uint_eq(s.found[RK_GOLD_ATTRIBUTION], 2);
    ck_assert_uint_eq(s.found[RK_GOLD_AS_OF], 2);
    ck_assert_uint_eq(s.found[RK_GOLD_NONE], 0);
    rk_score t = {0};
    rk_score_add(&t, &s);
    rk_score_add(&t, &s);
    ck_assert_uint_eq(t.gold, 6);
    ck_assert_uint_eq(t.typed_precise[RK_GOLD_NUMBER], 2);
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_attribution_matches_speaker_or_relay_and_null_only_null)
{
    fixture f;
    char l[1024], text[4096];
    fx_init(&f, "fx/a.txt", "قتل 8. قتل 13. قتل 25. قتل 150.");
    fx_claim(&f, "قتل 8", "8", 8, 8, RK_EXACTNESS_EXACT)->speaker =
        strdup("وزارة الداخلية في كازاخستان");
    rk_claim *c = fx_claim(&f, "قتل 13", "13", 13, 13, RK_EXACTNESS_EXACT);
    c->speaker = strdup("الشرطة");
    c->via = strdup("رويترز");
    fx_claim(&f, "قتل 25", "25", 25, 25, RK_EXACTNESS_EXACT);
    fx_claim(&f, "قتل 150", "150", 150, 150, RK_EXACTNESS_EXACT)->speaker = strdup("الأنباء");
    strcpy(text, line_of("a.txt", "8", "قتل 8", 8, 8, "exact", NULL, "وزارة الداخلية", NULL, l,
                         sizeof l));
    strcat(text, line_of("a.txt", "13", "قتل 13", 13, 13, "exact", NULL, "رويترز", NULL, l,
                         sizeof l));
    strcat(text, line_of("a.txt", "25", "قتل 25", 25, 25, "exact", NULL, "الانباء", NULL, l,
                         sizeof l));
    strcat(text, line_of("a.txt", "150", "قتل 150", 150, 150, "exact", NULL, NULL, NULL, l,
                         sizeof l));
    rk_score s;
    rk_findings fs;
    run_match(&f, text, NULL, &s, &fs);
    ck_assert_uint_eq(s.found[RK_GOLD_ATTRIBUTION], 2);
    ck_assert_uint_eq(fs.n, 2);
    ck_assert_str_eq(fs.v[0].message, "claim \"25\" (قتل 25): attribution is null, expected الانباء");
    ck_assert_str_eq(fs.v[1].message, "claim \"150\" (قتل 150): attribution is الأنباء, expected null");
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_as_of_partial_gold_date_covers_its_days)
{
    fixture f;
    char l[1024], text[4096];
    fx_init(&f, "fx/a.txt", "بلغ 19 مليون. قتل 8. قتل 13. بلغ 7.");
    fx_claim(&f, "بلغ 19", "19 مليون", 19e6, 19e6, RK_EXACTNESS_EXACT)->as_of = strdup("2020-12-31");
    fx_claim(&f, "قتل 8", "8", 8, 8, RK_EXACTNESS_EXACT)->as_of = strdup("2022-01-05");
    fx_claim(&f, "قتل 13", "13", 13, 13, RK_EXACTNESS_EXACT)->as_of = strdup("2022-01-06");
    fx_claim(&f, "بلغ 7", "7", 7, 7, RK_EXACTNESS_EXACT)->as_of = strdup("2020");
    strcpy(text, line_of("a.txt", "19 مليون", "بلغ 19 مليون", 19e6, 19e6, "exact", NULL, NULL,
                         "2020", l, sizeof l));
    strcat(text, line_of("a.txt", "8", "قتل 8", 8, 8, "exact", NULL, NULL, "2022-01", l, sizeof l));
    strcat(text, line_of("a.txt", "13", "قتل 13", 13, 13, "exact", NULL, NULL, "2022-01-05", l,
                         sizeof l));
    strcat(text, line_of("a.txt", "7", "بلغ 7", 7, 7, "exact", NULL, NULL, "2020-01-01", l,
                         sizeof l));
    rk_score s;
    rk_findings fs;
    run_match(&f, text, NULL, &s, &fs);
    ck_assert_uint_eq(s.found[RK_GOLD_AS_OF], 2);
    ck_assert_uint_eq(fs.n, 2);
    ck_assert_str_eq(fs.v[0].message, "claim \"13\" (قتل 13): as_of is 2022-01-06, expected 2022-01-05");
    ck_assert_str_eq(fs.v[1].message, "claim \"7\" (بلغ 7): as_of is 2020, expected 2020-01-01");
    rk_findings_clear(&fs);
    fx_free(&f);
}
END_TEST

START_TEST(test_ratio_comparison_is_exact_and_empty_counts_as_whole)
{
    ck_assert(rk_ratio_less(1, 3, 1, 2));
    ck_assert(!rk_ratio_less(1, 2, 1, 3));
    ck_assert(!rk_ratio_less(2, 4, 1, 2));
    ck_assert(!rk_ratio_less(0, 0, 5, 5));
    ck_assert(rk_ratio_less(4, 5, 0, 0));
    ck_assert(rk_ratio_less(333333333, 1000000000, 1, 3));
}
END_TEST

START_TEST(test_normalise_folds_what_readers_ignore)
{
    char *n = rk_gold_normalise("  مقـ.ـتل\u00a0 ١٣  من أفراد الأمن، ٨٪ OK  ", strlen("  مقـ.ـتل\u00a0 ١٣  من أفراد الأمن، ٨٪ OK  "));
    ck_assert_str_eq(n, "مقتل 13 من افراد الامن, 8% ok");
    free(n);
    n = rk_gold_normalise("قُتِلَ إلى مدينة", strlen("قُتِلَ إلى مدينة"));
    ck_assert_str_eq(n, "قتل الي مدينه");
    free(n);
    n = rk_gold_normalise("2.700.025 end.", strlen("2.700.025 end."));
    ck_assert_str_eq(n, "2.700.025 end.");
    free(n);
}
END_TEST

/* ---- the baseline ---- */

/* A run over folder "fx" with fixtures given by name; each gets a gold file
 * and a score of gold 2, claims 4, typed 2 with every field found[f] =
 * found, precise 2, typed_precise 1. */
static void run_with(rk_check_run *run, const char *const *names, size_t n, size_t found)
{
    ck_assert_int_eq(rk_check_run_init(run, "fx"), 0);
    run->v = calloc(n, sizeof *run->v);
    run->n = run->cap = n;
    for (size_t i = 0; i < n; i++) {
        rk_fixture_result *r = &run->v[i];
        char p[256];
        snprintf(p, sizeof p, "fx/%s", names[i]);
        r->path = strdup(p);
        r->name = strdup(names[i]);
        r->gold_path = strdup("fx/x.gold.jsonl");
        r->documents = 1;
        r->score.gold = 2;
        r->score.claims = 4;
        r->score.typed = 2;
        for (int f = RK_GOLD_NUMBER; f < RK_GOLD_END; f++) {
            r->score.found[f] = found;
            r->score.precise[f] = 2;
            r->score.typed_precise[f] = 1;
        }
    }
}

static const char *expected_baseline =
    "{\n"
    "  \"fields\": [\"number\", \"interval\", \"quantity\", \"subject\", \"attribution\", \"as_of\"],\n"
    "  \"fixtures\": {\n"
    "    \"a.txt\": {\"gold\": 2, \"claims\": 4, \"typed\": 2,\n"
    "      \"found\": {\"number\": 2, \"interval\": 2, \"quantity\": 2, \"subject\": 2, \"attribution\": 2, \"as_of\": 2},\n"
    "      \"precise\": {\"number\": 2, \"interval\": 2, \"quantity\": 2, \"subject\": 2, \"attribution\": 2, \"as_of\": 2},\n"
    "      \"typed_precise\": {\"number\": 1, \"interval\": 1, \"quantity\": 1, \"subject\": 1, \"attribution\": 1, \"as_of\": 1}},\n"
    "    \"b.txt\": {\"gold\": 2, \"claims\": 4, \"typed\": 2,\n"
    "      \"found\": {\"number\": 2, \"interval\": 2, \"quantity\": 2, \"subject\": 2, \"attribution\": 2, \"as_of\": 2},\n"
    "      \"precise\": {\"number\": 2, \"interval\": 2, \"quantity\": 2, \"subject\": 2, \"attribution\": 2, \"as_of\": 2},\n"
    "      \"typed_precise\": {\"number\": 1, \"interval\": 1, \"quantity\": 1, \"subject\": 1, \"attribution\": 1, \"as_of\": 1}}\n"
    "  }\n"
    "}\n";

START_TEST(test_baseline_renders_sorted_and_byte_stable)
{
    const char *names[] = {"b.txt", "a.txt"};
    rk_check_run run;
    run_with(&run, names, 2, 2);
    char *out = NULL;
    size_t len = 0;
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_baseline_render(&run, &out, &len, &err), RK_OK);
    ck_assert_str_eq(out, expected_baseline);
    ck_assert_uint_eq(len, strlen(expected_baseline));
    /* Read back, it holds the same counts and each entry's line. */
    rk_baseline *b = NULL;
    ck_assert_int_eq(rk_baseline_parse("fx/scores.json", out, len, &b, &err), RK_OK);
    ck_assert_uint_eq(b->n, 2);
    ck_assert_str_eq(b->v[0].name, "a.txt");
    ck_assert_int_eq(b->v[0].line, 4);
    ck_assert_int_eq(b->v[1].line, 8);
    ck_assert_mem_eq(&b->v[1].score, &run.v[0].score, sizeof(rk_score));
    rk_baseline_free(b);
    free(out);
    rk_check_run_clear(&run);
}
END_TEST

START_TEST(test_baseline_regression_names_fixture_field_and_line)
{
    const char *names[] = {"b.txt", "a.txt"};
    rk_check_run run;
    rk_baseline *b = NULL;
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_baseline_parse("fx/scores.json", expected_baseline,
                                       strlen(expected_baseline), &b, &err), RK_OK);
    run_with(&run, names, 2, 2);
    run.v[1].score.found[RK_GOLD_QUANTITY] = 1;      /* a.txt recall falls */
    run.v[0].score.precise[RK_GOLD_NUMBER] = 3;      /* b.txt improves: fine */
    ck_assert_int_eq(rk_baseline_compare(b, &run, &err), RK_OK);
    ck_assert_uint_eq(run.regressions, 1);
    ck_assert_uint_eq(run.findings.n, 1);
    ck_assert_uint_eq(run.findings.n_hard, 1);
    const rk_finding *x = &run.findings.v[0];
    ck_assert_str_eq(x->path, "fx/scores.json");
    ck_assert_int_eq(x->line, 4);
    ck_assert_str_eq(x->message,
                     "a.txt: quantity recall 1/2 (0.500) is below its baseline 2/2 (1.000)");
    rk_check_run_clear(&run);
    rk_baseline_free(b);
}
END_TEST

START_TEST(test_baseline_new_fixture_is_a_note_and_gone_fixture_fails)
{
    const char *names[] = {"b.txt", "c.txt"};
    rk_check_run run;
    rk_baseline *b = NULL;
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_baseline_parse("fx/scores.json", expected_baseline,
                                       strlen(expected_baseline), &b, &err), RK_OK);
    run_with(&run, names, 2, 2);
    ck_assert_int_eq(rk_baseline_compare(b, &run, &err), RK_OK);
    ck_assert_uint_eq(run.findings.n, 2);
    ck_assert(!run.findings.v[0].hard);
    ck_assert_str_eq(run.findings.v[0].message,
                     "c.txt has no baseline yet; record it with --update-baseline");
    ck_assert(run.findings.v[1].hard);
    ck_assert_int_eq(run.findings.v[1].line, 4);
    ck_assert_str_eq(run.findings.v[1].message,
                     "a.txt: no such fixture with a gold file; update the baseline");
    rk_check_run_clear(&run);
    rk_baseline_free(b);
}
END_TEST

START_TEST(test_baseline_malformed_reports_position)
{
    rk_baseline *b = NULL;
    rk_error err;
    char buf[2048];
    const char *bad = "{\"fixtures\": {\n  \"a.txt\": {\"gold\": -1}}}";
    rk_error_clear(&err);
    ck_assert_int_eq(rk_baseline_parse("s.json", bad, strlen(bad), &b, &err), RK_ERR_PARSE);
    ck_assert_str_eq(rk_error_format(&err, buf, sizeof buf),
                     "s.json:2:13: \"gold\" of a.txt must hold non-negative integer counts");
    rk_error_clear(&err);
    bad = "\n{\"fixtures\": [1,, 2]}";
    ck_assert_int_eq(rk_baseline_parse("s.json", bad, strlen(bad), &b, &err), RK_ERR_PARSE);
    ck_assert_str_eq(rk_error_format(&err, buf, sizeof buf), "s.json:2:17: malformed JSON");
    ck_assert_ptr_null(b);
}
END_TEST

START_TEST(test_baseline_missing_file_is_empty)
{
    rk_baseline *b = NULL;
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_baseline_load("/nonexistent/reckon/scores.json", &b, &err), RK_OK);
    ck_assert_uint_eq(b->n, 0);
    rk_baseline_free(b);
}
END_TEST


/* ---- event folders: the claim and relation scorers ---- */

/* $RK_SOURCE_ROOT/tests/check/data/scorer/name into buf. */
static const char *scorer_path(char *buf, size_t n, const char *name)
{
    const char *root = getenv("RK_SOURCE_ROOT");
    snprintf(buf, n, "%s/tests/check/data/scorer%s%s", root ? root : ".", name[0] ? "/" : "",
             name);
    return buf;
}

/* The hand-made report.json of tests/check/data/scorer, parsed. */
static cJSON *scorer_report(void)
{
    char p[4096], *data = NULL;
    size_t len = 0;
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_file_read(scorer_path(p, sizeof p, "report.json"), 0, &data, &len, &err),
                     RK_OK);
    cJSON *r = cJSON_ParseWithLength(data, len);
    free(data);
    ck_assert_ptr_nonnull(r);
    return r;
}

static rk_annotations *scorer_load(const char *name, const char *kind, rk_findings *fs)
{
    char p[4096];
    rk_annotations *a = NULL;
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_annotations_load(scorer_path(p, sizeof p, name), kind, &a, fs, &err),
                     RK_OK);
    return a;
}

/* The figures were worked out by hand from the seven gold numbers and the
 * nine claims of report.json (see tests/check/data/scorer/README.md):
 * "dozens" has no claim; "More than 2,000" is read as exactly 2,000, so its
 * upper side is wrong; "About 300" has two claims and the one of the right
 * quantity is taken, but it has no subject; the relay "the governor's office"
 * names the governor; "وزاره الصحه" names "وزارة الصحة" once folded; "15" has
 * no attribution; the claim on the year 2019 is typed, the one on "3" is not. */
START_TEST(test_event_claims_score_as_worked_out_by_hand)
{
    rk_findings fs = {0};
    cJSON *rep = scorer_report();
    rk_annotations *gold = scorer_load("gold.jsonl", "gold", &fs);
    rk_annotations *negs = scorer_load("negatives.jsonl", "negatives", &fs);
    ck_assert_uint_eq(fs.n, 0);
    rk_claim_figures f = {0};
    rk_gold_ref refs[8];
    char dir[4096];
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_event_score_claims(rep, gold, negs, scorer_path(dir, sizeof dir, ""), &f,
                                           refs, &fs, &err),
                     RK_OK);
    ck_assert_uint_eq(f.gold, 7);
    ck_assert_uint_eq(f.found, 6);
    ck_assert_uint_eq(f.value, 5);
    ck_assert_uint_eq(f.quantity, 6);
    ck_assert_uint_eq(f.subject_of, 6);
    ck_assert_uint_eq(f.subject, 5);
    ck_assert_uint_eq(f.attrib_of, 4);
    ck_assert_uint_eq(f.attrib, 3);
    ck_assert_uint_eq(f.event_claims, 8);
    ck_assert_uint_eq(f.event_matched, 6);
    ck_assert_uint_eq(f.negatives, 2);
    ck_assert_uint_eq(f.negatives_wrong, 1);
    ck_assert_ptr_null(refs[4].claim);                       /* dozens */
    ck_assert_str_eq(cJSON_GetObjectItem(refs[2].claim, "id")->valuestring,
                     "01_en_wire:80-89");                     /* the missing claim */
    ck_assert_uint_eq(fs.n_hard, 0);
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    rk_claim_figures_write(&f, m);
    fclose(m);
    ck_assert_str_eq(line, "found 86% value 71% quantity 86% subject 83% attrib 75% "
                           "event_precision 75% negatives_wrong 1/2\n");
    free(line);
    rk_annotations_free(gold);
    rk_annotations_free(negs);
    rk_findings_clear(&fs);
    cJSON_Delete(rep);
}
END_TEST

/* Ten pairs, each read by a different rule: an explicit contradicts link
 * (which outranks an agrees link on the same pair), supersedes to a lower
 * figure, narrower_than in the pair's direction, a group below the other
 * and above it, one group with verdict single, a claim in no group, a gold
 * claim with no claim at all. */
START_TEST(test_event_relations_score_as_worked_out_by_hand)
{
    rk_findings fs = {0};
    cJSON *rep = scorer_report();
    rk_annotations *gold = scorer_load("gold.jsonl", "gold", &fs);
    rk_annotations *rels = scorer_load("relations.jsonl", "relations", &fs);
    rk_claim_figures cf = {0};
    rk_relation_figures f;
    memset(&f, 0, sizeof f);
    rk_gold_ref refs[8];
    char dir[4096];
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_event_score_claims(rep, gold, NULL, scorer_path(dir, sizeof dir, ""),
                                           &cf, refs, &fs, &err),
                     RK_OK);
    ck_assert_int_eq(rk_event_score_relations(rep, refs, gold->n, rels, &f, &fs, &err), RK_OK);
    enum { CO, RI, RD, AG, CP, PA, PR, SG, DI, UT, SC, UM };
    ck_assert_uint_eq(f.pairs, 10);
    ck_assert_uint_eq(f.conf[0][CO], 1);   /* contradicts: link */
    ck_assert_uint_eq(f.conf[1][RD], 1);   /* rising: supersedes to a lower figure */
    ck_assert_uint_eq(f.conf[2][AG], 1);   /* agrees: one group, verdict single */
    ck_assert_uint_eq(f.conf[2][PR], 1);   /* agrees: b's group is above a's */
    ck_assert_uint_eq(f.conf[3][UM], 1);   /* compatible: a gold claim without a claim */
    ck_assert_uint_eq(f.conf[4][PA], 1);   /* part_of: a's group below b's */
    ck_assert_uint_eq(f.conf[5][DI], 1);   /* different: unrelated groups */
    ck_assert_uint_eq(f.conf[5][PA], 1);   /* different: a narrower_than link */
    ck_assert_uint_eq(f.conf[5][UT], 1);   /* different: no group */
    ck_assert_uint_eq(f.conf[5][CO], 1);   /* different: contradicts outranks agrees */
    ck_assert_uint_eq(f.different_together, 1);
    ck_assert_uint_eq(f.links, 3);
    ck_assert_uint_eq(f.links_both, 2);
    ck_assert_uint_eq(f.links_true, 1);
    ck_assert_uint_eq(f.links_known, 1);
    rk_relation_headline h;
    rk_relation_headline_of(&f, &h);
    ck_assert_uint_eq(h.contra_called, 2);
    ck_assert_uint_eq(h.different_apart, 3);
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    rk_relation_figures_write(&f, m);
    fclose(m);
    ck_assert_ptr_nonnull(strstr(out, "relations: contradicts P=50% R=100% | rising R=0% | "
                                      "part_of R=100% | different kept apart=75% | pairs 10\n"));
    ck_assert_ptr_nonnull(strstr(out, "different pairs kept apart only because a claim is "
                                      "untyped or unmatched: 1/4\n"));
    free(out);
    rk_annotations_free(gold);
    rk_annotations_free(rels);
    rk_findings_clear(&fs);
    cJSON_Delete(rep);
}
END_TEST

/* A bad annotation line is a hard finding at its line and column; the good
 * lines still load. */
START_TEST(test_annotations_bad_line_is_located_and_skipped)
{
    rk_findings fs = {0};
    rk_annotations *a = NULL;
    rk_error err;
    rk_error_clear(&err);
    const char *data = "{\"file\": \"a.txt\", \"quote\": \"7 dead\", \"number_text\": \"7\", "
                       "\"quantity\": \"deaths\", \"subject\": \"people\"}\n"
                       "\n"
                       "{\"file\": \"a.txt\", \"quote\": \"x\", \"number_text\": 7}\n"
                       "{\"file\": \"a.txt\",, }\n";
    ck_assert_int_eq(rk_annotations_parse("gold.jsonl", "gold", data, strlen(data), &a, &fs, &err),
                     RK_OK);
    ck_assert_uint_eq(a->n, 1);
    ck_assert_int_eq(a->v[0].line, 1);
    ck_assert_uint_eq(fs.n_hard, 2);
    ck_assert_int_eq(fs.v[0].line, 3);
    ck_assert_int_eq(fs.v[0].column, 33);
    ck_assert_str_eq(fs.v[0].message, "\"number_text\" is missing or of the wrong type");
    ck_assert_int_eq(fs.v[1].line, 4);
    ck_assert_str_eq(fs.v[1].message, "malformed JSON");
    rk_annotations_free(a);
    rk_findings_clear(&fs);
}
END_TEST

/* An event folder's baseline: written byte-stably, read back, and a figure
 * below it (or more negatives wrong) is a regression at its line. */
START_TEST(test_event_baseline_round_trip_and_regressions)
{
    rk_check_run run;
    ck_assert_int_eq(rk_check_run_init(&run, "ev"), 0);
    run.event = 1;
    run.has_claims = 1;
    run.claims = (rk_claim_figures){.gold = 10, .found = 9, .value = 8, .quantity = 7,
                                    .subject_of = 6, .subject = 5, .attrib_of = 4, .attrib = 3,
                                    .event_claims = 8, .event_matched = 6, .negatives = 5,
                                    .negatives_wrong = 1};
    run.has_relations = 1;
    run.relations.pairs = 4;
    run.relations.conf[0][0] = 1; /* one contradicts found */
    run.relations.conf[1][8] = 1; /* a rising pair read as different */
    run.relations.conf[5][8] = 2; /* two different pairs kept apart */
    char *out = NULL;
    size_t len = 0;
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rk_baseline_render(&run, &out, &len, &err), RK_OK);
    ck_assert_str_eq(out,
        "{\n"
        "  \"claims\": {\"gold\": 10, \"found\": 9, \"value\": 8, \"quantity\": 7,\n"
        "    \"subject_of\": 6, \"subject\": 5, \"attrib_of\": 4, \"attrib\": 3,\n"
        "    \"event_claims\": 8, \"event_matched\": 6, \"negatives\": 5, \"negatives_wrong\": 1},\n"
        "  \"relations\": {\"pairs\": 4, \"contradicts\": 1, \"contradicts_called\": 1, "
        "\"contradicts_right\": 1,\n"
        "    \"rising\": 1, \"rising_found\": 0, \"part_of\": 0, \"part_of_found\": 0,\n"
        "    \"different\": 2, \"different_apart\": 2}\n"
        "}\n");
    rk_baseline *b = NULL;
    ck_assert_int_eq(rk_baseline_parse("ev/scores.json", out, len, &b, &err), RK_OK);
    ck_assert_int_eq(b->claims_line, 2);
    ck_assert_int_eq(b->relations_line, 5);
    ck_assert_uint_eq(b->claims.event_matched, 6);
    ck_assert_uint_eq(b->relations.different_apart, 2);
    ck_assert_int_eq(rk_baseline_compare(b, &run, &err), RK_OK);
    ck_assert_uint_eq(run.findings.n, 0);
    run.claims.quantity = 6;          /* 6/10 < 7/10 */
    run.claims.negatives_wrong = 2;   /* more than 1 */
    run.relations.conf[5][8] = 1;     /* a different pair now in one group */
    run.relations.conf[5][7] = 1;
    run.relations.different_together = 1;
    ck_assert_int_eq(rk_baseline_compare(b, &run, &err), RK_OK);
    ck_assert_uint_eq(run.regressions, 3);
    ck_assert_str_eq(run.findings.v[0].message,
                     "claims: quantity 6/10 (0.600) is below its baseline 7/10 (0.700)");
    ck_assert_int_eq(run.findings.v[0].line, 2);
    ck_assert_str_eq(run.findings.v[1].message,
                     "claims: negatives_wrong 2/5 is above its baseline 1/5");
    ck_assert_str_eq(run.findings.v[2].message,
                     "relations: different kept apart 1/2 (0.500) is below its baseline 2/2 "
                     "(1.000)");
    ck_assert_int_eq(run.findings.v[2].line, 5);
    free(out);
    rk_baseline_free(b);
    rk_check_run_clear(&run);
}
END_TEST

static Suite *check_suite(void)
{
    Suite *s = suite_create("check");
    TCase *load = tcase_create("load");
    tcase_add_test(load, test_gold_line_reads_every_field);
    tcase_add_test(load, test_gold_blank_lines_are_skipped_but_counted);
    tcase_add_test(load, test_gold_malformed_json_reports_path_line_col);
    tcase_add_test(load, test_gold_column_counts_code_points_not_bytes);
    tcase_add_test(load, test_gold_mistyped_key_points_at_the_key);
    tcase_add_test(load, test_gold_missing_and_unknown_keys_are_refused);
    tcase_add_test(load, test_gold_bad_values_are_refused);
    tcase_add_test(load, test_gold_invalid_utf8_is_located);
    tcase_add_test(load, test_negatives_line_reads);
    tcase_add_test(load, test_shipped_gold_files_load);
    suite_add_tcase(s, load);
    TCase *match = tcase_create("match");
    tcase_add_test(match, test_match_finds_quote_written_with_tatweel_dot_pattern);
    tcase_add_test(match, test_match_tolerates_a_proclitic_on_either_side);
    tcase_add_test(match, test_match_prefers_the_claim_inside_the_quote);
    tcase_add_test(match, test_match_accepts_a_sentence_holding_the_quote);
    tcase_add_test(match, test_match_reports_each_wrong_field);
    tcase_add_test(match, test_negative_that_became_a_claim_fails_hard);
    tcase_add_test(match, test_item_naming_another_file_fails_hard);
    tcase_add_test(match, test_item_file_with_record_picks_that_document);
    tcase_add_test(match, test_normalise_folds_what_readers_ignore);
    suite_add_tcase(s, match);
    TCase *score = tcase_create("score");
    tcase_add_test(score, test_score_counts_recall_precision_and_typed_precision);
    tcase_add_test(score, test_attribution_matches_speaker_or_relay_and_null_only_null);
    tcase_add_test(score, test_as_of_partial_gold_date_covers_its_days);
    tcase_add_test(score, test_ratio_comparison_is_exact_and_empty_counts_as_whole);
    suite_add_tcase(s, score);
    TCase *base = tcase_create("baseline");
    tcase_add_test(base, test_baseline_renders_sorted_and_byte_stable);
    tcase_add_test(base, test_baseline_regression_names_fixture_field_and_line);
    tcase_add_test(base, test_baseline_new_fixture_is_a_note_and_gone_fixture_fails);
    tcase_add_test(base, test_baseline_malformed_reports_position);
    tcase_add_test(base, test_baseline_missing_file_is_empty);
    tcase_add_test(base, test_event_baseline_round_trip_and_regressions);
    suite_add_tcase(s, base);
    TCase *event = tcase_create("event");
    tcase_add_test(event, test_event_claims_score_as_worked_out_by_hand);
    tcase_add_test(event, test_event_relations_score_as_worked_out_by_hand);
    tcase_add_test(event, test_annotations_bad_line_is_located_and_skipped);
    suite_add_tcase(s, event);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(check_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
