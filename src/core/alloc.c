/* alloc.c - reckon's allocation functions for libxml2, ICU and cJSON, and
 * the per-thread count of their failures (see alloc.h). */
#include "alloc.h"

#include <cjson/cJSON.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unicode/icudataver.h>
#include <unicode/uclean.h>
#include <unicode/uversion.h>

static _Thread_local unsigned long failures;
static _Thread_local void (*watch_fn)(void *);
static _Thread_local void *watch_arg;

/* Memory held back for the libraries' sake. libxml2 2.9 crashes on some
 * allocation failures (its RELAX NG parser, found by tests/oom), and a
 * library cannot be fixed from outside; so when one of its allocations
 * fails, the reserve is given back and the allocation tried again. The
 * library then goes on, the failure is counted all the same, and the
 * reader that called it reports out of memory when it returns. The
 * reserve is taken again at the next allocation that succeeds. */
#define RESERVE_BYTES ((size_t)1 << 20)
static void *reserve;

static void failed(void)
{
    failures++;
    if (watch_fn)
        watch_fn(watch_arg);
}

/* Gives the reserve back; 1 when there was one to give. */
static int release_reserve(void)
{
    void *r = __atomic_exchange_n(&reserve, NULL, __ATOMIC_SEQ_CST);
    free(r);
    return r != NULL;
}

static void refill_reserve(void)
{
    if (__atomic_load_n(&reserve, __ATOMIC_RELAXED))
        return;
    void *r = malloc(RESERVE_BYTES), *none = NULL;
    if (r && !__atomic_compare_exchange_n(&reserve, &none, r, 0, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST))
        free(r);
}

static void *hook_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        failed();
        if (release_reserve())
            p = malloc(n ? n : 1);
    } else {
        refill_reserve();
    }
    return p;
}

static void *hook_realloc(void *old, size_t n)
{
    void *p = realloc(old, n ? n : 1);
    if (!p) {
        failed();
        if (release_reserve())
            p = realloc(old, n ? n : 1);
    } else {
        refill_reserve();
    }
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

/* libxml2 prints some errors (out-of-memory ones among them) through its
 * generic error function, stderr by default; reckon reports its own. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

rk_status rk_alloc_install(rk_error *err)
{
    refill_reserve();
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlThrDefSetGenericErrorFunc(NULL, quiet);
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

int rk_icu_versions(char *out, size_t cap)
{
    UVersionInfo v, d;
    char a[U_MAX_VERSION_STRING_LENGTH], b[U_MAX_VERSION_STRING_LENGTH];
    UErrorCode st = U_ZERO_ERROR;
    u_getVersion(v);
    u_getDataVersion(d, &st);
    if (U_FAILURE(st))
        return -1;
    u_versionToString(v, a);
    u_versionToString(d, b);
    int n = snprintf(out, cap, "%s %s", a, b);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}
