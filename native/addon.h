/*
 * What the addon's files export to its registration (addon.c), and the N-API helpers addon.c
 * gives them. One file per concern: native/parquet/ (the direct Parquet decoder), sort_doubles.c,
 * column_pool.c.
 */
#ifndef FLYWHEEL_ADDON_H
#define FLYWHEEL_ADDON_H
#include <node_api.h>
#include <stdbool.h>

/* The direct Parquet decoder (native/parquet/read.c, footer.c). */
napi_value parquet_read(napi_env env, napi_callback_info info);
napi_value parquet_footer(napi_env env, napi_callback_info info);
napi_value read_tail(napi_env env, napi_callback_info info);
napi_value parquet_codecs(napi_env env, napi_callback_info info);

/* sortDoubles (sort_doubles.c). */
napi_value sort_doubles(napi_env env, napi_callback_info info);

/* hugeBuffer, columnPool (column_pool.c), and the per-thread pool they use, set up at load. */
napi_value huge_buffer(napi_env env, napi_callback_info info);
napi_value column_pool(napi_env env, napi_callback_info info);
bool column_pool_init(napi_env env);

/* Throws a JS error with `message` (code FLYWHEEL_NATIVE); returns NULL for the caller to return. */
napi_value throw_error(napi_env env, const char *message);

/* Rejects `deferred` with an Error whose message is `message`. */
void reject_with(napi_env env, napi_deferred deferred, const char *message);

/* A promise settled by libuv work, and a reference keeping a JS value alive while the work runs. */
typedef struct {
  napi_deferred deferred;
  napi_ref ref;
  napi_async_work work;
} Work;

/*
 * Queues `execute` on a libuv thread, with `complete` to settle the returned promise (and call
 * end_work), and a reference keeping `keep` alive meanwhile. Should anything fail, `data` is
 * given to `discard` (`free`, or the caller's own) and the promise is rejected (or, with no
 * promise, a JS error is thrown).
 */
napi_value start_work(napi_env env, const char *name, napi_value keep, napi_async_execute_callback execute,
                      napi_async_complete_callback complete, void *data, Work *w, void (*discard)(void *));

/* Deletes the work and the reference (in `complete`, after settling the promise). */
void end_work(napi_env env, Work *w);

#endif
