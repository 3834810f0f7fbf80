/* test_match.c - the claim matcher (src/claims/match.c) against a plain
 * reference written here: for every token the forms it may take (itself,
 * then without clitics), the trie walked from each without the key filters
 * or the word memo, every entry's language tested, and the clauses
 * numbered in a pass of their own. The matcher's own walks (the one for
 * languages without clitics with its reused token mixes and the per-token
 * arrays written as it goes, the one with clitics) must give the same
 * occurrences and the same per-token arrays, over the rule specs'
 * sentences, the fixtures, token soups drawn from the trie, and a toy rule
 * set of many languages sharing words and phrases. */
#include "rk_internal.h"
#include "claims/engine_int.h"
#include "claims_test.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NONE UINT32_MAX

/* ---- the reference ------------------------------------------------------ */

typedef struct form {
    const char *s;
    size_t n;
} form;

typedef struct ref {
    occ *occs;
    size_t n_occs, cap;
    uint32_t *occ_from, *clause, *stmt;
    uint64_t *occ_types;
} ref;

static int ref_two_cps(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c >= 2;
}

static void ref_add(form *out, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (out[i].s == s && out[i].n == len)
            return;
    if (*n < 8)
        out[(*n)++] = (form){s, len};
}

/* Every way of taking up to depth clitics off s that leaves two letters,
 * the clitics tried in their order. */
static void ref_strip(const doc_settings *ds, const char *s, size_t n, int depth, form *out,
                      size_t *nout)
{
    if (depth == 0 || n < 2)
        return;
    for (size_t k = 0; k < ds->n_clitics; k++) {
        size_t cl = strlen(ds->clitics[k]);
        if (cl >= n || memcmp(s, ds->clitics[k], cl) != 0 || !ref_two_cps(s + cl, n - cl))
            continue;
        ref_add(out, nout, s + cl, n - cl);
        ref_strip(ds, s + cl, n - cl, depth - 1, out, nout);
    }
}

static size_t ref_forms(const doc_settings *ds, const rk_text *t, size_t k, form *out)
{
    const rk_token *tk = &t->tokens[k];
    size_t n = 0;
    ref_add(out, &n, t->norm + tk->start, tk->end - tk->start);
    if (tk->kind == RK_TOK_WORD && tk->end - tk->start >= 2)
        ref_strip(ds, t->norm + tk->start, tk->end - tk->start, 3, out, &n);
    return n;
}

static int ref_accepted(const doc_settings *ds, const lex_entry *l)
{
    return l->lang == 0 || ds->lang < 0 || l->lang == ds->lang;
}

static int ref_node_accepted(const rk_engine *e, const doc_settings *ds, uint32_t node)
{
    for (uint32_t p = e->nodes[node].payload; p != NONE; p = e->lex[p].next)
        if (ref_accepted(ds, &e->lex[p]))
            return 1;
    return 0;
}

/* The children of front[0..nf) under forms fs[0..nfs), each once, at most
 * 16, into next. */
static size_t ref_step(const rk_engine *e, const uint32_t *front, size_t nf, const form *fs,
                       size_t nfs, uint32_t *next)
{
    size_t nn = 0;
    for (size_t f = 0; f < nf; f++)
        for (size_t c = 0; c < nfs && nn < 16; c++) {
            uint32_t ch = rk_claims_trie_child(e, front[f], fs[c].s, fs[c].n);
            int dup = ch == NONE;
            for (size_t d = 0; d < nn; d++)
                dup |= next[d] == ch;
            if (!dup)
                next[nn++] = ch;
        }
    return nn;
}

static void ref_push(ref *r, uint32_t first, uint32_t end, uint32_t lex, uint32_t type)
{
    if (r->n_occs == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        r->occs = realloc(r->occs, r->cap * sizeof *r->occs);
        ck_assert_ptr_nonnull(r->occs);
    }
    r->occs[r->n_occs++] = (occ){first, end, lex, type};
    r->occ_types[first] |= UINT64_C(1) << type;
}

static int ref_break(const char *s, size_t n, const char *const *v, size_t nv)
{
    for (size_t i = 0; i < nv; i++)
        if (strlen(v[i]) == n && memcmp(v[i], s, n) == 0)
            return 1;
    return 0;
}

static void ref_clauses(const doc_settings *ds, const rk_text *t, ref *r)
{
    uint32_t clause = 0, stmt = 0, sent = 0;
    for (size_t k = 0; k < t->n_tokens; k++) {
        const rk_token *tk = &t->tokens[k];
        if (tk->sentence != sent) {
            sent = tk->sentence;
            clause++;
            stmt++;
        }
        r->clause[k] = clause;
        r->stmt[k] = stmt;
        int glued = k > 0 && k + 1 < t->n_tokens && !tk->space_before &&
                    !t->tokens[k + 1].space_before && t->tokens[k - 1].kind == RK_TOK_NUMBER &&
                    t->tokens[k + 1].kind == RK_TOK_NUMBER;
        if (tk->kind != RK_TOK_PUNCT || glued)
            continue;
        const char *s = t->norm + tk->start;
        size_t n = tk->end - tk->start;
        if (ref_break(s, n, ds->statement_breaks, ds->n_statement_breaks)) {
            clause++;
            stmt++;
        } else if (ref_break(s, n, ds->clause_breaks, ds->n_clause_breaks)) {
            clause++;
        }
    }
}

/* The matches of text t as the reference finds them: the longest accepted
 * entry at each token, the shorter ones it holds (at most four, longest
 * first, each type once), then the next token after it. */
static void ref_match(const rk_engine *e, const doc_settings *ds, const rk_text *t, ref *r)
{
    size_t nt = t->n_tokens;
    memset(r, 0, sizeof *r);
    r->occ_from = calloc(nt + 1, sizeof *r->occ_from);
    r->clause = calloc(nt + 1, sizeof *r->clause);
    r->stmt = calloc(nt + 1, sizeof *r->stmt);
    r->occ_types = calloc(nt + 1, sizeof *r->occ_types);
    ck_assert(r->occ_from && r->clause && r->stmt && r->occ_types);
    ref_clauses(ds, t, r);
    for (size_t i = 0; i < nt;) {
        r->occ_from[i] = (uint32_t)r->n_occs;
        form fs[8];
        uint32_t root = 0, front[16], next[16], best = NONE, sh_node[4];
        size_t nfs = ref_forms(ds, t, i, fs), end = i + 1, sh_end[4], nsh = 0;
        size_t nf = ref_step(e, &root, 1, fs, nfs, front);
        for (size_t d = 0; d < nf; d++)
            if (ref_node_accepted(e, ds, front[d])) {
                best = front[d];
                break;
            }
        for (size_t j = i + 1; j < nt && j - i < e->max_phrase && nf; j++) {
            if (t->tokens[j].sentence != t->tokens[i].sentence)
                break;
            nfs = ref_forms(ds, t, j, fs);
            size_t nn = ref_step(e, front, nf, fs, nfs, next);
            for (size_t d = 0; d < nn; d++)
                if (ref_node_accepted(e, ds, next[d])) {
                    if (best != NONE && nsh < 4) {
                        sh_node[nsh] = best;
                        sh_end[nsh++] = end;
                    }
                    best = next[d];
                    end = j + 1;
                    break;
                }
            memcpy(front, next, nn * sizeof *next);
            nf = nn;
        }
        if (best == NONE) {
            i++;
            continue;
        }
        for (uint32_t p = e->nodes[best].payload; p != NONE; p = e->lex[p].next)
            if (ref_accepted(ds, &e->lex[p]))
                ref_push(r, (uint32_t)i, (uint32_t)end, p, e->lex[p].type);
        for (size_t k = nsh; k-- > 0;)
            for (uint32_t p = e->nodes[sh_node[k]].payload; p != NONE; p = e->lex[p].next)
                if (ref_accepted(ds, &e->lex[p]) &&
                    !(r->occ_types[i] & (UINT64_C(1) << e->lex[p].type)))
                    ref_push(r, (uint32_t)i, (uint32_t)sh_end[k], p, e->lex[p].type);
        for (size_t k = i + 1; k < end; k++)
            r->occ_from[k] = (uint32_t)r->n_occs;
        i = end;
    }
    r->occ_from[nt] = (uint32_t)r->n_occs;
}

static void ref_free(ref *r)
{
    free(r->occs);
    free(r->occ_from);
    free(r->clause);
    free(r->stmt);
    free(r->occ_types);
}

/* ---- the comparison ----------------------------------------------------- */

/* Matches text (len bytes) read as lang with the matcher and the
 * reference, which must agree on everything; returns the occurrences
 * found, and adds those whose entry is of a language other than 0 to
 * *own_lang when it is given. */
static size_t same_as_reference(const rk_engine *eng, const char *text, size_t len,
                                const char *lang, size_t *own_lang)
{
    doc_state st;
    rk_text *t = match_text(eng, text, len, lang, &st);
    ref r;
    ref_match(eng, st.ds, t, &r);
    const char *ln = lang ? lang : "any language";
    ck_assert_msg(st.n_occs == r.n_occs, "%s: %zu occurrences, the reference %zu in \"%.80s\"",
                  ln, st.n_occs, r.n_occs, text);
    for (size_t i = 0; i < r.n_occs; i++) {
        const occ *a = &st.occs[i], *b = &r.occs[i];
        ck_assert_msg(a->first == b->first && a->end == b->end && a->lex == b->lex &&
                          a->type == b->type,
                      "%s: occurrence %zu: %u-%u entry %u type %u, the reference %u-%u entry "
                      "%u type %u",
                      ln, i, a->first, a->end, a->lex, a->type, b->first, b->end, b->lex, b->type);
        if (own_lang && eng->lex[a->lex].lang != 0)
            ++*own_lang;
    }
    for (size_t k = 0; k <= t->n_tokens; k++) {
        ck_assert_msg(st.occ_from[k] == r.occ_from[k], "%s: token %zu: occ_from %u, reference %u",
                      ln, k, st.occ_from[k], r.occ_from[k]);
        ck_assert_msg(st.occ_types[k] == r.occ_types[k],
                      "%s: token %zu: occ_types %llx, reference %llx", ln, k,
                      (unsigned long long)st.occ_types[k], (unsigned long long)r.occ_types[k]);
        if (k == t->n_tokens)
            break;
        ck_assert_msg(st.clause[k] == r.clause[k] && st.stmt[k] == r.stmt[k],
                      "%s: token %zu: clause %u stmt %u, reference %u %u", ln, k, st.clause[k],
                      st.stmt[k], r.clause[k], r.stmt[k]);
        ck_assert_msg(!st.in_speaker[k] && !st.in_number[k], "%s: token %zu not cleared", ln, k);
    }
    size_t n = r.n_occs;
    ref_free(&r);
    rk_claims_match_free(&st);
    rk_text_free(t);
    return n;
}

static rk_engine *engine_of(const char *dir, const char *layer, rk_rules **rules)
{
    rk_error e;
    rk_error_clear(&e);
    char *schema = path_join(src_root(), "rules/schema/rules.rng");
    const char *layers[1] = {layer};
    rk_engine *eng = NULL;
    ck_assert_msg(rk_rules_load_layers(dir, layers, layer ? 1 : 0, schema, rules, NULL, NULL,
                                       &e) == RK_OK,
                  "%s", e.message);
    ck_assert_msg(rk_engine_new(*rules, &eng, &e) == RK_OK, "%s", e.message);
    free(schema);
    return eng;
}

static const char *const langs[] = {"en", "ar", "ru", NULL};

/* The text of every file of dir whose name ends in suffix, each matched in
 * every language; returns the occurrences found. */
static size_t each_file(const rk_engine *eng, const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "%s", dir);
    size_t found = 0, sl = strlen(suffix);
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t nl = strlen(de->d_name);
        if (nl < sl || strcmp(de->d_name + nl - sl, suffix) != 0)
            continue;
        char *p = path_join(dir, de->d_name);
        char *text = NULL;
        size_t len = 0;
        rk_error e;
        ck_assert_msg(rk_file_read(p, 0, &text, &len, &e) == RK_OK, "%s", e.message);
        for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++)
            found += same_as_reference(eng, text, len, langs[l], NULL);
        free(text);
        free(p);
    }
    closedir(d);
    return found;
}

/* The rule specs' sentences and every fixture document, read in each
 * language with the shipped rules (and the Kazakhstan event's over them). */
START_TEST(the_matcher_finds_what_the_reference_finds_in_documents)
{
    rk_rules *r = NULL;
    char *rules = path_join(src_root(), "rules");
    char *spec = path_join(src_root(), "tests/claims/spec");
    char *fixtures = path_join(src_root(), "fixtures");
    char *kz = path_join(src_root(), "fixtures/kazakhstan-2022/rules");
    rk_engine *eng = engine_of(rules, NULL, &r);
    size_t found = each_file(eng, spec, ".txt");
    DIR *d = opendir(fixtures);
    ck_assert(d);
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
            char *sub = path_join(fixtures, de->d_name);
            struct stat sb;
            if (stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode))
                found += each_file(eng, sub, ".txt");
            free(sub);
        }
    closedir(d);
    ck_assert_msg(found > 10000, "only %zu occurrences", found);
    rk_engine_free(eng);
    rk_rules_free(r);
    eng = engine_of(rules, kz, &r);
    char *kzd = path_join(src_root(), "fixtures/kazakhstan-2022");
    ck_assert(each_file(eng, kzd, ".txt") > 1000);
    rk_engine_free(eng);
    rk_rules_free(r);
    free(kzd);
    free(kz);
    free(fixtures);
    free(spec);
    free(rules);
}
END_TEST

static uint64_t rng_next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* A soup of the trie's own tokens: whole entries, their first tokens,
 * tokens with a clitic of some language glued on, a few other words and
 * the punctuation that breaks clauses and sentences, so that matches
 * follow each other, overlap, run across breaks and nest. */
static char *soup(const rk_engine *eng, uint64_t seed, size_t words)
{
    static const char *const other[] = {",", ".", ";", ":", "!", "?", "2,500", "15", "-",
                                        "\n", "zzq", "\xd9\x88", "\xd0\xb8", "the", "of"};
    rk_buf b = RK_BUF_INIT;
    uint64_t x = seed;
    for (size_t w = 0; w < words; w++) {
        uint64_t r = rng_next(&x);
        if (r % 7 == 0) {
            rk_buf_printf(&b, "%s ", other[(r >> 8) % (sizeof other / sizeof other[0])]);
            continue;
        }
        uint32_t node = (uint32_t)(1 + (r >> 8) % (eng->n_nodes - 1));
        /* its whole phrase, or its token alone */
        const char *tok[64];
        size_t len[64], nt = 0;
        for (uint32_t m = node; m != 0 && nt < 64; m = eng->nodes[m].parent) {
            tok[nt] = node_key(eng, &eng->nodes[m]);
            len[nt++] = eng->nodes[m].len;
        }
        if (r % 3 == 0)
            nt = 1;
        for (size_t k = nt; k-- > 0;) {
            uint64_t c = rng_next(&x);
            if (c % 4 == 0) { /* a clitic of some language before it */
                const lang_set *ls = &eng->langs[(c >> 4) % eng->n_langs];
                if (ls->n_clitics)
                    rk_buf_puts(&b, ls->clitics[(c >> 12) % ls->n_clitics]);
            }
            rk_buf_append(&b, tok[k], len[k]);
            rk_buf_putc(&b, ' ');
        }
    }
    rk_buf_putc(&b, '\n');
    ck_assert(b.data);
    return rk_buf_detach(&b, NULL);
}

/* check() of soups of words tokens of the shipped rules' engine, made
 * from seeds 1 to seeds, each in every language of langs; the sum of what
 * it returns. */
static size_t each_soup(uint64_t seeds, size_t words,
                        size_t (*check)(const rk_engine *, const char *, const char *))
{
    rk_rules *r = NULL;
    char *rules = path_join(src_root(), "rules");
    rk_engine *eng = engine_of(rules, NULL, &r);
    size_t sum = 0;
    for (uint64_t seed = 1; seed <= seeds; seed++) {
        char *text = soup(eng, seed * 0x9e3779b97f4a7c15ULL, words);
        for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++)
            sum += check(eng, text, langs[l]);
        free(text);
    }
    rk_engine_free(eng);
    rk_rules_free(r);
    free(rules);
    return sum;
}

static size_t soup_as_reference(const rk_engine *eng, const char *text, const char *lang)
{
    return same_as_reference(eng, text, strlen(text), lang, NULL);
}

START_TEST(the_matcher_finds_what_the_reference_finds_in_token_soup)
{
    size_t found = each_soup(40, 400, soup_as_reference);
    ck_assert_msg(found > 20000, "only %zu occurrences", found);
}
END_TEST

/* FOR_OCCS() over windows of every start and of widths up to a dozen
 * tokens, empty and reversed ones and ones past the end among them: it
 * visits the occurrences starting in the window, in their order, counted
 * here from the occurrences themselves; a break in its body ends the walk
 * and a continue goes on. (Written as two nested loops, the walk once took
 * a break for a continue.) */
static size_t windows_walk_their_occurrences(const doc_state *st, const rk_text *t)
{
    uint32_t nt = (uint32_t)t->n_tokens;
    /* before[k]: the occurrences starting before token k */
    size_t *before = calloc(nt + 2, sizeof *before);
    ck_assert(before);
    for (uint32_t k = 0, i = 0; k <= nt + 1; k++) {
        while (i < st->n_occs && st->occs[i].first < k)
            i++;
        before[k] = i;
    }
    size_t walked = 0;
    for (uint32_t lo = 0; lo <= nt; lo++)
        for (uint32_t hi = lo > 2 ? lo - 2 : 0; hi <= lo + 12; hi++) {
            size_t from = before[lo], to = hi > lo ? before[hi <= nt ? hi : nt + 1] : from;
            size_t seen = 0, firsts = 0, odd = 0;
            FOR_OCCS(st, lo, hi, o) {
                ck_assert_msg(from + seen < to && o == &st->occs[from + seen],
                              "window %u-%u: occurrence %zu is not the one due", lo, hi, seen);
                seen++;
            }
            ck_assert_msg(seen == to - from, "window %u-%u: %zu of %zu occurrences", lo, hi,
                          seen, to - from);
            FOR_OCCS(st, lo, hi, o) {
                firsts++;
                break;
            }
            FOR_OCCS(st, lo, hi, o) {
                if ((o - st->occs) % 2 == 0)
                    continue;
                odd++;
            }
            size_t want_odd = 0;
            for (size_t i = from; i < to; i++)
                want_odd += i % 2;
            ck_assert_msg(firsts == (to > from), "window %u-%u: the walk went on past a break", lo,
                          hi);
            ck_assert_msg(odd == want_odd, "window %u-%u: a continue went astray", lo, hi);
            walked += seen;
        }
    free(before);
    return walked;
}

static size_t soup_windows(const rk_engine *eng, const char *text, const char *lang)
{
    doc_state st;
    rk_text *t = match_text(eng, text, strlen(text), lang, &st);
    size_t walked = windows_walk_their_occurrences(&st, t);
    rk_claims_match_free(&st);
    rk_text_free(t);
    return walked;
}

START_TEST(the_window_walk_visits_its_occurrences_and_stops_at_a_break)
{
    size_t walked = each_soup(6, 300, soup_windows);
    ck_assert_msg(walked > 100000, "only %zu visits", walked);
}
END_TEST

/* Documents of every length up to 40 tokens, each token a phrase's first
 * one, so that a walk starts at every token up to the last: the plain walk
 * reads the mixes of tokens ahead of it (match.c, ROOT_AHEAD), from a
 * padding at the end of its block that a read past would leave (seen by
 * the sanitizers and valgrind), and must find what the reference finds at
 * the document's end as anywhere else. */
START_TEST(the_walk_reads_ahead_to_the_last_token)
{
    rk_rules *r = NULL;
    char *rules = path_join(src_root(), "rules");
    rk_engine *eng = engine_of(rules, NULL, &r);
    const char *first[64];
    size_t len[64], nf = 0;
    for (size_t i = 1; i < eng->n_nodes && nf < 64; i += 97)
        if (eng->nodes[i].parent == 0) {
            first[nf] = node_key(eng, &eng->nodes[i]);
            len[nf++] = eng->nodes[i].len;
        }
    ck_assert_uint_ge(nf, 16);
    size_t found = 0;
    for (size_t words = 0; words <= 40; words++) {
        rk_buf b = RK_BUF_INIT;
        for (size_t w = 0; w < words; w++) {
            rk_buf_append(&b, first[(w * 7 + words) % nf], len[(w * 7 + words) % nf]);
            rk_buf_putc(&b, ' ');
        }
        rk_buf_putc(&b, '\n');
        ck_assert(b.data);
        size_t n;
        char *text = rk_buf_detach(&b, &n);
        for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++)
            found += same_as_reference(eng, text, n, langs[l], NULL);
        free(text);
    }
    ck_assert_msg(found > 400, "only %zu occurrences", found);
    rk_engine_free(eng);
    rk_rules_free(r);
    free(rules);
}
END_TEST

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    ck_assert(fp && fputs(text, fp) >= 0 && fclose(fp) == 0);
}

/* Writes text to the file name in dir. */
static void write_in(const char *dir, const char *name, const char *text)
{
    char *p = path_join(dir, name);
    write_file(p, text);
    free(p);
}

/* Removes a toy rule folder and every file in it. */
static void rules_dir_gone(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert(d);
    struct dirent *de;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
            char *p = path_join(dir, de->d_name);
            unlink(p);
            free(p);
        }
    closedir(d);
    rmdir(dir);
}

/* The rule file of toy language lang, the i-th of several that share
 * words: a clitic "q" when i is odd, and in a role by i ("shared", "shared
 * words", its own word "own" + own and phrase "own" + own + " tail", then
 * extra). */
static void toy_language(const char *dir, const char *lang, int i, const char *own,
                         const char *extra)
{
    static const char *const el[] = {"<predicate quantity=\"deaths\">", "<words role=\"filler\">",
                                     "<words role=\"of\">", "<words role=\"toll\">"};
    static const char *const close[] = {"</predicate>", "</words>", "</words>", "</words>"};
    char name[64], text[2048];
    snprintf(name, sizeof name, "%s.xml", lang);
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"%s\">\n<claims>\n"
             "%s"
             "%s<w>shared</w><w>shared words</w><w>own%s</w><w>own%s tail</w>%s%s\n"
             "</claims></rules>\n",
             lang, i % 2 ? "<clitic>q</clitic>\n" : "", el[i % 4], own, own, extra, close[i % 4]);
    write_in(dir, name, text);
}

/* Seventeen toy languages, whose entries share trie nodes. Every language
 * has its own entries for the words every other one has too ("shared",
 * "shared words"), of its own type, and a word and a phrase of its own
 * ("owna", "owna tail", where the others find "tail" alone); half of them
 * have a clitic. */
START_TEST(languages_sharing_words_keep_their_own_entries)
{
    char dir[] = "/tmp/rk_match_langs_XXXXXX";
    ck_assert(mkdtemp(dir));
    char *p = path_join(dir, "common.xml");
    write_file(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules>\n<claims>\n"
                  "<quantity id=\"deaths\"/>\n<words role=\"stop\"><w>shared</w><w>tail</w></words>\n"
                  "</claims></rules>\n");
    free(p);
    char lang[8];
    for (int i = 0; i < 17; i++) {
        snprintf(lang, sizeof lang, "x%c", 'a' + i);
        toy_language(dir, lang, i, lang + 1, "");
    }
    rk_rules *r = NULL;
    rk_engine *eng = engine_of(dir, NULL, &r);
    ck_assert_uint_ge(eng->n_langs, 18);
    /* "owno tail" is xo's entry alone, where the others find "tail" */
    const char *words = "shared words and qshared then owna ownp qownq ownq, shared. "
                        "qshared words qqowno shared shared words owno tail ownp tail "
                        "ownq tail qowno tail\n";
    size_t own_total = 0;
    for (int i = 0; i < 17; i++) {
        snprintf(lang, sizeof lang, "x%c", 'a' + i);
        size_t own = 0;
        size_t n = same_as_reference(eng, words, strlen(words), lang, &own);
        ck_assert_msg(n > 0 && own > 0, "%s: %zu occurrences, %zu of its own", lang, n, own);
        own_total += own;
    }
    ck_assert(same_as_reference(eng, words, strlen(words), NULL, NULL) > 0);
    ck_assert(own_total > 17);
    rk_engine_free(eng);
    rk_rules_free(r);
    rules_dir_gone(dir);
}
END_TEST

/* Whether some entry a document of settings ds takes is a subject noun
 * that makes a claim of its own (LEXF_ONE, LEXF_DUAL): by the entries. */
static int ref_singulars(const rk_engine *eng, const doc_settings *ds)
{
    for (size_t p = 0; p < eng->n_lex; p++)
        if (eng->lex[p].type == LEX_SUBJ && (eng->lex[p].flags & (LEXF_ONE | LEXF_DUAL)) &&
            ref_accepted(ds, &eng->lex[p]))
            return 1;
    return 0;
}

/* The engine's summaries of its trie that the matcher trusts: every
 * node's languages (trie_node.langs) are those of its entries, and no node
 * has more entries than max_payload (the room made for one match); the
 * languages of the singular nouns (singular_langs) are those of the
 * entries, and a document's settings say it may have singular claims
 * (doc_settings.singulars) when it takes such an entry: always, for a
 * language of its own bit (extract.c then looks for none). */
static void summaries_hold(const rk_engine *eng)
{
    uint64_t sing = 0;
    for (size_t p = 0; p < eng->n_lex; p++)
        if (eng->lex[p].type == LEX_SUBJ && (eng->lex[p].flags & (LEXF_ONE | LEXF_DUAL)))
            sing |= UINT64_C(1) << (eng->lex[p].lang < 63 ? eng->lex[p].lang : 63);
    ck_assert_msg(eng->singular_langs == sing, "singular languages %llx, entries' %llx",
                  (unsigned long long)eng->singular_langs, (unsigned long long)sing);
    for (size_t li = 0; li <= eng->n_langs; li++) { /* every language and none */
        doc_settings ds;
        const char *lang = li < eng->n_langs ? eng->langs[li].lang : NULL;
        rk_claims_settings(eng, lang, &ds);
        int want = ref_singulars(eng, &ds);
        ck_assert_msg(ds.singulars == want || (ds.singulars && ds.lang >= 63),
                      "%s: singulars %d, its entries' %d", lang ? lang : "(none)",
                      ds.singulars, want);
    }
    uint32_t most = 0;
    for (size_t node = 0; node < eng->n_nodes; node++) {
        uint64_t want = 0;
        uint32_t n = 0;
        for (uint32_t p = eng->nodes[node].payload; p != NONE; p = eng->lex[p].next, n++)
            want |= UINT64_C(1) << (eng->lex[p].lang < 63 ? eng->lex[p].lang : 63);
        ck_assert_msg(eng->nodes[node].langs == want, "node %zu: languages %llx, entries' %llx",
                      node, (unsigned long long)eng->nodes[node].langs,
                      (unsigned long long)want);
        if (n > most)
            most = n;
    }
    ck_assert_msg(eng->max_payload == most, "max_payload %u, a node has %u entries",
                  eng->max_payload, most);
}

START_TEST(the_trie_summaries_are_its_entries)
{
    rk_rules *r = NULL;
    char *rules = path_join(src_root(), "rules");
    rk_engine *eng = engine_of(rules, NULL, &r);
    ck_assert_uint_gt(eng->max_payload, 1);
    summaries_hold(eng);
    rk_engine_free(eng);
    rk_rules_free(r);
    free(rules);
}
END_TEST

/* The walks test a mix's root key with root_key_set(), which reads
 * root_keys eight bytes at a time: it must say what key_set() says of
 * root_key_of() for every key, set or not, for the rules' bits and for
 * every single bit. Mixes are drawn so that each key comes out once with
 * random low bits. */
START_TEST(the_wide_root_key_test_is_the_byte_test)
{
    rk_rules *r = NULL;
    char *rules = path_join(src_root(), "rules");
    rk_engine *eng = engine_of(rules, NULL, &r);
    uint64_t x = 88172645463325252ull;
    size_t set = 0;
    for (uint32_t k = 0; k < ROOT_KEY_BITS; k++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t m = (uint64_t)k << ROOT_KEY_SHIFT | (x >> (64 - ROOT_KEY_SHIFT));
        ck_assert_uint_eq(root_key_of(m), k);
        int want = key_set(eng->root_keys, k);
        set += (size_t)want;
        ck_assert_msg(root_key_set(eng->root_keys, m) == want, "key %u", k);
    }
    ck_assert_uint_gt(set, 1000);
    static uint8_t one[ROOT_KEY_BITS / 8];
    for (uint32_t k = 0; k < ROOT_KEY_BITS; k += 37) {
        memset(one, 0, sizeof one);
        one[k >> 3] = (uint8_t)(1u << (k & 7));
        for (uint32_t d = k ? k - 1 : 0; d <= k + 1 && d < ROOT_KEY_BITS; d++)
            ck_assert_msg(root_key_set(one, (uint64_t)d << ROOT_KEY_SHIFT) == (d == k),
                          "bit %u, key %u", k, d);
    }
    /* every first token of the trie passes */
    for (size_t i = 0; i < eng->cap_edges; i++) {
        const trie_slot *sl = &eng->edges[i];
        if (sl->child && eng->nodes[sl->child].parent == 0) {
            const trie_node *c = &eng->nodes[sl->child];
            ck_assert(root_key_set(eng->root_keys, claims_mix(node_key(eng, c), c->len)));
        }
    }
    rk_engine_free(eng);
    rk_rules_free(r);
    free(rules);
}
END_TEST

/* The mean distance, in slots, of the edges from node 0 (root != 0) or
 * from the other nodes to the slot their hash gives them, and checks that
 * every node is found under its token from its parent. */
static double edge_distance(const rk_engine *eng, int root)
{
    size_t n = 0, dist = 0, mask = eng->cap_edges - 1;
    for (size_t i = 0; i < eng->cap_edges; i++) {
        const trie_slot *sl = &eng->edges[i];
        if (!sl->child)
            continue;
        const trie_node *c = &eng->nodes[sl->child];
        ck_assert_msg(claims_child_mixed(eng, c->parent, node_key(eng, c), c->len,
                                         claims_mix(node_key(eng, c), c->len)) == sl->child,
                      "node %u not found", sl->child);
        if ((c->parent == 0) != (root != 0))
            continue;
        uint64_t h = claims_edge_hash(c->parent, claims_mix(node_key(eng, c), c->len));
        ck_assert_uint_eq(sl->tag, (uint32_t)(h >> 32));
        dist += (i - (size_t)h) & mask;
        n++;
    }
    ck_assert_uint_gt(n, 0);
    return (double)dist / (double)n;
}

/* An edge from the root is placed by the mix itself (claims_edge_hash()),
 * the others by rk_mix_edge(): both find every node, over the rules and
 * over a toy vocabulary whose table grew from its first size (rehashed on
 * the way), and the root's edges are spread as well as the others' are,
 * Arabic words sharing their first bytes among them. */
START_TEST(the_root_edges_are_found_and_spread)
{
    rk_rules *r = NULL;
    char *rules = path_join(src_root(), "rules");
    rk_engine *eng = engine_of(rules, NULL, &r);
    double root = edge_distance(eng, 1), other = edge_distance(eng, 0);
    ck_assert_msg(root < 1.0 && root < 2 * other + 0.5, "root %.2f, other %.2f", root, other);
    rk_engine_free(eng);
    rk_rules_free(r);
    free(rules);

    char dir[] = "/tmp/rk_match_edges_XXXXXX";
    ck_assert(mkdtemp(dir));
    char *p = path_join(dir, "common.xml");
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules>\n<claims>\n"
                    "<quantity id=\"deaths\"/>\n<words role=\"stop\">");
    char w[64];
    /* "الك...", most with a word after: more edges than the table was
     * first sized for */
    for (int k = 0; k < 3000; k++) {
        snprintf(w, sizeof w, "<w>\xd8\xa7\xd9\x84%c%c%c%s</w>", 'a' + k % 26,
                 'a' + k / 26 % 26, 'a' + k / 676, k % 7 ? " tail" : "");
        rk_buf_puts(&b, w);
    }
    rk_buf_puts(&b, "</words>\n</claims></rules>\n");
    write_file(p, b.data);
    rk_buf_free(&b);
    rk_rules *r2 = NULL;
    rk_engine *toy = engine_of(dir, NULL, &r2);
    ck_assert_uint_gt(toy->n_edges, 3000);
    root = edge_distance(toy, 1);
    other = edge_distance(toy, 0);
    ck_assert_msg(root < 1.0, "toy: root %.2f, other %.2f", root, other);
    rk_engine_free(toy);
    rk_rules_free(r2);
    free(p);
    rules_dir_gone(dir);
}
END_TEST

/* The toy language i of many: "x" and two letters. */
static void many_name(char *out, size_t cap, int i)
{
    snprintf(out, cap, "x%c%c", 'a' + i / 26, 'a' + i % 26);
}

/* Seventy toy languages, more than trie_node.langs has bits for: the
 * languages from the 63rd on share one, and their documents must still
 * find their own entries alone. Each has "shared" and "shared words" of
 * its own, a word and a phrase of its own ("ownxcb", "ownxcb tail") and
 * one word with more entries than the first allocation of occurrences
 * holds ("many"), some of them its own. */
START_TEST(languages_past_the_bits_keep_their_own_entries)
{
    enum { N = 70 };
    char dir[] = "/tmp/rk_match_many_XXXXXX";
    ck_assert(mkdtemp(dir));
    char *p = path_join(dir, "common.xml");
    rk_buf b = RK_BUF_INIT;
    rk_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules>\n<claims>\n"
                    "<quantity id=\"deaths\"/>\n<words role=\"stop\"><w>shared</w><w>tail</w>");
    for (int k = 0; k < 300; k++)
        rk_buf_puts(&b, "<w>many</w>");
    rk_buf_puts(&b, "</words>\n</claims></rules>\n");
    write_file(p, b.data);
    free(p);
    char lang[8];
    for (int i = 0; i < N; i++) {
        many_name(lang, sizeof lang, i);
        toy_language(dir, lang, i, lang, "<w>many</w>");
    }
    rk_rules *r = NULL;
    rk_engine *eng = engine_of(dir, NULL, &r);
    ck_assert_uint_ge(eng->n_langs, N + 1);
    ck_assert_uint_ge(eng->max_payload, 300);
    summaries_hold(eng);
    /* each language's phrase, and the word of many entries again and again */
    rk_buf_reset(&b);
    for (int i = 0; i < N; i++) {
        many_name(lang, sizeof lang, i);
        rk_buf_printf(&b, "own%s tail shared words q%s %s many own%s, ", lang, lang,
                      i % 3 ? "qshared" : "shared", lang);
    }
    for (int i = 0; i < 40; i++)
        rk_buf_puts(&b, "many tail ");
    rk_buf_putc(&b, '\n');
    for (int i = 0; i < N; i++) {
        many_name(lang, sizeof lang, i);
        size_t own = 0;
        size_t n = same_as_reference(eng, b.data, b.len, lang, &own);
        ck_assert_msg(n > 40 * 300 && own > 0, "%s: %zu occurrences, %zu of its own", lang, n,
                      own);
    }
    ck_assert(same_as_reference(eng, b.data, b.len, NULL, NULL) > 0);
    rk_engine_free(eng);
    rk_rules_free(r);
    rk_buf_free(&b);
    rules_dir_gone(dir);
}
END_TEST

/* Whether no two classes of eng share an id; returns the index of the one
 * named id, or -1. */
static int class_once(const rk_engine *eng, const char *id)
{
    int found = -1;
    for (size_t i = 0; i < eng->n_classes; i++) {
        for (size_t j = i + 1; j < eng->n_classes; j++)
            ck_assert_msg(strcmp(eng->classes[i].id, eng->classes[j].id) != 0,
                          "classes %zu and %zu are both %s", i, j, eng->classes[i].id);
        if (strcmp(eng->classes[i].id, id) == 0)
            found = (int)i;
    }
    return found;
}

/* The nationals generator asks the compiler for a class per country: a
 * class the rules define under that id is the one it gets, and one it
 * made is not made again (the compiler finds them by an index). */
START_TEST(a_class_the_rules_name_is_the_nationals_own)
{
    char dir[] = "/tmp/rk_match_class_XXXXXX";
    ck_assert(mkdtemp(dir));
    char *p = path_join(dir, "common.xml");
    write_file(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules>\n<claims>\n"
                  "<quantity id=\"deaths\"/>\n"
                  "<class id=\"nationals_france\" unit=\"person\" description=\"ours\"/>\n"
                  "</claims></rules>\n");
    char *q = path_join(dir, "xa.xml");
    write_file(q, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"en\">\n<claims>\n"
                  "<nationals drop=\"2\" min-stem=\"4\"><suffix>s</suffix></nationals>\n"
                  "</claims></rules>\n");
    rk_rules *r = NULL;
    rk_engine *eng = engine_of(dir, NULL, &r);
    ck_assert_uint_gt(eng->n_classes, 200);
    int k = class_once(eng, "nationals_france");
    ck_assert_int_ge(k, 0);
    ck_assert_int_eq(eng->classes[k].nationals, 0);
    ck_assert_int_ge(class_once(eng, "nationals_germany"), 0);
    rk_engine_free(eng);
    rk_rules_free(r);
    free(p);
    free(q);
    rules_dir_gone(dir);
}
END_TEST

/* An entry written across lines is found as one phrase, and the entries
 * after it in the text the compiler normalises them in keep their own
 * tokens. */
START_TEST(an_entry_written_across_lines_is_one_phrase)
{
    char dir[] = "/tmp/rk_match_lines_XXXXXX";
    ck_assert(mkdtemp(dir));
    char *p = path_join(dir, "xa.xml");
    write_file(p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"xa\">\n<claims>\n"
                  "<quantity id=\"deaths\"/>\n<words role=\"stop\"><w>dead\nor&#13;alive</w>"
                  "<w>after it</w><w>or</w></words>\n</claims></rules>\n");
    rk_rules *r = NULL;
    rk_engine *eng = engine_of(dir, NULL, &r);
    const char *text = "they were dead or alive after it or not\n";
    ck_assert_uint_eq(same_as_reference(eng, text, strlen(text), "xa", NULL), 3);
    doc_state st;
    rk_text *t = match_text(eng, text, strlen(text), "xa", &st);
    ck_assert_uint_eq(st.n_occs, 3);
    ck_assert_msg(st.occs[0].first == 2 && st.occs[0].end == 5, "%u-%u", st.occs[0].first,
                  st.occs[0].end);
    ck_assert_msg(st.occs[1].first == 5 && st.occs[1].end == 7, "%u-%u", st.occs[1].first,
                  st.occs[1].end);
    rk_claims_match_free(&st);
    rk_text_free(t);
    rk_engine_free(eng);
    rk_rules_free(r);
    free(p);
    rules_dir_gone(dir);
}
END_TEST

/* A toy rule folder: languages xa (clitic "q") and xb (clitic "qr"),
 * xa's words first. */
static void clitic_rules(const char *dir, const char *xa_words)
{
    write_in(dir, "common.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules>\n<claims>\n"
             "<quantity id=\"deaths\"/>\n</claims></rules>\n");
    char text[1024];
    snprintf(text, sizeof text,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"xa\">\n<claims>\n"
             "<clitic>q</clitic>\n<words role=\"stop\">%s</words>\n</claims></rules>\n",
             xa_words);
    write_in(dir, "xa.xml", text);
    write_in(dir, "xb.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rules lang=\"xb\">\n<claims>\n"
             "<clitic>qr</clitic>\n<words role=\"filler\"><w>gamma</w></words>\n"
             "</claims></rules>\n");
}

/* The word memo of a thread outlives documents and engines: what it keeps
 * for a word holds for the engine and the document language that made
 * it, and another engine (whose trie has other nodes and other words) or
 * another language (other clitics: "qrgamma" is "rgamma" after xa's and
 * "gamma" after xb's) works the word out again. The same words are read
 * on this thread by two engines in turn, in each of three languages, each
 * reading held to the reference. */
START_TEST(the_word_memo_holds_for_its_engine_and_language)
{
    char da[] = "/tmp/rk_match_memo_a_XXXXXX", db[] = "/tmp/rk_match_memo_b_XXXXXX";
    ck_assert(mkdtemp(da) && mkdtemp(db));
    clitic_rules(da, "<w>alpha</w>");
    clitic_rules(db, "<w>delta</w><w>epsilon</w><w>beta</w><w>alpha</w>");
    const char *text = "qalpha qbeta qralpha qrgamma qgamma qrbeta alpha beta gamma\n";
    rk_rules *ra = NULL, *rb = NULL;
    rk_engine *a = engine_of(da, NULL, &ra), *b = engine_of(db, NULL, &rb);
    size_t n[2][3];
    static const char *const in[] = {"xa", "xb", NULL};
    /* one engine in each language, then each language with one engine and
       the other: the memo's slots are read by another language of the
       engine that wrote them, and by another engine in their language */
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 6; i++) {
            int e = round ? i % 2 : i / 3, l = round ? i / 2 : i % 3;
            n[e][l] = same_as_reference(e ? b : a, text, strlen(text), in[l], NULL);
        }
    /* xa: "qalpha", "alpha", and with b "qbeta", "beta"; xb: "qrgamma",
       "gamma"; every language: more */
    ck_assert_uint_eq(n[0][0], 2);
    ck_assert_uint_eq(n[1][0], 4);
    ck_assert_uint_eq(n[0][1], 2);
    ck_assert_uint_eq(n[1][1], 2);
    ck_assert_uint_gt(n[0][2], 4);
    ck_assert_uint_gt(n[1][2], n[0][2]);
    rk_engine_free(a);
    rk_engine_free(b);
    rk_rules_free(ra);
    rk_rules_free(rb);
    rules_dir_gone(da);
    rules_dir_gone(db);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("claims_match");
    TCase *tc = tcase_create("match");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, the_matcher_finds_what_the_reference_finds_in_documents);
    tcase_add_test(tc, the_matcher_finds_what_the_reference_finds_in_token_soup);
    tcase_add_test(tc, the_walk_reads_ahead_to_the_last_token);
    tcase_add_test(tc, the_window_walk_visits_its_occurrences_and_stops_at_a_break);
    tcase_add_test(tc, languages_sharing_words_keep_their_own_entries);
    tcase_add_test(tc, the_trie_summaries_are_its_entries);
    tcase_add_test(tc, the_wide_root_key_test_is_the_byte_test);
    tcase_add_test(tc, the_root_edges_are_found_and_spread);
    tcase_add_test(tc, a_class_the_rules_name_is_the_nationals_own);
    tcase_add_test(tc, languages_past_the_bits_keep_their_own_entries);
    tcase_add_test(tc, an_entry_written_across_lines_is_one_phrase);
    tcase_add_test(tc, the_word_memo_holds_for_its_engine_and_language);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
