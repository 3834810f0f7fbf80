/* rules.c - loading a rule directory: find the files, parse them safely,
 * validate them against the RELAX NG schema, and copy them into rk_rnode
 * trees so that no other module touches libxml2. */
#include "rules.h"
#include "../core/arena.h"
#include "../core/buf.h"

#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
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

static const char *local_name(const xmlNode *n)
{
    return (const char *)n->name;
}

static rk_rnode *copy_tree(rk_arena *a, const char *file, xmlNode *x, int depth)
{
    if (depth > MAX_RULE_DEPTH)
        return NULL;
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
        xmlChar *v = xmlNodeGetContent((xmlNode *)at);
        n->attrs[i++] = rk_arena_strdup(a, (const char *)at->name);
        n->attrs[i++] = rk_arena_strdup(a, v ? (const char *)v : "");
        xmlFree(v);
        if (!n->attrs[i - 1] || !n->attrs[i - 2])
            return NULL;
    }
    n->attrs[i] = NULL;
    size_t nkids = 0;
    rk_buf text = RK_BUF_INIT;
    for (xmlNode *k = x->children; k; k = k->next) {
        if (k->type == XML_ELEMENT_NODE)
            nkids++;
        else if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
            rk_buf_puts(&text, (const char *)k->content);
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
        rk_rnode *c = copy_tree(a, file, k, depth + 1);
        if (!c)
            return NULL;
        n->kids[n->n_kids++] = c;
    }
    return n;
}

static rk_status load_one(rk_rules *r, const char *path, xmlRelaxNGPtr schema, rk_error *err)
{
    errctx ec = {.path = path};
    rk_status st = RK_OK;
    xmlDocPtr doc = NULL;
    xmlRelaxNGValidCtxtPtr vctx = NULL;
    char *data = NULL;
    size_t len = 0;
    st = rk_file_read(path, MAX_RULE_FILE_BYTES, &data, &len, err);
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
    xmlSetStructuredErrorFunc(&ec, on_xml_error);
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
    rk_rnode *root = file ? copy_tree(r->arena, file, xmlDocGetRootElement(doc), 0) : NULL;
    if (!root) {
        st = rk_error_set(err, RK_ERR_RULES, path, 0, 0, "out of memory or nested too deep");
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
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlRelaxNGFreeValidCtxt(vctx);
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(pctx);
    free(data);
    return st;
}

static xmlRelaxNGPtr load_schema(const char *path, rk_error *err)
{
    errctx ec = {.path = path};
    xmlSetStructuredErrorFunc(&ec, on_xml_error);
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(path);
    xmlRelaxNGPtr s = NULL;
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, on_xml_error, &ec);
        s = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
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
        rk_buf_printf(&sp, "%s/schema/rules.rng", dir);
        schema_path = sp.data;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        st = rk_error_set(err, RK_ERR_RULES, dir, 0, 0, "not a rule directory");
        goto done;
    }
    if (!(schema = load_schema(schema_path, err))) {
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
