/* nationals_none.c - no nationals vocabulary known: what nationals_embed
 * links, so that the engine it builds derives the vocabulary itself. */
#include "nationals_known.h"

const rk_nat_known rk_nationals_known = {"", NULL, 0, NULL, 0, NULL, 0, ""};
