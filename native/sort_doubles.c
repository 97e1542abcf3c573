/*
 * sortDoubles(array) → Promise<void>: sorts a Float64Array in place on a libuv thread, in the order
 * of `Float64Array.prototype.sort` (ascending, -0 before +0, NaNs last), so a profile's columns are
 * sorted on all cores while the JS thread goes on (src/data/profile-numeric.ts).
 *
 * An LSD radix sort over 64-bit keys whose unsigned order is the numeric order (a negative
 * double's bits all flipped, a positive one's sign bit set), 11 bits a pass (6 passes: measured
 * against 8, 9, 10 and 12 bits, the fewest passes whose line buffers, 128 KiB, stay in cache),
 * skipping the passes whose digit every key shares (narrow ranges, integers); each pass counts
 * the next one's digits. Each pass writes through a cache line of buffer per bucket and stores
 * whole lines with non-temporal stores where the CPU has them: on the 2-vCPU VMs we measure on, a
 * scattered store that misses the cache cost ~10 ns (the line is read before it is written), and
 * a pass over a million values took 10 ms; with full-line streaming stores 4–6 ms
 * (bench/RESULTS.md, data-profile).
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "addon.h" /* throw_error, and this file's export */

#define DIGIT_BITS 11
#define BUCKETS (1 << DIGIT_BITS)
#define PASSES ((64 + DIGIT_BITS - 1) / DIGIT_BITS)
#define LINE 8 /* doubles in a 64-byte cache line */

static inline uint64_t key_of(uint64_t bits) { return (bits >> 63) ? ~bits : bits | 0x8000000000000000ULL; }
static inline uint64_t bits_of(uint64_t key) { return (key >> 63) ? key & 0x7fffffffffffffffULL : ~key; }

/* Store a full, 64-byte-aligned line of 8 keys. */
static inline void store_line(uint64_t *to, const uint64_t *line) {
#if defined(__SSE2__)
  for (int i = 0; i < LINE; i += 2) _mm_stream_si128((__m128i *)(to + i), _mm_load_si128((const __m128i *)(line + i)));
#else
  memcpy(to, line, LINE * sizeof(uint64_t));
#endif
}

/*
 * One pass: keys `from` to `to` by the digit at `shift`, bucket starts in `next` (advanced); when
 * `count` is not NULL it counts the digit at `count_shift` (the next pass's) on the way.
 */
static void scatter(const uint64_t *from, uint64_t *to, size_t n, int shift, uint32_t *next,
                    uint64_t (*line)[LINE], uint8_t *fill, uint32_t *count, int count_shift) {
  memset(fill, 0, BUCKETS);
  for (size_t i = 0; i < n; i++) {
    uint64_t key = from[i];
    if (count != NULL) count[(key >> count_shift) & (BUCKETS - 1)]++;
    uint32_t b = (uint32_t)(key >> shift) & (BUCKETS - 1);
    uint32_t at = next[b]++;
    line[b][fill[b]++] = key;
    /* The line ends at `at`: store what the bucket gathered for it. */
    if (((uintptr_t)(to + at + 1) & 63) == 0) {
      uint8_t gathered = fill[b];
      if (gathered == LINE) store_line(to + at + 1 - LINE, line[b]);
      else memcpy(to + at + 1 - gathered, line[b], gathered * sizeof(uint64_t));
      fill[b] = 0;
    }
  }
  for (uint32_t b = 0; b < BUCKETS; b++)
    if (fill[b] > 0) memcpy(to + next[b] - fill[b], line[b], fill[b] * sizeof(uint64_t));
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

/*
 * Each libuv thread keeps its second buffer for the next sort, up to KEEP_BYTES: fresh memory
 * costs a page fault per 4 KiB (5 ms for a million values on those VMs).
 */
#define KEEP_BYTES (((size_t)8 << 20) + 64) /* a million values and the alignment */
static __thread uint64_t *kept;
static __thread size_t kept_bytes;

static uint64_t *second_buffer(size_t n) {
  size_t bytes = ((n * sizeof(uint64_t)) + 63) & ~(size_t)63;
  if (kept != NULL && kept_bytes >= bytes) return kept;
  free(kept);
  kept = aligned_alloc(64, bytes);
  kept_bytes = kept == NULL ? 0 : bytes;
  return kept;
}

static void release_buffer(void) {
  if (kept_bytes <= KEEP_BYTES) return;
  free(kept);
  kept = NULL;
  kept_bytes = 0;
}

/* Sort n values by their bits in place; false when out of memory (nothing changed then). */
static bool radix_sort(uint64_t *keys, size_t n) {
  uint64_t *other = second_buffer(n);
  uint32_t(*counts)[BUCKETS] = calloc(2, sizeof *counts);
  uint64_t(*line)[LINE] = aligned_alloc(64, BUCKETS * sizeof *line);
  uint8_t *fill = malloc(BUCKETS);
  if (other == NULL || counts == NULL || line == NULL || fill == NULL) {
    free(counts), free(line), free(fill);
    release_buffer();
    return false;
  }
  /* Keys, and which digits differ between any two keys: the other passes would change nothing. */
  uint64_t all = ~(uint64_t)0, any = 0;
  for (size_t i = 0; i < n; i++) {
    uint64_t key = key_of(keys[i]);
    keys[i] = key;
    all &= key;
    any |= key;
  }
  int passes[PASSES], active = 0;
  for (int p = 0; p < PASSES; p++)
    if ((((all ^ any) >> (p * DIGIT_BITS)) & (BUCKETS - 1)) != 0) passes[active++] = p;
  if (active > 0)
    for (size_t i = 0; i < n; i++) counts[0][(keys[i] >> (passes[0] * DIGIT_BITS)) & (BUCKETS - 1)]++;
  uint64_t *from = keys, *to = other;
  for (int a = 0; a < active; a++) {
    uint32_t *next = counts[a & 1], *following = a + 1 < active ? counts[(a + 1) & 1] : NULL;
    uint32_t sum = 0;
    for (uint32_t b = 0; b < BUCKETS; b++) {
      uint32_t c = next[b];
      next[b] = sum;
      sum += c;
    }
    if (following != NULL) memset(following, 0, BUCKETS * sizeof(uint32_t));
    scatter(from, to, n, passes[a] * DIGIT_BITS, next, line, fill, following,
            following != NULL ? passes[a + 1] * DIGIT_BITS : 0);
    uint64_t *swap = from;
    from = to;
    to = swap;
  }
  for (size_t i = 0; i < n; i++) keys[i] = bits_of(from[i]);
  free(counts), free(line), free(fill);
  release_buffer();
  return true;
}

typedef struct {
  double *values;
  size_t length;
  bool failed;
  Work w; /* keeps the array alive while it is sorted */
} Sort;

static void sort_execute(napi_env env, void *data) {
  Sort *s = data;
  /* NaNs out first (a negative NaN's key would sort first), then back in at the end. */
  size_t n = 0;
  for (size_t i = 0; i < s->length; i++)
    if (s->values[i] == s->values[i]) s->values[n++] = s->values[i];
  uint64_t nan_bits = 0x7ff8000000000000ULL;
  for (size_t i = n; i < s->length; i++) memcpy(&s->values[i], &nan_bits, sizeof nan_bits);
  /* The values are 8-byte aligned (a Float64Array's); keys alias them. */
  if (n > 1) s->failed = !radix_sort((uint64_t *)(void *)s->values, n);
}

static void sort_complete(napi_env env, napi_status status, void *data) {
  Sort *s = data;
  if (status != napi_ok || s->failed) {
    reject_with(env, s->w.deferred, status != napi_ok ? "sortDoubles: cancelled" : "sortDoubles: out of memory");
  } else {
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    napi_resolve_deferred(env, s->w.deferred, undefined);
  }
  end_work(env, &s->w);
  free(s);
}

napi_value sort_doubles(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_typedarray_type type;
  size_t length, offset;
  void *data;
  napi_value buffer;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_typedarray_info(env, argv[0], &type, &length, &data, &buffer, &offset) != napi_ok ||
      type != napi_float64_array)
    return throw_error(env, "sortDoubles(array): array must be a Float64Array");
  Sort *s = calloc(1, sizeof(Sort));
  if (s == NULL) return throw_error(env, "out of memory");
  s->values = data;
  s->length = length;
  return start_work(env, "flywheel.sortDoubles", argv[0], sort_execute, sort_complete, s, &s->w, free);
}
