/* scratch.h - blocks a thread gives back and takes again.
 *
 * The text, number and claim stages allocate the same few arrays for every
 * document (the normalised view and its map, the tokens and their mixes,
 * the claim matcher's per-token arrays), of much the same sizes document
 * after document, and free them when it is done: glibc's malloc carves
 * each out of its bins and coalesces it back, about 5 % of the CPU of a
 * run over short news articles. A thread keeps the last few such blocks it
 * gave back (RK_SCRATCH_SLOTS, none over RK_SCRATCH_MAX bytes) and takes
 * one again when it asks for a size it covers.
 *
 * A scratch block is an ordinary malloc() block: realloc() and free() take
 * it, and rk_scratch_give() takes any malloc() block. A thread's blocks are
 * freed when it exits, or by rk_scratch_drop(). */
#ifndef RK_SCRATCH_H
#define RK_SCRATCH_H

#include <stddef.h>
#include <stdlib.h> /* __GLIBC__ */
#include "visibility.h"

#define RK_SCRATCH_SLOTS 8
#define RK_SCRATCH_MAX ((size_t)1 << 20)

/* 1 when blocks are kept: with glibc (whose malloc_usable_size() tells a
 * block's size), and not under AddressSanitizer, which must see every
 * block freed to catch a use after the free. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RK_SCRATCH_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(RK_SCRATCH_ASAN) || !defined(__GLIBC__)
#define RK_SCRATCH_KEEPS 0
#else
#define RK_SCRATCH_KEEPS 1
#endif

/* malloc(n), from the calling thread's blocks when one is at least n
 * bytes and not much more (at most four times n and 4 KB). */
RK_API void *rk_scratch_take(size_t n);

/* free(p), or kept for the calling thread to take again. NULL: nothing. */
RK_API void rk_scratch_give(void *p);

/* Frees the calling thread's kept blocks. */
RK_API void rk_scratch_drop(void);

#endif
