/* test_jsonw.c - the streaming JSON writer of the json and jsonl reports:
 * strings come out byte for byte as cJSON prints them, numbers as
 * rk_format_number() writes them, whatever the buffer boundaries, and a
 * failed write is reported. */
#include <check.h>
#include <cjson/cJSON.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rk_internal.h"
#include "report/jsonw.h"
#include "report/render.h"

/* What the writer writes for one call of fn, as a NUL-terminated string. */
typedef void (*write_fn)(rkj_writer *w, const void *arg);

static char *written(write_fn fn, const void *arg)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    ck_assert_ptr_nonnull(f);
    rkj_writer *w = malloc(sizeof *w);
    ck_assert_ptr_nonnull(w);
    rkj_init(w, f);
    fn(w, arg);
    ck_assert_int_eq(rkj_end(w, NULL), RK_OK);
    free(w);
    fclose(f);
    return s;
}

typedef struct slice {
    const char *p;
    size_t n;
} slice;

static void write_slice(rkj_writer *w, const void *arg)
{
    const slice *s = arg;
    rkj_slice(w, s->p, s->n);
}

/* cJSON's own printing of the C string s: the reference. */
static char *cjson_string(const char *s)
{
    cJSON *o = cJSON_CreateString(s);
    ck_assert_ptr_nonnull(o);
    char *out = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    ck_assert_ptr_nonnull(out);
    return out;
}

/* The same through rkj_put_slice(), in room of exactly what it may take. */
static void write_put_slice(rkj_writer *w, const void *arg)
{
    const slice *s = arg;
    char *o = rkj_reserve(w, RKJ_SLICE_MAX(s->n));
    if (!o) { /* more than the buffer: the checked call */
        rkj_slice(w, s->p, s->n);
        return;
    }
    rkj_commit(w, rkj_put_slice(o, s->p, s->n));
    ck_assert_uint_le(w->n, RKJ_BUF);
}

static void assert_like_cjson(const char *p, size_t n)
{
    slice sl = {p, n};
    char *put = written(write_put_slice, &sl);
    char *got = written(write_slice, &sl);
    ck_assert_str_eq(put, got);
    free(put);
    char *c = malloc(n + 1);
    ck_assert_ptr_nonnull(c);
    memcpy(c, p, n);
    c[n] = '\0';
    char *want = cjson_string(c);
    ck_assert_str_eq(got, want);
    cJSON_free(want);
    free(c);
    free(got);
}

START_TEST(every_byte_is_escaped_as_cjson_escapes_it)
{
    /* At every place of strings of every length up to two 16-byte blocks
     * and the bytes after them, as strings are scanned in blocks of sixteen,
     * eight or four bytes that may overlap. */
    const char base[] = "abcdefghij/lmnopqrstuvwxyz0123456789ABCDEFG";
    for (size_t len = 1; len < sizeof base; len++) {
        for (int b = 1; b < 256; b++) {
            for (size_t at = 0; at < len; at++) {
                char *s = malloc(len); /* exactly: ASan sees any read past it */
                ck_assert_ptr_nonnull(s);
                memcpy(s, base, len);
                s[at] = (char)b;
                assert_like_cjson(s, len);
                free(s);
            }
        }
    }
}
END_TEST

START_TEST(random_strings_with_utf8_and_controls_print_as_cjson_prints_them)
{
    /* Pieces a text can hold: ASCII, controls, quotes, Arabic, a non-BMP
     * character, DEL, and a stray continuation byte. */
    static const char *const pieces[] = {"x", "7", "\t", "\n", "\r", "\x01", "\x1f", "\"",
                                         "\\", "/", "\xd8\xb9", "\xf0\x9f\x98\x80",
                                         "\x7f", "\x80", " ", "\b", "\f"};
    srand(6);
    char s[256];
    for (int round = 0; round < 2000; round++) {
        size_t n = 0, k = (size_t)(rand() % 40);
        for (size_t i = 0; i < k; i++) {
            const char *piece = pieces[rand() % (int)(sizeof pieces / sizeof *pieces)];
            memcpy(s + n, piece, strlen(piece));
            n += strlen(piece);
        }
        assert_like_cjson(s, n);
    }
}
END_TEST

START_TEST(strings_longer_than_the_buffer_stay_whole)
{
    size_t n = 3 * RKJ_BUF + 17;
    char *s = malloc(n);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        s[i] = i % 97 == 0 ? '\n' : i % 89 == 0 ? '\x02' : (char)('a' + i % 26);
    assert_like_cjson(s, n);
    free(s);
}
END_TEST

START_TEST(a_nul_ends_the_string_as_it_did_in_cjson)
{
    slice sl = {"ab\0cd", 5};
    char *got = written(write_slice, &sl);
    ck_assert_str_eq(got, "\"ab\"");
    free(got);
}
END_TEST

static void write_null_str(rkj_writer *w, const void *arg)
{
    rkj_str(w, NULL);
    rkj_lit(w, ",");
    rkj_str(w, "");
    rkj_lit(w, ",");
    rkj_bool(w, 1);
    rkj_lit(w, ",");
    rkj_bool(w, 0);
}

typedef struct filled_str {
    size_t fill;     /* bytes written before the string */
    const char *s;
} filled_str;

static void write_filled_str(rkj_writer *w, const void *arg)
{
    const filled_str *x = arg;
    for (size_t i = 0; i < x->fill; i++)
        rkj_lit(w, "-");
    rkj_str(w, x->s);
}

/* rkj_str copies short plain strings in one pass: every length around its
 * limit, with a byte to escape at every place or none, and with the buffer
 * nearly full, prints as cJSON prints the string. */
START_TEST(strings_of_every_length_print_as_cjson_prints_them)
{
    static const char specials[] = {'"', '\\', '\n', '\x01', '\x1f'};
    static const size_t fills[] = {0, RKJ_BUF - 70, RKJ_BUF - 3, RKJ_BUF - 1};
    char s[100];
    for (size_t len = 0; len < 80; len++) {
        for (size_t at = 0; at <= len; at++) { /* at == len: nothing to escape */
            for (size_t sp = 0; sp < sizeof specials; sp++) {
                if (at == len && sp > 0)
                    break;
                for (size_t i = 0; i < len; i++)
                    s[i] = (char)('a' + i % 26);
                if (at < len)
                    s[at] = specials[sp];
                s[len] = '\0';
                char *want = cjson_string(s);
                for (size_t f = 0; f < sizeof fills / sizeof *fills; f++) {
                    filled_str x = {fills[f], s};
                    char *got = written(write_filled_str, &x);
                    ck_assert_uint_eq(strspn(got, "-"), fills[f]);
                    ck_assert_msg(strcmp(got + fills[f], want) == 0, "length %zu, escape at %zu",
                                  len, at);
                    free(got);
                }
                cJSON_free(want);
            }
        }
    }
}
END_TEST

START_TEST(a_missing_string_is_null_and_an_empty_one_is_quoted)
{
    char *got = written(write_null_str, NULL);
    ck_assert_str_eq(got, "null,\"\",true,false");
    free(got);
}
END_TEST

typedef struct num {
    double v;
    int has;
} num;

static void write_num(rkj_writer *w, const void *arg)
{
    const num *x = arg;
    rkj_num(w, x->v, x->has);
}

static void assert_number(double v)
{
    char want[40];
    rk_format_number(v, want, sizeof want);
    num x = {v, 1};
    char *got = written(write_num, &x);
    ck_assert_msg(strcmp(got, want) == 0, "%.17g: got %s, want %s", v, got, want);
    free(got);
}

START_TEST(numbers_print_as_rk_format_number_prints_them)
{
    const double two53 = 9007199254740992.0;
    const double fixed[] = {0.0, -0.0, 1, -1, 9, 10, -10, 12345, two53 - 1, -(two53 - 1),
                            two53, -two53, two53 + 2, 1e21, 1e300, -1e300, 0.1, 1.5, -2.25,
                            1e-7, 123456.789, 0.3, 2.0 / 3, DBL_MAX, DBL_MIN, 4.9e-324};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        assert_number(fixed[i]);
    srand(53);
    for (int i = 0; i < 3000; i++) {
        /* Whole numbers of every width, and doubles of random bits. */
        double whole = ldexp((double)rand(), rand() % 40) * (rand() % 2 ? 1 : -1);
        assert_number(floor(whole));
        uint64_t bits = ((uint64_t)rand() << 40) ^ ((uint64_t)rand() << 20) ^ (uint64_t)rand();
        double v;
        memcpy(&v, &bits, sizeof v);
        if (isfinite(v))
            assert_number(v);
    }
}
END_TEST

START_TEST(missing_and_infinite_numbers_are_null)
{
    const num cases[] = {{1, 0}, {NAN, 1}, {INFINITY, 1}, {-INFINITY, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = written(write_num, &cases[i]);
        ck_assert_str_eq(got, "null");
        free(got);
    }
}
END_TEST

static void write_size(rkj_writer *w, const void *arg)
{
    rkj_size(w, *(const size_t *)arg);
}

START_TEST(sizes_print_in_decimal)
{
    const size_t cases[] = {0, 1, 9, 10, 99, 100, 101, 1009, 65535, 123456, 4294967296u, SIZE_MAX};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char want[32];
        snprintf(want, sizeof want, "%zu", cases[i]);
        char *got = written(write_size, &cases[i]);
        ck_assert_str_eq(got, want);
        free(got);
    }
}
END_TEST

/* The values of the integer tests: every one below 20,000 (the digits
 * written without a call), and around every power of ten up to 2^64. */
static size_t n_values(void)
{
    return 20000 + 20 * 3 + 1;
}

static uint64_t value_at(size_t i)
{
    if (i < 20000)
        return i;
    i -= 20000;
    if (i == 60)
        return UINT64_MAX;
    uint64_t p = 1;
    for (size_t k = 0; k < i / 3; k++)
        p *= 10;
    return p * 10 - 1 + i % 3; /* 10^(k+1) - 1, 10^(k+1), 10^(k+1) + 1 */
}

static void write_spans(rkj_writer *w, const void *arg)
{
    (void)arg;
    for (size_t i = 0; i < n_values(); i++) {
        size_t a = (size_t)value_at(i), b = (size_t)value_at(n_values() - 1 - i);
        rkj_span(w, a, b);
        rkj_size(w, a);
        rkj_lit(w, " ");
        rkj_num(w, (double)(a % 100000), 1);
        rkj_num(w, -(double)(b % 100000), 1);
        rkj_lit(w, "\n");
    }
}

/* Spans, sizes and whole numbers come out as printf prints them, at every
 * offset in the buffer (the output runs over it many times). */
START_TEST(spans_and_integers_print_as_printf_prints_them)
{
    char *got = written(write_spans, NULL);
    char *want = NULL;
    size_t want_len = 0;
    FILE *f = open_memstream(&want, &want_len);
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < n_values(); i++) {
        size_t a = (size_t)value_at(i), b = (size_t)value_at(n_values() - 1 - i);
        fprintf(f, "[%zu,%zu]%zu %zu-%zu\n", a, b, a, a % 100000, b % 100000);
    }
    fclose(f);
    /* -0 is 0 */
    for (char *z = strstr(want, "-0\n"); z; z = strstr(z + 1, "-0\n"))
        memmove(z, z + 1, strlen(z + 1) + 1);
    ck_assert_uint_gt(strlen(want), 2 * RKJ_BUF);
    const char *g = got, *e = want;
    while (*g && *g == *e)
        g++, e++;
    ck_assert_msg(*g == *e, "differs at byte %zu: %.40s", (size_t)(g - got), g);
    free(want);
    free(got);
}
END_TEST

START_TEST(a_failed_write_is_an_io_error)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        return; /* no /dev/full here: nothing to pin */
    /* Unbuffered, so the failure shows at the writer's flush, not later at
     * fclose() as it would through stdio's own buffer. */
    setvbuf(f, NULL, _IONBF, 0);
    rkj_writer *w = malloc(sizeof *w);
    ck_assert_ptr_nonnull(w);
    rkj_init(w, f);
    rkj_str(w, "lost");
    rk_error err;
    rk_error_clear(&err);
    ck_assert_int_eq(rkj_end(w, &err), RK_ERR_IO);
    ck_assert_int_eq(err.code, RK_ERR_IO);
    free(w);
    fclose(f);
}
END_TEST


/* ---- claim lines: the fast path against the general one ---------------- */

/* Pieces of the random strings and bodies: every escape class, NUL, UTF-8
 * of two and four bytes, a stray continuation byte, DEL. */
static const char *const claim_pieces[] = {"a", "Z", "7", " ", "\t", "\n", "\r", "\b", "\f",
                                           "\x01", "\x1f", "\"", "\\", "/", "\x7f", "\x80",
                                           "\xd8\xb9", "\xf0\x9f\x98\x80", "plain words "};

/* A random string of up to max pieces into buf (room for 12 * max + 1),
 * with a NUL at times. */
static size_t random_bytes(char *buf, size_t max, int nul)
{
    size_t n = 0, k = (size_t)rand() % (max + 1);
    for (size_t i = 0; i < k; i++) {
        if (nul && rand() % 50 == 0) {
            buf[n++] = '\0';
            continue;
        }
        const char *p = claim_pieces[rand() % (int)(sizeof claim_pieces / sizeof *claim_pieces)];
        memcpy(buf + n, p, strlen(p));
        n += strlen(p);
    }
    buf[n] = '\0';
    return n;
}

/* A random C string (no NUL inside), or NULL one time in four. */
static char *random_str(void)
{
    if (rand() % 4 == 0)
        return NULL;
    char buf[12 * 24 + 1];
    size_t n = random_bytes(buf, rand() % 8 == 0 ? 24 : 4, 0);
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, buf, n + 1);
    return s;
}

static double random_number(void)
{
    switch (rand() % 6) {
    case 0: return NAN;
    case 1: return (double)(rand() % 20000);
    case 2: return -(double)rand();
    case 3: return ldexp((double)rand(), rand() % 60);
    case 4: return (double)rand() / 7.0;
    default: return 1e300 * (rand() % 3 - 1);
    }
}

static void random_span(size_t len, size_t *a, size_t *b)
{
    *a = (size_t)rand() % (len + 1);
    *b = *a + (size_t)rand() % (len - *a + 1);
}

/* Writes claim i of rep at a buffer that holds RKJ_BUF - room bytes
 * already, through the fast path or the general one, and returns all that
 * reached the file. */
static char *claim_written(const rk_report *rep, size_t i, int lines, const rkr_doc_run *run,
                           size_t room, int general)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    ck_assert_ptr_nonnull(f);
    rkj_writer *w = malloc(sizeof *w); /* exactly: ASan sees any write past buf */
    ck_assert_ptr_nonnull(w);
    rkj_init(w, f);
    memset(w->buf, '.', RKJ_BUF - room);
    w->n = RKJ_BUF - room;
    if (general)
        rkr_json_claim_general(w, rep, i, lines, run);
    else
        rkr_json_claim(w, rep, i, lines, run);
    ck_assert_msg(w->n <= RKJ_BUF, "claim %zu ran %zu bytes past the buffer", i,
                  w->n - RKJ_BUF);
    ck_assert_int_eq(rkj_end(w, NULL), RK_OK);
    free(w);
    fclose(f);
    return s;
}

/* Two documents of random bodies (now and then long enough that a sentence
 * does not fit the writer's buffer) and ids; with same, the second now and
 * then holds the first's bytes at another place. */
static void random_docs(rk_document *docs[2], int same)
{
    for (int k = 0; k < 2; k++) {
        docs[k] = calloc(1, sizeof *docs[k]);
        ck_assert_ptr_nonnull(docs[k]);
        size_t max = rand() % 4 == 0 ? 400 : 40;
        char *body;
        if (same && k == 1 && rand() % 3 == 0) {
            body = malloc(docs[0]->body_len + 1);
            ck_assert_ptr_nonnull(body);
            memcpy(body, docs[0]->body, docs[0]->body_len + 1);
            docs[1]->body_len = docs[0]->body_len;
        } else {
            body = malloc(12 * max + 1);
            ck_assert_ptr_nonnull(body);
            docs[k]->body_len = random_bytes(body, max, 1);
        }
        docs[k]->body = body;
        docs[k]->id = random_str();
    }
}

static void free_docs(rk_document *docs[2])
{
    for (int k = 0; k < 2; k++) {
        free(docs[k]->id);
        free(docs[k]->body);
        free(docs[k]);
    }
}

/* Random claims over random bodies: whatever their strings, numbers and
 * enums, and wherever in the buffer they start, the fast path writes what
 * the general one writes, and never more than the room it took. The
 * bodies are long enough now and then that a sentence does not fit the
 * buffer and the fast path hands the claim on. */
START_TEST(claim_lines_are_written_as_the_general_path_writes_them)
{
    srand(19);
    for (int round = 0; round < 40; round++) {
        rk_claimset set;
        memset(&set, 0, sizeof set);
        rk_document *docs[2];
        random_docs(docs, 0);
        set.docs.docs = docs;
        set.docs.n = set.docs.cap = 2;
        set.n = 50;
        set.claims = calloc(set.n, sizeof *set.claims);
        ck_assert_ptr_nonnull(set.claims);
        for (size_t i = 0; i < set.n; i++) {
            rk_claim *c = &set.claims[i];
            c->document = i * 2 / set.n;
            random_span(docs[c->document]->body_len, &c->start, &c->end);
            random_span(docs[c->document]->body_len, &c->sentence_start, &c->sentence_end);
            c->id = random_str();
            c->speaker = random_str();
            c->via = random_str();
            c->status_by = random_str();
            c->as_of = random_str();
            c->as_of_from = random_str();
            c->unit = random_str();
            c->quantity = random_str();
            c->subject = random_str();
            c->scope = random_str();
            c->rule = random_str();
            c->originator = random_str();
            c->originator_kind = random_str();
            c->low = random_number();
            c->high = random_number();
            c->has_low = (uint8_t)(rand() % 4 != 0);
            c->has_high = (uint8_t)(rand() % 4 != 0);
            c->exactness = (uint8_t)(rand() % 10); /* one past the table */
            c->kind = (uint8_t)(rand() % 14);
            c->status = (uint8_t)(rand() % 4);
            c->hedged = (uint8_t)(rand() % 2);
            c->increment = (uint8_t)(rand() % 2);
            c->earlier = (uint8_t)(rand() % 2);
        }
        rk_report rep;
        memset(&rep, 0, sizeof rep);
        rep.set = &set;
        for (size_t i = 0; i < set.n; i++) {
            rk_claim *c = &set.claims[i];
            rkr_doc_run run;
            rkr_doc_run_make(&run, docs[c->document]);
            for (int lines = 0; lines < 2; lines++) {
                const rkr_doc_run *r = rand() % 2 ? &run : NULL;
                char *alone = claim_written(&rep, i, lines, r, RKJ_BUF, 1);
                size_t len = strlen(alone);
                /* an empty buffer, one that holds the line exactly, one
                 * byte short of it, and anywhere */
                const size_t rooms[] = {RKJ_BUF, len, len - 1, (size_t)rand() % RKJ_BUF};
                for (size_t k = 0; k < sizeof rooms / sizeof *rooms; k++) {
                    char *want = claim_written(&rep, i, lines, r, rooms[k], 1);
                    char *got = claim_written(&rep, i, lines, r, rooms[k], 0);
                    ck_assert_msg(strcmp(got, want) == 0, "claim %zu, room %zu:\n%s\n%s", i,
                                  rooms[k], got + RKJ_BUF - rooms[k],
                                  want + RKJ_BUF - rooms[k]);
                    free(want);
                    free(got);
                }
                free(alone);
            }
        }
        for (size_t i = 0; i < set.n; i++) {
            rk_claim *c = &set.claims[i];
            char *owned[] = {c->id, c->speaker, c->via, c->status_by, c->as_of, c->as_of_from};
            const char *shared[] = {c->unit, c->quantity, c->subject, c->scope, c->rule,
                                    c->originator, c->originator_kind};
            for (size_t k = 0; k < sizeof owned / sizeof *owned; k++)
                free(owned[k]);
            for (size_t k = 0; k < sizeof shared / sizeof *shared; k++)
                free((char *)shared[k]);
        }
        free(set.claims);
        free_docs(docs);
    }
}
END_TEST

/* Claims of one sentence one after the other, as a document's claims come:
 * the fast path copies the sentence's run from the claim before
 * (rkj_writer.kept) while it is still in the buffer. Written in a row
 * through one writer, between random fillers that flush the buffer now
 * and then, the lines are those the general path writes; the spans share
 * their starts or their ends, and the two bodies can be the same bytes. */
START_TEST(claims_of_one_sentence_are_written_as_the_general_path_writes_them)
{
    srand(23);
    for (int round = 0; round < 60; round++) {
        rk_claimset set;
        memset(&set, 0, sizeof set);
        rk_document *docs[2];
        random_docs(docs, 1);
        set.docs.docs = docs;
        set.docs.n = set.docs.cap = 2;
        set.n = 60;
        set.claims = calloc(set.n, sizeof *set.claims);
        ck_assert_ptr_nonnull(set.claims);
        for (size_t i = 0; i < set.n; i++) {
            rk_claim *c = &set.claims[i];
            /* both documents, back and forth at times */
            c->document = rand() % 8 == 0 ? (size_t)rand() % 2 : i * 2 / set.n;
            size_t len = docs[c->document]->body_len;
            random_span(len, &c->start, &c->end);
            if (i > 0 && rand() % 4 != 0) {
                /* the sentence before, or one that shares an end with it */
                const rk_claim *p = &set.claims[i - 1];
                c->sentence_start = p->sentence_start <= len ? p->sentence_start : 0;
                c->sentence_end = p->sentence_end <= len ? p->sentence_end : len;
                if (c->sentence_end < c->sentence_start)
                    c->sentence_end = c->sentence_start;
                if (rand() % 4 == 0 && c->sentence_end < len)
                    c->sentence_end++;
                else if (rand() % 4 == 0 && c->sentence_start > 0)
                    c->sentence_start--;
            } else {
                random_span(len, &c->sentence_start, &c->sentence_end);
            }
            c->id = random_str();
            c->rule = random_str();
            c->low = random_number();
            c->has_low = (uint8_t)(rand() % 4 != 0);
            c->kind = (uint8_t)(rand() % 13);
        }
        rk_report rep;
        memset(&rep, 0, sizeof rep);
        rep.set = &set;
        char *out[2] = {NULL, NULL};
        size_t out_n[2];
        for (int general = 0; general < 2; general++) {
            unsigned seed = (unsigned)round;
            FILE *f = open_memstream(&out[general], &out_n[general]);
            ck_assert_ptr_nonnull(f);
            rkj_writer *w = malloc(sizeof *w);
            ck_assert_ptr_nonnull(w);
            rkj_init(w, f);
            for (size_t i = 0; i < set.n; i++) {
                rkr_doc_run run;
                rkr_doc_run_make(&run, docs[set.claims[i].document]);
                if (rand_r(&seed) % 3 == 0) {
                    /* a filler: a few bytes, or enough to fill the buffer */
                    static char filler[RKJ_BUF];
                    memset(filler, '-', sizeof filler);
                    size_t n = rand_r(&seed) % 2 ? (size_t)rand_r(&seed) % 64
                                                  : (size_t)rand_r(&seed) % RKJ_BUF;
                    rkj_mem(w, filler, n);
                }
                if (general)
                    rkr_json_claim_general(w, &rep, i, 1, &run);
                else
                    rkr_json_claim(w, &rep, i, 1, &run);
                rkj_lit(w, "\n");
            }
            ck_assert_int_eq(rkj_end(w, NULL), RK_OK);
            free(w);
            fclose(f);
        }
        ck_assert_uint_eq(out_n[0], out_n[1]);
        if (memcmp(out[0], out[1], out_n[0]) != 0)
            ck_abort_msg("round %d: the claims differ from the general path's", round);
        free(out[0]);
        free(out[1]);
        for (size_t i = 0; i < set.n; i++) {
            free(set.claims[i].id);
            free((char *)set.claims[i].rule);
        }
        free(set.claims);
        free_docs(docs);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("jsonw");
    TCase *t = tcase_create("writer");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, every_byte_is_escaped_as_cjson_escapes_it);
    tcase_add_test(t, random_strings_with_utf8_and_controls_print_as_cjson_prints_them);
    tcase_add_test(t, strings_longer_than_the_buffer_stay_whole);
    tcase_add_test(t, a_nul_ends_the_string_as_it_did_in_cjson);
    tcase_add_test(t, a_missing_string_is_null_and_an_empty_one_is_quoted);
    tcase_add_test(t, strings_of_every_length_print_as_cjson_prints_them);
    tcase_add_test(t, numbers_print_as_rk_format_number_prints_them);
    tcase_add_test(t, missing_and_infinite_numbers_are_null);
    tcase_add_test(t, sizes_print_in_decimal);
    tcase_add_test(t, spans_and_integers_print_as_printf_prints_them);
    tcase_add_test(t, a_failed_write_is_an_io_error);
    tcase_add_test(t, claim_lines_are_written_as_the_general_path_writes_them);
    tcase_add_test(t, claims_of_one_sentence_are_written_as_the_general_path_writes_them);
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
