/* oom_hook.h - fails the Nth allocation, the way SQLite's test harness
 * does. The program is linked with -Wl,--wrap for malloc, calloc, realloc,
 * strdup and strndup, so every call librk makes (and, through
 * rk_alloc_install(), every call libxml2, ICU and cJSON make) passes here
 * first; under AddressSanitizer the real functions are ASan's. */
#ifndef RK_OOM_HOOK_H
#define RK_OOM_HOOK_H

/* Counts allocations from now on and fails the nth one (n >= 1; n 0 fails
 * none); with sticky, every one after it fails too. */
void oom_arm(long n, int sticky);
/* Stops counting; returns the number of allocations counted. */
long oom_disarm(void);
/* Stops (1) or resumes (0) counting, for the harness's own allocations
 * while armed (keeping a diagnostic). */
void oom_pause(int on);
/* Whether a failure was injected since the last oom_reset(). */
int oom_fired(void);
void oom_reset(void);

#endif
