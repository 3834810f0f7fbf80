/* arena.c - bump allocation in chained blocks. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

typedef struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[];
} block;

struct rk_arena {
    block *head;
};

rk_arena *rk_arena_new(void)
{
    return calloc(1, sizeof(rk_arena));
}

void *rk_arena_alloc(rk_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 60000 ? n : 64000;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

char *rk_arena_strndup(rk_arena *a, const char *s, size_t n)
{
    char *p = rk_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *rk_arena_strdup(rk_arena *a, const char *s)
{
    return s ? rk_arena_strndup(a, s, strlen(s)) : NULL;
}

void rk_arena_free(rk_arena *a)
{
    if (!a)
        return;
    block *b = a->head;
    while (b) {
        block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}
