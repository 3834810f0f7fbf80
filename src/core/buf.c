/* buf.c - growable buffer, whole-file reading, stable hashing. */
#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

int rk_buf_reserve(rk_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t need = b->len + extra + 1;
    if (need < b->len) /* overflow */
        return -1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return -1;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int rk_buf_append(rk_buf *b, const void *p, size_t n)
{
    if (rk_buf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int rk_buf_puts(rk_buf *b, const char *s)
{
    return rk_buf_append(b, s, strlen(s));
}

int rk_buf_putc(rk_buf *b, char c)
{
    return rk_buf_append(b, &c, 1);
}

/* "00" to "99": two digits per division. */
static const char k_pairs[] =
    "00010203040506070809101112131415161718192021222324"
    "25262728293031323334353637383940414243444546474849"
    "50515253545556575859606162636465666768697071727374"
    "75767778798081828384858687888990919293949596979899";

/* The number of decimal digits of v. */
static size_t n_digits(uint64_t v)
{
    size_t n = 1;
    for (;;) {
        if (v < 10)
            return n;
        if (v < 100)
            return n + 1;
        if (v < 1000)
            return n + 2;
        if (v < 10000)
            return n + 3;
        v /= 10000;
        n += 4;
    }
}

size_t rk_fmt_u64(uint64_t v, int width, char *out)
{
    /* The length is known first, so the digits go straight to their place:
     * no copy from a scratch buffer (a libc call of a variable length). */
    size_t n = n_digits(v), w = width > 20 ? 20 : width > 0 ? (size_t)width : 0;
    size_t len = n < w ? w : n;
    char *p = out + len;
    *p = '\0';
    while (v >= 100) {
        unsigned r = (unsigned)(v % 100);
        v /= 100;
        p -= 2;
        memcpy(p, k_pairs + 2 * r, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, k_pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    while (p > out)
        *--p = '0';
    return len;
}

int rk_buf_putu(rk_buf *b, uint64_t v, int width)
{
    char d[24];
    return rk_buf_append(b, d, rk_fmt_u64(v, width, d));
}

int rk_buf_printf(rk_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || rk_buf_reserve(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

char *rk_buf_detach(rk_buf *b, size_t *len)
{
    if (!b->data && rk_buf_reserve(b, 0) < 0)
        return NULL;
    b->data[b->len] = '\0';
    char *p = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void rk_buf_reset(rk_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void rk_buf_free(rk_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void *rk_array_grow(void *items, size_t *cap, size_t n, size_t elem, size_t first)
{
    if (n < *cap)
        return items;
    size_t c = *cap ? *cap : first;
    while (c <= n) {
        if (c > SIZE_MAX / 2 / elem)
            return NULL;
        c *= 2;
    }
    void *v = realloc(items, c * elem);
    if (!v)
        return NULL;
    *cap = c;
    return v;
}

rk_status rk_file_read(const char *path, size_t max_bytes, char **out, size_t *len,
                       rk_error *err)
{
    *out = NULL;
    *len = 0;
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return rk_error_set(err, RK_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    rk_status st = RK_OK;
    rk_buf b = RK_BUF_INIT;
    struct stat sb;
    if (!is_stdin) {
        if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
            st = rk_error_set(err, RK_ERR_IO, path, 0, 0, "is a directory");
            goto done;
        }
        if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode)) {
            if (max_bytes && (unsigned long long)sb.st_size > max_bytes) {
                st = rk_error_set(err, RK_ERR_LIMIT, path, 0, 0,
                                  "file is %lld bytes, more than the limit of %zu",
                                  (long long)sb.st_size, max_bytes);
                goto done;
            }
            if (rk_buf_reserve(&b, (size_t)sb.st_size) < 0) {
                st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
                goto done;
            }
        }
    }
    for (;;) {
        if (rk_buf_reserve(&b, 65536) < 0) {
            st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
            goto done;
        }
        size_t room = b.cap - b.len - 1;
        size_t got = fread(b.data + b.len, 1, room, f);
        b.len += got;
        b.data[b.len] = '\0';
        if (max_bytes && b.len > max_bytes) {
            st = rk_error_set(err, RK_ERR_LIMIT, path, 0, 0,
                              "input is more than the limit of %zu bytes", max_bytes);
            goto done;
        }
        if (got < room) {
            if (ferror(f)) {
                st = rk_error_set(err, RK_ERR_IO, path, 0, 0, "read error: %s", strerror(errno));
                goto done;
            }
            break;
        }
    }
    *out = rk_buf_detach(&b, len);
    if (!*out)
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
done:
    if (st != RK_OK)
        rk_buf_free(&b);
    if (!is_stdin)
        fclose(f);
    return st;
}

uint64_t rk_hash64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

char *rk_strdup(const char *s)
{
    return s ? rk_strndup(s, strlen(s)) : NULL;
}

char *rk_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

#if defined(__GNUC__) && !defined(__clang__)
__attribute__((noipa))
#else
__attribute__((noinline))
#endif
void rk_zero(void *p, size_t n)
{
    memset(p, 0, n);
}

void rk_alloc_huge(void *p, size_t n)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* only whole huge pages inside the array, and only where there are
     * some to gain */
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(huge - 1);
    if (p && n >= 2 * huge && e > a)
        madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

/* The heap the batch grows into at once (rk_alloc_batch_mode). */
#define BATCH_HEAP_BYTES ((size_t)24 << 20)

void rk_alloc_batch_mode(void)
{
#ifdef __GLIBC__
    /* 32 MB is glibc's largest mmap threshold; files above it are still
     * mapped on their own. */
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* Loading the rules fills about 15 MB of heap in small pieces: 2,300
     * page faults of 4 KB, about half of start-up's CPU on a virtual
     * machine. The heap is grown once here, given back to malloc (the trim
     * threshold above keeps it) and advised huge pages, so that it is
     * faulted in 2 MB at a time, the documents' memory after it. Only
     * where the block came from the program break: another allocator
     * (a sanitizer's) serves it elsewhere, and nothing is advised. */
    char *p = malloc(BATCH_HEAP_BYTES);
    char *end = sbrk(0);
    if (p && end != (char *)-1 && p < end && (size_t)(end - p) >= BATCH_HEAP_BYTES) {
        /* The kernel starts the heap anywhere inside a huge page, and the
         * part below the first 2 MB boundary (1 MB on average) would be
         * faulted 4 KB at a time: about 250 faults, 3 ms here. A block
         * reaching up to that boundary is taken and kept, never written
         * (it costs address space, not memory), so that what malloc serves
         * next starts on the boundary. glibc gives a request of n bytes a
         * chunk of n + 8 rounded up to 16, its data 16 bytes in; if
         * another free chunk serves the block, the heap is advised as
         * before. */
        static void *below_first_huge_page;
        const uintptr_t huge = (uintptr_t)2 << 20;
        uintptr_t at = (uintptr_t)p, up = (at + huge - 1) & ~(huge - 1);
        if (up - at >= 64 && !below_first_huge_page) {
            free(p);
            below_first_huge_page = malloc(up - at - 8);
            p = malloc(BATCH_HEAP_BYTES);
            end = sbrk(0);
        }
        if (p && end != (char *)-1 && p < end && (size_t)(end - p) >= BATCH_HEAP_BYTES)
            rk_alloc_huge(p, (size_t)(end - p));
    }
    free(p);
#endif
#endif
}
