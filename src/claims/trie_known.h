/* trie_known.h - the claim trie the build compiled from the shipped rules
 * (compile.c), embedded by nationals_embed beside the nationals vocabulary,
 * so that a run on the very rule set the build had (rk_rules_is_build_set)
 * and the very ICU it had takes the trie where the program holds it
 * instead of normalising and placing its 28,000 entries again. Not
 * installed. */
#ifndef RK_CLAIMS_TRIE_KNOWN_H
#define RK_CLAIMS_TRIE_KNOWN_H

#include "engine_int.h"

/* What the build compiled: the engine's arrays as the compiler left them
 * (cap_edges slots of edges) and its keys. n_nodes 0: nothing known (the
 * generator's own build, or a rule set that was not the build's). */
typedef struct rk_trie_known {
    const trie_node *nodes;
    size_t n_nodes;
    const trie_slot *edges;
    size_t n_edges, cap_edges;
    const lex_entry *lex;
    size_t n_lex;
    const char *keys;
    uint32_t max_phrase, max_payload;
    uint64_t singular_langs;
    const uint8_t *root_keys, *next_keys;
    size_t n_root_keys, n_next_keys;
} rk_trie_known;

/* Made by nationals_embed into known_nationals.c; empty in
 * nationals_none.c, which the generator itself links. */
extern const rk_trie_known rk_claims_trie_known;

#endif
