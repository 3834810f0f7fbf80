/* alloc.h - the one place where reckon meets the allocators of the
 * libraries it uses (libxml2, ICU, cJSON).
 *
 * librk allocates with the C library's malloc family. libxml2, ICU and
 * cJSON have allocators of their own, and each can be pointed at other
 * functions, but only for the whole process: so the library never does it
 * by itself. A program that wants it (the reckon command, the tests, the
 * allocation-failure sweep) calls rk_alloc_install() once, first thing in
 * main(); a host program that embeds librk need not, and may keep its own
 * hooks in those libraries. What installing buys: allocation failures
 * inside those libraries are seen (rk_alloc_failures(), rk_alloc_watch()),
 * so that a parse libxml2 cut short for lack of memory is reported as out
 * of memory instead of read as a shorter document; a failed allocation of
 * theirs is tried again once from a reserve of 1 MiB held back for it
 * (libxml2 2.9 crashes on some failures), and counted all the same; and the
 * sweep (tests/oom) can fail their allocations too, since the hooks call
 * the malloc family it wraps. */
#ifndef RK_ALLOC_H
#define RK_ALLOC_H

#include <stddef.h>
#include "error.h"

/* Points the allocators of libxml2 (xmlGcMemSetup), ICU
 * (u_setMemoryFunctions) and cJSON (cJSON_InitHooks) at reckon's
 * functions, which call malloc, realloc and free, count failures and keep
 * the reserve (see above), and
 * silences libxml2's generic error printer (it writes some errors, out of
 * memory among them, to stderr; reckon reports its own).
 * Process-wide; call it once, before any thread starts and before anything
 * uses ICU or libxml2: ICU refuses once it is in use, which gives
 * RK_ERR_INTERNAL (the other two are then installed all the same). */
RK_API rk_status rk_alloc_install(rk_error *err);

/* ICU's library and data versions, "72.1 2022e", into out[0..cap): 0, or
 * -1 when ICU cannot tell or they do not fit. What a table the build derived
 * from ICU (the text stage's per-code-point answers, the nationality
 * vocabulary) is taken under: only an ICU that gives the same string. */
int rk_icu_versions(char *out, size_t cap);

/* How many allocations through the installed functions failed on the
 * calling thread so far. A reader compares the count before and after a
 * call into libxml2. Always 0 when rk_alloc_install() was not called. */
RK_API unsigned long rk_alloc_failures(void);

/* Calls fn(arg) on the calling thread each time an allocation through the
 * installed functions fails there, until rk_alloc_watch(NULL, NULL): a
 * reader stops a libxml2 parse at once (xmlStopParser) rather than let it
 * go on with a tree it could not build. fn must not allocate. */
RK_API void rk_alloc_watch(void (*fn)(void *arg), void *arg);

#endif
