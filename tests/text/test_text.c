/* test_text.c - the text stage: normalisation, the offset map, sentences and
 * tokens. */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/uchar.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/hash.h"
#include "core/utf8.h"
#include "text/text.h"
#include "text/text_internal.h"

static rk_text *build(const char *s, const char *lang)
{
    rk_text *t = NULL;
    rk_error e;
    rk_error_clear(&e);
    rk_status st = rk_text_build(s, strlen(s), lang, &t, &e);
    ck_assert_msg(st == RK_OK, "build failed: %s", e.message);
    return t;
}

/* The normalised form of s, as a string the caller frees. */
static char *norm_of(const char *s)
{
    rk_text *t = build(s, "ar");
    char *r = strdup(t->norm);
    rk_text_free(t);
    return r;
}

#define ck_norm(in, want)                                                                        \
    do {                                                                                         \
        char *got_ = norm_of(in);                                                                \
        ck_assert_str_eq(got_, want);                                                            \
        free(got_);                                                                              \
    } while (0)

/* Token i's normalised text, NUL-terminated, in a static buffer. */
static const char *tok(const rk_text *t, size_t i)
{
    static char b[256];
    const rk_token *k = &t->tokens[i];
    snprintf(b, sizeof b, "%.*s", (int)(k->end - k->start), t->norm + k->start);
    return b;
}

START_TEST(tatweel_dot_joins_the_seed_variants)
{
    ck_norm("مقـ.ـتل", "مقتل");
    ck_norm("عنـ.ـف", "عنف");
    ck_norm("قواتـ.ـها", "قواتها");
    ck_norm("وهـ.ـجوم اشتـ.ـعلت العسـ.ـكرية", "وهجوم اشتعلت العسكريه");
    ck_norm("مقـ·ـتل", "مقتل");      /* middle dot */
    ck_norm("مقـ.تل", "مقتل");       /* tatweel on one side only */
    ck_norm("مقـــ.ـــتل", "مقتل");   /* longer tatweel runs */
}
END_TEST

START_TEST(dot_without_tatweel_or_letters_stays)
{
    ck_norm("مقتل. وقال", "مقتل. وقال");
    ck_norm("ـ.ـ", ".");             /* no letters around */
    ck_norm("5ـ.ـ6", "5.6");         /* digits are not letters */
    ck_norm("مقـ. تل", "مق. تل");    /* a space breaks the pattern */
    ck_norm("end.ـ", "end.");
}
END_TEST

START_TEST(every_dot_of_seed_002_next_to_a_tatweel_disappears)
{
    const char *dir = getenv("RK_FIXTURES");
    ck_assert_ptr_nonnull(dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/002_9c92fbb985dee3df.txt", dir);
    char *d;
    size_t n;
    rk_error e;
    ck_assert_int_eq(rk_file_read(path, 0, &d, &n, &e), RK_OK);
    rk_text *t = NULL;
    ck_assert_int_eq(rk_text_build(d, n, "ar", &t, &e), RK_OK);
    size_t seen = 0;
    for (size_t i = 2; i + 2 < n; i++) {
        if (d[i] != '.' || memcmp(d + i - 2, "ـ", 2) != 0)
            continue;
        seen++;
        size_t k = rk_text_norm_offset(t, i);
        ck_assert_msg(k == t->norm_len || t->src_start[k] > i,
                      "dot at byte %zu survived normalisation", i);
    }
    ck_assert_uint_ge(seen, 15);
    ck_assert_ptr_null(strstr(t->norm, "ـ"));
    rk_text_free(t);
    free(d);
}
END_TEST

START_TEST(alef_forms_maqsura_and_ta_marbuta_fold)
{
    ck_norm("أ إ آ ٱ", "ا ا ا ا");
    ck_norm("على", "علي");
    ck_norm("مدينة", "مدينه");
    ck_norm("مؤتمر هيئة", "مؤتمر هيئه"); /* hamza on waw and ya kept */
}
END_TEST

START_TEST(harakat_and_quranic_marks_are_removed)
{
    ck_norm("مُحَمَّدٌ", "محمد");
    ck_norm("رحمٰن", "رحمن");
    ck_norm("قال\u06D6ت", "قالت");
    ck_norm("جـنـود", "جنود");
}
END_TEST

START_TEST(arabic_indic_and_persian_digits_read_as_ascii)
{
    ck_norm("٠١٢٣٤٥٦٧٨٩", "0123456789");
    ck_norm("۰۱۲۳۴۵۶۷۸۹", "0123456789");
    rk_text *t = build("قتل ١٣ شخصا", "ar");
    ck_assert_uint_eq(t->n_tokens, 3);
    ck_assert_int_eq(t->tokens[1].kind, RK_TOK_NUMBER);
    ck_assert_str_eq(tok(t, 1), "13");
    rk_text_free(t);
}
END_TEST

START_TEST(arabic_punctuation_and_spaces_map_to_ascii)
{
    ck_norm("أ، ب؛ ج؟", "ا, ب; ج?");
    ck_norm("٥٪ ٣٫٥ ١٬٠٠٠", "5% 3.5 1,000");
    ck_norm("a\u00A0b\u2009c\u202Fd", "a b c d");
}
END_TEST

START_TEST(bidi_and_format_controls_are_ignored)
{
    ck_norm("\u200F12\u200E \u061C3\u202B4\u202C \u2067x\u2069", "12 34 x");
    ck_norm("\uFEFFa\u200Cb\u200Dc\u00ADd", "abcd");
    rk_text *t = build("\u200F1\u200F5\u200F", "ar");
    ck_assert_uint_eq(t->n_tokens, 1);
    ck_assert_str_eq(tok(t, 0), "15");
    rk_text_free(t);
}
END_TEST

START_TEST(latin_and_cyrillic_are_case_folded)
{
    ck_norm("Reuters SAID", "reuters said");
    ck_norm("Straße", "strasse");
    ck_norm("ПОГИБЛИ Ёлка", "погибли ёлка");
    ck_norm("É", "é");
}
END_TEST

/* The ASCII fast path reads eight bytes at a time: every ASCII character at
 * every alignment lower-cases alone and maps to its own byte, and the last
 * byte of a long run still combines with a mark after it. */
START_TEST(ascii_runs_fold_and_map_byte_for_byte_at_every_alignment)
{
    char in[300], want[300];
    for (size_t pad = 0; pad < 9; pad++) {
        size_t n = 0;
        for (size_t k = 0; k < pad; k++)
            in[n++] = 'x';
        for (int c = 1; c < 128; c++)
            if (c != '\n' && c != '\r' && c != '\v' && c != '\f')
                in[n++] = (char)c;
        in[n] = '\0';
        for (size_t k = 0; k <= n; k++)
            want[k] = (char)(in[k] >= 'A' && in[k] <= 'Z' ? in[k] + 32 : in[k]);
        rk_text *t = build(in, "en");
        ck_assert_uint_eq(t->norm_len, n);
        ck_assert_mem_eq(t->norm, want, n);
        for (size_t k = 0; k < n; k++)
            ck_assert(t->src_start[k] == k && t->src_end[k] == k + 1);
        rk_text_free(t);
    }
    /* 23 ASCII bytes, then e + combining acute: one segment of 3 bytes. */
    rk_text *t = build("ABCDEFGHIJKLMNOPQRSTUVWe\u0301Z", "en");
    ck_assert_str_eq(t->norm, "abcdefghijklmnopqrstuvw\u00e9z");
    ck_assert(t->src_start[22] == 22 && t->src_end[22] == 23);
    ck_assert(t->src_start[23] == 23 && t->src_end[23] == 26);
    ck_assert(t->src_start[24] == 23 && t->src_end[24] == 26);
    rk_text_free(t);
}
END_TEST

/* A long ASCII run is copied sixteen bytes a step while it lasts (32
 * with the block path, where the CPU has it): a character that is not
 * ASCII at any place of it ends the blocks there, and every byte before
 * and after still folds and maps to itself, either way. */
START_TEST(long_ascii_runs_stop_at_a_character_anywhere_in_them)
{
    static const char abc[] = "The Health MINISTRY of ZAIRE said, on Friday: 37 PEOPLE were hurt. ";
    char in[256], want[256];
    int had = rk_txt_set_simd(0);
    for (size_t round = 0; round < 2 * 201; round++) {
        size_t at = round % 201;
        rk_txt_set_simd(round < 201);
        size_t n = 0;
        for (size_t k = 0; k < 200; k++) {
            if (k == at) {
                memcpy(in + n, "\u00e9", 2);
                n += 2;
            }
            in[n++] = abc[k % (sizeof abc - 1)];
        }
        if (at == 200) {
            memcpy(in + n, "\u00e9", 2);
            n += 2;
        }
        in[n] = '\0';
        for (size_t k = 0; k <= n; k++)
            want[k] = (char)(in[k] >= 'A' && in[k] <= 'Z' ? in[k] + 32 : in[k]);
        rk_text *t = build(in, "en");
        ck_assert_uint_eq(t->norm_len, n);
        ck_assert_msg(memcmp(t->norm, want, n) == 0, "\u00e9 at %zu: %s", at, t->norm);
        for (size_t k = 0; k < n; k++) {
            size_t s0 = k == at || k == at + 1 ? at : k, s1 = k == at || k == at + 1 ? at + 2 : k + 1;
            ck_assert_msg(t->src_start[k] == s0 && t->src_end[k] == s1,
                          "\u00e9 at %zu: byte %zu maps to [%u, %u)", at, k, t->src_start[k],
                          t->src_end[k]);
        }
        rk_text_free(t);
    }
    rk_txt_set_simd(had);
}
END_TEST

START_TEST(nfkc_unfolds_compatibility_forms)
{
    ck_norm("ﻻ", "لا");
    ck_norm("ﻷ", "لا");
    ck_norm("１２", "12");
    ck_norm("e\u0301", "é"); /* composed */
    rk_text *t = build("１２人", "en");
    ck_assert_int_eq(t->tokens[0].kind, RK_TOK_NUMBER);
    ck_assert_str_eq(tok(t, 0), "12");
    rk_text_free(t);
}
END_TEST

START_TEST(expanding_and_shrinking_segments_map_to_their_source)
{
    const char *s = "aﷺb";
    rk_text *t = build(s, "ar");
    ck_assert_uint_gt(t->norm_len, 10);
    size_t os, oe;
    rk_text_orig_span(t, 1, t->norm_len - 1, &os, &oe);
    ck_assert_uint_eq(os, 1);
    ck_assert_uint_eq(oe, 4);
    rk_text_free(t);
    t = build("x\u0651\u064E", "ar"); /* base + two marks: one segment */
    ck_assert_str_eq(t->norm, "x");
    ck_assert_uint_eq(t->src_end[0], 5);
    rk_text_free(t);
}
END_TEST

/* A view that outgrows the room first made for it (each "ﷺ" gives some
 * thirty bytes) keeps what was written before the room grew, the map with
 * it. */
START_TEST(a_view_that_outgrows_its_first_room_keeps_its_bytes_and_map)
{
    const char *one = "\uFDFA";
    rk_text *u = build(one, "ar");
    size_t k = u->norm_len;
    char *want = strdup(u->norm);
    rk_text_free(u);
    ck_assert_uint_gt(k, 10);
    const size_t reps = 3000, w = strlen(one);
    char *s = malloc(reps * w + 3);
    ck_assert_ptr_nonnull(s);
    s[0] = 'a';
    for (size_t r = 0; r < reps; r++)
        memcpy(s + 1 + r * w, one, w);
    memcpy(s + 1 + reps * w, "b", 2);
    rk_text *t = build(s, "ar");
    ck_assert_uint_eq(t->norm_len, reps * k + 2);
    ck_assert_int_eq(t->norm[0], 'a');
    ck_assert_int_eq(t->norm[t->norm_len - 1], 'b');
    ck_assert_int_eq(t->norm[t->norm_len], '\0');
    for (size_t r = 0; r < reps; r++) {
        ck_assert(memcmp(t->norm + 1 + r * k, want, k) == 0);
        for (size_t i = 0; i < k; i++) {
            ck_assert_uint_eq(t->src_start[1 + r * k + i], 1 + r * w);
            ck_assert_uint_eq(t->src_end[1 + r * k + i], 1 + (r + 1) * w);
        }
    }
    ck_assert_uint_eq(t->src_start[0], 0);
    ck_assert_uint_eq(t->src_end[0], 1);
    ck_assert_uint_eq(t->src_start[t->norm_len - 1], 1 + reps * w);
    rk_text_free(t);
    free(s);
    free(want);
}
END_TEST

/* Re-normalises orig[a, b) and compares it with the token. */
static int renormalises_to(const char *orig, size_t a, size_t b, const char *tn, size_t tl)
{
    rk_text *u = NULL;
    rk_error e;
    if (rk_text_build(orig + a, b - a, "ar", &u, &e) != RK_OK)
        return 0;
    int ok = u->norm_len == tl && memcmp(u->norm, tn, tl) == 0;
    rk_text_free(u);
    return ok;
}

/* The offset-map properties on one document; returns tokens checked. */
static size_t check_map(const char *path, const char *d, size_t n, const rk_text *t)
{
    for (size_t i = 0; i < t->norm_len; i++) {
        ck_assert_msg(t->src_start[i] < t->src_end[i] && t->src_end[i] <= n,
                      "%s: norm byte %zu maps outside the original", path, i);
        if (i) {
            ck_assert_msg(t->src_start[i - 1] <= t->src_start[i] &&
                              t->src_end[i - 1] <= t->src_end[i],
                          "%s: map decreases at norm byte %zu", path, i);
        }
    }
    size_t checked = 0;
    for (size_t i = 0; i < t->n_tokens; i++) {
        const rk_token *k = &t->tokens[i];
        size_t a, b;
        rk_text_orig_span(t, k->start, k->end, &a, &b);
        ck_assert_uint_lt(a, b);
        ck_assert_msg(renormalises_to(d, a, b, t->norm + k->start, k->end - k->start),
                      "%s: token %zu '%.*s' from bytes [%zu,%zu) '%.*s' does not re-normalise",
                      path, i, (int)(k->end - k->start), t->norm + k->start, a, b, (int)(b - a),
                      d + a);
        checked++;
    }
    return checked;
}

/* Each token's mix is rk_token_mix() of its bytes in the view, and
 * RK_TEXT_MIX_PAD zeros follow the last (the readers look ahead into
 * them). */
static void check_mixes(const char *what, const rk_text *t)
{
    ck_assert_msg(t->mix != NULL, "%s: no mixes", what);
    for (size_t k = 0; k < t->n_tokens; k++) {
        const rk_token *tk = &t->tokens[k];
        ck_assert_msg(t->mix[k] == rk_token_mix(t->norm + tk->start, tk->end - tk->start),
                      "%s: token %zu «%.*s» is not mixed from its bytes", what, k,
                      (int)(tk->end - tk->start), t->norm + tk->start);
    }
    for (size_t k = 0; k < RK_TEXT_MIX_PAD; k++)
        ck_assert_msg(t->mix[t->n_tokens + k] == 0, "%s: mix %zu past the last is not zero",
                      what, k);
}

/* Sentences partition the tokens in order and each spans its tokens, and
 * each token is mixed from its bytes. */
static void check_sentences(const char *path, const rk_text *t)
{
    check_mixes(path, t);
    size_t next = 0;
    for (size_t s = 0; s < t->n_sentences; s++) {
        const rk_sentence *se = &t->sentences[s];
        ck_assert_msg(se->first_token == next && se->n_tokens > 0, "%s: sentence %zu", path, s);
        const rk_token *f = &t->tokens[se->first_token];
        const rk_token *l = &t->tokens[se->first_token + se->n_tokens - 1];
        ck_assert(se->start == f->start && se->end == l->end);
        for (size_t k = 0; k < se->n_tokens; k++)
            ck_assert_uint_eq(t->tokens[next + k].sentence, s);
        next += se->n_tokens;
    }
    ck_assert_uint_eq(next, t->n_tokens);
}

/* Calls fn with the bytes of every regular file of $RK_FIXTURES; returns
 * how many there were. */
static size_t each_fixture(void (*fn)(const char *path, const char *d, size_t n, void *ctx),
                           void *ctx)
{
    const char *dir = getenv("RK_FIXTURES");
    ck_assert_ptr_nonnull(dir);
    DIR *dh = opendir(dir);
    ck_assert_ptr_nonnull(dh);
    struct dirent *ent;
    size_t files = 0;
    while ((ent = readdir(dh))) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        if (ent->d_name[0] == '.' || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        char *d;
        size_t n;
        rk_error e;
        ck_assert_int_eq(rk_file_read(path, 0, &d, &n, &e), RK_OK);
        fn(path, d, n, ctx);
        files++;
        free(d);
    }
    closedir(dh);
    return files;
}

static void map_holds(const char *path, const char *d, size_t n, void *ctx)
{
    rk_text *t = NULL;
    rk_error e;
    rk_status st = rk_text_build(d, n, "ar", &t, &e);
    if (st == RK_ERR_UTF8) /* a bad-input fixture */
        return;
    ck_assert_int_eq(st, RK_OK);
    *(size_t *)ctx += check_map(path, d, n, t);
    check_sentences(path, t);
    rk_text_free(t);
}

START_TEST(offset_map_holds_over_every_fixture)
{
    size_t tokens = 0;
    ck_assert_uint_ge(each_fixture(map_holds, &tokens), 5);
    ck_assert_uint_ge(tokens, 5000);
}
END_TEST

/* Builds s[0..n) with the block path on and off; the two views must agree
 * byte for byte, offsets, tokens and sentences included. Returns 1 when
 * the block path could run (the CPU has it). */
static int same_both_ways(const char *s, size_t n, const char *what)
{
    rk_text *v[2] = {NULL, NULL};
    rk_error e;
    int had = rk_txt_set_simd(1);
    int on = rk_txt_set_simd(1); /* what asking for it gave on this CPU */
    ck_assert_int_eq(rk_text_build(s, n, "ar", &v[0], &e), RK_OK);
    rk_txt_set_simd(0);
    ck_assert_int_eq(rk_text_build(s, n, "ar", &v[1], &e), RK_OK);
    rk_txt_set_simd(had);
    const rk_text *a = v[0], *b = v[1];
    size_t d = 0;
    while (d < a->norm_len && d < b->norm_len && a->norm[d] == b->norm[d])
        d++;
    ck_assert_msg(a->norm_len == b->norm_len && d == a->norm_len,
                  "%s: normalised text differs from byte %zu: \"%.24s\" on the block path, "
                  "\"%.24s\" without", what, d, a->norm + (d > 8 ? d - 8 : 0),
                  b->norm + (d > 8 ? d - 8 : 0));
    for (size_t i = 0; i < a->norm_len; i++)
        ck_assert_msg(a->src_start[i] == b->src_start[i] && a->src_end[i] == b->src_end[i],
                      "%s: byte %zu maps to [%u, %u) on the block path, [%u, %u) without", what,
                      i, a->src_start[i], a->src_end[i], b->src_start[i], b->src_end[i]);
    ck_assert_uint_eq(a->n_tokens, b->n_tokens);
    ck_assert(a->n_tokens == 0 ||
              memcmp(a->tokens, b->tokens, a->n_tokens * sizeof *a->tokens) == 0);
    ck_assert_uint_eq(a->n_sentences, b->n_sentences);
    ck_assert(a->n_sentences == 0 ||
              memcmp(a->sentences, b->sentences, a->n_sentences * sizeof *a->sentences) == 0);
    rk_text_free(v[0]);
    rk_text_free(v[1]);
    return on;
}

static void both_ways_on_fixture(const char *path, const char *d, size_t n, void *ctx)
{
    size_t bad = 0;
    if (n && !rk_utf8_valid(d, n, &bad))
        return;
    *(int *)ctx |= same_both_ways(d, n, path);
}

/* The normaliser copies 32-byte blocks of ASCII and two-byte letters at
 * once where the CPU can: on random texts of the characters that must stop
 * it or that it changes in place (folded alefs, harakat, tatweel and its
 * dot, Arabic digits and comma, three-byte characters, combining marks,
 * capitals, ß) among long runs of Arabic, Cyrillic or Latin-1 letters, at
 * every length and alignment, and on every fixture, it gives what the
 * character-by-character path gives. */
START_TEST(block_path_maps_as_the_scalar_path_does)
{
    /* runs it copies, one script a round: Arabic, Cyrillic, Latin-1 */
    static const char *const run[] = {
        "\u0628\u0627\u0644\u0645\u062f\u064a\u0646\u0647 ",
        "\u043f\u043e\u0433\u0438\u0431\u043b\u0438 ",
        "caf\u00e9 d\u00e9j\u00e0 na\u00efve ",
    };
    static const char *const piece[] = {
        "\u0642\u062a\u0644\u0649 ", "\u0633\u0642\u0637 ", " ", " ", "\n",
        "\u0623", "\u0625", "\u0622", "\u0629", "\u0649", "\u0671", /* folded */
        "\u064e", "\u064b", "\u0670", "\u0654",                       /* removed */
        "\u0640", "\u0640.\u0640", ".", "\u00b7",                     /* tatweel and dots */
        "\u0645.\u0640\u0644", "\u0645\u0640.\u0644",
        "\u060c", "\u0663", "\u06f5", "\u066b",                      /* to ASCII */
        "Reuters SAID ", "abc", "Z", "e\u0301", "12,5",
        "\u201c", "\u2014", "\u200f", "\u06d4", "\u06c1",
        "\u041f\u041e\u0413\u0418\u0411\u041b\u0418 ", "\u0401\u043b\u043a\u0430",
        "\u0400\u0450", "\u0462\u0463", "\u0439", "\u0438\u0306", /* Cyrillic */
        "\u00c9COLE ", "Stra\u00dfe", "\u00b5", "\u00c5", "A\u030a",  /* Latin-1 */
        "\u03a3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2 ", "\u0398",  /* Greek */
    };
    const size_t np = sizeof piece / sizeof *piece;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    rk_buf b = RK_BUF_INIT;
    int on = 0;
    for (int round = 0; round < 3000; round++) {
        rk_buf_reset(&b);
        for (int k = round % 7; k > 0; k--) /* alignment */
            rk_buf_putc(&b, 'x');
        size_t want = (size_t)(round % 400);
        while (b.len < want) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* the copied run half the time, so that blocks form */
            rk_buf_puts(&b, (x >> 32) % 2 ? run[round % 3] : piece[(x >> 8) % np]);
        }
        char what[32];
        snprintf(what, sizeof what, "round %d", round);
        on |= same_both_ways(b.data ? b.data : "", b.len, what);
    }
    rk_buf_free(&b);
    each_fixture(both_ways_on_fixture, &on);
    if (!on)
        fprintf(stderr, "block_path_maps_as_the_scalar_path_does: no AVX2 here, "
                        "the scalar path was compared with itself\n");
}
END_TEST

/* The normalised bytes of original span [a, z) of t. */
static void norm_of_span(const rk_text *t, size_t a, size_t z, rk_buf *out)
{
    rk_buf_reset(out);
    for (size_t i = 0; i < t->norm_len; i++)
        if (t->src_start[i] >= a && t->src_end[i] <= z)
            rk_buf_putc(out, t->norm[i]);
    rk_buf_putc(out, '\0');
}

typedef struct seg_job {
    const char *seg;
    char got[64];
} seg_job;

/* Normalises one segment alone, on a thread of its own: nothing it kept of
 * other segments can answer for it. */
static void *normalise_alone(void *arg)
{
    seg_job *j = arg;
    rk_text *t = build(j->seg, "ar");
    rk_buf b = RK_BUF_INIT;
    norm_of_span(t, 0, strlen(j->seg), &b);
    snprintf(j->got, sizeof j->got, "%s", b.data);
    rk_buf_free(&b);
    rk_text_free(t);
    return NULL;
}

/* The text stage keeps the segments of several characters it sent through
 * ICU and reuses what ICU gave (normalize.c). Hundreds of distinct segments,
 * more than it keeps and read over and over in shuffled order, must each
 * come out as they do alone on a fresh thread: letters with marks that
 * compose with them, marks that go, two marks in both orders. */
/* The block path takes a two-byte character followed by harakat (U+064B
 * to U+0652) as one segment that comes out as the character alone, each
 * byte mapping to the whole segment: for every two-byte character, after
 * a run of Arabic that makes the block stop before it, with each haraka
 * alone, with two of them (all pairs after the Arabic letters), and with
 * a long run of them, followed by a space, a letter, a digit, a haraka
 * the range leaves out, a combining mark or a three-byte character, it
 * gives what the scalar path gives (ICU's normalisation of the segment). */
START_TEST(block_path_takes_harakat_as_the_scalar_path_does)
{
    static const char *const lead = "\u0628\u0627\u0644\u0645\u062f\u064a\u0646\u0647 "
                                    "\u0642\u062a\u0644\u0649 \u0633\u0642\u0637 \u0645\u0646 ";
    static const char *const after[] = {" ", "\u0644", "7", "\u0653", "\u0654", "\u0301",
                                        "\u201c", "\u064e\u0653"};
    const size_t na = sizeof after / sizeof *after;
    rk_buf b = RK_BUF_INIT;
    int on = 0;
    size_t cases = 0;
    for (uint32_t c = 0x80; c < 0x800; c++) {
        int arabic = c >= 0x600 && c < 0x700;
        for (uint32_t m1 = 0x64B; m1 <= 0x653; m1++) {
            for (uint32_t m2 = 0x64A; m2 <= (arabic ? 0x652u : 0x64Au); m2++) {
                char u[4];
                rk_buf_reset(&b);
                /* past what mixed_run() takes before the blocks start */
                for (uint32_t k = 0; k < 3 + c % 2; k++)
                    rk_buf_puts(&b, lead);
                rk_buf_append(&b, u, rk_utf8_put(c, u));
                if (m1 < 0x653)
                    rk_buf_append(&b, u, rk_utf8_put(m1, u));
                else /* 0x653: a long run instead */
                    for (uint32_t k = 0; k < 40; k++)
                        rk_buf_append(&b, u, rk_utf8_put(0x64B + k % 8, u));
                if (m2 > 0x64A) /* 0x64A: none */
                    rk_buf_append(&b, u, rk_utf8_put(m2, u));
                rk_buf_puts(&b, after[(c + m1 + m2) % na]);
                rk_buf_puts(&b, lead);
                char what[48];
                snprintf(what, sizeof what, "U+%04X U+%04X U+%04X", (unsigned)c, (unsigned)m1,
                         (unsigned)m2);
                on |= same_both_ways(b.data, b.len, what);
                cases++;
            }
        }
    }
    rk_buf_free(&b);
    ck_assert_uint_ge(cases, 15000);
    if (!on)
        fprintf(stderr, "block_path_takes_harakat_as_the_scalar_path_does: no AVX2 here, "
                        "the scalar path was compared with itself\n");
}
END_TEST

/* A text's first character is the scalar path's, and the blocks take
 * over right after it (MIXED_BURST output bytes on): texts that open with
 * each two-byte character four times, each time followed by a mark, a
 * space, a digit, a letter of another script or of its own, or nothing,
 * then Arabic words, read alike with the block path on and off. */
START_TEST(texts_opening_with_a_letter_read_alike_both_ways)
{
    static const char *const lead = "\u0628\u0627\u0644\u0645\u062f\u064a\u0646\u0647 "
                                    "\u0642\u062a\u0644\u0649 \u0633\u0642\u0637 \u0645\u0646 ";
    static const char *const next[] = {"",      " ",      "7",      "\u064e", "\u0301",
                                       "\u0644", "\u0438", "\u201c", "a",      "\u0654"};
    const size_t nn = sizeof next / sizeof *next;
    rk_buf b = RK_BUF_INIT;
    size_t cases = 0;
    for (uint32_t c = 0x80; c < 0x800; c++)
        for (size_t k = 0; k < nn; k++) {
            char u[4], what[32];
            rk_buf_reset(&b);
            for (int r = 0; r < 4; r++) { /* the blocks take the later ones */
                rk_buf_append(&b, u, rk_utf8_put(c, u));
                rk_buf_puts(&b, next[k]);
            }
            for (int r = 0; r < 3; r++)
                rk_buf_puts(&b, lead);
            snprintf(what, sizeof what, "U+%04X then %zu", (unsigned)c, k);
            same_both_ways(b.data, b.len, what);
            cases++;
        }
    rk_buf_free(&b);
    ck_assert_uint_ge(cases, 19000);
}
END_TEST

START_TEST(a_segment_met_again_normalises_as_it_did_alone)
{
    static const char *const base[] = {"\u0628", "\u062a", "\u062f", "\u0631", "\u0633",
                                       "\u0644", "\u0645", "\u0646", "\u064a", "\u0648",
                                       "\u0627", "\u0647", "a", "e", "o", "n", "A", "E",
                                       "\u0438", "\u0435", "\u0415", "\u00e9", "\u03b1"};
    static const char *const mark[] = {"\u0651", "\u064b", "\u064f", "\u0650", "\u0654",
                                       "\u0653", "\u0301", "\u0308", "\u0306", "\u0323"};
    const size_t nb = sizeof base / sizeof *base, nm = sizeof mark / sizeof *mark;
    size_t n = nb * nm * 2;
    seg_job *jobs = calloc(n, sizeof *jobs);
    char (*segs)[32] = calloc(n, sizeof *segs);
    ck_assert(jobs && segs);
    for (size_t k = 0; k < n; k++) {
        size_t bi = k % nb, mi = k / nb % nm, two = k / (nb * nm);
        /* the second half carries a second mark, before or after */
        const char *m2 = two ? mark[(mi + 1 + bi) % nm] : "";
        if (bi % 2)
            snprintf(segs[k], sizeof segs[k], "%s%s%s", base[bi], mark[mi], m2);
        else
            snprintf(segs[k], sizeof segs[k], "%s%s%s", base[bi], m2, mark[mi]);
        jobs[k].seg = segs[k];
        pthread_t th;
        ck_assert_int_eq(pthread_create(&th, NULL, normalise_alone, &jobs[k]), 0);
        pthread_join(th, NULL);
    }
    uint64_t x = 0x2545F4914F6CDD1Dull;
    size_t *at = malloc(n * sizeof *at), *order = malloc(n * sizeof *order);
    ck_assert(at && order);
    rk_buf text = RK_BUF_INIT, got = RK_BUF_INIT;
    for (int round = 0; round < 4; round++) {
        for (size_t k = 0; k < n; k++)
            order[k] = k;
        for (size_t k = n; k > 1; k--) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t r = (size_t)(x % k), tmp = order[k - 1];
            order[k - 1] = order[r];
            order[r] = tmp;
        }
        rk_buf_reset(&text);
        for (size_t k = 0; k < n; k++) {
            at[order[k]] = text.len;
            rk_buf_puts(&text, segs[order[k]]);
            rk_buf_putc(&text, ' ');
        }
        rk_text *t = build(text.data, "ar");
        for (size_t k = 0; k < n; k++) {
            norm_of_span(t, at[k], at[k] + strlen(segs[k]), &got);
            ck_assert_msg(strcmp(got.data, jobs[k].got) == 0, "round %d, segment %zu: %s, alone %s",
                          round, k, got.data, jobs[k].got);
        }
        rk_text_free(t);
    }
    rk_buf_free(&text);
    rk_buf_free(&got);
    free(at);
    free(order);
    free(segs);
    free(jobs);
}
END_TEST

START_TEST(arabic_paragraph_splits_into_sentences)
{
    const char *s = "قال المتحدث إن 13 قتلوا. وأضاف أن الوضع هادئ؟ ثم غادر\n"
                    "سطر ثان بلا نقطة\n\n  \nوأخير.";
    rk_text *t = build(s, "ar");
    ck_assert_uint_eq(t->n_sentences, 5);
    size_t a, b;
    rk_text_orig_span(t, t->sentences[1].start, t->sentences[1].end, &a, &b);
    char *txt = strndup(s + a, b - a);
    ck_assert_str_eq(txt, "وأضاف أن الوضع هادئ؟");
    free(txt);
    ck_assert_int_eq(t->tokens[t->sentences[3].first_token].newline_before, 1);
    rk_text_free(t);
}
END_TEST

START_TEST(english_paragraph_splits_into_sentences)
{
    const char *s = "Police said 13 people died. Mr. Smith disagreed! Was it 20? "
                    "\"Nobody knows,\" he said. a lower-case start does not split.";
    /* Sentences are found on the original: in the case-folded view every
     * full stop would be followed by lower case and nothing would split. */
    rk_text *t = build(s, "en");
    ck_assert_uint_eq(t->n_sentences, 4);
    size_t a, b;
    rk_text_orig_span(t, t->sentences[1].start, t->sentences[1].end, &a, &b);
    char *txt = strndup(s + a, b - a);
    ck_assert_str_eq(txt, "Mr. Smith disagreed!");
    free(txt);
    rk_text_free(t);
}
END_TEST

START_TEST(russian_paragraph_splits_into_sentences)
{
    rk_text *t = build("Погибли 18 человек. Ранены ещё 20! Что дальше?", "ru");
    ck_assert_uint_eq(t->n_sentences, 3);
    ck_assert_int_eq(t->tokens[0].script, RK_SCRIPT_CYRILLIC);
    rk_text_free(t);
}
END_TEST

START_TEST(letters_glued_to_digits_split)
{
    rk_text *t = build("و2009 بـ25", "ar");
    ck_assert_uint_eq(t->n_tokens, 4);
    ck_assert_int_eq(t->tokens[0].kind, RK_TOK_WORD);
    ck_assert_int_eq(t->tokens[0].script, RK_SCRIPT_ARABIC);
    ck_assert_str_eq(tok(t, 0), "و");
    ck_assert_int_eq(t->tokens[1].kind, RK_TOK_NUMBER);
    ck_assert_str_eq(tok(t, 1), "2009");
    ck_assert_int_eq(t->tokens[1].space_before, 0);
    ck_assert_str_eq(tok(t, 2), "ب");
    ck_assert_str_eq(tok(t, 3), "25");
    rk_text_free(t);
}
END_TEST

START_TEST(grouped_number_is_digit_runs_and_punctuation)
{
    rk_text *t = build("نحو 2.700.025 نسمة", "ar");
    static const int kinds[] = {RK_TOK_WORD, RK_TOK_NUMBER, RK_TOK_PUNCT, RK_TOK_NUMBER,
                                RK_TOK_PUNCT, RK_TOK_NUMBER, RK_TOK_WORD};
    ck_assert_uint_eq(t->n_tokens, 7);
    for (size_t i = 0; i < 7; i++)
        ck_assert_int_eq(t->tokens[i].kind, kinds[i]);
    ck_assert_str_eq(tok(t, 3), "700");
    ck_assert_int_eq(t->tokens[1].space_before, 1);
    for (size_t i = 2; i < 6; i++)
        ck_assert_int_eq(t->tokens[i].space_before, 0);
    rk_text_free(t);
}
END_TEST

START_TEST(percent_sign_is_a_symbol)
{
    rk_text *t = build("8٪ و9%", "ar");
    ck_assert_uint_eq(t->n_tokens, 5);
    ck_assert_int_eq(t->tokens[0].kind, RK_TOK_NUMBER);
    ck_assert_int_eq(t->tokens[1].kind, RK_TOK_SYMBOL);
    ck_assert_str_eq(tok(t, 1), "%");
    ck_assert_int_eq(t->tokens[4].kind, RK_TOK_SYMBOL);
    size_t a, b;
    rk_text_orig_span(t, t->tokens[1].start, t->tokens[1].end, &a, &b);
    ck_assert_uint_eq(a, 1);
    ck_assert_uint_eq(b, 3); /* the two bytes of ٪ */
    rk_text_free(t);
}
END_TEST

START_TEST(words_split_at_script_changes_and_keep_apostrophes)
{
    rk_text *t = build("سيCNN don't Ба'ath", "ar");
    ck_assert_str_eq(tok(t, 0), "سي");
    ck_assert_str_eq(tok(t, 1), "cnn");
    ck_assert_int_eq(t->tokens[1].script, RK_SCRIPT_LATIN);
    ck_assert_str_eq(tok(t, 2), "don't");
    ck_assert_str_eq(tok(t, 3), "ба");
    ck_assert_int_eq(t->tokens[4].kind, RK_TOK_PUNCT);
    rk_text_free(t);
}
END_TEST

/* Latin words are read sixteen letters a step: a word of every length up
 * to 40, upper or lower case, ends at the byte after it whatever that byte
 * is (one just below 'a' or above 'z', a digit, a space, a letter of
 * another script), also within the last sixteen bytes of the text. */
START_TEST(latin_words_of_every_length_end_at_the_right_byte)
{
    static const char *const enders[] = {" ", "`", "{", "@", "[", "7", ",", "\xd8\xb9", "\xd0\xb1"};
    char s[128], want[64];
    for (size_t len = 1; len <= 40; len++) {
        for (size_t e = 0; e < sizeof enders / sizeof *enders; e++) {
            for (int tail = 0; tail < 2; tail++) { /* tail: the ender ends the text */
                size_t n = 0;
                for (size_t i = 0; i < len; i++) {
                    char c = (char)('a' + (i * 7) % 26);
                    want[i] = c;
                    s[n++] = (i % 3 == 1) ? (char)(c - 'a' + 'A') : c;
                }
                want[len] = 0;
                n += (size_t)sprintf(s + n, "%s%s", enders[e], tail ? "" : " and the rest of it");
                rk_text *t = build(s, "en");
                ck_assert_msg(t->n_tokens >= 1, "length %zu, ender %zu", len, e);
                ck_assert_msg(strcmp(tok(t, 0), want) == 0, "length %zu, ender %zu: %s", len, e,
                              tok(t, 0));
                ck_assert_int_eq(t->tokens[0].kind, RK_TOK_WORD);
                ck_assert_int_eq(t->tokens[0].script, RK_SCRIPT_LATIN);
                if (e > 0) { /* the ender is a token of its own, glued to the word */
                    ck_assert_uint_ge(t->n_tokens, 2);
                    ck_assert_uint_eq(t->tokens[1].start, t->tokens[0].end);
                    ck_assert_int_eq(t->tokens[1].space_before, 0);
                    ck_assert_int_ne(t->tokens[1].script, RK_SCRIPT_LATIN);
                }
                rk_text_free(t);
            }
        }
    }
}
END_TEST

START_TEST(invalid_utf8_reports_the_first_bad_byte)
{
    static const struct { const char *s; size_t n; long off; } cases[] = {
        {"abc\xff" "def", 7, 3},
        {"ab\nc\xc3", 5, 4},          /* truncated at the end */
        {"\xc0\xaf", 2, 0},            /* overlong */
        {"ok \xed\xa0\x80", 6, 3},     /* surrogate */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rk_text *t = (rk_text *)1;
        rk_error e;
        rk_error_clear(&e);
        ck_assert_int_eq(rk_text_build(cases[i].s, cases[i].n, "ar", &t, &e), RK_ERR_UTF8);
        ck_assert_ptr_null(t);
        ck_assert_int_eq(e.offset, cases[i].off);
        char want[64];
        snprintf(want, sizeof want, "invalid UTF-8 at byte %ld", cases[i].off);
        ck_assert_str_eq(e.message, want);
    }
    rk_error e;
    rk_text *t;
    rk_text_build("ab\nc\xc3", 5, NULL, &t, &e);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 2);
}
END_TEST

START_TEST(empty_input_gives_an_empty_view)
{
    rk_text *t = NULL;
    rk_error e;
    ck_assert_int_eq(rk_text_build("", 0, NULL, &t, &e), RK_OK);
    ck_assert_uint_eq(t->norm_len, 0);
    ck_assert_str_eq(t->norm, "");
    ck_assert_uint_eq(t->n_tokens, 0);
    ck_assert_uint_eq(t->n_sentences, 0);
    ck_assert_uint_eq(rk_text_norm_offset(t, 0), 0);
    rk_text_free(t);
    t = build(" \n\u200F\n ", "en");
    ck_assert_uint_eq(t->n_sentences, 0);
    rk_text_free(t);
    rk_text_free(NULL);
}
END_TEST

START_TEST(norm_offset_maps_original_positions_forward)
{
    const char *s = "أُمّ 12";
    rk_text *t = build(s, "ar");
    ck_assert_str_eq(t->norm, "ام 12");
    size_t p = (size_t)(strstr(s, "12") - s);
    size_t k = rk_text_norm_offset(t, p);
    ck_assert_str_eq(t->norm + k, "12");
    ck_assert_uint_eq(rk_text_norm_offset(t, strlen(s)), t->norm_len);
    size_t a, b;
    rk_text_orig_span(t, 0, 3, &a, &b); /* "ام": alef+damma, mim+shadda */
    ck_assert_uint_eq(a, 0);
    ck_assert_uint_eq(b, p - 1);
    rk_text_free(t);
}
END_TEST

START_TEST(newline_before_is_set_after_line_breaks)
{
    rk_text *t = build("a b\r\nc\n\nd", "en");
    ck_assert_uint_eq(t->n_tokens, 4);
    ck_assert_int_eq(t->tokens[1].newline_before, 0);
    ck_assert_int_eq(t->tokens[1].space_before, 1);
    ck_assert_int_eq(t->tokens[2].newline_before, 1);
    ck_assert_int_eq(t->tokens[3].newline_before, 1);
    ck_assert_uint_eq(t->n_sentences, 3);
    rk_text_free(t);
}
END_TEST

/* A text of more sentences than its first block has room for (one every
 * 64 bytes, a block kept from the text before) keeps every one: the block
 * grows. Twice, so that the second starts from the block the first gave
 * back. */
START_TEST(sentences_grow_past_their_first_block)
{
    size_t n = 5000;
    char *s = malloc(2 * n);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = 'a';
        s[2 * i + 1] = '\n';
    }
    for (int round = 0; round < 2; round++) {
        rk_text *t = NULL;
        rk_error e;
        ck_assert_int_eq(rk_text_build(s, 2 * n, "en", &t, &e), RK_OK);
        ck_assert_uint_eq(t->n_sentences, n);
        for (size_t i = 0; i < n; i++) {
            ck_assert_uint_eq(t->sentences[i].first_token, i);
            ck_assert_uint_eq(t->sentences[i].n_tokens, 1);
        }
        rk_text_free(t);
    }
    free(s);
}
END_TEST

/* A word the rules say ends a sentence ("тел.", bodies) splits one before
 * a capitalised word, and only there: not before a lower-case word, not
 * after a word it does not list, not where ICU already split. */
START_TEST(a_listed_word_before_a_full_stop_ends_its_sentence)
{
    const char *src = "Водолазы подняли 12 тел. Спасены 148 человек. "
                      "Звоните по тел. 112 или тел. в офис. Нашли 3 тел. Всего 15.";
    rk_text *t = build(src, "ru");
    size_t before = t->n_sentences;
    /* ICU reads "тел." as an abbreviation: the first sentence runs on */
    ck_assert_uint_eq(before, 3);
    static const char *const words[] = {"тел"};
    rk_error err = {0};
    ck_assert_int_eq(rk_text_end_sentences_after(t, words, 1, &err), RK_OK);
    ck_assert_uint_eq(t->n_sentences, 5);
    /* sentence 0 ends at "тел.", sentence 1 starts at "Спасены" */
    size_t s1 = t->sentences[1].start;
    ck_assert(strncmp(t->norm + s1, "спасены", strlen("спасены")) == 0);
    ck_assert_uint_eq(t->sentences[0].end, s1 - 1); /* at the full stop, as ICU's end */
    ck_assert_uint_eq(t->norm[t->sentences[0].end - 1], '.');
    /* the sentences tile the tokens, and each token knows its sentence */
    size_t k = 0;
    for (size_t s = 0; s < t->n_sentences; s++) {
        ck_assert_uint_eq(t->sentences[s].first_token, k);
        if (s)
            ck_assert_uint_le(t->sentences[s - 1].end, t->sentences[s].start);
        for (size_t j = 0; j < t->sentences[s].n_tokens; j++, k++)
            ck_assert_uint_eq(t->tokens[k].sentence, s);
    }
    ck_assert_uint_eq(k, t->n_tokens);
    /* no words, or words that never occur: nothing moves */
    static const char *const other[] = {"ул"};
    ck_assert_int_eq(rk_text_end_sentences_after(t, other, 1, &err), RK_OK);
    ck_assert_int_eq(rk_text_end_sentences_after(t, NULL, 0, &err), RK_OK);
    ck_assert_uint_eq(t->n_sentences, 5);
    rk_text_free(t);
}
END_TEST

/* unit repeated reps times, NUL-terminated; the caller frees it. */
static char *repeat(const char *unit, size_t reps, size_t *len)
{
    size_t ul = strlen(unit);
    char *b = malloc(ul * reps + 1);
    ck_assert_ptr_nonnull(b);
    for (size_t i = 0; i < reps; i++)
        memcpy(b + i * ul, unit, ul);
    b[ul * reps] = '\0';
    *len = ul * reps;
    return b;
}

/* A 10 MB article on one line: asking the sentence iterator about a place
 * costs time proportional to the line, so the splitter must not (this took
 * minutes when it did). The tcase timeout is the time budget. */
START_TEST(one_line_of_ten_megabytes_splits_in_linear_time)
{
    /* Sentences: one per unit, plus `extra`; 0 units: not counted. */
    static const struct { const char *unit; size_t per_unit, extra, mb; } cases[] = {
        {"Mr. Smith said 13 died. Then ", 1, 1, 10}, /* the last "Then" */
        {"قال إن 13 قتلوا. ", 1, 0, 10},
        {". ", 0, 0, 10},
        {"J. R. R. ", 0, 0, 2}, /* every dot asks ICU: slow but linear */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        size_t len, reps = cases[c].mb * 1000000 / strlen(cases[c].unit);
        char *b = repeat(cases[c].unit, reps, &len);
        rk_text *t = NULL;
        rk_error e;
        ck_assert_int_eq(rk_text_build(b, len, "en", &t, &e), RK_OK);
        if (cases[c].per_unit)
            ck_assert_uint_eq(t->n_sentences, reps * cases[c].per_unit + cases[c].extra);
        ck_assert_uint_ge(t->n_sentences, 1);
        rk_text_free(t);
        free(b);
    }
}
END_TEST

START_TEST(sentence_fast_path_agrees_with_icu_on_abbreviations)
{
    /* The splitter decides most breaks after a cased word without ICU; these
     * are the cases where that shortcut must still give ICU's answer. */
    rk_text *t = build("Clashes began on Jan. 7, according to police. Mr. Big left.", "en");
    ck_assert_uint_eq(t->n_sentences, 2); /* "Jan. 7," and "Mr." keep the sentence */
    rk_text_free(t);
    t = build("He said so. mr. Big left.", "en");
    ck_assert_uint_eq(t->n_sentences, 2);
    rk_text_free(t);
    t = build("It ended mr. Big left.", "en");
    /* ICU's abbreviation list matches case: "mr." is no abbreviation. */
    ck_assert_uint_eq(t->n_sentences, 2);
    rk_text_free(t);
    /* A tatweel after the space, dropped from the view, still ends the
     * sentence: the rules break before it, where ICU is asked. */
    t = build("Ten died! \xd9\x80 Then more.", "en");
    ck_assert_uint_eq(t->n_sentences, 2);
    rk_text_free(t);
    /* No break before a format character right after a terminator. */
    t = build("Ten died.\xe2\x80\x8fThen more.", "en");
    size_t icu_like = t->n_sentences;
    rk_text_free(t);
    ck_assert_uint_eq(icu_like, 1);
}
END_TEST

/* The sentences of s[0..n) as the splitter gives them and as ICU alone
 * gives them (every candidate break asked of ICU, over the same window)
 * are the same, with the same tokens; on a difference, says where.
 * Returns the sentence count. */
static size_t assert_splits_as_icu(const char *what, const char *s, size_t n, const char *lang)
{
    rk_text *fast = NULL, *ref = NULL;
    rk_error e;
    rk_error_clear(&e);
    if (rk_txt_build(s, n, lang, 0, &fast, &e) == RK_ERR_UTF8)
        return 0; /* a bad-input fixture */
    ck_assert_ptr_nonnull(fast);
    ck_assert_int_eq(rk_txt_build(s, n, lang, 1, &ref, &e), RK_OK);
    size_t k = 0;
    while (k < fast->n_sentences && k < ref->n_sentences &&
           fast->sentences[k].start == ref->sentences[k].start &&
           fast->sentences[k].end == ref->sentences[k].end)
        k++;
    if (k < fast->n_sentences || k < ref->n_sentences) {
        const rk_sentence *a = k < fast->n_sentences ? &fast->sentences[k] : NULL;
        const rk_sentence *b = k < ref->n_sentences ? &ref->sentences[k] : NULL;
        size_t at = a && b ? (a->end < b->end ? a->end : b->end) : a ? a->start : b->start;
        size_t from = at > 60 ? at - 60 : 0;
        size_t to = fast->norm_len - at > 40 ? at + 40 : fast->norm_len;
        ck_abort_msg("%s: sentence %zu: splitter [%zu,%zu), ICU [%zu,%zu), at: %.*s|%.*s", what, k,
                     a ? (size_t)a->start : 0, a ? (size_t)a->end : 0, b ? (size_t)b->start : 0,
                     b ? (size_t)b->end : 0, (int)(at - from), fast->norm + from,
                     (int)(to - at), fast->norm + at);
    }
    /* The reference also groups the tokens in a pass of its own, after
     * tokenising, where the splitter groups them as they come. */
    ck_assert_uint_eq(fast->n_tokens, ref->n_tokens);
    for (k = 0; k < fast->n_sentences; k++)
        ck_assert_msg(fast->sentences[k].first_token == ref->sentences[k].first_token &&
                          fast->sentences[k].n_tokens == ref->sentences[k].n_tokens,
                      "%s: sentence %zu: tokens %u+%u, the reference's %u+%u", what, k,
                      fast->sentences[k].first_token, fast->sentences[k].n_tokens,
                      ref->sentences[k].first_token, ref->sentences[k].n_tokens);
    for (k = 0; k < fast->n_tokens; k++)
        ck_assert_msg(fast->tokens[k].sentence == ref->tokens[k].sentence,
                      "%s: token %zu in sentence %u, in the reference's %u", what, k,
                      fast->tokens[k].sentence, ref->tokens[k].sentence);
    size_t r = fast->n_sentences;
    rk_text_free(fast);
    rk_text_free(ref);
    return r;
}

typedef struct pieces {
    const char *const *v;
    size_t n;
} pieces;
#define PIECES(a) ((pieces){a, sizeof a / sizeof *a})

/* Builds 4,000 texts of random pieces (a word, maybe a sentence end, a
 * space, maybe a sentence start) from seed, and holds the split of each to
 * ICU's, in lang (NULL: English three times in four, else Arabic); returns
 * the sentences. */
static size_t built_texts_split_as_icu(pieces words, pieces ends, pieces spaces, pieces starts,
                                       unsigned seed, const char *lang)
{
#define PICK(a) a.v[(size_t)rand() % a.n]
    srand(seed);
    char buf[4096];
    size_t sentences = 0;
    for (int round = 0; round < 4000; round++) {
        size_t n = 0;
        int np = 2 + rand() % 14;
        for (int p = 0; p < np && n < sizeof buf - 200; p++) {
            const char *w = PICK(words), *e = rand() % 3 ? "" : PICK(ends);
            const char *sp = PICK(spaces), *st = rand() % 2 ? PICK(starts) : "";
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%s%s%s", w, e, sp, st,
                                  *st ? " " : "");
        }
        sentences += assert_splits_as_icu(buf, buf, n, lang ? lang : rand() % 4 ? "en" : "ar");
    }
#undef PICK
    return sentences;
}

/* The splitter settles breaks after cased words from the rules and ICU's
 * abbreviation list itself (emulating its filter); ICU alone must agree on
 * texts built to hit every corner of that: every abbreviation of the list,
 * their partial and extended forms, other cases, glued prefixes, every kind
 * of terminator, closing mark, space and next character, a window end. */
START_TEST(sentence_splits_agree_with_icu_alone_on_built_texts)
{
    ck_assert_msg(rk_txt_abbr_known("en"), "ICU's abbreviations were not read: the test "
                                           "would compare ICU with itself");
    static const char *const words[] = {
        "Mr.", "Mrs.", "mr.", "MR.", "U.S.", "U.", "U.S.A.", "U.S.C.", "U.K.", "US.", "S.",
        "Ph.D.", "Ph.", "PhD.", "Lt.Cdr.", "Lt.", "Lt.Col.", "Hon.B.A.", "Hon.", "Hon.B.",
        "S.p.A.", "S.p.", "a.m.", "a.", "A.M.", "A.", "P.M.", "P.", "AFP.", "TASS.", "Jan.",
        "Sept.", "Sep.", "No.", "Dr.", "Inc.", "etc.", "Etc.", "vs.", "VS.", "I.e.", "E.g.",
        "e.g.", "D.C.", "DC.", "M.I.T.", "M.I.", "XMr.", "xU.S.", "Kazakhstan.", "AA.", "BAA.",
        "Kazakhstan", "police", "said", "the", "It", "TASS", "Reuters", "Almaty", "killed",
        "13", "2022", "1.5", "v.", "Q.", "Z.", "J.K.", "J.", "L.A.", "Is.", "(Interfax)",
    };
    static const char *const ends[] = {".", ".", "!", "?", "...", ".\"", ".)", ".'", "?\"",
                                       ".\xc2\xbb", ".\xe2\x80\x9d", "", "", "", "",
                                       ".\xd9\x80)", ".\xd9\x8d\xd9\x80\"", "!\xe2\x80\x8f)",
                                       /* dropped, and neither format nor extend (U+FFF0) */
                                       "!\xef\xbf\xb0", ".\xef\xbf\xb0", ".)\xef\xbf\xb0",
                                       /* closing marks past ICU's window around the break */
                                       ".))))))))))))))))))))))))))))))))))))))))))))))))))"
                                       "))))))))))))))))))))))))))))))))))))))))))))))))))"
                                       "))))))))))))))))))))))))))))))"};
    static const char *const spaces[] = {" ", " ", " ", "  ", "\t", "\xc2\xa0", "\xe2\x80\x89",
                                         "\xe2\x80\x8e ", " \xe2\x80\x8e", "\xe2\x80\x8b", "\n",
                                         " \xcc\x81"};
    static const char *const starts[] = {
        "The", "It", "Big", "Kazakhstan", "the", "police", "8", "2022", "13 people", "\"It",
        "\"the", "(TASS)", "(the", "$5", "#1", "\xe2\x80\x94", "-", ",", "\xc2\xab", "'Tis",
        "\xd9\x82\xd8\xa7\xd9\x84", "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0",
        "\xe2\x80\x9cSo", "8 (Interfax) - The", "7, according", "3. The", "D.", "S.A.",
        "B.A. degree", "Cdr. Smith", "p.A. firm",
        /* characters the normalised view drops: a tatweel, a bidi mark */
        "\xd9\x80\xd9\x8a\xd8\xa8\xd9\x84\xd8\xba", "\xe2\x80\x8f\xd9\x82\xd8\xa7\xd9\x84",
        "\xd9\x80The", "\xe2\x80\x8f" "8",
        /* a lower-case letter further on than the splitter looks (SB8) */
        "10 20 30 40 50 60 70 80 90 (10) 20 30 40 50 60 70 80 90 - 10 20 30 40 then",
        "10 20 30 40 50 60 70 80 90 (10) 20 30 40 50 60 70 80 90 - 10 20 30 40 Then",
    };
    size_t sentences = built_texts_split_as_icu(PIECES(words), PIECES(ends), PIECES(spaces),
                                                PIECES(starts), 29, NULL);
    ck_assert_uint_gt(sentences, 8000); /* the texts did break */
}
END_TEST

/* ... and for Russian, whose list has entries with a space inside ("н.
 * э.", "до н. э."), so that the forward read crosses the space after a
 * break, and entries that share their first part ("н. э.", "н.э."). */
START_TEST(russian_sentence_splits_agree_with_icu_alone_on_built_texts)
{
    ck_assert_msg(rk_txt_abbr_known("ru"), "ICU's Russian abbreviations were not read: the "
                                           "test would compare ICU with itself");
    static const char *const words[] = {
        "руб.", "Руб.", "РУБ.", "янв.", "сент.", "тел.", "дек.", "февр.", "нояб.", "апр.",
        "окт.", "тыс.", "авг.", "проф.", "кв.", "ул.", "отд.", "до н. э.", "до н.", "до н. э",
        "н. э.", "н.э.", "н.", "н", "э.", "до", "н. эра.", "н.эх.", "xтел.", "тела.", "тел",
        "Тел.", "ТЕЛ.", "погибли", "человек.", "Москва.", "ТАСС.", "г.", "т.е.", "т. е.", "им.",
        "U.S.", "Mr.", "12.", "1,5", "(Интерфакс)", "148.",
    };
    static const char *const ends[] = {".", ".", "!", "?", "...", ".\"", ".)", ".\xc2\xbb",
                                       ".\xe2\x80\x9d", "", "", "", "", "!\xe2\x80\x8f)",
                                       ".\xef\xbf\xb0"};
    static const char *const spaces[] = {" ", " ", " ", "  ", "\t", "\xc2\xa0", "\n",
                                         "\xe2\x80\x89", " \xcc\x81"};
    static const char *const starts[] = {
        "Спасены", "В", "Москва", "спасены", "в", "э.", "э", "н. э.", "8", "2022", "12 тел",
        "\"Мы", "(ТАСС)", "\xc2\xab\xd0\x9c\xd1\x8b", "\xe2\x80\x94", "-", ",", "The",
        "the", "до н. э.", "7, сообщил", "3. В", "Э.", "Н. Э.",
        "10 20 30 40 50 60 70 80 90 (10) 20 30 40 50 60 70 80 90 - 10 20 30 40 потом",
    };
    size_t sentences = built_texts_split_as_icu(PIECES(words), PIECES(ends), PIECES(spaces),
                                                PIECES(starts), 31, "ru");
    ck_assert_uint_gt(sentences, 8000); /* the texts did break */
}
END_TEST

static void splits_as_icu(const char *path, const char *d, size_t n, void *ctx)
{
    size_t *sentences = ctx;
    *sentences += assert_splits_as_icu(path, d, n, "en");
    *sentences += assert_splits_as_icu(path, d, n, "ar");
    *sentences += assert_splits_as_icu(path, d, n, "ru");
}

/* Asserts that two views of one text agree in every field: the text, its
 * map, tokens and sentences. */
static void assert_same_text(const rk_text *a, const rk_text *b, const char *what)
{
    check_mixes(what, a);
    check_mixes(what, b);
    ck_assert_msg(a->orig == b->orig && a->orig_len == b->orig_len,
                  "%s: the views read different bytes", what);
    ck_assert_msg(a->norm_len == b->norm_len && memcmp(a->norm, b->norm, a->norm_len) == 0,
                  "%s: normalised texts differ", what);
    ck_assert_msg(memcmp(a->src_start, b->src_start, a->norm_len * sizeof *a->src_start) == 0 &&
                      memcmp(a->src_end, b->src_end, a->norm_len * sizeof *a->src_end) == 0,
                  "%s: offset maps differ", what);
    ck_assert_msg(a->n_tokens == b->n_tokens, "%s: %zu tokens against %zu", what, a->n_tokens,
                  b->n_tokens);
    for (size_t i = 0; i < a->n_tokens; i++) {
        const rk_token *x = &a->tokens[i], *y = &b->tokens[i];
        ck_assert_msg(x->start == y->start && x->end == y->end && x->kind == y->kind &&
                          x->script == y->script && x->space_before == y->space_before &&
                          x->newline_before == y->newline_before && x->sentence == y->sentence,
                      "%s: token %zu is [%u, %u) kind %d script %d space %d newline %d "
                      "sentence %u against [%u, %u) kind %d script %d space %d newline %d "
                      "sentence %u",
                      what, i, x->start, x->end, x->kind, x->script, x->space_before,
                      x->newline_before, x->sentence, y->start, y->end, y->kind, y->script,
                      y->space_before, y->newline_before, y->sentence);
    }
    ck_assert_msg(a->n_sentences == b->n_sentences, "%s: %zu sentences against %zu", what,
                  a->n_sentences, b->n_sentences);
    ck_assert_msg(a->n_sentences == 0 || memcmp(a->sentences, b->sentences,
                                                a->n_sentences * sizeof *a->sentences) == 0,
                  "%s: sentences differ", what);
}

/* Makes b a random text of at least want bytes, of pieces drawn by the
 * xorshift state *x. */
static void random_pieces(rk_buf *b, const char *const *piece, size_t np, uint64_t *x,
                          size_t want)
{
    rk_buf_reset(b);
    while (b->len < want) {
        *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
        rk_buf_puts(b, piece[(*x >> 8) % np]);
    }
}

/* v built from d[0..n) in lang with the pair-run paths off (v[0]) and on
 * (v[1]); the caller frees both. */
static void build_both(const char *d, size_t n, const char *lang, rk_text *v[2])
{
    rk_error e;
    for (int pair = 0; pair < 2; pair++) {
        int was = rk_txt_set_pair_runs(pair);
        ck_assert_int_eq(rk_text_build(d, n, lang, &v[pair], &e), RK_OK);
        rk_txt_set_pair_runs(was);
    }
}

/* Texts in lang of rounds random runs of pieces (of at least the round's
 * number modulo mod bytes), drawn from the xorshift state x, built with the
 * pair-run paths off and on: the view ends in its RK_TXT_NORM_PAD NULs, and
 * the tokens and sentences are the same. */
static void hold_random_texts(const char *const *piece, size_t np, uint64_t x, int rounds,
                              size_t mod, const char *lang)
{
    rk_buf b = RK_BUF_INIT;
    for (int round = 0; round < rounds; round++) {
        random_pieces(&b, piece, np, &x, (size_t)round % mod);
        rk_text *v[2];
        build_both(b.data ? b.data : "", b.len, lang, v);
        for (size_t k = 0; k < RK_TXT_NORM_PAD; k++)
            ck_assert_msg(v[1]->norm[v[1]->norm_len + k] == '\0',
                          "round %d: byte %zu past the view is not NUL", round, k);
        char what[32];
        snprintf(what, sizeof what, "round %d", round);
        assert_same_text(v[1], v[0], what);
        rk_text_free(v[0]);
        rk_text_free(v[1]);
    }
    rk_buf_free(&b);
}

/* The view ends in RK_TXT_NORM_PAD NULs, which the word runs read into
 * unchecked: on random texts of Arabic and Cyrillic words (a run of two-byte
 * letters up to the very end among them), Latin ones, spaces and
 * characters that grow in normalisation, at every length, the NULs are
 * there and the words end as a character at a time ends them. */
START_TEST(word_runs_stop_at_the_views_padding)
{
    static const char *const piece[] = {
        "\u0645\u062f\u064a\u0646\u0647", "\u0642\u062a\u0644", "\u0644",
        "\u043f\u043e\u0433\u0438\u0431\u043b\u0438", "\u0442", "caf\u00e9", "\u00e9",
        "don't", "abc", " ", "\n", "\uFDFA", "7", ".",
    };
    const size_t np = sizeof piece / sizeof *piece;
    hold_random_texts(piece, np, 0x9E3779B97F4A7C15ull, 4000, 211, "ru");
}
END_TEST

/* A word after a space is cut at once, without the class lookup: on
 * random English texts of Latin words (capitals that the view folds among
 * them), words that start with a two-byte letter (Latin-1, Cyrillic,
 * Arabic), spaces, line breaks and tabs, the no-break space that becomes
 * one, terminators, abbreviations, apostrophes, digits and words that go
 * on past ASCII, the tokens and sentences are those the general path
 * makes, the first token of a line and one after a terminator too. */
START_TEST(words_after_spaces_cut_as_the_general_path_cuts_them)
{
    static const char *const piece[] = {
        "the", "a", "words", "Capital", "ALL", "x", " ", " ", " ", "  ", "\n", "\n ", " \n",
        "\t", "\u00a0", ".", ". ", "! ", "? ", ",", ";", "'", "don't", "o\u2019", "caf\u00e9",
        "\u00e9", "\u00e9t\u00e9", "\u0434\u0430", "\u0628\u0627\u0628", "12", "3.5", "(", ")",
        "\"", "-", "Mr.", "U.S.", "etc.",
    };
    const size_t np = sizeof piece / sizeof *piece;
    hold_random_texts(piece, np, 0xD1B54A32D192ED03ull, 6000, 157, "en");
}
END_TEST

/* A run of Latin words after spaces is cut a word a step, each word read
 * sixteen bytes at once: on random texts of words of every length from 1
 * to 20 letters (16 and 17 among them, lower case and capitals), single
 * and repeated spaces, and what ends or carries on a word (an apostrophe,
 * a letter past ASCII, a comma, a digit, a line break, a terminator), at
 * every length of text so that words end on the view's last sixteen bytes
 * and on its end, the tokens and sentences are the general path's; also
 * where the words outnumber the token array's first room. */
START_TEST(runs_of_latin_words_cut_as_the_general_path_cuts_them)
{
    char words[40][24];
    const char *piece[64];
    size_t np = 0;
    for (size_t n = 1; n <= 20; n++) {
        for (int caps = 0; caps < 2; caps++) {
            char *w = words[2 * (n - 1) + (size_t)caps];
            for (size_t k = 0; k < n; k++)
                w[k] = (char)((caps && k == 0 ? 'A' : 'a') + (n * 5 + k * 11) % 26);
            w[n] = '\0';
            piece[np++] = w;
        }
    }
    static const char *const other[] = {" ", " ", " ", " ", " ", " ", "  ", "   ", "'s", "z'",
                                        "\u00e9", ",", "7", "\n", ". ", "? ", "`", "{"};
    for (size_t k = 0; k < sizeof other / sizeof *other; k++)
        piece[np++] = other[k];
    hold_random_texts(piece, np, 0x8CB92BA72F3D8DD7ull, 8000, 181, "en");
    rk_buf b = RK_BUF_INIT;
    /* more one-letter words than the token array first has room for: the
     * run stops where it is full, and the array grows */
    for (size_t n = 100; n <= 4000; n = n * 3 / 2) {
        rk_buf_reset(&b);
        for (size_t k = 0; k < n; k++)
            rk_buf_puts(&b, k % 7 ? "a " : "an ");
        rk_text *v[2];
        build_both(b.data, b.len, "en", v);
        ck_assert_uint_gt(v[1]->n_tokens, b.len / 5 + 16);
        char what[32];
        snprintf(what, sizeof what, "%zu words", n);
        assert_same_text(v[1], v[0], what);
        rk_text_free(v[0]);
        rk_text_free(v[1]);
    }
    rk_buf_free(&b);
}
END_TEST

/* Builds the windows of d[0..n) that start after every third line break
 * with rk_text_build_window() and rk_text_build_window_valid(). */
static void windows_agree(const char *path, const char *d, size_t n, void *ctx)
{
    size_t bad = 0;
    if (n && !rk_utf8_valid(d, n, &bad))
        return;
    static const char *const langs[] = {"ar", "en", "ru"};
    size_t base = 0, lines = 0, li = 0;
    for (size_t p = 0; p <= n; p++) {
        if (p < n && !(d[p] == '\n' && ++lines % 3 == 0))
            continue;
        size_t end = p < n ? p + 1 : n;
        const char *lang = langs[li++ % 3];
        rk_text *a = NULL, *b = NULL;
        rk_error e;
        ck_assert_int_eq(rk_text_build_window(d, base, end - base, lang, &a, &e), RK_OK);
        ck_assert_int_eq(rk_text_build_window_valid(d, base, end - base, lang, &b, &e), RK_OK);
        char what[4200];
        snprintf(what, sizeof what, "%s [%zu, %zu) %s", path, base, end, lang);
        assert_same_text(a, b, what);
        *(size_t *)ctx += a->n_tokens;
        rk_text_free(a);
        rk_text_free(b);
        base = end;
    }
}

/* The trusting window build gives what the validating one gives on valid
 * text: every fixture, cut into windows after line breaks. */
START_TEST(trusted_windows_build_as_checked_ones_do)
{
    size_t tokens = 0;
    ck_assert_uint_ge(each_fixture(windows_agree, &tokens), 5);
    ck_assert_uint_ge(tokens, 5000);
}
END_TEST

START_TEST(sentence_splits_agree_with_icu_alone_on_every_fixture)
{
    size_t sentences = 0;
    ck_assert_uint_ge(each_fixture(splits_as_icu, &sentences), 5);
    ck_assert_uint_ge(sentences, 500);
}
END_TEST

/* Whether the text of line (a word, " .", a line break) is that word as one
 * word token and the full stop. */
static int line_keeps_word(const char *w, size_t n)
{
    char line[64];
    snprintf(line, sizeof line, "%.*s .\n", (int)n, w);
    rk_text *t = NULL;
    rk_error e;
    if (rk_text_build(line, strlen(line), "en", &t, &e) != RK_OK)
        return 0;
    int ok = t->n_tokens == 2 && t->tokens[0].kind == RK_TOK_WORD &&
             t->tokens[0].end - t->tokens[0].start == n &&
             memcmp(t->norm + t->tokens[0].start, w, n) == 0;
    rk_text_free(t);
    return ok;
}

/* rk_text_plain_word() says a word comes through the text stage unchanged
 * and as one token only where it does: for every character below U+0800,
 * alone, doubled, and after the plain character before it of its script,
 * and for words of the letters it turns down ("A", a digit, a space, a
 * mark, a tatweel, letters of two scripts) it says no. */
START_TEST(a_plain_word_comes_through_unchanged_as_one_token)
{
    char prev[0x80][4] = {{0}};
    size_t plain = 0;
    for (uint32_t c = 1; c < 0x800; c++) {
        char w[16];
        size_t k = rk_utf8_put(c, w);
        if (!rk_text_plain_word(w, k))
            continue;
        plain++;
        ck_assert_msg(line_keeps_word(w, k), "U+%04X", c);
        memcpy(w + k, w, k);
        ck_assert_msg(rk_text_plain_word(w, 2 * k) && line_keeps_word(w, 2 * k), "U+%04X x2", c);
        /* after the last plain letter with the same script */
        rk_txt_class cl = rk_txt_classify(c);
        char *p = prev[cl.script & 0x7f];
        size_t pn = strlen(p);
        if (pn) {
            memcpy(w, p, pn);
            rk_utf8_put(c, w + pn);
            ck_assert_msg(rk_text_plain_word(w, pn + k) && line_keeps_word(w, pn + k),
                          "U+%04X after another", c);
        }
        memcpy(p, w + pn, k);
        p[k] = '\0';
    }
    ck_assert_uint_gt(plain, 200);
    static const char *const not_plain[] = {"Abc", "ab1", "ab c", "مصري\xd9\x8e", "مصـري",
                                            "abпр", "ab'c", "", "ab-c", "مصرية"};
    for (size_t i = 0; i < sizeof not_plain / sizeof not_plain[0]; i++)
        ck_assert_msg(!rk_text_plain_word(not_plain[i], strlen(not_plain[i])), "%s",
                      not_plain[i]);
}
END_TEST

/* ---- the tables the build derived ---- */

static rk_txt_norm1 derived_norm[RK_TXT_TABLE_MAX];
static rk_txt_class derived_cls[RK_TXT_TABLE_MAX];

/* Code points past the table are classed as ICU classes them, those of
 * the General Punctuation block that are kept once asked among them: each
 * from U+1FF0 to U+2080 asked twice (the second answer is the kept one),
 * and a few past the block. */
START_TEST(punctuation_past_the_table_is_classed_as_icu_classes_it)
{
    ck_assert_int_eq(rk_txt_tables_init(), 0);
    static const uint32_t far[] = {0x0800, 0x0E01, 0x1E9E, 0x3002, 0xFF0E, 0xFF01, 0x1F600};
    for (int round = 0; round < 2; round++) {
        for (uint32_t c = 0x1FF0; c <= 0x2080; c++) {
            rk_txt_class a = rk_txt_classify(c), b = rk_txt_classify_icu(c);
            ck_assert_msg(a.cls == b.cls && a.script == b.script && a.sb == b.sb,
                          "round %d: U+%04X is %u/%u/%u, ICU says %u/%u/%u", round, c, a.cls,
                          a.script, a.sb, b.cls, b.script, b.sb);
        }
        for (size_t k = 0; k < sizeof far / sizeof *far; k++) {
            rk_txt_class a = rk_txt_classify(far[k]), b = rk_txt_classify_icu(far[k]);
            ck_assert_msg(a.cls == b.cls && a.script == b.script && a.sb == b.sb, "U+%04X",
                          far[k]);
        }
    }
    /* the curly quote and the dash of news text, by the classes the
     * splitter reads */
    ck_assert_int_eq(rk_txt_classify(0x2019).cls, RK_CC_PUNCT);
    ck_assert_int_eq(rk_txt_classify(0x2014).cls, RK_CC_PUNCT);
    ck_assert_int_eq(rk_txt_classify(0x201D).sb, U_SB_CLOSE);
    ck_assert_int_eq(rk_txt_classify(0x2029).cls, RK_CC_NEWLINE);
}
END_TEST

/* The build's answers (known_tables.c) are ICU's, code point by code point
 * and byte by byte, and so are the tables as made: the build's ICU is the
 * one the tests run under, so the build's answers must apply. */
START_TEST(known_tables_are_what_icu_answers)
{
    const rk_txt_known *k = &rk_txt_known_tables;
    ck_assert_int_eq(rk_txt_derive(derived_norm, derived_cls), 0);
    ck_assert_msg(rk_txt_known_applies(k), "the build's tables do not apply (ICU '%s')", k->icu);
    for (uint32_t c = 0; c < RK_TXT_TABLE_MAX; c++) {
        const rk_txt_norm1 *a = &k->norm[c], *b = &derived_norm[c];
        ck_assert_msg(a->len == b->len && a->cached == b->cached && a->boundary == b->boundary &&
                          memcmp(a->out, b->out, sizeof a->out) == 0,
                      "normalisation of U+%04X", (unsigned)c);
        ck_assert_msg(k->cls[c].cls == derived_cls[c].cls &&
                          k->cls[c].script == derived_cls[c].script &&
                          k->cls[c].sb == derived_cls[c].sb,
                      "class of U+%04X", (unsigned)c);
    }
    ck_assert_int_eq(rk_txt_tables_init(), 0);
    ck_assert(memcmp(rk_txt_norm_tab, derived_norm, sizeof derived_norm) == 0);
    ck_assert(memcmp(rk_txt_class_tab, derived_cls, sizeof derived_cls) == 0);
}
END_TEST

/* The build's answers are refused under any other ICU, and when they are
 * not whole. */
START_TEST(known_tables_are_refused_under_another_icu)
{
    char icu[64];
    ck_assert_int_eq(rk_icu_versions(icu, sizeof icu), 0);
    rk_txt_known k = rk_txt_known_tables;
    ck_assert(rk_txt_known_applies(&k));
    const char *other[] = {"", "72.1", "0.0 0.0", "72.1 72.1 ", "72.1  72.1", " 72.1 72.1"};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        k.icu = other[i];
        if (strcmp(other[i], icu) != 0)
            ck_assert_msg(!rk_txt_known_applies(&k), "taken under ICU '%s'", other[i]);
    }
    k = rk_txt_known_tables;
    k.n = RK_TXT_TABLE_MAX - 1;
    ck_assert(!rk_txt_known_applies(&k));
    k.n = 0;
    ck_assert(!rk_txt_known_applies(&k));
    k = rk_txt_known_tables;
    k.norm = NULL;
    ck_assert(!rk_txt_known_applies(&k));
    k = rk_txt_known_tables;
    k.cls = NULL;
    ck_assert(!rk_txt_known_applies(&k));
    ck_assert_int_eq(rk_icu_versions(icu, 4), -1);
}
END_TEST

/* Tables made with the build's answers turned off are ICU's too (each test
 * runs in a process of its own, so the switch comes before they are made;
 * where it does not, the comparison still holds). */
START_TEST(tables_made_without_known_are_icus)
{
    rk_txt_set_known_tables(0);
    ck_assert_int_eq(rk_txt_tables_init(), 0);
    ck_assert_int_eq(rk_txt_derive(derived_norm, derived_cls), 0);
    ck_assert(memcmp(rk_txt_norm_tab, derived_norm, sizeof derived_norm) == 0);
    ck_assert(memcmp(rk_txt_class_tab, derived_cls, sizeof derived_cls) == 0);
    ck_assert_int_eq(rk_txt_set_known_tables(1), 0);
}
END_TEST

/* ---- the two-byte table and the word runs read from it ---- */

/* The script rk_text_plain_word() takes code point c (below U+0800) for,
 * from the code point tables: a letter normalised to itself alone in its
 * segment, or 0. */
static uint8_t plain_script_of(uint32_t c)
{
    const rk_txt_norm1 *e = &rk_txt_norm_tab[c];
    char u[4];
    size_t k = rk_utf8_put(c, u);
    rk_txt_class cl = rk_txt_class_tab[c];
    return e->cached && e->boundary && e->len == k && memcmp(e->out, u, k) == 0 &&
                   cl.cls == RK_CC_LETTER
               ? cl.script
               : 0;
}

/* rk_text_plain_word() as it read words before the pair table: each
 * character decoded, checked well formed and looked up by code point; but
 * for the overlong leads C0 and C1, which it let by ("\xC1\xA1" passed for
 * "a", though rk_text_build() turns it down). */
static int plain_word_ref(const unsigned char *u, size_t n)
{
    uint8_t script = 0;
    if (!n)
        return 0;
    for (size_t i = 0; i < n;) {
        uint32_t c = u[i];
        if (c >= 0x80) {
            if (c < 0xC2 || c >= 0xE0 || i + 1 >= n || (u[i + 1] & 0xC0) != 0x80)
                return 0;
            c = ((c & 0x1F) << 6) | (u[i + 1] & 0x3F);
            i += 2;
        } else {
            i += 1;
        }
        uint8_t p = plain_script_of(c);
        if (!p || (script && p != script))
            return 0;
        script = p;
    }
    return 1;
}

/* The pair table holds, for every two bytes, what decoding them gives: for
 * a well-formed two-byte sequence, the plain script of its character and a
 * run bit for each script whose words it continues (a mark, or a letter of
 * that script or of none); for any other two bytes (ASCII, a three- or
 * four-byte lead, a stray or missing continuation byte, the overlong leads
 * C0 and C1), nothing. */
START_TEST(pair_table_holds_what_decoding_gives_for_every_two_bytes)
{
    ck_assert_int_eq(rk_txt_tables_init(), 0);
    size_t words[5] = {0};
    for (uint32_t v = 0; v < 0x10000; v++) {
        unsigned char b[2] = {(unsigned char)(v & 0xFF), (unsigned char)(v >> 8)};
        uint8_t want = 0;
        if (b[0] >= 0xC2 && b[0] <= 0xDF && (b[1] & 0xC0) == 0x80) {
            uint32_t c = ((uint32_t)(b[0] & 0x1F) << 6) | (b[1] & 0x3F);
            rk_txt_class cl = rk_txt_class_tab[c];
            want = plain_script_of(c);
            for (uint8_t sc = RK_SCRIPT_LATIN; sc <= RK_SCRIPT_OTHER; sc++)
                if (cl.cls == RK_CC_MARK ||
                    (cl.cls == RK_CC_LETTER &&
                     (cl.script == sc || cl.script == RK_SCRIPT_NONE))) {
                    want |= (uint8_t)RK_TXT_PAIR_RUN(sc);
                    words[sc]++;
                }
        }
        ck_assert_uint_eq(rk_txt_pair_at(b), v);
        ck_assert_msg(rk_txt_pair_tab[v] == want, "bytes %02X %02X: 0x%02X, decoding gives 0x%02X",
                      b[0], b[1], rk_txt_pair_tab[v], want);
    }
    /* the scripts' letters are there: Latin-1 and Latin Extended, Arabic,
     * Cyrillic, Greek and Hebrew (OTHER) */
    for (uint8_t sc = RK_SCRIPT_LATIN; sc <= RK_SCRIPT_OTHER; sc++)
        ck_assert_uint_gt(words[sc], 150);
}
END_TEST

/* A copy of s[0..n) in a block of exactly n bytes, so that a read past
 * its end is one (under AddressSanitizer, an error). */
static unsigned char *exact_copy(const unsigned char *s, size_t n)
{
    unsigned char *d = malloc(n ? n : 1);
    ck_assert_ptr_nonnull(d);
    memcpy(d, s, n);
    return d;
}

/* rk_text_plain_word() makes the tables it reads when nothing made them
 * yet (the rules ask it before any text is built): its first answer in a
 * process, which a forked test is, is the one it gives after them. */
START_TEST(plain_word_makes_its_tables_first)
{
    int first = rk_text_plain_word("word", 4);
    ck_assert_int_eq(rk_txt_tables_init(), 0);
    ck_assert_int_eq(first, 1);
    ck_assert_int_eq(rk_text_plain_word("word", 4), 1);
}
END_TEST

/* rk_text_plain_word() reads the pair table as decoding each character
 * read its code point: on every string of one and two bytes, on every
 * string of three that starts with an ASCII letter, an Arabic, Cyrillic or
 * Latin-1 letter's lead, a three-byte lead, a stray continuation byte or
 * an overlong lead, and on words cut inside a character at their end. */
START_TEST(plain_word_agrees_with_decoding_every_character)
{
    ck_assert_int_eq(rk_txt_tables_init(), 0);
    size_t plain = 0;
    for (uint32_t v = 0; v < 0x10000 + 0x100; v++) {
        unsigned char b[2] = {(unsigned char)(v & 0xFF), (unsigned char)(v >> 8)};
        size_t n = v < 0x10000 ? 2 : 1;
        unsigned char *d = exact_copy(b, n);
        int want = plain_word_ref(d, n);
        plain += (size_t)want;
        ck_assert_msg(rk_text_plain_word((const char *)d, n) == want, "%02X %02X (%zu bytes)",
                      b[0], b[1], n);
        free(d);
    }
    ck_assert_uint_gt(plain, 500);
    static const unsigned char first[] = {'b', 'A', 0xD8, 0xD9, 0xD0, 0xD1, 0xC3, 0xCE,
                                          0xE2, 0x80, 0xC0, 0xC1, 0xFF};
    for (size_t f = 0; f < sizeof first; f++)
        for (uint32_t v = 0; v < 0x10000; v++) {
            unsigned char b[3] = {first[f], (unsigned char)(v & 0xFF), (unsigned char)(v >> 8)};
            unsigned char *d = exact_copy(b, 3);
            ck_assert_msg(rk_text_plain_word((const char *)d, 3) == plain_word_ref(d, 3),
                          "%02X %02X %02X", b[0], b[1], b[2]);
            free(d);
        }
    /* an overlong "a" is no word rk_text_build() gives back */
    ck_assert(!rk_text_plain_word("\xc1\xa1", 2) && !rk_text_plain_word("b\xc1\xa1", 3));
    static const char *const cut[] = {"\u0645\u0635\u0631\xd9", "\u043c\u0438\u0440\xd0",
                                       "caf\xc3", "\xd9", "ab\xe2\x80", "\u0645\u0635\u0631\xe2"};
    for (size_t k = 0; k < sizeof cut / sizeof *cut; k++) {
        size_t n = strlen(cut[k]);
        unsigned char *d = exact_copy((const unsigned char *)cut[k], n);
        ck_assert_msg(!rk_text_plain_word((const char *)d, n) && !plain_word_ref(d, n), "cut %zu",
                      k);
        free(d);
    }
}
END_TEST

/* Tokens and sentences of s[0..n), taken as an already normalised view
 * (each byte mapping to its character), with word runs from the pair
 * table (pair 1) or a character at a time. The view is allocated to the
 * NULs the normaliser pads it with and no further. */
static rk_text *segment_view(const char *s, size_t n, int pair)
{
    /* the tables the splitter reads, as the normaliser has them made */
    ck_assert_int_eq(rk_txt_tables_init(), 0);
    rk_text *t = calloc(1, sizeof *t);
    ck_assert_ptr_nonnull(t);
    t->orig = s;
    t->orig_len = n;
    /* one allocation, as rk_text_free() expects of the map and the view */
    size_t cap = n + RK_TXT_NORM_PAD;
    t->src_start = malloc(cap * (2 * sizeof *t->src_start + 1));
    ck_assert_ptr_nonnull(t->src_start);
    t->src_end = t->src_start + cap;
    t->norm = (char *)(t->src_end + cap);
    memcpy(t->norm, s, n);
    memset(t->norm + n, 0, RK_TXT_NORM_PAD);
    t->norm_len = n;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        rk_txt_next((const unsigned char *)s, &j);
        for (size_t k = i; k < j; k++) {
            t->src_start[k] = (uint32_t)i;
            t->src_end[k] = (uint32_t)j;
        }
        i = j;
    }
    int was = rk_txt_set_pair_runs(pair);
    rk_error e;
    ck_assert_int_eq(rk_txt_segment(t, "en", 0, &e), RK_OK);
    rk_txt_set_pair_runs(was);
    return t;
}

/* Whether the tokens and sentences of a and b are the same; says where
 * they part when not. */
static int same_segments(const rk_text *a, const rk_text *b, const char *what)
{
    size_t i = 0;
    while (i < a->n_tokens && i < b->n_tokens &&
           memcmp(&a->tokens[i], &b->tokens[i], sizeof *a->tokens) == 0)
        i++;
    if (i < a->n_tokens || i < b->n_tokens) {
        fprintf(stderr, "%s: token %zu: [%u, %u) kind %u script %u from the pair table, "
                        "[%u, %u) kind %u script %u a character at a time\n",
                what, i, i < a->n_tokens ? a->tokens[i].start : 0,
                i < a->n_tokens ? a->tokens[i].end : 0, i < a->n_tokens ? a->tokens[i].kind : 0,
                i < a->n_tokens ? a->tokens[i].script : 0,
                i < b->n_tokens ? b->tokens[i].start : 0, i < b->n_tokens ? b->tokens[i].end : 0,
                i < b->n_tokens ? b->tokens[i].kind : 0, i < b->n_tokens ? b->tokens[i].script : 0);
        return 0;
    }
    return a->n_sentences == b->n_sentences &&
           (a->n_sentences == 0 ||
            memcmp(a->sentences, b->sentences, a->n_sentences * sizeof *a->sentences) == 0);
}

static int segments_both_ways(const char *s, size_t n, const char *what)
{
    rk_text *a = segment_view(s, n, 1), *b = segment_view(s, n, 0);
    int same = same_segments(a, b, what);
    check_mixes(what, a);
    check_mixes(what, b);
    rk_text_free(a);
    rk_text_free(b);
    return same;
}

/* Words end where they did when every character was decoded: after a
 * first letter of each script (ASCII, Latin-1, Arabic, Cyrillic, Greek,
 * and a letter of no script), every ASCII character and every code point
 * of two bytes, and a sample of three and four bytes (apostrophes,
 * joiners, marks, letters of scripts past the table), stands before,
 * inside and after a word, at both parities of the two-at-a-time step and
 * at the end of the view. */
START_TEST(word_runs_end_words_as_decoding_every_character_does)
{
    ck_assert_int_eq(rk_txt_tables_init(), 0);
    char letters[8][4] = {"a", "\u00e9", "\u0628", "\u0434", "\u03b1"};
    size_t n_letters = 5;
    for (uint32_t c = 0x80; c < RK_TXT_TABLE_MAX && n_letters == 5; c++)
        if (rk_txt_class_tab[c].cls == RK_CC_LETTER &&
            rk_txt_class_tab[c].script == RK_SCRIPT_NONE)
            letters[n_letters++][rk_utf8_put(c, letters[5])] = '\0';
    uint32_t cps[0x800 + 16];
    size_t n_cps = 0;
    for (uint32_t c = 1; c < RK_TXT_TABLE_MAX; c++)
        cps[n_cps++] = c;
    static const uint32_t wide[] = {0x2019, 0x200D, 0x0901, 0x0905, 0x1E00, 0x1E9E, 0x3041,
                                    0x0E01, 0xFB50, 0x20D0, 0x10400, 0x1F600, 0xFE0F, 0x0800};
    for (size_t k = 0; k < sizeof wide / sizeof *wide; k++)
        cps[n_cps++] = wide[k];
    /* L: the first letter, c: the character under test */
    static const char *const shape[] = {"Lc", "LLc", "LcL", "LLcLL", "LLLcLLL", "cL", "LcLc",
                                        "LL'c", "L c", "LLLLc"};
    size_t checked = 0;
    for (size_t l = 0; l < n_letters; l++)
        for (size_t k = 0; k < n_cps; k++) {
            char cu[4];
            size_t cn = rk_utf8_put(cps[k], cu);
            for (size_t h = 0; h < sizeof shape / sizeof *shape; h++) {
                char v[64], what[64];
                size_t n = 0;
                for (const char *p = shape[h]; *p; p++) {
                    const char *piece = *p == 'L' ? letters[l] : *p == 'c' ? cu : p;
                    size_t pn = *p == 'L' ? strlen(letters[l]) : *p == 'c' ? cn : 1;
                    memcpy(v + n, piece, pn);
                    n += pn;
                }
                snprintf(what, sizeof what, "%s with U+%04X as %s", letters[l], cps[k], shape[h]);
                ck_assert_msg(segments_both_ways(v, n, what), "%s", what);
                checked++;
            }
        }
    ck_assert_uint_gt(checked, 100000);
}
END_TEST

/* ... and on random texts of words of every script with marks, joiners,
 * apostrophes, digits and punctuation among them, and on every fixture
 * built as the command builds it. */
static void pair_runs_on_fixture(const char *path, const char *d, size_t n, void *ctx)
{
    size_t bad = 0;
    if (n && !rk_utf8_valid(d, n, &bad))
        return;
    rk_text *v[2];
    build_both(d, n, "ar", v);
    ck_assert_msg(same_segments(v[1], v[0], path), "%s", path);
    *(size_t *)ctx += v[1]->n_tokens;
    rk_text_free(v[0]);
    rk_text_free(v[1]);
}

START_TEST(word_runs_end_words_as_decoding_every_character_does_on_texts)
{
    static const char *const piece[] = {
        "\u0628\u0627\u0644\u0645\u062f\u064a\u0646\u0647", "\u0642\u062a\u0644\u064a",
        "\u064e", "\u0651", "\u0670", "\u0654", "\u0640", "\u06d4", "\u06c1", "\u0671",
        "\u043f\u043e\u0433\u0438\u0431\u043b\u0438", "\u0451", "\u0439", "\u0306",
        "caf\u00e9", "d\u00e9j\u00e0", "na\u00efve", "\u00df", "\u0301", "don't", "o\u2019",
        "\u03c3\u03bf\u03c2", "\u05e9\u05dc", "\u02b0", "\u02bc", "\u200d", "\u2019",
        " ", " ", " ", "\n", "12", ".", ",", "'", "%", "\u060c", "\u0905", "\u1e00", "\U0001F600",
    };
    const size_t np = sizeof piece / sizeof *piece;
    uint64_t x = 0x2545F4914F6CDD1Dull;
    rk_buf b = RK_BUF_INIT;
    for (int round = 0; round < 20000; round++) {
        random_pieces(&b, piece, np, &x, (size_t)(round % 97));
        char what[32];
        snprintf(what, sizeof what, "round %d", round);
        ck_assert_msg(segments_both_ways(b.data ? b.data : "", b.len, what), "%s", what);
    }
    rk_buf_free(&b);
    size_t tokens = 0;
    ck_assert_uint_ge(each_fixture(pair_runs_on_fixture, &tokens), 5);
    ck_assert_uint_ge(tokens, 5000);
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *n = tcase_create("normalise");
    tcase_add_test(n, ascii_runs_fold_and_map_byte_for_byte_at_every_alignment);
    tcase_add_test(n, long_ascii_runs_stop_at_a_character_anywhere_in_them);
    tcase_add_test(n, tatweel_dot_joins_the_seed_variants);
    tcase_add_test(n, a_plain_word_comes_through_unchanged_as_one_token);
    tcase_add_test(n, dot_without_tatweel_or_letters_stays);
    tcase_add_test(n, every_dot_of_seed_002_next_to_a_tatweel_disappears);
    tcase_add_test(n, alef_forms_maqsura_and_ta_marbuta_fold);
    tcase_add_test(n, harakat_and_quranic_marks_are_removed);
    tcase_add_test(n, arabic_indic_and_persian_digits_read_as_ascii);
    tcase_add_test(n, arabic_punctuation_and_spaces_map_to_ascii);
    tcase_add_test(n, bidi_and_format_controls_are_ignored);
    tcase_add_test(n, latin_and_cyrillic_are_case_folded);
    tcase_add_test(n, nfkc_unfolds_compatibility_forms);
    tcase_add_test(n, expanding_and_shrinking_segments_map_to_their_source);
    tcase_add_test(n, a_view_that_outgrows_its_first_room_keeps_its_bytes_and_map);
    tcase_add_test(n, invalid_utf8_reports_the_first_bad_byte);
    tcase_add_test(n, empty_input_gives_an_empty_view);
    tcase_add_test(n, norm_offset_maps_original_positions_forward);
    suite_add_tcase(s, n);
    TCase *m = tcase_create("map");
    tcase_set_timeout(m, 240);
    tcase_add_test(m, offset_map_holds_over_every_fixture);
    tcase_add_test(m, block_path_maps_as_the_scalar_path_does);
    tcase_add_test(m, block_path_takes_harakat_as_the_scalar_path_does);
    tcase_add_test(m, texts_opening_with_a_letter_read_alike_both_ways);
    tcase_add_test(m, a_segment_met_again_normalises_as_it_did_alone);
    tcase_add_test(m, one_line_of_ten_megabytes_splits_in_linear_time);
    tcase_add_test(m, trusted_windows_build_as_checked_ones_do);
    tcase_add_test(m, word_runs_stop_at_the_views_padding);
    suite_add_tcase(s, m);
    TCase *g = tcase_create("segment");
    tcase_add_test(g, arabic_paragraph_splits_into_sentences);
    tcase_add_test(g, english_paragraph_splits_into_sentences);
    tcase_add_test(g, russian_paragraph_splits_into_sentences);
    tcase_add_test(g, sentence_fast_path_agrees_with_icu_on_abbreviations);
    tcase_add_test(g, sentence_splits_agree_with_icu_alone_on_built_texts);
    tcase_add_test(g, russian_sentence_splits_agree_with_icu_alone_on_built_texts);
    tcase_add_test(g, sentence_splits_agree_with_icu_alone_on_every_fixture);
    tcase_add_test(g, letters_glued_to_digits_split);
    tcase_add_test(g, grouped_number_is_digit_runs_and_punctuation);
    tcase_add_test(g, percent_sign_is_a_symbol);
    tcase_add_test(g, words_split_at_script_changes_and_keep_apostrophes);
    tcase_add_test(g, latin_words_of_every_length_end_at_the_right_byte);
    tcase_add_test(g, words_after_spaces_cut_as_the_general_path_cuts_them);
    tcase_add_test(g, runs_of_latin_words_cut_as_the_general_path_cuts_them);
    tcase_add_test(g, newline_before_is_set_after_line_breaks);
    tcase_add_test(g, sentences_grow_past_their_first_block);
    tcase_add_test(g, a_listed_word_before_a_full_stop_ends_its_sentence);
    suite_add_tcase(s, g);
    TCase *w = tcase_create("pair table");
    tcase_set_timeout(w, 240);
    tcase_add_test(w, pair_table_holds_what_decoding_gives_for_every_two_bytes);
    tcase_add_test(w, known_tables_are_what_icu_answers);
    tcase_add_test(w, known_tables_are_refused_under_another_icu);
    tcase_add_test(w, punctuation_past_the_table_is_classed_as_icu_classes_it);
    tcase_add_test(w, tables_made_without_known_are_icus);
    tcase_add_test(w, plain_word_makes_its_tables_first);
    tcase_add_test(w, plain_word_agrees_with_decoding_every_character);
    tcase_add_test(w, word_runs_end_words_as_decoding_every_character_does);
    tcase_add_test(w, word_runs_end_words_as_decoding_every_character_does_on_texts);
    suite_add_tcase(s, w);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
