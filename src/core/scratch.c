/* scratch.c - see scratch.h. */
#include "scratch.h"

#include <pthread.h>
#include <stdlib.h>
#if RK_SCRATCH_KEEPS
#include <malloc.h> /* malloc_usable_size */
#endif

typedef struct kept {
    void *p[RK_SCRATCH_KINDS];
    size_t size[RK_SCRATCH_KINDS]; /* 0: none kept */
} kept;

static pthread_key_t kept_key;
static int kept_key_ok;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

static void kept_free(void *arg)
{
    kept *k = arg;
    for (size_t i = 0; i < RK_SCRATCH_KINDS; i++)
        if (k->size[i])
            free(k->p[i]);
    free(k);
}

static void kept_key_make(void)
{
    kept_key_ok = pthread_key_create(&kept_key, kept_free) == 0;
}

/* The calling thread's blocks; made on first use when make is set. */
static kept *thread_kept(int make)
{
    pthread_once(&kept_once, kept_key_make);
    if (!kept_key_ok)
        return NULL;
    kept *k = pthread_getspecific(kept_key);
    if (k || !make)
        return k;
    if (!(k = calloc(1, sizeof *k)))
        return NULL;
    if (pthread_setspecific(kept_key, k)) {
        free(k);
        return NULL;
    }
    return k;
}

void *rk_scratch_take(rk_scratch_kind kind, size_t n)
{
    kept *k = (unsigned)kind < RK_SCRATCH_KINDS ? thread_kept(0) : NULL;
    if (k && k->size[kind] && k->size[kind] >= n) {
        k->size[kind] = 0;
        return k->p[kind];
    }
    return malloc(n ? n : 1);
}

void *rk_scratch_take_items(rk_scratch_kind kind, size_t want, size_t size, size_t *cap)
{
    size_t most = size && size <= RK_SCRATCH_MAX ? RK_SCRATCH_MAX / size : 1;
    size_t n = want < 1 ? 1 : want < most ? want : most;
    void *p = rk_scratch_take(kind, n * (size ? size : 1));
    *cap = p ? n : 0;
    return p;
}

void rk_scratch_give(rk_scratch_kind kind, void *p)
{
    if (!p)
        return;
#if RK_SCRATCH_KEEPS
    size_t size = malloc_usable_size(p);
    kept *k = (unsigned)kind < RK_SCRATCH_KINDS && size <= RK_SCRATCH_MAX ? thread_kept(1)
                                                                          : NULL;
    if (k && k->size[kind] < size) { /* the larger of the two */
        if (k->size[kind])
            free(k->p[kind]);
        k->p[kind] = p;
        k->size[kind] = size;
        return;
    }
#else
    (void)kind;
#endif
    free(p);
}

void rk_scratch_drop(void)
{
    kept *k = thread_kept(0);
    if (!k)
        return;
    for (size_t i = 0; i < RK_SCRATCH_KINDS; i++)
        if (k->size[i]) {
            free(k->p[i]);
            k->size[i] = 0;
        }
}
