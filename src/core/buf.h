/* buf.h - a growable byte buffer, always NUL-terminated, and small helpers
 * for reading whole files. */
#ifndef RK_BUF_H
#define RK_BUF_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"

typedef struct rk_buf {
    char *data;  /* NUL-terminated once anything was appended; may be NULL */
    size_t len;
    size_t cap;
} rk_buf;

#define RK_BUF_INIT {NULL, 0, 0}

/* Ensures room for `extra` more bytes plus the NUL. Returns 0 or -1 on OOM. */
RK_API int rk_buf_reserve(rk_buf *b, size_t extra);
/* Appends n bytes. Returns 0 or -1 on OOM. */
RK_API int rk_buf_append(rk_buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string. */
RK_API int rk_buf_puts(rk_buf *b, const char *s);
RK_API int rk_buf_putc(rk_buf *b, char c);
/* Appends the decimal digits of v, zero-padded to at least `width` digits.
 * printf costs thousands of instructions a call; ids and dates are written
 * for every claim. */
RK_API int rk_buf_putu(rk_buf *b, uint64_t v, int width);
/* Writes the decimal digits of v, zero-padded to `width` (at most 20), into
 * out (room for 21 bytes) with a NUL; returns the number of digits. */
RK_API size_t rk_fmt_u64(uint64_t v, int width, char *out);
RK_API int rk_buf_printf(rk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Takes the data out: the caller frees it with free(); b is reset. Never
 * returns NULL unless out of memory (an empty buffer gives ""). */
RK_API char *rk_buf_detach(rk_buf *b, size_t *len);
RK_API void rk_buf_reset(rk_buf *b);
RK_API void rk_buf_free(rk_buf *b);

/* Grows a growable array (items, with *cap slots of elem bytes, n of them
 * used) so that one more fits: the capacity doubles, starting at `first`.
 * Returns the array to use from now on (items itself when it had room), or
 * NULL when out of memory, in which case items and *cap are unchanged. */
RK_API void *rk_array_grow(void *items, size_t *cap, size_t n, size_t elem, size_t first);

/* Reads a whole file ("-" is standard input) into a NUL-terminated buffer.
 * Refuses files larger than max_bytes (0: no limit) with RK_ERR_LIMIT (the
 * message gives the limit; the caller may say which limit it is).
 * *out: the caller frees it with free(). */
RK_API rk_status rk_file_read(const char *path, size_t max_bytes, char **out,
                              size_t *len, rk_error *err);

/* Stable 64-bit FNV-1a hash, the same on every machine. */
RK_API uint64_t rk_hash64(const void *p, size_t n, uint64_t seed);
#define RK_HASH_SEED 0xcbf29ce484222325ULL

/* strdup that tolerates NULL (returns NULL). The caller frees it with free(). */
RK_API char *rk_strdup(const char *s);
RK_API char *rk_strndup(const char *s, size_t n);

/* memset(p, 0, n), out of line and out of the compiler's view of its
 * callers, for a struct of about a hundred bytes or more cleared once an
 * item on a hot path (a number, a claim). Inlined with its size known, gcc
 * clears such a struct with "rep stosq", whose start-up costs more than
 * the call and the C library's vector stores together. */
RK_API void rk_zero(void *p, size_t n);

/* For a program that runs one batch and exits (the command, the benchmark):
 * asks the C library to serve large blocks (a whole input file, a
 * document's arrays) from the heap and to keep freed memory for the next
 * file, rather than returning it to the kernel and taking the page faults
 * again; on Linux, grows the heap by 24 MB at once and advises huge pages
 * over it from its first 2 MB boundary, so that the rules' tables and the
 * first documents are faulted in 2 MB at a time (about 300 faults at
 * start-up instead of 2,900; peak memory rounds up to whole huge pages,
 * about 1.5 MB more). Does nothing where the C library has no such
 * setting. Call it before anything is allocated; a library must not. */
RK_API void rk_alloc_batch_mode(void);

/* A hint for a large array p[0..n) that is about to be written for the
 * first time: on Linux, asks the kernel for transparent huge pages there,
 * so that it is faulted in a 2 MB page at a time instead of 4 KB (a
 * million claims' facts are 31,000 faults, and a fault on a virtual
 * machine costs microseconds). Does nothing for small arrays, elsewhere,
 * or when the kernel declines. */
void rk_alloc_huge(void *p, size_t n);

#endif
