/* test_nationals.c - the nationals generator's fast paths (src/claims/
 * nationals.c: the country names read from ICU's region table opened once
 * per language, the <not> list passed over by the form's length, the
 * "from" phrases put together without snprintf) against the plain ones
 * they stand for (rk_nationals_set_fast(0): a call to
 * uloc_getDisplayCountry() for every name, every <not> compared, the
 * phrases by snprintf): every
 * class, entry and place the generator hands its sink is the same, in the
 * same order, on the shipped rules and on a rule set made to exercise the
 * <not> list. */
#include "rk_internal.h"
#include "claims/engine_int.h"
#include "claims/nationals.h"
#include "claims/nationals_known.h"
#include "claims/trie_known.h"
#include "claims_test.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the generator hands its sink, one line a call. */
typedef struct record {
    rk_buf out;
    int n_classes;
} record;

static int rec_class_of(void *ctx, const char *id, const char *desc, rk_error *err)
{
    (void)err;
    record *r = ctx;
    rk_buf_printf(&r->out, "class %d %s %s\n", r->n_classes, id, desc ? desc : "-");
    return r->n_classes++;
}

static rk_status rec_entry(void *ctx, const rk_rnode *node, const char *src, int lang, int cls,
                           int dual, int plain, rk_error *err)
{
    (void)err;
    record *r = ctx;
    rk_buf_printf(&r->out, "entry %s:%ld %s %d %d %d %d\n", node->file, node->line, src, lang,
                  cls, dual, plain);
    return RK_OK;
}

static rk_status rec_place(void *ctx, const rk_rnode *node, const char *src, int lang, int cls,
                           rk_error *err)
{
    (void)err;
    record *r = ctx;
    rk_buf_printf(&r->out, "place %s:%ld %s %d %d\n", node->file, node->line, src, lang, cls);
    return RK_OK;
}

static const rk_nationals_sink_s rec_sink = {rec_class_of, rec_entry, rec_place};

/* The <nationals> rules below n, with the engine language of the file's. */
static void find_rules(const rk_engine *e, const rk_rnode *n, int li, const rk_rnode **rules,
                       int *langs, size_t *k)
{
    if (strcmp(n->name, "nationals") == 0 && *k < 16) {
        rules[*k] = n;
        langs[(*k)++] = li;
    }
    for (size_t i = 0; i < n->n_kids; i++)
        find_rules(e, n->kids[i], li, rules, langs, k);
}

/* Everything the generator hands its sink for the rules in dir, with the
 * fast paths on or off; the caller frees it. n_rules: how many rules. */
static char *generated(const char *dir, const char *schema, int on, size_t *n_rules)
{
    rk_rules *rs = NULL;
    rk_engine *eng = NULL;
    rk_error err;
    ck_assert_msg(rk_rules_load(dir, schema, &rs, NULL, NULL, &err) == RK_OK, "%s", err.message);
    ck_assert_msg(rk_engine_new(rs, &eng, &err) == RK_OK, "%s", err.message);
    const rk_rnode *rules[16];
    int langs[16];
    size_t k = 0;
    for (size_t f = 0; f < rs->n_files; f++) {
        const char *lang = rk_rnode_attr(rs->files[f], "lang");
        int li = -1;
        for (size_t i = 1; lang && i < eng->n_langs; i++)
            if (eng->langs[i].lang && strcmp(eng->langs[i].lang, lang) == 0)
                li = (int)i;
        if (li > 0)
            find_rules(eng, rs->files[f], li, rules, langs, &k);
    }
    record r = {RK_BUF_INIT, 0};
    int was = rk_nationals_set_fast(on);
    rk_status st = rk_nationals_generate(eng, rules, langs, k, &rec_sink, &r, &err);
    rk_nationals_set_fast(was);
    ck_assert_msg(st == RK_OK, "%s", err.message);
    rk_engine_free(eng);
    rk_rules_free(rs);
    *n_rules = k;
    ck_assert(r.out.data);
    return r.out.data;
}

/* The vocabulary of the rules in dir is the same either way; returns it. */
static char *same_either_way(const char *dir, const char *schema, size_t *n_rules)
{
    size_t n_on = 0, n_off = 0;
    char *on = generated(dir, schema, 1, &n_on), *off = generated(dir, schema, 0, &n_off);
    ck_assert(n_on == n_off);
    if (strcmp(on, off) != 0) {
        const char *a = on, *b = off;
        while (*a && *a == *b)
            a++, b++;
        while (a > on && a[-1] != '\n')
            a--, b--;
        ck_abort_msg("%s: the fast paths changed the vocabulary:\n fast:  %.120s\n plain: %.120s",
                     dir, a, b);
    }
    free(off);
    *n_rules = n_on;
    return on;
}

static int count(const char *s, const char *what)
{
    int c = 0;
    for (const char *p = s; (p = strstr(p, what)) != NULL; p++)
        c++;
    return c;
}

START_TEST(the_shipped_rules_give_the_same_vocabulary)
{
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    char *shipped = path_join(src_root(), "rules");
    size_t n = 0;
    char *v = same_either_way(shipped, schema, &n);
    ck_assert(n >= 3); /* ar, en, ru */
    /* classes, entries and places in every language */
    ck_assert(count(v, "class ") > 200);
    ck_assert(strstr(v, "class ") && strstr(v, " nationals_pakistan Pakistan\n"));
    ck_assert(count(v, "entry ") > 10000);
    ck_assert(count(v, "place ") > 600);
    ck_assert(strstr(v, " pakistanis "));
    free(v);
    free(shipped);
    free(schema);
}
END_TEST

/* <not> forms of lengths the generated forms have and have not, one of
 * more than 63 bytes (the length filter's last bit stands for them all). */
START_TEST(the_not_list_excludes_the_same_forms)
{
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    char dir[] = "/tmp/rk_claims_natfast_XXXXXX";
    ck_assert(mkdtemp(dir));
    toy_rules_in(dir, "nat.xml",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"en\">\n"
                 "<claims><nationals drop=\"1\" min-stem=\"4\">\n"
                 "<ending>a</ending><suffix>n</suffix><suffix>ns</suffix><suffix>i</suffix>"
                 "<suffix>is</suffix>\n"
                 "<not>pakistanis</not><not>indians</not><not>chin</not><not>x</not>\n"
                 "<not>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaaa</not>\n"
                 "</nationals></claims></rules>\n");
    size_t k = 0;
    char *v = same_either_way(dir, schema, &k);
    ck_assert(k == 1);
    ck_assert(!strstr(v, " pakistanis ") && strstr(v, " pakistani "));
    ck_assert(!strstr(v, " indians ") && strstr(v, " indian "));
    free(v);
    toy_rules_gone(dir, "nat.xml");
    free(schema);
}
END_TEST

/* The <nationals> rules of set as the compiler gathers them: the children
 * of its <claims> sections, with their engine languages. */
typedef struct gathered {
    const rk_engine *e;
    const rk_rnode *rules[16];
    int langs[16];
    size_t n;
} gathered;

static rk_status gather(void *ctx, const rk_rnode *sec, const char *lang, rk_error *err)
{
    (void)err;
    gathered *g = ctx;
    int li = 0;
    for (size_t i = 1; lang && i < g->e->n_langs; i++)
        if (strcmp(g->e->langs[i].lang, lang) == 0)
            li = (int)i;
    for (size_t i = 0; i < sec->n_kids; i++)
        if (strcmp(sec->kids[i]->name, "nationals") == 0 && g->n < 16) {
            g->langs[g->n] = li;
            g->rules[g->n++] = sec->kids[i];
        }
    return RK_OK;
}

/* The vocabulary the build embedded is, call for call, what the generator
 * hands its sink for the shipped rules; it is used for them, and for no
 * other rule set, nor when a test turns it or the fast paths off. */
START_TEST(the_build_s_vocabulary_is_the_generator_s)
{
    char *shipped = path_join(src_root(), "rules");
    rk_rules *rs = NULL;
    rk_engine *eng = NULL;
    rk_error err;
    ck_assert_msg(rk_rules_load(shipped, NULL, &rs, NULL, NULL, &err) == RK_OK, "%s",
                  err.message);
    ck_assert(rk_rules_is_build_set(rs));
    ck_assert_msg(rk_engine_new(rs, &eng, &err) == RK_OK, "%s", err.message);
    gathered g = {.e = eng};
    ck_assert(rk_rules_each(rs, "claims", gather, &g, &err) == RK_OK);
    ck_assert(g.n >= 3);
    ck_assert(rk_nationals_embedded(eng, rs, g.rules, g.langs, g.n));
    record gen = {RK_BUF_INIT, 0}, rep = {RK_BUF_INIT, 0};
    ck_assert(rk_nationals_generate(eng, g.rules, g.langs, g.n, &rec_sink, &gen, &err) == RK_OK);
    ck_assert(rk_nationals_replay(g.rules, g.langs, g.n, &rec_sink, &rep, &err) == RK_OK);
    ck_assert(gen.out.data && rep.out.data);
    if (strcmp(gen.out.data, rep.out.data) != 0) {
        const char *a = gen.out.data, *b = rep.out.data;
        while (*a && *a == *b)
            a++, b++;
        while (a > gen.out.data && a[-1] != '\n')
            a--, b--;
        ck_abort_msg("the build's vocabulary differs:\n generated: %.120s\n embedded:  %.120s",
                     a, b);
    }
    ck_assert(count(gen.out.data, "entry ") > 10000 && count(gen.out.data, "place ") > 600);
    /* not under a switch, nor for other rules or languages */
    int was = rk_nationals_set_embedded(0);
    ck_assert(!rk_nationals_embedded(eng, rs, g.rules, g.langs, g.n));
    rk_nationals_set_embedded(was);
    was = rk_nationals_set_fast(0);
    ck_assert(!rk_nationals_embedded(eng, rs, g.rules, g.langs, g.n));
    rk_nationals_set_fast(was);
    was = rk_nationals_set_prefilter(0);
    ck_assert(!rk_nationals_embedded(eng, rs, g.rules, g.langs, g.n));
    rk_nationals_set_prefilter(was);
    ck_assert(!rk_nationals_embedded(eng, rs, g.rules, g.langs, g.n - 1));
    int langs[16];
    memcpy(langs, g.langs, sizeof langs);
    langs[0] = langs[1];
    ck_assert(!rk_nationals_embedded(eng, rs, g.rules, langs, g.n));
    const rk_rnode *swapped[16];
    memcpy(swapped, g.rules, sizeof swapped);
    swapped[0] = g.rules[1];
    swapped[1] = g.rules[0];
    ck_assert(!rk_nationals_embedded(eng, rs, swapped, g.langs, g.n));
    ck_assert(rk_nationals_embedded(eng, rs, g.rules, g.langs, g.n));
    /* the engine the compiler makes either way holds the same */
    rk_engine *plain = NULL;
    was = rk_nationals_set_embedded(0);
    ck_assert_msg(rk_engine_new(rs, &plain, &err) == RK_OK, "%s", err.message);
    rk_nationals_set_embedded(was);
    ck_assert_uint_eq(rk_engine_entry_count(plain), rk_engine_entry_count(eng));
    ck_assert_uint_eq(rk_engine_class_count(plain), rk_engine_class_count(eng));
    ck_assert_uint_eq(plain->n_nodes, eng->n_nodes);
    ck_assert_uint_eq(plain->n_lex, eng->n_lex);
    for (size_t i = 0; i < eng->n_classes; i++)
        ck_assert_str_eq(plain->classes[i].id, eng->classes[i].id);
    for (size_t i = 1; i < eng->n_nodes; i++) /* the root, 0, has no token */
        ck_assert(plain->nodes[i].len == eng->nodes[i].len &&
                  memcmp(node_key(plain, &plain->nodes[i]), node_key(eng, &eng->nodes[i]),
                         eng->nodes[i].len) == 0);
    rk_engine_free(plain);
    rk_buf_free(&gen.out);
    rk_buf_free(&rep.out);
    rk_engine_free(eng);
    rk_rules_free(rs);
    free(shipped);
}
END_TEST

/* A rule set that is not the build's (the shipped folder is, wherever it
 * lies) derives its vocabulary. */
START_TEST(other_rules_derive_their_own)
{
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    char dir[] = "/tmp/rk_claims_natemb_XXXXXX";
    ck_assert(mkdtemp(dir));
    toy_rules_in(dir, "nat.xml",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"en\">\n"
                 "<claims><nationals drop=\"1\" min-stem=\"4\">\n"
                 "<ending>a</ending><suffix>n</suffix><suffix>ns</suffix>\n"
                 "</nationals></claims></rules>\n");
    rk_rules *rs = NULL;
    rk_engine *eng = NULL;
    rk_error err;
    ck_assert_msg(rk_rules_load(dir, schema, &rs, NULL, NULL, &err) == RK_OK, "%s", err.message);
    ck_assert_msg(rk_engine_new(rs, &eng, &err) == RK_OK, "%s", err.message);
    gathered g = {.e = eng};
    ck_assert(rk_rules_each(rs, "claims", gather, &g, &err) == RK_OK);
    ck_assert(g.n == 1);
    ck_assert(!rk_nationals_embedded(eng, rs, g.rules, g.langs, g.n));
    rk_engine_free(eng);
    rk_rules_free(rs);
    toy_rules_gone(dir, "nat.xml");
    free(schema);
}
END_TEST

/* An event's rules over the shipped ones keep the build's vocabulary when
 * they hold no <numbers> section (the derivation reads the number reader,
 * which those sections alone make): the engine is the one the generator
 * gives. A layer with one derives its own. */
START_TEST(an_event_layer_keeps_the_build_s_vocabulary)
{
    char *shipped = path_join(src_root(), "rules");
    char *event = path_join(src_root(), "fixtures/kazakhstan-2022/rules");
    const char *layers[1] = {event};
    rk_rules *rs = NULL;
    rk_engine *eng = NULL, *plain = NULL;
    rk_error err;
    ck_assert_msg(rk_rules_load_layers(shipped, layers, 1, NULL, &rs, NULL, NULL, &err) == RK_OK,
                  "%s", err.message);
    ck_assert(!rk_rules_is_build_set(rs));
    ck_assert_uint_gt(rk_rules_build_files(rs), 0);
    ck_assert_uint_lt(rk_rules_build_files(rs), rs->n_files);
    ck_assert_msg(rk_engine_new(rs, &eng, &err) == RK_OK, "%s", err.message);
    gathered g = {.e = eng};
    ck_assert(rk_rules_each(rs, "claims", gather, &g, &err) == RK_OK);
    ck_assert(rk_nationals_embedded(eng, rs, g.rules, g.langs, g.n));
    record gen = {RK_BUF_INIT, 0}, rep = {RK_BUF_INIT, 0};
    ck_assert(rk_nationals_generate(eng, g.rules, g.langs, g.n, &rec_sink, &gen, &err) == RK_OK);
    ck_assert(rk_nationals_replay(g.rules, g.langs, g.n, &rec_sink, &rep, &err) == RK_OK);
    ck_assert(gen.out.data && rep.out.data);
    ck_assert(strcmp(gen.out.data, rep.out.data) == 0);
    int was = rk_nationals_set_embedded(0);
    ck_assert_msg(rk_engine_new(rs, &plain, &err) == RK_OK, "%s", err.message);
    rk_nationals_set_embedded(was);
    ck_assert_uint_eq(rk_engine_entry_count(plain), rk_engine_entry_count(eng));
    ck_assert_uint_eq(rk_engine_class_count(plain), rk_engine_class_count(eng));
    ck_assert_uint_eq(plain->n_nodes, eng->n_nodes);
    for (size_t i = 0; i < eng->n_classes; i++)
        ck_assert_str_eq(plain->classes[i].id, eng->classes[i].id);
    rk_engine_free(plain);
    rk_buf_free(&gen.out);
    rk_buf_free(&rep.out);
    rk_engine_free(eng);
    rk_rules_free(rs);

    /* a layer with a <numbers> section (the toy rules' common.xml) */
    char dir[] = "/tmp/rk_claims_natlayer_XXXXXX";
    ck_assert(mkdtemp(dir));
    toy_rules_in(dir, "more.xml",
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"en\">\n"
                 "<numbers><cardinal value=\"3\">trio</cardinal></numbers></rules>\n");
    layers[0] = dir;
    ck_assert_msg(rk_rules_load_layers(shipped, layers, 1, NULL, &rs, NULL, NULL, &err) == RK_OK,
                  "%s", err.message);
    ck_assert_uint_gt(rk_rules_build_files(rs), 0);
    ck_assert_msg(rk_engine_new(rs, &eng, &err) == RK_OK, "%s", err.message);
    gathered h = {.e = eng};
    ck_assert(rk_rules_each(rs, "claims", gather, &h, &err) == RK_OK);
    ck_assert(!rk_nationals_embedded(eng, rs, h.rules, h.langs, h.n));
    rk_engine_free(eng);
    rk_rules_free(rs);
    toy_rules_gone(dir, "more.xml");
    free(event);
    free(shipped);
}
END_TEST

/* The engine of the shipped rules, made with the build's trie taken
 * (known) or every entry placed again, the build's nationals vocabulary
 * used or derived again (embedded), and its texts kept as keys or copied
 * (lasting). */
static rk_engine *engine_of_shipped(int known, int embedded, int lasting)
{
    char *shipped = path_join(src_root(), "rules");
    rk_rules *rs = NULL;
    rk_engine *eng = NULL;
    rk_error err;
    ck_assert_msg(rk_rules_load(shipped, NULL, &rs, NULL, NULL, &err) == RK_OK, "%s",
                  err.message);
    int was_k = rk_engine_set_known_trie(known);
    int was_e = rk_nationals_set_embedded(embedded);
    int was_l = rk_engine_set_lasting_keys(lasting);
    ck_assert_msg(rk_engine_new(rs, &eng, &err) == RK_OK, "%s", err.message);
    rk_engine_set_lasting_keys(was_l);
    rk_nationals_set_embedded(was_e);
    rk_engine_set_known_trie(was_k);
    rk_rules_free(rs);
    free(shipped);
    return eng;
}

/* Checks that the lists x[0..nx) and y[0..ny) hold the same strings. */
static void same_strs(const char *const *x, size_t nx, const char *const *y, size_t ny)
{
    ck_assert_uint_eq(nx, ny);
    for (size_t k = 0; k < nx; k++)
        ck_assert_str_eq(x[k], y[k]);
}

/* Checks that the two tries are one: every node's parent, key text,
 * entries and edge slots alike, every node found from its parent under
 * its own key, and what the compiler works out as it places them. */
static void same_trie(const rk_engine *a, const rk_engine *b)
{
    ck_assert_uint_eq(a->n_nodes, b->n_nodes);
    ck_assert_uint_eq(a->n_lex, b->n_lex);
    ck_assert_uint_eq(a->n_edges, b->n_edges);
    ck_assert_uint_eq(a->cap_edges, b->cap_edges);
    ck_assert(memcmp(a->edges, b->edges, a->cap_edges * sizeof *a->edges) == 0);
    ck_assert(memcmp(a->root_keys, b->root_keys, sizeof a->root_keys) == 0);
    ck_assert(memcmp(a->next_keys, b->next_keys, sizeof a->next_keys) == 0);
    ck_assert_uint_eq(a->max_phrase, b->max_phrase);
    ck_assert_uint_eq(a->max_payload, b->max_payload);
    ck_assert(a->singular_langs == b->singular_langs);
    for (size_t i = 0; i < a->n_nodes; i++) {
        const trie_node *x = &a->nodes[i], *y = &b->nodes[i];
        ck_assert(x->langs == y->langs && x->payload == y->payload);
        ck_assert(x->n_children == y->n_children && x->parent == y->parent);
        ck_assert_uint_eq(x->len, y->len);
        if (i == 0)
            continue;
        const char *kx = node_key(a, x), *ky = node_key(b, y);
        ck_assert_msg(memcmp(kx, ky, x->len) == 0, "node %zu: %.*s / %.*s", i, (int)x->len, kx,
                      (int)y->len, ky);
        ck_assert_uint_eq(rk_claims_trie_child(a, x->parent, ky, y->len), i);
        ck_assert_uint_eq(rk_claims_trie_child(b, y->parent, kx, x->len), i);
    }
    for (size_t i = 0; i < a->n_lex; i++) {
        const lex_entry *x = &a->lex[i], *y = &b->lex[i];
        ck_assert(x->type == y->type && x->flags == y->flags && x->lang == y->lang);
        ck_assert(x->target == y->target && x->ival == y->ival && x->next == y->next);
        ck_assert((x->aux == 0) == (y->aux == 0));
        ck_assert(!x->aux || strcmp(lex_aux(a, x), lex_aux(b, y)) == 0);
    }
    /* the clitics and breaks, which are placed either way */
    ck_assert_uint_eq(a->n_langs, b->n_langs);
    for (size_t li = 0; li < a->n_langs; li++) {
        const lang_set *x = &a->langs[li], *y = &b->langs[li];
        same_strs(x->clitics, x->n_clitics, y->clitics, y->n_clitics);
        same_strs(x->clause_breaks, x->n_clause_breaks, y->clause_breaks, y->n_clause_breaks);
        same_strs(x->statement_breaks, x->n_statement_breaks, y->statement_breaks,
                  y->n_statement_breaks);
        same_strs(x->sentence_ends, x->n_sentence_ends, y->sentence_ends, y->n_sentence_ends);
    }
    ck_assert_uint_eq(a->n_classes, b->n_classes);
    for (size_t i = 0; i < a->n_classes; i++)
        ck_assert_str_eq(a->classes[i].id, b->classes[i].id);
}

/* How many of e's trie keys are the build's nationals texts themselves:
 * keys in the copy of that text that heads e's keys, when it does (the
 * build's own trie, whose keys_len is 0, has none). */
static size_t head_keys(const rk_engine *e)
{
    const rk_nat_known *k = &rk_nationals_known;
    if (e->keys_len < k->text_len || memcmp(e->keys, k->text, k->text_len) != 0)
        return 0;
    size_t n = 0;
    for (size_t i = 1; i < e->n_nodes; i++)
        n += e->nodes[i].tok < k->text_len;
    return n;
}

/* The shipped rules take the trie the build compiled from them
 * (trie_known.h) where the program holds it, and it is the trie that
 * placing every entry makes: with the build's nationals vocabulary, its
 * texts kept as keys or copied, and with one derived again; with the
 * switch off, nothing of the build's is taken. */
START_TEST(the_build_s_trie_is_the_one_placing_makes)
{
    const rk_trie_known *k = &rk_claims_trie_known;
    ck_assert_uint_gt(k->n_nodes, 20000);
    rk_engine *known = engine_of_shipped(1, 1, 1), *placed = engine_of_shipped(0, 1, 1);
    ck_assert(known->trie_borrowed && known->nodes == k->nodes && known->keys == k->keys);
    ck_assert(!placed->trie_borrowed && placed->nodes != k->nodes && placed->keys != k->keys);
    same_trie(known, placed);
    ck_assert_uint_eq(head_keys(known), 0);
    ck_assert_uint_gt(head_keys(placed), 20000); /* the switch does something */
    rk_engine_free(placed);
    placed = engine_of_shipped(0, 1, 0);
    same_trie(known, placed);
    ck_assert_uint_eq(head_keys(placed), 0);
    rk_engine_free(placed);
    placed = engine_of_shipped(0, 0, 1);
    ck_assert(!placed->trie_borrowed);
    same_trie(known, placed);
    ck_assert_uint_eq(head_keys(placed), 0); /* a derived vocabulary's texts go */
    rk_engine_free(placed);
    /* without the build's vocabulary, not the build's trie either */
    placed = engine_of_shipped(1, 0, 1);
    ck_assert(!placed->trie_borrowed);
    same_trie(known, placed);
    rk_engine_free(placed);
    rk_engine_free(known);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claims_nationals");
    TCase *tc = tcase_create("nationals");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, the_shipped_rules_give_the_same_vocabulary);
    tcase_add_test(tc, the_not_list_excludes_the_same_forms);
    tcase_add_test(tc, the_build_s_vocabulary_is_the_generator_s);
    tcase_add_test(tc, other_rules_derive_their_own);
    tcase_add_test(tc, an_event_layer_keeps_the_build_s_vocabulary);
    tcase_add_test(tc, the_build_s_trie_is_the_one_placing_makes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
