/* alloc.c - reckon's allocation functions for libxml2, ICU and cJSON, and
 * the per-thread count of their failures (see alloc.h). */
#include "alloc.h"

#include <cjson/cJSON.h>
#include <libxml/xmlmemory.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uclean.h>

static _Thread_local unsigned long failures;
static _Thread_local void (*watch_fn)(void *);
static _Thread_local void *watch_arg;

static void failed(void)
{
    failures++;
    if (watch_fn)
        watch_fn(watch_arg);
}

static void *hook_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        failed();
    return p;
}

static void *hook_realloc(void *old, size_t n)
{
    void *p = realloc(old, n ? n : 1);
    if (!p)
        failed();
    return p;
}

static char *hook_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = hook_malloc(n);
    return p ? memcpy(p, s, n) : NULL;
}

static void *U_CALLCONV icu_alloc(const void *ctx, size_t n)
{
    (void)ctx;
    return hook_malloc(n);
}

static void *U_CALLCONV icu_realloc(const void *ctx, void *p, size_t n)
{
    (void)ctx;
    return hook_realloc(p, n);
}

static void U_CALLCONV icu_free(const void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

rk_status rk_alloc_install(rk_error *err)
{
    /* xmlGcMemSetup sets the "atomic" allocator too, which xmlMemSetup
     * leaves to the C library. */
    xmlGcMemSetup(free, hook_malloc, hook_malloc, hook_realloc, hook_strdup);
    cJSON_Hooks hooks = {hook_malloc, free};
    cJSON_InitHooks(&hooks);
    UErrorCode ec = U_ZERO_ERROR;
    u_setMemoryFunctions(NULL, icu_alloc, icu_realloc, icu_free, &ec);
    if (U_FAILURE(ec))
        return rk_error_set(err, RK_ERR_INTERNAL, NULL, 0, 0,
                            "cannot set ICU's allocator (ICU was already in use): %s",
                            u_errorName(ec));
    return RK_OK;
}

unsigned long rk_alloc_failures(void)
{
    return failures;
}

void rk_alloc_watch(void (*fn)(void *arg), void *arg)
{
    watch_fn = fn;
    watch_arg = arg;
}
