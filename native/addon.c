/*
 * flywheel_native: the optional native addon of Flywheel, registered here. It holds three
 * independent accelerators, each with a JS reference that gives the same results without it
 * (`FLYWHEEL_NATIVE=0` turns them all off):
 *
 * - the direct Parquet decoder (native/parquet/: `parquetRead`, `parquetFooter`, `readTail`,
 *   `parquetCodecs`), the one accelerator of reading beside DuckDB (src/data/parquet/README.md);
 * - `sortDoubles` (sort_doubles.c), the profile's radix sort on the thread pool;
 * - `hugeBuffer` and `columnPool` (column_pool.c), large columns in huge-page memory recycled
 *   through a pool.
 *
 * It links nothing but Node's N-API (and zlib, which Node exports): it never touches DuckDB or
 * its bindings. This file also holds the N-API helpers the others share (addon.h).
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdlib.h>

#include "addon.h"

napi_value throw_error(napi_env env, const char *message) {
  napi_throw_error(env, "FLYWHEEL_NATIVE", message);
  return NULL;
}

void reject_with(napi_env env, napi_deferred deferred, const char *message) {
  napi_value text, error;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, NULL, text, &error);
  napi_reject_deferred(env, deferred, error);
}

napi_value start_work(napi_env env, const char *name, napi_value keep, napi_async_execute_callback execute,
                      napi_async_complete_callback complete, void *data, Work *w, void (*discard)(void *)) {
  napi_value promise;
  w->ref = NULL;
  w->work = NULL;
  if (napi_create_promise(env, &w->deferred, &promise) != napi_ok) {
    discard(data);
    return throw_error(env, "the work could not be started");
  }
  napi_value title;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &title);
  if (napi_create_reference(env, keep, 1, &w->ref) == napi_ok &&
      napi_create_async_work(env, NULL, title, execute, complete, data, &w->work) == napi_ok &&
      napi_queue_async_work(env, w->work) == napi_ok)
    return promise;
  if (w->work != NULL) napi_delete_async_work(env, w->work);
  if (w->ref != NULL) napi_delete_reference(env, w->ref);
  reject_with(env, w->deferred, "the work could not be started");
  discard(data);
  return promise;
}

void end_work(napi_env env, Work *w) {
  napi_delete_async_work(env, w->work);
  napi_delete_reference(env, w->ref);
}

static napi_value module_init(napi_env env, napi_value exports) {
  if (!column_pool_init(env)) return throw_error(env, "out of memory");
  napi_property_descriptor properties[] = {
      {"parquetRead", NULL, parquet_read, NULL, NULL, NULL, napi_enumerable, NULL},
      {"parquetFooter", NULL, parquet_footer, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readTail", NULL, read_tail, NULL, NULL, NULL, napi_enumerable, NULL},
      {"parquetCodecs", NULL, parquet_codecs, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sortDoubles", NULL, sort_doubles, NULL, NULL, NULL, napi_enumerable, NULL},
      {"hugeBuffer", NULL, huge_buffer, NULL, NULL, NULL, napi_enumerable, NULL},
      {"columnPool", NULL, column_pool, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok)
    return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, module_init)
