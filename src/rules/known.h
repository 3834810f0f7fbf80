/* known.h - the rule files the build has already validated: the bytes of
 * the shipped schema and of every shipped rule file that matched it,
 * embedded by rules_embed (the generator next to rules.c) so that a rule
 * file met again byte for byte is not validated again. Not installed. */
#ifndef RK_RULES_KNOWN_H
#define RK_RULES_KNOWN_H

#include <stddef.h>

/* One file: its name (relative to schema/ for a schema file, to the rule
 * folder for a rule file) and its len bytes; for a rule file, also the
 * tree the loader made of it (tree_len bytes, NULL for a schema file), so
 * that it need not be parsed again either. A tree is its root node, and a
 * node is, in order: its line (four bytes, least significant first), its
 * name and a NUL, its number of attributes (four bytes), each attribute's
 * name and value with a NUL after each, its text and a NUL, its number of
 * children (four bytes), and its children. */
typedef struct rk_known_file {
    const char *name;
    const unsigned char *bytes;
    size_t len;
    const unsigned char *tree;
    size_t tree_len;
} rk_known_file;

/* What the generator found. A rule file's bytes are known valid only under
 * this very schema (every file of schemas, one of them "rules.rng", the
 * others named by the includes of rules.rng and of each other) and as
 * libxml2 of version libxml (its xmlParserVersion) decides. */
typedef struct rk_known_set {
    const char *libxml;
    const rk_known_file *schemas;
    size_t n_schemas;
    const rk_known_file *rules;
    size_t n_rules;
} rk_known_set;

/* The build's set: made by rules_embed into known_rules.c; empty in
 * known_none.c, which the generator itself links, so that it validates
 * every file. */
extern const rk_known_set rk_rules_known;

#endif
