/* hash.h - the inline hash of a trie edge (a parent node and a token's
 * bytes), shared by the number reader's and the claim engine's tries. It
 * runs for every word the scanners look up, so it reads eight bytes at a
 * time and does no per-byte multiply. Not stable across versions: only for
 * in-memory tables (rk_hash64 is the stable one). */
#ifndef RK_HASH_H
#define RK_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t rk_edge_hash(uint32_t parent, const char *s, size_t n)
{
    uint64_t h = ((uint64_t)parent + 1) * 0x9e3779b97f4a7c15ULL ^ n;
    uint64_t w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    if (n) {
        w = 0;
        for (size_t i = 0; i < n; i++)
            w |= (uint64_t)(unsigned char)s[i] << (8 * i);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

#endif
