/*
 * flywheel_native: copies DuckDB vectors into JS typed arrays without a JS object per vector.
 *
 * `@duckdb/node-bindings` hands a vector's memory to JS by wrapping it in a new external
 * ArrayBuffer (about 5 µs per call, plus the garbage collection those buffers cause); a table
 * load makes one such call per 2,048-row vector per column. The functions here take the chunk
 * handle the bindings already pass around (an N-API external holding a `duckdb_data_chunk`) and
 * copy a range of one vector straight into the caller's typed array, nulls included, in one call.
 *
 * The sink goes one step further: `registerSink` adds a DuckDB scalar function, written in C,
 * that DuckDB's own threads call with each scanned chunk (and its `file_row_number`); it copies
 * the chunk straight into the typed arrays JS preallocated for that range of rows (`sinkCreate`),
 * so a table load copies in parallel inside DuckDB's pipeline and never waits for the JS thread.
 *
 * DuckDB's C API is not linked: `init` finds the `libduckdb.so` that the bindings already loaded
 * (RTLD_NOLOAD, so there is never a second copy of the library) and looks up the functions it
 * needs. JS falls back to the bindings when this addon is not built.
 */
#define NAPI_VERSION 8
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "parquet_read.h"
#include "strings.h"

typedef uint64_t idx_t;
typedef void *duckdb_data_chunk;
typedef void *duckdb_vector;
typedef void *duckdb_logical_type;
typedef void *duckdb_scalar_function;
typedef void *duckdb_function_info;
typedef void *duckdb_connection;
typedef void (*duckdb_scalar_function_t)(duckdb_function_info, duckdb_data_chunk, duckdb_vector);

enum { TYPE_BOOLEAN = 1, TYPE_INTEGER = 4, TYPE_BIGINT = 5, TYPE_UTINYINT = 6, TYPE_DOUBLE = 11, TYPE_VARCHAR = 17, TYPE_ANY = 34 };

static duckdb_vector (*chunk_get_vector)(duckdb_data_chunk, idx_t);
static idx_t (*chunk_get_size)(duckdb_data_chunk);
static void *(*vector_get_data)(duckdb_vector);
static uint64_t *(*vector_get_validity)(duckdb_vector);
static idx_t (*chunk_get_column_count)(duckdb_data_chunk);
static duckdb_logical_type (*vector_get_column_type)(duckdb_vector);
static int (*get_type_id)(duckdb_logical_type);
static duckdb_logical_type (*create_logical_type)(int);
static void (*destroy_logical_type)(duckdb_logical_type *);
static duckdb_scalar_function (*create_scalar_function)(void);
static void (*destroy_scalar_function)(duckdb_scalar_function *);
static void (*scalar_function_set_name)(duckdb_scalar_function, const char *);
static void (*scalar_function_set_varargs)(duckdb_scalar_function, duckdb_logical_type);
static void (*scalar_function_set_return_type)(duckdb_scalar_function, duckdb_logical_type);
static void (*scalar_function_set_volatile)(duckdb_scalar_function);
static void (*scalar_function_set_function)(duckdb_scalar_function, duckdb_scalar_function_t);
static void (*scalar_function_set_error)(duckdb_function_info, const char *);
static int (*register_scalar_function)(duckdb_connection, duckdb_scalar_function);
static void (*connection_get_client_context)(duckdb_connection, void **);
static idx_t (*client_context_get_connection_id)(void *);
static void (*destroy_client_context)(void **);
/* True once init found every function above. */
static bool ready;

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) return NULL;                                                            \
  } while (0)

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

static napi_value make_bool(napi_env env, int value) {
  napi_value result;
  CHECK(napi_get_boolean(env, value, &result));
  return result;
}

/* init(path of libduckdb): true when every function was found in the already loaded library. */
static napi_value init(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char path[4096];
  size_t length;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &length) != napi_ok)
    return throw_error(env, "init expects the path of libduckdb");
  void *library = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
  if (library == NULL) return make_bool(env, 0);
  chunk_get_vector = (duckdb_vector(*)(duckdb_data_chunk, idx_t))dlsym(library, "duckdb_data_chunk_get_vector");
  chunk_get_size = (idx_t(*)(duckdb_data_chunk))dlsym(library, "duckdb_data_chunk_get_size");
  chunk_get_column_count = (idx_t(*)(duckdb_data_chunk))dlsym(library, "duckdb_data_chunk_get_column_count");
  vector_get_data = (void *(*)(duckdb_vector))dlsym(library, "duckdb_vector_get_data");
  vector_get_validity = (uint64_t * (*)(duckdb_vector)) dlsym(library, "duckdb_vector_get_validity");
  vector_get_column_type = (duckdb_logical_type(*)(duckdb_vector))dlsym(library, "duckdb_vector_get_column_type");
  get_type_id = (int (*)(duckdb_logical_type))dlsym(library, "duckdb_get_type_id");
  create_logical_type = (duckdb_logical_type(*)(int))dlsym(library, "duckdb_create_logical_type");
  destroy_logical_type = (void (*)(duckdb_logical_type *))dlsym(library, "duckdb_destroy_logical_type");
  create_scalar_function = (duckdb_scalar_function(*)(void))dlsym(library, "duckdb_create_scalar_function");
  destroy_scalar_function = (void (*)(duckdb_scalar_function *))dlsym(library, "duckdb_destroy_scalar_function");
  scalar_function_set_name =
      (void (*)(duckdb_scalar_function, const char *))dlsym(library, "duckdb_scalar_function_set_name");
  scalar_function_set_varargs =
      (void (*)(duckdb_scalar_function, duckdb_logical_type))dlsym(library, "duckdb_scalar_function_set_varargs");
  scalar_function_set_return_type =
      (void (*)(duckdb_scalar_function, duckdb_logical_type))dlsym(library, "duckdb_scalar_function_set_return_type");
  scalar_function_set_volatile = (void (*)(duckdb_scalar_function))dlsym(library, "duckdb_scalar_function_set_volatile");
  scalar_function_set_function = (void (*)(duckdb_scalar_function, duckdb_scalar_function_t))dlsym(
      library, "duckdb_scalar_function_set_function");
  scalar_function_set_error =
      (void (*)(duckdb_function_info, const char *))dlsym(library, "duckdb_scalar_function_set_error");
  register_scalar_function =
      (int (*)(duckdb_connection, duckdb_scalar_function))dlsym(library, "duckdb_register_scalar_function");
  connection_get_client_context =
      (void (*)(duckdb_connection, void **))dlsym(library, "duckdb_connection_get_client_context");
  client_context_get_connection_id = (idx_t(*)(void *))dlsym(library, "duckdb_client_context_get_connection_id");
  destroy_client_context = (void (*)(void **))dlsym(library, "duckdb_destroy_client_context");
  int ok = connection_get_client_context && client_context_get_connection_id && destroy_client_context &&
           chunk_get_vector && chunk_get_size && chunk_get_column_count && vector_get_data && vector_get_validity &&
           vector_get_column_type && get_type_id && create_logical_type && destroy_logical_type &&
           create_scalar_function && destroy_scalar_function && scalar_function_set_name &&
           scalar_function_set_varargs && scalar_function_set_return_type && scalar_function_set_volatile &&
           scalar_function_set_function && scalar_function_set_error && register_scalar_function;
  ready = ok;
  return make_bool(env, ok);
}

/* The vector `column` of the chunk external in `value`, or NULL with a JS error thrown. */
static duckdb_vector get_vector(napi_env env, napi_value chunk_value, napi_value column_value, idx_t *size) {
  void *chunk;
  uint32_t column;
  if (!ready) {
    throw_error(env, "flywheel_native.init has not found libduckdb");
    return NULL;
  }
  if (napi_get_value_external(env, chunk_value, &chunk) != napi_ok || chunk == NULL) {
    throw_error(env, "expected a DuckDB data chunk");
    return NULL;
  }
  if (napi_get_value_uint32(env, column_value, &column) != napi_ok ||
      column >= chunk_get_column_count(chunk)) {
    throw_error(env, "column index out of range");
    return NULL;
  }
  *size = chunk_get_size(chunk);
  return chunk_get_vector(chunk, column);
}

/* True when `row` of a DuckDB vector is not null (no validity mask: every row is valid). */
static inline bool row_valid(const uint64_t *validity, idx_t row) {
  return validity == NULL || ((validity[row >> 6] >> (row & 63)) & 1);
}

/*
 * Copy rows from…from+count-1 of a vector's data (`width` bytes each) to target[at…]; a null row
 * (per `validity`, which may be NULL: all valid) becomes NaN (8-byte values) or 0 (1-byte values)
 * and sets nulls[at + i] = 1 when `nulls` is not NULL. Returns the number of null rows.
 */
static uint32_t copy_rows(uint8_t *target, size_t width, idx_t at, const uint8_t *data, idx_t from, idx_t count,
                          const uint64_t *validity, uint8_t *nulls) {
  memcpy(target + at * width, data + from * width, count * width);
  uint32_t null_count = 0;
  if (validity == NULL) return 0;
  for (idx_t i = 0; i < count; i++) {
    idx_t row = from + i;
    if (row_valid(validity, row)) continue;
    null_count++;
    if (width == 8)
      ((double *)target)[at + i] = NAN;
    else
      target[at + i] = 0;
    if (nulls != NULL) nulls[at + i] = 1;
  }
  return null_count;
}

/* True when a row of from…from+count-1 is null. */
static bool has_null(const uint64_t *validity, idx_t from, idx_t count) {
  if (validity == NULL) return false;
  for (idx_t row = from; row < from + count; row++)
    if (!row_valid(validity, row)) return true;
  return false;
}

/*
 * Reads the `at`, `from` and `count` arguments of a copy from rows from…from+count-1 of a chunk
 * of `size` rows into target[at…] of `length` values; false with a JS error thrown when they do
 * not fit.
 */
static bool get_rows(napi_env env, napi_value *argv, idx_t size, size_t length, uint32_t *at, uint32_t *from,
                     uint32_t *count) {
  if (napi_get_value_uint32(env, argv[0], at) != napi_ok || napi_get_value_uint32(env, argv[1], from) != napi_ok ||
      napi_get_value_uint32(env, argv[2], count) != napi_ok) {
    throw_error(env, "at, from and count must be non-negative integers");
    return false;
  }
  if ((idx_t)*from + *count > size) {
    throw_error(env, "rows beyond the end of the chunk");
    return false;
  }
  if ((size_t)*at + *count > length) {
    throw_error(env, "rows beyond the end of the target");
    return false;
  }
  return true;
}

/*
 * copyVector(chunk, column, target, at, from, count, nulls): copy rows from…from+count-1 of the
 * vector (DOUBLE into a Float64Array, UTINYINT/BOOLEAN into a Uint8Array) to target[at…]. A null
 * row becomes NaN (or 0) and sets nulls[at + i] = 1 when `nulls` is a Uint8Array. Returns the
 * number of null rows in the range, so a caller that passed no `nulls` can allocate it and copy
 * again when the answer is not zero.
 */
static napi_value copy_vector(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6) return throw_error(env, "copyVector(chunk, column, target, at, from, count, nulls?)");
  idx_t size;
  duckdb_vector vector = get_vector(env, argv[0], argv[1], &size);
  if (vector == NULL) return NULL;
  napi_typedarray_type type;
  size_t target_length;
  void *target;
  uint32_t at, from, count;
  if (napi_get_typedarray_info(env, argv[2], &type, &target_length, &target, NULL, NULL) != napi_ok)
    return throw_error(env, "target must be a Float64Array or Uint8Array");
  if (!get_rows(env, argv + 3, size, target_length, &at, &from, &count)) return NULL;
  size_t width;
  if (type == napi_float64_array)
    width = 8;
  else if (type == napi_uint8_array)
    width = 1;
  else
    return throw_error(env, "target must be a Float64Array or Uint8Array");
  uint8_t *nulls = NULL;
  if (argc >= 7) {
    napi_valuetype kind;
    CHECK(napi_typeof(env, argv[6], &kind));
    if (kind != napi_undefined && kind != napi_null) {
      napi_typedarray_type nulls_type;
      size_t nulls_length;
      if (napi_get_typedarray_info(env, argv[6], &nulls_type, &nulls_length, (void **)&nulls, NULL, NULL) != napi_ok ||
          nulls_type != napi_uint8_array || nulls_length < (size_t)at + count)
        return throw_error(env, "nulls must be a Uint8Array as long as the target");
    }
  }
  uint32_t null_count = copy_rows(target, width, at, (const uint8_t *)vector_get_data(vector), from, count,
                                  vector_get_validity(vector), nulls);
  napi_value result;
  CHECK(napi_create_uint32(env, null_count, &result));
  return result;
}

static int vector_type(duckdb_vector vector);

/*
 * A string dictionary being built from DuckDB VARCHAR vectors: each distinct value stored once (an
 * arena of bytes, offsets into it) and an open-addressing table from value to code, codes handed
 * out in arrival order (JS sorts the values afterwards). It replaces creating a JS string and a Map
 * lookup for every row, which made a 1M-row text column cost ~150 ms.
 */
typedef struct {
  StringArena values; /* the distinct values; a value's code is its index */
  int32_t *table;
  size_t slots; /* a power of two */
} Dictionary;

static void free_dictionary(napi_env env, void *data, void *hint) {
  Dictionary *d = data;
  arena_free(&d->values);
  free(d->table);
  free(d);
}

/* Doubles the table (or makes the first) and rehashes; false when out of memory. */
static bool dictionary_grow(Dictionary *d) {
  size_t slots = d->slots == 0 ? 1024 : d->slots * 2;
  int32_t *table = malloc(slots * sizeof(int32_t));
  if (table == NULL) return false;
  memset(table, 0xff, slots * sizeof(int32_t));
  const StringArena *v = &d->values;
  for (size_t code = 0; code < v->count; code++) {
    size_t at = (size_t)hash_bytes(v->bytes + v->start[code], v->length[code]) & (slots - 1);
    while (table[at] >= 0) at = (at + 1) & (slots - 1);
    table[at] = (int32_t)code;
  }
  free(d->table);
  d->table = table;
  d->slots = slots;
  return true;
}

/* The code of a value, added when new; -1 when out of memory. */
static int32_t dictionary_code(Dictionary *d, const uint8_t *bytes, uint32_t length) {
  StringArena *v = &d->values;
  if ((v->count + 1) * 2 > d->slots && !dictionary_grow(d)) return -1;
  size_t at = (size_t)hash_bytes(bytes, length) & (d->slots - 1);
  for (;;) {
    int32_t code = d->table[at];
    if (code < 0) break;
    if (v->length[code] == length && memcmp(v->bytes + v->start[code], bytes, length) == 0) return code;
    at = (at + 1) & (d->slots - 1);
  }
  int64_t code = arena_add(v, bytes, length);
  if (code < 0) return -1;
  d->table[at] = (int32_t)code;
  return (int32_t)code;
}

/* dictionaryCreate(): an empty dictionary (an external freed with it). */
static napi_value dictionary_create(napi_env env, napi_callback_info info) {
  Dictionary *d = calloc(1, sizeof(Dictionary));
  if (d == NULL) return throw_error(env, "out of memory");
  napi_value result;
  if (napi_create_external(env, d, free_dictionary, NULL, &result) != napi_ok) {
    free(d);
    return throw_error(env, "dictionaryCreate: no external");
  }
  return result;
}

/*
 * dictionaryAppend(dictionary, chunk, column, codes, at, from, count): codes[at + i] = the code of
 * row from + i of the VARCHAR vector, -1 for a null.
 */
static napi_value dictionary_append(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 7) return throw_error(env, "dictionaryAppend(dictionary, chunk, column, codes, at, from, count)");
  Dictionary *d;
  if (napi_get_value_external(env, argv[0], (void **)&d) != napi_ok || d == NULL)
    return throw_error(env, "expected a dictionary from dictionaryCreate");
  idx_t size;
  duckdb_vector vector = get_vector(env, argv[1], argv[2], &size);
  if (vector == NULL) return NULL;
  if (vector_type(vector) != TYPE_VARCHAR) return throw_error(env, "dictionaryAppend: the column is not VARCHAR");
  napi_typedarray_type type;
  size_t length;
  void *target;
  uint32_t at, from, count;
  if (napi_get_typedarray_info(env, argv[3], &type, &length, &target, NULL, NULL) != napi_ok || type != napi_int32_array)
    return throw_error(env, "codes must be an Int32Array");
  if (!get_rows(env, argv + 4, size, length, &at, &from, &count)) return NULL;
  int32_t *codes = target;
  const uint8_t *data = vector_get_data(vector);
  const uint64_t *validity = vector_get_validity(vector);
  for (uint32_t i = 0; i < count; i++) {
    idx_t row = (idx_t)from + i;
    if (!row_valid(validity, row)) {
      codes[at + i] = -1;
      continue;
    }
    /* duckdb_string_t: a 4-byte length, then 12 inlined bytes or a 4-byte prefix and a pointer. */
    const uint8_t *value = data + row * 16;
    uint32_t n;
    memcpy(&n, value, 4);
    const uint8_t *bytes;
    if (n <= 12)
      bytes = value + 4;
    else
      memcpy(&bytes, value + 8, sizeof bytes);
    int32_t code = dictionary_code(d, bytes, n);
    if (code < 0) return throw_error(env, "dictionaryAppend: out of memory");
    codes[at + i] = code;
  }
  return NULL;
}

/* dictionaryValues(dictionary): the distinct values, in code order. */
static napi_value dictionary_values(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  Dictionary *d;
  if (argc < 1 || napi_get_value_external(env, argv[0], (void **)&d) != napi_ok || d == NULL)
    return throw_error(env, "expected a dictionary from dictionaryCreate");
  const StringArena *v = &d->values;
  napi_value values;
  CHECK(napi_create_array_with_length(env, v->count, &values));
  for (uint32_t code = 0; code < v->count; code++) {
    napi_value text;
    CHECK(napi_create_string_utf8(env, (const char *)v->bytes + v->start[code], v->length[code], &text));
    CHECK(napi_set_element(env, values, code, text));
  }
  return values;
}

/* integerAt(chunk, column, row, bytes): an INTEGER (bytes 4) or BIGINT (bytes 8) value of a vector. */
static napi_value integer_at(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  uint32_t row, bytes;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 4 || napi_get_value_uint32(env, argv[3], &bytes) != napi_ok || (bytes != 4 && bytes != 8))
    return throw_error(env, "integerAt(chunk, column, row, 4 | 8)");
  idx_t size;
  duckdb_vector vector = get_vector(env, argv[0], argv[1], &size);
  if (vector == NULL) return NULL;
  if (napi_get_value_uint32(env, argv[2], &row) != napi_ok || row >= size)
    return throw_error(env, "row out of range");
  const void *data = vector_get_data(vector);
  int64_t value = bytes == 4 ? ((const int32_t *)data)[row] : ((const int64_t *)data)[row];
  napi_value result;
  CHECK(napi_create_int64(env, value, &result));
  return result;
}

#define HUGE_PAGE ((size_t)2 << 20)

/* ---- column memory: huge-page mappings, recycled through a pool ------------------------------ */

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
static napi_value huge_buffer(napi_env env, napi_callback_info info) {
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
static napi_value column_pool(napi_env env, napi_callback_info info) {
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

/* ---- the native sink ---------------------------------------------------------------------- */

/*
 * One registered copy target: rows start…end-1 of the file, laid out in chunks of `chunk_rows`
 * rows (global chunk index = row / chunk_rows); chunks first_chunk…first_chunk+chunk_count-1
 * each have `column_count` arrays. Null masks are allocated on the first null of a chunk's
 * column and handed to JS by `sinkFinish`.
 */
typedef struct {
  int64_t start, end, chunk_rows, first_chunk;
  uint32_t chunk_count, column_count;
  int64_t *chunk_length;
  int64_t *written;
  uint8_t **values;
  uint8_t *widths;
  uint8_t **nulls;
  pthread_mutex_t lock;
} Sink;

#define MAX_SINKS 1024
static Sink *sinks[MAX_SINKS];
static pthread_mutex_t sinks_lock = PTHREAD_MUTEX_INITIALIZER;

static const char NOT_CONTIGUOUS[] = "flywheel: chunk rows are not contiguous";

static void free_sink(Sink *sink) {
  if (sink == NULL) return;
  if (sink->nulls != NULL)
    for (size_t i = 0; i < (size_t)sink->chunk_count * sink->column_count; i++) free(sink->nulls[i]);
  free(sink->nulls);
  free(sink->values);
  free(sink->widths);
  free(sink->chunk_length);
  free(sink->written);
  pthread_mutex_destroy(&sink->lock);
  free(sink);
}

static int vector_type(duckdb_vector vector) {
  duckdb_logical_type type = vector_get_column_type(vector);
  int id = get_type_id(type);
  destroy_logical_type(&type);
  return id;
}

/* The null mask of a chunk's column, allocated (zeroed) on first use; NULL when out of memory. */
static uint8_t *null_mask(Sink *sink, size_t slot, int64_t chunk) {
  uint8_t *mask = __atomic_load_n(&sink->nulls[slot], __ATOMIC_ACQUIRE);
  if (mask != NULL) return mask;
  pthread_mutex_lock(&sink->lock);
  mask = sink->nulls[slot];
  if (mask == NULL) {
    mask = calloc((size_t)sink->chunk_length[chunk], 1);
    __atomic_store_n(&sink->nulls[slot], mask, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&sink->lock);
  return mask;
}

/* Called by DuckDB's threads: copy one scanned chunk to the rows it belongs to. */
static void sink_function(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
  idx_t size = chunk_get_size(input);
  memset(vector_get_data(output), 1, size);
  if (size == 0) return;
  idx_t columns = chunk_get_column_count(input);
  if (columns < 2) {
    scalar_function_set_error(info, "flywheel_native_sink(id, file_row_number, columns…) needs an id and row numbers");
    return;
  }
  duckdb_vector id_vector = chunk_get_vector(input, 0), row_vector = chunk_get_vector(input, 1);
  if (vector_type(id_vector) != TYPE_INTEGER || vector_type(row_vector) != TYPE_BIGINT) {
    scalar_function_set_error(info, "flywheel_native_sink: the id must be an INTEGER and the row numbers BIGINT");
    return;
  }
  int32_t id = ((const int32_t *)vector_get_data(id_vector))[0];
  pthread_mutex_lock(&sinks_lock);
  Sink *sink = id > 0 && id < MAX_SINKS ? sinks[id] : NULL;
  pthread_mutex_unlock(&sinks_lock);
  if (sink == NULL) {
    scalar_function_set_error(info, "flywheel_native_sink called with an unknown sink id");
    return;
  }
  if (columns != 2 + (idx_t)sink->column_count) {
    scalar_function_set_error(info, "flywheel_native_sink: the column count differs from the sink's");
    return;
  }
  for (uint32_t j = 0; j < sink->column_count; j++) {
    int type = vector_type(chunk_get_vector(input, j + 2));
    if ((sink->widths[j] == 8 && type != TYPE_DOUBLE) || (sink->widths[j] == 1 && type != TYPE_UTINYINT)) {
      scalar_function_set_error(info, "flywheel_native_sink: a column's type differs from its target array");
      return;
    }
  }
  const int64_t *numbers = (const int64_t *)vector_get_data(row_vector);
  const uint64_t *row_validity = vector_get_validity(row_vector);
  int64_t row = numbers[0];
  bool contiguous = row_validity == NULL && row >= sink->start && row + (int64_t)size <= sink->end;
  for (idx_t i = 1; i < size && contiguous; i++) contiguous = numbers[i] == row + (int64_t)i;
  if (!contiguous) {
    scalar_function_set_error(info, NOT_CONTIGUOUS);
    return;
  }
  int64_t from = 0, count = (int64_t)size;
  while (count > 0) {
    int64_t chunk = row / sink->chunk_rows, at = row - chunk * sink->chunk_rows;
    int64_t k = chunk - sink->first_chunk;
    if (k < 0 || k >= sink->chunk_count || at >= sink->chunk_length[k]) {
      scalar_function_set_error(info, NOT_CONTIGUOUS);
      return;
    }
    int64_t take = sink->chunk_length[k] - at < count ? sink->chunk_length[k] - at : count;
    for (uint32_t j = 0; j < sink->column_count; j++) {
      duckdb_vector vector = chunk_get_vector(input, j + 2);
      size_t slot = (size_t)k * sink->column_count + j;
      const uint64_t *validity = vector_get_validity(vector);
      uint8_t *mask = NULL;
      if (has_null(validity, (idx_t)from, (idx_t)take)) {
        mask = null_mask(sink, slot, k);
        if (mask == NULL) {
          scalar_function_set_error(info, "flywheel_native_sink: out of memory");
          return;
        }
      }
      copy_rows(sink->values[slot], sink->widths[j], (idx_t)at, (const uint8_t *)vector_get_data(vector), (idx_t)from,
                (idx_t)take, validity, mask);
    }
    __atomic_fetch_add(&sink->written[k], take, __ATOMIC_RELAXED);
    row += take;
    from += take;
    count -= take;
  }
}

/*
 * registerSink(connection, connectionId, name): add the sink function to the database of a
 * `@duckdb/node-bindings` connection. The bindings wrap the C API's connection in a holder whose
 * first field is the `duckdb_connection` (bindings 1.5.x); `connectionId` (the bindings'
 * `client_context_get_connection_id` of the same connection) proves the handle read from it is
 * that connection before anything is registered on it. False when it is not.
 */
static napi_value register_sink(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  void *holder;
  int64_t expected_id;
  char name[256];
  size_t length;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (!ready) return throw_error(env, "flywheel_native.init has not found libduckdb");
  if (argc < 3 || napi_get_value_external(env, argv[0], &holder) != napi_ok || holder == NULL ||
      napi_get_value_int64(env, argv[1], &expected_id) != napi_ok ||
      napi_get_value_string_utf8(env, argv[2], name, sizeof name, &length) != napi_ok)
    return throw_error(env, "registerSink(connection, connectionId, name)");
  duckdb_connection connection = *(duckdb_connection *)holder;
  if (connection == NULL) return make_bool(env, 0);
  void *context = NULL;
  connection_get_client_context(connection, &context);
  if (context == NULL) return make_bool(env, 0);
  idx_t id = client_context_get_connection_id(context);
  destroy_client_context(&context);
  if ((int64_t)id != expected_id) return make_bool(env, 0);
  duckdb_scalar_function function = create_scalar_function();
  scalar_function_set_name(function, name);
  duckdb_logical_type any = create_logical_type(TYPE_ANY), boolean = create_logical_type(TYPE_BOOLEAN);
  scalar_function_set_varargs(function, any);
  scalar_function_set_return_type(function, boolean);
  destroy_logical_type(&any);
  destroy_logical_type(&boolean);
  scalar_function_set_volatile(function);
  scalar_function_set_function(function, sink_function);
  int state = register_scalar_function(connection, function);
  destroy_scalar_function(&function);
  return make_bool(env, state == 0);
}

static bool get_int64(napi_env env, napi_value value, int64_t *out) {
  return napi_get_value_int64(env, value, out) == napi_ok;
}

/*
 * sinkCreate(start, end, chunkRows, firstChunk, chunks): register the arrays for rows start…end-1;
 * chunks[k][j] is column j of chunk firstChunk + k (a Float64Array for DOUBLE columns, a
 * Uint8Array for UTINYINT ones; all columns of a chunk equally long). Returns the sink id.
 */
static napi_value sink_create(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  int64_t start, end, chunk_rows, first_chunk;
  uint32_t chunk_count, column_count = 0;
  bool is_array;
  if (argc < 5 || !get_int64(env, argv[0], &start) || !get_int64(env, argv[1], &end) ||
      !get_int64(env, argv[2], &chunk_rows) || !get_int64(env, argv[3], &first_chunk) || chunk_rows <= 0 ||
      start < 0 || end < start || first_chunk < 0 || napi_is_array(env, argv[4], &is_array) != napi_ok || !is_array)
    return throw_error(env, "sinkCreate(start, end, chunkRows, firstChunk, chunks)");
  CHECK(napi_get_array_length(env, argv[4], &chunk_count));
  if (chunk_count == 0) return throw_error(env, "sinkCreate needs at least one chunk");
  Sink *sink = calloc(1, sizeof(Sink));
  if (sink == NULL) return throw_error(env, "out of memory");
  pthread_mutex_init(&sink->lock, NULL);
  sink->start = start;
  sink->end = end;
  sink->chunk_rows = chunk_rows;
  sink->first_chunk = first_chunk;
  sink->chunk_count = chunk_count;
  const char *problem = NULL;
  for (uint32_t k = 0; k < chunk_count && problem == NULL; k++) {
    napi_value columns;
    uint32_t n;
    if (napi_get_element(env, argv[4], k, &columns) != napi_ok || napi_get_array_length(env, columns, &n) != napi_ok) {
      problem = "each chunk must be an array of typed arrays";
      break;
    }
    if (k == 0) {
      column_count = n;
      sink->column_count = n;
      sink->chunk_length = calloc(chunk_count, sizeof(int64_t));
      sink->written = calloc(chunk_count, sizeof(int64_t));
      sink->values = calloc((size_t)chunk_count * (n ? n : 1), sizeof(uint8_t *));
      sink->nulls = calloc((size_t)chunk_count * (n ? n : 1), sizeof(uint8_t *));
      sink->widths = calloc(n ? n : 1, 1);
      if (!sink->chunk_length || !sink->written || !sink->values || !sink->nulls || !sink->widths) {
        problem = "out of memory";
        break;
      }
    } else if (n != column_count) {
      problem = "every chunk must have the same columns";
      break;
    }
    for (uint32_t j = 0; j < n; j++) {
      napi_value array;
      napi_typedarray_type type;
      size_t length;
      void *data;
      if (napi_get_element(env, columns, j, &array) != napi_ok ||
          napi_get_typedarray_info(env, array, &type, &length, &data, NULL, NULL) != napi_ok ||
          (type != napi_float64_array && type != napi_uint8_array)) {
        problem = "targets must be Float64Arrays or Uint8Arrays";
        break;
      }
      uint8_t width = type == napi_float64_array ? 8 : 1;
      if (k == 0) sink->widths[j] = width;
      if (width != sink->widths[j]) {
        problem = "a column's array type differs between chunks";
        break;
      }
      if (j == 0) sink->chunk_length[k] = (int64_t)length;
      if ((int64_t)length != sink->chunk_length[k] || (int64_t)length > chunk_rows) {
        problem = "the columns of a chunk must be equally long, at most chunkRows";
        break;
      }
      sink->values[(size_t)k * column_count + j] = data;
    }
  }
  int id = 0;
  if (problem == NULL) {
    pthread_mutex_lock(&sinks_lock);
    for (int i = 1; i < MAX_SINKS; i++)
      if (sinks[i] == NULL) {
        sinks[i] = sink;
        id = i;
        break;
      }
    pthread_mutex_unlock(&sinks_lock);
    if (id == 0) problem = "too many sinks open at once";
  }
  if (problem != NULL) {
    free_sink(sink);
    return throw_error(env, problem);
  }
  napi_value result;
  CHECK(napi_create_int32(env, id, &result));
  return result;
}

/*
 * sinkFinish(id): unregister the sink; returns { written, nulls }: the rows written into each
 * chunk, and for each chunk and column (chunk-major) a Uint8Array null mask or null.
 */
static napi_value sink_finish(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t id;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 1 || napi_get_value_int32(env, argv[0], &id) != napi_ok || id <= 0 || id >= MAX_SINKS)
    return throw_error(env, "sinkFinish(id)");
  pthread_mutex_lock(&sinks_lock);
  Sink *sink = sinks[id];
  sinks[id] = NULL;
  pthread_mutex_unlock(&sinks_lock);
  if (sink == NULL) return throw_error(env, "sinkFinish: unknown sink id");
  napi_value result, written, nulls;
  size_t slots = (size_t)sink->chunk_count * sink->column_count;
  if (napi_create_object(env, &result) != napi_ok || napi_create_array_with_length(env, sink->chunk_count, &written) != napi_ok ||
      napi_create_array_with_length(env, slots, &nulls) != napi_ok) {
    free_sink(sink);
    return NULL;
  }
  for (uint32_t k = 0; k < sink->chunk_count; k++) {
    napi_value count;
    napi_create_int64(env, sink->written[k], &count);
    napi_set_element(env, written, k, count);
  }
  for (size_t i = 0; i < slots; i++) {
    napi_value mask;
    if (sink->nulls[i] == NULL) {
      napi_get_null(env, &mask);
    } else {
      size_t length = (size_t)sink->chunk_length[i / sink->column_count];
      void *bytes;
      napi_value buffer;
      if (napi_create_arraybuffer(env, length, &bytes, &buffer) != napi_ok ||
          napi_create_typedarray(env, napi_uint8_array, length, buffer, 0, &mask) != napi_ok) {
        free_sink(sink);
        return NULL;
      }
      memcpy(bytes, sink->nulls[i], length);
    }
    napi_set_element(env, nulls, (uint32_t)i, mask);
  }
  napi_set_named_property(env, result, "written", written);
  napi_set_named_property(env, result, "nulls", nulls);
  free_sink(sink);
  return result;
}

/* chunkShape(chunk): [column count, row count] of a data chunk, read through the C API. */
static napi_value chunk_shape(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result, value;
  void *chunk;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (!ready) return throw_error(env, "flywheel_native.init has not found libduckdb");
  if (argc < 1 || napi_get_value_external(env, argv[0], &chunk) != napi_ok || chunk == NULL)
    return throw_error(env, "expected a DuckDB data chunk");
  CHECK(napi_create_array_with_length(env, 2, &result));
  CHECK(napi_create_int64(env, (int64_t)chunk_get_column_count(chunk), &value));
  CHECK(napi_set_element(env, result, 0, value));
  CHECK(napi_create_int64(env, (int64_t)chunk_get_size(chunk), &value));
  CHECK(napi_set_element(env, result, 1, value));
  return result;
}

static napi_value module_init(napi_env env, napi_value exports) {
  Pool *pool = calloc(1, sizeof(Pool));
  if (pool == NULL) return throw_error(env, "out of memory");
  pool->limit = (size_t)1 << 30;
  pool->age_ms = 10000;
  pool->refs = 1;
  if (napi_set_instance_data(env, pool, close_pool, NULL) != napi_ok) {
    free(pool);
    return NULL;
  }
  napi_property_descriptor properties[] = {
      {"init", NULL, init, NULL, NULL, NULL, napi_enumerable, NULL},
      {"copyVector", NULL, copy_vector, NULL, NULL, NULL, napi_enumerable, NULL},
      {"integerAt", NULL, integer_at, NULL, NULL, NULL, napi_enumerable, NULL},
      {"chunkShape", NULL, chunk_shape, NULL, NULL, NULL, napi_enumerable, NULL},
      {"hugeBuffer", NULL, huge_buffer, NULL, NULL, NULL, napi_enumerable, NULL},
      {"columnPool", NULL, column_pool, NULL, NULL, NULL, napi_enumerable, NULL},
      {"registerSink", NULL, register_sink, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sinkCreate", NULL, sink_create, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sinkFinish", NULL, sink_finish, NULL, NULL, NULL, napi_enumerable, NULL},
      {"parquetRead", NULL, parquet_read, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readTail", NULL, read_tail, NULL, NULL, NULL, napi_enumerable, NULL},
      {"parquetCodecs", NULL, parquet_codecs, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sortDoubles", NULL, sort_doubles, NULL, NULL, NULL, napi_enumerable, NULL},
      {"dictionaryCreate", NULL, dictionary_create, NULL, NULL, NULL, napi_enumerable, NULL},
      {"dictionaryAppend", NULL, dictionary_append, NULL, NULL, NULL, napi_enumerable, NULL},
      {"dictionaryValues", NULL, dictionary_values, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, module_init)
