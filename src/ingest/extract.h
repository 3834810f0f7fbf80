/* extract.h - text and values out of libxml2 trees, shared by the HTML and
 * XML readers; not installed. */
#ifndef RK_INGEST_EXTRACT_H
#define RK_INGEST_EXTRACT_H

#include <libxml/parser.h>
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

/* The attribute of n named name (any namespace; "xml:lang" names the
 * attribute lang in the xml namespace), or NULL. borrowed: valid as long
 * as the tree is. libxml2's xmlHasProp would also return DTD defaults. */
const xmlAttr *ing_attr(const xmlNode *n, const char *name);
/* Appends the value of attribute a to out, as written: text only, entity
 * references left out, never expanded (xmlGetProp expands them, which an
 * attribute full of references turns into megabytes and minutes). Returns 0
 * or -1 on OOM. */
int ing_attr_value(const xmlAttr *a, rk_buf *out);
/* Whether the value of attribute a (as ing_attr_value gives it) is value,
 * compared without case when nocase; allocates nothing. a NULL is 0. */
int ing_attr_equals(const xmlAttr *a, const char *value, int nocase);
/* Appends the text of n and its descendants as written (no white space
 * collapsed, entity references left out), for JSON-LD and inlineData.
 * Returns 0 or -1 on OOM. */
int ing_raw_text(const xmlNode *n, rk_buf *out);
/* The xml:lang in force at n (from n up), as ing_attr_value gives it, into
 * out; empty when none. Returns 0 or -1 on OOM. */
int ing_xml_lang(const xmlNode *n, rk_buf *out);

/* Sets d->published from an attribute (attr) or, when attr is NULL, the
 * text of n, unless it has a value: a value that is no date is reported
 * (ing_published_set) and the next source may fill it. n NULL is a
 * no-op. Returns 0 or -1 on OOM. */
int ing_published_from(const ing_ctx *c, rk_document *d, const xmlNode *n, const char *attr);

/* ---- around a libxml2 parse (markup.c) ---- */

/* HTML and XML inputs larger than this are refused before parsing:
 * libxml2's tree takes several times the input, and a saved page or a wire
 * story is a few megabytes at most. The README's Limits table says so. */
#define ING_MARKUP_MAX_BYTES ((size_t)64 << 20)

/* One parse: the first error libxml2 reported, and whether memory ran out. */
typedef struct ing_markup_parse {
    xmlParserCtxtPtr ctx;
    int html;
    int well_formed;
    unsigned long failures;  /* rk_alloc_failures() when it began */
    int oom, huge;           /* memory ran out; the 10 MB text-node limit hit */
    int have;                /* a first error is kept */
    int code;
    long line, col;
    char message[256];
} ing_markup_parse;

/* RK_ERR_LIMIT in err when len is over ING_MARKUP_MAX_BYTES. what: "HTML",
 * "XML". */
rk_status ing_markup_check_size(const ing_ctx *c, size_t len, const char *what, rk_error *err);
/* A new parser context for c's input (HTML when html is set) whose errors
 * and allocation failures go to mp; NULL on OOM. Until ing_markup_end, the
 * thread parses nothing else. The caller frees the context (after
 * ing_markup_end) with htmlFreeParserCtxt() or xmlFreeParserCtxt(). */
xmlParserCtxtPtr ing_markup_begin(ing_markup_parse *mp, const ing_ctx *c, int html);
/* Parses data[0..len) in mp's context with the given options (which should
 * hold XML_PARSE_IGNORE_ENC: the bytes are UTF-8 whatever they declare).
 * Returns the tree (the caller frees it with xmlFreeDoc()) or NULL;
 * mp->well_formed tells the XML verdict. */
xmlDocPtr ing_markup_read(ing_markup_parse *mp, const char *data, size_t len, int options);
/* The verdict on the parse: RK_ERR_NOMEM when an allocation failed during
 * it (whatever libxml2 returned), RK_ERR_LIMIT for the text-node limit,
 * else RK_OK when ok, else RK_ERR_PARSE at the first error. */
rk_status ing_markup_end(ing_markup_parse *mp, const ing_ctx *c, int ok, const char *what,
                         rk_error *err);

#endif
