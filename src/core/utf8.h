/* utf8.h - UTF-8 validation and decoding. */
#ifndef RK_UTF8_H
#define RK_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include "visibility.h"

/* Checks that data is valid UTF-8 (no overlongs, surrogates or code points
 * past U+10FFFF). Returns 1 if so; otherwise 0 and, when bad_offset is not
 * NULL, the byte offset of the first invalid byte. */
RK_API int rk_utf8_valid(const char *data, size_t len, size_t *bad_offset);

/* Turns the AVX2 check rk_utf8_valid() makes of 32 bytes and more (where
 * the CPU has it) off or on, for tests that hold it to the byte-by-byte
 * check; returns whether it was on. Not thread-safe. */
RK_API int rk_utf8_set_simd(int on);

/* Decodes the code point at s[*i] (s valid UTF-8, *i < len) and advances *i.
 * Returns 0xFFFD and advances one byte on a malformed sequence. */
RK_API uint32_t rk_utf8_next(const char *s, size_t len, size_t *i);

/* Encodes cp into out (at least 4 bytes); returns the number of bytes. */
RK_API size_t rk_utf8_put(uint32_t cp, char *out);

/* Line and column (1-based; column counts code points) of byte offset off. */
RK_API void rk_utf8_line_col(const char *s, size_t len, size_t off, long *line, long *col);

#endif
