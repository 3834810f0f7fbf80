/* rules_embed.c - at build time, validates the shipped rule files through
 * the project's own loader and writes known_rules.c, which embeds the
 * schema and the files that passed, so that the loader need not validate
 * them again at run time (see "files the build validated" in rules.c).
 *
 * usage: rules_embed RULES_DIR OUT.c DEPFILE
 *
 * Every file of RULES_DIR/schema/ is embedded as the schema, provided they
 * include only each other, by plain names (the loader checks a schema at
 * run time by reading those names beside rules.rng); otherwise none is, and
 * every rule file is validated at run time. A rule file is embedded when
 * the loader, linked here with known_none.c so that it validates all it
 * is given, accepts it both against the schema on disk and against the
 * schema given in memory (rk_rules_load() and rk_rules_load_memory() read
 * a schema each their own way); a file it refuses is left out, and is
 * reported at run time as it always was. DEPFILE lists every file and
 * folder read, so that the build runs this again when a rule or schema
 * file changes, appears or goes. OUT.c is written whole or not at all. */
#include "known.h"
#include "rules.h"
#include "rules_internal.h"
#include "../core/buf.h"
#include "../core/out.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A file read: its name relative to the rule folder and its bytes; for a
 * rule file the loader accepted, the tree it made (known.h's format). */
typedef struct item {
    char *name;
    char *text;
    size_t len;
    char *tree;
    size_t tree_len;
} item;

typedef struct list {
    item *v;
    size_t n, cap;
} list;

static int list_push(list *l, char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        item *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (item){name, NULL, 0, NULL, 0};
    return 0;
}

static void list_free(list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].text);
        free(l->v[i].tree);
    }
    free(l->v);
}

static int cmp_item(const void *a, const void *b)
{
    return strcmp(((const item *)a)->name, ((const item *)b)->name);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Gathers below top/rel (rel "" for top itself) the files ending in
 * suffix, as the loader's folder walk does: hidden entries skipped, and
 * at the top the folder skip (unless NULL); in the folders below too when
 * deep. Each folder read goes into dirs, for the depfile. Returns 0, or -1
 * with a message printed. */
static int walk(const char *top, const char *rel, const char *suffix, const char *skip,
                int deep, int depth, list *out, list *dirs)
{
    rk_buf path = RK_BUF_INIT;
    if (rk_buf_printf(&path, "%s%s%s", top, *rel ? "/" : "", rel) < 0)
        return -1;
    DIR *d = depth > 16 ? NULL : opendir(path.data);
    if (!d) {
        fprintf(stderr, "rules_embed: %s: cannot open the folder\n", path.data);
        rk_buf_free(&path);
        return -1;
    }
    int rc = list_push(dirs, rk_buf_detach(&path, NULL));
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.' || (depth == 0 && skip && strcmp(e->d_name, skip) == 0))
            continue;
        rk_buf sub = RK_BUF_INIT, full = RK_BUF_INIT;
        struct stat sb;
        if (rk_buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) < 0 ||
            rk_buf_printf(&full, "%s/%s", top, sub.data) < 0) {
            rc = -1;
        } else if (stat(full.data, &sb) != 0) {
            /* The loader skips what it cannot stat; so does this. */
        } else if (S_ISDIR(sb.st_mode)) {
            if (deep)
                rc = walk(top, sub.data, suffix, skip, deep, depth + 1, out, dirs);
        } else if (S_ISREG(sb.st_mode) && ends_with(e->d_name, suffix)) {
            rc = list_push(out, rk_buf_detach(&sub, NULL));
        }
        rk_buf_free(&sub);
        rk_buf_free(&full);
    }
    closedir(d);
    return rc;
}

/* Reads every file of l from below top. */
static int read_all(const char *top, list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        rk_buf p = RK_BUF_INIT;
        rk_error e;
        rk_error_clear(&e);
        if (rk_buf_printf(&p, "%s/%s", top, l->v[i].name) < 0)
            return -1;
        rk_status st = rk_file_read(p.data, 0, &l->v[i].text, &l->v[i].len, &e);
        rk_buf_free(&p);
        if (st != RK_OK) {
            fprintf(stderr, "rules_embed: %s: %s\n", e.file, e.message);
            return -1;
        }
    }
    return 0;
}

static const item *find(const list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return &l->v[i];
    return NULL;
}

/* Do the schema files include only each other, by plain names? The loader
 * checks at run time that a schema is the build's by reading these names
 * beside rules.rng; a file included from elsewhere would go unchecked. */
static int schema_closed(const list *schemas)
{
    if (!find(schemas, "rules.rng")) {
        fprintf(stderr, "rules_embed: no schema/rules.rng\n");
        return 0;
    }
    int closed = 1;
    for (size_t i = 0; closed && i < schemas->n; i++) {
        const item *s = &schemas->v[i];
        xmlDocPtr doc = s->len <= 0x7fffffff
                            ? xmlReadMemory(s->text, (int)s->len, s->name, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING)
                            : NULL;
        xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
        if (!root) {
            fprintf(stderr, "rules_embed: schema/%s: not well-formed\n", s->name);
            closed = 0;
        }
        for (xmlNode *n = root; n && closed;) {
            if (n->type == XML_ELEMENT_NODE && (xmlStrEqual(n->name, BAD_CAST "include") ||
                                                xmlStrEqual(n->name, BAD_CAST "externalRef"))) {
                xmlChar *href = xmlGetNoNsProp(n, BAD_CAST "href");
                if (!href || strchr((const char *)href, '/') ||
                    strchr((const char *)href, ':') || !find(schemas, (const char *)href)) {
                    fprintf(stderr, "rules_embed: schema/%s: includes '%s', not a file of the "
                                    "schema folder by a plain name\n",
                            s->name, href ? (const char *)href : "");
                    closed = 0;
                }
                xmlFree(href);
            }
            n = rk_rules_xml_next(n, root);
        }
        xmlFreeDoc(doc);
    }
    return closed;
}

/* Appends v, least significant byte first. */
static int put_u32(rk_buf *b, size_t v)
{
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    return v > UINT32_MAX ? -1 : rk_buf_append(b, (const char *)x, 4);
}

/* Appends s and its NUL. */
static int put_str(rk_buf *b, const char *s)
{
    return rk_buf_append(b, s, strlen(s) + 1);
}

/* Appends node n and its children in known.h's format. */
static int put_node(rk_buf *b, const rk_rnode *n)
{
    size_t na = 0;
    while (n->attrs[2 * na])
        na++;
    if (n->line < 0 || put_u32(b, (size_t)n->line) < 0 || put_str(b, n->name) < 0 ||
        put_u32(b, na) < 0)
        return -1;
    for (size_t i = 0; i < 2 * na; i++)
        if (put_str(b, n->attrs[i]) < 0)
            return -1;
    if (put_str(b, n->text) < 0 || put_u32(b, n->n_kids) < 0)
        return -1;
    for (size_t k = 0; k < n->n_kids; k++)
        if (put_node(b, n->kids[k]) < 0)
            return -1;
    return 0;
}

/* Does the loader accept rule file f, validating it, against the schema of
 * top on disk and against the same schema given in memory (mem[0..nmem),
 * f's place at its end)? Returns 1, 0 (with the reason printed) or -1 when
 * the loader did not validate: this program must not be linked with an
 * embedded set. When it does, f->tree is the tree the loader made of it. */
static int accepted(const char *top, item *f, rk_rules_file *mem, size_t nmem)
{
    rk_rules_file one = {f->name, f->text, f->len};
    rk_buf schema = RK_BUF_INIT;
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    if (rk_buf_printf(&schema, "%s/schema/rules.rng", top) < 0)
        return -1;
    unsigned long before = rk_rules_validations();
    rk_status st = rk_rules_load_memory(&one, 1, schema.data, &r, NULL, NULL, &e);
    if (st == RK_OK) {
        rk_buf t = RK_BUF_INIT;
        if (r->n_files != 1 || put_node(&t, r->files[0]) < 0) {
            fprintf(stderr, "rules_embed: %s: cannot write its tree\n", f->name);
            rk_buf_free(&t);
            rk_rules_free(r);
            return -1;
        }
        f->tree = rk_buf_detach(&t, &f->tree_len);
    }
    rk_rules_free(r);
    r = NULL;
    rk_buf_free(&schema);
    if (st == RK_OK) {
        mem[nmem - 1] = one;
        st = rk_rules_load_memory(mem, nmem, NULL, &r, NULL, NULL, &e);
        rk_rules_free(r);
    }
    if (st == RK_OK && rk_rules_validations() != before + 2) {
        fprintf(stderr, "rules_embed: the loader did not validate %s\n", f->name);
        return -1;
    }
    if (st != RK_OK) {
        char msg[2 * RK_ERROR_MSG_MAX];
        fprintf(stderr, "rules_embed: not embedded, so validated at run time: %s\n",
                rk_error_format(&e, msg, sizeof msg));
    }
    return st == RK_OK;
}

/* Writes s as a C string literal's contents (rk_fput_c_string()). */
static void put_cstr(FILE *o, const char *s)
{
    rk_fput_c_string(o, s, strlen(s));
}

static void put_bytes(FILE *o, const char *id, const char *name, const char *bytes, size_t len)
{
    fprintf(o, "\n/* %s */\nstatic const unsigned char %s[] = {", name, id);
    size_t col = 100;
    for (size_t i = 0; i < len; i++) {
        if (col > 92) {
            fputs("\n   ", o);
            col = 3;
        }
        col += (size_t)fprintf(o, " %u,", (unsigned char)bytes[i]);
    }
    fputs("\n};\n", o);
}

static void put_table(FILE *o, const char *id, const char *prefix, const list *l,
                      const int *keep)
{
    fprintf(o, "\nstatic const rk_known_file %s[] = {\n", id);
    for (size_t i = 0; i < l->n; i++) {
        if (!keep[i])
            continue;
        fputs("    {\"", o);
        put_cstr(o, l->v[i].name);
        if (l->v[i].tree)
            fprintf(o, "\", %s%zu, %zu, tree%zu, %zu},\n", prefix, i, l->v[i].len, i,
                    l->v[i].tree_len);
        else
            fprintf(o, "\", %s%zu, %zu, NULL, 0},\n", prefix, i, l->v[i].len);
    }
    fputs("};\n", o);
}

static size_t count(const int *keep, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += keep[i] != 0;
    return k;
}

static int write_source(const char *out, const char *top, const list *schemas,
                        const int *keep_schema, const list *rules, const int *keep_rule)
{
    rk_buf tmp = RK_BUF_INIT;
    if (rk_buf_printf(&tmp, "%s.tmp", out) < 0)
        return -1;
    FILE *o = fopen(tmp.data, "w");
    if (!o) {
        fprintf(stderr, "rules_embed: %s: cannot write\n", tmp.data);
        rk_buf_free(&tmp);
        return -1;
    }
    size_t ns = count(keep_schema, schemas->n), nr = count(keep_rule, rules->n);
    fputs("/* known_rules.c - made by rules_embed at build time from the rule folder\n"
          " * ", o);
    put_cstr(o, top);
    fputs("; do not edit. The schema and the rule files that the\n"
          " * loader validated against it (see known.h). */\n"
          "#include \"known.h\"\n",
          o);
    char id[32];
    for (size_t i = 0; i < schemas->n; i++)
        if (keep_schema[i]) {
            snprintf(id, sizeof id, "schema%zu", i);
            put_bytes(o, id, schemas->v[i].name, schemas->v[i].text, schemas->v[i].len);
        }
    for (size_t i = 0; i < rules->n; i++)
        if (keep_rule[i]) {
            snprintf(id, sizeof id, "rule%zu", i);
            put_bytes(o, id, rules->v[i].name, rules->v[i].text, rules->v[i].len);
            snprintf(id, sizeof id, "tree%zu", i);
            put_bytes(o, id, rules->v[i].name, rules->v[i].tree, rules->v[i].tree_len);
        }
    if (ns)
        put_table(o, "schemas", "schema", schemas, keep_schema);
    if (nr)
        put_table(o, "rules", "rule", rules, keep_rule);
    fputs("\nconst rk_known_set rk_rules_known = {\"", o);
    put_cstr(o, xmlParserVersion);
    fprintf(o, "\", %s, %zu, %s, %zu};\n", ns ? "schemas" : "NULL", ns, nr ? "rules" : "NULL",
            nr);
    int bad = ferror(o);
    bad |= fclose(o) != 0;
    if (bad || rename(tmp.data, out) != 0) {
        fprintf(stderr, "rules_embed: %s: cannot write\n", out);
        remove(tmp.data);
        rk_buf_free(&tmp);
        return -1;
    }
    rk_buf_free(&tmp);
    return 0;
}

/* Writes path escaped for a Makefile rule, as ninja reads depfiles. */
static void put_dep(FILE *o, const char *path)
{
    fputs(" \\\n ", o);
    for (const char *p = path; *p; p++) {
        if (*p == ' ' || *p == '#' || *p == '\\')
            fputc('\\', o);
        if (*p == '$')
            fputc('$', o);
        fputc(*p, o);
    }
}

static int write_depfile(const char *depfile, const char *out, const char *top,
                         const list *dirs, const list *schemas, const list *rules)
{
    FILE *o = fopen(depfile, "w");
    if (!o) {
        fprintf(stderr, "rules_embed: %s: cannot write\n", depfile);
        return -1;
    }
    fprintf(o, "%s:", out);
    for (size_t i = 0; i < dirs->n; i++)
        put_dep(o, dirs->v[i].name);
    for (size_t i = 0; i < schemas->n + rules->n; i++) {
        const item *f = i < schemas->n ? &schemas->v[i] : &rules->v[i - schemas->n];
        rk_buf p = RK_BUF_INIT;
        if (rk_buf_printf(&p, "%s/%s%s", top, i < schemas->n ? "schema/" : "", f->name) < 0) {
            fclose(o);
            return -1;
        }
        put_dep(o, p.data);
        rk_buf_free(&p);
    }
    fputc('\n', o);
    int bad = ferror(o);
    bad |= fclose(o) != 0;
    return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: rules_embed RULES_DIR OUT.c DEPFILE\n");
        return 2;
    }
    const char *top = argv[1], *out = argv[2], *depfile = argv[3];
    list schemas = {0}, rules = {0}, dirs = {0};
    int *keep_schema = NULL, *keep_rule = NULL;
    rk_rules_file *mem = NULL;
    int rc = 1;
    if (walk(top, "", ".xml", "schema", 1, 0, &rules, &dirs) < 0)
        goto done;
    rk_buf sdir = RK_BUF_INIT;
    int ws = rk_buf_printf(&sdir, "%s/schema", top) < 0 ? -1
             : walk(sdir.data, "", ".rng", NULL, 0, 0, &schemas, &dirs);
    rk_buf_free(&sdir);
    if (ws < 0)
        goto done;
    qsort(rules.v, rules.n, sizeof *rules.v, cmp_item);
    qsort(schemas.v, schemas.n, sizeof *schemas.v, cmp_item);
    rk_buf sp = RK_BUF_INIT;
    int rs = rk_buf_printf(&sp, "%s/schema", top) < 0 ? -1 : read_all(sp.data, &schemas);
    rk_buf_free(&sp);
    if (rs < 0 || read_all(top, &rules) < 0)
        goto done;
    keep_schema = calloc(schemas.n + 1, sizeof *keep_schema);
    keep_rule = calloc(rules.n + 1, sizeof *keep_rule);
    mem = calloc(schemas.n + 1, sizeof *mem);
    if (!keep_schema || !keep_rule || !mem)
        goto done;
    if (schema_closed(&schemas)) {
        for (size_t i = 0; i < schemas.n; i++) {
            rk_buf nm = RK_BUF_INIT;
            if (rk_buf_printf(&nm, "schema/%s", schemas.v[i].name) < 0)
                goto done;
            /* The memory loader's names: the item keeps "schema/NAME". */
            free(schemas.v[i].name);
            schemas.v[i].name = rk_buf_detach(&nm, NULL);
            mem[i] = (rk_rules_file){schemas.v[i].name, schemas.v[i].text, schemas.v[i].len};
        }
        for (size_t i = 0; i < rules.n; i++) {
            int a = accepted(top, &rules.v[i], mem, schemas.n + 1);
            if (a < 0)
                goto done;
            keep_rule[i] = a;
        }
        /* Back to names relative to schema/, as known.h has them. The
         * schema is embedded when it compiled, which a file accepted shows:
         * a schema known at run time is compiled only when a file needs
         * it, and so must not be one whose errors come first. */
        int any = count(keep_rule, rules.n) > 0;
        for (size_t i = 0; i < schemas.n; i++) {
            memmove(schemas.v[i].name, schemas.v[i].name + 7, strlen(schemas.v[i].name + 7) + 1);
            keep_schema[i] = any;
        }
    } else {
        fprintf(stderr, "rules_embed: nothing embedded: every rule file is validated at run "
                        "time\n");
    }
    if (write_source(out, top, &schemas, keep_schema, &rules, keep_rule) == 0 &&
        write_depfile(depfile, out, top, &dirs, &schemas, &rules) == 0)
        rc = 0;
done:
    free(mem);
    free(keep_schema);
    free(keep_rule);
    list_free(&schemas);
    list_free(&rules);
    list_free(&dirs);
    xmlCleanupParser();
    return rc;
}
