/* nationals_none.c - no nationals vocabulary and no trie known: what
 * nationals_embed links, so that the engine it builds derives the
 * vocabulary and places every entry itself. */
#include "nationals_known.h"
#include "trie_known.h"

const rk_nat_known rk_nationals_known = {"", NULL, 0, NULL, 0, NULL, 0, "", 0};

const rk_trie_known rk_claims_trie_known = {0};
