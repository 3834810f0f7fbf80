/* numbers_none.c - no reader known: what numbers_embed links, so that the
 * reader it embeds is compiled from the rules (reader_known.h). */
#include "reader_known.h"

const rk_nb_known rk_numbers_known = {"", NULL};
