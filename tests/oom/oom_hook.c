/* oom_hook.c - the allocation functions the sweep wraps (see oom_hook.h).
 * A program that is not a test harness starts armed from RK_OOM_FAIL_AT
 * (and RK_OOM_STICKY), so that the reckon command itself can be swept. */
#include "oom_hook.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t max);

static long count, fail_at;
static int sticky, fired, paused;

void oom_arm(long n, int s)
{
    __atomic_store_n(&count, 0, __ATOMIC_SEQ_CST);
    fail_at = n;
    sticky = s;
}

void oom_pause(int on)
{
    paused = on;
}

void oom_reset(void)
{
    fired = 0;
}

long oom_disarm(void)
{
    fail_at = 0;
    return __atomic_load_n(&count, __ATOMIC_SEQ_CST);
}

int oom_fired(void)
{
    return fired;
}

/* Whether this allocation fails. Counting goes on while armed only. */
static int fail_now(void)
{
    if (!fail_at || paused)
        return 0;
    long k = __atomic_add_fetch(&count, 1, __ATOMIC_SEQ_CST);
    if (k == fail_at || (sticky && k > fail_at)) {
        fired = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = __wrap_malloc(n);
    return p ? memcpy(p, s, n) : NULL;
}

char *__wrap_strndup(const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    char *p = __wrap_malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* At the exit of a program armed from the environment: how many
 * allocations it made and whether the failure happened, on stderr. */
static void report_at_exit(void)
{
    fprintf(stderr, "oom-hook: %ld allocations, %s\n", __atomic_load_n(&count, __ATOMIC_SEQ_CST),
            fired ? "the failure happened" : "no failure");
}

/* The reckon command built with this file: armed from the environment
 * before main() runs (RK_OOM_FAIL_AT=N; 0 counts only). */
__attribute__((constructor)) static void arm_from_env(void)
{
    const char *at = getenv("RK_OOM_FAIL_AT");
    if (!at || !*at)
        return;
    long n = strtol(at, NULL, 10);
    oom_arm(n > 0 ? n : LONG_MAX, getenv("RK_OOM_STICKY") != NULL);
    atexit(report_at_exit);
}
