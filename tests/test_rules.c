/* test_rules.c - the rule loader: schema validation, exact diagnostics,
 * hostile XML refused, the shipped rule set loads, and loads without being
 * validated again, while any other byte is. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/rules.h"
#include "rules/rules_internal.h"

static char tmpdir[64];
static char schema[512];

static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rk_rules_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(schema, sizeof schema, "%s/rules/schema/rules.rng", getenv("RK_SOURCE_ROOT"));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *content)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(content, f);
    fclose(f);
}

static rk_status load(rk_rules **r, rk_error *e)
{
    rk_error_clear(e);
    return rk_rules_load(tmpdir, schema, r, NULL, NULL, e);
}

START_TEST(shipped_rule_set_loads)
{
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_msg(rk_rules_load(getenv("RECKON_RULES"), NULL, &r, NULL, NULL, &e) == RK_OK,
                  "%s:%ld: %s", e.file, e.line, e.message);
    ck_assert_uint_gt(r->n_files, 0);
    rk_rules_free(r);
}
END_TEST

START_TEST(malformed_xml_names_file_and_line)
{
    put("a.xml", "<?xml version=\"1.0\"?>\n<rules>\n  <numbers>\n</rules>\n");
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_int_eq(load(&r, &e), RK_ERR_RULES);
    ck_assert_ptr_null(r);
    ck_assert(strstr(e.file, "/a.xml") != NULL);
    ck_assert_int_eq(e.line, 4);
}
END_TEST

START_TEST(schema_violation_names_file_and_line)
{
    put("b.xml", "<?xml version=\"1.0\"?>\n<rules>\n\n  <bogus/>\n</rules>\n");
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_int_eq(load(&r, &e), RK_ERR_RULES);
    ck_assert(strstr(e.file, "/b.xml") != NULL);
    ck_assert_int_eq(e.line, 4);
    ck_assert(strstr(e.message, "bogus") != NULL);
}
END_TEST

START_TEST(doctype_and_entities_refused)
{
    put("c.xml", "<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE rules [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">"
                 "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                 "<rules description=\"&b;&x;\"/>\n");
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_int_eq(load(&r, &e), RK_ERR_RULES);
    ck_assert(strstr(e.message, "DOCTYPE") != NULL);
}
END_TEST

START_TEST(good_files_load_in_path_order_with_attributes)
{
    put("z.xml", "<rules lang=\"en\" description=\"second\"/>\n");
    put("a.xml", "<rules lang=\"ar\" description=\"first\"/>\n");
    rk_rules *r = NULL;
    rk_error e;
    ck_assert_int_eq(load(&r, &e), RK_OK);
    ck_assert_uint_eq(r->n_files, 2);
    ck_assert_str_eq(rk_rnode_attr(r->files[0], "description"), "first");
    ck_assert_str_eq(rk_rnode_attr(r->files[1], "lang"), "en");
    ck_assert_ptr_null(rk_rnode_attr(r->files[1], "missing"));
    rk_rules_free(r);
}
END_TEST

START_TEST(missing_directory_and_empty_directory)
{
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_rules_load("/nonexistent/rules", schema, &r, NULL, NULL, &e), RK_ERR_RULES);
    ck_assert_str_eq(e.file, "/nonexistent/rules");
    ck_assert_int_eq(load(&r, &e), RK_ERR_RULES);
    ck_assert(strstr(e.message, "no rule files") != NULL);
}
END_TEST

static int seen;
static void count(void *ctx, const rk_error *e)
{
    (void)ctx;
    (void)e;
    seen++;
}

START_TEST(every_broken_file_reported_through_diag)
{
    put("a.xml", "<rules><x/></rules>");
    put("b.xml", "<rules>");
    put("c.xml", "<rules/>");
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    seen = 0;
    ck_assert_int_eq(rk_rules_load(tmpdir, schema, &r, count, NULL, &e), RK_ERR_RULES);
    ck_assert_int_eq(seen, 2);
}
END_TEST

/* $RECKON_RULES is the command line's: the library's own search ignores it. */
START_TEST(default_dir_reads_no_environment)
{
    ck_assert_int_eq(setenv("RECKON_RULES", "/nonexistent/rules-from-env", 1), 0);
    char *dir = rk_rules_default_dir("/nonexistent/bin/reckon");
    unsetenv("RECKON_RULES");
    ck_assert(dir == NULL || strcmp(dir, "/nonexistent/rules-from-env") != 0);
    free(dir);
}
END_TEST


/* ---- files the build validated (known.h) ----------------------------------
 * The shipped rules are validated at build time; the loader validates a
 * file again only when its bytes, or the schema's, are not the build's. */

/* Copies the shipped rule folder to tmpdir/rules; returns that path. */
static const char *copy_shipped(void)
{
    static char dst[128];
    char cmd[1024];
    snprintf(dst, sizeof dst, "%s/rules", tmpdir);
    snprintf(cmd, sizeof cmd, "cp -R '%s' '%s'", getenv("RECKON_RULES"), dst);
    ck_assert_int_eq(system(cmd), 0);
    return dst;
}

/* Reads the whole file at path into a NUL-terminated buffer the caller
 * frees; *len its length. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    char *b = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 + 1 > cap)
            ck_assert_ptr_nonnull(b = realloc(b, cap = 2 * cap + 4096 + 1));
        got = fread(b + n, 1, 4096, f);
        n += got;
    } while (got > 0);
    fclose(f);
    b[n] = '\0';
    *len = n;
    return b;
}

static void spill(const char *path, const char *b, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(b, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* Replaces the byte at the first occurrence of what, plus at, by c in the
 * file at path (its length unchanged); returns the line of that byte. */
static long poke(const char *path, const char *what, size_t at, char c)
{
    size_t len;
    char *b = slurp(path, &len);
    char *p = strstr(b, what);
    ck_assert_msg(p != NULL, "%s holds no '%s'", path, what);
    ck_assert(p[at] != c);
    p[at] = c;
    long line = 1;
    for (const char *q = b; q < p + at; q++)
        line += *q == '\n';
    spill(path, b, len);
    free(b);
    return line;
}

/* The same at the last byte of the file, a newline after the root element
 * made a space: the document means the same. */
static void poke_last(const char *path)
{
    size_t len;
    char *b = slurp(path, &len);
    ck_assert(len > 0 && b[len - 1] == '\n');
    b[len - 1] = ' ';
    spill(path, b, len);
    free(b);
}

/* The files of a rule folder, in memory, named as rk_rules_load_memory()
 * wants them: "en/numbers.xml", "schema/rules.rng". */
typedef struct memfiles {
    rk_rules_file f[64];
    char *names[64], *texts[64];
    size_t n;
} memfiles;

static void mem_read(memfiles *m, const char *top, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s%s", top, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[512], full[1024];
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", top, sub);
        struct stat sb;
        ck_assert_int_eq(stat(full, &sb), 0);
        if (S_ISDIR(sb.st_mode)) {
            mem_read(m, top, sub);
        } else if (strstr(sub, ".xml") || strstr(sub, ".rng")) {
            ck_assert_uint_lt(m->n, 64);
            size_t len;
            m->texts[m->n] = slurp(full, &len);
            ck_assert_ptr_nonnull(m->names[m->n] = strdup(sub));
            m->f[m->n] = (rk_rules_file){m->names[m->n], m->texts[m->n], len};
            m->n++;
        }
    }
    closedir(d);
}

static void mem_free(memfiles *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->names[i]);
        free(m->texts[i]);
    }
}

static rk_rules_file *mem_find(memfiles *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->f[i].name, name) == 0)
            return &m->f[i];
    ck_abort_msg("no %s", name);
    return NULL;
}

static char first_diag[2 * RK_ERROR_MSG_MAX];
static int n_diags;
static void keep_diag(void *ctx, const rk_error *e)
{
    (void)ctx;
    if (n_diags++ == 0)
        rk_error_format(e, first_diag, sizeof first_diag);
}

/* Loads dir (its own schema), every broken file reported through
 * keep_diag; *validated and *parsed: what the load validated and compiled. */
static rk_status load_counting(const char *dir, rk_rules **r, unsigned long *validated,
                               unsigned long *parsed)
{
    rk_error e;
    rk_error_clear(&e);
    n_diags = 0;
    first_diag[0] = '\0';
    unsigned long v = rk_rules_validations(), p = rk_rules_schema_parses();
    rk_status st = rk_rules_load(dir, NULL, r, keep_diag, NULL, &e);
    *validated = rk_rules_validations() - v;
    *parsed = rk_rules_schema_parses() - p;
    return st;
}

START_TEST(shipped_rules_load_unvalidated_wherever_they_lie)
{
    const char *dirs[] = {getenv("RECKON_RULES"), copy_shipped()};
    for (int i = 0; i < 2; i++) {
        rk_rules *r = NULL;
        unsigned long validated, parsed, read = rk_rules_file_parses();
        ck_assert_int_eq(load_counting(dirs[i], &r, &validated, &parsed), RK_OK);
        ck_assert_uint_gt(r->n_files, 0);
        ck_assert_msg(rk_rules_file_parses() == read, "%s: %lu files parsed", dirs[i],
                      rk_rules_file_parses() - read);
        ck_assert_msg(validated == 0, "%s: %lu files validated", dirs[i], validated);
        ck_assert_msg(parsed == 0, "%s: the schema was compiled", dirs[i]);
        ck_assert_msg(rk_rules_is_build_set(r), "%s: not the build's set", dirs[i]);
        rk_rules_free(r);
    }
}
END_TEST

/* An event's rules over the shipped ones: those alone are validated. */
START_TEST(event_rules_over_shipped_ones_validated_alone)
{
    char layer[512];
    snprintf(layer, sizeof layer, "%s/fixtures/kazakhstan-2022/rules", getenv("RK_SOURCE_ROOT"));
    const char *layers[] = {layer};
    size_t n_layer = 0;
    DIR *d = opendir(layer);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d));)
        n_layer += e->d_name[0] != '.' && strstr(e->d_name, ".xml") != NULL;
    closedir(d);
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    unsigned long v = rk_rules_validations(), p = rk_rules_schema_parses();
    ck_assert_int_eq(rk_rules_load_layers(getenv("RECKON_RULES"), layers, 1, NULL, &r, NULL,
                                          NULL, &e), RK_OK);
    ck_assert_uint_gt(n_layer, 0);
    ck_assert_uint_eq(rk_rules_validations() - v, n_layer);
    ck_assert_uint_eq(rk_rules_schema_parses() - p, 1);
    ck_assert(!rk_rules_is_build_set(r)); /* more than the build's */
    /* its sections: none of them <numbers>, which stay the build's alone */
    ck_assert(rk_rules_build_sections(r, "numbers"));
    ck_assert(!rk_rules_build_sections(r, "claims"));
    rk_rules_free(r);
}
END_TEST

/* The build's set is the shipped files alone, each byte for byte, in their
 * order, wherever they lie: not with one changed (to a file that means
 * the same), one left out or one more, from disk or from memory. */
START_TEST(build_set_is_the_shipped_files_alone)
{
    const char *dir = copy_shipped();
    char path[512], more[512];
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, NULL, NULL, &e), RK_OK);
    ck_assert(rk_rules_is_build_set(r));
    ck_assert(rk_rules_build_sections(r, "numbers"));
    rk_rules_free(r);
    ck_assert(!rk_rules_is_build_set(NULL));
    ck_assert(!rk_rules_build_sections(NULL, "numbers"));
    /* the last file changed: every file but one is still the build's */
    snprintf(path, sizeof path, "%s/ru/numbers.xml", dir);
    size_t len;
    char *orig = slurp(path, &len);
    poke_last(path);
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, NULL, NULL, &e), RK_OK);
    ck_assert(!rk_rules_is_build_set(r));
    ck_assert(!rk_rules_build_sections(r, "numbers"));
    rk_rules_free(r);
    /* the first file left out: every other one is the build's */
    snprintf(more, sizeof more, "%s/ar/aside.xml.off", dir);
    spill(path, orig, len);
    snprintf(path, sizeof path, "%s/ar/conflict.xml", dir);
    ck_assert_int_eq(rename(path, more), 0);
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, NULL, NULL, &e), RK_OK);
    ck_assert(!rk_rules_is_build_set(r));
    rk_rules_free(r);
    /* back, and a copy of it as one more file */
    ck_assert_int_eq(rename(more, path), 0);
    snprintf(more, sizeof more, "%s/zz.xml", dir);
    size_t clen;
    char *copy = slurp(path, &clen);
    spill(more, copy, clen);
    free(copy);
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, NULL, NULL, &e), RK_OK);
    ck_assert(!rk_rules_is_build_set(r));
    rk_rules_free(r);
    ck_assert_int_eq(remove(more), 0);
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, NULL, NULL, &e), RK_OK);
    ck_assert(rk_rules_is_build_set(r));
    rk_rules_free(r);
    free(orig);
    /* every file the build's, two of them swapped: not in its order */
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/ar/sources.xml", dir);
    snprintf(b, sizeof b, "%s/en/sources.xml", dir);
    ck_assert_int_eq(rename(a, more), 0);
    ck_assert_int_eq(rename(b, a), 0);
    ck_assert_int_eq(rename(more, b), 0);
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, NULL, NULL, &e), RK_OK);
    ck_assert(!rk_rules_is_build_set(r));
    rk_rules_free(r);
    /* from memory: the whole set, then less one file */
    memfiles m = {0};
    mem_read(&m, getenv("RECKON_RULES"), "");
    ck_assert_int_eq(rk_rules_load_memory(m.f, m.n, NULL, &r, NULL, NULL, &e), RK_OK);
    ck_assert(rk_rules_is_build_set(r));
    rk_rules_free(r);
    rk_rules_file *f = mem_find(&m, "ru/numbers.xml"), last = m.f[m.n - 1];
    m.f[m.n - 1] = *f;
    *f = last;
    ck_assert_int_eq(rk_rules_load_memory(m.f, m.n - 1, NULL, &r, NULL, NULL, &e), RK_OK);
    ck_assert(!rk_rules_is_build_set(r));
    rk_rules_free(r);
    mem_free(&m);
}
END_TEST

/* A byte of one rule file changed (its length the same) so that it breaks
 * the schema: that file, and it alone, is validated, and the error is the
 * one the loader gave before the build validated anything:
 * "PATH:LINE: Element cardinal failed to validate attributes". */
START_TEST(rule_file_one_byte_changed_validated_alone)
{
    const char *dir = copy_shipped();
    char path[512], want[1024];
    snprintf(path, sizeof path, "%s/en/numbers.xml", dir);
    long line = poke(path, "<cardinal value=", 14, 'f'); /* valuf= */
    snprintf(want, sizeof want, "%s:%ld: Element cardinal failed to validate attributes", path,
             line);
    rk_rules *r = NULL;
    unsigned long validated, parsed;
    ck_assert_int_eq(load_counting(dir, &r, &validated, &parsed), RK_ERR_RULES);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(n_diags, 1);
    ck_assert_str_eq(first_diag, want);
    ck_assert_uint_eq(validated, 1);
    ck_assert_uint_eq(parsed, 1);
    /* Without diag: the same error, first. */
    rk_error e;
    rk_error_clear(&e);
    char got[2 * RK_ERROR_MSG_MAX];
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, NULL, NULL, &e), RK_ERR_RULES);
    ck_assert_str_eq(rk_error_format(&e, got, sizeof got), want);
}
END_TEST

/* One byte of any schema file changed, to a schema that means the same:
 * every rule file is validated, against it. */
START_TEST(schema_one_byte_changed_validates_every_file)
{
    const char *dir = copy_shipped();
    char sdir[512];
    snprintf(sdir, sizeof sdir, "%s/schema", dir);
    rk_rules *r = NULL;
    unsigned long validated, parsed;
    ck_assert_int_eq(load_counting(dir, &r, &validated, &parsed), RK_OK);
    size_t n_files = r->n_files;
    rk_rules_free(r);
    ck_assert_uint_eq(validated, 0);
    size_t n_schemas = 0;
    DIR *d = opendir(sdir);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *de; (de = readdir(d));) {
        if (!strstr(de->d_name, ".rng"))
            continue;
        char path[1024], keep[1024], cmd[2200];
        snprintf(path, sizeof path, "%s/%s", sdir, de->d_name);
        snprintf(keep, sizeof keep, "%s/keep.orig", tmpdir);
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path, keep);
        ck_assert_int_eq(system(cmd), 0);
        poke_last(path);
        ck_assert_int_eq(load_counting(dir, &r, &validated, &parsed), RK_OK);
        ck_assert_msg(validated == n_files, "%s changed: %lu of %zu files validated",
                      de->d_name, validated, n_files);
        ck_assert_uint_eq(parsed, 1);
        rk_rules_free(r);
        snprintf(cmd, sizeof cmd, "mv '%s' '%s'", keep, path);
        ck_assert_int_eq(system(cmd), 0);
        n_schemas++;
    }
    closedir(d);
    ck_assert_uint_ge(n_schemas, 2);
    /* Back as it was: nothing validated again. */
    ck_assert_int_eq(load_counting(dir, &r, &validated, &parsed), RK_OK);
    ck_assert_uint_eq(validated + parsed, 0);
    rk_rules_free(r);
}
END_TEST

/* A schema file the same bytes but a link to a file outside the rule
 * folder is refused as it was: the loader's own check of the schema runs. */
START_TEST(schema_file_linked_from_outside_still_refused)
{
    const char *dir = copy_shipped();
    char path[256], outside[256], cmd[1200];
    snprintf(path, sizeof path, "%s/schema/numbers.rng", dir);
    snprintf(outside, sizeof outside, "%s/numbers.rng", tmpdir);
    snprintf(cmd, sizeof cmd, "mv '%s' '%s' && ln -s '%s' '%s'", path, outside, outside, path);
    ck_assert_int_eq(system(cmd), 0);
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, NULL, NULL, &e), RK_ERR_RULES);
    ck_assert_msg(strstr(e.message, "outside the rule folder") != NULL, "%s", e.message);
}
END_TEST

/* In memory: the shipped files with their schema, or against the schema
 * on disk, load unvalidated; a byte of the schema changed validates all. */
START_TEST(shipped_rules_in_memory_load_unvalidated)
{
    memfiles m = {0};
    mem_read(&m, getenv("RECKON_RULES"), "");
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    unsigned long v = rk_rules_validations(), p = rk_rules_schema_parses();
    ck_assert_int_eq(rk_rules_load_memory(m.f, m.n, NULL, &r, NULL, NULL, &e), RK_OK);
    size_t n_files = r->n_files;
    rk_rules_free(r);
    ck_assert_uint_eq(rk_rules_validations() - v, 0);
    ck_assert_uint_eq(rk_rules_schema_parses() - p, 0);
    /* The rule files alone, against the schema on disk. */
    memfiles x = {0};
    for (size_t i = 0; i < m.n; i++)
        if (strncmp(m.f[i].name, "schema/", 7) != 0)
            x.f[x.n++] = m.f[i];
    ck_assert_int_eq(rk_rules_load_memory(x.f, x.n, schema, &r, NULL, NULL, &e), RK_OK);
    rk_rules_free(r);
    ck_assert_uint_eq(rk_rules_validations() - v, 0);
    ck_assert_uint_eq(rk_rules_schema_parses() - p, 0);
    /* Each schema file with its last byte changed, in turn. */
    for (size_t i = 0; i < m.n; i++) {
        if (strncmp(m.f[i].name, "schema/", 7) != 0)
            continue;
        char *t = m.texts[i];
        size_t len = m.f[i].len;
        ck_assert(len > 0 && t[len - 1] == '\n');
        t[len - 1] = ' ';
        v = rk_rules_validations();
        p = rk_rules_schema_parses();
        ck_assert_int_eq(rk_rules_load_memory(m.f, m.n, NULL, &r, NULL, NULL, &e), RK_OK);
        rk_rules_free(r);
        ck_assert_msg(rk_rules_validations() - v == n_files, "%s changed: %lu validated",
                      m.f[i].name, rk_rules_validations() - v);
        ck_assert_uint_eq(rk_rules_schema_parses() - p, 1);
        t[len - 1] = '\n';
    }
    /* A rule file's byte changed: it alone is validated, and refused. */
    rk_rules_file *f = mem_find(&m, "en/numbers.xml");
    char *at = strstr(m.texts[f - m.f], "<cardinal value=");
    ck_assert_ptr_nonnull(at);
    at[14] = 'f';
    v = rk_rules_validations();
    n_diags = 0;
    ck_assert_int_eq(rk_rules_load_memory(m.f, m.n, NULL, &r, keep_diag, NULL, &e),
                     RK_ERR_RULES);
    ck_assert_uint_eq(rk_rules_validations() - v, 1);
    ck_assert_int_eq(n_diags, 1);
    ck_assert_msg(strstr(first_diag, "en/numbers.xml:") == first_diag &&
                      strstr(first_diag, ": Element cardinal failed to validate attributes"),
                  "%s", first_diag);
    mem_free(&m);
}
END_TEST

/* Trees a and b are the same: names, lines, attributes, text, file and
 * children. */
static void same_tree(const rk_rnode *a, const rk_rnode *b)
{
    ck_assert_str_eq(a->name, b->name);
    ck_assert_msg(a->line == b->line, "%s:%ld <%s>: line %ld", a->file, a->line, a->name,
                  b->line);
    ck_assert_str_eq(a->file, b->file);
    ck_assert_str_eq(a->text, b->text);
    size_t i = 0;
    for (; a->attrs[i] && b->attrs[i]; i++)
        ck_assert_str_eq(a->attrs[i], b->attrs[i]);
    ck_assert_msg(!a->attrs[i] && !b->attrs[i], "%s:%ld: attributes differ", a->file, a->line);
    ck_assert_uint_eq(a->n_kids, b->n_kids);
    for (size_t k = 0; k < a->n_kids; k++)
        same_tree(a->kids[k], b->kids[k]);
}

/* The tree the build made of a shipped file is the one parsing it gives:
 * the shipped files loaded as they are (their trees taken from the build)
 * and under a schema one byte off (each parsed, as the schema is not the
 * build's) give the same trees. */
START_TEST(shipped_file_trees_are_their_parses)
{
    memfiles m = {0};
    mem_read(&m, getenv("RECKON_RULES"), "");
    rk_rules *known = NULL, *parsed = NULL;
    rk_error e;
    rk_error_clear(&e);
    unsigned long p = rk_rules_file_parses();
    ck_assert_int_eq(rk_rules_load_memory(m.f, m.n, NULL, &known, NULL, NULL, &e), RK_OK);
    ck_assert_msg(rk_rules_file_parses() == p, "%lu shipped files parsed",
                  rk_rules_file_parses() - p);
    rk_rules_file *f = mem_find(&m, "schema/rules.rng");
    char *t = m.texts[f - m.f];
    ck_assert(f->len > 0 && t[f->len - 1] == '\n');
    t[f->len - 1] = ' ';
    unsigned long v = rk_rules_validations();
    ck_assert_int_eq(rk_rules_load_memory(m.f, m.n, NULL, &parsed, NULL, NULL, &e), RK_OK);
    ck_assert_uint_eq(rk_rules_validations() - v, parsed->n_files);
    ck_assert_uint_eq(rk_rules_file_parses() - p, parsed->n_files);
    ck_assert_uint_gt(known->n_files, 10);
    ck_assert_uint_eq(known->n_files, parsed->n_files);
    for (size_t i = 0; i < known->n_files; i++)
        same_tree(known->files[i], parsed->files[i]);
    rk_rules_free(known);
    rk_rules_free(parsed);
    mem_free(&m);
}
END_TEST

/* Runs the build's generator over dir into tmpdir/known.c; returns what it
 * wrote, which the caller frees. */
static char *run_embed(const char *dir)
{
    char cmd[1024], out[256];
    snprintf(out, sizeof out, "%s/known.c", tmpdir);
    snprintf(cmd, sizeof cmd, "'%s/src/rules/rules_embed' '%s' '%s' '%s.d' 2>/dev/null",
             getenv("RK_BUILD_ROOT"), dir, out, out);
    ck_assert_int_eq(system(cmd), 0);
    size_t len;
    return slurp(out, &len);
}

/* The generator embeds what the loader accepts, and leaves out a file it
 * refuses; a schema that includes a file by more than a plain name is not
 * embedded at all (the loader could not check the file at run time). */
START_TEST(generator_embeds_only_what_the_loader_accepts)
{
    const char *dir = copy_shipped();
    char path[512];
    snprintf(path, sizeof path, "%s/en/numbers.xml", dir);
    poke(path, "<cardinal value=", 14, 'f');
    char *c = run_embed(dir);
    ck_assert_msg(strstr(c, "{\"en/conflict.xml\", ") != NULL, "an accepted file left out");
    ck_assert_msg(strstr(c, "{\"en/numbers.xml\", ") == NULL, "a refused file embedded");
    ck_assert_ptr_nonnull(strstr(c, "{\"rules.rng\", "));
    free(c);
    /* The same file, by another name: the loader accepts the schema. */
    snprintf(path, sizeof path, "%s/schema/rules.rng", dir);
    size_t len;
    char *b = slurp(path, &len);
    char *at = strstr(b, "href=\"numbers.rng\"");
    ck_assert_ptr_nonnull(at);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "%.*shref=\"../schema/numbers.rng\"%s", (int)(at - b), b, at + 18);
    ck_assert_int_eq(fclose(f), 0);
    free(b);
    rk_rules *r = NULL;
    rk_error e;
    rk_error_clear(&e);
    n_diags = 0;
    ck_assert_int_eq(rk_rules_load(dir, NULL, &r, keep_diag, NULL, &e), RK_ERR_RULES);
    ck_assert_int_eq(n_diags, 1); /* en/numbers.xml still */
    c = run_embed(dir);
    ck_assert_ptr_null(strstr(c, "{\"rules.rng\", "));
    ck_assert_ptr_null(strstr(c, "{\"en/conflict.xml\", "));
    free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("loader");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, shipped_rule_set_loads);
    tcase_add_test(tc, malformed_xml_names_file_and_line);
    tcase_add_test(tc, schema_violation_names_file_and_line);
    tcase_add_test(tc, doctype_and_entities_refused);
    tcase_add_test(tc, good_files_load_in_path_order_with_attributes);
    tcase_add_test(tc, missing_directory_and_empty_directory);
    tcase_add_test(tc, every_broken_file_reported_through_diag);
    tcase_add_test(tc, default_dir_reads_no_environment);
    suite_add_tcase(s, tc);
    TCase *known = tcase_create("known");
    tcase_add_checked_fixture(known, setup, teardown);
    tcase_add_test(known, shipped_rules_load_unvalidated_wherever_they_lie);
    tcase_add_test(known, event_rules_over_shipped_ones_validated_alone);
    tcase_add_test(known, build_set_is_the_shipped_files_alone);
    tcase_add_test(known, rule_file_one_byte_changed_validated_alone);
    tcase_add_test(known, schema_one_byte_changed_validates_every_file);
    tcase_add_test(known, schema_file_linked_from_outside_still_refused);
    tcase_add_test(known, shipped_rules_in_memory_load_unvalidated);
    tcase_add_test(known, shipped_file_trees_are_their_parses);
    tcase_add_test(known, generator_embeds_only_what_the_loader_accepts);
    suite_add_tcase(s, known);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
