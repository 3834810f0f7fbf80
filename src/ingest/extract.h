/* extract.h - text and values out of libxml2 trees, shared by the HTML and
 * XML readers; not installed. */
#ifndef RK_INGEST_EXTRACT_H
#define RK_INGEST_EXTRACT_H

#include <libxml/tree.h>
#include "internal.h"

/* What to keep of a tree: drop lists elements skipped with everything in
 * them, block those that start a paragraph (both NULL-terminated, names
 * compared without case); skip, when set, drops further elements. */
typedef struct ing_tree_spec {
    const char *const *drop;
    const char *const *block;
    int (*skip)(const xmlNode *n);
} ing_tree_spec;

/* Appends the text under root to out: paragraphs joined by "\n", white
 * space collapsed. Returns 0 or -1 on OOM. */
int ing_tree_text(const xmlNode *root, const ing_tree_spec *spec, rk_buf *out);

/* The node after n in document order within root (into n's children when
 * descend), NULL at the end. Never enters entity references. */
const xmlNode *ing_next(const xmlNode *n, const xmlNode *root, int descend);

/* The first element named name at or under root, or NULL. borrowed: valid
 * as long as the tree is. */
const xmlNode *ing_find(const xmlNode *root, const char *name);

/* Is n an element with this name / one of these names (without case)? */
int ing_is(const xmlNode *n, const char *name);
int ing_name_in(const xmlNode *n, const char *const *names);

/* Sets f (given) from the collapsed text of n unless f already has a value;
 * n NULL is a no-op. Calling these in order of preference picks the best. */
int ing_field_from_node(rk_field *f, const xmlNode *n);
/* Sets f (given) from an attribute of n unless f already has a value. */
int ing_field_from_attr(rk_field *f, const xmlNode *n, const char *attr);

#endif
