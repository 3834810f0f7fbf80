/* scratch.c - see scratch.h. */
#include "scratch.h"

#include <pthread.h>
#include <stdlib.h>
#if RK_SCRATCH_KEEPS
#include <malloc.h> /* malloc_usable_size */
#endif

typedef struct kept {
    void *p[RK_SCRATCH_SLOTS];
    size_t size[RK_SCRATCH_SLOTS]; /* 0: an empty slot */
} kept;

static pthread_key_t kept_key;
static int kept_key_ok;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

static void kept_free(void *arg)
{
    kept *k = arg;
    for (size_t i = 0; i < RK_SCRATCH_SLOTS; i++)
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

void *rk_scratch_take(size_t n)
{
    kept *k = thread_kept(0);
    if (k) {
        size_t best = RK_SCRATCH_SLOTS, limit = n * 4 + 4096;
        for (size_t i = 0; i < RK_SCRATCH_SLOTS; i++)
            if (k->size[i] >= n && k->size[i] <= limit &&
                (best == RK_SCRATCH_SLOTS || k->size[i] < k->size[best]))
                best = i;
        if (best < RK_SCRATCH_SLOTS) {
            k->size[best] = 0;
            return k->p[best];
        }
    }
    return malloc(n ? n : 1);
}

void rk_scratch_give(void *p)
{
    if (!p)
        return;
#if RK_SCRATCH_KEEPS
    size_t size = malloc_usable_size(p);
    kept *k = size <= RK_SCRATCH_MAX ? thread_kept(1) : NULL;
    if (k) {
        /* an empty slot, else the smallest block if p is larger */
        size_t at = 0;
        for (size_t i = 0; i < RK_SCRATCH_SLOTS; i++) {
            if (!k->size[i]) {
                at = i;
                break;
            }
            if (k->size[i] < k->size[at])
                at = i;
        }
        if (k->size[at] < size) {
            if (k->size[at])
                free(k->p[at]);
            k->p[at] = p;
            k->size[at] = size;
            return;
        }
    }
#endif
    free(p);
}

void rk_scratch_drop(void)
{
    kept *k = thread_kept(0);
    if (!k)
        return;
    for (size_t i = 0; i < RK_SCRATCH_SLOTS; i++)
        if (k->size[i]) {
            free(k->p[i]);
            k->size[i] = 0;
        }
}
