/* queue.h - an ordered work queue: items worked on by a thread pool, handed
 * back one by one in index order on the calling thread. */
#ifndef RK_PIPELINE_QUEUE_H
#define RK_PIPELINE_QUEUE_H

#include <stddef.h>
#include "../core/error.h"

/* Works on item i on any thread. Anything but RK_OK is fatal: it stops the run. */
typedef rk_status (*rkp_work_fn)(void *ctx, size_t i, rk_error *err);
/* Takes item i on the calling thread, after every item before it. */
typedef rk_status (*rkp_emit_fn)(void *ctx, size_t i, rk_error *err);

/* Runs work then emit on items 0..n-1 with `jobs` threads, letting workers
 * run at most `window` items ahead of emit (0: no bound). When it returns
 * every thread is joined; on a fatal error some items may have been worked
 * on and not emitted, and the caller frees what they hold. */
rk_status rkp_run(size_t n, unsigned jobs, size_t window, rkp_work_fn work, rkp_emit_fn emit,
                  void *ctx, rk_error *err);

#endif
