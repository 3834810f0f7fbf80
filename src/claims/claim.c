/* claim.c - freeing claims and claim sets. */
#include "claim.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* A block of claims' string parts. A claim finds the block it lets go of
 * from its part's place in it (strings_at), without reading the part; the
 * count is atomic because a pipeline may clear one document's claims on a
 * thread other than the one that packed them. */
struct rk_claim_block {
    atomic_size_t refs; /* the claims with a part in it, and the pool packing into it */
    char parts[];
};

/* Bytes of a document's first block, and the most a later one doubles to
 * (a larger part gets a block of its own): a news article's claims take
 * some 100 bytes each, ten or so of them. */
#define POOL_FIRST 512
#define POOL_MAX ((size_t)64 << 10)

static void block_drop(struct rk_claim_block *b)
{
    if (atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
        free(b);
}

int rk_claim_pool_take(rk_claim_pool *p, rk_claim *c, size_t len)
{
    if (len > SIZE_MAX / 4)
        return -1;
    if (!p->cur || p->cap - p->used < len) {
        size_t cap = !p->cur ? POOL_FIRST : p->cap < POOL_MAX / 2 ? p->cap * 2 : POOL_MAX;
        if (cap < len)
            cap = len;
        struct rk_claim_block *b = malloc(sizeof *b + cap);
        if (!b)
            return -1;
        atomic_init(&b->refs, 1);
        if (p->cur)
            block_drop(p->cur);
        p->cur = b;
        p->used = 0;
        p->cap = cap;
    }
    atomic_fetch_add_explicit(&p->cur->refs, 1, memory_order_relaxed);
    c->strings = p->cur->parts + p->used;
    c->strings_at = (uint32_t)p->used; /* below POOL_MAX: a larger part starts its block */
    c->strings_len = len;
    p->used += len;
    return 0;
}

void rk_claim_pool_done(rk_claim_pool *p)
{
    if (p->cur)
        block_drop(p->cur);
    p->cur = NULL;
    p->used = p->cap = 0;
}

/* Whether p points into the claim's string block. */
static int in_block(const rk_claim *c, const char *p)
{
    uintptr_t b = (uintptr_t)c->strings, q = (uintptr_t)p;
    return c->strings && q >= b && q - b < c->strings_len;
}

/* Frees an owned string unless it lies in the block, which goes last. */
static void drop(const rk_claim *c, char *p)
{
    if (p && !in_block(c, p))
        free(p);
}

void rk_claim_clear(rk_claim *c)
{
    if (!c)
        return;
    drop(c, c->id);
    drop(c, c->text);
    drop(c, c->speaker);
    drop(c, c->via);
    drop(c, c->as_of);
    drop(c, c->as_of_from);
    drop(c, c->status_by);
    if (c->strings) /* the claim's part: the block goes with its last one */
        block_drop((struct rk_claim_block *)(void *)(c->strings - c->strings_at -
                                                     offsetof(struct rk_claim_block, parts)));
    c->id = c->text = c->speaker = c->via = c->as_of = c->as_of_from = c->strings = NULL;
    c->status_by = NULL;
    c->strings_len = 0;
    c->strings_at = 0;
}

const char *rk_claim_status_name(rk_claim_status s)
{
    return s == RK_STATUS_RETRACTED ? "retracted" : s == RK_STATUS_DISPUTED ? "disputed" : NULL;
}

void rk_claimset_empty(rk_claimset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        rk_claim_clear(&s->claims[i]);
    s->n = 0;
    for (size_t d = 0; d < s->docs.n; d++)
        rk_document_free(s->docs.docs[d]);
    s->docs.n = 0;
}

void rk_claimset_clear(rk_claimset *s)
{
    if (!s)
        return;
    rk_claimset_empty(s);
    free(s->claims);
    s->claims = NULL;
    s->n = s->cap = 0;
    rk_doclist_free(&s->docs);
}
