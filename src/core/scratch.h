/* scratch.h - blocks a thread gives back and takes again.
 *
 * The text, number and claim stages allocate the same few arrays for every
 * document (the normalised view and its map, the tokens and their mixes,
 * the sentences, the numbers, the claim matcher's arrays), of much the
 * same sizes document after document, and free them when it is done:
 * glibc's malloc carves each out of its bins and coalesces it back, about
 * 5 % of the CPU of a run over short news articles. A thread keeps one
 * block of each kind it gave back (none over RK_SCRATCH_MAX bytes) and
 * takes it again when that kind asks for a size it covers.
 *
 * A scratch block is an ordinary malloc() block: realloc() and free() take
 * it, and rk_scratch_give() takes any malloc() block. A thread's blocks are
 * freed when it exits, or by rk_scratch_drop(). */
#ifndef RK_SCRATCH_H
#define RK_SCRATCH_H

#include <stddef.h>
#include <stdlib.h> /* __GLIBC__ */
#include "visibility.h"

/* What a block is for: a thread keeps one block of each kind, the one
 * its use last gave back, so that each use finds its own again and no use
 * takes the block another one is about to ask for. */
typedef enum rk_scratch_kind {
    RK_SCRATCH_VIEW,      /* the normalised view and its offset map */
    RK_SCRATCH_TOKENS,    /* a text's tokens */
    RK_SCRATCH_MIX,       /* their mixes */
    RK_SCRATCH_SENTENCES, /* its sentences */
    RK_SCRATCH_NUMBERS,   /* the numbers read in it */
    RK_SCRATCH_MATCH,     /* the claim matcher's per-token arrays */
    RK_SCRATCH_OCCS,      /* its occurrences */
    RK_SCRATCH_WINDOW,    /* the arrays a window's claims are read with */
    RK_SCRATCH_KINDS
} rk_scratch_kind;

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

/* malloc(n), or the calling thread's kept block of kind k when it is at
 * least n bytes. */
RK_API void *rk_scratch_take(rk_scratch_kind k, size_t n);

/* The first block of an array of items of size bytes each, of kind k:
 * rk_scratch_take() of room for want items (one at least), but for no
 * more than a kept block may hold (RK_SCRATCH_MAX bytes), so that the
 * block can be kept again; *cap is set to the items it has room for (0
 * when out of memory). Past it, the array grows by realloc(). */
RK_API void *rk_scratch_take_items(rk_scratch_kind k, size_t want, size_t size, size_t *cap);

/* free(p), or kept as the calling thread's block of kind k to take again:
 * the larger of p and the block kept before, if at most RK_SCRATCH_MAX
 * bytes. NULL: nothing. */
RK_API void rk_scratch_give(rk_scratch_kind k, void *p);

/* Frees the calling thread's kept blocks. */
RK_API void rk_scratch_drop(void);

#endif
