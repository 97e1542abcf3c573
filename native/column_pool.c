/*
 * Column memory for large table columns: anonymous mappings advised for transparent huge pages,
 * recycled through a per-thread pool (`hugeBuffer`, `columnPool`; src/data/native.ts,
 * `allocateFloat64`). No DuckDB and no Parquet here: any reader's large numeric columns use it.
 */
#define _GNU_SOURCE
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "addon.h"

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) return NULL;                                                            \
  } while (0)

#define HUGE_PAGE ((size_t)2 << 20)

/*
 * Filling fresh memory costs a page fault and the kernel zeroing each page (on a virtual machine
 * also the host backing it): a 10-column, 1M-row read spends longer on that than DuckDB spends
 * decoding. So a collected column's mapping is not unmapped at once but kept in a pool for the next
 * buffer of about its size, like the page reuse of jemalloc or mimalloc: bounded (`limit` bytes,
 * 0 turns it off) and decaying (a mapping idle for `age_ms` is unmapped at the next pool operation
 * or `columnPool` call).
 *
 * Each JS thread (the main thread, every worker) has its own pool, so it needs no lock: buffers
 * are created and finalized on their thread. V8 is told about pooled memory as external memory,
 * just as about the buffers themselves, so its GC heuristics see what the process holds: taking a
 * mapping from the pool for a new buffer moves bytes from one to the other without growing the
 * count, and only reads that map new memory push V8 towards a collection (which then returns dead
 * tables' columns to the pool).
 */
typedef struct {
  void *start;
  size_t length;
  uint64_t idle_since;
} Mapping;

#define POOL_SLOTS 256
typedef struct {
  Mapping slots[POOL_SLOTS];
  size_t count, bytes, limit;
  uint64_t age_ms, reused, fresh;
  /* The thread's environment holds one reference, every live buffer one; freed at zero. */
  size_t refs;
  bool closed;
} Pool;

/* One buffer's mapping and the pool it returns to. */
typedef struct {
  void *start;
  size_t length;
  Pool *pool;
} Lease;

static uint64_t now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static void tell_v8(napi_env env, int64_t change) {
  int64_t total;
  if (env != NULL && change != 0) napi_adjust_external_memory(env, change, &total);
}

/* Unmap pool slot i and tell V8 its bytes are gone. */
static void pool_drop(napi_env env, Pool *pool, size_t i) {
  Mapping m = pool->slots[i];
  pool->slots[i] = pool->slots[--pool->count];
  pool->bytes -= m.length;
  munmap(m.start, m.length);
  tell_v8(env, -(int64_t)m.length);
}

/*
 * Drop the mappings idle for `age_ms` or longer, then the oldest while the pool holds over `limit`
 * bytes or over `slots` mappings.
 */
static void pool_trim(napi_env env, Pool *pool, size_t limit, size_t slots) {
  uint64_t now = now_ms();
  for (size_t i = 0; i < pool->count;) {
    if (now - pool->slots[i].idle_since >= pool->age_ms)
      pool_drop(env, pool, i);
    else
      i++;
  }
  while (pool->count > 0 && (pool->bytes > limit || pool->count > slots)) {
    size_t oldest = 0;
    for (size_t i = 1; i < pool->count; i++)
      if (pool->slots[i].idle_since < pool->slots[oldest].idle_since) oldest = i;
    pool_drop(env, pool, oldest);
  }
}

/* A pooled mapping of at least `length` bytes and at most a quarter more (its size in *taken), or NULL. */
static void *pool_take(napi_env env, Pool *pool, size_t length, size_t *taken) {
  pool_trim(env, pool, pool->limit, POOL_SLOTS);
  size_t best = POOL_SLOTS;
  for (size_t i = 0; i < pool->count; i++) {
    size_t l = pool->slots[i].length;
    if (l >= length && l <= length + length / 4 && (best == POOL_SLOTS || l < pool->slots[best].length)) best = i;
  }
  if (best == POOL_SLOTS) {
    pool->fresh++;
    return NULL;
  }
  Mapping m = pool->slots[best];
  pool->slots[best] = pool->slots[--pool->count];
  pool->bytes -= m.length;
  pool->reused++;
  *taken = m.length;
  return m.start;
}

static void pool_release(Pool *pool) {
  if (--pool->refs == 0) free(pool);
}

/* A buffer was collected: keep its mapping when it fits under the limit (oldest make room), else unmap. */
static void free_lease(napi_env env, void *data, void *hint) {
  (void)data;
  Lease *lease = hint;
  Pool *pool = lease->pool;
  if (!pool->closed && lease->length <= pool->limit) {
    pool_trim(env, pool, pool->limit - lease->length, POOL_SLOTS - 1);
    pool->slots[pool->count++] = (Mapping){lease->start, lease->length, now_ms()};
    pool->bytes += lease->length;
    tell_v8(env, (int64_t)lease->length);
  } else {
    munmap(lease->start, lease->length);
  }
  free(lease);
  pool_release(pool);
}

/* The environment is going away: unmap the pool's mappings; live buffers still hold the pool. */
static void close_pool(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Pool *pool = data;
  for (size_t i = 0; i < pool->count; i++) munmap(pool->slots[i].start, pool->slots[i].length);
  pool->count = 0;
  pool->bytes = 0;
  pool->closed = true;
  pool_release(pool);
}

static Pool *thread_pool(napi_env env) {
  void *pool = NULL;
  napi_get_instance_data(env, &pool);
  return pool;
}

/* A new anonymous mapping of `length` bytes (a multiple of 2 MiB), 2 MiB aligned, advised for huge pages. */
static void *map_huge(size_t length) {
  /* Map one huge page more than needed, then trim both ends so the start is 2 MiB aligned. */
  uint8_t *raw = mmap(NULL, length + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return NULL;
  uint8_t *start = (uint8_t *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
  if (start > raw) munmap(raw, (size_t)(start - raw));
  size_t tail = (size_t)(raw + length + HUGE_PAGE - (start + length));
  if (tail > 0) munmap(start + length, tail);
#ifdef MADV_HUGEPAGE
  madvise(start, length, MADV_HUGEPAGE);
#endif
  return start;
}

/*
 * hugeBuffer(bytes, zeroed = true): an ArrayBuffer in its own anonymous mapping, aligned to 2 MiB
 * and advised for transparent huge pages, so filling it takes one page fault per 2 MiB instead of
 * per 4 KiB. A mapping from the thread's pool is reused when one fits (zeroed first unless `zeroed`
 * is false: callers that overwrite every byte skip that). The mapping goes back to the pool when
 * the buffer is collected.
 */
napi_value huge_buffer(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int64_t bytes;
  bool zeroed = true;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_value_int64(env, argv[0], &bytes) != napi_ok || bytes <= 0)
    return throw_error(env, "hugeBuffer expects a positive byte count");
  if (argc >= 2 && napi_get_value_bool(env, argv[1], &zeroed) != napi_ok)
    return throw_error(env, "hugeBuffer(bytes, zeroed): zeroed must be a boolean");
  Pool *pool = thread_pool(env);
  if (pool == NULL) return throw_error(env, "the column pool of this thread is gone");
  size_t length = ((size_t)bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
  size_t mapped = length;
  void *start = pool_take(env, pool, length, &mapped);
  bool pooled = start != NULL;
  if (!pooled) start = map_huge(length);
  Lease *lease = start == NULL ? NULL : malloc(sizeof(Lease));
  if (lease == NULL) {
    if (start != NULL) munmap(start, mapped);
    if (pooled) tell_v8(env, -(int64_t)mapped);
    return throw_error(env, "out of memory");
  }
  if (pooled && zeroed) memset(start, 0, (size_t)bytes);
  *lease = (Lease){start, mapped, pool};
  pool->refs++;
  napi_value result;
  if (napi_create_external_arraybuffer(env, start, (size_t)bytes, free_lease, lease, &result) != napi_ok) {
    /* Node has already called free_lease (its failure path hands the memory to the finalizer, as
       for a buffer larger than an ArrayBuffer may be): freeing it here too was a double free. */
    if (pooled) tell_v8(env, -(int64_t)mapped);
    return NULL;
  }
  /* V8 now counts the buffer's bytes; the pool no longer holds them. */
  if (pooled) tell_v8(env, -(int64_t)mapped);
  return result;
}

/*
 * columnPool(limit?, ageMs?): set this thread's pool byte limit and idle age when given (a smaller
 * limit or age applies at once), drop what is idle for longer, and return the pool's state:
 * { bytes, mappings, limit, ageMs, reused, fresh, v8External } (the last: the external memory V8's
 * collector heuristics count for this thread, buffers and pool included).
 */
napi_value column_pool(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result, value;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Pool *pool = thread_pool(env);
  if (pool == NULL) return throw_error(env, "the column pool of this thread is gone");
  int64_t limit = -1, age = -1;
  napi_valuetype kind;
  if (argc >= 1 && napi_typeof(env, argv[0], &kind) == napi_ok && kind != napi_undefined &&
      (napi_get_value_int64(env, argv[0], &limit) != napi_ok || limit < 0))
    return throw_error(env, "columnPool(limit, ageMs): limit must be a byte count >= 0");
  if (argc >= 2 && napi_typeof(env, argv[1], &kind) == napi_ok && kind != napi_undefined &&
      (napi_get_value_int64(env, argv[1], &age) != napi_ok || age < 0))
    return throw_error(env, "columnPool(limit, ageMs): ageMs must be >= 0");
  if (limit >= 0) pool->limit = (size_t)limit;
  if (age >= 0) pool->age_ms = (uint64_t)age;
  pool_trim(env, pool, pool->limit, POOL_SLOTS);
  int64_t external = 0;
  CHECK(napi_adjust_external_memory(env, 0, &external));
  double state[7] = {(double)pool->bytes, (double)pool->count, (double)pool->limit, (double)pool->age_ms,
                     (double)pool->reused, (double)pool->fresh, (double)external};
  static const char *names[7] = {"bytes", "mappings", "limit", "ageMs", "reused", "fresh", "v8External"};
  CHECK(napi_create_object(env, &result));
  for (int i = 0; i < 7; i++) {
    CHECK(napi_create_double(env, state[i], &value));
    CHECK(napi_set_named_property(env, result, names[i], value));
  }
  return result;
}


/* The thread's pool, kept as the environment's instance data (freed with it); false when out of memory. */
bool column_pool_init(napi_env env) {
  Pool *pool = calloc(1, sizeof(Pool));
  if (pool == NULL) return false;
  pool->limit = (size_t)1 << 30;
  pool->age_ms = 10000;
  pool->refs = 1;
  if (napi_set_instance_data(env, pool, close_pool, NULL) != napi_ok) {
    free(pool);
    return false;
  }
  return true;
}
