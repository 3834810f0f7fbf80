/* test_rules.c - the rule loader: schema validation, exact diagnostics,
 * hostile XML refused, the shipped rule set loads. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/rules.h"

static char tmpdir[64];
static char schema[512];

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rk_rules_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(schema, sizeof schema, "%s/rules/schema/rules.rng", getenv("RK_SOURCE_ROOT"));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *content)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(content, f);
    fclose(f);
}

static rk_status load(rk_rules **r, rk_error *e)
{
    rk_error_clear(e);
    return rk_rules_load(tmpdir, schema, r, NULL, NULL, e);
}

START_TEST(shipped_rule_set_loads)
{
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_msg(rk_rules_load(getenv("RECKON_RULES"), NULL, &r, NULL, NULL, &e) == RK_OK,
                  "%s:%ld: %s", e.file, e.line, e.message);
    ck_assert_uint_gt(r->n_files, 0);
    rk_rules_free(r);
}
END_TEST

START_TEST(malformed_xml_names_file_and_line)
{
    put("a.xml", "<?xml version=\"1.0\"?>\n<rules>\n  <numbers>\n</rules>\n");
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_int_eq(load(&r, &e), RK_ERR_RULES);
    ck_assert_ptr_null(r);
    ck_assert(strstr(e.file, "/a.xml") != NULL);
    ck_assert_int_eq(e.line, 4);
}
END_TEST

START_TEST(schema_violation_names_file_and_line)
{
    put("b.xml", "<?xml version=\"1.0\"?>\n<rules>\n\n  <bogus/>\n</rules>\n");
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_int_eq(load(&r, &e), RK_ERR_RULES);
    ck_assert(strstr(e.file, "/b.xml") != NULL);
    ck_assert_int_eq(e.line, 4);
    ck_assert(strstr(e.message, "bogus") != NULL);
}
END_TEST

START_TEST(doctype_and_entities_refused)
{
    put("c.xml", "<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE rules [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">"
                 "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                 "<rules description=\"&b;&x;\"/>\n");
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_int_eq(load(&r, &e), RK_ERR_RULES);
    ck_assert(strstr(e.message, "DOCTYPE") != NULL);
}
END_TEST

START_TEST(good_files_load_in_path_order_with_attributes)
{
    put("z.xml", "<rules lang=\"en\" description=\"second\"/>\n");
    put("a.xml", "<rules lang=\"ar\" description=\"first\"/>\n");
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_int_eq(load(&r, &e), RK_OK);
    ck_assert_uint_eq(r->n_files, 2);
    ck_assert_str_eq(rk_rnode_attr(r->files[0], "description"), "first");
    ck_assert_str_eq(rk_rnode_attr(r->files[1], "lang"), "en");
    ck_assert_ptr_null(rk_rnode_attr(r->files[1], "missing"));
    rk_rules_free(r);
}
END_TEST

START_TEST(missing_directory_and_empty_directory)
{
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_rules_load("/nonexistent/rules", schema, &r, NULL, NULL, &e), RK_ERR_RULES);
    ck_assert_str_eq(e.file, "/nonexistent/rules");
    ck_assert_int_eq(load(&r, &e), RK_ERR_RULES);
    ck_assert(strstr(e.message, "no rule files") != NULL);
}
END_TEST

static int seen;
static void count(void *ctx, const rk_error *e)
{
    (void)ctx;
    (void)e;
    seen++;
}

START_TEST(every_broken_file_reported_through_diag)
{
    put("a.xml", "<rules><x/></rules>");
    put("b.xml", "<rules>");
    put("c.xml", "<rules/>");
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    seen = 0;
    ck_assert_int_eq(rk_rules_load(tmpdir, schema, &r, count, NULL, &e), RK_ERR_RULES);
    ck_assert_int_eq(seen, 2);
}
END_TEST

/* $RECKON_RULES is the command line's: the library's own search ignores it. */
START_TEST(default_dir_reads_no_environment)
{
    ck_assert_int_eq(setenv("RECKON_RULES", "/nonexistent/rules-from-env", 1), 0);
    char *dir = rk_rules_default_dir("/nonexistent/bin/reckon");
    unsetenv("RECKON_RULES");
    ck_assert(dir == NULL || strcmp(dir, "/nonexistent/rules-from-env") != 0);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("loader");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, shipped_rule_set_loads);
    tcase_add_test(tc, malformed_xml_names_file_and_line);
    tcase_add_test(tc, schema_violation_names_file_and_line);
    tcase_add_test(tc, doctype_and_entities_refused);
    tcase_add_test(tc, good_files_load_in_path_order_with_attributes);
    tcase_add_test(tc, missing_directory_and_empty_directory);
    tcase_add_test(tc, every_broken_file_reported_through_diag);
    tcase_add_test(tc, default_dir_reads_no_environment);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
