/* test_api.c - the public interface (include/reckon.h) as a program outside
 * the tree sees it: linked with librk.so, including reckon.h alone. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <reckon.h>

#include <check.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char AR[] = "قالت وزارة الداخلية إن 18 من أفراد الأمن قتلوا";
static const char EN[] = "State television said 13 police officers were killed.";

static const char *rules_dir(void)
{
    const char *d = getenv("RECKON_RULES");
    ck_assert_msg(d != NULL, "RECKON_RULES is set by the test environment");
    return d;
}

static rk_ruleset *open_rules(void)
{
    rk_ruleset *rs = NULL;
    char *error = NULL;
    rk_code code = rk_ruleset_open(rules_dir(), &rs, &error);
    ck_assert_msg(code == RK_CODE_OK, "%s", error ? error : "");
    ck_assert_ptr_null(error);
    return rs;
}

/* The two-document corpus of the issue: 18 (Arabic) against 13 (English)
 * on one date. */
static rk_corpus *two_documents(rk_ruleset *rs)
{
    rk_corpus *c = NULL;
    ck_assert_int_eq(rk_corpus_new(rs, &c), RK_CODE_OK);
    const char *const ma[] = {"language", "ar", "published", "2022-01-07", "source", "Agency A",
                              NULL};
    const char *const me[] = {"language", "en", "published", "2022-01-07", "source", "State TV",
                              NULL};
    ck_assert_int_eq(rk_corpus_add_text(c, "ar-1", AR, strlen(AR), ma, NULL), RK_CODE_OK);
    ck_assert_int_eq(rk_corpus_add_text(c, "en-1", EN, strlen(EN), me, NULL), RK_CODE_OK);
    return c;
}

static char *render(const rk_corpus *c, const char *fmt)
{
    char *out = NULL, *error = NULL;
    size_t len = 0;
    rk_code code = rk_corpus_render(c, fmt, &out, &len, &error);
    ck_assert_msg(code == RK_CODE_OK, "%s: %s", fmt, error ? error : "");
    ck_assert_uint_eq(strlen(out), len);
    return out;
}

/* An event's own rules (fixtures/kazakhstan-2022/rules) add what the
 * shipped set does not know: the age beside a president's name is his. */
START_TEST(an_event_s_own_rules_go_over_the_shipped_set)
{
    static const char text[] = "Former president Nursultan Nazarbayev, 81, stepped down.";
    const char *const meta[] = {"language", "en", "published", "2022-01-06", NULL};
    char event[1024], *error = NULL;
    snprintf(event, sizeof event, "%s/rules", getenv("RK_FIXTURES"));
    const char *const layers[] = {event};
    rk_ruleset *plain = open_rules(), *layered = NULL;
    ck_assert_int_eq(rk_ruleset_open_event(rules_dir(), layers, 1, &layered, &error),
                     RK_CODE_OK);
    ck_assert_ptr_null(error);
    const char *subject[2];
    rk_corpus *c[2] = {NULL, NULL};
    rk_ruleset *sets[2] = {plain, layered};
    for (int k = 0; k < 2; k++) {
        ck_assert_int_eq(rk_corpus_new(sets[k], &c[k]), RK_CODE_OK);
        ck_assert_int_eq(rk_corpus_add_text(c[k], "d", text, strlen(text), meta, NULL),
                         RK_CODE_OK);
        ck_assert_uint_eq(rk_corpus_claim_count(c[k]), 1);
        subject[k] = rk_corpus_claim_subject(c[k], 0);
    }
    ck_assert_ptr_null(subject[0]);
    ck_assert_str_eq(subject[1], "nazarbayev");
    /* a folder that is not there: refused, named */
    const char *const missing[] = {"/nonexistent/rules"};
    rk_ruleset *none = NULL;
    ck_assert_int_eq(rk_ruleset_open_event(rules_dir(), missing, 1, &none, &error),
                     RK_CODE_RULES);
    ck_assert_ptr_null(none);
    ck_assert_ptr_nonnull(strstr(error, "/nonexistent/rules"));
    rk_free(error);
    for (int k = 0; k < 2; k++)
        rk_free(c[k]);
    rk_free(plain);
    rk_free(layered);
}
END_TEST

START_TEST(version_of_header_and_library_agree)
{
    ck_assert_str_eq(rk_version(), RK_VERSION_STRING);
    ck_assert_int_eq(rk_version_number(), RK_VERSION_NUMBER);
    ck_assert_str_eq(rk_code_name(RK_CODE_PARSE), "parse");
    ck_assert_str_eq(rk_code_name((rk_code)99), "unknown");
    rk_free(NULL);
}
END_TEST

START_TEST(arabic_sentence_against_a_second_document)
{
    rk_ruleset *rs = open_rules();
    rk_corpus *c = two_documents(rs);
    ck_assert_uint_eq(rk_corpus_document_count(c), 2);
    ck_assert_str_eq(rk_corpus_document_id(c, 0), "ar-1");
    ck_assert_uint_eq(rk_corpus_claim_count(c), 2);
    ck_assert_str_eq(rk_corpus_claim_id(c, 0), "ar-1:42-44");
    size_t s = 0, e = 0;
    ck_assert_int_eq(rk_corpus_claim_span(c, 0, &s, &e), 0);
    ck_assert_uint_eq(s, 42);
    ck_assert_uint_eq(e, 44);
    ck_assert(memcmp(AR + s, "18", 2) == 0);
    ck_assert_str_eq(rk_corpus_claim_text(c, 0), "18");
    double lo = 0, hi = 0;
    ck_assert_int_eq(rk_corpus_claim_low(c, 0, &lo), 1);
    ck_assert_int_eq(rk_corpus_claim_high(c, 0, &hi), 1);
    ck_assert(lo == 18 && hi == 18);
    ck_assert_str_eq(rk_corpus_claim_exactness(c, 0), "exact");
    ck_assert_str_eq(rk_corpus_claim_quantity(c, 0), "deaths");
    ck_assert_str_eq(rk_corpus_claim_subject(c, 0), "security_forces");
    ck_assert_str_eq(rk_corpus_claim_speaker(c, 0), "وزارة الداخلية");
    ck_assert_ptr_null(rk_corpus_claim_via(c, 0));
    ck_assert_uint_eq(rk_corpus_claim_document(c, 1), 1);
    /* Out of range reads as nothing, never as a crash. */
    ck_assert_ptr_null(rk_corpus_claim_id(c, 2));
    ck_assert_int_eq(rk_corpus_claim_low(c, 2, &lo), -1);
    ck_assert_uint_eq(rk_corpus_group_count(c), 0);

    ck_assert_int_eq(rk_corpus_reconcile(c, NULL), RK_CODE_OK);
    ck_assert_uint_eq(rk_corpus_group_count(c), 1);
    ck_assert_str_eq(rk_corpus_group_id(c, 0), "deaths/security_forces");
    ck_assert_str_eq(rk_corpus_group_verdict(c, 0), "contradiction");
    double l = 0, b = 0, h = 0;
    ck_assert_int_eq(rk_corpus_group_estimate(c, 0, &l, &b, &h), 1);
    ck_assert(l == 13 && h == 18 && b >= l && b <= h);
    ck_assert_uint_eq(rk_corpus_group_member_count(c, 0), 2);
    ck_assert_uint_eq(rk_corpus_group_member(c, 0, 1), 1);
    ck_assert_uint_eq(rk_corpus_group_member(c, 0, 2), (size_t)-1);
    char *text = render(c, "text");
    ck_assert_ptr_nonnull(strstr(text, "CONTRADICTION  deaths/security_forces"));
    rk_free(text);
    /* Adding a document drops the groups until the next reconcile. */
    ck_assert_int_eq(rk_corpus_add_text(c, NULL, EN, strlen(EN), NULL, NULL), RK_CODE_OK);
    ck_assert_str_eq(rk_corpus_document_id(c, 2), "text-3");
    ck_assert_uint_eq(rk_corpus_group_count(c), 0);
    rk_free(c);
    rk_free(rs);
}
END_TEST

START_TEST(a_corpus_keeps_its_rule_set_alive)
{
    rk_ruleset *rs = open_rules();
    rk_corpus *c = NULL;
    ck_assert_int_eq(rk_corpus_new(rs, &c), RK_CODE_OK);
    rk_free(rs);
    ck_assert_int_eq(rk_corpus_add_text(c, "a", AR, strlen(AR), NULL, NULL), RK_CODE_OK);
    ck_assert_int_eq(rk_corpus_reconcile(c, NULL), RK_CODE_OK);
    rk_free(c);
}
END_TEST

START_TEST(claims_rendered_and_read_back_give_the_same_report)
{
    rk_ruleset *rs = open_rules();
    rk_corpus *a = two_documents(rs), *b = NULL;
    char *jsonl = render(a, "jsonl");
    ck_assert_int_eq(rk_corpus_new(rs, &b), RK_CODE_OK);
    char *error = NULL;
    ck_assert_int_eq(rk_corpus_add_claims(b, "run1", jsonl, strlen(jsonl), &error), RK_CODE_OK);
    /* The same run again merges by id: nothing doubles. */
    ck_assert_int_eq(rk_corpus_add_claims(b, "run2", jsonl, strlen(jsonl), &error), RK_CODE_OK);
    ck_assert_uint_eq(rk_corpus_claim_count(b), 2);
    ck_assert_int_eq(rk_corpus_reconcile(a, NULL), RK_CODE_OK);
    ck_assert_int_eq(rk_corpus_reconcile(b, NULL), RK_CODE_OK);
    const char *formats[] = {"json", "html", "xml", "csv", "text"};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        char *x = render(a, formats[i]), *y = render(b, formats[i]);
        ck_assert_msg(strcmp(x, y) == 0, "%s differs", formats[i]);
        rk_free(x);
        rk_free(y);
    }
    /* A broken line refuses the whole text and leaves the corpus as it was. */
    rk_corpus *c = NULL;
    ck_assert_int_eq(rk_corpus_new(rs, &c), RK_CODE_OK);
    char *broken = strdup(jsonl);
    char *second = strchr(broken, '\n') + 1;
    second[3] = '#';
    ck_assert_int_eq(rk_corpus_add_claims(c, "broken.jsonl", broken, strlen(broken), &error),
                     RK_CODE_PARSE);
    ck_assert_msg(strncmp(error, "broken.jsonl:2:", 15) == 0, "%s", error);
    ck_assert_uint_eq(rk_corpus_document_count(c), 0);
    rk_free(error);
    free(broken);
    rk_free(jsonl);
    rk_free(a);
    rk_free(b);
    rk_free(c);
    rk_free(rs);
}
END_TEST

START_TEST(bad_input_is_refused_with_its_code)
{
    rk_ruleset *rs = open_rules();
    rk_corpus *c = NULL;
    char *error = NULL;
    ck_assert_int_eq(rk_corpus_new(rs, &c), RK_CODE_OK);
    const char *const odd[] = {"colour", "red", NULL};
    ck_assert_int_eq(rk_corpus_add_text(c, "x", AR, strlen(AR), odd, &error), RK_CODE_USAGE);
    ck_assert_ptr_nonnull(strstr(error, "unknown metadata 'colour'"));
    rk_free(error);
    ck_assert_int_eq(rk_corpus_add_text(c, "x", "a \xff b", 5, NULL, &error), RK_CODE_UTF8);
    rk_free(error);
    ck_assert_uint_eq(rk_corpus_document_count(c), 0);
    char *out = (char *)1;
    ck_assert_int_eq(rk_corpus_render(c, "html", &out, NULL, &error), RK_CODE_USAGE);
    ck_assert_ptr_null(out);
    rk_free(error);
    ck_assert_int_eq(rk_corpus_render(c, "pdf", &out, NULL, &error), RK_CODE_USAGE);
    rk_free(error);
    ck_assert_int_eq(rk_corpus_add_file(c, "/nonexistent/x.txt", &error), RK_CODE_IO);
    ck_assert_ptr_nonnull(strstr(error, "/nonexistent/x.txt"));
    rk_free(error);
    /* What the command line warns about and goes on from refuses a file
     * here: a broken sidecar. */
    char dir[] = "/tmp/rk-api-XXXXXX", path[64], side[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.txt", dir);
    snprintf(side, sizeof side, "%s/a.meta.json", dir);
    FILE *f = fopen(path, "w");
    fputs(EN, f);
    fclose(f);
    ck_assert_int_eq(rk_corpus_add_file(c, path, &error), RK_CODE_OK);
    ck_assert_ptr_null(error);
    ck_assert_uint_eq(rk_corpus_document_count(c), 1);
    f = fopen(side, "w");
    fputs("{\"source\": ", f);
    fclose(f);
    ck_assert_int_ne(rk_corpus_add_file(c, path, &error), RK_CODE_OK);
    ck_assert_ptr_nonnull(strstr(error, "a.meta.json"));
    rk_free(error);
    ck_assert_uint_eq(rk_corpus_document_count(c), 1);
    unlink(side);
    unlink(path);
    rmdir(dir);
    rk_ruleset *none = NULL;
    ck_assert_int_eq(rk_ruleset_open("/nonexistent", &none, &error), RK_CODE_RULES);
    ck_assert_ptr_null(none);
    rk_free(error);
    rk_free(c);
    rk_free(rs);
}
END_TEST

/* Reads every file below dir into names/texts, as relative paths. */
static void slurp(const char *root, const char *rel, char **names, char **texts, size_t *lens,
                  size_t *n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char r[4096], full[8192];
        snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", root, r);
        struct stat st;
        ck_assert_int_eq(stat(full, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            slurp(root, r, names, texts, lens, n);
            continue;
        }
        size_t len = strlen(r);
        if (len < 4 || (strcmp(r + len - 4, ".xml") && strcmp(r + len - 4, ".rng")))
            continue;
        FILE *f = fopen(full, "rb");
        ck_assert_ptr_nonnull(f);
        texts[*n] = malloc((size_t)st.st_size + 1);
        lens[*n] = fread(texts[*n], 1, (size_t)st.st_size, f);
        texts[*n][lens[*n]] = '\0';
        fclose(f);
        names[*n] = strdup(r);
        (*n)++;
    }
    closedir(d);
}

START_TEST(rules_from_memory_work_as_from_their_folder)
{
    char *names[64], *texts[64];
    size_t lens[64], n = 0;
    slurp(rules_dir(), "", names, texts, lens, &n);
    ck_assert_uint_gt(n, 10);
    rk_ruleset *mem = NULL, *dir = open_rules();
    char *error = NULL;
    rk_code code = rk_ruleset_open_memory((const char *const *)names, (const char *const *)texts,
                                          lens, n, &mem, &error);
    ck_assert_msg(code == RK_CODE_OK, "%s", error ? error : "");
    rk_corpus *a = two_documents(dir), *b = two_documents(mem);
    ck_assert_int_eq(rk_corpus_reconcile(a, NULL), RK_CODE_OK);
    ck_assert_int_eq(rk_corpus_reconcile(b, NULL), RK_CODE_OK);
    char *x = render(a, "json"), *y = render(b, "json");
    ck_assert_str_eq(x, y);
    rk_free(x);
    rk_free(y);
    rk_free(a);
    rk_free(b);
    rk_free(mem);
    /* A broken file is named as the caller named it. */
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], "en/numbers.xml") == 0)
            lens[i] = 40;
    code = rk_ruleset_open_memory((const char *const *)names, (const char *const *)texts, lens, n,
                                  &mem, &error);
    ck_assert_int_eq(code, RK_CODE_RULES);
    ck_assert_msg(strncmp(error, "en/numbers.xml:", 15) == 0, "%s", error);
    rk_free(error);
    /* A name that climbs out of its folder is refused before anything. */
    const char *bad[] = {"../x.xml"}, *txt[] = {"<rules/>"};
    ck_assert_int_eq(rk_ruleset_open_memory(bad, txt, NULL, 1, &mem, &error), RK_CODE_USAGE);
    rk_free(error);
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
        free(texts[i]);
    }
    rk_free(dir);
}
END_TEST

/* While watch_files is set, making a temporary folder or file, or any
 * folder, fails and is counted: this program's definitions come before the
 * C library's for librk too. */
static int watch_files, files_made;

char *mkdtemp(char *template)
{
    if (watch_files) {
        files_made++;
        errno = EACCES;
        return NULL;
    }
    char *(*real)(char *) = (char *(*)(char *))dlsym(RTLD_NEXT, "mkdtemp");
    return real(template);
}

int mkstemp(char *template)
{
    if (watch_files) {
        files_made++;
        errno = EACCES;
        return -1;
    }
    int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
    return real(template);
}

int mkdir(const char *path, mode_t mode)
{
    if (watch_files) {
        files_made++;
        errno = EACCES;
        return -1;
    }
    int (*real)(const char *, mode_t) = (int (*)(const char *, mode_t))dlsym(RTLD_NEXT, "mkdir");
    return real(path, mode);
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

/* A rule set in memory is read where it is: nothing is staged in TMPDIR,
 * /tmp or anywhere else, and a broken file is still named with its line. */
START_TEST(rules_from_memory_write_nothing)
{
    char *names[64], *texts[64];
    size_t lens[64], n = 0;
    slurp(rules_dir(), "", names, texts, lens, &n);
    char tmp[] = "/tmp/rk-api-tmpdir-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    ck_assert_int_eq(setenv("TMPDIR", tmp, 1), 0);
    watch_files = 1;
    rk_ruleset *mem = NULL;
    char *error = NULL;
    rk_code code = rk_ruleset_open_memory((const char *const *)names, (const char *const *)texts,
                                          lens, n, &mem, &error);
    ck_assert_msg(code == RK_CODE_OK, "%s", error ? error : "");
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], "en/numbers.xml") == 0)
            snprintf(texts[i], lens[i], "<rules>\n<numbers>\n<bogus/></numbers></rules>");
    rk_ruleset *broken = NULL;
    code = rk_ruleset_open_memory((const char *const *)names, (const char *const *)texts, NULL, n,
                                  &broken, &error);
    ck_assert_int_eq(code, RK_CODE_RULES);
    ck_assert_msg(strncmp(error, "en/numbers.xml:3:", 17) == 0, "%s", error);
    rk_free(error);
    /* The files the schema includes are looked up among those given, and
     * never on disk. */
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], "schema/numbers.rng") == 0)
            strcpy(names[i], "schema/gone.rng");
    code = rk_ruleset_open_memory((const char *const *)names, (const char *const *)texts, NULL, n,
                                  &broken, &error);
    watch_files = 0;
    ck_assert_int_eq(code, RK_CODE_RULES);
    ck_assert_msg(strstr(error, "schema/rules.rng:") == error &&
                      strstr(error, "includes 'numbers.rng', which is missing"), "%s", error);
    rk_free(error);
    ck_assert_int_eq(files_made, 0);
    ck_assert_uint_eq(entries(tmp), 0);
    ck_assert_int_eq(rmdir(tmp), 0);
    unsetenv("TMPDIR");
    rk_free(mem);
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
        free(texts[i]);
    }
}
END_TEST

static int host_calls;
static void host_handler(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
    host_calls++;
}

/* Writes text to dir/name. */
static void put_file(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* Opens the rule folder dir, which must fail with its broken file named. */
static void open_broken(const char *dir, const char *what)
{
    rk_ruleset *none = NULL;
    char *error = NULL;
    ck_assert_int_eq(rk_ruleset_open(dir, &none, &error), RK_CODE_RULES);
    ck_assert_ptr_null(none);
    ck_assert_msg(strstr(error, "/a.xml:") != NULL, "%s: %s", what, error);
    rk_free(error);
}

START_TEST(the_hosts_libxml2_error_handler_is_left_in_place)
{
    int marker = 0;
    host_calls = 0;
    xmlSetStructuredErrorFunc(&marker, host_handler);
    rk_ruleset *rs = open_rules();
    ck_assert_ptr_eq((void *)xmlStructuredError, (void *)host_handler);
    ck_assert_ptr_eq(xmlStructuredErrorContext, &marker);
    rk_ruleset *none = NULL;
    char *error = NULL;
    rk_ruleset_open("/nonexistent", &none, &error);
    rk_free(error);
    ck_assert_ptr_eq((void *)xmlStructuredError, (void *)host_handler);
    /* A folder whose one rule file is broken, first not well-formed, then
     * against the schema: reckon's errors are its own, and the handler the
     * host set is still the one in place, and the only one called for the
     * host's own parse. */
    char dir[] = "/tmp/rk-api-xml-XXXXXX", schema[4096], link[4200];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(schema, sizeof schema, "%s/schema", rules_dir());
    snprintf(link, sizeof link, "%s/schema", dir);
    ck_assert_int_eq(symlink(schema, link), 0);
    put_file(dir, "a.xml", "<rules>\n  <numbers>\n</rules>\n");
    open_broken(dir, "not well-formed");
    put_file(dir, "a.xml", "<rules>\n  <no-such-section/>\n</rules>\n");
    open_broken(dir, "against the schema");
    const char *names[] = {"en/a.xml"}, *texts[] = {"<rules><numbers></rules>"};
    ck_assert_int_eq(rk_ruleset_open_memory(names, texts, NULL, 1, &none, &error),
                     RK_CODE_RULES);
    rk_free(error);
    ck_assert_ptr_eq((void *)xmlStructuredError, (void *)host_handler);
    ck_assert_ptr_eq(xmlStructuredErrorContext, &marker);
    ck_assert_int_eq(host_calls, 0);
    xmlDocPtr doc = xmlReadMemory("<a><b></a>", 10, "host.xml", NULL, 0);
    ck_assert_ptr_null(doc);
    ck_assert_int_gt(host_calls, 0);
    unlink(link);
    snprintf(link, sizeof link, "%s/a.xml", dir);
    unlink(link);
    rmdir(dir);
    xmlSetStructuredErrorFunc(NULL, NULL);
    rk_free(rs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("api");
    TCase *t = tcase_create("api");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, version_of_header_and_library_agree);
    tcase_add_test(t, an_event_s_own_rules_go_over_the_shipped_set);
    tcase_add_test(t, arabic_sentence_against_a_second_document);
    tcase_add_test(t, a_corpus_keeps_its_rule_set_alive);
    tcase_add_test(t, claims_rendered_and_read_back_give_the_same_report);
    tcase_add_test(t, bad_input_is_refused_with_its_code);
    tcase_add_test(t, rules_from_memory_work_as_from_their_folder);
    tcase_add_test(t, rules_from_memory_write_nothing);
    tcase_add_test(t, the_hosts_libxml2_error_handler_is_left_in_place);
    suite_add_tcase(s, t);
    SRunner *r = srunner_create(s);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
