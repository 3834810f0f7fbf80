/* tables_none.c - no tables derived: what tables_embed links, so that the
 * tables it writes are ICU's own answers. */
#include "text_internal.h"

const rk_txt_known rk_txt_known_tables = {"", 0, NULL, NULL};
