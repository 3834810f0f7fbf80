/* test_jsonscan.c - the fast reader of JSON Lines records (jsonscan.c and
 * its use in format_json.c) gives exactly the documents and diagnostics of
 * the full reader (cJSON), record by record: over hand-made records at the
 * edges of JSON and of what cJSON accepts, over the fixtures, and over the
 * committed fuzz corpora. It also checks that the fast path is really the
 * one taken for the common record, so "always give up" cannot pass. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ingest/internal.h"

static void keep(void *ctx, const rk_error *e)
{
    rk_buf *log = ctx;
    char line[2400];
    snprintf(line, sizeof line, "diag %d %s:%ld:%ld @%ld %s\n", (int)e->code, e->file, e->line,
             e->column, e->offset, e->message);
    ck_assert(rk_buf_puts(log, line) == 0);
}

static void put_field(rk_buf *log, const char *name, const rk_field *f)
{
    rk_buf_puts(log, name);
    rk_buf_puts(log, f->value ? "=" : " unset");
    if (f->value) {
        rk_buf_puts(log, f->value);
        rk_buf_puts(log, rk_origin_name(f->origin) ? rk_origin_name(f->origin) : "?");
    }
    rk_buf_putc(log, '\n');
}

/* Everything rk_ingest_buffer gave for data read as JSON Lines. */
static char *read_as(const char *data, size_t len, int full)
{
    rk_buf log = RK_BUF_INIT;
    rk_doclist docs = {0};
    rk_error e;
    rk_error_clear(&e);
    rk_ingest_options o = {0};
    o.force_format = RK_FORMAT_JSONL;
    o.no_sidecar = 1;
    o.full_json = full;
    rk_status st = rk_ingest_buffer("records.jsonl", data, len, &o, &docs, keep, &log, &e);
    char line[2400];
    snprintf(line, sizeof line, "status %d %s:%ld:%ld %s\n", (int)st, e.file, e.line, e.column,
             e.message);
    rk_buf_puts(&log, line);
    for (size_t i = 0; i < docs.n; i++) {
        const rk_document *d = docs.docs[i];
        snprintf(line, sizeof line, "doc %s #%zu %zu bytes\n", d->id, d->record, d->body_len);
        rk_buf_puts(&log, line);
        rk_buf_append(&log, d->body, d->body_len);
        rk_buf_putc(&log, '\n');
        put_field(&log, "title", &d->title);
        put_field(&log, "source", &d->source);
        put_field(&log, "published", &d->published);
        put_field(&log, "url", &d->url);
        put_field(&log, "language", &d->language);
        put_field(&log, "byline", &d->byline);
        put_field(&log, "dateline", &d->dateline);
    }
    rk_doclist_free(&docs);
    return rk_buf_detach(&log, NULL);
}

static void same(const char *data, size_t len, const char *what)
{
    char *fast = read_as(data, len, 0), *full = read_as(data, len, 1);
    if (strcmp(fast, full) != 0)
        ck_abort_msg("%s: the fast reader differs from cJSON\n--- fast\n%s--- cJSON\n%s", what,
                     fast, full);
    free(fast);
    free(full);
}

/* Records at the edges: each is compared alone, and all of them as one file. */
static const char *const k_records[] = {
    "{\"text\":\"Police said 13 were killed.\"}",
    "  {\"text\" : \"a\" , \"title\" : \"t\" }  \r",
    "{\"body\":\"from body\",\"content\":\"from content\"}",
    "{\"content\":\"c\",\"body\":\"b\"}",
    "{\"text\":\"first\",\"text\":\"second\"}",
    "{\"text\":null,\"body\":\"b\"}",
    "{\"text\":\"\",\"body\":\"b\"}",
    "{\"text\":\"x\",\"title\":null,\"headline\":\"h\"}",
    "{\"text\":\"x\",\"headline\":\"h\",\"title\":\"t\"}",
    "{\"text\":\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t end\"}",
    "{\"text\":\"\\u0041\\u00e9\\u0627\\u20ac\\uFFFD\"}",
    "{\"text\":\"pair \\ud83d\\ude00 ok\"}",
    "{\"text\":\"lone \\ud83d here\"}",
    "{\"text\":\"low \\ude00 first\"}",
    "{\"text\":\"nul \\u0000 inside\"}",
    "{\"text\":\"bad \\x escape\"}",
    "{\"text\":\"short \\u12\"}",
    "{\"text\":\"raw\ttab\"}",
    "{\"te\\u0078t\":\"escaped key\"}",
    "{\"text\":\"x\",\"source\":{\"id\":null,\"name\":\"Reuters\"}}",
    "{\"text\":\"x\",\"source\":{\"name\":\"R\\u00e9\",\"name\":\"second\"}}",
    "{\"text\":\"x\",\"source\":{\"name\":7}}",
    "{\"text\":\"x\",\"source\":{}}",
    "{\"text\":{\"name\":\"text from an object\"}}",
    "{\"text\":\"x\",\"published\":20220106}",
    "{\"text\":\"x\",\"language\":[\"en\"]}",
    "{\"text\":\"x\",\"lang\":\"EN-gb\",\"byline\":true,\"url\":false}",
    "{\"text\":\"x\",\"n\":[1,-0,0.5,-1.25e+3,2E-2,1e9,[],{},[[{\"a\":[null]}]]]}",
    "{\"text\":\"x\",\"n\":01}",
    "{\"text\":\"x\",\"n\":1.}",
    "{\"text\":\"x\",\"n\":.5}",
    "{\"text\":\"x\",\"n\":+1}",
    "{\"text\":\"x\",\"n\":1e}",
    "{\"text\":\"x\",\"n\":123456789012345678901234567890123456789012345678901234567890123456789}",
    "{\"text\":\"x\",\"n\":-}",
    "{\"text\":\"x\",\"n\":tru}",
    "{\"text\":\"x\",\"n\":nul}",
    "{\"text\":\"x\",}",
    "{\"text\":\"x\"",
    "{\"text\":\"x\"} trailing",
    "{\"text\":\"x\"}{}",
    "[{\"text\":\"x\"}]",
    "\"text\"",
    "{\"text\" \"x\"}",
    "{text:\"x\"}",
    "{\"text\":\"x\",\"a\":[1,2,]}",
    "{\"text\":\"x\",\"a\":[1 2]}",
    "\xEF\xBB\xBF{\"text\":\"bom in the middle of a file\"}",
    "\f{\"text\":\"form feed before\"}",
    "{\"text\":\"x\"}\x0b",
    "{\"text\":\"Arabic \xd9\x82\xd8\xaa\xd9\x84 13\",\"dateline\":\"\xd8\xa3\xd9\x84\xd9\x85\xd8\xa7\xd8\xa2\xd8\xaa\xd9\x8a\"}",
    "{\"text\":\"x\",\"title\":\"  spaced   out \\n title \"}",
    "{\"text\":\"x\",\"title\":\"\"}",
    "{}",
    "{\"text\":\"x\",\"published\":\"2022-01-06\",\"date\":\"2021-01-01\",\"url\":\"https:\\/\\/a.b\\/c\"}",
};

START_TEST(edge_records_read_the_same)
{
    rk_buf all = RK_BUF_INIT;
    size_t n = sizeof k_records / sizeof *k_records;
    for (size_t i = 0; i < n; i++) {
        char what[64];
        snprintf(what, sizeof what, "record %zu", i);
        same(k_records[i], strlen(k_records[i]), what);
        rk_buf_puts(&all, k_records[i]);
        rk_buf_putc(&all, '\n');
    }
    same(all.data, all.len, "all records in one file");
    rk_buf_free(&all);
}
END_TEST

/* Deep nesting inside an ignored member: given up on past the scanner's
 * depth, still read the same. */
START_TEST(deep_nesting_reads_the_same)
{
    for (size_t depth = 1; depth <= 600; depth = depth * 2 + 1) {
        rk_buf b = RK_BUF_INIT;
        rk_buf_puts(&b, "{\"text\":\"deep\",\"x\":");
        for (size_t i = 0; i < depth; i++)
            rk_buf_puts(&b, i % 2 ? "{\"k\":" : "[");
        rk_buf_puts(&b, "1");
        for (size_t i = depth; i-- > 0;)
            rk_buf_puts(&b, i % 2 ? "}" : "]");
        rk_buf_puts(&b, "}");
        char what[64];
        snprintf(what, sizeof what, "depth %zu", depth);
        same(b.data, b.len, what);
        rk_buf_free(&b);
    }
}
END_TEST

/* Every line of a file, as one record and the file as a whole. */
static void same_file(const char *path)
{
    char *raw = NULL;
    size_t len = 0;
    rk_error e;
    rk_error_clear(&e);
    if (rk_file_read(path, 0, &raw, &len, &e) != RK_OK)
        ck_abort_msg("%s: %s", path, e.message);
    same(raw, len, path);
    free(raw);
}

static size_t same_dir(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name), sl = strlen(suffix);
        if (de->d_name[0] == '.' || l < sl || strcmp(de->d_name + l - sl, suffix) != 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        same_file(path);
        n++;
    }
    closedir(d);
    return n;
}

START_TEST(fixtures_and_fuzz_corpora_read_the_same)
{
    const char *root = getenv("RK_SOURCE_ROOT");
    ck_assert_msg(root != NULL, "RK_SOURCE_ROOT is not set");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/fixtures/kazakhstan-2022", root);
    ck_assert_uint_ge(same_dir(dir, ".jsonl"), 1);
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/ingest_jsonl", root);
    ck_assert_uint_ge(same_dir(dir, ""), 1);
    snprintf(dir, sizeof dir, "%s/fuzz/corpus/ingest_json", root);
    ck_assert_uint_ge(same_dir(dir, ""), 1);
    /* RK_JSONSCAN_CORPUS: more directories (colon-separated), such as the
       inputs a fuzzing run collected in build-fuzz/fuzz-new/ingest_jsonl */
    const char *more = getenv("RK_JSONSCAN_CORPUS");
    while (more && *more) {
        size_t n = strcspn(more, ":");
        snprintf(dir, sizeof dir, "%.*s", (int)n, more);
        if (n)
            printf("%s: %zu files read the same\n", dir, same_dir(dir, ""));
        more += n + (more[n] == ':');
    }
}
END_TEST

/* The scanner itself: what it accepts and where it puts the values. */
START_TEST(the_scanner_takes_the_common_shapes)
{
    static const char *const keys[] = {"text", "title", "source"};
    ing_json_value v[3];
    const char *r = "{\"id\":7,\"text\":\"a\\nb\",\"tags\":[\"x\",{\"y\":null}],\"title\":null,"
                    "\"source\":{\"name\":\"S\"}}";
    ck_assert_int_eq(ing_json_scan(r, strlen(r), keys, 3, v), 1);
    ck_assert_int_eq(v[0].kind, ING_JSON_STRING);
    ck_assert_int_eq(v[0].escaped, 1);
    ck_assert_uint_eq(v[0].end - v[0].start, 4);
    ck_assert(memcmp(r + v[0].start, "a\\nb", 4) == 0);
    char out[8];
    ck_assert_uint_eq(ing_json_unescape(r + v[0].start, 4, out), 3);
    ck_assert(memcmp(out, "a\nb", 3) == 0);
    ck_assert_int_eq(v[1].kind, ING_JSON_NULL);
    ck_assert_int_eq(v[2].kind, ING_JSON_OBJECT);
    ck_assert(memcmp(r + v[2].start, "{\"name\":\"S\"}", v[2].end - v[2].start) == 0);
    /* long runs of plain bytes go through the eight-byte loop */
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "{\"text\":\"");
    for (int i = 0; i < 100; i++)
        rk_buf_puts(&b, "\xd9\x82\xd8\xaa\xd9\x84 abc ");
    rk_buf_puts(&b, "\"}");
    ck_assert_int_eq(ing_json_scan(b.data, b.len, keys, 3, v), 1);
    ck_assert_uint_eq(v[0].end - v[0].start, 1100);
    ck_assert_int_eq(v[1].kind, ING_JSON_ABSENT);
    /* Every byte value at every place of strings of 1 to 56 bytes, across
       the sixteen-byte blocks, the eight-byte words and the bytes after
       them: a quote (the string ends, garbage follows), a backslash (an
       invalid escape before "a") or a control byte is refused, any other
       byte is taken and the string keeps its length. */
    for (size_t len = 1; len <= 56; len++)
        for (size_t at = 0; at < len; at++)
            for (unsigned c = 0; c < 256; c++) {
                char s[80];
                memcpy(s, "{\"text\":\"", 9);
                memset(s + 9, 'a', len);
                s[9 + at] = (char)c;
                memcpy(s + 9 + len, "\"}", 2);
                int takes = c >= 0x20 && c != '"' && c != '\\';
                ck_assert_msg(ing_json_scan(s, 9 + len + 2, keys, 1, v) == takes,
                              "byte %u at %zu of %zu", c, at, len);
                if (takes)
                    ck_assert_uint_eq(v[0].end - v[0].start, len);
            }
    rk_buf_free(&b);
}
END_TEST

/* Escapes at every place of texts of 1 to 56 bytes and before and after
 * every other one, across the sixteen-byte blocks the scanner and the
 * decoder read and the bytes after the last whole block: each text is
 * decoded as cJSON decodes it, and on the fast path. */
START_TEST(escapes_at_every_place_decode_the_same)
{
    static const char *const esc[] = {"\\n", "\\\"", "\\\\", "\\/", "\\t",
                                      "\\u00e9", "\\u20ac", "\\u0041"};
    enum { N_ESC = sizeof esc / sizeof *esc };
    rk_buf b = RK_BUF_INIT;
    for (size_t len = 1; len <= 56; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t k = 0; k < N_ESC; k++) {
                /* one escape at `at`, and a second one 17 bytes on when
                   the text is long enough for it */
                rk_buf_reset(&b);
                rk_buf_puts(&b, "{\"text\":\"");
                for (size_t i = 0; i < len; i++) {
                    if (i == at || i == at + 17)
                        rk_buf_puts(&b, esc[(k + i) % N_ESC]);
                    else
                        rk_buf_putc(&b, (char)('a' + i % 26));
                }
                rk_buf_puts(&b, "\",\"title\":\"t\\u00e9\"}");
                char what[64];
                snprintf(what, sizeof what, "escape %zu at %zu of %zu", k, at, len);
                same(b.data, b.len, what);
                /* and the fast path is the one that read it */
                rk_document *d = calloc(1, sizeof *d);
                ck_assert_ptr_nonnull(d);
                ck_assert_msg(ing_json_fast_article(b.data, b.len, d) == 1, "%s", what);
                rk_document_free(d);
            }
    /* what the fast path decodes, beside a plain reference */
    const char *r = "{\"text\":\"0123456789abcde\\n0123456789abcdef\\u20ac.\"}";
    rk_document *d = calloc(1, sizeof *d);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(ing_json_fast_article(r, strlen(r), d), 1);
    ck_assert_str_eq(d->body, "0123456789abcde\n0123456789abcdef\xe2\x82\xac.");
    rk_document_free(d);
    rk_buf_free(&b);
}
END_TEST

/* The reader really takes the fast path for the common record (the
 * comparisons above would also pass if it always gave up), and leaves the
 * document untouched when it gives up. */
START_TEST(the_common_record_takes_the_fast_path)
{
    const char *r = "{\"id\":7,\"text\":\"a\\nb\",\"headline\":\"H\\u00e9\",\"title\":null,"
                    "\"source\":{\"id\":null,\"name\":\"Reuters\"},\"lang\":\"en\"}";
    rk_document *d = calloc(1, sizeof *d);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(ing_json_fast_article(r, strlen(r), d), 1);
    ck_assert_uint_eq(d->body_len, 3);
    ck_assert_str_eq(d->body, "a\nb");
    ck_assert_ptr_null(d->title.value); /* "title": null is picked before "headline" */
    ck_assert_str_eq(d->source.value, "Reuters");
    ck_assert_str_eq(d->language.value, "en");
    rk_document_free(d);
    static const char *const slow[] = {
        "{\"text\":\"x\",\"title\":7}", "{\"text\":\"\"}", "{\"te\\u0078t\":\"x\"}",
        "{\"text\":\"x\",\"source\":{\"name\":[]}}", "{\"text\":\"\\ud83d\\ude00\"}",
    };
    for (size_t i = 0; i < sizeof slow / sizeof *slow; i++) {
        d = calloc(1, sizeof *d);
        ck_assert_ptr_nonnull(d);
        ck_assert_msg(ing_json_fast_article(slow[i], strlen(slow[i]), d) == 0, "%s", slow[i]);
        ck_assert_ptr_null(d->body);
        ck_assert_ptr_null(d->source.value);
        rk_document_free(d);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ingest jsonscan");
    TCase *tc = tcase_create("jsonscan");
    tcase_add_test(tc, the_scanner_takes_the_common_shapes);
    tcase_add_test(tc, the_common_record_takes_the_fast_path);
    tcase_add_test(tc, escapes_at_every_place_decode_the_same);
    tcase_add_test(tc, edge_records_read_the_same);
    tcase_add_test(tc, deep_nesting_reads_the_same);
    tcase_add_test(tc, fixtures_and_fuzz_corpora_read_the_same);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
