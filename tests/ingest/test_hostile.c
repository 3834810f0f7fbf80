/* test_hostile.c - the ingest stage against hostile inputs (the second
 * round of the catalogue), through the library: entities never expanded,
 * metadata cut, JSON Lines that lose one line only, JSON arrays, NUL
 * escapes, dates that are not dates, declared encodings, deep HTML without
 * libxml2's huge mode, libxml2's first error, and caller-given ids. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/utf8.h"
#include "ingest/ingest.h"

/* Diagnostics collected while reading. */
typedef struct diags {
    int n, warnings;
    rk_error all[16];
} diags;

static void collect(void *ctx, const rk_error *e)
{
    diags *d = ctx;
    if (d->n < 16)
        d->all[d->n] = *e;
    d->n++;
    d->warnings += e->warning;
}

/* The first diagnostic whose message holds what, or NULL. */
static const rk_error *diag_with(const diags *d, const char *what)
{
    for (int i = 0; i < d->n && i < 16; i++)
        if (strstr(d->all[i].message, what))
            return &d->all[i];
    return NULL;
}

static rk_status read_buf(const char *path, const char *data, size_t len, rk_doclist *l,
                          diags *dg, rk_error *e)
{
    rk_error_clear(e);
    memset(dg, 0, sizeof *dg);
    return rk_ingest_buffer(path, data, len, NULL, l, collect, dg, e);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char g_tmp[64];

static const char *tmp_file(const char *name, const char *data, size_t len)
{
    static char path[128];
    if (!g_tmp[0]) {
        snprintf(g_tmp, sizeof g_tmp, "/tmp/rk_hostile_XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(g_tmp));
    }
    snprintf(path, sizeof path, "%s/%s", g_tmp, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

/* ---- entities and long values ---------------------------------------- */

START_TEST(entity_references_in_attributes_are_never_expanded)
{
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE nitf [<!ENTITY a \"");
    for (int i = 0; i < 1000; i++)
        rk_buf_putc(&b, 'A');
    rk_buf_puts(&b, "\">]>\n<nitf><head><pubdata name=\"Wire");
    for (int i = 0; i < 20000; i++)
        rk_buf_puts(&b, "&a;");
    rk_buf_puts(&b, "\"/></head><body><body.content><p>The ministry said 12 people died."
                    "</p></body.content></body></nitf>\n");
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    double t = now();
    ck_assert_int_eq(read_buf("e.nitf.xml", b.data, b.len, &l, &dg, &e), RK_OK);
    ck_assert_msg(now() - t < 5.0, "20,000 references took %.1f s", now() - t);
    ck_assert_str_eq(l.docs[0]->source.value, "Wire");
    rk_doclist_free(&l);
    rk_buf_free(&b);
}
END_TEST

START_TEST(a_metadata_value_is_cut_at_4_kb_with_a_warning)
{
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "{\"text\": \"The ministry said 12 people died.\", \"title\": \"");
    for (int i = 0; i < 3000; i++)
        rk_buf_puts(&b, "قتل ");  /* multi-byte: the cut keeps whole characters */
    rk_buf_puts(&b, "\"}");
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("long.json", b.data, b.len, &l, &dg, &e), RK_OK);
    size_t n = strlen(l.docs[0]->title.value);
    ck_assert_uint_le(n, 4096);
    ck_assert_uint_gt(n, 4000);
    size_t bad = 0;
    ck_assert(rk_utf8_valid(l.docs[0]->title.value, n, &bad));
    const rk_error *w = diag_with(&dg, "title");
    ck_assert_ptr_nonnull(w);
    ck_assert(w->warning);
    ck_assert_str_eq(w->file, "long.json");
    rk_doclist_free(&l);
    rk_buf_free(&b);
}
END_TEST

/* ---- JSON ---------------------------------------------------------------- */

START_TEST(json_lines_detection_keeps_bad_lines_to_themselves)
{
    const char *junk2 = "{\"text\": \"a\"}\njunk\n{\"text\": \"b\"}\n";
    ck_assert_int_eq(rk_ingest_detect("a.json", junk2, strlen(junk2)), RK_FORMAT_JSONL);
    const char *array2 = "{\"text\": \"a\"}\n[1]\n";
    ck_assert_int_eq(rk_ingest_detect("a.txt", array2, strlen(array2)), RK_FORMAT_JSONL);
    const char *tail1 = "{\"text\": \"a\"} junk\n{\"text\": \"b\"}\n";
    ck_assert_int_eq(rk_ingest_detect("a.json", tail1, strlen(tail1)), RK_FORMAT_JSONL);
    const char *broken1 = "{\"text\": \"a\n{\"text\": \"b\"}\n";
    ck_assert_int_eq(rk_ingest_detect("a.jsonl", broken1, strlen(broken1)), RK_FORMAT_JSONL);
    ck_assert_int_eq(rk_ingest_detect("a.json", broken1, strlen(broken1)), RK_FORMAT_JSON);
    const char *pretty = "{\n  \"text\": \"a\"\n}\n";
    ck_assert_int_eq(rk_ingest_detect("a.jsonl", pretty, strlen(pretty)), RK_FORMAT_JSON);
    const char *braced = "{\"a\": \"}\\\"{\"}\n{\"text\": \"b\"}\n"; /* brackets in strings */
    ck_assert_int_eq(rk_ingest_detect("a.json", braced, strlen(braced)), RK_FORMAT_JSONL);

    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("a.json", junk2, strlen(junk2), &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_int_eq(dg.n, 1);
    ck_assert_int_eq(dg.all[0].line, 2);
    rk_doclist_free(&l);
}
END_TEST

START_TEST(a_json_array_gives_one_document_per_good_element)
{
    const char *arr = "[\n {\"text\": \"The ministry said 12 people died.\", \"source\": \"A\"},\n"
                      " 7,\n {\"body\": \"Police said 40 were hurt.\"}\n]\n";
    ck_assert_int_eq(rk_ingest_detect("a.txt", arr, strlen(arr)), RK_FORMAT_JSON);
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("arr.json", arr, strlen(arr), &l, &dg, &e), RK_OK);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_str_eq(l.docs[0]->id, "arr#2");
    ck_assert_str_eq(l.docs[1]->id, "arr#4");
    ck_assert_int_eq(l.docs[0]->format, RK_FORMAT_JSON);
    ck_assert_str_eq(l.docs[0]->source.value, "A");
    ck_assert_int_eq(dg.n, 1);
    ck_assert_int_eq(dg.all[0].line, 3);
    rk_doclist_free(&l);
    const char *none = "[\n {\"title\": \"no text\"}\n]";
    ck_assert_int_eq(read_buf("n.json", none, strlen(none), &l, &dg, &e), RK_ERR_PARSE);
    ck_assert_uint_eq(l.n, 0);
    ck_assert_int_eq(dg.n, 1);
}
END_TEST

START_TEST(nul_escape_is_read_as_a_space_with_a_warning)
{
    const char *j = "{\"text\": \"The ministry said\\u0000 12 people died.\", "
                    "\"title\": \"a\\u0000b\"}";
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("n.json", j, strlen(j), &l, &dg, &e), RK_OK);
    ck_assert_str_eq(l.docs[0]->body, "The ministry said  12 people died.");
    ck_assert_str_eq(l.docs[0]->title.value, "a b");
    const rk_error *w = diag_with(&dg, "u0000");
    ck_assert_ptr_nonnull(w);
    ck_assert(w->warning);
    ck_assert_int_eq(w->line, 1);
    ck_assert_int_eq(w->column, 28);
    rk_doclist_free(&l);
    /* An escaped backslash before u0000 is no NUL. */
    const char *k = "{\"text\": \"C:\\\\u0000 12 people\"}";
    ck_assert_int_eq(read_buf("k.json", k, strlen(k), &l, &dg, &e), RK_OK);
    ck_assert_str_eq(l.docs[0]->body, "C:\\u0000 12 people");
    ck_assert_int_eq(dg.n, 0);
    rk_doclist_free(&l);
}
END_TEST

/* ---- dates --------------------------------------------------------------- */

START_TEST(dates_that_are_not_dates_are_not_used)
{
    static const char *const bad[] = {"yesterday", "2022-02-30", "2023-02-29", "2022-13-01",
                                      "2022-01-06T25:00", "2022-01-06 noon", "20220106", NULL};
    for (size_t i = 0; bad[i]; i++) {
        char j[256];
        snprintf(j, sizeof j, "{\"text\": \"The ministry said 12 people died.\",\n"
                 " \"published\": \"%s\"}", bad[i]);
        rk_doclist l = {0};
        diags dg;
        rk_error e;
        rk_ingest_options o = {.no_infer = 1};
        rk_error_clear(&e);
        memset(&dg, 0, sizeof dg);
        ck_assert_int_eq(rk_ingest_buffer("d.json", j, strlen(j), &o, &l, collect, &dg, &e),
                         RK_OK);
        ck_assert_msg(l.docs[0]->published.origin == RK_ORIGIN_NONE, "%s was used", bad[i]);
        ck_assert_int_eq(dg.n, 1);
        ck_assert(dg.all[0].warning);
        ck_assert_int_eq(dg.all[0].line, 2);
        ck_assert_int_eq(dg.all[0].column, 2);
        rk_doclist_free(&l);
    }
    static const char *const good[] = {"2022", "2022-01", "2024-02-29", "2022-01-06T08:30",
                                       "2022-01-06T08:30:00.5Z", "2022-01-06 08:30:00+03:00",
                                       "2022-01-06T08:30:00-0500", NULL};
    for (size_t i = 0; good[i]; i++) {
        char j[256];
        snprintf(j, sizeof j, "{\"text\": \"x 1\", \"published\": \"%s\"}", good[i]);
        rk_doclist l = {0};
        diags dg;
        rk_error e;
        ck_assert_int_eq(read_buf("d.json", j, strlen(j), &l, &dg, &e), RK_OK);
        ck_assert_str_eq(l.docs[0]->published.value, good[i]);
        ck_assert_int_eq(dg.n, 0);
        rk_doclist_free(&l);
    }
}
END_TEST

START_TEST(a_sidecar_date_that_is_no_date_is_a_warning_and_the_rest_is_used)
{
    const char *art = tmp_file("s.txt", "The ministry said 12 people died.\n", 34);
    char side[160];
    snprintf(side, sizeof side, "%s/s.meta.json", g_tmp);
    FILE *f = fopen(side, "w");
    fputs("{\"source\": \"Wire\",\n  \"published\": \"yesterday\"}\n", f);
    fclose(f);
    rk_doclist l = {0};
    diags dg = {0};
    rk_error e;
    rk_ingest_options o = {.no_infer = 1};
    rk_error_clear(&e);
    ck_assert_int_eq(rk_ingest_file(art, &o, &l, collect, &dg, &e), RK_OK);
    ck_assert_str_eq(l.docs[0]->source.value, "Wire");
    ck_assert_int_eq(l.docs[0]->published.origin, RK_ORIGIN_NONE);
    ck_assert_int_eq(dg.n, 1);
    ck_assert(dg.all[0].warning);
    ck_assert_str_eq(dg.all[0].file, side);
    ck_assert_int_eq(dg.all[0].line, 2);
    ck_assert_int_eq(dg.all[0].column, 3);
    rk_doclist_free(&l);
}
END_TEST

/* ---- encodings ---------------------------------------------------------- */

START_TEST(a_page_in_its_declared_encoding_is_decoded)
{
    /* "قتل 12" in windows-1256; the body is UTF-8 and holds the number. */
    const char page[] = "<html><head><meta charset=\"windows-1256\"></head><body><p>"
                        "\xDE\xCA\xE1 12 \xD4\xCE\xD5\xC7</p></body></html>";
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("ar.html", page, sizeof page - 1, &l, &dg, &e), RK_OK);
    ck_assert_str_eq(l.docs[0]->body, "قتل 12 شخصا");
    rk_doclist_free(&l);
    const char xml[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><nitf><body><body.content>"
                       "<p>Caf\xE9 said 3.</p></body.content></body></nitf>";
    ck_assert_int_eq(read_buf("l.nitf.xml", xml, sizeof xml - 1, &l, &dg, &e), RK_OK);
    ck_assert_str_eq(l.docs[0]->body, "Café said 3.");
    rk_doclist_free(&l);
    /* UTF-8 bytes under a stale declaration stay UTF-8. */
    const char stale[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><nitf><body>"
                         "<body.content><p>Café said 3.</p></body.content></body></nitf>";
    ck_assert_int_eq(read_buf("s.nitf.xml", stale, sizeof stale - 1, &l, &dg, &e), RK_OK);
    ck_assert_str_eq(l.docs[0]->body, "Café said 3.");
    rk_doclist_free(&l);
}
END_TEST

START_TEST(undeclared_non_utf8_says_what_was_tried)
{
    const char page[] = "<html><body><p>\xDE\xCA\xE1 12</p></body></html>";
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("ar.html", page, sizeof page - 1, &l, &dg, &e), RK_ERR_UTF8);
    ck_assert_ptr_nonnull(strstr(e.message, "tried UTF-8"));
    ck_assert_int_eq(e.offset, 15);
    const char text[] = "plain \xE9t\xE9";
    ck_assert_int_eq(read_buf("t.txt", text, sizeof text - 1, &l, &dg, &e), RK_ERR_UTF8);
    ck_assert_ptr_nonnull(strstr(e.message, "tried UTF-8"));
    const char bad[] = "<html><head><meta charset=\"windows-1256\"></head><body><p>\x81\x81"
                       "</p></body></html>";
    rk_status st = read_buf("bad.html", bad, sizeof bad - 1, &l, &dg, &e);
    /* 0x81 is a letter in windows-1256: decoded, or refused saying so. */
    ck_assert(st == RK_OK || (st == RK_ERR_UTF8 && strstr(e.message, "windows-1256")));
    rk_doclist_free(&l);
    ck_assert_uint_eq(l.n, 0);
}
END_TEST

/* ---- markup ---------------------------------------------------------------- */

/* 1,000 nested elements, deeper than the tree reckon builds (200): the
 * page reads whole without libxml2's huge mode, the deep paragraphs still
 * end where they end, and what is dropped deep down stays dropped. */
START_TEST(html_deeper_than_the_tree_keeps_text_breaks_and_drops)
{
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "<html><body>");
    for (int i = 0; i < 1000; i++)
        rk_buf_puts(&b, "<div>");
    rk_buf_puts(&b, "<p>Deep one said 12 people died.</p><p>Deep two.</p>"
                    "<script>SCRIPT-TEXT</script><div hidden>HIDDEN-TEXT</div>"
                    "<span aria-hidden=\"true\">ARIA-TEXT</span><style>p {}</style>");
    for (int i = 0; i < 1000; i++)
        rk_buf_puts(&b, "</div>");
    rk_buf_puts(&b, "After the nesting.</body></html>");
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("deep.html", b.data, b.len, &l, &dg, &e), RK_OK);
    ck_assert_str_eq(l.docs[0]->body, "Deep one said 12 people died.\nDeep two.\n"
                                      "After the nesting.");
    rk_doclist_free(&l);
    rk_buf_free(&b);
}
END_TEST

START_TEST(an_xml_error_is_libxml2s_first)
{
    const char xml[] = "<nitf><body><body.content>\n<p>One</b>\n<p>Two</p>\n\n\n";
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("bad.xml", xml, sizeof xml - 1, &l, &dg, &e), RK_ERR_PARSE);
    ck_assert_int_eq(e.line, 2);
    ck_assert_ptr_nonnull(strstr(e.message, "mismatch"));
}
END_TEST

START_TEST(markup_over_64_mib_is_refused_before_parsing)
{
    size_t n = ((size_t)64 << 20) + 1;
    char *page = malloc(n);
    ck_assert_ptr_nonnull(page);
    memset(page, ' ', n);
    memcpy(page, "<html><body><p>", 15);
    rk_doclist l = {0};
    diags dg;
    rk_error e;
    ck_assert_int_eq(read_buf("big.html", page, n, &l, &dg, &e), RK_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(e.message, "64 MiB"));
    free(page);
}
END_TEST

/* ---- ids ------------------------------------------------------------------- */

static const char *id_of(void *ctx, const char *path)
{
    return strcmp(path, "d1/x.txt") == 0 ? (const char *)ctx : NULL;
}

START_TEST(the_caller_may_name_the_documents)
{
    rk_ingest_options o = {.id_of = id_of, .id_ctx = (void *)"d1/x"};
    const char *jl = "{\"text\": \"a 1\"}\n{\"text\": \"b 2\"}\n";
    rk_doclist l = {0};
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_ingest_buffer("d1/x.txt", "some 1 text", 11, &o, &l, NULL, NULL, &e),
                     RK_OK);
    ck_assert_int_eq(rk_ingest_buffer("d2/x.jsonl", jl, strlen(jl), &o, &l, NULL, NULL, &e),
                     RK_OK);
    ck_assert_str_eq(l.docs[0]->id, "d1/x");
    ck_assert_str_eq(l.docs[1]->id, "x#1"); /* id_of gave NULL: the file name */
    rk_doclist_free(&l);
}
END_TEST

static Suite *hostile_suite(void)
{
    Suite *s = suite_create("ingest-hostile");
    TCase *t = tcase_create("hostile");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, entity_references_in_attributes_are_never_expanded);
    tcase_add_test(t, a_metadata_value_is_cut_at_4_kb_with_a_warning);
    tcase_add_test(t, json_lines_detection_keeps_bad_lines_to_themselves);
    tcase_add_test(t, a_json_array_gives_one_document_per_good_element);
    tcase_add_test(t, nul_escape_is_read_as_a_space_with_a_warning);
    tcase_add_test(t, dates_that_are_not_dates_are_not_used);
    tcase_add_test(t, a_sidecar_date_that_is_no_date_is_a_warning_and_the_rest_is_used);
    tcase_add_test(t, a_page_in_its_declared_encoding_is_decoded);
    tcase_add_test(t, undeclared_non_utf8_says_what_was_tried);
    tcase_add_test(t, html_deeper_than_the_tree_keeps_text_breaks_and_drops);
    tcase_add_test(t, an_xml_error_is_libxml2s_first);
    tcase_add_test(t, markup_over_64_mib_is_refused_before_parsing);
    tcase_add_test(t, the_caller_may_name_the_documents);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(hostile_suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    if (g_tmp[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", g_tmp);
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
