/* test_review.c - the review file: missing is empty, writes are sorted and
 * byte-stable, malformed files are reported by line and column and never
 * overwritten, and concurrent writers lose nothing. Also `reckon review`. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rk_internal.h"

static char dir[64];
static char path[128];
/* The time a decision is given (NULL: the current time). */
static const char *now;

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/rk_review_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/reviews.json", dir);
    now = "2022-01-10T12:00:00Z";
}

static void teardown(void)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *content)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(content, f);
    fclose(f);
}

static char *slurp(const char *p)
{
    char *s = NULL;
    size_t n = 0;
    rk_error e;
    ck_assert_int_eq(rk_file_read(p, 0, &s, &n, &e), RK_OK);
    return s;
}

static void set_ok(const char *group, rk_review_state s, const char *note, const char *who)
{
    rk_error e;
    rk_error_clear(&e);
    ck_assert_msg(rk_reviews_set(path, group, s, note, who, NULL, now, &e) == RK_OK, "%s:%ld:%ld: %s",
                  e.file, e.line, e.column, e.message);
}

START_TEST(missing_file_is_an_empty_review)
{
    rk_reviews *r = NULL;
    rk_error e;
    ck_assert_int_eq(rk_reviews_load(path, &r, &e), RK_OK);
    ck_assert_uint_eq(r->n, 0);
    ck_assert_ptr_null(rk_reviews_find(r, "deaths/people"));
    rk_reviews_free(r);
    rk_reviews_free(NULL);
}
END_TEST

START_TEST(writes_are_pretty_sorted_and_byte_stable)
{
    set_ok("deaths/security_forces", RK_REVIEW_CONFIRMED, "8 and 25 \"cannot\" both\nhold",
           "سارة");
    set_ok("age/nazarbayev", RK_REVIEW_DISMISSED, NULL, NULL);
    char *got = slurp(path);
    ck_assert_str_eq(got, "{\n"
                          "  \"reviews\": [\n"
                          "    {\n"
                          "      \"group\": \"age/nazarbayev\",\n"
                          "      \"state\": \"dismissed\",\n"
                          "      \"note\": null,\n"
                          "      \"reviewer\": null,\n"
                          "      \"updated\": \"2022-01-10T12:00:00Z\"\n"
                          "    },\n"
                          "    {\n"
                          "      \"group\": \"deaths/security_forces\",\n"
                          "      \"state\": \"confirmed\",\n"
                          "      \"note\": \"8 and 25 \\\"cannot\\\" both\\nhold\",\n"
                          "      \"reviewer\": \"سارة\",\n"
                          "      \"updated\": \"2022-01-10T12:00:00Z\"\n"
                          "    }\n"
                          "  ]\n"
                          "}\n");
    free(got);
}
END_TEST

START_TEST(a_file_reads_back_as_written)
{
    set_ok("b", RK_REVIEW_RESOLVED, "the toll is 13\tper state TV", "x");
    set_ok("a", RK_REVIEW_CONFIRMED, NULL, "y");
    rk_reviews *r = NULL;
    rk_error e;
    ck_assert_int_eq(rk_reviews_load(path, &r, &e), RK_OK);
    ck_assert_uint_eq(r->n, 2);
    const rk_review_entry *b = rk_reviews_find(r, "b");
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(b->state, RK_REVIEW_RESOLVED);
    ck_assert_str_eq(b->note, "the toll is 13\tper state TV");
    ck_assert_str_eq(b->reviewer, "x");
    ck_assert_str_eq(b->updated, "2022-01-10T12:00:00Z");
    ck_assert_ptr_null(rk_reviews_find(r, "a")->note);
    /* formatting what was read gives the file back */
    char *text = NULL, *file = slurp(path);
    size_t len;
    ck_assert_int_eq(rk_reviews_format(r, &text, &len, &e), RK_OK);
    ck_assert_str_eq(text, file);
    free(text);
    free(file);
    rk_reviews_free(r);
}
END_TEST

START_TEST(setting_a_group_again_replaces_its_decision)
{
    set_ok("g", RK_REVIEW_CONFIRMED, "first", NULL);
    now = "2022-01-11T00:00:00Z";
    set_ok("g", RK_REVIEW_DISMISSED, "second", "z");
    rk_reviews *r = NULL;
    rk_error e;
    ck_assert_int_eq(rk_reviews_load(path, &r, &e), RK_OK);
    ck_assert_uint_eq(r->n, 1);
    ck_assert_int_eq(r->items[0].state, RK_REVIEW_DISMISSED);
    ck_assert_str_eq(r->items[0].note, "second");
    ck_assert_str_eq(r->items[0].updated, "2022-01-11T00:00:00Z");
    rk_reviews_free(r);
}
END_TEST

START_TEST(without_a_fixed_time_updated_is_utc_now)
{
    /* Only the caller fixes the time: the library reads no environment
     * (the command line passes $RECKON_NOW along itself). */
    ck_assert_int_eq(setenv("RECKON_NOW", "1999-01-01T00:00:00Z", 1), 0);
    now = NULL;
    set_ok("g", RK_REVIEW_CONFIRMED, NULL, NULL);
    unsetenv("RECKON_NOW");
    rk_reviews *r = NULL;
    rk_error e;
    ck_assert_int_eq(rk_reviews_load(path, &r, &e), RK_OK);
    const char *u = r->items[0].updated;
    ck_assert_uint_eq(strlen(u), 20);
    ck_assert(u[4] == '-' && u[10] == 'T' && u[19] == 'Z');
    ck_assert_str_ne(u, "1999-01-01T00:00:00Z");
    rk_reviews_free(r);
}
END_TEST

START_TEST(malformed_file_names_line_and_column_and_is_not_overwritten)
{
    const char *bad = "{\n  \"reviews\": [\n    {\"group\": \"a\",, }\n  ]\n}\n";
    put(bad);
    rk_reviews *r = NULL;
    rk_error e;
    ck_assert_int_eq(rk_reviews_load(path, &r, &e), RK_ERR_PARSE);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(e.file, path);
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 20);
    ck_assert_int_eq(rk_reviews_set(path, "b", RK_REVIEW_CONFIRMED, NULL, NULL, NULL, NULL, &e),
                     RK_ERR_PARSE);
    char *after = slurp(path);
    ck_assert_str_eq(after, bad);
    free(after);
}
END_TEST

START_TEST(bad_entry_is_reported_where_it_starts)
{
    put("{\n  \"reviews\": [\n    {\"group\": \"a\", \"state\": \"confirmed\"},\n"
        "    {\"group\": \"b\", \"state\": \"maybe\"}\n  ]\n}\n");
    rk_reviews *r = NULL;
    rk_error e;
    ck_assert_int_eq(rk_reviews_load(path, &r, &e), RK_ERR_PARSE);
    ck_assert_int_eq(e.line, 4);
    ck_assert_int_eq(e.column, 5);
    ck_assert_ptr_nonnull(strstr(e.message, "'b'"));
}
END_TEST

START_TEST(wrong_shapes_are_refused)
{
    static const char *const bad[] = {
        "[]\n",
        "{\"reviews\": {}}\n",
        "{\"reviews\": [1]}\n",
        "{\"reviews\": [{\"state\": \"confirmed\"}]}\n",
        "{\"reviews\": [{\"group\": \"a\", \"state\": \"confirmed\", \"note\": 3}]}\n",
        "{\"reviews\": [{\"group\": \"a\", \"state\": \"confirmed\"},"
        " {\"group\": \"a\", \"state\": \"dismissed\"}]}\n",
        "{\"reviews\": [{\"group\": \"\xff\", \"state\": \"confirmed\"}]}\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        put(bad[i]);
        rk_reviews *r = NULL;
        rk_error e;
        rk_error_clear(&e);
        ck_assert_msg(rk_reviews_load(path, &r, &e) == RK_ERR_PARSE, "case %zu", i);
        ck_assert_ptr_null(r);
        ck_assert_int_ge(e.line, 1);
    }
}
END_TEST

START_TEST(invalid_requests_are_usage_errors)
{
    rk_error e;
    ck_assert_int_eq(rk_reviews_set(path, "g", RK_REVIEW_NONE, NULL, NULL, NULL, NULL, &e),
                     RK_ERR_USAGE);
    ck_assert_int_eq(rk_reviews_set(path, "", RK_REVIEW_CONFIRMED, NULL, NULL, NULL, NULL, &e),
                     RK_ERR_USAGE);
    ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(concurrent_writers_lose_nothing)
{
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        ck_assert_int_ge(kids[k], 0);
        if (kids[k] == 0) {
            int bad = 0;
            for (int i = 0; i < 200; i++) {
                char g[32];
                snprintf(g, sizeof g, "q/writer%d-%03d", k, i);
                rk_error e;
                bad |= rk_reviews_set(path, g, RK_REVIEW_CONFIRMED, "n", NULL, NULL, NULL, &e) != RK_OK;
            }
            _exit(bad);
        }
    }
    for (int k = 0; k < 2; k++) {
        int status = 0;
        ck_assert_int_eq(waitpid(kids[k], &status, 0), kids[k]);
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    rk_reviews *r = NULL;
    rk_error e;
    ck_assert_int_eq(rk_reviews_load(path, &r, &e), RK_OK);
    ck_assert_uint_eq(r->n, 400);
    for (size_t i = 1; i < r->n; i++)
        ck_assert_int_lt(strcmp(r->items[i - 1].group, r->items[i].group), 0);
    ck_assert_ptr_nonnull(rk_reviews_find(r, "q/writer0-199"));
    ck_assert_ptr_nonnull(rk_reviews_find(r, "q/writer1-000"));
    rk_reviews_free(r);
}
END_TEST

START_TEST(state_names_round_trip)
{
    for (int s = RK_REVIEW_CONFIRMED; s <= RK_REVIEW_RESOLVED; s++)
        ck_assert_int_eq(rk_review_state_parse(rk_review_state_name((rk_review_state)s)), s);
    ck_assert_int_eq(rk_review_state_parse("Confirmed"), RK_REVIEW_NONE);
    ck_assert_int_eq(rk_review_state_parse(NULL), RK_REVIEW_NONE);
    ck_assert_ptr_null(rk_review_state_name(RK_REVIEW_NONE));
}
END_TEST

/* ---- the command line --------------------------------------------------- */

static int reckon(const char *args, char *out, size_t outsz, char *errs, size_t errsz)
{
    char cmd[1024], o[160], er[160];
    snprintf(o, sizeof o, "%s/out.txt", dir);
    snprintf(er, sizeof er, "%s/err.txt", dir);
    /* The command line, not the library, fixes the time from $RECKON_NOW. */
    snprintf(cmd, sizeof cmd,
             "RECKON_NOW='%s' '%s/src/cli/reckon' review --reviews '%s' %s >'%s' 2>'%s'",
             now ? now : "", getenv("RK_BUILD_ROOT"), path, args, o, er);
    int st = system(cmd);
    char *s = slurp(o);
    snprintf(out, outsz, "%s", s);
    free(s);
    s = slurp(er);
    snprintf(errs, errsz, "%s", s);
    free(s);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(cli_sets_and_lists_reviews)
{
    char out[4096], errs[1024];
    ck_assert_int_eq(reckon("set deaths/people confirmed --note '150 vs dozens' --reviewer ana",
                            out, sizeof out, errs, sizeof errs),
                     0);
    ck_assert_int_eq(reckon("set area/kazakhstan resolved", out, sizeof out, errs, sizeof errs), 0);
    ck_assert_int_eq(reckon("list", out, sizeof out, errs, sizeof errs), 0);
    ck_assert_str_eq(out, "area/kazakhstan\tresolved\t2022-01-10T12:00:00Z\t\t\n"
                          "deaths/people\tconfirmed\t2022-01-10T12:00:00Z\tana\t150 vs dozens\n");
    ck_assert_int_eq(reckon("list --format json", out, sizeof out, errs, sizeof errs), 0);
    char *file = slurp(path);
    ck_assert_str_eq(out, file);
    free(file);
}
END_TEST

START_TEST(cli_refuses_a_malformed_file_with_exit_2)
{
    const char *bad = "{\"reviews\": [\n  {\"group\": \"a\" \"state\": 1}\n]}\n";
    put(bad);
    char out[1024], errs[1024], want[512];
    ck_assert_int_eq(reckon("set b confirmed", out, sizeof out, errs, sizeof errs), 2);
    /* column 17: the opening quote of "state", where a comma was due */
    snprintf(want, sizeof want, "reckon: %s:2:17: malformed JSON\n", path);
    ck_assert_str_eq(errs, want);
    char *after = slurp(path);
    ck_assert_str_eq(after, bad);
    free(after);
    ck_assert_int_eq(reckon("list", out, sizeof out, errs, sizeof errs), 2);
}
END_TEST

START_TEST(cli_refuses_unknown_states_and_actions)
{
    char out[1024], errs[1024];
    ck_assert_int_eq(reckon("set g maybe", out, sizeof out, errs, sizeof errs), 2);
    ck_assert_ptr_nonnull(strstr(errs, "unknown state 'maybe'"));
    ck_assert_int_eq(reckon("undo", out, sizeof out, errs, sizeof errs), 2);
    ck_assert_int_eq(reckon("list --format yaml", out, sizeof out, errs, sizeof errs), 2);
    ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("review");
    TCase *t = tcase_create("review");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, missing_file_is_an_empty_review);
    tcase_add_test(t, writes_are_pretty_sorted_and_byte_stable);
    tcase_add_test(t, a_file_reads_back_as_written);
    tcase_add_test(t, setting_a_group_again_replaces_its_decision);
    tcase_add_test(t, without_a_fixed_time_updated_is_utc_now);
    tcase_add_test(t, malformed_file_names_line_and_column_and_is_not_overwritten);
    tcase_add_test(t, bad_entry_is_reported_where_it_starts);
    tcase_add_test(t, wrong_shapes_are_refused);
    tcase_add_test(t, invalid_requests_are_usage_errors);
    tcase_add_test(t, concurrent_writers_lose_nothing);
    tcase_add_test(t, state_names_round_trip);
    tcase_add_test(t, cli_sets_and_lists_reviews);
    tcase_add_test(t, cli_refuses_a_malformed_file_with_exit_2);
    tcase_add_test(t, cli_refuses_unknown_states_and_actions);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
