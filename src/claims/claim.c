/* claim.c - freeing claims and claim sets. */
#include "claim.h"

#include <stdint.h>
#include <stdlib.h>

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
    free(c->strings);
    c->id = c->text = c->speaker = c->via = c->as_of = c->as_of_from = c->strings = NULL;
    c->status_by = NULL;
    c->strings_len = 0;
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
