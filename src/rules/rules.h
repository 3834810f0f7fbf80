/* rules.h - a loaded rule set: the rule files of a directory, validated
 * against the shipped schema and turned into a small generic tree that each
 * stage compiles into its own matcher. libxml2 stays inside this module. */
#ifndef RK_RULES_H
#define RK_RULES_H

#include <stddef.h>
#include "../core/error.h"

/* One element of a rule file: name, attributes, text and children, with the
 * place it came from for error messages. All strings are owned by the tree. */
typedef struct rk_rnode {
    const char *name;         /* element name without namespace */
    const char **attrs;       /* name, value, name, value, ..., NULL */
    const char *text;         /* concatenated, trimmed text content; "" if none */
    struct rk_rnode **kids;
    size_t n_kids;
    const char *file;         /* the rule file's path */
    long line;
} rk_rnode;

/* The value of attribute `name`, or NULL. borrowed: valid as long as the
 * rule set is. */
RK_API const char *rk_rnode_attr(const rk_rnode *n, const char *name);

/* A rule set: the root <rules> element of every file, in load order (files
 * sorted by path, so results do not depend on the directory listing). */
typedef struct rk_rules {
    char *dir;
    rk_rnode **files;         /* one root per file */
    size_t n_files;
    void *arena;              /* owns the nodes and their strings (those of
                                 a file the build parsed lie in the program) */
    size_t n_build;           /* files [0, n_build) are the build's own rule
                                 files [0, n_build), byte for byte, in order */
} rk_rules;

/* Whether r is the very rule set the build embedded: every shipped rule
 * file, byte for byte, under the build's schema, in the build's order, and
 * nothing else (no layer, no file added or left out). A stage may then use
 * what the build derived from the shipped rules instead of deriving it
 * again (the nationals vocabulary: src/claims/nationals.c). */
RK_API int rk_rules_is_build_set(const rk_rules *r);

/* How many of r's files, from the first, are the build's whole rule set in
 * its order (rk_rules_is_build_set() of them alone), whatever layers come
 * after them: the build's count of files, or 0 when they are not. */
RK_API size_t rk_rules_build_files(const rk_rules *r);

/* Whether r's sections named `section` ("numbers") are the build's very
 * ones: r starts with the build's whole rule set (rk_rules_build_files())
 * and no file after it, no layer, holds such a section. What a stage
 * derives from those sections alone is then what the build derived. */
RK_API int rk_rules_build_sections(const rk_rules *r, const char *section);

/* Loads every *.xml file below dir (recursively), validating each against
 * the schema in dir/schema/rules.rng (or schema_path when not NULL). Every
 * file is parsed with XML_PARSE_NONET; the schema and the files it includes
 * must lie in dir (or, for a schema_path elsewhere, its folder): an include
 * of a URL or of a file outside is refused, never fetched. On a
 * broken file, fills err with path:line and returns RK_ERR_RULES; when diag is
 * not NULL every broken file is reported through it and loading goes on to
 * find them all, returning RK_ERR_RULES at the end. A file whose bytes the
 * build already validated against a schema whose bytes are this one's is
 * not validated again, and the schema is compiled only when a file needs
 * it (see rules.c): the outcome is the same.
 * *out: the caller frees it with rk_rules_free(). */
RK_API rk_status rk_rules_load(const char *dir, const char *schema_path, rk_rules **out,
                               rk_diag_fn diag, void *diag_ctx, rk_error *err);

/* Like rk_rules_load(), with the *.xml files below each of the n_layers
 * folders layers[i] added after dir's, in that order: an event's own rules
 * (its people, places and forces) over the shipped set. Each layer's files
 * are validated by dir's schema; a layer holds no schema of its own. */
RK_API rk_status rk_rules_load_layers(const char *dir, const char *const *layers,
                                      size_t n_layers, const char *schema_path, rk_rules **out,
                                      rk_diag_fn diag, void *diag_ctx, rk_error *err);

/* A rule file held in memory: its name, a relative path such as
 * "en/numbers.xml" or "schema/rules.rng" (the name errors give), and its
 * len bytes of text (no NUL needed). */
typedef struct rk_rules_file {
    const char *name;
    const char *text;
    size_t len;
} rk_rules_file;

/* Loads a rule set held in memory exactly as rk_rules_load() loads a
 * folder holding the same files: the *.xml files outside schema/, in name
 * order, each validated against "schema/rules.rng" among the files when
 * there is one (the files it includes are looked up among the files by
 * their names, never read from disk), else against the schema file at
 * schema_path. Nothing is read from disk but schema_path and nothing is
 * written. Errors name the files as given; a name given twice is
 * RK_ERR_USAGE. The files are read during the call only.
 * *out: the caller frees it with rk_rules_free(). */
RK_API rk_status rk_rules_load_memory(const rk_rules_file *files, size_t n,
                                      const char *schema_path, rk_rules **out, rk_diag_fn diag,
                                      void *diag_ctx, rk_error *err);

/* Finds the default rule directory: rules/ beside the running binary's
 * ../share/reckon, then the installed one, then the source tree's rules/.
 * Reads no environment variable ($RECKON_RULES is the command line's, read
 * there). Returns a path the caller frees with free(), or NULL when none
 * exists. */
RK_API char *rk_rules_default_dir(const char *argv0);

/* Frees a rule set. NULL is a no-op. */
RK_API void rk_rules_free(rk_rules *r);

/* Calls fn for every element named `section` that is a direct child of a
 * file root, in load order; stops at the first non-OK status. The `lang` of
 * the root is passed along (NULL when the file sets none). */
typedef rk_status (*rk_rules_section_fn)(void *ctx, const rk_rnode *section,
                                         const char *lang, rk_error *err);
RK_API rk_status rk_rules_each(const rk_rules *r, const char *section, rk_rules_section_fn fn,
                               void *ctx, rk_error *err);

/* The first element named `element` in a `section` of any file whose
 * attribute attr is value, or NULL: for errors found after loading (a
 * cycle among rules) to name the file and line where the data is.
 * borrowed: valid as long as the rule set is. */
RK_API const rk_rnode *rk_rules_find(const rk_rules *r, const char *section, const char *element,
                                     const char *attr, const char *value);

/* Reports err at node n: fills path:line from the node. */
RK_API rk_status rk_rnode_error(const rk_rnode *n, rk_error *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
