/*
 * Thrift's compact protocol (field headers with delta-encoded ids, zigzag varints), the one
 * decoder of it in Flywheel: the footer (footer.c) and the page headers (read.c) both go through
 * it. Every read is bounds-checked: past the end, `bad` is set and reads return 0; nesting is
 * bounded. Spec: Apache Thrift's compact protocol description (doc/specs/thrift-compact-protocol.md).
 */
#ifndef FLYWHEEL_PARQUET_THRIFT_H
#define FLYWHEEL_PARQUET_THRIFT_H
#include <stdbool.h>
#include <stdint.h>

/* Compact type ids. */
enum {
  T_TRUE = 1, T_FALSE = 2, T_BYTE = 3, T_I16 = 4, T_I32 = 5, T_I64 = 6, T_DOUBLE = 7, T_BINARY = 8, T_LIST = 9,
  T_SET = 10, T_MAP = 11, T_STRUCT = 12
};


typedef struct {
  const uint8_t *at, *end;
  bool bad;
} Thrift;

static inline uint8_t t_byte(Thrift *t) {
  if (t->at >= t->end) {
    t->bad = true;
    return 0;
  }
  return *t->at++;
}

static inline uint64_t t_varint(Thrift *t) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t b = t_byte(t);
    if (t->bad) return 0;
    value |= (uint64_t)(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return value;
  }
  t->bad = true;
  return 0;
}

static inline int64_t t_zigzag(Thrift *t) {
  uint64_t n = t_varint(t);
  return (int64_t)(n >> 1) ^ -(int64_t)(n & 1);
}

static inline void t_skip(Thrift *t, int type, int depth);

/* Reads a field header: returns the compact type (0 at the struct's end), sets *id. */
static inline int t_field(Thrift *t, int *id) {
  uint8_t header = t_byte(t);
  if (t->bad) return 0;
  int type = header & 0x0f;
  if (type == 0) return 0;
  int delta = header >> 4;
  /* Field ids are i16: one outside that range is a damaged header (and *id + delta overflowed
     an int once a long-form id of 2^31-1 came first; found by the fuzzer). */
  int64_t next = delta == 0 ? t_zigzag(t) : (int64_t)*id + delta;
  if (next < INT16_MIN || next > INT16_MAX) {
    t->bad = true;
    return 0;
  }
  *id = (int)next;
  return type;
}

static inline void t_skip(Thrift *t, int type, int depth) {
  if (depth > 32) {
    t->bad = true;
    return;
  }
  switch (type) {
    case 1: case 2: return;                  /* booleans live in the field header */
    case 3: t_byte(t); return;               /* byte */
    case 4: case 5: case 6: t_varint(t); return;
    case 7:                                  /* double */
      if (t->end - t->at < 8) t->bad = true; else t->at += 8;
      return;
    case 8: {                                /* binary */
      uint64_t n = t_varint(t);
      if ((uint64_t)(t->end - t->at) < n) t->bad = true; else t->at += n;
      return;
    }
    case 9: case 10: {                       /* list, set */
      uint8_t header = t_byte(t);
      uint64_t n = header >> 4 == 15 ? t_varint(t) : header >> 4;
      int element = header & 0x0f;
      for (uint64_t i = 0; i < n && !t->bad; i++) {
        if (element == 1 || element == 2) t_byte(t);
        else t_skip(t, element, depth + 1);
      }
      return;
    }
    case 11: {                               /* map */
      uint64_t n = t_varint(t);
      if (n == 0) return;
      uint8_t kinds = t_byte(t);
      /* In a map as in a list a boolean is a byte (t_skip's 1 and 2 read none): skipped as such,
         or a map of a huge count of booleans would loop without reading (found by the fuzzer). */
      for (uint64_t i = 0; i < n && !t->bad; i++)
        for (int side = 0; side < 2 && !t->bad; side++) {
          int kind = side == 0 ? kinds >> 4 : kinds & 0x0f;
          if (kind == 1 || kind == 2) t_byte(t);
          else t_skip(t, kind, depth + 1);
        }
      return;
    }
    case 12: {                               /* struct */
      int id = 0, field;
      while (!t->bad && (field = t_field(t, &id)) != 0) t_skip(t, field, depth + 1);
      return;
    }
    default: t->bad = true;
  }
}


/* A list or set header: the element count (`bad` set when it does not decode), its element type in *type. */
static inline uint64_t t_list(Thrift *t, int *type) {
  uint8_t header = t_byte(t);
  uint64_t n = header >> 4 == 15 ? t_varint(t) : header >> 4;
  *type = header & 0x0f;
  return t->bad ? 0 : n;
}

#endif
