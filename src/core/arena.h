/* arena.h - a bump allocator for many small objects freed together. */
#ifndef RK_ARENA_H
#define RK_ARENA_H

#include <stddef.h>
#include "visibility.h"

typedef struct rk_arena rk_arena;

/* A new arena. The caller frees it with rk_arena_free(). NULL on OOM. */
RK_API rk_arena *rk_arena_new(void);
/* n bytes aligned for any type; NULL on OOM. borrowed: valid as long as the
 * arena is. */
RK_API void *rk_arena_alloc(rk_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). borrowed likewise. */
RK_API char *rk_arena_strndup(rk_arena *a, const char *s, size_t n);
RK_API char *rk_arena_strdup(rk_arena *a, const char *s);
/* NULL is a no-op. */
RK_API void rk_arena_free(rk_arena *a);

#endif
