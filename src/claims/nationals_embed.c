/* nationals_embed.c - at build time, derives the nationals vocabulary of
 * the shipped rules (nationals.c) and writes known_nationals.c, which
 * embeds what the generator handed its sink, so that a run on the very
 * same rules and ICU need not derive it again (nationals_known.h).
 *
 * usage: nationals_embed RULES_DIR OUT.c
 *
 * Linked with nationals_none.c, so that the engine it builds derives the
 * vocabulary itself, and with the rule loader that knows the shipped
 * files. When RULES_DIR does not load as the build's very rule set
 * (rk_rules_is_build_set), nothing is embedded and every run derives the
 * vocabulary as before. OUT.c is written whole or not at all. */
#include "engine_int.h"
#include "nationals.h"
#include "nationals_known.h"
#include "trie_known.h"
#include "../core/alloc.h"
#include "../core/buf.h"
#include "../core/out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RULES 16

/* The <nationals> rules as the compiler gathers them (compile.c,
 * pass_defs): the children of <claims> sections, in load order. */
typedef struct gather {
    const rk_engine *e;
    const rk_rnode *rules[MAX_RULES];
    int langs[MAX_RULES];
    size_t n;
} gather;

static rk_status gather_section(void *ctx, const rk_rnode *sec, const char *lang, rk_error *err)
{
    gather *g = ctx;
    int li = 0;
    for (size_t i = 1; lang && i < g->e->n_langs; i++)
        if (strcmp(g->e->langs[i].lang, lang) == 0)
            li = (int)i;
    for (size_t i = 0; i < sec->n_kids; i++) {
        if (strcmp(sec->kids[i]->name, "nationals") != 0)
            continue;
        if (g->n == MAX_RULES || (lang && !li))
            return rk_rnode_error(sec->kids[i], err, "cannot gather this rule");
        g->langs[g->n] = li;
        g->rules[g->n++] = sec->kids[i];
    }
    return RK_OK;
}

/* What the generator hands its sink: the text of every string, the class
 * calls, the other calls. */
typedef struct record {
    const gather *g;
    rk_buf text;
    uint32_t *classes;
    size_t n_classes, cap_classes;
    rk_nat_known_call *calls;
    size_t n_calls, cap_calls;
    int bad;
} record;

static uint32_t put_text(record *r, const char *s)
{
    size_t at = r->text.len;
    if (at > UINT32_MAX / 2 || rk_buf_append(&r->text, s, strlen(s) + 1) < 0)
        r->bad = 1;
    return (uint32_t)at;
}

static int rec_class_of(void *ctx, const char *id, const char *desc, rk_error *err)
{
    record *r = ctx;
    (void)err;
    if (r->n_classes + 1 >= UINT16_MAX || !desc) {
        r->bad = 1;
        return 0;
    }
    uint32_t *v = rk_array_grow(r->classes, &r->cap_classes, 2 * r->n_classes + 1, sizeof *v,
                                512);
    if (!v) {
        r->bad = 1;
        return 0;
    }
    r->classes = v;
    v[2 * r->n_classes] = put_text(r, id);
    v[2 * r->n_classes + 1] = put_text(r, desc);
    return (int)r->n_classes++;
}

/* Records a call at node, which is one of the rules or a child of one. */
static rk_status rec_call(record *r, const rk_rnode *node, const char *src, int lang, int cls,
                          int place, int dual, int plain)
{
    const gather *g = r->g;
    int rule = -1, kid = -1;
    for (size_t i = 0; i < g->n && rule < 0; i++) {
        if (g->rules[i] == node)
            rule = (int)i;
        for (size_t k = 0; k < g->rules[i]->n_kids && rule < 0; k++)
            if (g->rules[i]->kids[k] == node) {
                rule = (int)i;
                kid = (int)k;
            }
    }
    if (rule < 0 || g->langs[rule] != lang || kid > INT16_MAX || cls < 0 ||
        (size_t)cls >= r->n_classes || plain < -1 || plain > 1) {
        r->bad = 1;
        return RK_OK;
    }
    if (r->n_calls == r->cap_calls) {
        rk_nat_known_call *v = rk_array_grow(r->calls, &r->cap_calls, r->n_calls, sizeof *v, 4096);
        if (!v) {
            r->bad = 1;
            return RK_OK;
        }
        r->calls = v;
    }
    r->calls[r->n_calls++] = (rk_nat_known_call){put_text(r, src), (uint16_t)cls, (int16_t)kid,
                                                 (uint8_t)rule, (uint8_t)place, (uint8_t)!!dual,
                                                 (int8_t)plain};
    return RK_OK;
}

static rk_status rec_entry(void *ctx, const rk_rnode *node, const char *src, int lang, int cls,
                           int dual, int plain, rk_error *err)
{
    (void)err;
    return rec_call(ctx, node, src, lang, cls, 0, dual, plain);
}

static rk_status rec_place(void *ctx, const rk_rnode *node, const char *src, int lang, int cls,
                           rk_error *err)
{
    (void)err;
    return rec_call(ctx, node, src, lang, cls, 1, 0, -1);
}

static const rk_nationals_sink_s rec_sink = {rec_class_of, rec_entry, rec_place};

/* s as the inside of a C string literal (rk_fput_c_string()). */
static void put_cstr(FILE *o, const char *s)
{
    rk_fput_c_string(o, s, strlen(s));
}

/* Writes the bytes b[0..n) as the array name. */
static void put_bytes(FILE *o, const char *name, const uint8_t *b, size_t n)
{
    fprintf(o, "\nstatic const uint8_t %s[%zu] = {", name, n);
    for (size_t i = 0; i < n; i++)
        fprintf(o, "%s0x%02x,", i % 16 ? " " : "\n   ", b[i]);
    fputs("\n};\n", o);
}

/* Writes the trie of e (trie_known.h): its keys as they are, NUL-ended
 * strings one after another; -1 when the keys do not end a string (and
 * then nothing is written). */
static int write_trie(FILE *o, const rk_engine *e)
{
    if (!e->keys_len || e->keys[e->keys_len - 1] != '\0')
        return -1;
    fputs("\n/* the claim trie (trie_known.h): its keys and clitics */\n"
          "static const char trie_keys[] =", o);
    for (size_t at = 0; at < e->keys_len; at += strlen(e->keys + at) + 1) {
        fputs("\n    \"", o);
        put_cstr(o, e->keys + at);
        fputs(at + strlen(e->keys + at) + 1 < e->keys_len ? "\\000\"" : "\"", o);
    }
    fputs(";\n\n/* langs, payload, n_children, parent, len, tok */\n"
          "static const trie_node trie_nodes[] = {\n", o);
    for (size_t i = 0; i < e->n_nodes; i++) {
        const trie_node *n = &e->nodes[i];
        fprintf(o, "    {0x%llx, %u, %u, %u, %u, %u},\n", (unsigned long long)n->langs,
                n->payload, n->n_children, n->parent, n->len, n->tok);
    }
    fprintf(o, "};\n\n/* slot: tag, child */\nstatic const trie_slot trie_edges[%zu] = {\n",
            e->cap_edges);
    size_t n_edges = 0;
    for (size_t i = 0; i < e->cap_edges; i++)
        if (e->edges[i].child) {
            fprintf(o, "    [%zu] = {%u, %u},\n", i, e->edges[i].tag, e->edges[i].child);
            n_edges++;
        }
    fputs("};\n\n/* type, flags, lang, target, ival, aux, next */\n"
          "static const lex_entry trie_lex[] = {\n", o);
    for (size_t i = 0; i < e->n_lex; i++) {
        const lex_entry *l = &e->lex[i];
        fprintf(o, "    {%u, %u, %u, %d, %d, %u, %u},\n", l->type, l->flags, l->lang, l->target,
                l->ival, l->aux, l->next);
    }
    if (!e->n_lex)
        fputs("    {0, 0, 0, 0, 0, 0, 0},\n", o);
    fputs("};\n", o);
    put_bytes(o, "trie_root_keys", e->root_keys, sizeof e->root_keys);
    put_bytes(o, "trie_next_keys", e->next_keys, sizeof e->next_keys);
    fprintf(o,
            "\nconst rk_trie_known rk_claims_trie_known = {\n"
            "    trie_nodes, %zu, trie_edges, %zu, %zu, trie_lex, %zu, trie_keys, %u, %u,\n"
            "    0x%llx, trie_root_keys, trie_next_keys, %zu, %zu};\n",
            e->n_nodes, n_edges, e->cap_edges, e->n_lex, e->max_phrase, e->max_payload,
            (unsigned long long)e->singular_langs, sizeof e->root_keys, sizeof e->next_keys);
    return 0;
}

/* Writes OUT.c: what r recorded for the rules of g under ICU icu, with the
 * trie of g's engine, or nothing (an empty set) when r is NULL. */
static int write_source(const char *out, const char *top, const gather *g, const record *r,
                        const char *icu)
{
    rk_buf tmp = RK_BUF_INIT;
    if (rk_buf_printf(&tmp, "%s.tmp", out) < 0)
        return -1;
    FILE *o = fopen(tmp.data, "w");
    if (!o) {
        fprintf(stderr, "nationals_embed: %s: cannot write\n", tmp.data);
        rk_buf_free(&tmp);
        return -1;
    }
    fputs("/* known_nationals.c - made by nationals_embed at build time from the rule\n"
          " * folder ", o);
    put_cstr(o, top);
    fputs("; do not edit. The nationals vocabulary of its\n"
          " * rules (see nationals_known.h) and their claim trie (trie_known.h). */\n"
          "#include \"nationals_known.h\"\n"
          "#include \"trie_known.h\"\n", o);
    if (!r || write_trie(o, g->e) < 0) {
        if (r)
            fprintf(stderr, "nationals_embed: the trie does not fit (nothing embedded)\n");
        fputs("\nconst rk_nat_known rk_nationals_known = "
              "{\"\", NULL, 0, NULL, 0, NULL, 0, \"\", 0};\n"
              "\nconst rk_trie_known rk_claims_trie_known = {0};\n", o);
    } else {
        /* the text: one string a line, the NULs between them written out */
        fputs("\nstatic const char text[] =", o);
        for (size_t at = 0; at < r->text.len; at += strlen(r->text.data + at) + 1) {
            fputs("\n    \"", o);
            put_cstr(o, r->text.data + at);
            fputs(at + strlen(r->text.data + at) + 1 < r->text.len ? "\\000\"" : "\"", o);
        }
        fputs(";\n\nstatic const uint32_t classes[] = {", o);
        for (size_t i = 0; i < 2 * r->n_classes; i++)
            fprintf(o, "%s%u,", i % 10 ? " " : "\n   ", r->classes[i]);
        fputs("\n};\n\nstatic const rk_nat_known_rule rules[] = {\n", o);
        for (size_t i = 0; i < g->n; i++) {
            const char *lang = g->e->langs[g->langs[i]].lang;
            fputs("    {\"", o);
            put_cstr(o, lang ? lang : "");
            fprintf(o, "\", %ld, %zu},\n", g->rules[i]->line, g->rules[i]->n_kids);
        }
        fputs("};\n\n/* src, cls, kid, rule, place, dual, plain */\n"
              "static const rk_nat_known_call calls[] = {\n", o);
        for (size_t i = 0; i < r->n_calls; i++) {
            const rk_nat_known_call *c = &r->calls[i];
            fprintf(o, "    {%u, %u, %d, %u, %u, %u, %d},\n", c->src, c->cls, c->kid, c->rule,
                    c->place, c->dual, c->plain);
        }
        fputs("};\n\nconst rk_nat_known rk_nationals_known = {\"", o);
        put_cstr(o, icu);
        fprintf(o, "\", rules, %zu, classes, %zu, calls, %zu, text, %zu};\n", g->n,
                r->n_classes, r->n_calls, r->text.len);
    }
    int bad = ferror(o);
    bad |= fclose(o) != 0;
    if (bad || rename(tmp.data, out) != 0) {
        fprintf(stderr, "nationals_embed: %s: cannot write\n", out);
        remove(tmp.data);
        rk_buf_free(&tmp);
        return -1;
    }
    rk_buf_free(&tmp);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: nationals_embed RULES_DIR OUT.c\n");
        return 2;
    }
    const char *top = argv[1], *out = argv[2];
    rk_rules *rs = NULL;
    rk_engine *e = NULL;
    rk_error err;
    rk_error_clear(&err);
    gather g = {0};
    record r = {0};
    r.g = &g;
    char icu[64];
    int ok = 0;
    if (rk_rules_load(top, NULL, &rs, NULL, NULL, &err) != RK_OK)
        fprintf(stderr, "nationals_embed: %s: %s (nothing embedded)\n", top, err.message);
    else if (!rk_rules_is_build_set(rs))
        fprintf(stderr, "nationals_embed: %s: not the build's rule set (nothing embedded)\n", top);
    else if (rk_icu_versions(icu, sizeof icu) < 0)
        fprintf(stderr, "nationals_embed: ICU gives no version (nothing embedded)\n");
    else if (rk_engine_new(rs, &e, &err) != RK_OK ||
             (g.e = e, rk_rules_each(rs, "claims", gather_section, &g, &err)) != RK_OK ||
             rk_nationals_generate(e, g.rules, g.langs, g.n, &rec_sink, &r, &err) != RK_OK)
        fprintf(stderr, "nationals_embed: %s: %s (nothing embedded)\n", top, err.message);
    else if (r.bad)
        fprintf(stderr, "nationals_embed: the vocabulary does not fit (nothing embedded)\n");
    else
        ok = g.n > 0;
    int rc = write_source(out, top, &g, ok ? &r : NULL, icu) == 0 ? 0 : 1;
    rk_buf_free(&r.text);
    free(r.classes);
    free(r.calls);
    rk_engine_free(e);
    rk_rules_free(rs);
    return rc;
}
