/*
 * Byte strings stored back to back in one growing buffer, each once, with a hash for the tables
 * that look them up: shared by the Parquet reader's per-chunk values (parquet_read.c) and the
 * string dictionaries built from DuckDB vectors (flywheel_native.c).
 */
#ifndef FLYWHEEL_STRINGS_H
#define FLYWHEEL_STRINGS_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  uint8_t *bytes;
  size_t used, capacity;
  uint64_t *start; /* offset of each string in bytes (bytes may move as it grows) */
  uint32_t *length;
  size_t count, slots;
} StringArena;

/* FNV-1a over the bytes, its high bits folded in (tables index with the low bits). */
static inline uint64_t hash_bytes(const uint8_t *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL ^ n;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
  return h ^ (h >> 29);
}

/* Appends a string; its index, or -1 when out of memory or past INT32_MAX strings. */
static inline int64_t arena_add(StringArena *t, const uint8_t *bytes, uint32_t length) {
  if (t->count >= INT32_MAX) return -1;
  if (t->count == t->slots) {
    size_t slots = t->slots < 1024 ? 1024 : t->slots * 2;
    uint64_t *start = realloc(t->start, slots * sizeof(uint64_t));
    if (start == NULL) return -1;
    t->start = start;
    uint32_t *lengths = realloc(t->length, slots * sizeof(uint32_t));
    if (lengths == NULL) return -1;
    t->length = lengths;
    t->slots = slots;
  }
  if (t->capacity - t->used < length) {
    size_t capacity = t->capacity < 65536 ? 65536 : t->capacity;
    while (capacity - t->used < length) capacity *= 2;
    uint8_t *grown = realloc(t->bytes, capacity);
    if (grown == NULL) return -1;
    t->bytes = grown;
    t->capacity = capacity;
  }
  if (length > 0) memcpy(t->bytes + t->used, bytes, length);
  t->start[t->count] = t->used;
  t->length[t->count] = length;
  t->used += length;
  return (int64_t)t->count++;
}

static inline void arena_free(StringArena *t) {
  free(t->bytes);
  free(t->start);
  free(t->length);
}

#endif
