/* strtab.c - interning of byte strings for the reconcile stage: each
 * distinct string gets a small number once, so that a million claims are
 * compared by number, not by their words again and again. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "../core/hash.h"

void rk_strtab_free(rk_strtab *t)
{
    for (size_t i = 0; i < t->cap; i++)
        free(t->slots[i].key);
    free(t->slots);
    *t = (rk_strtab){0};
}

static int grow(rk_strtab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    rk_strslot *s = calloc(cap, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].key)
            continue;
        size_t h = (size_t)t->slots[i].hash & (cap - 1);
        while (s[h].key)
            h = (h + 1) & (cap - 1);
        s[h] = t->slots[i];
    }
    free(t->slots);
    t->slots = s;
    t->cap = cap;
    return 0;
}

uint64_t *rk_strtab_at(rk_strtab *t, const char *key, size_t len, int *added)
{
    *added = 0;
    if ((t->n + 1) * 2 > t->cap && grow(t) < 0)
        return NULL;
    uint64_t hash = rk_edge_hash(0, key, len);
    size_t h = (size_t)hash & (t->cap - 1);
    for (; t->slots[h].key; h = (h + 1) & (t->cap - 1)) {
        const rk_strslot *s = &t->slots[h];
        if (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0)
            return &t->slots[h].val;
    }
    /* one byte more, so that an empty key is not a free slot */
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, key, len);
    copy[len] = '\0';
    t->slots[h] = (rk_strslot){copy, hash, len, 0};
    t->n++;
    *added = 1;
    return &t->slots[h].val;
}
