/* test_core.c - the core helpers: errors, buffers, UTF-8, atomic output. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <check.h>
#include <dirent.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/out.h"
#include "core/scratch.h"
#include "core/utf8.h"

START_TEST(error_formats_path_line_col)
{
    rk_error e;
    char buf[256];
    rk_error_set(&e, RK_ERR_PARSE, "a.json", 3, 7, "unexpected %s", "'}'");
    ck_assert_str_eq(rk_error_format(&e, buf, sizeof buf), "a.json:3:7: unexpected '}'");
    rk_error_set(&e, RK_ERR_RULES, "r.xml", 12, 0, "bad");
    ck_assert_str_eq(rk_error_format(&e, buf, sizeof buf), "r.xml:12: bad");
    rk_error_set(&e, RK_ERR_IO, "x", 0, 0, "missing");
    ck_assert_str_eq(rk_error_format(&e, buf, sizeof buf), "x: missing");
    ck_assert_str_eq(rk_status_name(RK_ERR_UTF8), "utf8");
}
END_TEST

START_TEST(buf_grows_and_detaches)
{
    rk_buf b = RK_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(rk_buf_printf(&b, "%d,", i), 0);
    ck_assert_uint_eq(b.len, strlen(b.data));
    ck_assert(strncmp(b.data, "0,1,2,", 6) == 0);
    size_t len;
    char *s = rk_buf_detach(&b, &len);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(len, strlen(s));
    free(s);
    rk_buf empty = RK_BUF_INIT;
    s = rk_buf_detach(&empty, &len);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

/* rk_fmt_u64 writes what printf's %0*llu writes (width capped at 20), in
 * 21 bytes at most: values at every power-of-ten edge, random ones, and the
 * widths around their length. */
static void assert_fmt_u64(uint64_t v, int width)
{
    char want[64];
    int wn = snprintf(want, sizeof want, "%0*llu", width > 20 ? 20 : width, (unsigned long long)v);
    char *out = malloc(21); /* exactly the room the contract names */
    ck_assert_ptr_nonnull(out);
    size_t n = rk_fmt_u64(v, width, out);
    ck_assert_msg(n == (size_t)wn && strcmp(out, want) == 0, "%llu width %d: got %s, want %s",
                  (unsigned long long)v, width, out, want);
    free(out);
}

START_TEST(u64_digits_are_printf_digits)
{
    uint64_t p = 1;
    for (int k = 0; k < 20; k++, p *= 10)
        for (int d = -2; d <= 2; d++)
            for (int width = -1; width <= 22; width++)
                if ((int64_t)p + d >= 0 || k > 0)
                    assert_fmt_u64(p + (uint64_t)(int64_t)d, width);
    assert_fmt_u64(UINT64_MAX, 0);
    assert_fmt_u64(UINT64_MAX, 25);
    srand(64);
    for (int i = 0; i < 20000; i++) {
        uint64_t v = ((uint64_t)rand() << 42) ^ ((uint64_t)rand() << 21) ^ (uint64_t)rand();
        assert_fmt_u64(v >> (rand() % 64), rand() % 8);
    }
    rk_buf b = RK_BUF_INIT;
    ck_assert_int_eq(rk_buf_putu(&b, 7, 4), 0);
    ck_assert_int_eq(rk_buf_putu(&b, 2022, 2), 0);
    ck_assert_int_eq(rk_buf_puts(&b, ""), 0);
    ck_assert_str_eq(b.data, "00072022");
    rk_buf_free(&b);
}
END_TEST

START_TEST(array_grow_doubles_and_keeps_items)
{
    int *v = NULL;
    size_t cap = 0, n = 0;
    for (int i = 0; i < 1000; i++) {
        int *w = rk_array_grow(v, &cap, n, sizeof *w, 4);
        ck_assert_ptr_nonnull(w);
        v = w;
        ck_assert_uint_gt(cap, n);
        v[n++] = i;
    }
    ck_assert_uint_eq(cap, 1024); /* 4, 8, ..., 1024 */
    for (int i = 0; i < 1000; i++)
        ck_assert_int_eq(v[i], i);
    /* With room left, the same array comes back untouched. */
    ck_assert_ptr_eq(rk_array_grow(v, &cap, n, sizeof *v, 4), v);
    size_t huge = 0;
    ck_assert_ptr_null(rk_array_grow(NULL, &huge, SIZE_MAX / 2, 8, 4));
    ck_assert_uint_eq(huge, 0);
    free(v);
}
END_TEST

START_TEST(utf8_validation_reports_first_bad_offset)
{
    size_t off = 99;
    ck_assert(rk_utf8_valid("abc \xd9\x85\xd9\x82", 8, &off));
    ck_assert(!rk_utf8_valid("abcdefghij\xff", 11, &off));
    ck_assert_uint_eq(off, 10);
    ck_assert(!rk_utf8_valid("\xc0\xaf", 2, &off)); /* overlong */
    ck_assert_uint_eq(off, 0);
    ck_assert(!rk_utf8_valid("ab\xed\xa0\x80", 5, &off)); /* surrogate */
    ck_assert_uint_eq(off, 2);
    ck_assert(!rk_utf8_valid("\xe2\x82", 2, &off)); /* truncated */
    size_t i = 0;
    ck_assert_uint_eq(rk_utf8_next("\xd9\xa5", 2, &i), 0x665);
    ck_assert_uint_eq(i, 2);
    char out[4];
    ck_assert_uint_eq(rk_utf8_put(0x665, out), 2);
    ck_assert(memcmp(out, "\xd9\xa5", 2) == 0);
    long line, col;
    rk_utf8_line_col("ab\n\xd9\x85x", 6, 5, &line, &col);
    ck_assert_int_eq(line, 2);
    ck_assert_int_eq(col, 2);
}
END_TEST

/* Table 3-7 of the Unicode standard, byte by byte: the length of the
 * well-formed sequence at s[0..n), or 0. */
static size_t ref_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
    return len;
}

static int ref_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = ref_seq(s + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

/* The fast paths of the checker (two- and three-byte characters skipped
 * without decoding) agree with the standard on every lead and second byte,
 * at the end of the input and before more text. */
START_TEST(utf8_validation_agrees_with_the_standard_table)
{
    static const unsigned char thirds[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                           0xA0, 0xBF, 0xC0, 0xD9, 0xFF};
    unsigned char buf[8] = {'a', 'b'};
    for (unsigned b0 = 0x80; b0 < 0x100; b0++)
        for (unsigned b1 = 0; b1 < 0x100; b1++)
            for (size_t t = 0; t < sizeof thirds; t++) {
                buf[2] = (unsigned char)b0, buf[3] = (unsigned char)b1, buf[4] = thirds[t];
                buf[5] = 0x80, buf[6] = 'z';
                for (size_t n = 3; n <= 7; n++)
                    ck_assert_msg(rk_utf8_valid((const char *)buf, n, NULL) == ref_valid(buf, n),
                                  "%02x %02x %02x, %zu bytes", b0, b1, thirds[t], n);
            }
}
END_TEST

/* The first byte where ref_seq() fails, or n. */
static size_t ref_first_bad(const unsigned char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n && (k = ref_seq(s + i, n - i)))
        i += k;
    return i;
}

static void assert_like_ref(const unsigned char *s, size_t n)
{
    size_t off = SIZE_MAX;
    int valid = rk_utf8_valid((const char *)s, n, &off);
    ck_assert_msg(valid == ref_valid(s, n), "validity of %zu bytes", n);
    if (!valid)
        ck_assert_uint_eq(off, ref_first_bad(s, n));
}

/* k pieces drawn at random into buf, from the first `valid` of pieces[0..n)
 * or, when broken, from all of them; returns the bytes written. */
static size_t random_pieces(unsigned char *buf, const char *const *pieces, size_t n,
                            size_t valid, int broken, size_t k)
{
    size_t len = 0;
    for (size_t i = 0; i < k; i++) {
        const char *p = pieces[rand() % (int)(broken ? n : valid)];
        memcpy(buf + len, p, strlen(p));
        len += strlen(p);
    }
    return len;
}

/* Text of ASCII and two-byte letters is checked sixteen bytes at a time:
 * long random mixes of valid and broken pieces, and one bad byte at every
 * place of two blocks of Arabic, agree with the standard table. */
START_TEST(utf8_blocks_of_two_byte_letters_agree_with_the_standard_table)
{
    static const char *const pieces[] = {
        "a", " ", "7", "\xd8\xb9", "\xd9\x85", "\xc2\x80", "\xdf\xbf", "\xe2\x80\x99",
        "\xf0\x9f\x98\x80", "\xc0\xaf", "\xc1", "\x80", "\xbf", "\xd8", "\xe0\x80\x80",
        "\xed\xa0\x80", "\xf5", "\xff"};
    unsigned char buf[512];
    srand(7);
    for (int round = 0; round < 20000; round++) {
        size_t k = (size_t)(rand() % 120);
        int broken = rand() % 4 == 0; /* most rounds valid, so the check runs far */
        assert_like_ref(buf, random_pieces(buf, pieces, sizeof pieces / sizeof *pieces, 9,
                                           broken, k));
    }
    static const unsigned char bad[] = {0x80, 0xbf, 0xc0, 0xc1, 0xd8, 0xe0, 0xf5, 0xff, 'a'};
    for (size_t at = 0; at < 48; at++)
        for (size_t b = 0; b < sizeof bad; b++) {
            size_t n = 0;
            while (n < 60) { /* "ع ع ع ..." */
                buf[n++] = 0xd8, buf[n++] = 0xb9, buf[n++] = ' ';
            }
            buf[at] = bad[b];
            assert_like_ref(buf, n);
            assert_like_ref(buf, at + 1); /* ending at the changed byte */
        }
}
END_TEST

/* The check of 32 bytes at a time agrees with the standard table: every
 * lead and second byte (with a third after them) in the last three places
 * of a block, ending the input there or going on into a block with a
 * continuation byte or into one all ASCII, after ASCII and after Arabic;
 * and long random mixes of valid and broken pieces, each checked with the
 * block path on and off. */
START_TEST(utf8_blocks_of_32_bytes_agree_with_the_standard_table)
{
    static const unsigned char thirds[] = {0x41, 0x80};
    static const size_t at[] = {29, 30, 31};
    unsigned char buf[128];
    for (int arabic = 0; arabic < 2; arabic++)
        for (size_t a = 0; a < sizeof at / sizeof *at; a++)
            for (unsigned b0 = 0x80; b0 < 0x100; b0++)
                for (unsigned b1 = 0; b1 < 0x100; b1++)
                    for (size_t t = 0; t < sizeof thirds; t++) {
                        size_t p = at[a];
                        for (size_t k = 0; k < sizeof buf; k++) /* "ع ع ..." or "abc..." */
                            buf[k] = arabic ? (unsigned char)(k % 3 == 0   ? 0xd8
                                                              : k % 3 == 1 ? 0xb9
                                                                           : ' ')
                                            : (unsigned char)('a' + k % 26);
                        if (arabic && p % 3 == 1) /* start at a character */
                            p++;
                        buf[p] = (unsigned char)b0, buf[p + 1] = (unsigned char)b1;
                        buf[p + 2] = thirds[t], buf[p + 3] = 0x80;
                        assert_like_ref(buf, p + 2);
                        assert_like_ref(buf, 96);
                        buf[p + 3] = 'a'; /* the next block all ASCII */
                        assert_like_ref(buf, 96);
                    }
    static const char *const pieces[] = {
        "a", " ", "7", "\xd8\xb9", "\xd9\x85", "\xc2\x80", "\xdf\xbf", "\xe2\x80\x99",
        "\xef\xbf\xbf", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xc0\xaf", "\xc1", "\x80",
        "\xbf", "\xd8", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5", "\xff",
        "\xe2\x80", "\xf0\x9f\x98"};
    unsigned char big[2048];
    srand(11);
    for (int round = 0; round < 5000; round++) {
        size_t k = (size_t)(rand() % 400);
        int broken = rand() % 3 == 0;
        size_t n = random_pieces(big, pieces, sizeof pieces / sizeof *pieces, 11, broken, k);
        assert_like_ref(big, n);
        int was = rk_utf8_set_simd(0);
        assert_like_ref(big, n);
        rk_utf8_set_simd(was);
    }
}
END_TEST

/* A new empty folder dir (a mkdtemp template) and path, file `name` in it. */
static void out_place(char *dir, const char *name, char *path, size_t n)
{
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, n, "%s/%s", dir, name);
}

START_TEST(out_commit_replaces_abort_keeps_previous)
{
    char dir[] = "/tmp/rk_out_XXXXXX", path[256];
    out_place(dir, "out.txt", path, sizeof path);
    rk_error e;
    ck_assert_int_eq(rk_file_write_atomic(path, "first", 5, &e), RK_OK);
    rk_out *o;
    ck_assert_int_eq(rk_out_open(path, &o, &e), RK_OK);
    fputs("second, half written", rk_out_file(o));
    rk_out_abort(o);
    char *data;
    size_t len;
    ck_assert_int_eq(rk_file_read(path, 0, &data, &len, &e), RK_OK);
    ck_assert_str_eq(data, "first");
    free(data);
    ck_assert_int_eq(rk_out_open(path, &o, &e), RK_OK);
    fputs("second", rk_out_file(o));
    ck_assert_int_eq(rk_out_commit(o, &e), RK_OK);
    ck_assert_int_eq(rk_file_read(path, 0, &data, &len, &e), RK_OK);
    ck_assert_str_eq(data, "second");
    free(data);
    unlink(path);
    rmdir(dir);
}
END_TEST

/* An output file, and a device written through, get a stdio buffer of
 * RK_OUT_BUFFER bytes (one system call per 256 KB of report, not per 4 KB),
 * and what goes through it arrives whole, in order. */
START_TEST(an_output_is_written_through_a_large_buffer)
{
    char dir[] = "/tmp/rk_out_XXXXXX", path[256];
    out_place(dir, "big.txt", path, sizeof path);
    rk_error e;
    rk_out *o;
    ck_assert_int_eq(rk_out_open(path, &o, &e), RK_OK);
    ck_assert_uint_eq(__fbufsize(rk_out_file(o)), RK_OUT_BUFFER);
    rk_buf want = RK_BUF_INIT;
    for (int i = 0; i < 100000; i++) { /* 1.1 MB in small writes */
        char line[32];
        int n = snprintf(line, sizeof line, "line %d\n", i);
        fwrite(line, 1, (size_t)n, rk_out_file(o));
        rk_buf_puts(&want, line);
    }
    ck_assert_int_eq(rk_out_commit(o, &e), RK_OK);
    char *data;
    size_t len;
    ck_assert_int_eq(rk_file_read(path, 0, &data, &len, &e), RK_OK);
    ck_assert_uint_eq(len, want.len);
    ck_assert(memcmp(data, want.data, len) == 0);
    free(data);
    rk_buf_free(&want);
    unlink(path);
    rmdir(dir);
    ck_assert_int_eq(rk_out_open("/dev/null", &o, &e), RK_OK);
    ck_assert_uint_eq(__fbufsize(rk_out_file(o)), RK_OUT_BUFFER);
    fputs("nothing", rk_out_file(o));
    ck_assert_int_eq(rk_out_commit(o, &e), RK_OK);
}
END_TEST

/* Calls to umask() made by anyone while counted: this program's definition
 * comes before the C library's for the code linked into it. */
static int umask_counting, umask_calls;

mode_t umask(mode_t mask)
{
    if (umask_counting)
        umask_calls++;
    mode_t (*real)(mode_t) = (mode_t(*)(mode_t))dlsym(RTLD_NEXT, "umask");
    return real(mask);
}

/* The output's permissions come from the process's mask without the
 * library ever setting it (setting it to read it races with a host's
 * other threads), and outputs open at once each get their own temporary
 * file. */
START_TEST(out_applies_the_mask_without_touching_it)
{
    char dir[] = "/tmp/rk_out_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    mode_t old = umask(027);
    umask_counting = 1;
    enum { N = 20 };
    rk_out *o[N];
    char path[N][256];
    rk_error e;
    for (int i = 0; i < N; i++) {
        snprintf(path[i], sizeof path[i], "%s/out%d.txt", dir, i % 2);
        ck_assert_int_eq(rk_out_open(path[i], &o[i], &e), RK_OK);
        fprintf(rk_out_file(o[i]), "%d", i);
    }
    size_t temps = 0;
    DIR *d = opendir(dir);
    for (struct dirent *x; (x = readdir(d));)
        temps += strstr(x->d_name, ".tmp.") != NULL;
    closedir(d);
    ck_assert_uint_eq(temps, N);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(rk_out_commit(o[i], &e), RK_OK);
    umask_counting = 0;
    umask(old);
    ck_assert_int_eq(umask_calls, 0);
    struct stat sb;
    ck_assert_int_eq(stat(path[0], &sb), 0);
    ck_assert_int_eq(sb.st_mode & 0777, 0640);
    char *data;
    size_t len;
    ck_assert_int_eq(rk_file_read(path[1], 0, &data, &len, &e), RK_OK);
    ck_assert_str_eq(data, "19"); /* the last committed */
    free(data);
    d = opendir(dir);
    size_t left = 0;
    for (struct dirent *x; (x = readdir(d));)
        left += x->d_name[0] != '.';
    closedir(d);
    ck_assert_uint_eq(left, 2);
    unlink(path[0]);
    unlink(path[1]);
    rmdir(dir);
}
END_TEST

START_TEST(file_read_refuses_over_limit_and_missing)
{
    rk_error e;
    char *data;
    size_t len;
    ck_assert_int_eq(rk_file_read("/nonexistent/x", 0, &data, &len, &e), RK_ERR_IO);
    ck_assert_str_eq(e.file, "/nonexistent/x");
    char path[] = "/tmp/rk_big_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "0123456789", 10), 10);
    close(fd);
    ck_assert_int_eq(rk_file_read(path, 5, &data, &len, &e), RK_ERR_LIMIT);
    ck_assert_ptr_null(data);
    ck_assert_int_eq(rk_file_read(path, 10, &data, &len, &e), RK_OK);
    ck_assert_uint_eq(len, 10);
    free(data);
    unlink(path);
}
END_TEST

START_TEST(arena_and_hash_are_stable)
{
    rk_arena *a = rk_arena_new();
    for (int i = 0; i < 10000; i++)
        ck_assert_ptr_nonnull(rk_arena_strdup(a, "كازاخستان"));
    ck_assert_ptr_nonnull(rk_arena_alloc(a, 200000));
    rk_arena_free(a);
    rk_arena_free(NULL);
    /* FNV-1a of "a" is a published constant. */
    ck_assert(rk_hash64("a", 1, RK_HASH_SEED) == 0xaf63dc4c8601ec8cULL);
}
END_TEST

/* Bytes of the program break's heap ([heap] in /proc/self/smaps) advised
 * huge pages ("hg" among its VmFlags); with at, whether that address lies
 * in such a range instead. */
static size_t heap_huge_bytes_at(const void *at)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    unsigned long lo = 0, hi = 0;
    int heap = 0;
    size_t total = 0;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long a, b;
        if (sscanf(line, "%lx-%lx ", &a, &b) == 2) {
            heap = strstr(line, "[heap]") != NULL;
            lo = a, hi = b;
        } else if (heap && strncmp(line, "VmFlags:", 8) == 0 && strstr(line, " hg")) {
            if (!at)
                total += hi - lo;
            else if ((uintptr_t)at >= lo && (uintptr_t)at < hi)
                total = 1;
        }
    }
    if (f)
        fclose(f);
    return total;
}

static size_t heap_huge_bytes(void)
{
    return heap_huge_bytes_at(NULL);
}

/* Where malloc serves from the program break and the kernel has
 * transparent huge pages, batch mode leaves the heap grown and advised
 * huge pages, so that loading the rules takes a few hundred page faults
 * rather than thousands. */
START_TEST(batch_mode_advises_huge_pages_over_the_heap)
{
#if defined(__linux__) && defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    char *probe = malloc(64 << 10);
    int from_brk = probe && probe < (char *)sbrk(0);
    free(probe);
    char mode[128] = "";
    FILE *thp = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (thp) {
        if (!fgets(mode, sizeof mode, thp))
            mode[0] = '\0';
        fclose(thp);
    }
    if (!from_brk || !mode[0] || strstr(mode, "[never]")) {
        fprintf(stderr, "batch_mode_advises_huge_pages_over_the_heap: skipped (%s)\n",
                !from_brk ? "malloc is not glibc's here" : "no transparent huge pages");
        return;
    }
    ck_assert_uint_eq(heap_huge_bytes(), 0);
    rk_alloc_batch_mode();
    ck_assert_uint_ge(heap_huge_bytes(), (size_t)16 << 20);
    /* What malloc serves next lies in the advised range, not in the part
     * of the heap below its first 2 MB boundary (where the kernel started
     * the heap, that part is 1 MB on average, faulted 4 KB at a time). */
    char *next = malloc(4096);
    ck_assert_ptr_nonnull(next);
    ck_assert_uint_eq(heap_huge_bytes_at(next), 1);
    free(next);
#endif
}
END_TEST


/* A block given back as one kind is taken again by that kind, and by no
 * other, for any size it covers; of two blocks of a kind the larger is
 * kept; blocks over RK_SCRATCH_MAX are freed at once; a taken block is the
 * caller's (written whole, freed by free() or given back);
 * rk_scratch_drop() frees what is kept. The sanitizer and valgrind runs
 * hold the frees: a block kept and never freed is a leak they report. */
START_TEST(scratch_blocks_are_taken_again_by_their_kind)
{
#if RK_SCRATCH_KEEPS
    rk_scratch_drop();
    char *a = rk_scratch_take(RK_SCRATCH_VIEW, 20000);
    ck_assert_ptr_nonnull(a);
    memset(a, 1, 20000);
    rk_scratch_give(RK_SCRATCH_VIEW, a);
    char *b = rk_scratch_take(RK_SCRATCH_VIEW, 19000); /* covered: the same block */
    ck_assert_ptr_eq(b, a);
    memset(b, 2, 19000);
    rk_scratch_give(RK_SCRATCH_VIEW, b);
    char *c = rk_scratch_take(RK_SCRATCH_TOKENS, 100); /* another kind: its own block */
    ck_assert_ptr_ne(c, a);
    free(c);
    char *d = rk_scratch_take(RK_SCRATCH_VIEW, 30000); /* larger: a block of its own */
    ck_assert_ptr_ne(d, a);
    memset(d, 3, 30000);
    rk_scratch_give(RK_SCRATCH_VIEW, d); /* the larger kept, a freed */
    ck_assert_ptr_eq(rk_scratch_take(RK_SCRATCH_VIEW, 25000), d);
    char *e = rk_scratch_take(RK_SCRATCH_VIEW, 100); /* none kept now */
    ck_assert_ptr_ne(e, d);
    rk_scratch_give(RK_SCRATCH_VIEW, d);
    rk_scratch_give(RK_SCRATCH_VIEW, e); /* smaller than d: freed */
    ck_assert_ptr_eq(rk_scratch_take(RK_SCRATCH_VIEW, 100), d); /* any size it covers */
    free(d);
    /* each kind keeps its own */
    char *v[RK_SCRATCH_KINDS];
    for (size_t i = 0; i < RK_SCRATCH_KINDS; i++)
        ck_assert_ptr_nonnull(v[i] = malloc(8192 + 4096 * i));
    for (size_t i = 0; i < RK_SCRATCH_KINDS; i++)
        rk_scratch_give((rk_scratch_kind)i, v[i]);
    for (size_t i = RK_SCRATCH_KINDS; i-- > 0;)
        ck_assert_ptr_eq(rk_scratch_take((rk_scratch_kind)i, 8192), v[i]);
    for (size_t i = 0; i < RK_SCRATCH_KINDS; i++)
        rk_scratch_give((rk_scratch_kind)i, v[i]);
    /* after a drop, a kind keeps the next block given, however small */
    rk_scratch_drop();
    char *fresh = malloc(64);
    ck_assert_ptr_nonnull(fresh);
    rk_scratch_give(RK_SCRATCH_OCCS, fresh);
    ck_assert_ptr_eq(rk_scratch_take(RK_SCRATCH_OCCS, 64), fresh);
    /* over the limit: freed, not kept */
    char *big = rk_scratch_take(RK_SCRATCH_MIX, RK_SCRATCH_MAX + 1);
    ck_assert_ptr_nonnull(big);
    rk_scratch_give(RK_SCRATCH_MIX, big);
    char *small = rk_scratch_take(RK_SCRATCH_MIX, 64);
    ck_assert_ptr_ne(small, big);
    free(small);
    /* giving NULL keeps nothing and lets no kept block go */
    rk_scratch_give(RK_SCRATCH_OCCS, fresh);
    rk_scratch_give(RK_SCRATCH_OCCS, NULL);
    ck_assert_ptr_eq(rk_scratch_take(RK_SCRATCH_OCCS, 64), fresh);
    free(fresh);
#else
    rk_scratch_give(RK_SCRATCH_VIEW, NULL);
    char *p = rk_scratch_take(RK_SCRATCH_VIEW, 64); /* malloc() */
    ck_assert_ptr_nonnull(p);
    rk_scratch_give(RK_SCRATCH_VIEW, p); /* free() */
#endif
}
END_TEST

/* A first block of items has room for what is asked, up to what a kept
 * block may hold: a larger one could not be kept again. One item at
 * least. The room it reports is room it has. */
START_TEST(scratch_first_blocks_hold_what_a_kept_block_may)
{
    size_t cap = 99;
    char *p = rk_scratch_take_items(RK_SCRATCH_NUMBERS, 100, 88, &cap);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(cap, 100);
    memset(p, 1, cap * 88);
    rk_scratch_give(RK_SCRATCH_NUMBERS, p);
    p = rk_scratch_take_items(RK_SCRATCH_OCCS, SIZE_MAX / 2, 16, &cap);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(cap, RK_SCRATCH_MAX / 16);
    memset(p, 2, cap * 16);
    rk_scratch_give(RK_SCRATCH_OCCS, p);
    p = rk_scratch_take_items(RK_SCRATCH_SENTENCES, 0, 24, &cap);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(cap, 1);
    memset(p, 3, 24);
    free(p);
}
END_TEST

/* A thread's kept blocks go when it exits: the bytes malloc holds for the
 * program are what they were before the thread (blocks of 64 to 256 KB,
 * 448 KB a thread, kept they would show). */
static void *keep_some(void *arg)
{
    (void)arg;
    for (size_t i = 0; i < 3; i++) {
        rk_scratch_kind k = (rk_scratch_kind)i;
        rk_scratch_give(k, rk_scratch_take(k, (size_t)65536 << i));
    }
    return NULL;
}

#ifdef __GLIBC__
#include <malloc.h>
static size_t malloc_held(void)
{
    struct mallinfo2 m = mallinfo2(); /* every arena's */
    return m.uordblks + m.hblkhd;
}
#else
static size_t malloc_held(void)
{
    return 0;
}
#endif

START_TEST(scratch_blocks_of_a_thread_go_with_it)
{
    /* a first thread, for what the C library keeps of its own */
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, keep_some, NULL), 0);
    ck_assert_int_eq(pthread_join(th, NULL), 0);
    size_t before = malloc_held();
    for (int round = 0; round < 4; round++) {
        ck_assert_int_eq(pthread_create(&th, NULL, keep_some, NULL), 0);
        ck_assert_int_eq(pthread_join(th, NULL), 0);
    }
    size_t after = malloc_held();
    ck_assert_msg(after < before + 65536, "malloc holds %zu bytes more after four threads",
                  after - before);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, error_formats_path_line_col);
    tcase_add_test(tc, buf_grows_and_detaches);
    tcase_add_test(tc, u64_digits_are_printf_digits);
    tcase_add_test(tc, array_grow_doubles_and_keeps_items);
    tcase_add_test(tc, utf8_validation_reports_first_bad_offset);
    tcase_add_test(tc, utf8_validation_agrees_with_the_standard_table);
    tcase_add_test(tc, utf8_blocks_of_two_byte_letters_agree_with_the_standard_table);
    tcase_add_test(tc, utf8_blocks_of_32_bytes_agree_with_the_standard_table);
    tcase_add_test(tc, out_commit_replaces_abort_keeps_previous);
    tcase_add_test(tc, an_output_is_written_through_a_large_buffer);
    tcase_add_test(tc, out_applies_the_mask_without_touching_it);
    tcase_add_test(tc, file_read_refuses_over_limit_and_missing);
    tcase_add_test(tc, arena_and_hash_are_stable);
    tcase_add_test(tc, batch_mode_advises_huge_pages_over_the_heap);
    tcase_add_test(tc, scratch_blocks_are_taken_again_by_their_kind);
    tcase_add_test(tc, scratch_first_blocks_hold_what_a_kept_block_may);
    tcase_add_test(tc, scratch_blocks_of_a_thread_go_with_it);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
