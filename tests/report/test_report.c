/* test_report.c - the report renderers over a synthetic model: exact bytes
 * of a small report, key order, escaping, nulls, byte stability, schema
 * validity of the XML, and refusal of models that point outside their
 * documents. */
#include <check.h>
#include <cjson/cJSON.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static test_model *m;

static void setup(void)
{
    m = test_model_new(1);
}

static void teardown(void)
{
    test_model_free(m);
    m = NULL;
}

static char *render(const rk_report *rep, const char *name)
{
    rk_error err;
    rk_error_clear(&err);
    char *s = test_render(rep, name, NULL, &err);
    ck_assert_msg(s != NULL, "%s: %s", name, err.message);
    return s;
}

/* A JSON literal for a name the stages define: "name" or null. */
static const char *lit(const char *name, char *buf, size_t n)
{
    if (!name)
        return "null";
    snprintf(buf, n, "\"%s\"", name);
    return buf;
}

/* Replaces @TOKEN@ in a golden with the name each stage gives its enum
 * values, so the golden pins the renderer's bytes and not other stages'
 * spelling. The caller frees the result. */
static char *golden(const char *tmpl)
{
    char b[8][64];
    const struct { const char *tok, *val; } subst[] = {
        {"@TEXT@", lit(rk_format_name(RK_FORMAT_TEXT), b[0], 64)},
        {"@GIVEN@", lit(rk_origin_name(RK_ORIGIN_GIVEN), b[1], 64)},
        {"@INFERRED@", lit(rk_origin_name(RK_ORIGIN_INFERRED), b[2], 64)},
        {"@EXACT@", lit(rk_exactness_name(RK_EXACTNESS_EXACT), b[3], 64)},
        {"@MORE_THAN@", lit(rk_exactness_name(RK_EXACTNESS_MORE_THAN), b[4], 64)},
        {"@COUNT@", lit(rk_kind_name(RK_KIND_COUNT), b[5], 64)},
        {"@SINGLE@", lit(rk_verdict_name(RK_VERDICT_SINGLE), b[6], 64)},
    };
    rk_buf out = RK_BUF_INIT;
    for (const char *p = tmpl; *p;) {
        size_t k = 0;
        for (; k < sizeof subst / sizeof *subst; k++)
            if (strncmp(p, subst[k].tok, strlen(subst[k].tok)) == 0)
                break;
        if (k < sizeof subst / sizeof *subst) {
            rk_buf_puts(&out, subst[k].val);
            p += strlen(subst[k].tok);
        } else {
            rk_buf_putc(&out, *p++);
        }
    }
    return rk_buf_detach(&out, NULL);
}

/* The first document and its two claims; with_group adds the "injured"
 * group (one claim, open-ended estimate) and no links. */
static rk_report small(rk_claimset *set, rk_reconciliation *rec, int with_group)
{
    *set = m->set;
    set->docs.n = 1;
    set->n = 2;
    *rec = m->rec;
    rec->groups = &m->rec.groups[1];
    rec->n_groups = 1;
    rec->n_links = 0;
    return (rk_report){.set = set, .rec = with_group ? rec : NULL};
}

static const char SMALL_DOC[] =
    "{\"id\":\"000_ar\",\"path\":\"fixtures/000_ar.txt\",\"format\":@TEXT@,"
    "\"source\":\"الوقت\",\"published\":\"2022-01-07\",\"url\":null,\"language\":\"ar\","
    "\"title\":\"ضحايا <أحداث> كازاخستان\",\"byline\":null,\"dateline\":null,"
    "\"metadata\":{\"source\":@INFERRED@,\"published\":@GIVEN@,\"url\":null,"
    "\"language\":@INFERRED@,\"title\":@GIVEN@,\"byline\":null,\"dateline\":null}}";
static const char SMALL_CLAIM0[] =
    "{\"id\":\"000_ar:55-57\",\"document\":\"000_ar\",\"span\":[55,57],\"text\":\"18\","
    "\"low\":18,\"high\":18,\"exactness\":@EXACT@,\"unit\":\"person\",\"kind\":@COUNT@,"
    "\"quantity\":\"deaths\",\"subject\":\"security_forces\",\"scope\":null,"
    "\"attribution\":{\"speaker\":\"وزارة الداخلية\",\"via\":null,\"originator\":null,"
    "\"originator_kind\":null},\"hedged\":false,\"increment\":false,"
    "\"as_of\":\"2022-01-07\",\"as_of_from\":null,\"earlier\":false,\"status\":null,"
    "\"status_by\":null,\"sentence\":{\"span\":[13,127],"
    "\"text\":\"قالت وزارة الداخلية إن 18 عنصراً من قوات الأمن قتلوا حتى الجمعة.\"},"
    "\"rule\":\"ar.deaths\"}";
static const char SMALL_CLAIM1[] =
    "{\"id\":\"000_ar:153-157\",\"document\":\"000_ar\",\"span\":[153,157],\"text\":\"1000\","
    "\"low\":1000,\"high\":null,\"exactness\":@MORE_THAN@,\"unit\":\"person\",\"kind\":@COUNT@,"
    "\"quantity\":\"injured\",\"subject\":null,\"scope\":\"almaty\",\"attribution\":null,"
    "\"hedged\":false,\"increment\":false,\"as_of\":null,\"as_of_from\":null,\"earlier\":false,\"status\":null,"
    "\"status_by\":null,\"sentence\":{\"span\":[128,183],"
    "\"text\":\"وأصيب أكثر من 1000 شخص في ألماتي.\"},\"rule\":null}";

START_TEST(json_claims_only_report_has_exact_bytes)
{
    rk_claimset set;
    rk_reconciliation rec;
    rk_report rep = small(&set, &rec, 0);
    char *tmpl = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&tmpl, &n);
    fprintf(f, "{\n  \"documents\": [\n    %s\n  ],\n  \"claims\": [\n    %s,\n    %s\n  ],\n"
               "  \"summary\": {\"documents\":1,\"claims\":2}\n}\n",
            SMALL_DOC, SMALL_CLAIM0, SMALL_CLAIM1);
    fclose(f);
    char *want = golden(tmpl), *got = render(&rep, "json");
    ck_assert_str_eq(got, want);
    free(tmpl);
    free(want);
    free(got);
}
END_TEST

START_TEST(json_group_report_has_exact_bytes)
{
    rk_claimset set;
    rk_reconciliation rec;
    rk_report rep = small(&set, &rec, 1);
    rep.title = "Almaty \"toll\"";
    char *tmpl = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&tmpl, &n);
    fprintf(f,
            "{\n  \"title\": \"Almaty \\\"toll\\\"\",\n  \"documents\": [\n    %s\n  ],\n"
            "  \"claims\": [\n    %s,\n    %s\n  ],\n  \"groups\": [\n"
            "    {\"id\":\"injured@almaty\",\"quantity\":\"injured\",\"subject\":null,"
            "\"scope\":\"almaty\",\"parent\":null,\"verdict\":@SINGLE@,\"explanation\":null,"
            "\"rule\":null,\"estimate\":{\"low\":1000,\"best\":1000,\"high\":null,"
            "\"high_open\":true,\"policy\":\"latest\"},\"members\":[\"000_ar:153-157\"],"
            "\"superseded\":[],\"sides\":[],\"withdrawn\":[],\"independent_speakers\":0,\"review\":null}\n  ],\n"
            "  \"links\": [],\n"
            "  \"summary\": {\"documents\":1,\"claims\":2,\"groups\":1,\"contradictions\":0,"
            "\"unreviewed_contradictions\":0}\n}\n",
            SMALL_DOC, SMALL_CLAIM0, SMALL_CLAIM1);
    fclose(f);
    char *want = golden(tmpl), *got = render(&rep, "json");
    ck_assert_str_eq(got, want);
    free(tmpl);
    free(want);
    free(got);
}
END_TEST

START_TEST(csv_claims_have_exact_bytes)
{
    rk_claimset set;
    rk_reconciliation rec;
    rk_report rep = small(&set, &rec, 0);
    char b[4][64];
    const char *ex = rk_exactness_name(RK_EXACTNESS_EXACT);
    const char *mt = rk_exactness_name(RK_EXACTNESS_MORE_THAN);
    const char *ct = rk_kind_name(RK_KIND_COUNT);
    snprintf(b[0], 64, "%s", ex ? ex : "");
    snprintf(b[1], 64, "%s", mt ? mt : "");
    snprintf(b[2], 64, "%s", ct ? ct : "");
    char *want = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&want, &n);
    fprintf(f,
            "id,document,source,start,end,text,low,high,exactness,unit,kind,quantity,subject,"
            "scope,speaker,via,originator,hedged,as_of,as_of_from,earlier,status,status_by,"
            "sentence\r\n"
            "000_ar:55-57,000_ar,الوقت,55,57,18,18,18,%s,person,%s,deaths,security_forces,,"
            "وزارة الداخلية,,,false,2022-01-07,,false,,,"
            "قالت وزارة الداخلية إن 18 عنصراً من قوات الأمن قتلوا حتى الجمعة.\r\n"
            "000_ar:153-157,000_ar,الوقت,153,157,1000,1000,,%s,person,%s,injured,,almaty,,,,"
            "false,,,false,,,وأصيب أكثر من 1000 شخص في ألماتي.\r\n",
            b[0], b[2], b[1], b[2]);
    fclose(f);
    char *got = render(&rep, "csv");
    ck_assert_str_eq(got, want);
    free(want);
    free(got);
}
END_TEST

static void assert_keys(const cJSON *o, const char *const *keys)
{
    const cJSON *it = o->child;
    for (size_t i = 0; keys[i]; i++, it = it->next) {
        ck_assert_msg(it != NULL, "missing key %s", keys[i]);
        ck_assert_str_eq(it->string, keys[i]);
    }
    ck_assert_msg(it == NULL, "extra key %s", it ? it->string : "");
}

START_TEST(json_keys_follow_the_contract_order)
{
    char *s = render(&m->rep, "json");
    cJSON *j = cJSON_Parse(s);
    ck_assert_ptr_nonnull(j);
    static const char *const top[] = {"documents", "claims", "groups", "links", "summary", NULL};
    static const char *const doc[] = {"id", "path", "format", "source", "published", "url",
                                      "language", "title", "byline", "dateline", "metadata",
                                      NULL};
    static const char *const cl[] = {"id", "document", "span", "text", "low", "high",
                                     "exactness", "unit", "kind", "quantity", "subject",
                                     "scope", "attribution", "hedged", "increment", "as_of", "as_of_from",
                                     "earlier", "status", "status_by", "sentence", "rule",
                                     NULL};
    static const char *const gr[] = {"id", "quantity", "subject", "scope", "parent", "verdict",
                                     "explanation", "rule", "estimate", "members", "superseded", "sides", "withdrawn",
                                     "independent_speakers", "review", NULL};
    static const char *const est[] = {"low", "best", "high", "high_open", "policy", NULL};
    static const char *const ln[] = {"from", "to", "kind", "rule", NULL};
    static const char *const sum[] = {"documents", "claims", "groups", "contradictions",
                                      "unreviewed_contradictions", NULL};
    assert_keys(j, top);
    assert_keys(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "documents"), 1), doc);
    assert_keys(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "claims"), 2), cl);
    cJSON *g0 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "groups"), 0);
    assert_keys(g0, gr);
    assert_keys(cJSON_GetObjectItem(g0, "estimate"), est);
    assert_keys(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "links"), 0), ln);
    assert_keys(cJSON_GetObjectItem(j, "summary"), sum);
    cJSON_Delete(j);
    free(s);
}
END_TEST

static const char *body_slice(size_t doc, size_t a, size_t b, char *buf, size_t n)
{
    snprintf(buf, n, "%.*s", (int)(b - a), m->set.docs.docs[doc]->body + a);
    return buf;
}

START_TEST(json_strings_round_trip_quotes_newlines_rtl_and_markup)
{
    char *s = render(&m->rep, "json");
    cJSON *j = cJSON_Parse(s);
    ck_assert_ptr_nonnull(j);
    const cJSON *claims = cJSON_GetObjectItem(j, "claims");
    char buf[512];
    for (size_t i = 0; i < m->set.n; i++) {
        const rk_claim *c = &m->set.claims[i];
        const cJSON *o = cJSON_GetArrayItem(claims, (int)i);
        ck_assert_str_eq(cJSON_GetObjectItem(o, "text")->valuestring,
                         body_slice(c->document, c->start, c->end, buf, sizeof buf));
        const cJSON *sent = cJSON_GetObjectItem(o, "sentence");
        ck_assert_str_eq(cJSON_GetObjectItem(sent, "text")->valuestring,
                         body_slice(c->document, c->sentence_start, c->sentence_end, buf,
                                    sizeof buf));
    }
    const cJSON *doc1 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "documents"), 1);
    ck_assert_str_eq(cJSON_GetObjectItem(doc1, "source")->valuestring, "Reuters, \"world\"");
    ck_assert_str_eq(cJSON_GetObjectItem(doc1, "url")->valuestring,
                     "https://example.org/a?x=1&y=\"<2>\"");
    const cJSON *g5 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "groups"), 5);
    ck_assert_str_eq(cJSON_GetObjectItem(g5, "explanation")->valuestring, "Line one,\nline two.");
    /* A raw newline inside a JSON string would break every reader. */
    ck_assert_ptr_null(strstr(s, "one,\nline"));
    cJSON_Delete(j);
    free(s);
}
END_TEST

START_TEST(json_missing_values_are_null)
{
    char *s = render(&m->rep, "json");
    cJSON *j = cJSON_Parse(s);
    const cJSON *claims = cJSON_GetObjectItem(j, "claims");
    const cJSON *c1 = cJSON_GetArrayItem(claims, 1);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(c1, "high")));
    ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(c1, "low")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(c1, "attribution")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(c1, "subject")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(c1, "rule")));
    const cJSON *c2 = cJSON_GetArrayItem(claims, 2);
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(c2, "hedged")));
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(c2, "attribution"), "via")->valuestring,
                     "Reuters");
    const cJSON *groups = cJSON_GetObjectItem(j, "groups");
    const cJSON *g1 = cJSON_GetArrayItem(groups, 1), *g2 = cJSON_GetArrayItem(groups, 2);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(g1, "estimate"), "high")));
    ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(g1, "estimate"), "high_open")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(g2, "estimate")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(g2, "review")));
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(groups, 3), "parent")->valuestring,
                     "deaths.security_forces");
    const cJSON *doc2 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "documents"), 2);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(doc2, "source")));
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(doc2, "metadata"), "source")));
    cJSON_Delete(j);
    free(s);
}
END_TEST

START_TEST(summary_counts_unreviewed_contradictions)
{
    char *s = render(&m->rep, "json");
    cJSON *j = cJSON_Parse(s);
    const cJSON *sum = cJSON_GetObjectItem(j, "summary");
    ck_assert_int_eq(cJSON_GetObjectItem(sum, "contradictions")->valueint, 2);
    ck_assert_int_eq(cJSON_GetObjectItem(sum, "unreviewed_contradictions")->valueint, 1);
    cJSON_Delete(j);
    free(s);
    /* Without reviews both contradictions are open. */
    m->rep.reviews = NULL;
    s = render(&m->rep, "json");
    j = cJSON_Parse(s);
    sum = cJSON_GetObjectItem(j, "summary");
    ck_assert_int_eq(cJSON_GetObjectItem(sum, "unreviewed_contradictions")->valueint, 2);
    cJSON_Delete(j);
    free(s);
}
END_TEST

START_TEST(claims_only_report_has_no_groups)
{
    m->rep.rec = NULL;
    char *s = render(&m->rep, "json");
    ck_assert_ptr_null(strstr(s, "\"groups\""));
    ck_assert_ptr_null(strstr(s, "\"links\""));
    ck_assert_ptr_nonnull(strstr(s, "\"summary\": {\"documents\":3,\"claims\":5}"));
    free(s);
    s = render(&m->rep, "xml");
    ck_assert_ptr_null(strstr(s, "<groups"));
    free(s);
    rk_error err;
    ck_assert_ptr_null(test_render(&m->rep, "csv-groups", NULL, &err));
    ck_assert_int_eq(err.code, RK_ERR_USAGE);
}
END_TEST

START_TEST(every_renderer_is_byte_stable)
{
    for (const rk_renderer *const *r = rk_renderers(); *r; r++) {
        size_t n1, n2;
        rk_error err;
        char *a = test_render(&m->rep, (*r)->name, &n1, &err);
        char *b = test_render(&m->rep, (*r)->name, &n2, &err);
        ck_assert_msg(a && b, "%s failed", (*r)->name);
        ck_assert_msg(n1 == n2 && memcmp(a, b, n1) == 0, "%s differs between runs", (*r)->name);
        ck_assert_msg(n1 > 0, "%s is empty", (*r)->name);
        free(a);
        free(b);
    }
}
END_TEST

START_TEST(renderer_table_finds_each_format_by_name)
{
    const char *names[] = {"json", "jsonl", "xml", "html", "csv", "csv-groups", "claimreview",
                           "text"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const rk_renderer *r = rk_renderer_find(names[i]);
        ck_assert_ptr_nonnull(r);
        ck_assert_str_eq(r->name, names[i]);
        ck_assert_ptr_nonnull(r->description);
    }
    ck_assert_ptr_null(rk_renderer_find("yaml"));
    ck_assert_ptr_null(rk_renderer_find(NULL));
}
END_TEST

START_TEST(numbers_print_without_trailing_zeros_and_round_trip)
{
    char b[32];
    rk_format_number(18, b, sizeof b);
    ck_assert_str_eq(b, "18");
    rk_format_number(2700025, b, sizeof b);
    ck_assert_str_eq(b, "2700025");
    rk_format_number(-0.0, b, sizeof b);
    ck_assert_str_eq(b, "0");
    rk_format_number(0.1, b, sizeof b);
    ck_assert_str_eq(b, "0.1");
    rk_format_number(2.5, b, sizeof b);
    ck_assert_str_eq(b, "2.5");
    rk_format_number(1e15, b, sizeof b);
    ck_assert_str_eq(b, "1000000000000000");
    rk_format_number(0.0 / 0.0, b, sizeof b);
    ck_assert_str_eq(b, "null");
    double third = 1.0 / 3.0;
    rk_format_number(third, b, sizeof b);
    ck_assert(strtod(b, NULL) == third);
    ck_assert_int_le(strlen(b), 19);
}
END_TEST

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

START_TEST(jsonl_writes_each_document_then_its_claims)
{
    char *s = render(&m->rep, "jsonl");
    /* 3 documents, 5 claims, 6 groups, 3 links, 1 summary. */
    ck_assert_int_eq(count_lines(s), 18);
    const char *want[] = {"document", "claim", "claim", "document", "claim", "claim",
                          "claim", "document", "group"};
    char *line = s;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        cJSON *o = cJSON_Parse(line);
        ck_assert_msg(o != NULL, "line %zu is not JSON", i + 1);
        ck_assert_str_eq(o->child->string, "type");
        ck_assert_str_eq(o->child->valuestring, want[i]);
        cJSON_Delete(o);
        line = nl + 1;
    }
    free(s);
}
END_TEST

/* Every value of the claim's enums, and one past the last, is written in
 * json and jsonl as the stage that defines it names it, with the keys
 * around it: the renderer copies pre-quoted runs for the known values. */
START_TEST(every_enum_value_is_named_as_its_stage_names_it)
{
    static const char *const formats[] = {"json", "jsonl"};
    rk_claim *c = &m->set.claims[0];
    rk_claim keep = *c;
    char buf[64], want[128];
    for (size_t f = 0; f < 2; f++) {
        for (int v = 0; v <= RK_KIND_PHONE + 1; v++) {
            *c = keep;
            if (v <= RK_EXACTNESS_VAGUE + 1)
                c->exactness = (rk_exactness)v;
            c->kind = (rk_number_kind)v;
            if (v <= RK_STATUS_DISPUTED + 1)
                c->status = (rk_claim_status)v;
            char *s = render(&m->rep, formats[f]);
            /* the claim's own line, so that another claim cannot answer */
            snprintf(want, sizeof want, "\"id\":\"%s\",\"document\":", c->id);
            char *line = strstr(s, want);
            ck_assert_msg(line != NULL, "%s: no claim %s", formats[f], c->id);
            *strchr(line, '\n') = '\0';
            snprintf(want, sizeof want, ",\"exactness\":%s,\"unit\":",
                     lit(rk_exactness_name(c->exactness), buf, sizeof buf));
            ck_assert_msg(strstr(line, want), "%s: no %s", formats[f], want);
            snprintf(want, sizeof want, ",\"kind\":%s,\"quantity\":",
                     lit(rk_kind_name(c->kind), buf, sizeof buf));
            ck_assert_msg(strstr(line, want), "%s: no %s", formats[f], want);
            snprintf(want, sizeof want, ",\"status\":%s,\"status_by\":",
                     lit(rk_claim_status_name(c->status), buf, sizeof buf));
            ck_assert_msg(strstr(line, want), "%s: no %s", formats[f], want);
            free(s);
        }
    }
    *c = keep;
}
END_TEST

/* A claim names its document by the document's id, whether the id goes
 * out once per document (a plain one that fits) or with each claim (one
 * that needs escapes, or a long one). */
START_TEST(claims_name_their_document_whatever_its_id)
{
    char long_id[400];
    memset(long_id, 'x', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = '\0';
    const char *ids[] = {"plain#12", "a \"quoted\" id", "a back\\slash", "a line\nbreak", long_id,
                         /* the longest that fits the run, and one more */
                         long_id + sizeof long_id - 1 - 170, long_id + sizeof long_id - 1 - 171};
    rk_document *d = m->set.docs.docs[m->set.claims[0].document];
    char *keep = d->id;
    for (size_t k = 0; k < sizeof ids / sizeof *ids; k++) {
        d->id = (char *)ids[k];
        for (int f = 0; f < 2; f++) {
            char *s = render(&m->rep, f ? "jsonl" : "json");
            cJSON *o = f ? NULL : cJSON_Parse(s);
            ck_assert_msg(f || o, "json with document id %s does not parse", ids[k]);
            cJSON_Delete(o);
            size_t claims = 0;
            for (char *line = s, *nl; f && (nl = strchr(line, '\n')); line = nl + 1) {
                *nl = '\0';
                o = cJSON_Parse(line);
                ck_assert_msg(o != NULL, "a line is not JSON with document id %s", ids[k]);
                cJSON *doc = cJSON_GetObjectItemCaseSensitive(o, "document");
                cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
                if (strcmp(type->valuestring, "claim") == 0 && cJSON_IsString(doc) &&
                    strcmp(doc->valuestring, ids[k]) == 0)
                    claims++;
                cJSON_Delete(o);
            }
            size_t want = 0;
            for (size_t i = 0; i < m->set.n; i++)
                want += m->set.claims[i].document == m->set.claims[0].document;
            ck_assert_uint_eq(claims, f ? want : 0);
            free(s);
        }
    }
    d->id = keep;
}
END_TEST

START_TEST(jsonl_document_streams_one_document)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    rk_error err;
    ck_assert_int_eq(rk_render_jsonl_document(&m->rep, 1, f, &err), RK_OK);
    fclose(f);
    ck_assert_int_eq(count_lines(buf), 4);
    const char *head = "{\"type\":\"document\",\"id\":\"wire#2\"";
    ck_assert(strncmp(buf, head, strlen(head)) == 0);
    ck_assert_ptr_null(strstr(buf, "000_ar"));
    free(buf);
    f = open_memstream(&buf, &n);
    ck_assert_int_eq(rk_render_jsonl_document(&m->rep, 2, f, &err), RK_OK);
    fclose(f);
    ck_assert_int_eq(count_lines(buf), 1);
    free(buf);
    f = open_memstream(&buf, &n);
    ck_assert_int_eq(rk_render_jsonl_document(&m->rep, 3, f, &err), RK_ERR_USAGE);
    fclose(f);
    free(buf);
}
END_TEST

/* The documents of a batch through one writer: the bytes of each written
 * alone, in order; at a claim outside its document, the lines before it
 * and the error; a missing document refused. */
START_TEST(jsonl_documents_are_each_document_in_turn)
{
    char *all = NULL, *one = NULL;
    size_t n_all = 0, n_one = 0;
    rk_error err;
    rk_error_clear(&err);
    FILE *f = open_memstream(&all, &n_all);
    ck_assert_int_eq(rk_render_jsonl_documents(&m->rep, f, &err), RK_OK);
    fclose(f);
    f = open_memstream(&one, &n_one);
    for (size_t d = 0; d < m->set.docs.n; d++)
        ck_assert_int_eq(rk_render_jsonl_document(&m->rep, d, f, &err), RK_OK);
    fclose(f);
    ck_assert_uint_gt(n_all, 0);
    ck_assert_uint_eq(n_all, n_one);
    ck_assert(memcmp(all, one, n_all) == 0);
    free(all);
    free(one);

    size_t bad = 3, keep = m->set.claims[bad].end;
    size_t doc = m->set.claims[bad].document;
    m->set.claims[bad].end = m->set.docs.docs[doc]->body_len + 1;
    f = open_memstream(&all, &n_all);
    ck_assert_int_eq(rk_render_jsonl_documents(&m->rep, f, &err), RK_ERR_INTERNAL);
    fclose(f);
    /* every line before the bad claim: its document's lines before it and
       the documents before its own */
    size_t lines = 0;
    for (size_t d = 0; d < doc; d++) {
        lines++;
        for (size_t i = 0; i < m->set.n; i++)
            lines += m->set.claims[i].document == d;
    }
    lines++;
    for (size_t i = 0; i < bad; i++)
        lines += m->set.claims[i].document == doc;
    ck_assert_int_eq(count_lines(all), (int)lines);
    free(all);
    m->set.claims[bad].end = keep;

    rk_document *d1 = m->set.docs.docs[1];
    m->set.docs.docs[1] = NULL;
    f = open_memstream(&all, &n_all);
    ck_assert_int_eq(rk_render_jsonl_documents(&m->rep, f, &err), RK_ERR_USAGE);
    fclose(f);
    free(all);
    m->set.docs.docs[1] = d1;
}
END_TEST

START_TEST(claims_pointing_outside_their_document_are_refused)
{
    m->set.claims[3].end = m->set.docs.docs[1]->body_len + 1;
    for (const rk_renderer *const *r = rk_renderers(); *r; r++) {
        rk_error err;
        rk_error_clear(&err);
        char *s = test_render(&m->rep, (*r)->name, NULL, &err);
        ck_assert_msg(s == NULL, "%s accepted a bad span", (*r)->name);
        ck_assert_int_eq(err.code, RK_ERR_INTERNAL);
        ck_assert_ptr_nonnull(strstr(err.message, "wire#2:119-124"));
    }
    m->set.claims[3].end = m->set.claims[3].start + 5;
    m->rec.groups[0].members[1] = 99;
    rk_error err;
    ck_assert_ptr_null(test_render(&m->rep, "json", NULL, &err));
    ck_assert_int_eq(err.code, RK_ERR_INTERNAL);
}
END_TEST

/* A review needs its state's name (review stage) to be valid XML; while
 * that stage has none, the XML tests run without reviews. */
static void drop_unnamed_reviews(void)
{
    if (!rk_review_state_name(RK_REVIEW_CONFIRMED))
        m->rep.reviews = NULL;
}

/* Parses s as XML and validates it against schemas/report.rng; returns the
 * document (the caller frees it with xmlFreeDoc). */
static xmlDocPtr parse_valid_xml(const char *s)
{
    xmlDocPtr doc = xmlReadMemory(s, (int)strlen(s), "report.xml", NULL, XML_PARSE_NONET);
    ck_assert_msg(doc != NULL, "the XML report does not parse");
    const char *root = getenv("RK_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/schemas/report.rng", root ? root : ".");
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(path);
    xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
    ck_assert_msg(schema != NULL, "cannot load %s", path);
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pc);
    ck_assert_msg(rc == 0, "the XML report does not match schemas/report.rng");
    return doc;
}

/* The n-th element called name in document order (depth first). */
static xmlNodePtr nth(xmlNodePtr node, const char *name, int *n)
{
    for (; node; node = node->next) {
        if (node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0 &&
            (*n)-- == 0)
            return node;
        xmlNodePtr r = nth(node->children, name, n);
        if (r)
            return r;
    }
    return NULL;
}

static xmlNodePtr find(xmlDocPtr doc, const char *name, int index)
{
    return nth(xmlDocGetRootElement(doc), name, &index);
}

static void assert_content(xmlNodePtr node, const char *want)
{
    ck_assert_ptr_nonnull(node);
    xmlChar *got = xmlNodeGetContent(node);
    ck_assert_str_eq((const char *)got, want);
    xmlFree(got);
}

static void assert_attr(xmlNodePtr node, const char *name, const char *want)
{
    xmlChar *got = xmlGetProp(node, BAD_CAST name);
    if (!want) {
        ck_assert_msg(got == NULL, "attribute %s should be absent", name);
        return;
    }
    ck_assert_msg(got != NULL, "attribute %s missing", name);
    ck_assert_str_eq((const char *)got, want);
    xmlFree(got);
}

START_TEST(xml_is_valid_and_keeps_every_string)
{
    m->rep.title = "A \"title\" <b>&</b>";
    drop_unnamed_reviews();
    char *s = render(&m->rep, "xml");
    xmlDocPtr doc = parse_valid_xml(s);
    char buf[512];
    for (int i = 0; i < (int)m->set.n; i++) {
        const rk_claim *c = &m->set.claims[i];
        xmlNodePtr claim = find(doc, "claim", i);
        assert_attr(claim, "id", c->id);
        assert_content(find(doc, "text", i),
                       body_slice(c->document, c->start, c->end, buf, sizeof buf));
        assert_content(find(doc, "sentence", i),
                       body_slice(c->document, c->sentence_start, c->sentence_end, buf,
                                  sizeof buf));
    }
    /* The hostile sentence is text, not markup. */
    ck_assert_ptr_null(find(doc, "script", 0));
    assert_attr(xmlDocGetRootElement(doc), "title", "A \"title\" <b>&</b>");
    assert_attr(find(doc, "attribution", 1), "speaker", "Officials, \"senior\"");
    assert_attr(find(doc, "claim", 1), "high", NULL);
    assert_attr(find(doc, "estimate", 1), "high", NULL);
    assert_attr(find(doc, "estimate", 1), "high_open", "true");
    assert_content(find(doc, "explanation", 1), "Line one,\nline two.");
    if (m->rep.reviews)
        assert_content(find(doc, "review", 0), "Both figures are real, \"18\" is later.");
    xmlFreeDoc(doc);
    free(s);
}
END_TEST

START_TEST(xml_claims_only_report_is_valid)
{
    m->rep.rec = NULL;
    m->rep.reviews = NULL;
    char *s = render(&m->rep, "xml");
    xmlDocPtr doc = parse_valid_xml(s);
    ck_assert_ptr_null(find(doc, "groups", 0));
    xmlFreeDoc(doc);
    free(s);
}
END_TEST

START_TEST(control_characters_stay_well_formed_in_every_format)
{
    /* A form feed inside a quoted sentence: XML 1.0 cannot carry it at all,
     * JSON must escape it. */
    char *body = m->set.docs.docs[1]->body;
    char *p = strstr(body, "were killed");
    p[4] = '\f';
    drop_unnamed_reviews();
    char *s = render(&m->rep, "xml");
    xmlDocPtr doc = parse_valid_xml(s);
    xmlChar *got = xmlNodeGetContent(find(doc, "sentence", 2));
    ck_assert_ptr_nonnull(strstr((const char *)got, "were\xEF\xBF\xBDkilled"));
    xmlFree(got);
    xmlFreeDoc(doc);
    free(s);
    s = render(&m->rep, "json");
    ck_assert_ptr_nonnull(strstr(s, "were\\fkilled"));
    cJSON *j = cJSON_Parse(s);
    ck_assert_ptr_nonnull(j);
    cJSON_Delete(j);
    free(s);
}
END_TEST

/* Splits RFC 4180 text into rows of fields: cells[row * cols + col]. */
static size_t parse_csv(const char *s, char **cells, size_t max, size_t *cols)
{
    size_t n = 0, row_fields = 0, rows = 0;
    *cols = 0;
    while (*s && n < max) {
        rk_buf f = RK_BUF_INIT;
        rk_buf_puts(&f, "");
        if (*s == '"') {
            for (s++; *s && !(s[0] == '"' && s[1] != '"'); s++) {
                if (*s == '"')
                    s++;
                rk_buf_putc(&f, *s);
            }
            ck_assert_int_eq(*s, '"');
            s++;
        } else {
            for (; *s && *s != ',' && *s != '\r' && *s != '\n'; s++)
                rk_buf_putc(&f, *s);
        }
        cells[n++] = rk_buf_detach(&f, NULL);
        row_fields++;
        if (*s == ',') {
            s++;
            continue;
        }
        ck_assert_msg(s[0] == '\r' && s[1] == '\n', "rows must end with CRLF");
        s += 2;
        if (rows++ == 0)
            *cols = row_fields;
        ck_assert_uint_eq(row_fields, *cols);
        row_fields = 0;
    }
    return rows;
}

static void free_cells(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(cells[i]);
        cells[i] = NULL;
    }
}

START_TEST(csv_quotes_commas_quotes_and_newlines)
{
    m->set.claims[2].via = (free(m->set.claims[2].via), strdup("=HYPERLINK(\"http://x\")"));
    char *s = render(&m->rep, "csv");
    char *cells[1000] = {0};
    size_t cols;
    size_t rows = parse_csv(s, cells, 1000, &cols);
    ck_assert_uint_eq(rows, 1 + m->set.n);
    ck_assert_uint_eq(cols, 24);
    char buf[512];
    for (size_t i = 0; i < m->set.n; i++) {
        const rk_claim *c = &m->set.claims[i];
        char **row = cells + (i + 1) * cols;
        ck_assert_str_eq(row[0], c->id);
        ck_assert_str_eq(row[5], body_slice(c->document, c->start, c->end, buf, sizeof buf));
        ck_assert_str_eq(row[23], body_slice(c->document, c->sentence_start, c->sentence_end,
                                             buf, sizeof buf));
    }
    ck_assert_str_eq(cells[3 * cols + 2], "Reuters, \"world\"");
    ck_assert_str_eq(cells[3 * cols + 14], "Officials, \"senior\"");
    /* A formula from an article never runs in a spreadsheet. */
    ck_assert_str_eq(cells[3 * cols + 15], "'=HYPERLINK(\"http://x\")");
    free_cells(cells, 1000);
    free(s);
    s = render(&m->rep, "csv-groups");
    rows = parse_csv(s, cells, 1000, &cols);
    ck_assert_uint_eq(rows, 1 + m->rec.n_groups);
    ck_assert_str_eq(cells[cols + 14], "000_ar:55-57 wire#2:15-17");
    ck_assert_str_eq(cells[cols + 17], "Both figures are real, \"18\" is later.");
    ck_assert_str_eq(cells[6 * cols + 18], "Line one,\nline two.");
    free_cells(cells, 1000);
    free(s);
}
END_TEST

START_TEST(claimreview_covers_only_reviewed_groups)
{
    char *s = render(&m->rep, "claimreview");
    cJSON *j = cJSON_Parse(s);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(cJSON_GetObjectItem(j, "@context")->valuestring, "https://schema.org");
    const cJSON *graph = cJSON_GetObjectItem(j, "@graph");
    /* One review names a group that exists; the other names none. */
    ck_assert_int_eq(cJSON_GetArraySize(graph), 1);
    const cJSON *r = cJSON_GetArrayItem(graph, 0);
    ck_assert_str_eq(cJSON_GetObjectItem(r, "@type")->valuestring, "ClaimReview");
    ck_assert_str_eq(cJSON_GetObjectItem(r, "identifier")->valuestring, "deaths.security_forces");
    ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItem(r, "claimReviewed")->valuestring,
                                 "18 (الوقت, 2022-01-07); 13 (Reuters, \"world\", 2022-01-06)"));
    ck_assert_str_eq(cJSON_GetObjectItem(r, "datePublished")->valuestring, "2022-01-10");
    const cJSON *item = cJSON_GetObjectItem(r, "itemReviewed");
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(item, "author")), 2);
    const cJSON *app = cJSON_GetObjectItem(item, "appearance");
    ck_assert_int_eq(cJSON_GetArraySize(app), 2);
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(app, 1), "url")->valuestring,
                     "https://example.org/a?x=1&y=\"<2>\"");
    const cJSON *rating = cJSON_GetObjectItem(r, "reviewRating");
    const char *verdict = rk_verdict_name(RK_VERDICT_CONTRADICTION);
    if (verdict)
        ck_assert_str_eq(cJSON_GetObjectItem(rating, "alternateName")->valuestring, verdict);
    ck_assert_str_eq(cJSON_GetObjectItem(rating, "ratingExplanation")->valuestring,
                     "Both figures are real, \"18\" is later.");
    cJSON_Delete(j);
    free(s);
    /* No reviews: an empty graph, still valid JSON-LD. */
    m->rep.reviews = NULL;
    s = render(&m->rep, "claimreview");
    ck_assert_str_eq(s, "{\n  \"@context\": \"https://schema.org\",\n  \"@graph\": []\n}\n");
    free(s);
}
END_TEST

/* What the HTML page holds, counted in document order. */
typedef struct html_stats {
    int order;            /* elements seen so far */
    int summary_at, first_card_at;
    int cards, cards_with_svg, marks, rtl_quotes, arabic_quotes;
    int scripts, script_src, resources, js_links;
    char *ids[512];       /* every id attribute, and every in-page link */
    int n_ids;
    char *hrefs[512];
    int n_hrefs;
} html_stats;

static int has_class(xmlNodePtr n, const char *cls)
{
    xmlChar *c = xmlGetProp(n, BAD_CAST "class");
    int yes = 0;
    if (c) {
        size_t len = strlen(cls);
        for (const char *p = (const char *)c; (p = strstr(p, cls)); p += len)
            if ((p == (const char *)c || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
                yes = 1;
    }
    xmlFree(c);
    return yes;
}

static int prop_is(xmlNodePtr n, const char *name, const char *want)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    int yes = v && strcmp((const char *)v, want) == 0;
    xmlFree(v);
    return yes;
}

static int has_descendant(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE &&
            (strcmp((const char *)k->name, name) == 0 || has_descendant(k, name)))
            return 1;
    return 0;
}

static void html_walk(xmlNodePtr n, html_stats *st)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        st->order++;
        if (strcmp(name, "section") == 0 && prop_is(n, "id", "open"))
            st->summary_at = st->order;
        if (strcmp(name, "section") == 0 && has_class(n, "card")) {
            if (!st->first_card_at)
                st->first_card_at = st->order;
            st->cards++;
            st->cards_with_svg += has_descendant(n, "svg");
        }
        if (strcmp(name, "mark") == 0)
            st->marks++;
        if (strcmp(name, "blockquote") == 0 && prop_is(n, "lang", "ar")) {
            st->arabic_quotes++;
            st->rtl_quotes += prop_is(n, "dir", "rtl");
        }
        if (strcmp(name, "script") == 0)
            st->scripts++;
        if (strcmp(name, "iframe") == 0 || strcmp(name, "object") == 0 ||
            strcmp(name, "link") == 0 || strcmp(name, "img") == 0)
            st->resources++;
        xmlChar *src = xmlGetProp(n, BAD_CAST "src");
        st->script_src += src != NULL;
        xmlFree(src);
        xmlChar *href = xmlGetProp(n, BAD_CAST "href");
        st->js_links += href && strncmp((const char *)href, "javascript:", 11) == 0;
        if (href && href[0] == '#' && st->n_hrefs < 512)
            st->hrefs[st->n_hrefs++] = strdup((const char *)href + 1);
        xmlFree(href);
        xmlChar *id = xmlGetProp(n, BAD_CAST "id");
        if (id && st->n_ids < 512)
            st->ids[st->n_ids++] = strdup((const char *)id);
        xmlFree(id);
        html_walk(n->children, st);
    }
}

/* Percent-decodes a fragment in place. */
static void unpercent(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        unsigned v;
        if (r[0] == '%' && sscanf(r + 1, "%2x", &v) == 1) {
            *w++ = (char)v;
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static int count_id(const html_stats *st, const char *id)
{
    int n = 0;
    for (int i = 0; i < st->n_ids; i++)
        n += strcmp(st->ids[i], id) == 0;
    return n;
}

static void html_stats_free(html_stats *st)
{
    for (int i = 0; i < st->n_ids; i++)
        free(st->ids[i]);
    for (int i = 0; i < st->n_hrefs; i++)
        free(st->hrefs[i]);
}

static html_stats html_check(const rk_report *rep)
{
    char *s = render(rep, "html");
    htmlDocPtr doc = htmlReadMemory(s, (int)strlen(s), "report.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    ck_assert_ptr_nonnull(doc);
    html_stats st = {0};
    html_walk(xmlDocGetRootElement(doc), &st);
    /* Nothing the page shows comes from the network: one inline script,
     * no source, no import, no request. */
    ck_assert_ptr_null(strstr(s, "url("));
    ck_assert_ptr_null(strstr(s, "@import"));
    ck_assert_ptr_null(strstr(s, "fetch("));
    ck_assert_ptr_null(strstr(s, "XMLHttpRequest"));
    ck_assert_int_eq(st.scripts, 1);
    ck_assert_int_eq(st.script_src, 0);
    /* Every in-page link points at exactly one element, and no id repeats. */
    for (int i = 0; i < st.n_hrefs; i++) {
        unpercent(st.hrefs[i]);
        ck_assert_msg(count_id(&st, st.hrefs[i]) == 1, "link #%s points at %d elements",
                      st.hrefs[i], count_id(&st, st.hrefs[i]));
    }
    for (int i = 0; i < st.n_ids; i++)
        ck_assert_msg(count_id(&st, st.ids[i]) == 1, "id %s repeats", st.ids[i]);
    xmlFreeDoc(doc);
    free(s);
    return st;
}

/* Groups that get a card: a verdict beyond one figure, and several. */
static int expected_cards(const rk_reconciliation *rec)
{
    int n = 0;
    for (size_t g = 0; g < rec->n_groups; g++)
        n += rec->groups[g].verdict != RK_VERDICT_SINGLE && rec->groups[g].n_members > 1;
    return n;
}

START_TEST(html_puts_contradictions_first_and_one_card_per_group)
{
    /* A hostile URL must not become a link. */
    free(m->set.docs.docs[1]->url.value);
    m->set.docs.docs[1]->url.value = strdup("javascript:alert(1)");
    html_stats st = html_check(&m->rep);
    ck_assert_int_gt(st.summary_at, 0);
    ck_assert_int_lt(st.summary_at, st.first_card_at);
    ck_assert_int_eq(st.cards, expected_cards(&m->rec));
    ck_assert_int_eq(st.cards_with_svg, st.cards);
    /* Every group has one anchor: its card, or its row. */
    for (size_t g = 0; g < m->rec.n_groups; g++) {
        char id[128];
        snprintf(id, sizeof id, "g-%s", m->rec.groups[g].id);
        ck_assert_msg(count_id(&st, id) == 1, "group %s has %d anchors", id, count_id(&st, id));
    }
    size_t members = 0;
    for (size_t g = 0; g < m->rec.n_groups; g++)
        members += m->rec.groups[g].n_members;
    ck_assert_int_eq(st.marks, (int)members);
    ck_assert_int_gt(st.arabic_quotes, 0);
    ck_assert_int_eq(st.rtl_quotes, st.arabic_quotes);
    ck_assert_int_eq(st.resources, 0);
    ck_assert_int_eq(st.js_links, 0);
    html_stats_free(&st);
}
END_TEST

START_TEST(html_marks_exactly_the_claim_bytes)
{
    char *s = render(&m->rep, "html");
    for (size_t i = 0; i < m->set.n; i++) {
        const rk_claim *c = &m->set.claims[i];
        char want[256];
        snprintf(want, sizeof want, "<mark>%.*s</mark>", (int)(c->end - c->start),
                 m->set.docs.docs[c->document]->body + c->start);
        ck_assert_msg(strstr(s, want) != NULL, "no %s", want);
    }
    /* The hostile sentence arrives as text. */
    ck_assert_ptr_nonnull(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    free(s);
}
END_TEST

START_TEST(html_without_groups_lists_every_claim)
{
    m->rep.rec = NULL;
    html_stats st = html_check(&m->rep);
    ck_assert_int_eq(st.cards, 0);
    ck_assert_int_eq(st.marks, (int)m->set.n);
    html_stats_free(&st);
}
END_TEST

START_TEST(text_puts_contradictions_first_with_estimate_and_every_figure)
{
    char *s = render(&m->rep, "text");
    /* The first group printed is a contradiction, and no contradiction
     * follows a group of another verdict. */
    const char *first = strstr(s, "\n\n") + 2;
    ck_assert_msg(strncmp(first, "CONTRADICTION  ", 15) == 0, "%s", first);
    int seen_other = 0;
    for (const char *p = first; p && *p; p = strstr(p, "\n\n"), p = p ? p + 2 : NULL) {
        if (!*p)
            break;
        int contra = strncmp(p, "CONTRADICTION  ", 15) == 0;
        ck_assert_msg(!(contra && seen_other), "contradiction after another verdict");
        seen_other |= !contra;
    }
    for (size_t gi = 0; gi < m->rec.n_groups; gi++) {
        const rk_group *g = &m->rec.groups[gi];
        char head[128];
        snprintf(head, sizeof head, "  %s  [", g->id);
        const char *at = strstr(s, head);
        ck_assert_msg(at != NULL, "no group %s", g->id);
        if (g->has_estimate) {
            char best[32], want[64];
            rk_format_number(g->best, best, sizeof best);
            snprintf(want, sizeof want, "best estimate %s (low ", best);
            ck_assert_ptr_nonnull(strstr(at, want));
        }
        /* Each member's bytes, as written, on a figure line. */
        for (size_t k = 0; k < g->n_members; k++) {
            const rk_claim *c = &m->set.claims[g->members[k]];
            char want[256];
            snprintf(want, sizeof want, "\n  - %.*s", (int)(c->end - c->start),
                     m->set.docs.docs[c->document]->body + c->start);
            ck_assert_msg(strstr(at, want) != NULL, "no figure %s in %s", want, g->id);
        }
    }
    free(s);
}
END_TEST

START_TEST(text_marks_superseded_figures_and_names_dates)
{
    char *s = render(&m->rep, "text");
    size_t marked = 0;
    for (const char *p = s; (p = strstr(p, " [superseded]\n")); p++)
        marked++;
    size_t want = 0;
    for (size_t gi = 0; gi < m->rec.n_groups; gi++)
        want += m->rec.groups[gi].n_superseded;
    ck_assert_uint_eq(marked, want);
    /* Each figure line ends with the date its figure refers to. */
    for (size_t i = 0; i < m->set.n; i++) {
        const rk_claim *c = &m->set.claims[i];
        const rk_field *pub = &m->set.docs.docs[c->document]->published;
        const char *date = c->as_of ? c->as_of : pub->origin ? pub->value : "undated";
        char tail[96];
        snprintf(tail, sizeof tail, ", %s", date);
        ck_assert_msg(strstr(s, tail) != NULL, "no date %s", date);
    }
    free(s);
}
END_TEST

START_TEST(text_without_groups_lists_every_claim_on_one_line_each)
{
    m->rep.rec = NULL;
    char *s = render(&m->rep, "text");
    size_t figures = 0;
    for (const char *p = s; (p = strstr(p, "\n  - ")); p++)
        figures++;
    ck_assert_uint_eq(figures, m->set.n);
    /* Control characters in the quoted bytes never break a figure's line. */
    for (const char *p = s; *p; p++)
        ck_assert_msg((unsigned char)*p >= 0x20 || *p == '\n', "control byte %d", *p);
    free(s);
}
END_TEST

START_TEST(html_lists_typed_claims_that_no_group_holds)
{
    /* Take a claim out of the only group that holds it, as a policy that
     * keeps subject-less claims apart would. */
    rk_group *g = NULL;
    for (size_t gi = 0; gi < m->rec.n_groups && !g; gi++) {
        rk_group *c = &m->rec.groups[gi];
        if (c->n_members < 1 || c->n_superseded)
            continue;
        size_t last = c->members[c->n_members - 1], holders = 0;
        for (size_t gj = 0; gj < m->rec.n_groups; gj++)
            for (size_t k = 0; k < m->rec.groups[gj].n_members; k++)
                holders += m->rec.groups[gj].members[k] == last;
        if (holders == 1)
            g = c;
    }
    ck_assert_ptr_nonnull(g);
    size_t out = g->members[--g->n_members];
    ck_assert_ptr_nonnull(m->set.claims[out].quantity);
    html_stats st = html_check(&m->rep);
    size_t members = 0, typed_out = 0;
    for (size_t gi = 0; gi < m->rec.n_groups; gi++)
        members += m->rec.groups[gi].n_members;
    for (size_t i = 0; i < m->set.n; i++) {
        int in = 0;
        for (size_t gi = 0; gi < m->rec.n_groups; gi++)
            for (size_t k = 0; k < m->rec.groups[gi].n_members; k++)
                in |= m->rec.groups[gi].members[k] == i;
        typed_out += !in && m->set.claims[i].quantity;
    }
    ck_assert_uint_ge(typed_out, 1);
    ck_assert_int_eq(st.marks, (int)(members + typed_out));
    html_stats_free(&st);
    char *s = render(&m->rep, "html");
    ck_assert_ptr_nonnull(strstr(s, "<section id=\"ungrouped\">"));
    free(s);
    g->n_members++;
}
END_TEST

START_TEST(html_isolates_right_to_left_names_in_explanations)
{
    rk_group *g = &m->rec.groups[0];
    free(g->explanation);
    g->explanation = strdup("18 from \xd9\x88\xd8\xb2\xd8\xa7\xd8\xb1\xd8\xa9 "
                            "\xd8\xa7\xd9\x84\xd8\xaf\xd8\xa7\xd8\xae\xd9\x84\xd9\x8a\xd8\xa9"
                            " (doc_1, 2022-01-06) and 25 from AP (doc_2, undated) <b>");
    char *s = render(&m->rep, "html");
    ck_assert_ptr_nonnull(strstr(s, "18 from <bdi>\xd9\x88\xd8\xb2\xd8\xa7\xd8\xb1\xd8\xa9 "
                                    "\xd8\xa7\xd9\x84\xd8\xaf\xd8\xa7\xd8\xae\xd9\x84\xd9\x8a\xd8\xa9"
                                    "</bdi> (doc_1, 2022-01-06) and 25 from AP (doc_2, undated) &lt;b&gt;"));
    free(s);
}
END_TEST

/* The rule set's labels (RECKON_RULES); the caller frees both. */
static rk_labels *load_labels(rk_rules **rules)
{
    rk_error e;
    rk_error_clear(&e);
    rk_labels *l = NULL;
    const char *dir = getenv("RECKON_RULES");
    ck_assert_ptr_nonnull(dir);
    ck_assert_msg(rk_rules_load(dir, NULL, rules, NULL, NULL, &e) == RK_OK, "%s", e.message);
    ck_assert_int_eq(rk_labels_load(*rules, &l, &e), RK_OK);
    return l;
}

START_TEST(html_chrome_follows_the_language_asked_for)
{
    rk_rules *rules = NULL;
    rk_labels *l = load_labels(&rules);
    m->rep.labels = l;
    static const struct {
        const char *lang, *html;
    } cases[] = {{"ar", "<html lang=\"ar\" dir=\"rtl\">"},
                 {"ru", "<html lang=\"ru\" dir=\"ltr\">"},
                 {"en", "<html lang=\"en\" dir=\"ltr\">"},
                 /* Documents in two languages: English chrome. */
                 {NULL, "<html lang=\"en\" dir=\"ltr\">"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        m->rep.lang = cases[i].lang;
        char *s = render(&m->rep, "html");
        ck_assert_msg(strstr(s, cases[i].html) != NULL, "no %s", cases[i].html);
        const char *lang = cases[i].lang ? cases[i].lang : "en";
        const char *heading = rk_labels_get(l, lang, "section.open");
        ck_assert_ptr_nonnull(heading);
        ck_assert_msg(strstr(s, heading) != NULL, "%s: no heading %s", lang, heading);
        /* No label id shows through in a language the rules have. */
        ck_assert_msg(strstr(s, "section.open") == NULL, "%s: a label id shows", lang);
        free(s);
    }
    /* A language the rules lack falls back to English, not to ids. */
    m->rep.lang = "xx";
    char *s = render(&m->rep, "html");
    ck_assert_ptr_nonnull(strstr(s, "<html lang=\"en\""));
    free(s);
    m->rep.labels = NULL;
    m->rep.lang = NULL;
    rk_labels_free(l);
    rk_rules_free(rules);
}
END_TEST

START_TEST(html_isolates_every_id_and_number)
{
    m->rep.lang = "ar";
    char *s = render(&m->rep, "html");
    /* A document id holds digits and underscores that a right-to-left line
     * would reorder: it is always isolated left to right. */
    for (size_t i = 0; i < m->set.docs.n; i++) {
        char want[128];
        snprintf(want, sizeof want, "<code dir=\"ltr\">%s</code>", m->set.docs.docs[i]->id);
        ck_assert_msg(strstr(s, want) != NULL, "no %s", want);
    }
    /* Counts in the headings too. */
    char want[96];
    snprintf(want, sizeof want, "<span class=\"count\"><bdi dir=\"ltr\">%zu</bdi></span>",
             m->set.docs.n);
    ck_assert_ptr_nonnull(strstr(s, want));
    free(s);
    m->rep.lang = NULL;
}
END_TEST

START_TEST(html_lists_open_contradictions_first_and_reviewed_ones_apart)
{
    char *s = render(&m->rep, "html");
    const char *open = strstr(s, "<section id=\"open\">");
    const char *reviewed = strstr(s, "<section id=\"reviewed\">");
    const char *details = strstr(s, "<section id=\"details\">");
    ck_assert_ptr_nonnull(open);
    ck_assert_ptr_nonnull(reviewed);
    ck_assert_ptr_nonnull(details);
    ck_assert(open < reviewed && reviewed < details);
    /* percent.police is open; deaths.security_forces has a review. */
    const char *police = strstr(open, "id=\"g-percent.police\"");
    ck_assert_ptr_nonnull(police);
    ck_assert(police < reviewed);
    const char *sf = strstr(s, "href=\"#g-deaths.security_forces\"");
    ck_assert_ptr_nonnull(sf);
    ck_assert(sf > reviewed);
    /* Its note shows, and its card comes after the open groups' cards. */
    ck_assert_ptr_nonnull(strstr(reviewed, "Both figures are real, &quot;18&quot; is later."));
    const char *card = strstr(details, "id=\"g-deaths.security_forces\"");
    const char *rising = strstr(details, "id=\"g-deaths.rising\"");
    ck_assert_ptr_nonnull(card);
    ck_assert_ptr_nonnull(rising);
    ck_assert(rising < card);
    /* Each card says how to record a decision. */
    ck_assert_ptr_nonnull(strstr(card, "reckon review set deaths.security_forces confirmed"));
    ck_assert_ptr_nonnull(strstr(rising, "reckon review set deaths.rising resolved"));
    free(s);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("report");
    TCase *t = tcase_create("renderers");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, json_claims_only_report_has_exact_bytes);
    tcase_add_test(t, json_group_report_has_exact_bytes);
    tcase_add_test(t, csv_claims_have_exact_bytes);
    tcase_add_test(t, json_keys_follow_the_contract_order);
    tcase_add_test(t, json_strings_round_trip_quotes_newlines_rtl_and_markup);
    tcase_add_test(t, json_missing_values_are_null);
    tcase_add_test(t, summary_counts_unreviewed_contradictions);
    tcase_add_test(t, claims_only_report_has_no_groups);
    tcase_add_test(t, every_renderer_is_byte_stable);
    tcase_add_test(t, renderer_table_finds_each_format_by_name);
    tcase_add_test(t, numbers_print_without_trailing_zeros_and_round_trip);
    tcase_add_test(t, jsonl_writes_each_document_then_its_claims);
    tcase_add_test(t, jsonl_document_streams_one_document);
    tcase_add_test(t, jsonl_documents_are_each_document_in_turn);
    tcase_add_test(t, claims_name_their_document_whatever_its_id);
    tcase_add_test(t, every_enum_value_is_named_as_its_stage_names_it);
    tcase_add_test(t, claims_pointing_outside_their_document_are_refused);
    tcase_add_test(t, xml_is_valid_and_keeps_every_string);
    tcase_add_test(t, xml_claims_only_report_is_valid);
    tcase_add_test(t, control_characters_stay_well_formed_in_every_format);
    tcase_add_test(t, csv_quotes_commas_quotes_and_newlines);
    tcase_add_test(t, claimreview_covers_only_reviewed_groups);
    tcase_add_test(t, html_puts_contradictions_first_and_one_card_per_group);
    tcase_add_test(t, html_marks_exactly_the_claim_bytes);
    tcase_add_test(t, html_without_groups_lists_every_claim);
    tcase_add_test(t, html_isolates_right_to_left_names_in_explanations);
    tcase_add_test(t, html_lists_typed_claims_that_no_group_holds);
    tcase_add_test(t, html_chrome_follows_the_language_asked_for);
    tcase_add_test(t, html_isolates_every_id_and_number);
    tcase_add_test(t, html_lists_open_contradictions_first_and_reviewed_ones_apart);
    tcase_add_test(t, text_puts_contradictions_first_with_estimate_and_every_figure);
    tcase_add_test(t, text_marks_superseded_figures_and_names_dates);
    tcase_add_test(t, text_without_groups_lists_every_claim_on_one_line_each);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    xmlCleanupParser();
    return failed ? 1 : 0;
}
