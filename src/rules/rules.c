/* rules.c - loading a rule directory: find the files, parse them safely,
 * validate them against the RELAX NG schema, and copy them into rk_rnode
 * trees so that no other module touches libxml2. */
#include "rules.h"
#include "../core/arena.h"
#include "../core/alloc.h"
#include "../core/buf.h"

#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <limits.h>
#include <stdarg.h>
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

static rk_status load_one_(rk_rules *r, const char *path, xmlRelaxNGPtr schema, rk_error *err);

/* libxml2 reports a failed allocation as a parse or validation error (or
 * not at all): any allocation failure during a load makes it out of
 * memory. */
static rk_status load_one(rk_rules *r, const char *path, xmlRelaxNGPtr schema, rk_error *err)
{
    unsigned long failures = rk_alloc_failures();
    rk_status st = load_one_(r, path, schema, err);
    if (st != RK_OK && rk_alloc_failures() != failures)
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    return st;
}

static rk_status load_one_(rk_rules *r, const char *path, xmlRelaxNGPtr schema, rk_error *err)
{
    errctx ec = {.path = path};
    rk_status st = RK_OK;
    xmlDocPtr doc = NULL;
    xmlRelaxNGValidCtxtPtr vctx = NULL;
    char *data = NULL;
    size_t len = 0;
    st = rk_file_read(path, MAX_RULE_FILE_BYTES, &data, &len, err);
    if (st == RK_ERR_LIMIT)
        rk_error_set(err, RK_ERR_RULES, path, 0, 0,
                     "a rule file larger than %zu MiB (the limit for rule files)",
                     MAX_RULE_FILE_BYTES >> 20);
    if (st == RK_ERR_NOMEM)
        return st;
    if (st != RK_OK) {
        err->code = RK_ERR_RULES;
        return RK_ERR_RULES;
    }
    if (len > INT_MAX) {
        free(data);
        return rk_error_set(err, RK_ERR_RULES, path, 0, 0, "rule file too large");
    }
    /* A DTD is refused before parsing, so neither external entities nor
     * entity bombs ever reach the parser. */
    const char *dt = strstr(data, "<!DOCTYPE");
    if (dt) {
        long line = 1;
        for (const char *p = data; p < dt; p++)
            line += *p == '\n';
        free(data);
        return rk_error_set(err, RK_ERR_RULES, path, line, 0, "rule files may not have a DOCTYPE");
    }
    xmlParserCtxtPtr pctx = xmlNewParserCtxt();
    if (!pctx) {
        free(data);
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    catch_parse_errors(pctx, &ec);
    /* NONET: never fetch; no NOENT: entities are never substituted. */
    doc = xmlCtxtReadMemory(pctx, data, (int)len, path, "UTF-8", XML_PARSE_NONET);
    if (!doc || ec.have) {
        st = ec.have ? (*err = ec.first, RK_ERR_RULES)
                     : rk_error_set(err, RK_ERR_RULES, path, 0, 0, "not a well-formed XML file");
        goto done;
    }
    if (doc->intSubset || doc->extSubset) {
        xmlNodePtr dtd = (xmlNodePtr)(doc->intSubset ? doc->intSubset : doc->extSubset);
        st = rk_error_set(err, RK_ERR_RULES, path, xmlGetLineNo(dtd) > 0 ? xmlGetLineNo(dtd) : 1,
                          0, "rule files may not have a DOCTYPE");
        goto done;
    }
    vctx = xmlRelaxNGNewValidCtxt(schema);
    if (!vctx) {
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    xmlRelaxNGSetValidStructuredErrors(vctx, on_xml_error, &ec);
    if (xmlRelaxNGValidateDoc(vctx, doc) != 0) {
        st = ec.have ? (*err = ec.first, RK_ERR_RULES)
                     : rk_error_set(err, RK_ERR_RULES, path, 0, 0, "does not match the rule schema");
        goto done;
    }
    char *file = rk_arena_strdup(r->arena, path);
    int too_deep = 0;
    rk_rnode *root = file ? copy_tree(r->arena, file, xmlDocGetRootElement(doc), 0, &too_deep)
                          : NULL;
    if (!root) {
        st = too_deep ? rk_error_set(err, RK_ERR_RULES, path, 0, 0,
                                     "elements nested more than %d deep", MAX_RULE_DEPTH)
                      : rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    rk_rnode **files = realloc(r->files, (r->n_files + 1) * sizeof *files);
    if (!files) {
        st = rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    r->files = files;
    r->files[r->n_files++] = root;
done:
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(pctx);
    free(data);
    return st;
}

/* ---- the schema, which may include files of its folder only ------------- */

/* Schema files included at most this deep. */
#define MAX_SCHEMA_INCLUDES 16

/* Parses a schema file without network access or a DTD. *out: the caller
 * frees it with xmlFreeDoc(). */
static rk_status read_schema_file(const char *path, xmlDocPtr *out, rk_error *err)
{
    errctx ec = {.path = path};
    *out = NULL;
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    if (!pc)
        return rk_error_set(err, RK_ERR_NOMEM, path, 0, 0, "out of memory");
    catch_parse_errors(pc, &ec);
    xmlDocPtr doc = xmlCtxtReadFile(pc, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                        XML_PARSE_NOWARNING);
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
        /* Document order, iteratively. */
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        n = n && n != root ? n->next : NULL;
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

/* Loads the RELAX NG schema at path after checking that it and every file
 * it includes lie in the folder tree of the rules (dir): the schema of a
 * rule folder is data like its rules, and libxml2's RELAX NG loader reads
 * includes with neither XML_PARSE_NONET nor a folder limit. */
static xmlRelaxNGPtr load_schema(const char *path, const char *dir, rk_error *err)
{
    char *top = realpath(dir, NULL);
    char *real = realpath(path, NULL);
    xmlRelaxNGPtr s = NULL;
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
    errctx ec = {.path = path};
    /* The parser context works on a copy of the document. */
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewDocParserCtxt(doc);
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, on_xml_error, &ec);
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

rk_status rk_rules_load(const char *dir, const char *schema_path, rk_rules **out,
                        rk_diag_fn diag, void *diag_ctx, rk_error *err)
{
    *out = NULL;
    rk_status st = RK_OK, bad = RK_OK;
    pathlist files = {0};
    xmlRelaxNGPtr schema = NULL;
    rk_buf sp = RK_BUF_INIT;
    rk_rules *r = calloc(1, sizeof *r);
    if (!r || !(r->arena = rk_arena_new()) || !(r->dir = rk_strdup(dir))) {
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
    /* libxml2's RELAX NG parser may also build a schema short of what an
     * allocation failed for, and return it. */
    unsigned long failures = rk_alloc_failures();
    schema = load_schema(schema_path, dir, err);
    if (rk_alloc_failures() != failures) {
        st = rk_error_set(err, RK_ERR_NOMEM, schema_path, 0, 0, "out of memory");
        goto done;
    }
    if (!schema) {
        st = RK_ERR_RULES;
        goto done;
    }
    if ((st = collect(dir, 0, &files, err)) != RK_OK)
        goto done;
    if (files.n == 0) {
        st = rk_error_set(err, RK_ERR_RULES, dir, 0, 0, "no rule files (*.xml) found");
        goto done;
    }
    qsort(files.v, files.n, sizeof *files.v, cmp_str);
    for (size_t i = 0; i < files.n; i++) {
        rk_error e;
        rk_error_clear(&e);
        rk_status s = load_one(r, files.v[i], schema, &e);
        if (s == RK_OK)
            continue;
        if (s == RK_ERR_NOMEM) {
            if (err)
                *err = e;
            bad = s;
            break;
        }
        if (bad == RK_OK && err)
            *err = e;
        bad = s;
        if (!diag)
            break;
        diag(diag_ctx, &e);
    }
    st = bad;
done:
    if (schema)
        xmlRelaxNGFree(schema);
    pathlist_free(&files);
    rk_buf_free(&sp);
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
    const char *env = getenv("RECKON_RULES");
    if (env && *env)
        return rk_strdup(env);
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
