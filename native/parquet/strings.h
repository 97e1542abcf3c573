/*
 * Byte strings stored back to back in one growing buffer, each once, with a hash for the tables
 * that look them up (the reader's per-chunk string values, read.c), and the UTF-8 check that
 * string values (read.c) and column names (footer.c) must pass.
 */
#ifndef FLYWHEEL_STRINGS_H
#define FLYWHEEL_STRINGS_H
#include <stdbool.h>
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

/* True when bytes are valid UTF-8 (RFC 3629: no overlong forms, surrogates or values past U+10FFFF). */
static inline bool valid_utf8(const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t b = p[i];
    if (b < 0x80) { i++; continue; }
    size_t need;
    uint32_t cp;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; }
    else return false;
    if (n - i <= need) return false;
    for (size_t k = 1; k <= need; k++) {
      if ((p[i + k] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (p[i + k] & 0x3f);
    }
    if ((need == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need == 3 && (cp < 0x10000 || cp > 0x10ffff)))
      return false;
    i += need + 1;
  }
  return true;
}

#endif
