/* lexicon.c - the numbers stage's lexicon: a trie whose edges are normalised
 * tokens, kept in one open-addressing hash table, and the longest-match
 * lookup the scan runs at each token (with Arabic clitics stripped only when
 * the rest of the word matches). */
#include "numbers_int.h"

#include <stdlib.h>
#include <string.h>
#include "../core/buf.h"
#include "../core/hash.h" /* rk_token_mix, rk_mix_edge, rk_short_eq */

/* The bit of a child's token s[0..n) in its parent's node_kids, from its
 * length and last byte (every bit for an empty token). */
static inline uint32_t kid_bit(const char *s, size_t n)
{
    return n ? 1u << (((unsigned char)s[n - 1] + n * 37u) & 31) : UINT32_MAX;
}

static inline void key_set(uint8_t *bits, unsigned k)
{
    bits[k >> 3] |= (uint8_t)(1u << (k & 7));
}

/* The hash of the edge from node under token s[0..n): its slot in the table
 * is the low bits. */
static inline uint64_t nb_edge_hash(uint32_t node, const char *s, size_t n)
{
    return rk_mix_edge(node, rk_token_mix(s, n));
}

/* nb_trie_child() of a token s[0..n) of mix m (rk_token_mix()), inlined
 * where the scan asks every word that passes a key filter. */
static inline __attribute__((always_inline)) uint32_t
trie_child_mixed(const rk_numbers_reader *r, uint32_t node, const char *s, size_t n, uint64_t m)
{
    if (!r->edge_cap)
        return NB_NONE;
    uint64_t h = rk_mix_edge(node, m);
    size_t mask = r->edge_cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const nb_edge *e = &r->edges[i];
        if (e->child == NB_NONE)
            return NB_NONE;
        if (e->hash == h && e->parent == node && e->len == n &&
            rk_short_eq(r->keys + e->key, s, n))
            return e->child;
    }
}

static inline __attribute__((always_inline)) uint32_t trie_child(const rk_numbers_reader *r,
                                                                 uint32_t node, const char *s,
                                                                 size_t n)
{
    return trie_child_mixed(r, node, s, n, rk_token_mix(s, n));
}

uint32_t nb_trie_child(const rk_numbers_reader *r, uint32_t node, const char *s, size_t n)
{
    return trie_child(r, node, s, n);
}

/* The child of node for token j of the text (by the text's mix of it). */
static inline uint32_t trie_child_at(const rk_numbers_reader *r, uint32_t node, const rk_text *t,
                                     size_t j)
{
    size_t n;
    const char *s = nb_tok(t, j, &n);
    return trie_child_mixed(r, node, s, n, t->mix[j]);
}

/* The root's child for s[0..n) of mix m, with the key filter first. */
static inline uint32_t root_child_mixed(const rk_numbers_reader *r, const char *s, size_t n,
                                        uint64_t m)
{
    if (!n || !nb_key_in(r->root_keys, nb_mix_key(m)))
        return NB_NONE;
    return trie_child_mixed(r, 0, s, n, m);
}

static inline uint32_t root_child(const rk_numbers_reader *r, const char *s, size_t n)
{
    return n ? root_child_mixed(r, s, n, rk_token_mix(s, n)) : NB_NONE;
}

static int edges_grow(rk_numbers_reader *r)
{
    size_t cap = r->edge_cap ? r->edge_cap * 2 : 1024;
    nb_edge *v = malloc(cap * sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < cap; i++)
        v[i].child = NB_NONE;
    for (size_t i = 0; i < r->edge_cap; i++) {
        nb_edge *e = &r->edges[i];
        if (e->child == NB_NONE)
            continue;
        size_t k = (size_t)e->hash & (cap - 1);
        while (v[k].child != NB_NONE)
            k = (k + 1) & (cap - 1);
        v[k] = *e;
    }
    free(r->edges);
    r->edges = v;
    r->edge_cap = cap;
    return 0;
}

static uint32_t node_new(rk_numbers_reader *r)
{
    if (r->n_nodes >= NB_UNSEEN) /* node ids stay below the scan's memo mark */
        return NB_NONE;
    if (r->n_nodes == r->cap_nodes) {
        size_t cap = r->cap_nodes ? r->cap_nodes * 2 : 256;
        uint32_t *v = realloc(r->node_first, cap * sizeof *v);
        if (!v)
            return NB_NONE;
        r->node_first = v;
        r->cap_nodes = cap;
    }
    r->node_first[r->n_nodes] = NB_NONE;
    return (uint32_t)r->n_nodes++;
}

/* The child of node for token s, made if missing; NB_NONE when out of memory. */
static uint32_t child_make(rk_numbers_reader *r, uint32_t node, const char *s, size_t n)
{
    uint32_t c = nb_trie_child(r, node, s, n);
    if (c != NB_NONE)
        return c;
    if ((r->n_edges + 1) * 2 > r->edge_cap && edges_grow(r) < 0)
        return NB_NONE;
    if (r->keys_len + n + 1 > r->keys_cap) {
        size_t cap = (r->keys_cap + n + 1) * 2;
        char *k = realloc(r->keys, cap);
        if (!k)
            return NB_NONE;
        r->keys = k;
        r->keys_cap = cap;
    }
    if ((c = node_new(r)) == NB_NONE)
        return NB_NONE;
    uint64_t h = nb_edge_hash(node, s, n);
    size_t i = (size_t)h & (r->edge_cap - 1);
    while (r->edges[i].child != NB_NONE)
        i = (i + 1) & (r->edge_cap - 1);
    memcpy(r->keys + r->keys_len, s, n);
    r->edges[i] = (nb_edge){node, c, (uint32_t)r->keys_len, (uint32_t)n, h};
    r->keys_len += n;
    r->n_edges++;
    return c;
}

/* Two entries say the same thing when role and readings agree. */
static int entry_same(const nb_entry *a, const nb_entry *b)
{
    return a->role == b->role && a->value == b->value && a->low == b->low &&
           a->high == b->high && a->exactness == b->exactness && a->kind == b->kind &&
           a->name == b->name;
}

rk_status nb_trie_add(rk_numbers_reader *r, const char *const *toks, const size_t *lens,
                      size_t n, const nb_entry *e, const nb_entry **dup)
{
    uint32_t node = 0;
    *dup = NULL;
    if (r->n_nodes == 0 && node_new(r) == NB_NONE)
        return RK_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        if ((node = child_make(r, node, toks[i], lens[i])) == NB_NONE)
            return RK_ERR_NOMEM;
    /* A phrase may carry one entry per role: a second one with another
     * reading is a contradiction in the data; the same reading twice (two
     * spellings that fold together) is harmless. */
    for (uint32_t k = r->node_first[node]; k != NB_NONE; k = r->entries[k].next) {
        if (r->entries[k].role != e->role)
            continue;
        if (!entry_same(&r->entries[k], e))
            *dup = &r->entries[k];
        return RK_OK;
    }
    if (r->n_entries == r->cap_entries) {
        size_t cap = r->cap_entries ? r->cap_entries * 2 : 256;
        nb_entry *v = realloc(r->entries, cap * sizeof *v);
        if (!v)
            return RK_ERR_NOMEM;
        r->entries = v;
        r->cap_entries = cap;
    }
    /* Append at the end of the node's list so data order is kept. */
    nb_entry *ne = &r->entries[r->n_entries];
    *ne = *e;
    ne->next = NB_NONE;
    uint32_t *link = &r->node_first[node];
    while (*link != NB_NONE)
        link = &r->entries[*link].next;
    *link = (uint32_t)r->n_entries++;
    return RK_OK;
}

const char *nb_intern(rk_numbers_reader *r, const char *s)
{
    for (size_t i = 0; i < r->n_names; i++)
        if (strcmp(r->names[i], s) == 0)
            return r->names[i];
    char **v = realloc(r->names, (r->n_names + 1) * sizeof *v);
    if (!v)
        return NULL;
    r->names = v;
    if (!(v[r->n_names] = rk_strdup(s)))
        return NULL;
    return v[r->n_names++];
}

/* Sorts the prefixes by their first two bytes, keeping data order among
 * equal heads (the tie rule of nb_lookup depends on it), and records the
 * groups. */
static rk_status group_prefixes(rk_numbers_reader *r)
{
    nb_prefix *p = r->prefixes;
    free(r->pfx_groups);
    free(r->pfx_group_of);
    r->pfx_groups = NULL;
    r->pfx_group_of = NULL;
    r->n_pfx_groups = 0;
    r->pfx_scan_all = r->n_prefixes > UINT16_MAX;
    for (size_t k = 0; k < r->n_prefixes; k++)
        if (p[k].len < 2)
            r->pfx_scan_all = 1;
    if (r->pfx_scan_all || !r->n_prefixes)
        return RK_OK;
    for (size_t k = 1; k < r->n_prefixes; k++) { /* insertion sort: stable */
        nb_prefix x = p[k];
        size_t j = k;
        for (; j > 0 && memcmp(p[j - 1].s, x.s, 2) > 0; j--)
            p[j] = p[j - 1];
        p[j] = x;
    }
    r->pfx_groups = malloc(r->n_prefixes * sizeof *r->pfx_groups);
    if (!r->pfx_groups)
        return RK_ERR_NOMEM;
    for (size_t k = 0; k < r->n_prefixes; k++) {
        uint16_t head = (uint16_t)((unsigned char)p[k].s[0] << 8 | (unsigned char)p[k].s[1]);
        struct nb_pfx_group *g = &r->pfx_groups[r->n_pfx_groups - (r->n_pfx_groups > 0)];
        if (!r->n_pfx_groups || g->head != head)
            r->pfx_groups[r->n_pfx_groups++] = (struct nb_pfx_group){head, (uint16_t)k,
                                                                     (uint16_t)(k + 1)};
        else
            g->hi = (uint16_t)(k + 1);
    }
    if (r->n_pfx_groups > UINT8_MAX) { /* more heads than the table tells apart */
        free(r->pfx_groups);
        r->pfx_groups = NULL;
        r->n_pfx_groups = 0;
        r->pfx_scan_all = 1;
        return RK_OK;
    }
    r->pfx_group_of = calloc(65536, 1);
    if (!r->pfx_group_of)
        return RK_ERR_NOMEM;
    for (size_t g = 0; g < r->n_pfx_groups; g++)
        r->pfx_group_of[r->pfx_groups[g].head] = (uint8_t)(g + 1);
    return RK_OK;
}

/* Role masks flow from each node up to its parent. A child is made after
 * its parent, so one pass from the last node to the first suffices. */
rk_status nb_trie_finish(rk_numbers_reader *r)
{
    uint32_t *parent = r->n_nodes ? malloc(r->n_nodes * sizeof *parent) : NULL;
    free(r->node_roles);
    free(r->node_below);
    free(r->node_kids);
    r->node_roles = r->n_nodes ? calloc(r->n_nodes, sizeof *r->node_roles) : NULL;
    r->node_below = r->n_nodes ? calloc(r->n_nodes, sizeof *r->node_below) : NULL;
    r->node_kids = r->n_nodes ? calloc(r->n_nodes, sizeof *r->node_kids) : NULL;
    if (r->n_nodes && (!parent || !r->node_roles || !r->node_below || !r->node_kids)) {
        free(parent);
        return RK_ERR_NOMEM;
    }
    for (size_t i = 0; i < r->edge_cap; i++)
        if (r->edges[i].child != NB_NONE)
            parent[r->edges[i].child] = r->edges[i].parent;
    /* Every entry is on the list of one node: one pass over the lists finds
     * the roles of each node and the widest window after a number. */
    uint16_t after = 0;
    for (size_t n = 0; n < r->n_nodes; n++) {
        uint32_t bits = 0;
        for (uint32_t k = r->node_first[n]; k != NB_NONE; k = r->entries[k].next) {
            const nb_entry *e = &r->entries[k];
            bits |= NB_MASK(e->role);
            if (e->role == NB_CMP_BEFORE && e->window)
                bits |= NB_WINDOWED;
            if (e->role == NB_CMP_AFTER && e->window > after)
                after = e->window;
        }
        r->node_roles[n] = bits;
    }
    r->max_after_window = after;
    for (size_t n = r->n_nodes; n-- > 1;) { /* node_roles[n] is complete here */
        r->node_roles[parent[n]] |= r->node_roles[n];
        r->node_below[parent[n]] |= r->node_roles[n];
    }
    free(parent);
    /* The key filters are still zero: the reader is made by calloc and
       finished once. */
    /* Locals: the byte stores below could alias any field of r. */
    const nb_prefix *pfx = r->prefixes;
    size_t np = r->n_prefixes, cap = r->edge_cap;
    uint8_t *pfx_bits = r->pfx_start_keys, *root_bits = r->root_keys,
            *start_bits = r->start_keys;
    const uint32_t *roles = r->node_roles;
    uint32_t *kids = r->node_kids;
    const nb_edge *edges = r->edges;
    const char *keys = r->keys;
    /* A prefix and then a root edge's word, keyed for pfx_start_keys: room
     * for the longest of each. */
    size_t longest = 0, widest = 0;
    for (size_t k = 0; k < np; k++)
        if (pfx[k].len > longest)
            longest = pfx[k].len;
    for (size_t i = 0; i < cap; i++)
        if (edges[i].child != NB_NONE && edges[i].parent == 0 && edges[i].len > widest)
            widest = edges[i].len;
    /* Prefixes of 16 bytes or fewer (all the rules give) are copied as 16
     * bytes, right-aligned, in one store each. */
    int short_pfx = longest <= 16;
    size_t room = short_pfx ? 16 : longest;
    char *joined = np ? calloc(1, room + widest + (short_pfx ? np * 16 : 0)) : NULL;
    if (np && !joined)
        return RK_ERR_NOMEM;
    /* prefix k ends at right + 16 * (k + 1); no block without prefixes */
    char *right = joined ? joined + room + widest : NULL;
    for (size_t k = 0; short_pfx && k < np; k++)
        memcpy(right + 16 * (k + 1) - pfx[k].len, pfx[k].s, pfx[k].len);
    if (r->n_nodes) /* the root's children are looked up through the key filters */
        kids[0] = UINT32_MAX;
    for (size_t i = 0; i < cap; i++) {
        const nb_edge *e = &edges[i];
        if (e->child == NB_NONE)
            continue;
        const char *w = keys + e->key;
        if (e->parent != 0) {
            kids[e->parent] |= kid_bit(w, e->len);
            continue;
        }
        if (!e->len)
            continue;
        unsigned key = nb_root_key(w, e->len);
        key_set(root_bits, key);
        if (!(roles[e->child] & NB_START_ROLES))
            continue;
        key_set(start_bits, key);
        if (!np)
            continue;
        /* the word once, after room for any prefix; each prefix before it */
        char *word = joined + room;
        memcpy(word, w, e->len);
        for (size_t k = 0; k < np; k++) {
            if (short_pfx)
                memcpy(word - 16, right + 16 * k, 16);
            else
                memcpy(word - pfx[k].len, pfx[k].s, pfx[k].len);
            key_set(pfx_bits, nb_root_key(word - pfx[k].len, pfx[k].len + e->len));
        }
    }
    free(joined);
    for (size_t b = 0; b < sizeof r->open_keys; b++)
        r->open_keys[b] = r->start_keys[b] | r->pfx_start_keys[b];
    return group_prefixes(r);
}

void nb_lexicon_free(rk_numbers_reader *r)
{
    free(r->pfx_groups);
    free(r->pfx_group_of);
    free(r->node_roles);
    free(r->node_below);
    free(r->node_kids);
    free(r->node_first);
    free(r->edges);
    free(r->keys);
    free(r->entries);
    for (size_t i = 0; i < r->n_prefixes; i++)
        free(r->prefixes[i].s);
    free(r->prefixes);
    for (size_t i = 0; i < r->n_names; i++)
        free(r->names[i]);
    free(r->names);
}

/* The first entry of node whose role is in mask and that accepts prefix
 * class cls (0: no prefix), or NULL. */
static const nb_entry *node_entry(const rk_numbers_reader *r, uint32_t node, uint32_t mask,
                                  uint8_t cls)
{
    for (uint32_t k = r->node_first[node]; k != NB_NONE; k = r->entries[k].next) {
        const nb_entry *e = &r->entries[k];
        if ((mask & NB_MASK(e->role)) && (!cls || (e->prefixes & cls)))
            return e;
    }
    return NULL;
}

/* The root's child for token i's plain form, looked up once per text. */
static inline uint32_t plain_root(const nb_doc *d, size_t i)
{
    uint32_t c = d->root[i];
    if (c == NB_UNSEEN) {
        size_t n;
        const char *s = nb_tok(d->t, i, &n);
        c = d->root[i] = root_child_mixed(d->r, s, n, d->t->mix[i]);
    }
    return c;
}

/* The child of node for token j, through the memo when there is one. */
static inline uint32_t tok_child(const nb_doc *d, uint32_t node, size_t j)
{
    size_t n;
    const char *p = nb_tok(d->t, j, &n);
    if (!d->memo)
        return trie_child_at(d->r, node, d->t, j);
    nb_memo_slot *m = &d->memo->slot[(node * 7u + (uint32_t)j) & (NB_MEMO_SIZE - 1)];
    if (m->tok != j || m->node != node) {
        m->tok = j;
        m->node = node;
        m->child = !(d->r->node_kids[node] & kid_bit(p, n)) ? NB_NONE
                                                            : trie_child_at(d->r, node, d->t, j);
    }
    return m->child;
}

/* walk() past its first test. */
static int walk_on(const nb_doc *d, size_t i, uint32_t node, uint32_t mask, uint8_t cls,
                   nb_match *m)
{
    const rk_numbers_reader *r = d->r;
    const rk_text *t = d->t;
    int found = 0;
    /* node_roles says whether anything asked for lies at or below node. */
    for (size_t j = i; node != NB_NONE && (r->node_roles[node] & mask);) {
        const nb_entry *e = node_entry(r, node, mask, cls);
        if (e) {
            m->e = e;
            m->end = j + 1;
            found = 1;
        }
        /* Nothing asked for below node: no child can pass the test above. */
        if (!(r->node_below[node] & mask) || !nb_same_sentence(t, i, ++j))
            break;
        node = tok_child(d, node, j);
    }
    return found;
}

/* Walks the trie from token i, whose first token is node; keeps the deepest
 * node with a fitting entry. Most walks end before they start (no first
 * token, or nothing asked for at or below it): that test is inline. */
static inline int walk(const nb_doc *d, size_t i, uint32_t node, uint32_t mask, uint8_t cls,
                       nb_match *m)
{
    const rk_numbers_reader *r = d->r;
    if (node == NB_NONE || !(r->node_roles[node] & mask))
        return 0;
    if (r->node_below[node] & mask)
        return walk_on(d, i, node, mask, cls, m);
    /* Nothing asked for below the first token, as for most words: the walk
     * would read this node's entries and stop. */
    const nb_entry *e = node_entry(r, node, mask, cls);
    if (!e)
        return 0;
    m->e = e;
    m->end = i + 1;
    return 1;
}

/* s[0..n) starts with prefix p and is longer, given that their first
 * `known` bytes are equal (inline: called per token). */
static inline int starts_with(const char *s, size_t n, const nb_prefix *p, size_t known)
{
    return p->len < n && rk_short_eq(s + known, p->s + known, p->len - known);
}

/* The prefixes [*lo, *hi) that may start s[0..n): those of its group, whose
 * first *known bytes are those of s. */
static inline void prefix_range(const rk_numbers_reader *r, const char *s, size_t n,
                                size_t *lo, size_t *hi, size_t *known)
{
    *lo = *hi = *known = 0;
    if (r->pfx_scan_all) {
        *hi = r->n_prefixes;
        return;
    }
    if (n < 3) /* a prefix leaves at least one byte of the word */
        return;
    if (!r->pfx_group_of)
        return;
    unsigned g = r->pfx_group_of[(unsigned char)s[0] << 8 | (unsigned char)s[1]];
    if (!g)
        return;
    *lo = r->pfx_groups[g - 1].lo;
    *hi = r->pfx_groups[g - 1].hi;
    *known = 2;
}

/* s[0..n) may open a phrase that can start an expression: the start-key
 * filter alone, no hashing. */
static inline int may_start(const rk_numbers_reader *r, const char *s, size_t n)
{
    unsigned k;
    if (!n)
        return 0;
    k = nb_root_key(s, n);
    return nb_key_in(r->start_keys, k);
}

/* The root's child for s[0..n) opens a phrase that can start an expression. */
static inline int starts_expression(const rk_numbers_reader *r, const char *s, size_t n)
{
    if (!may_start(r, s, n))
        return 0;
    /* root_keys has every key the start filter has: no second test */
    uint32_t c = nb_trie_child(r, 0, s, n);
    return c != NB_NONE && (r->node_roles[c] & NB_START_ROLES);
}

/* A prefix of the word s[0..n) leaves a phrase that can start an
 * expression (the filter of prefixed starts passed). */
static inline int prefixes_start(const rk_numbers_reader *r, const char *s, size_t n)
{
    size_t lo, hi, known;
    prefix_range(r, s, n, &lo, &hi, &known);
    for (size_t j = lo; j < hi; j++) {
        const nb_prefix *p = &r->prefixes[j];
        if (starts_with(s, n, p, known) && starts_expression(r, s + p->len, n - p->len))
            return 1;
    }
    return 0;
}

/* The plain word at token i, whose root child c has a start role at or
 * below it, reads as a phrase with one here: either c has an entry with a
 * start role, or the tokens after it lead to one. "a" opens "a dozen" and
 * "a few" but nothing before "house"; the walk asks the children of "a"
 * for the next token (through the memo, where the lookups after it find
 * them again). */
static int opens_plain(const nb_doc *d, size_t i, uint32_t c)
{
    nb_match m;
    return node_entry(d->r, c, NB_START_ROLES, 0) || walk_on(d, i, c, NB_START_ROLES, 0, &m);
}

/* nb_can_start() of token i, s0[0..n0) with n0 > 0, whose key k passed
 * open_keys: inlined into both callers, so the scan of runs keeps its
 * locals in registers. */
static inline __attribute__((always_inline)) int can_start_open(const nb_doc *d, size_t i,
                                                               const char *s0, size_t n0,
                                                               unsigned k)
{
    const rk_numbers_reader *r = d->r;
    const rk_text *t = d->t;
    if (nb_key_in(r->start_keys, k)) {
        /* plain_root(), past root_keys: it has every key the start filter
           has */
        uint32_t c = d->root[i];
        if (c == NB_UNSEEN)
            c = d->root[i] = trie_child_mixed(r, 0, s0, n0, t->mix[i]);
        if (c != NB_NONE && (r->node_roles[c] & NB_START_ROLES) &&
            (t->tokens[i].kind != RK_TOK_WORD || opens_plain(d, i, c)))
            return 1;
    }
    return t->tokens[i].kind == RK_TOK_WORD && nb_key_in(r->pfx_start_keys, k) &&
           prefixes_start(r, s0, n0);
}

int nb_can_start_past(const nb_doc *d, size_t i, const char *s0, size_t n0, unsigned k)
{
    return can_start_open(d, i, s0, n0, k);
}

/* Token i, a word nb_next_start() keeps, is a plain prefix before a word
 * that starts nothing ("in" before "the", "by" before "a"): the scan would
 * read it as a prefix, find the next word opening nothing and go on from
 * that word without a number or any other change (expression(), through
 * read_prefixes(), ends there as "dead"). That holds when:
 * - its root child c (kept by can_start_open()) is the longest prefix
 *   phrase here: no clitic reading of the word, no child of c for the next
 *   token;
 * - no comparator with a window (which the scan would keep pending) is at
 *   or below c, and c has an entry of a prefix role: the first, the one
 *   the scan takes, is a comparator, range opener, cue or unit before the
 *   number, or a month name, which reads as a date's start only before a
 *   digit (month_first());
 * - the next token is a word that nb_can_start() turns away.
 * Two in five of the tokens the scan started at in English news were these
 * (14,018 of 34,453 on 2 MB), each costing it a prefix lookup and a pass
 * of read_prefixes(). Out of line: asked only of the words that pass both
 * filters. */
static __attribute__((noinline)) int prefix_before_nothing(const nb_doc *d, size_t i,
                                                           const char *s, size_t n)
{
    const rk_numbers_reader *r = d->r;
    const rk_text *t = d->t;
    size_t j = i + 1;
    if (j >= t->n_tokens || t->tokens[j].kind != RK_TOK_WORD)
        return 0;
    uint32_t c = d->root[i];
    if (c == NB_UNSEEN || c == NB_NONE || (r->node_roles[c] & NB_WINDOWED))
        return 0;
    const nb_entry *e = node_entry(r, c, NB_PREFIX_ROLES, 0);
    if (!e)
        return 0;
    size_t lo, hi, known;
    prefix_range(r, s, n, &lo, &hi, &known);
    if (lo < hi)
        return 0;
    if ((r->node_below[c] & NB_PREFIX_ROLES) && tok_child(d, c, j) != NB_NONE)
        return 0;
    return !nb_can_start(d, j);
}

size_t nb_next_start(const nb_doc *d, size_t i)
{
    /* Locals, read once: the build lets any store alias a field, so a
     * test of each token through d would read them anew. */
    const rk_token *tok = d->t->tokens;
    const uint64_t *mix = d->t->mix;
    const char *norm = d->t->norm;
    const uint8_t *open = d->r->open_keys;
    size_t end = d->t->n_tokens;
    for (; i < end; i++) {
        if (tok[i].kind == RK_TOK_NUMBER)
            return i;
        unsigned k = nb_mix_key(mix[i]);
        if (!nb_key_in(open, k))
            continue;
        uint32_t a = tok[i].start, n = tok[i].end - a;
        if (n && can_start_open(d, i, norm + a, n, k) &&
            (tok[i].kind != RK_TOK_WORD || !prefix_before_nothing(d, i, norm + a, n)))
            return i;
    }
    return end;
}

/* nb_can_start() from the token's text alone, without the words after it.
 * The root child nb_can_start() may find kept from an earlier step is the
 * one starts_expression() looks up, and when the start-key filter rejects
 * the token that child has no start role (the filter has the key of every
 * root edge with one), so the scan keeps no token this turns away; it turns
 * away more, the words whose phrases go on into words that do not follow. */
static __attribute__((noinline)) int can_start_past_filter(const rk_numbers_reader *r,
                                                          const char *s, size_t n, int word,
                                                          unsigned k);

int rk_numbers_can_start(const rk_numbers_reader *r, const char *s, size_t n, int word)
{
    if (!r || !r->node_roles || !n) /* no node_roles when there are no nodes */
        return 0;
    unsigned k = nb_root_key(s, n);
    return nb_key_in(r->open_keys, k) && can_start_past_filter(r, s, n, word, k);
}

/* rk_numbers_can_start() of a token whose key k passed open_keys (out of
 * line, so the test before it is inlined where it is called: most tokens
 * fail it). */
static __attribute__((noinline)) int can_start_past_filter(const rk_numbers_reader *r,
                                                          const char *s, size_t n, int word,
                                                          unsigned k)
{
    if (nb_key_in(r->start_keys, k)) {
        uint32_t c = nb_trie_child(r, 0, s, n); /* root_keys passes, as above */
        if (c != NB_NONE && (r->node_roles[c] & NB_START_ROLES))
            return 1;
    }
    return word && nb_key_in(r->pfx_start_keys, k) && prefixes_start(r, s, n);
}

int nb_lookup_plain_at(const nb_doc *d, size_t i, uint32_t mask, nb_match *m)
{
    m->pfx_len = 0;
    m->pfx_skip = 0;
    m->pfx_cls = 0;
    return d->r->node_roles ? walk(d, i, plain_root(d, i), mask, 0, m) : 0;
}

int nb_may_read_as(const nb_doc *d, size_t i, uint32_t bits)
{
    if (!d->r->node_roles)
        return 0;
    plain_root(d, i);
    return nb_may_read_as_seen(d, i, bits);
}

/* Tries prefix k, whose rest of the word token i is the root's child node,
 * against the best match m so far. */
static inline int try_prefix(const nb_doc *d, size_t i, uint32_t k, uint32_t node,
                             uint32_t mask, nb_match *m, int found)
{
    const nb_prefix *p = &d->r->prefixes[k];
    nb_match alt;
    if (!walk(d, i, node, mask, p->cls, &alt))
        return found;
    if (!found || alt.end > m->end) {
        alt.pfx_len = p->len;
        alt.pfx_skip = p->skip;
        alt.pfx_cls = p->cls;
        *m = alt;
    }
    return 1;
}

int nb_lookup(const nb_doc *d, size_t i, uint32_t mask, nb_match *m)
{
    const rk_numbers_reader *r = d->r;
    const rk_text *t = d->t;
    nb_memo *memo = d->memo;
    int found = nb_lookup_plain(d, i, mask, m);
    if (!r->n_prefixes || t->tokens[i].kind != RK_TOK_WORD)
        return found;
    /* A clitic is stripped only when the rest of the word matches; the
     * plain reading wins a tie, a longer phrase wins otherwise. */
    if (memo && memo->pfx_tok == i && memo->n_pfx <= NB_PFX_KEEP) {
        for (uint32_t q = 0; q < memo->n_pfx; q++)
            found = try_prefix(d, i, memo->pfx[q], memo->pfx_node[q], mask, m, found);
        return found;
    }
    size_t n, lo, hi, known;
    uint32_t kept = 0;
    const char *s = nb_tok(t, i, &n);
    prefix_range(r, s, n, &lo, &hi, &known);
    for (size_t k = lo; k < hi; k++) {
        const nb_prefix *p = &r->prefixes[k];
        if (!starts_with(s, n, p, known))
            continue;
        uint32_t node = root_child(r, s + p->len, n - p->len);
        if (node == NB_NONE)
            continue;
        if (kept < NB_PFX_KEEP && memo) {
            memo->pfx[kept] = (uint32_t)k;
            memo->pfx_node[kept] = node;
        }
        kept++;
        found = try_prefix(d, i, (uint32_t)k, node, mask, m, found);
    }
    if (memo) {
        memo->pfx_tok = i;
        memo->n_pfx = kept;
    }
    return found;
}
