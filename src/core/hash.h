/* hash.h - inline hashes of tokens and trie edges (a parent node and a
 * token's bytes), shared by the number reader's and the claim engine's
 * tries and by the memos of word forms. They run for every word the
 * scanners look up, so they read eight bytes at a time and do no per-byte
 * multiply; the tries' tables use the cheaper token mix, which reads at
 * most 24 bytes. Not stable across versions: only for in-memory tables
 * (rk_hash64 is the stable one). */
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
    if (n) { /* the last n < 8 bytes, little-endian, in at most two loads */
        if (n >= 4) { /* two four-byte words, overlapping when n < 8 */
            uint32_t lo, hi;
            memcpy(&lo, s, 4);
            memcpy(&hi, s + n - 4, 4);
            w = lo | (uint64_t)hi << (8 * (n - 4));
        } else {
            const unsigned char *u = (const unsigned char *)s;
            w = u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) | (uint64_t)u[n - 1] << (8 * (n - 1));
        }
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
}

/* The mix of a token: its length and its first, middle and last eight
 * bytes (fewer when it is shorter), in at most three loads, multiplied
 * into 64 bits. The claim engine's and the number reader's tries key their
 * tables by it (rk_mix_edge()); the claim engine also takes its filter
 * keys from it, so that a token is mixed once. Tokens longer than 24 bytes
 * that differ only where it does not read share a mix, and the tries tell
 * them apart by their bytes. */
static inline uint64_t rk_token_mix(const char *s, size_t n)
{
    uint64_t w;
    if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        w = a ^ (b * 0x9e3779b97f4a7c15ULL);
        if (n > 16) { /* and its middle eight */
            memcpy(&a, s + n / 2 - 4, 8);
            w ^= a * 0xc4ceb9fe1a85ec53ULL;
        }
    } else if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        w = lo | (uint64_t)hi << 32;
    } else if (n) {
        const unsigned char *u = (const unsigned char *)s;
        w = u[0] | (uint64_t)u[n / 2] << 8 | (uint64_t)u[n - 1] << 16;
    } else {
        w = 0;
    }
    return (w ^ n) * 0xff51afd7ed558ccdULL;
}

/* The hash of the edge from node parent under a token of mix m
 * (rk_token_mix()): a table's slot is its low bits. */
static inline uint64_t rk_mix_edge(uint32_t parent, uint64_t m)
{
    uint64_t h = m ^ ((uint64_t)parent + 1) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 29);
}

/* Whether a[0..n) equals b[0..n), inline for the short keys of the tries
 * (a word, a clitic): a call to memcmp costs more than comparing them. */
static inline int rk_short_eq(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    for (; n >= 8; a += 8, b += 8, n -= 8) {
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return 0;
    }
    if (n >= 4) { /* two four-byte words, overlapping when n < 8 */
        uint32_t p, q, r, t;
        memcpy(&p, a, 4);
        memcpy(&q, b, 4);
        memcpy(&r, a + n - 4, 4);
        memcpy(&t, b + n - 4, 4);
        return p == q && r == t;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

#endif
