/* rules.c - loading a rule directory: find the files, parse them safely,
 * validate them against the RELAX NG schema, and copy them into rk_rnode
 * trees so that no other module touches libxml2. */
#define _GNU_SOURCE /* memmem */
#include "rules.h"
#include "known.h"
#include "rules_internal.h"
#include "../core/arena.h"
#include "../core/alloc.h"
#include "../core/buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RK_SOURCE_RULES_DIR
#define RK_SOURCE_RULES_DIR ""
#endif
#ifndef RK_INSTALLED_RULES_DIR
#define RK_INSTALLED_RULES_DIR ""
#endif

/* Deeper rule files are certainly not hand-written rules. */
#define MAX_RULE_DEPTH 64
#define MAX_RULE_FILE_BYTES ((size_t)64 * 1024 * 1024)

const char *rk_rnode_attr(const rk_rnode *n, const char *name)
{
    if (!n || !n->attrs)
        return NULL;
    for (const char **a = n->attrs; a[0]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

rk_status rk_rnode_error(const rk_rnode *n, rk_error *err, const char *fmt, ...)
{
    char msg[RK_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rk_error_set(err, RK_ERR_RULES, n ? n->file : "", n ? n->line : 0, 0, "%s", msg);
}

/* ---- file discovery ---------------------------------------------------- */

typedef struct pathlist {
    char **v;
    size_t n, cap;
} pathlist;

static int pathlist_push(pathlist *l, char *p)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = p;
    return 0;
}

static void pathlist_free(pathlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Collects *.xml below dir, skipping the schema folder and hidden entries. */
static rk_status collect(const char *dir, int depth, pathlist *out, rk_error *err)
{
    if (depth > 16)
        return rk_error_set(err, RK_ERR_RULES, dir, 0, 0, "rule directories nested too deep");
    DIR *d = opendir(dir);
    if (!d)
        return rk_error_set(err, RK_ERR_RULES, dir, 0, 0, "cannot open rule directory: %s",
                            strerror(errno));
    rk_status st = RK_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (depth == 0 && strcmp(e->d_name, "schema") == 0)
            continue;
        rk_buf b = RK_BUF_INIT;
        if (rk_buf_printf(&b, "%s/%s", dir, e->d_name) < 0) {
            st = rk_error_set(err, RK_ERR_NOMEM, dir, 0, 0, "out of memory");
            break;
        }
        struct stat sb;
        if (stat(b.data, &sb) != 0) {
            rk_buf_free(&b);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            st = collect(b.data, depth + 1, out, err);
            rk_buf_free(&b);
            if (st != RK_OK)
                break;
        } else if (S_ISREG(sb.st_mode) && ends_with(e->d_name, ".xml")) {
            if (pathlist_push(out, b.data) < 0) {
                rk_buf_free(&b);
                st = rk_error_set(err, RK_ERR_NOMEM, dir, 0, 0, "out of memory");
                break;
            }
        } else {
            rk_buf_free(&b);
        }
    }
    closedir(d);
    return st;
}

/* ---- parsing and validation -------------------------------------------- */

typedef struct errctx {
    const char *path;
    rk_error first;
    int have;
    rk_diag_fn diag;
    void *diag_ctx;
} errctx;

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    errctx *c = ctx;
    if (!e || e->level < XML_ERR_ERROR)
        return;
    rk_error tmp;
    char msg[RK_ERROR_MSG_MAX];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "invalid rule file");
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    rk_error_set(&tmp, RK_ERR_RULES, c->path, e->line > 0 ? e->line : 0,
                 e->int2 > 0 ? e->int2 : 0, "%s", msg);
    if (!c->have) {
        c->first = tmp;
        c->have = 1;
    }
}

/* The same for errors a parser context raises: libxml2 passes them the
 * context itself (its userData), whose _private holds the errctx. A
 * handler set on the context, never the process-wide one, leaves the
 * host's own libxml2 error handler alone. */
static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr pc = ctx;
    on_xml_error(pc->_private, e);
}

/* Sends the errors of parser context pc to ec. */
static void catch_parse_errors(xmlParserCtxtPtr pc, errctx *ec)
{
    pc->_private = ec;
    pc->sax->serror = on_parse_error;
}

static const char *local_name(const xmlNode *n)
{
    return (const char *)n->name;
}

/* Copies the element x and what it holds; NULL when out of memory, or when
 * it nests deeper than MAX_RULE_DEPTH, which sets *too_deep. */
static rk_rnode *copy_tree(rk_arena *a, const char *file, xmlNode *x, int depth, int *too_deep)
{
    if (depth > MAX_RULE_DEPTH) {
        *too_deep = 1;
        return NULL;
    }
    rk_rnode *n = rk_arena_alloc(a, sizeof *n);
    if (!n)
        return NULL;
    memset(n, 0, sizeof *n);
    n->name = rk_arena_strdup(a, local_name(x));
    n->file = file;
    n->line = (long)xmlGetLineNo(x);
    size_t nattr = 0;
    for (xmlAttr *at = x->properties; at; at = at->next)
        nattr++;
    n->attrs = rk_arena_alloc(a, (2 * nattr + 1) * sizeof(char *));
    if (!n->name || !n->attrs)
        return NULL;
    size_t i = 0;
    for (xmlAttr *at = x->properties; at; at = at->next) {
        /* The value's text, read without libxml2 (whose xmlNodeGetContent
         * gives NULL for an empty value and for a failed allocation alike);
         * rule files have no DOCTYPE, so no entity to expand. */
        rk_buf v = RK_BUF_INIT;
        int bad = rk_buf_append(&v, "", 0) < 0; /* "" for an empty value */
        for (xmlNode *t = at->children; t && !bad; t = t->next)
            if (t->type == XML_TEXT_NODE && t->content)
                bad = rk_buf_puts(&v, (const char *)t->content) < 0;
        n->attrs[i++] = rk_arena_strdup(a, (const char *)at->name);
        n->attrs[i++] = bad ? NULL : rk_arena_strdup(a, v.data);
        rk_buf_free(&v);
        if (!n->attrs[i - 1] || !n->attrs[i - 2])
            return NULL;
    }
    n->attrs[i] = NULL;
    size_t nkids = 0;
    rk_buf text = RK_BUF_INIT;
    for (xmlNode *k = x->children; k; k = k->next) {
        if (k->type == XML_ELEMENT_NODE)
            nkids++;
        else if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content &&
                 rk_buf_puts(&text, (const char *)k->content) < 0) {
            rk_buf_free(&text);
            return NULL;
        }
    }
    /* Trim surrounding white space of the text content. */
    const char *t = text.data ? text.data : "";
    size_t tl = text.len;
    while (tl && (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')) {
        t++;
        tl--;
    }
    while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\n' || t[tl - 1] == '\t' || t[tl - 1] == '\r'))
        tl--;
    n->text = rk_arena_strndup(a, t, tl);
    rk_buf_free(&text);
    n->kids = rk_arena_alloc(a, (nkids ? nkids : 1) * sizeof(rk_rnode *));
    if (!n->text || !n->kids)
        return NULL;
    for (xmlNode *k = x->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        rk_rnode *c = copy_tree(a, file, k, depth + 1, too_deep);
        if (!c)
            return NULL;
        n->kids[n->n_kids++] = c;
    }
    return n;
}

/* The schema rule files are validated against. Its files are read and
 * compiled (the costly part of loading the shipped rules) when a rule file
 * first needs it; at once, as before anything else, when they are not
 * byte for byte the build's (known): their errors then come first, as
 * they always did. See "files the build validated" below. */
typedef struct schema_ref {
    xmlRelaxNGPtr rng;             /* NULL until compiled */
    int known;                     /* the build's schema, byte for byte */
    int broken;                    /* compiling it failed: stop there */
    const char *path, *dir;        /* on disk: load_schema(path, dir) */
    const rk_rules_file *main;     /* or in memory: load_schema_memory() */
    const rk_rules_file *files;
    size_t n;
} schema_ref;

static rk_status schema_get(schema_ref *s, rk_error *err);
static const rk_known_file *rule_known(const schema_ref *s, const char *data, size_t len);
static rk_status add_known_tree(rk_rules *r, const char *name, const rk_known_file *k,
                                rk_error *err);

/* Thread-local, for rk_rules_validations() and rk_rules_schema_parses(). */
static _Thread_local unsigned long n_validations, n_schema_parses, n_file_parses;

unsigned long rk_rules_file_parses(void)
{
    return n_file_parses;
}

unsigned long rk_rules_validations(void)
{
    return n_validations;
}

unsigned long rk_rules_schema_parses(void)
{
    return n_schema_parses;
}

xmlNode *rk_rules_xml_next(xmlNode *n, const xmlNode *root)
{
    if (n->children && n->type == XML_ELEMENT_NODE)
        return n->children;
    while (n && n != root && !n->next)
        n = n->parent;
    return n && n != root ? n->next : NULL;
}

/* Adds the root of rule file name to r. */
static rk_status add_root(rk_rules *r, const char *name, rk_rnode *root, rk_error *err)
{
    rk_rnode **files = realloc(r->files, (r->n_files + 1) * sizeof *files);
    if (!files)
        return rk_error_set(err, RK_ERR_NOMEM, name, 0, 0, "out of memory");
    r->files = files;
    r->files[r->n_files++] = root;
    return RK_OK;
}

/* Parses the rule file name (text[0..len), which need not end in a NUL),
 * validates it against schema and adds its tree to r; for the very bytes
 * the build parsed and validated against it, adds the tree the build made. */
static rk_status load_buffer(rk_rules *r, const char *name, const char *data, size_t len,
                             schema_ref *schema, rk_error *err)
{
    errctx ec = {.path = name};
    rk_status st = RK_OK;
    xmlDocPtr doc = NULL;
    xmlRelaxNGValidCtxtPtr vctx = NULL;
    /* bytes the build parsed and validated: the tree it made of them */
    const rk_known_file *known = rule_known(schema, data, len);
    if (known)
        return add_known_tree(r, name, known, err);
    if (len > MAX_RULE_FILE_BYTES)
        return rk_error_set(err, RK_ERR_RULES, name, 0, 0,
                            "a rule file larger than %zu MiB (the limit for rule files)",
                            MAX_RULE_FILE_BYTES >> 20);
    if (len > INT_MAX)
        return rk_error_set(err, RK_ERR_RULES, name, 0, 0, "rule file too large");
    /* A DTD is refused before parsing, so neither external entities nor
     * entity bombs ever reach the parser. */
    const char *dt = memmem(data, len, "<!DOCTYPE", 9);
    if (dt) {
        long line = 1;
        for (const char *p = data; p < dt; p++)
            line += *p == '\n';
        return rk_error_set(err, RK_ERR_RULES, name, line, 0, "rule files may not have a DOCTYPE");
    }
    xmlParserCtxtPtr pctx = xmlNewParserCtxt();
    if (!pctx)
        return rk_error_set(err, RK_ERR_NOMEM, name, 0, 0, "out of memory");
    catch_parse_errors(pctx, &ec);
    /* NONET: never fetch; no NOENT: entities are never substituted. */
    n_file_parses++;
    doc = xmlCtxtReadMemory(pctx, data, (int)len, name, "UTF-8", XML_PARSE_NONET);
    if (!doc || ec.have) {
        st = ec.have ? (*err = ec.first, RK_ERR_RULES)
                     : rk_error_set(err, RK_ERR_RULES, name, 0, 0, "not a well-formed XML file");
        goto done;
    }
    if (doc->intSubset || doc->extSubset) {
        xmlNodePtr dtd = (xmlNodePtr)(doc->intSubset ? doc->intSubset : doc->extSubset);
        st = rk_error_set(err, RK_ERR_RULES, name, xmlGetLineNo(dtd) > 0 ? xmlGetLineNo(dtd) : 1,
                          0, "rule files may not have a DOCTYPE");
        goto done;
    }
    if ((st = schema_get(schema, err)) != RK_OK)
        goto done;
    vctx = xmlRelaxNGNewValidCtxt(schema->rng);
    if (!vctx) {
        st = rk_error_set(err, RK_ERR_NOMEM, name, 0, 0, "out of memory");
        goto done;
    }
    xmlRelaxNGSetValidStructuredErrors(vctx, on_xml_error, &ec);
    n_validations++;
    if (xmlRelaxNGValidateDoc(vctx, doc) != 0) {
        st = ec.have ? (*err = ec.first, RK_ERR_RULES)
                     : rk_error_set(err, RK_ERR_RULES, name, 0, 0, "does not match the rule schema");
        goto done;
    }
    char *file = rk_arena_strdup(r->arena, name);
    int too_deep = 0;
    rk_rnode *root = file ? copy_tree(r->arena, file, xmlDocGetRootElement(doc), 0, &too_deep)
                          : NULL;
    if (!root) {
        st = too_deep ? rk_error_set(err, RK_ERR_RULES, name, 0, 0,
                                     "elements nested more than %d deep", MAX_RULE_DEPTH)
                      : rk_error_set(err, RK_ERR_NOMEM, name, 0, 0, "out of memory");
        goto done;
    }
    st = add_root(r, name, root, err);
done:
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(pctx);
    return st;
}

/* Loads one rule file: f->text when it is in memory, else the file at the
 * path f->name. libxml2 reports a failed allocation as a parse or
 * validation error (or not at all): any allocation failure during a load
 * makes it out of memory. */
static rk_status load_one(rk_rules *r, const rk_rules_file *f, schema_ref *schema,
                          rk_error *err)
{
    unsigned long failures = rk_alloc_failures();
    rk_status st = RK_OK;
    if (f->text) {
        st = load_buffer(r, f->name, f->text, f->len, schema, err);
    } else {
        char *data = NULL;
        size_t len = 0;
        st = rk_file_read(f->name, MAX_RULE_FILE_BYTES, &data, &len, err);
        if (st == RK_ERR_LIMIT)
            rk_error_set(err, RK_ERR_RULES, f->name, 0, 0,
                         "a rule file larger than %zu MiB (the limit for rule files)",
                         MAX_RULE_FILE_BYTES >> 20);
        if (st == RK_OK)
            st = load_buffer(r, f->name, data, len, schema, err);
        else if (st != RK_ERR_NOMEM) {
            if (err)
                err->code = RK_ERR_RULES;
            st = RK_ERR_RULES;
        }
        free(data);
    }
    if (st != RK_OK && rk_alloc_failures() != failures)
        st = rk_error_set(err, RK_ERR_NOMEM, f->name, 0, 0, "out of memory");
    return st;
}

/* ---- the schema, which may include files of its folder only ------------- */

/* Schema files included at most this deep. */
#define MAX_SCHEMA_INCLUDES 16

/* Parses a schema file without network access or a DTD: text[0..len)
 * when text is not NULL (path is then only its name), else the file at
 * path. *out: the caller frees it with xmlFreeDoc(). */
static rk_status read_schema(const char *path, const char *text, size_t len, xmlDocPtr *out,
                             rk_error *err)
{
    errctx ec = {.path = path};
    *out = NULL;
    if (text && len > INT_MAX)
        return rk_error_set(err, RK_ERR_RULES, path, 0, 0, "rule schema too large");
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    if (!pc)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    catch_parse_errors(pc, &ec);
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlDocPtr doc = text ? xmlCtxtReadMemory(pc, text, (int)len, path, NULL, opts)
                         : xmlCtxtReadFile(pc, path, NULL, opts);
    rk_status st = RK_OK;
    if (!doc || ec.have) {
        if (ec.have)
            *err = ec.first;
        else
            rk_error_set(err, RK_ERR_RULES, path, 0, 0, "cannot read the rule schema");
        st = RK_ERR_RULES;
    } else if (doc->intSubset || doc->extSubset) {
        st = rk_error_set(err, RK_ERR_RULES, path, 0, 0, "a rule schema may not have a DOCTYPE");
    }
    xmlFreeParserCtxt(pc);
    if (st != RK_OK) {
        xmlFreeDoc(doc);
        return st;
    }
    *out = doc;
    return RK_OK;
}

static rk_status read_schema_file(const char *path, xmlDocPtr *out, rk_error *err)
{
    return read_schema(path, NULL, 0, out, err);
}

/* Is real (a resolved path) inside the folder whose real path is top? */
static int inside(const char *real, const char *top)
{
    size_t n = strlen(top);
    return strncmp(real, top, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

static rk_status check_schema_file(const char *path, const char *top, int depth, rk_error *err);

/* Checks every <include href> and <externalRef href> of doc, read from
 * path: each must name a file of the schema's folder tree, which is
 * checked in turn. A URL (http:, ftp:, even file:) is refused outright:
 * libxml2 would fetch it while loading the schema. */
static rk_status check_refs(xmlDocPtr doc, const char *path, const char *top, int depth,
                            rk_error *err)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *n = root; n;) {
        int ref = n->type == XML_ELEMENT_NODE &&
                  (strcmp((const char *)n->name, "include") == 0 ||
                   strcmp((const char *)n->name, "externalRef") == 0);
        xmlChar *href = ref ? xmlGetNoNsProp(n, (const xmlChar *)"href") : NULL;
        if (href) {
            rk_status st = RK_OK;
            long line = xmlGetLineNo(n);
            xmlChar *uri = NULL;
            if (strchr((const char *)href, ':') || strncmp((const char *)href, "//", 2) == 0) {
                st = rk_error_set(err, RK_ERR_RULES, path, line > 0 ? line : 0, 0,
                                  "the schema includes '%s': only files of the rule folder may "
                                  "be included, never a URL", (const char *)href);
            } else if (!(uri = xmlBuildURI(href, (const xmlChar *)path))) {
                st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
            } else {
                char *real = realpath((const char *)uri, NULL);
                if (!real || !inside(real, top))
                    st = rk_error_set(err, RK_ERR_RULES, path, line > 0 ? line : 0, 0,
                                      "the schema includes '%s', which is %s",
                                      (const char *)href,
                                      real ? "outside the rule folder" : "missing");
                else
                    st = check_schema_file(real, top, depth + 1, err);
                free(real);
            }
            xmlFree(uri);
            xmlFree(href);
            if (st != RK_OK)
                return st;
        }
        n = rk_rules_xml_next(n, root);
    }
    return RK_OK;
}

static rk_status check_schema_file(const char *path, const char *top, int depth, rk_error *err)
{
    if (depth > MAX_SCHEMA_INCLUDES)
        return rk_error_set(err, RK_ERR_RULES, path, 0, 0,
                            "schema files include each other more than %d deep",
                            MAX_SCHEMA_INCLUDES);
    xmlDocPtr doc = NULL;
    rk_status st = read_schema_file(path, &doc, err);
    if (st == RK_OK)
        st = check_refs(doc, path, top, depth, err);
    xmlFreeDoc(doc);
    return st;
}

/* Compiles the schema document doc (read from path), which it frees. */
static xmlRelaxNGPtr parse_schema_doc(xmlDocPtr doc, const char *path, rk_error *err)
{
    errctx ec = {.path = path};
    xmlRelaxNGPtr s = NULL;
    /* The parser context works on a copy of the document. */
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewDocParserCtxt(doc);
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, on_xml_error, &ec);
        n_schema_parses++;
        s = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    xmlFreeDoc(doc);
    if (!s) {
        if (ec.have)
            *err = ec.first;
        else
            rk_error_set(err, RK_ERR_RULES, path, 0, 0, "cannot load the rule schema");
        err->code = RK_ERR_RULES;
    }
    return s;
}

/* Loads the RELAX NG schema at path after checking that it and every file
 * it includes lie in the folder tree of the rules (dir): the schema of a
 * rule folder is data like its rules, and libxml2's RELAX NG loader reads
 * includes with neither XML_PARSE_NONET nor a folder limit. */
static xmlRelaxNGPtr load_schema(const char *path, const char *dir, rk_error *err)
{
    char *top = realpath(dir, NULL);
    char *real = realpath(path, NULL);
    xmlDocPtr doc = NULL;
    rk_status st = RK_OK;
    if (!real || !top) {
        st = rk_error_set(err, RK_ERR_RULES, path, 0, 0, "cannot open the rule schema: %s",
                          strerror(errno));
    } else {
        /* A schema the caller names from elsewhere may include files of
         * its own folder. */
        if (!inside(real, top)) {
            free(top);
            top = rk_strdup(real);
            char *slash = top ? strrchr(top, '/') : NULL;
            if (slash)
                *slash = '\0';
        }
        if (!top)
            st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        else if ((st = read_schema_file(real, &doc, err)) == RK_OK)
            st = check_refs(doc, real, top, 0, err);
    }
    free(real);
    free(top);
    if (st != RK_OK) {
        xmlFreeDoc(doc);
        if (err && st != RK_ERR_NOMEM)
            err->code = RK_ERR_RULES;
        return NULL;
    }
    return parse_schema_doc(doc, path, err);
}

/* ---- a schema held in memory ------------------------------------------------
 * libxml2 2.9 reads the files a RELAX NG schema includes itself, from disk,
 * with no hook short of process-wide ones. A schema in memory therefore has
 * its <include> and <externalRef> elements replaced by the files they name
 * (looked up among the files given, never on disk) before libxml2 sees it,
 * as RELAX NG's simplification (sections 4.6 and 4.7 of its specification)
 * would replace them. */

#define RNG_NS "http://relaxng.org/ns/structure/1.0"

static int is_rng(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, RNG_NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

static const rk_rules_file *find_file(const rk_rules_file *files, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(files[i].name, name) == 0)
            return &files[i];
    return NULL;
}

/* Removes from grammar g (and the <div>s in it) its <start> when start is
 * set, and its <define>s named name when name is not NULL: what an
 * <include> overrides. */
static void drop_overridden(xmlNode *g, int start, const xmlChar *name)
{
    for (xmlNode *k = g->children, *next; k; k = next) {
        next = k->next;
        if (is_rng(k, "div")) {
            drop_overridden(k, start, name);
            continue;
        }
        xmlChar *kn = is_rng(k, "define") ? xmlGetNoNsProp(k, (const xmlChar *)"name") : NULL;
        int drop = (start && is_rng(k, "start")) || (name && kn && xmlStrEqual(kn, name));
        xmlFree(kn);
        if (drop) {
            xmlUnlinkNode(k);
            xmlFreeNode(k);
        }
    }
}

/* Applies the overrides among the children of include (and of its <div>s)
 * to the included grammar g. */
static void apply_overrides(xmlNode *include, xmlNode *g)
{
    for (xmlNode *k = include->children; k; k = k->next) {
        if (is_rng(k, "div")) {
            apply_overrides(k, g);
        } else if (is_rng(k, "start")) {
            drop_overridden(g, 1, NULL);
        } else if (is_rng(k, "define")) {
            xmlChar *name = xmlGetNoNsProp(k, (const xmlChar *)"name");
            if (name)
                drop_overridden(g, 0, name);
            xmlFree(name);
        }
    }
}

static rk_status inline_refs(xmlDocPtr doc, const char *path, const rk_rules_file *files,
                             size_t n, int depth, rk_error *err);

/* Replaces the <include> or <externalRef> x of doc (read from path) by the
 * file it names. */
static rk_status inline_ref(xmlDocPtr doc, xmlNode *x, const char *path,
                            const rk_rules_file *files, size_t n, int depth, rk_error *err)
{
    int include = is_rng(x, "include");
    long line = xmlGetLineNo(x) > 0 ? xmlGetLineNo(x) : 0;
    xmlChar *href = xmlGetNoNsProp(x, (const xmlChar *)"href");
    xmlChar *uri = NULL;
    xmlDocPtr sub = NULL;
    rk_status st = RK_OK;
    const rk_rules_file *f = NULL;
    if (!href) {
        st = rk_error_set(err, RK_ERR_RULES, path, line, 0, "an %s without href",
                          include ? "include" : "externalRef");
    } else if (strchr((const char *)href, ':') || strncmp((const char *)href, "//", 2) == 0) {
        st = rk_error_set(err, RK_ERR_RULES, path, line, 0,
                          "the schema includes '%s': only files of the rule folder may "
                          "be included, never a URL", (const char *)href);
    } else if (!(uri = xmlBuildURI(href, (const xmlChar *)path))) {
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    } else if (!(f = find_file(files, n, (const char *)uri))) {
        st = rk_error_set(err, RK_ERR_RULES, path, line, 0,
                          "the schema includes '%s', which is missing", (const char *)href);
    } else if (depth >= MAX_SCHEMA_INCLUDES) {
        st = rk_error_set(err, RK_ERR_RULES, f->name, 0, 0,
                          "schema files include each other more than %d deep",
                          MAX_SCHEMA_INCLUDES);
    } else if ((st = read_schema(f->name, f->text, f->len, &sub, err)) == RK_OK) {
        st = inline_refs(sub, f->name, files, n, depth + 1, err);
    }
    xmlNode *g = st == RK_OK ? xmlDocGetRootElement(sub) : NULL;
    if (st == RK_OK && (!g || (include && !is_rng(g, "grammar"))))
        st = rk_error_set(err, RK_ERR_RULES, path, line, 0,
                          "the schema includes '%s', which is not a grammar", (const char *)href);
    xmlNode *copy = NULL;
    if (st == RK_OK) {
        if (include)
            apply_overrides(x, g);
        /* The datatype library is inherited within a file only. */
        if (!xmlHasProp(g, (const xmlChar *)"datatypeLibrary") &&
            !xmlSetProp(g, (const xmlChar *)"datatypeLibrary", (const xmlChar *)""))
            st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        else if (!(copy = xmlDocCopyNode(g, doc, 1)))
            st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    if (st == RK_OK && include) {
        /* <include> becomes a <div> holding the grammar, itself a <div>,
         * before the overrides. */
        xmlNodeSetName(copy, (const xmlChar *)"div");
        xmlNodeSetName(x, (const xmlChar *)"div");
        xmlUnsetProp(x, (const xmlChar *)"href");
        if (!(x->children ? xmlAddPrevSibling(x->children, copy) : xmlAddChild(x, copy))) {
            xmlFreeNode(copy);
            st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        }
    } else if (st == RK_OK) {
        xmlChar *ns = xmlGetNoNsProp(x, (const xmlChar *)"ns");
        if (ns && !xmlHasProp(copy, (const xmlChar *)"ns") &&
            !xmlSetProp(copy, (const xmlChar *)"ns", ns))
            st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        xmlFree(ns);
        if (st == RK_OK) {
            xmlReplaceNode(x, copy);
            xmlFreeNode(x);
        } else {
            xmlFreeNode(copy);
        }
    }
    xmlFreeDoc(sub);
    xmlFree(uri);
    xmlFree(href);
    return st;
}

/* Replaces every <include> and <externalRef> of doc, read from path. */
static rk_status inline_refs(xmlDocPtr doc, const char *path, const rk_rules_file *files,
                             size_t n, int depth, rk_error *err)
{
    /* Gathered first: replacing changes the tree being walked. */
    xmlNode **refs = NULL;
    size_t nrefs = 0, cap = 0;
    rk_status st = RK_OK;
    xmlNode *root = xmlDocGetRootElement(doc);
    for (xmlNode *x = root; x && st == RK_OK;) {
        if (is_rng(x, "include") || is_rng(x, "externalRef")) {
            xmlNode **v = nrefs == cap ? realloc(refs, (cap = cap ? 2 * cap : 8) * sizeof *v)
                                       : refs;
            if (!v)
                st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
            else
                (refs = v)[nrefs++] = x;
        }
        if (x->children && x->type == XML_ELEMENT_NODE) {
            x = x->children;
            continue;
        }
        while (x && x != root && !x->next)
            x = x->parent;
        x = x && x != root ? x->next : NULL;
    }
    for (size_t i = 0; st == RK_OK && i < nrefs; i++)
        st = inline_ref(doc, refs[i], path, files, n, depth, err);
    free(refs);
    return st;
}

/* Loads the schema held in memory as main, the files it includes looked
 * up among files. */
static xmlRelaxNGPtr load_schema_memory(const rk_rules_file *main, const rk_rules_file *files,
                                        size_t n, rk_error *err)
{
    xmlDocPtr doc = NULL;
    rk_status st = read_schema(main->name, main->text, main->len, &doc, err);
    if (st == RK_OK)
        st = inline_refs(doc, main->name, files, n, 0, err);
    if (st != RK_OK) {
        xmlFreeDoc(doc);
        if (err && st != RK_ERR_NOMEM)
            err->code = RK_ERR_RULES;
        return NULL;
    }
    return parse_schema_doc(doc, main->name, err);
}

/* ---- loading ------------------------------------------------------------- */

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const rk_rules_file *)a)->name, ((const rk_rules_file *)b)->name);
}

/* Loads the rule files (sorted by name) into r against schema; see
 * rk_rules_load() for diag. */
static rk_status load_files(rk_rules *r, const rk_rules_file *files, size_t n,
                            schema_ref *schema, rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    rk_status bad = RK_OK;
    for (size_t i = 0; i < n; i++) {
        rk_error e;
        rk_error_clear(&e);
        rk_status s = load_one(r, &files[i], schema, &e);
        if (s == RK_OK)
            continue;
        if (s == RK_ERR_NOMEM || schema->broken) {
            if (err)
                *err = e;
            return s;
        }
        if (bad == RK_OK && err)
            *err = e;
        bad = s;
        if (!diag)
            break;
        diag(diag_ctx, &e);
    }
    return bad;
}

/* A new, empty rule set labelled dir; NULL when out of memory. */
static rk_rules *rules_new(const char *dir)
{
    rk_rules *r = calloc(1, sizeof *r);
    if (r && (!(r->arena = rk_arena_new()) || !(r->dir = rk_strdup(dir)))) {
        rk_rules_free(r);
        return NULL;
    }
    return r;
}

/* The result s of loading a schema, a failed allocation anywhere since
 * failures counting as out of memory: libxml2's RELAX NG parser may build
 * a schema short of what an allocation failed for, and return it. */
static rk_status schema_result(xmlRelaxNGPtr s, unsigned long failures, const char *path,
                               xmlRelaxNGPtr *out, rk_error *err)
{
    *out = NULL;
    if (rk_alloc_failures() != failures) {
        if (s)
            xmlRelaxNGFree(s);
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    if (!s)
        return err && err->code == RK_ERR_NOMEM ? RK_ERR_NOMEM : RK_ERR_RULES;
    *out = s;
    return RK_OK;
}

/* ---- files the build validated -------------------------------------------
 * Validating the shipped rules against the RELAX NG schema cost a fifth of
 * a run over one article (compiling the schema and validating some 200 KB
 * of rules: some 40 of 190 million instructions), and it answers the same
 * question every time. So the build answers it once: rules_embed
 * (rules_embed.c) loads each shipped rule file through this very loader,
 * with the same libxml2 and the same schema, and embeds in the program the
 * bytes of the schema files and of every rule file that passed, with the
 * tree the loader made of it (known.h). At run time a rule file is neither
 * validated nor parsed again, but given that tree, when its bytes are, byte
 * for byte (length, then memcmp: no hash to collide), those of a file that
 * passed, and the schema is, byte for byte, the build's, and libxml2 is
 * the version the build ran; the schema is compiled only when some file
 * still needs it. Everything else (an edited rule, a user's own folder, an
 * event's rules, a changed schema, another libxml2) is validated as it
 * always was, with the same errors. Validity depends on the bytes of the
 * document and of the schema alone, which is what is compared: the name
 * or folder of a file does not enter it. */

/* Is libxml2 the version the build validated with (and did it embed a
 * schema at all)? */
static int known_libxml(void)
{
    return rk_rules_known.n_schemas > 0 && strcmp(rk_rules_known.libxml, xmlParserVersion) == 0;
}

/* Does the regular file at path hold exactly bytes[0..len)? Reads it in
 * chunks, allocating nothing. With nofollow, a symbolic link is not
 * followed (and so is not the file). */
static int file_holds(const char *path, int nofollow, const unsigned char *bytes, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
    if (fd < 0)
        return 0;
    struct stat sb;
    int same = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= 0 &&
               (unsigned long long)sb.st_size == (unsigned long long)len;
    size_t at = 0;
    char chunk[8192];
    while (same) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            same = got == 0;
            break;
        }
        same = (size_t)got <= len - at && memcmp(chunk, bytes + at, (size_t)got) == 0;
        at += (size_t)got;
    }
    close(fd);
    return same && at == len;
}

/* Is the schema at path, as load_schema(path, dir) would read it, the
 * build's? Its real path holds the build's rules.rng, and each other file
 * of the build's schema lies beside it, itself and no link, with the
 * build's bytes: rules_embed made sure that the build's schema files
 * include only each other, by plain names, so these are the files libxml2
 * would read, and they lie in the rule folder as load_schema() demands. */
static int schema_known_disk(const char *path, const char *dir)
{
    if (!known_libxml())
        return 0;
    /* load_schema() refuses a schema or folder with no real path. */
    char *top = realpath(dir, NULL);
    char *real = realpath(path, NULL);
    int known = top && real;
    char *slash = real ? strrchr(real, '/') : NULL;
    for (size_t i = 0; known && i < rk_rules_known.n_schemas; i++) {
        const rk_known_file *k = &rk_rules_known.schemas[i];
        char beside[PATH_MAX];
        if (strcmp(k->name, "rules.rng") == 0) {
            known = file_holds(real, 0, k->bytes, k->len);
        } else {
            int w = slash ? snprintf(beside, sizeof beside, "%.*s/%s", (int)(slash - real), real,
                                     k->name)
                          : -1;
            known = w > 0 && (size_t)w < sizeof beside &&
                    file_holds(beside, 1, k->bytes, k->len);
        }
    }
    free(real);
    free(top);
    return known;
}

/* Is the schema among files (main, "schema/rules.rng", and the files it
 * includes, looked up among them by name) the build's? */
static int schema_known_memory(const rk_rules_file *files, size_t n)
{
    if (!known_libxml())
        return 0;
    for (size_t i = 0; i < rk_rules_known.n_schemas; i++) {
        const rk_known_file *k = &rk_rules_known.schemas[i];
        char name[PATH_MAX];
        int w = snprintf(name, sizeof name, "schema/%s", k->name);
        const rk_rules_file *f = w > 0 && (size_t)w < sizeof name ? find_file(files, n, name)
                                                                   : NULL;
        if (!f || f->len != k->len || memcmp(f->text, k->bytes, k->len) != 0)
            return 0;
    }
    return 1;
}

/* The file the build validated, against schema, whose bytes are
 * data[0..len), or NULL. */
static const rk_known_file *rule_known(const schema_ref *s, const char *data, size_t len)
{
    if (!s->known)
        return NULL;
    for (size_t i = 0; i < rk_rules_known.n_rules; i++) {
        const rk_known_file *k = &rk_rules_known.rules[i];
        if (k->len == len && memcmp(k->bytes, data, len) == 0)
            return k;
    }
    return NULL;
}

/* Reads four bytes, least significant first, at *p. */
static uint32_t tree_u32(const unsigned char **p)
{
    const unsigned char *b = *p;
    *p += 4;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* Reads a NUL-terminated string at *p: it stays where it is, in the
 * program's data, which outlives every rule set. */
static const char *tree_str(const unsigned char **p)
{
    const char *s = (const char *)*p;
    *p += strlen(s) + 1;
    return s;
}

/* The node at *p (known.h's format) and its children, in arena a; NULL
 * when out of memory. The build wrote it from a tree copy_tree() made, so
 * it is that tree: no deeper than MAX_RULE_DEPTH, within its bytes. */
static rk_rnode *tree_node(rk_arena *a, const char *file, const unsigned char **p)
{
    rk_rnode *n = rk_arena_alloc(a, sizeof *n);
    if (!n)
        return NULL;
    memset(n, 0, sizeof *n);
    n->file = file;
    n->line = (long)tree_u32(p);
    n->name = tree_str(p);
    size_t na = tree_u32(p);
    const char **attrs = rk_arena_alloc(a, (2 * na + 1) * sizeof(char *));
    if (!attrs)
        return NULL;
    for (size_t i = 0; i < 2 * na; i++)
        attrs[i] = tree_str(p);
    attrs[2 * na] = NULL;
    n->attrs = attrs;
    n->text = tree_str(p);
    size_t nk = tree_u32(p);
    n->kids = rk_arena_alloc(a, (nk ? nk : 1) * sizeof(rk_rnode *));
    if (!n->kids)
        return NULL;
    for (size_t k = 0; k < nk; k++)
        if (!(n->kids[n->n_kids++] = tree_node(a, file, p)))
            return NULL;
    return n;
}

/* Adds the tree the build made of known file k, as rule file name, to r:
 * what parsing its bytes again would add. */
static rk_status add_known_tree(rk_rules *r, const char *name, const rk_known_file *k,
                                rk_error *err)
{
    const unsigned char *p = k->tree;
    char *file = rk_arena_strdup(r->arena, name);
    rk_rnode *root = file ? tree_node(r->arena, file, &p) : NULL;
    if (!root)
        return rk_error_set(err, RK_ERR_NOMEM, name, 0, 0, "out of memory");
    if (p != k->tree + k->tree_len)
        return rk_error_set(err, RK_ERR_INTERNAL, name, 0, 0, "the build's tree of it is broken");
    /* still the build's set so far: every file before is the build's own,
     * in its order, and this is the next one */
    if (r->n_build == r->n_files && r->n_files < rk_rules_known.n_rules &&
        k == &rk_rules_known.rules[r->n_files])
        r->n_build++;
    return add_root(r, name, root, err);
}

size_t rk_rules_build_files(const rk_rules *r)
{
    return r && rk_rules_known.n_rules && r->n_build == rk_rules_known.n_rules ? r->n_build : 0;
}

int rk_rules_is_build_set(const rk_rules *r)
{
    return rk_rules_build_files(r) && r->n_files == r->n_build;
}

int rk_rules_build_sections(const rk_rules *r, const char *section)
{
    size_t n = rk_rules_build_files(r);
    if (!n)
        return 0;
    for (size_t i = n; i < r->n_files; i++)
        for (size_t k = 0; k < r->files[i]->n_kids; k++)
            if (strcmp(r->files[i]->kids[k]->name, section) == 0)
                return 0;
    return 1;
}

/* Compiles the schema when it is not yet. */
static rk_status schema_get(schema_ref *s, rk_error *err)
{
    if (s->rng)
        return RK_OK;
    unsigned long failures = rk_alloc_failures();
    xmlRelaxNGPtr x = s->main ? load_schema_memory(s->main, s->files, s->n, err)
                              : load_schema(s->path, s->dir, err);
    rk_status st = schema_result(x, failures, s->main ? s->main->name : s->path, &s->rng, err);
    s->broken = st != RK_OK;
    return st;
}

rk_status rk_rules_load(const char *dir, const char *schema_path, rk_rules **out,
                        rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    return rk_rules_load_layers(dir, NULL, 0, schema_path, out, diag, diag_ctx, err);
}

rk_status rk_rules_load_layers(const char *dir, const char *const *layers, size_t n_layers,
                               const char *schema_path, rk_rules **out, rk_diag_fn diag,
                               void *diag_ctx, rk_error *err)
{
    *out = NULL;
    rk_status st = RK_OK;
    pathlist files = {0};
    rk_rules_file *list = NULL;
    schema_ref schema = {.dir = dir};
    rk_buf sp = RK_BUF_INIT;
    rk_rules *r = rules_new(dir);
    if (!r) {
        st = rk_error_set(err, RK_ERR_NOMEM, dir, 0, 0, "out of memory");
        goto done;
    }
    if (!schema_path) {
        if (rk_buf_printf(&sp, "%s/schema/rules.rng", dir) < 0) {
            st = rk_error_set(err, RK_ERR_NOMEM, dir, 0, 0, "out of memory");
            goto done;
        }
        schema_path = sp.data;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        st = rk_error_set(err, RK_ERR_RULES, dir, 0, 0, "not a rule directory");
        goto done;
    }
    schema.path = schema_path;
    schema.known = schema_known_disk(schema_path, dir);
    if (!schema.known && (st = schema_get(&schema, err)) != RK_OK)
        goto done;
    if ((st = collect(dir, 0, &files, err)) != RK_OK)
        goto done;
    if (files.n == 0) {
        st = rk_error_set(err, RK_ERR_RULES, dir, 0, 0, "no rule files (*.xml) found");
        goto done;
    }
    qsort(files.v, files.n, sizeof *files.v, cmp_str);
    for (size_t i = 0; i < n_layers; i++) { /* each layer after, in name order */
        size_t from = files.n;
        if (stat(layers[i], &sb) != 0 || !S_ISDIR(sb.st_mode)) {
            st = rk_error_set(err, RK_ERR_RULES, layers[i], 0, 0, "not a rule directory");
            goto done;
        }
        if ((st = collect(layers[i], 0, &files, err)) != RK_OK)
            goto done;
        qsort(files.v + from, files.n - from, sizeof *files.v, cmp_str);
    }
    if (!(list = calloc(files.n, sizeof *list))) {
        st = rk_error_set(err, RK_ERR_NOMEM, dir, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < files.n; i++)
        list[i].name = files.v[i];
    st = load_files(r, list, files.n, &schema, diag, diag_ctx, err);
done:
    if (schema.rng)
        xmlRelaxNGFree(schema.rng);
    free(list);
    pathlist_free(&files);
    rk_buf_free(&sp);
    if (st != RK_OK) {
        rk_rules_free(r);
        return st;
    }
    *out = r;
    return RK_OK;
}

/* The folder of path, for a schema given from elsewhere. The caller frees
 * it with free(). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash == path ? rk_strdup("/") : slash ? rk_strndup(path, (size_t)(slash - path))
                                                  : rk_strdup(".");
}

rk_status rk_rules_load_memory(const rk_rules_file *files, size_t n, const char *schema_path,
                               rk_rules **out, rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    *out = NULL;
    rk_status st = RK_OK;
    schema_ref schema = {0};
    rk_rules_file *list = NULL;
    size_t nlist = 0;
    char *folder = NULL;
    const rk_rules_file *main = find_file(files, n, "schema/rules.rng");
    rk_rules *r = rules_new("");
    if (!r || !(list = calloc(n ? n : 1, sizeof *list))) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (find_file(files, i, files[i].name)) {
            st = rk_error_set(err, RK_ERR_USAGE, files[i].name, 0, 0,
                              "a rule file name given twice");
            goto done;
        }
        /* What a folder walk would load: *.xml outside the top schema/,
         * none hidden. */
        const char *nm = files[i].name;
        if (ends_with(nm, ".xml") && strncmp(nm, "schema/", 7) != 0 && nm[0] != '.' &&
            !strstr(nm, "/."))
            list[nlist++] = files[i];
    }
    if (!main && !schema_path) {
        st = rk_error_set(err, RK_ERR_RULES, NULL, 0, 0,
                          "no schema/rules.rng among the rule files and no schema given");
        goto done;
    }
    if (main) {
        schema = (schema_ref){.main = main, .files = files, .n = n};
        schema.known = schema_known_memory(files, n);
    } else if (!(folder = folder_of(schema_path))) {
        st = rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    } else {
        schema = (schema_ref){.path = schema_path, .dir = folder};
        schema.known = schema_known_disk(schema_path, folder);
    }
    if (!schema.known && (st = schema_get(&schema, err)) != RK_OK)
        goto done;
    if (nlist == 0) {
        st = rk_error_set(err, RK_ERR_RULES, NULL, 0, 0, "no rule files (*.xml) given");
        goto done;
    }
    qsort(list, nlist, sizeof *list, cmp_file);
    st = load_files(r, list, nlist, &schema, diag, diag_ctx, err);
done:
    if (schema.rng)
        xmlRelaxNGFree(schema.rng);
    free(list);
    free(folder);
    if (st != RK_OK) {
        rk_rules_free(r);
        return st;
    }
    *out = r;
    return RK_OK;
}

rk_status rk_rules_each(const rk_rules *r, const char *section, rk_rules_section_fn fn, void *ctx,
                        rk_error *err)
{
    for (size_t i = 0; i < r->n_files; i++) {
        const rk_rnode *root = r->files[i];
        const char *lang = rk_rnode_attr(root, "lang");
        for (size_t k = 0; k < root->n_kids; k++) {
            if (strcmp(root->kids[k]->name, section) != 0)
                continue;
            rk_status st = fn(ctx, root->kids[k], lang, err);
            if (st != RK_OK)
                return st;
        }
    }
    return RK_OK;
}

const rk_rnode *rk_rules_find(const rk_rules *r, const char *section, const char *element,
                              const char *attr, const char *value)
{
    for (size_t i = 0; r && i < r->n_files; i++) {
        const rk_rnode *root = r->files[i];
        for (size_t k = 0; k < root->n_kids; k++) {
            const rk_rnode *sec = root->kids[k];
            if (strcmp(sec->name, section) != 0)
                continue;
            for (size_t j = 0; j < sec->n_kids; j++) {
                const char *v = rk_rnode_attr(sec->kids[j], attr);
                if (strcmp(sec->kids[j]->name, element) == 0 && v && strcmp(v, value) == 0)
                    return sec->kids[j];
            }
        }
    }
    return NULL;
}

static int is_rule_dir(const char *p)
{
    struct stat sb;
    rk_buf b = RK_BUF_INIT;
    if (!p || !*p || rk_buf_printf(&b, "%s/schema/rules.rng", p) < 0)
        return 0;
    int ok = stat(b.data, &sb) == 0 && S_ISREG(sb.st_mode);
    rk_buf_free(&b);
    return ok;
}

char *rk_rules_default_dir(const char *argv0)
{
    /* Beside the binary: BIN/../share/reckon/rules for an installed reckon. */
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0 && argv0) {
        snprintf(exe, sizeof exe, "%s", argv0);
        n = (ssize_t)strlen(exe);
    }
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            rk_buf b = RK_BUF_INIT;
            rk_buf_printf(&b, "%s/../share/reckon/rules", exe);
            if (is_rule_dir(b.data))
                return rk_buf_detach(&b, NULL);
            rk_buf_reset(&b);
            rk_buf_printf(&b, "%s/rules", exe);
            if (is_rule_dir(b.data))
                return rk_buf_detach(&b, NULL);
            rk_buf_free(&b);
        }
    }
    if (is_rule_dir(RK_INSTALLED_RULES_DIR))
        return rk_strdup(RK_INSTALLED_RULES_DIR);
    if (is_rule_dir(RK_SOURCE_RULES_DIR))
        return rk_strdup(RK_SOURCE_RULES_DIR);
    return NULL;
}

void rk_rules_free(rk_rules *r)
{
    if (!r)
        return;
    rk_arena_free(r->arena);
    free(r->files);
    free(r->dir);
    free(r);
}
