/* test_text_dump.c - the `reckon text` output: metadata with origins and
 * sentences whose spans point at exactly the original bytes. */
#include <check.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"

static const char body[] = "الوقت - قتل ١٣ شخصا. وقال مسؤول إن العدد بلغ 20؟\nAlmaty (Reuters) - 8 died.";

/* Dumps the document (as JSON when json) into a string the caller frees. */
static char *dump(int json)
{
    rk_document d = {0};
    d.id = "doc";
    d.path = "fixtures/doc.txt";
    d.format = RK_FORMAT_TEXT;
    d.source = (rk_field){"الوقت", RK_ORIGIN_INFERRED};
    d.language = (rk_field){"ar", RK_ORIGIN_GIVEN};
    d.body = (char *)body;
    d.body_len = strlen(body);
    rk_text *t = NULL;
    rk_error e;
    ck_assert_int_eq(rk_text_build(d.body, d.body_len, "ar", &t, &e), RK_OK);
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    ck_assert_int_eq(rk_dump_text(&d, t, json, f, &e), RK_OK);
    fclose(f);
    rk_text_free(t);
    return out;
}

START_TEST(json_sentence_spans_point_at_the_original_bytes)
{
    char *s = dump(1);
    cJSON *o = cJSON_Parse(s);
    ck_assert_ptr_nonnull(o);
    cJSON *ss = cJSON_GetObjectItem(o, "sentences");
    ck_assert_int_eq(cJSON_GetArraySize(ss), 3);
    cJSON *it;
    cJSON_ArrayForEach(it, ss) {
        cJSON *span = cJSON_GetObjectItem(it, "span");
        int a = cJSON_GetArrayItem(span, 0)->valueint, b = cJSON_GetArrayItem(span, 1)->valueint;
        const char *text = cJSON_GetObjectItem(it, "text")->valuestring;
        ck_assert_int_eq((int)strlen(text), b - a);
        ck_assert(memcmp(body + a, text, (size_t)(b - a)) == 0);
    }
    const char *norm = cJSON_GetObjectItem(cJSON_GetArrayItem(ss, 0), "normalized")->valuestring;
    ck_assert_str_eq(norm, "الوقت - قتل 13 شخصا.");
    cJSON_Delete(o);
    free(s);
}
END_TEST

START_TEST(json_metadata_says_given_or_inferred_and_null_when_absent)
{
    char *s = dump(1);
    cJSON *o = cJSON_Parse(s);
    cJSON *m = cJSON_GetObjectItem(o, "metadata");
    cJSON *src = cJSON_GetObjectItem(m, "source");
    ck_assert_str_eq(cJSON_GetObjectItem(src, "value")->valuestring, "الوقت");
    ck_assert_str_eq(cJSON_GetObjectItem(src, "origin")->valuestring, "inferred");
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "language"), "origin")->valuestring,
                     "given");
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(m, "published")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(m, "url")));
    /* Fixed key order: id first, sentences last. */
    ck_assert_str_eq(o->child->string, "id");
    ck_assert_ptr_nonnull(strstr(s, "\"metadata\":{\"source\":"));
    cJSON_Delete(o);
    free(s);
}
END_TEST

START_TEST(output_is_byte_stable)
{
    for (int json = 0; json < 2; json++) {
        char *a = dump(json), *b = dump(json);
        ck_assert_str_eq(a, b);
        free(a);
        free(b);
    }
}
END_TEST

START_TEST(text_output_lists_sentences_with_spans)
{
    char *s = dump(0);
    ck_assert_ptr_nonnull(strstr(s, "document doc\n"));
    ck_assert_ptr_nonnull(strstr(s, "  source: الوقت (inferred)\n"));
    ck_assert_ptr_nonnull(strstr(s, "  sentences: 3\n"));
    ck_assert_ptr_nonnull(strstr(s, "  0 [0,"));
    ck_assert_ptr_nonnull(strstr(s, ") Almaty (Reuters) - 8 died.\n"));
    ck_assert_ptr_null(strstr(s, "published"));
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("text_dump");
    TCase *c = tcase_create("dump");
    tcase_add_test(c, json_sentence_spans_point_at_the_original_bytes);
    tcase_add_test(c, json_metadata_says_given_or_inferred_and_null_when_absent);
    tcase_add_test(c, output_is_byte_stable);
    tcase_add_test(c, text_output_lists_sentences_with_spans);
    suite_add_tcase(s, c);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
