/* test_fields.c - ing_field_set() gives the value a plain byte-by-byte
 * reading of its rule gives (cut at a NUL, white space trimmed, every run
 * of it made one space), whichever of its two paths (the whole copy of a
 * value already in that form, or the word-by-word one) a string takes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/internal.h"

static int white(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The rule, a byte at a time; NULL when nothing is left. */
static char *reference(const char *s, size_t n)
{
    char *v = malloc(n + 1);
    size_t len = 0;
    int gap = 0;
    ck_assert_ptr_nonnull(v);
    for (size_t i = 0; i < n && s[i]; i++) {
        if (white((unsigned char)s[i])) {
            gap = len > 0;
            continue;
        }
        if (gap)
            v[len++] = ' ';
        gap = 0;
        v[len++] = s[i];
    }
    v[len] = '\0';
    if (len == 0) {
        free(v);
        return NULL;
    }
    return v;
}

static void check_one(const char *s, size_t n)
{
    /* the input in a block of its own, so that a read past it is caught
     * by the sanitizers */
    char *in = malloc(n ? n : 1);
    ck_assert_ptr_nonnull(in);
    memcpy(in, s, n);
    rk_field f = {NULL, RK_ORIGIN_NONE};
    ck_assert_int_eq(ing_field_set(&f, in, n, RK_ORIGIN_GIVEN), 0);
    char *want = reference(s, n);
    if (!want) {
        ck_assert_msg(f.value == NULL, "\"%.*s\" (%zu bytes) gave \"%s\"", (int)n, s, n, f.value);
        ck_assert_int_eq(f.origin, RK_ORIGIN_NONE);
    } else {
        ck_assert_msg(f.value && strcmp(f.value, want) == 0, "\"%.*s\" (%zu bytes): \"%s\", not \"%s\"",
                      (int)n, s, n, f.value ? f.value : "(unset)", want);
        ck_assert_int_eq(f.origin, RK_ORIGIN_GIVEN);
    }
    free(want);
    free(f.value);
    free(in);
}

START_TEST(plain_values_are_kept_whole)
{
    static const char *const plain[] = {
        "en", "Reuters", "2024-03-05T10:00:00Z", "A title with single spaces between words",
        "https://example.org/a/b?c=d", "\xd8\xa7\xd9\x84\xd9\x88\xd9\x82\xd8\xaa \xd8\xa7",
        "sixteen bytes ok", "exactly 32 bytes of plain text!!",
    };
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        check_one(plain[i], strlen(plain[i]));
        rk_field f = {NULL, RK_ORIGIN_NONE};
        ck_assert_int_eq(ing_field_set(&f, plain[i], strlen(plain[i]), RK_ORIGIN_GIVEN), 0);
        ck_assert_str_eq(f.value, plain[i]);
        free(f.value);
    }
}
END_TEST

/* Two spaces, or a space of another kind, at every place of strings of
 * every length up to three blocks: at a block's first or last byte, across
 * two blocks, in the overlapping last block. */
START_TEST(white_space_at_every_place_is_collapsed)
{
    static const char *const bad[] = {"  ", "\t", "\n", " \r", "\f", "\v", "\x01", " "};
    char s[64];
    for (size_t n = 1; n <= 48; n++) {
        for (size_t at = 0; at < n; at++) {
            for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
                size_t k = strlen(bad[b]);
                if (at + k > n)
                    continue;
                for (size_t i = 0; i < n; i++)
                    s[i] = (char)(i % 5 == 4 ? ' ' : 'a' + i % 26);
                memcpy(s + at, bad[b], k);
                check_one(s, n);
            }
        }
    }
}
END_TEST

START_TEST(a_nul_ends_the_value)
{
    check_one("abc\0def", 7);
    check_one("\0abc", 4);
    check_one("a title long enough for a block\0 and more", 41);
    check_one("abcdefghijklmnopqrstuvwxyz\0", 27);
}
END_TEST

/* Random strings over an alphabet heavy in spaces, controls and UTF-8,
 * from a fixed seed so that a failure repeats. */
START_TEST(random_strings_match_the_rule)
{
    static const char alphabet[] = {' ', ' ', ' ', '\t', '\n', '\r', '\f', '\v', '\x01', '\x1f',
                                    '\0', 'a', 'b', 'z', '-', '"', '\x7f', (char)0xc3,
                                    (char)0xa9, (char)0xd8, (char)0xa7, '!', '0'};
    unsigned long x = 12345;
    char s[80];
    for (int t = 0; t < 200000; t++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        size_t n = (size_t)(x >> 33) % sizeof s;
        /* mostly letters, so that long plain runs come up too */
        for (size_t i = 0; i < n; i++) {
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            unsigned r = (unsigned)(x >> 40);
            s[i] = r % 4 ? (char)('a' + r % 26) : alphabet[(r >> 8) % sizeof alphabet];
        }
        check_one(s, n);
    }
}
END_TEST

START_TEST(an_empty_value_leaves_the_field_as_it_was)
{
    rk_field f = {NULL, RK_ORIGIN_NONE};
    ck_assert_int_eq(ing_field_set(&f, "kept", 4, RK_ORIGIN_INFERRED), 0);
    ck_assert_int_eq(ing_field_set(&f, " \t ", 3, RK_ORIGIN_GIVEN), 0);
    ck_assert_int_eq(ing_field_set(&f, "", 0, RK_ORIGIN_GIVEN), 0);
    ck_assert_str_eq(f.value, "kept");
    ck_assert_int_eq(f.origin, RK_ORIGIN_INFERRED);
    ck_assert_int_eq(ing_field_set(&f, "new one", 7, RK_ORIGIN_GIVEN), 0);
    ck_assert_str_eq(f.value, "new one");
    ck_assert_int_eq(f.origin, RK_ORIGIN_GIVEN);
    free(f.value);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest fields");
    TCase *tc = tcase_create("fields");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, plain_values_are_kept_whole);
    tcase_add_test(tc, white_space_at_every_place_is_collapsed);
    tcase_add_test(tc, a_nul_ends_the_value);
    tcase_add_test(tc, random_strings_match_the_rule);
    tcase_add_test(tc, an_empty_value_leaves_the_field_as_it_was);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
