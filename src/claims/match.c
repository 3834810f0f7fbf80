/* match.c - finding the rule vocabulary in a document: clitic-stripped
 * candidate forms of each token, a longest-match walk of the token trie, and
 * the clause and statement numbering of every token. Linear in the tokens. */
#include "engine_int.h"
#include "../core/buf.h"
#include "../core/scratch.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NONE32 UINT32_MAX
#define MAX_CANDS 8
#define MAX_FRONTIER 16
#define MAX_SHORTER 4 /* shorter entries kept beside the longest one (shorter) */

typedef struct cand {
    const char *s;
    size_t n;
} cand;

/* Whether s[0..n) holds at least two code points (lead bytes). */
static int two_cps(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++c == 2)
            return 1;
    return 0;
}

static void add_cand(cand *out, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (out[i].n == len && out[i].s == s)
            return;
    if (*n < MAX_CANDS)
        out[(*n)++] = (cand){s, len};
}

/* Strips up to `depth` more clitics in every way that leaves at least two
 * letters: "وبالشرطة" gives بالشرطة، الشرطة، شرطة. Only the clitics whose
 * first two bytes are the word's are compared, in their order. */
static void strip(const doc_settings *ds, const char *s, size_t n, int depth, cand *out,
                  size_t *nout)
{
    if (depth == 0 || n < 2)
        return;
    const unsigned char *u = (const unsigned char *)s;
    uint32_t m = ds->clitic_by_first[u[0]] & ds->clitic_by_second[u[1]];
    for (; m; m &= m - 1) {
        size_t i = (size_t)__builtin_ctz(m), cl = ds->clitic_len[i];
        if (cl >= n || !rk_short_eq(s, ds->clitics[i], cl) || !two_cps(s + cl, n - cl))
            continue;
        add_cand(out, nout, s + cl, n - cl);
        strip(ds, s + cl, n - cl, depth - 1, out, nout);
    }
}

/* Token tk (text s) is a word some clitic may start: only then is strip()
 * called. Most words are not (in English none: it has no clitics). */
static int may_carry_clitic(const doc_settings *ds, const rk_token *tk, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return tk->kind == RK_TOK_WORD && tk->end - tk->start >= 2 &&
           (ds->clitic_by_first[u[0]] & ds->clitic_by_second[u[1]]);
}

/* The forms token k may match: itself first, then without clitics. */
static size_t candidates(const doc_state *st, size_t k, cand *out)
{
    const rk_token *tk = &st->t->tokens[k];
    const char *s = st->t->norm + tk->start;
    size_t n = tk->end - tk->start, nout = 0;
    add_cand(out, &nout, s, n);
    if (may_carry_clitic(st->ds, tk, s))
        strip(st->ds, s, n, 3, out, &nout);
    return nout;
}

/* The forms of a word that may carry clitics, and the root's child under
 * each, as last worked out on this thread. Such a word (most Arabic words:
 * و، ب، ل، ال) costs a few hundred instructions to strip and look up, and
 * the same words come back all the time. Slot by the word's hash; a newer
 * word takes the slot of an older one. Keyed by the engine's serial and the
 * language (together they fix the clitics and the trie) and the word's
 * bytes. */
#define FORM_MEMO_SLOTS 4096
#define FORM_MEMO_BYTES 24
typedef struct form_memo {
    uint64_t engine;            /* rk_engine.serial; 0: an empty slot */
    int32_t lang;               /* doc_settings.lang */
    uint8_t n, nc, nfirst;      /* the word's bytes, its forms, first nodes */
    uint8_t off[MAX_CANDS];     /* form c is the word from byte off[c] on */
    char s[FORM_MEMO_BYTES];
    uint32_t first[MAX_CANDS];  /* the root's children under the forms, in
                                   their order, each once */
} form_memo;

static int memo_on = 1; /* rk_claims_set_form_memo() */

int rk_claims_set_form_memo(int on)
{
    int was = memo_on;
    memo_on = on;
    return was;
}

static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static int memo_key_ok;

static void memo_key_make(void)
{
    memo_key_ok = pthread_key_create(&memo_key, free) == 0;
}

/* This thread's memo, made at its first use; NULL when it cannot be.
 * Only each slot's engine is cleared: calloc() cleared every byte. */
static form_memo *thread_memo(void)
{
    pthread_once(&memo_once, memo_key_make);
    if (!memo_key_ok)
        return NULL;
    form_memo *m = pthread_getspecific(memo_key);
    if (m)
        return m;
    if (!(m = malloc(FORM_MEMO_SLOTS * sizeof *m)))
        return NULL;
    for (size_t i = 0; i < FORM_MEMO_SLOTS; i++)
        m[i].engine = 0;
    if (pthread_setspecific(memo_key, m)) {
        free(m);
        return NULL;
    }
    return m;
}

static int accepted(int lang, const lex_entry *l)
{
    return l->lang == 0 || lang < 0 || l->lang == lang;
}

/* What tells the entries a document takes: its language and the bits of
 * trie_node.langs it takes (doc_settings.lang_sure and lang_any). */
typedef struct taking {
    uint64_t sure, any;
    int lang;
} taking;

static inline taking taking_of(const doc_settings *ds)
{
    return (taking){ds->lang_sure, ds->lang_any, ds->lang};
}

/* Some entry of node is of language lang (or of every language), by its
 * entries: for a node whose languages' bits alone do not tell. Out of line
 * and out of the compiler's view of its callers ("noipa", as grow_occs()):
 * the walks' code then no longer depends on where link-time optimisation
 * puts these rare calls, which moved the plain walk by 2M instructions on
 * 2 MB of English from one build to the next. */
static __attribute__((noipa)) int some_entry_taken(const rk_engine *e, int lang,
                                                      uint32_t node)
{
    for (uint32_t p = e->nodes[node].payload; p != NONE32; p = e->lex[p].next)
        if (accepted(lang, &e->lex[p]))
            return 1;
    return 0;
}

/* Whether the document takes some entry of node: mostly from the node's
 * languages alone. */
static inline int node_taken(const rk_engine *e, taking tk, uint32_t node)
{
    uint64_t l = e->nodes[node].langs;
    if (l & tk.sure)
        return 1;
    return (l & tk.any) && some_entry_taken(e, tk.lang, node);
}

/* Whether the document takes every entry of node (then none is tested). */
static inline int all_taken(const rk_engine *e, taking tk, uint32_t node)
{
    return !(e->nodes[node].langs & ~tk.sure);
}

/* The occurrences found so far, kept in locals while the matcher runs. */
typedef struct sink {
    occ *occs;
    size_t n, cap;
} sink;

/* The occurrences one match may push, at most: every entry of its node
 * and of the shorter entries it holds. */
static inline size_t match_room(const rk_engine *e)
{
    return (size_t)e->max_payload * (1 + MAX_SHORTER) + 1;
}

/* Room in k for room more occurrences; out of line, as it is seldom
 * needed ("noipa": see some_entry_taken()). Returns -1 when out of memory
 * (the array is then unchanged). */
static __attribute__((noipa)) int grow_occs(sink *k, size_t room)
{
    occ *o = rk_array_grow(k->occs, &k->cap, k->n + room - 1, sizeof *o, 256);
    if (!o)
        return -1;
    k->occs = o;
    return 0;
}

/* Room in k for one match's occurrences (match_room()), so that they are
 * pushed with no test each; -1 when out of memory. */
static inline int room_for_match(sink *k, size_t room)
{
    return k->cap - k->n >= room || grow_occs(k, room) == 0 ? 0 : -1;
}

/* Whether some node of front[0..nf) has a child. */
static int any_children(const rk_engine *e, const uint32_t *front, size_t nf)
{
    for (size_t f = 0; f < nf; f++)
        if (e->nodes[front[f]].n_children)
            return 1;
    return 0;
}

/* The child of node under a candidate form of mix m. Its key is tested
 * first (the root's children's in root_keys, the others' in next_keys),
 * which turns most tokens away before the table is read. */
static uint32_t child_of(const rk_engine *e, uint32_t node, const cand *c, uint64_t m)
{
    if (!e->nodes[node].n_children)
        return NONE32;
    if (node == 0 ? !root_key_set(e->root_keys, m)
                  : !key_set(e->next_keys, next_key_of(node, m)))
        return NONE32;
    return claims_child_mixed(e, node, c->s, c->n, m);
}

/* The root's children under forms cs[0..nc), in their order, each once:
 * the trie nodes a phrase starting with the word may be at. The first form
 * is the word itself, of mix m0. */
static size_t root_children(const rk_engine *e, const cand *cs, size_t nc, uint64_t m0,
                            uint32_t *first)
{
    size_t nf = 0;
    for (size_t c = 0; c < nc; c++) {
        uint32_t ch = child_of(e, 0, &cs[c], c ? claims_mix(cs[c].s, cs[c].n) : m0);
        int dup = ch == NONE32;
        for (size_t d = 0; d < nf; d++)
            dup |= first[d] == ch;
        if (!dup)
            first[nf++] = ch;
    }
    return nf;
}

/* The memo slot of token k, a word some clitic may start (text s, n
 * bytes), when it is short enough for one, else NULL. Sets *hit when the
 * slot holds the word. */
static form_memo *memo_of(const doc_state *st, size_t k, const char *s, size_t n, int *hit)
{
    *hit = 0;
    if (!st->memo || n > FORM_MEMO_BYTES)
        return NULL;
    form_memo *m = &st->memo[claims_key_of(st->mix[k]) & (FORM_MEMO_SLOTS - 1)];
    *hit = m->engine == st->e->serial && m->lang == st->ds->lang && m->n == n &&
           rk_short_eq(m->s, s, n);
    return m;
}

/* Works out the forms of token k and the root's children under them, into
 * out[] and first[] and into the memo slot m when there is one; returns the
 * number of forms and sets *nfirst. */
static size_t forms_made(const doc_state *st, size_t k, form_memo *m, cand *out,
                         uint32_t *first, size_t *nfirst)
{
    const char *s = st->t->norm + st->t->tokens[k].start;
    size_t nc = candidates(st, k, out);
    *nfirst = root_children(st->e, out, nc, st->mix[k], first);
    if (m) {
        m->engine = st->e->serial;
        m->lang = st->ds->lang;
        m->n = (uint8_t)(st->t->tokens[k].end - st->t->tokens[k].start);
        m->nc = (uint8_t)nc;
        m->nfirst = (uint8_t)*nfirst;
        memcpy(m->s, s, m->n);
        for (size_t c = 0; c < nc; c++)
            m->off[c] = (uint8_t)(out[c].s - s);
        memcpy(m->first, first, *nfirst * sizeof *first);
    }
    return nc;
}

/* The forms of token k, as candidates() gives them. */
static size_t forms_of(const doc_state *st, size_t k, cand *out)
{
    const rk_token *tk = &st->t->tokens[k];
    const char *s = st->t->norm + tk->start;
    size_t n = tk->end - tk->start, nfirst;
    if (!may_carry_clitic(st->ds, tk, s)) {
        out[0] = (cand){s, n};
        return 1;
    }
    int hit;
    form_memo *m = memo_of(st, k, s, n, &hit);
    if (hit) {
        for (size_t c = 0; c < m->nc; c++)
            out[c] = (cand){s + m->off[c], n - m->off[c]};
        return m->nc;
    }
    if (!m)
        return candidates(st, k, out);
    uint32_t first[MAX_CANDS];
    return forms_made(st, k, m, out, first, &nfirst);
}

/* The trie nodes an entry starting at token i may be at after it: the
 * root's children under its forms (none for most tokens). */
static size_t first_nodes(const doc_state *st, size_t i, uint32_t *first)
{
    const rk_token *tk = &st->t->tokens[i];
    const char *s = st->t->norm + tk->start;
    size_t n = tk->end - tk->start, nfirst;
    if (!n)
        return 0;
    if (!may_carry_clitic(st->ds, tk, s)) { /* its one form: itself */
        cand c = {s, n};
        return (first[0] = child_of(st->e, 0, &c, st->mix[i])) != NONE32;
    }
    int hit;
    form_memo *m = memo_of(st, i, s, n, &hit);
    if (hit) {
        for (size_t c = 0; c < m->nfirst; c++) /* a few: no call to memcpy */
            first[c] = m->first[c];
        return m->nfirst;
    }
    cand cs[MAX_CANDS];
    forms_made(st, i, m, cs, first, &nfirst);
    return nfirst;
}

/* Shorter entries ending inside the longest one at a token, kept beside it
 * ("after" inside "after the", "وزارة" inside "وزارة الصحة"): each is an
 * occurrence too, so a word is every role its phrases give it. */
typedef struct shorter {
    uint32_t node[MAX_SHORTER];
    size_t end[MAX_SHORTER];
    size_t n;
} shorter;

static void keep_shorter(shorter *sh, uint32_t node, size_t end)
{
    if (sh && sh->n < MAX_SHORTER) {
        sh->node[sh->n] = node;
        sh->end[sh->n++] = end;
    }
}

/* The walk past token i, whose root child is node, in a language without
 * clitics, where each token is its one candidate form of mix mix[k]: the
 * longest accepted entry starting at i, given best, node when the document
 * takes it (*end is then i + 1), else NONE32; its node and end, or NONE32.
 * Out of line: most first words go on to no next one (match_plain() tells
 * by the next token's key), and the walk's state would crowd the registers
 * of the loop over every token. */
static __attribute__((noinline)) uint32_t longer_plain(const rk_engine *e, const rk_text *t,
                                                        const uint64_t *mix, taking tg,
                                                        size_t i, uint32_t node, uint32_t best,
                                                        size_t *end, shorter *sh)
{
    uint32_t sent = t->tokens[i].sentence;
    for (size_t j = i + 1; j < t->n_tokens && j - i < e->max_phrase; j++) {
        if (!e->nodes[node].n_children)
            break;
        const rk_token *tk = &t->tokens[j];
        if (tk->sentence != sent)
            break;
        uint64_t m = mix[j];
        if (!key_set(e->next_keys, next_key_of(node, m)) ||
            (node = claims_child_mixed(e, node, t->norm + tk->start, tk->end - tk->start, m)) ==
                NONE32)
            break;
        if (node_taken(e, tg, node)) {
            if (best != NONE32)
                keep_shorter(sh, best, *end);
            best = node;
            *end = j + 1;
        }
    }
    return best;
}

/* The longest accepted entry starting at token i, whose trie nodes after
 * it are front[0..nfirst) (first_nodes(), into a buffer of MAX_FRONTIER
 * that the walk goes on using: copied, the few nodes cost a call to
 * memcpy): its node and end, or NONE32. Every token of a phrase may carry
 * clitics. The walk stops as soon as no node of the frontier goes on,
 * before the next token is stripped. tg is the document's taking_of(),
 * made once by the caller (nearly every other Arabic word starts a walk). */
static uint32_t longest_at(const doc_state *st, taking tg, size_t i, uint32_t *front,
                           size_t nfirst, size_t *end, shorter *sh)
{
    const rk_engine *e = st->e;
    const rk_text *t = st->t;
    uint32_t other[MAX_FRONTIER], *next = other, best = NONE32;
    size_t nf = nfirst;
    for (size_t d = 0; d < nf; d++)
        if (node_taken(e, tg, front[d])) {
            best = front[d];
            *end = i + 1;
            break;
        }
    for (size_t j = i + 1; j < t->n_tokens && j - i < e->max_phrase && nf; j++) {
        if (t->tokens[j].sentence != t->tokens[i].sentence || !any_children(e, front, nf))
            break;
        cand cs[MAX_CANDS];
        uint64_t cm[MAX_CANDS]; /* the forms' mixes, for every node of the frontier */
        size_t nc = forms_of(st, j, cs), nn = 0;
        cm[0] = st->mix[j]; /* the first form is the word itself */
        for (size_t c = 1; c < nc; c++)
            cm[c] = claims_mix(cs[c].s, cs[c].n);
        for (size_t f = 0; f < nf; f++)
            for (size_t c = 0; c < nc && nn < MAX_FRONTIER; c++) {
                uint32_t ch = child_of(e, front[f], &cs[c], cm[c]);
                if (ch == NONE32)
                    continue;
                int dup = 0;
                for (size_t d = 0; d < nn; d++)
                    dup |= next[d] == ch;
                if (!dup)
                    next[nn++] = ch;
            }
        for (size_t d = 0; d < nn; d++)
            if (node_taken(e, tg, next[d])) {
                if (best != NONE32)
                    keep_shorter(sh, best, *end);
                best = next[d];
                *end = j + 1;
                break;
            }
        uint32_t *was = front; /* the next frontier is the one to go on from */
        front = next;
        next = was;
        nf = nn;
    }
    return best;
}

static int is_break(const char *s, size_t n, const char *const *v, const size_t *lens,
                    size_t nv)
{
    for (size_t i = 0; i < nv; i++)
        if (lens[i] == n && rk_short_eq(v[i], s, n))
            return 1;
    return 0;
}

/* A separator glued between digits ("2,500", "1.500.000") is part of the
 * number, not a clause break. */
static int inside_number(const rk_text *t, size_t k)
{
    return k > 0 && k + 1 < t->n_tokens && !t->tokens[k].space_before &&
           !t->tokens[k + 1].space_before && t->tokens[k - 1].kind == RK_TOK_NUMBER &&
           t->tokens[k + 1].kind == RK_TOK_NUMBER;
}

/* Whether punctuation token k closes its clause (1) or its statement (2). */
static __attribute__((noinline)) unsigned break_kind(const doc_settings *ds, const rk_text *t,
                                                     size_t k)
{
    if (inside_number(t, k))
        return 0;
    const rk_token *tk = &t->tokens[k];
    const char *s = t->norm + tk->start;
    size_t n = tk->end - tk->start;
    if (is_break(s, n, ds->statement_breaks, ds->statement_len, ds->n_statement_breaks))
        return 2;
    return is_break(s, n, ds->clause_breaks, ds->clause_len, ds->n_clause_breaks);
}

/* Numbers clauses and statements: a break token closes its clause. What
 * the loop reads is in locals (read through st, it would be read again
 * after every store). A one-byte punctuation token's break is read from
 * break_one; a longer one whose first byte some break starts with is
 * compared out of line. */
static void prepare_tokens(doc_state *st)
{
    const rk_text *t = st->t;
    const rk_token *tokens = t->tokens;
    const char *norm = t->norm;
    const uint64_t *first = st->ds->break_first;
    const uint8_t *one = st->ds->break_one;
    uint32_t *cl = st->clause, *sm = st->stmt;
    uint32_t clause = 0, stmt = 0;
    /* each sentence's tokens in a loop of their own; a sentence opens a
       clause and a statement, sentence 0 aside (the text stage makes none
       without tokens, and one would open none) */
    for (size_t s = 0, ns = t->n_sentences; s < ns; s++) {
        size_t k = t->sentences[s].first_token, end = k + t->sentences[s].n_tokens;
        if (k == end)
            continue;
        clause += s != 0;
        stmt += s != 0;
        for (; k < end; k++) {
            cl[k] = clause;
            sm[k] = stmt;
            if (tokens[k].kind != RK_TOK_PUNCT)
                continue;
            const char *p = norm + tokens[k].start;
            size_t n = tokens[k].end - tokens[k].start;
            unsigned c = (unsigned char)p[0], b; /* a punctuation token has a byte */
            if (n == 1)
                b = one[c] && !inside_number(t, k) ? one[c] : 0;
            else if (first[c / 64] >> (c % 64) & 1)
                b = break_kind(st->ds, t, k);
            else
                continue;
            clause += b != 0;
            stmt += b == 2;
        }
    }
}

/* Pushes the occurrences of the entry at node matched at [i, end) and of
 * the shorter entries sh holds (longest first, each type once) that the
 * document takes onto k, which has room for them (room_for_match());
 * returns the LEX_BIT() of their types. Each entry's fields are read
 * before its occurrence is stored: the project is built without strict
 * aliasing, and read after, they would be read again. */
static inline uint64_t push_match(sink *k, const rk_engine *e, taking tg, uint32_t i,
                                  uint32_t end, uint32_t node, const shorter *sh)
{
    uint64_t types = 0;
    occ *out = k->occs;
    size_t n = k->n;
    const lex_entry *lex = e->lex;
    int all = all_taken(e, tg, node);
    for (uint32_t p = e->nodes[node].payload; p != NONE32;) {
        const lex_entry *l = &lex[p];
        uint32_t next = l->next, type = l->type;
        if (all || accepted(tg.lang, l)) {
            out[n++] = (occ){i, end, p, type};
            types |= LEX_BIT(type);
        }
        p = next;
    }
    for (size_t s = sh->n; s-- > 0;) {
        all = all_taken(e, tg, sh->node[s]);
        for (uint32_t p = e->nodes[sh->node[s]].payload; p != NONE32;) {
            const lex_entry *l = &lex[p];
            uint32_t next = l->next, type = l->type;
            if ((all || accepted(tg.lang, l)) && !(types & LEX_BIT(type))) {
                out[n++] = (occ){i, (uint32_t)sh->end[s], p, type};
                types |= LEX_BIT(type);
            }
            p = next;
        }
    }
    k->n = n;
    return types;
}

/* How many tokens ahead of the walk match_plain() asks for the root
 * filter's word and the root edge's slot of a token: both are loads that
 * mostly miss the L1 (the filter alone is 32 KB), and the walk's branch on
 * the filter bit, taken about half the time either way, keeps the core from
 * running ahead to them by itself. The text pads its mixes with as many
 * zeros (RK_TEXT_MIX_PAD), so the token ahead need not be tested for the end. */
#define ROOT_AHEAD 8
_Static_assert(ROOT_AHEAD <= RK_TEXT_MIX_PAD, "the text pads its mixes for the reads ahead");

/* Asks for the lines a root lookup of a token of mix m reads first. */
static inline void prefetch_root(const uint8_t *root_keys, const trie_slot *edges, size_t mask,
                                 uint64_t m)
{
    __builtin_prefetch(root_keys + (m >> (ROOT_KEY_SHIFT + 6)) * 8);
    __builtin_prefetch(&edges[claims_edge_hash(0, m) & mask]);
}

static const trie_slot no_edges[1]; /* the edges of a trie without any */

/* The walk over the tokens of a language without clitics, with what it
 * reads in locals (the project is built without strict aliasing: read
 * through st, it would be read again after every store). A token whose key
 * is not in root_keys (about half) starts no entry. occ_types is written
 * as the walk goes: a memset() first costs more instructions as counted
 * for a long document (valgrind counts its "rep stosb" once a byte).
 * Occurrences are found in token order, so occ_from[k] is the count found
 * before token k is looked at. Out of line, as the walk with clitics is:
 * inlined together, each cost more. Returns -1 when out of memory. */
static __attribute__((noinline)) int match_plain(doc_state *st)
{
    const rk_engine *e = st->e;
    const rk_text *t = st->t;
    const rk_token *tokens = t->tokens;
    const char *norm = t->norm;
    const trie_node *nodes = e->nodes;
    const char *keys = e->keys;
    const uint64_t *mix = st->mix;
    const uint8_t *root_keys = e->root_keys;
    uint32_t *occ_from = st->occ_from;
    uint64_t *occ_types = st->occ_types, *sent_types = st->sent_types;
    taking tg = taking_of(st->ds);
    size_t room = match_room(e);
    sink k = {st->occs, st->n_occs, st->cap_occs};
    size_t nt = t->n_tokens;
    const trie_slot *edges = e->cap_edges ? e->edges : no_edges;
    size_t mask = e->cap_edges ? e->cap_edges - 1 : 0;
    int bad = 0, longer = e->max_phrase > 1;
    for (size_t i = 0; i < ROOT_AHEAD && i < nt; i++)
        prefetch_root(root_keys, edges, mask, mix[i]);
    for (size_t i = 0;;) {
        /* the tokens no entry starts with, in a loop of their own whose
           few values stay in registers */
        uint32_t from = (uint32_t)k.n;
        for (; i < nt && !root_key_set(root_keys, mix[i]); i++) {
            prefetch_root(root_keys, edges, mask, mix[i + ROOT_AHEAD]);
            occ_from[i] = from;
            occ_types[i] = 0;
        }
        if (i == nt)
            break;
        prefetch_root(root_keys, edges, mask, mix[i + ROOT_AHEAD]);
        occ_from[i] = from;
        const rk_token *tk = &tokens[i];
        size_t n = tk->end - tk->start;
        uint32_t node =
            n ? claims_child_in(edges, mask, nodes, keys, 0, norm + tk->start, n, mix[i]) : NONE32;
        if (node == NONE32) { /* no entry has an empty token */
            occ_types[i++] = 0;
            continue;
        }
        /* the entry of the first word alone, unless the next token goes on
           from it: that is, is in its sentence and has the key of some
           edge below the root with the node's (a few in a hundred) */
        uint32_t best = node_taken(e, tg, node) ? node : NONE32;
        size_t end = i + 1;
        shorter sh;
        sh.n = 0;
        if (nodes[node].n_children && longer && end < nt && tokens[end].sentence == tk->sentence &&
            key_set(e->next_keys, next_key_of(node, mix[end])))
            best = longer_plain(e, t, mix, tg, i, node, best, &end, &sh);
        if (best == NONE32) {
            occ_types[i++] = 0;
            continue;
        }
        if (room_for_match(&k, room) < 0) {
            occ_types[i] = 0;
            bad = 1;
            break;
        }
        occ_types[i] = push_match(&k, e, tg, (uint32_t)i, (uint32_t)end, best, &sh);
        sent_types[tk->sentence] |= occ_types[i];
        for (size_t j = i + 1; j < end; j++) {
            occ_from[j] = (uint32_t)k.n;
            occ_types[j] = 0;
        }
        i = end;
    }
    occ_from[nt] = (uint32_t)k.n;
    occ_types[nt] = 0;
    st->occs = k.occs;
    st->n_occs = k.n;
    st->cap_occs = k.cap;
    return bad ? -1 : 0;
}

/* The walk over the tokens of a language with clitics, each token's forms
 * and first trie nodes by first_nodes(). Kept in the shape it had: in
 * match_plain()'s shape it cost more (with every walk inlined in it, the
 * compiler keeps less in registers). */
static __attribute__((noinline)) int match_clitics(doc_state *st)
{
    const rk_text *t = st->t;
    memset(st->occ_types, 0, (t->n_tokens + 1) * sizeof *st->occ_types);
    sink k = {st->occs, st->n_occs, st->cap_occs};
    taking tg = taking_of(st->ds);
    size_t room = match_room(st->e);
    int bad = 0;
    for (size_t i = 0; i < t->n_tokens;) {
        size_t end = i + 1;
        st->occ_from[i] = (uint32_t)k.n;
        shorter sh;
        sh.n = 0;
        uint32_t first[MAX_FRONTIER], node = NONE32;
        size_t nfirst = first_nodes(st, i, first);
        if (nfirst)
            node = longest_at(st, tg, i, first, nfirst, &end, &sh);
        if (node == NONE32) {
            i++;
            continue;
        }
        if (room_for_match(&k, room) < 0) {
            bad = 1;
            goto done;
        }
        st->occ_types[i] = push_match(&k, st->e, tg, (uint32_t)i, (uint32_t)end, node, &sh);
        st->sent_types[t->tokens[i].sentence] |= st->occ_types[i];
        for (size_t q = i + 1; q < end; q++)
            st->occ_from[q] = (uint32_t)k.n;
        i = end;
    }
    st->occ_from[t->n_tokens] = (uint32_t)k.n;
done: /* the occurrences go back to st even when one more did not fit */
    st->occs = k.occs;
    st->n_occs = k.n;
    st->cap_occs = k.cap;
    return bad ? -1 : 0;
}

rk_status rk_claims_match(doc_state *st, rk_error *err)
{
    const rk_text *t = st->t;
    /* The per-token arrays in one allocation, headed by occ_types and
     * sent_types (the widest), so each starts aligned: per token and one
     * past the last 8 + 4 bytes, per sentence 8, per token 4 + 4 + 1 + 1.
     * Only sent_types, in_speaker and in_number start zeroed; the others
     * are written before they are read. The walks read the text's mixes
     * (and ROOT_AHEAD of its zeros after them). */
    size_t n = t->n_tokens + 1, ns = t->n_sentences;
    if (n > SIZE_MAX / 64 || ns > SIZE_MAX / 64)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (!(st->occ_types = rk_scratch_take(RK_SCRATCH_MATCH, n * 22 + ns * 8)))
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    st->sent_types = st->occ_types + n;
    memset(st->sent_types, 0, ns * sizeof *st->sent_types);
    st->occ_from = (uint32_t *)(st->sent_types + ns);
    st->clause = st->occ_from + n;
    st->stmt = st->clause + n;
    st->in_speaker = (uint8_t *)(st->stmt + n);
    st->in_number = st->in_speaker + n;
    st->mix = t->mix;
    memset(st->in_speaker, 0, 2 * n);
    /* the occurrences, in a block kept from the thread's last document:
     * about one every two tokens in the news, room for three every four
     * (and for one match at least); grown by realloc() past it */
    if (!st->occs)
        st->occs = rk_scratch_take_items(RK_SCRATCH_OCCS, n / 4 * 3 + match_room(st->e),
                                         sizeof *st->occs, &st->cap_occs);
    prepare_tokens(st);
    st->memo = memo_on && st->ds->n_clitics ? thread_memo() : NULL; /* only they strip */
    int r = st->ds->n_clitics ? match_clitics(st) : match_plain(st);
    st->mix = NULL;
    if (r < 0)
        return rk_error_set(err, RK_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return RK_OK;
}

void rk_claims_match_free(doc_state *st)
{
    rk_scratch_give(RK_SCRATCH_OCCS, st->occs);
    rk_scratch_give(RK_SCRATCH_MATCH, st->occ_types); /* and the other per-token arrays with it */
    st->occs = NULL;
    st->occ_from = st->clause = st->stmt = NULL;
    st->occ_types = st->sent_types = NULL;
    st->in_speaker = st->in_number = NULL;
    st->n_occs = st->cap_occs = 0;
}
