/*
 * The footer of a Parquet file (parquet.thrift's FileMetaData, Thrift compact protocol through
 * thrift.h): the schema's elements, the row count and each row group's rows, decoded once for a
 * read and handed to JS (`parquetFooter`), which names the columns as DuckDB's `read_parquet`
 * would (src/data/parquet/footer.ts) and gives the row-group list back to `parquetRead`.
 *
 * Three outcomes: the footer (FOOTER_OK); not a footer this decodes (FOOTER_UNREAD: too short,
 * encrypted, not Parquet, a required field missing, a name that is not UTF-8), which leaves the
 * file to DuckDB; or corrupt (FOOTER_CORRUPT: a field with another wire type than parquet.thrift
 * gives it, an enum outside its range, row groups that do not decode or whose rows do not sum to
 * the file's), which makes the read DATA_INVALID on the accelerated path, never handed to
 * another decoder that would read it differently.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strings.h"
#include "thrift.h"

typedef enum { FOOTER_OK = 0, FOOTER_UNREAD, FOOTER_CORRUPT } FooterStatus;

/* Fields of a SchemaElement (and its LogicalType), NaN where absent: the order JS reads them in. */
enum { F_TYPE, F_REPETITION, F_CHILDREN, F_CONVERTED, F_LOGICAL, F_BITS, F_SIGNED, F_UNIT, F_UTC, ELEMENT_FIELDS };

typedef struct {
  double fields[ELEMENT_FIELDS];
  const uint8_t *name;
  uint32_t name_length;
} SchemaElement;

typedef struct {
  int64_t rows;
  SchemaElement *schema;
  uint32_t schema_count;
  /* The row-group list (from its header to the footer's end), or NULL when the footer has none
     where this reads it (after the schema and the row count, as every writer puts it). */
  const uint8_t *groups;
  int64_t *group_rows;
  uint32_t group_count;
  const char *why; /* for FOOTER_CORRUPT */
} Footer;

/* JS numbers are exact to 2^53; a count past that is not one a file holds. */
#define MAX_EXACT ((int64_t)1 << 53)

static void footer_free(Footer *f) {
  free(f->schema);
  free(f->group_rows);
  memset(f, 0, sizeof *f);
}

/* A zigzag integer that JS can hold exactly; sets `bad` past 2^53 either way. */
static int64_t exact_integer(Thrift *t) {
  int64_t v = t_zigzag(t);
  if (v > MAX_EXACT || v < -MAX_EXACT) t->bad = true;
  return v;
}

/* The wire type parquet.thrift gives field `id` of each struct read here (0: not one it names). */
static int schema_field_type(int id) {
  static const int types[] = {0, T_I32, T_I32, T_I32, T_BINARY, T_I32, T_I32, T_I32, T_I32, T_I32, T_STRUCT};
  return id >= 1 && id <= 10 ? types[id] : 0;
}
static int file_field_type(int id) {
  static const int types[] = {0, T_I32, T_LIST, T_I64, T_LIST, T_LIST, T_BINARY, T_LIST};
  return id >= 1 && id <= 7 ? types[id] : 0;
}
static int group_field_type(int id) {
  static const int types[] = {0, T_LIST, T_I64, T_I64, T_LIST, T_I64, T_I64, T_I16};
  return id >= 1 && id <= 7 ? types[id] : 0;
}

static bool is_bool(int type) { return type == T_TRUE || type == T_FALSE; }

/* TimeUnit: the member set (MILLIS 1, MICROS 2, NANOS 3; NaN for another). */
static double read_time_unit(Thrift *t) {
  double unit = NAN;
  int id = 0, type;
  while (!t->bad && (type = t_field(t, &id)) != 0) {
    if (type == T_STRUCT) unit = id >= 1 && id <= 3 ? id : NAN;
    t_skip(t, type, 3);
  }
  return unit;
}

/* LogicalType: the member set (the last, should there be several), with INTEGER's and TIMESTAMP's fields. */
static void read_logical(Thrift *t, double *e) {
  e[F_LOGICAL] = -1;
  int id = 0, type;
  while (!t->bad && (type = t_field(t, &id)) != 0) {
    e[F_BITS] = e[F_SIGNED] = e[F_UNIT] = e[F_UTC] = NAN;
    e[F_LOGICAL] = id;
    int field = 0, kind;
    if (id == 10 && type == T_STRUCT) { /* INTEGER: bitWidth, isSigned */
      while (!t->bad && (kind = t_field(t, &field)) != 0) {
        if (field == 1 && kind == T_BYTE) e[F_BITS] = t_byte(t);
        else if (field == 2 && is_bool(kind)) e[F_SIGNED] = kind == T_TRUE;
        else t_skip(t, kind, 3);
      }
    } else if (id == 8 && type == T_STRUCT) { /* TIMESTAMP: isAdjustedToUTC, unit */
      while (!t->bad && (kind = t_field(t, &field)) != 0) {
        if (field == 1 && is_bool(kind)) e[F_UTC] = kind == T_TRUE;
        else if (field == 2 && kind == T_STRUCT) e[F_UNIT] = read_time_unit(t);
        else t_skip(t, kind, 3);
      }
    } else {
      t_skip(t, type, 2);
    }
  }
}

/* One SchemaElement into `out`; FOOTER_OK or what is wrong (f->why). */
static FooterStatus read_element(Thrift *t, SchemaElement *out, Footer *f) {
  double *e = out->fields;
  for (int i = 0; i < ELEMENT_FIELDS; i++) e[i] = NAN;
  e[F_CHILDREN] = 0;
  bool named = false;
  int id = 0, type;
  while (!t->bad && (type = t_field(t, &id)) != 0) {
    int expected = schema_field_type(id);
    if (expected != 0 && expected != type) {
      f->why = "a schema element's field has another wire type than parquet.thrift gives it";
      return FOOTER_CORRUPT;
    }
    if (id == 1) e[F_TYPE] = (double)exact_integer(t);
    else if (id == 3) e[F_REPETITION] = (double)exact_integer(t);
    else if (id == 5) e[F_CHILDREN] = (double)exact_integer(t);
    else if (id == 6) e[F_CONVERTED] = (double)exact_integer(t);
    else if (id == 4) {
      uint64_t n = t_varint(t);
      if (t->bad || (uint64_t)(t->end - t->at) < n || !valid_utf8(t->at, (size_t)n)) return FOOTER_UNREAD;
      out->name = t->at;
      out->name_length = (uint32_t)n;
      t->at += n;
      named = true;
    } else if (id == 10) read_logical(t, e);
    else t_skip(t, type, 1);
  }
  if (t->bad || !named) return FOOTER_UNREAD;
  /* parquet.thrift's Type 0–7, FieldRepetitionType 0–2, ConvertedType 0–21. */
  if (e[F_TYPE] < 0 || e[F_TYPE] > 7 || e[F_REPETITION] < 0 || e[F_REPETITION] > 2 || e[F_CONVERTED] < 0 ||
      e[F_CONVERTED] > 21) {
    f->why = "a schema element's type, repetition or converted type is not one parquet.thrift defines";
    return FOOTER_CORRUPT;
  }
  if (e[F_CHILDREN] < 0) {
    f->why = "a schema element has a negative child count";
    return FOOTER_CORRUPT;
  }
  return FOOTER_OK;
}

/* The schema list; FOOTER_OK or what is wrong. */
static FooterStatus read_schema(Thrift *t, Footer *f) {
  int type;
  uint64_t n = t_list(t, &type);
  /* Each element takes a byte at least: a larger count cannot be there. */
  if (t->bad || type != T_STRUCT || n > (uint64_t)(t->end - t->at)) return FOOTER_UNREAD;
  SchemaElement *grown = realloc(f->schema, (f->schema_count + n + 1) * sizeof(SchemaElement));
  if (grown == NULL) return FOOTER_UNREAD;
  f->schema = grown;
  for (uint64_t i = 0; i < n; i++) {
    FooterStatus s = read_element(t, &f->schema[f->schema_count], f);
    if (s != FOOTER_OK) return s;
    f->schema_count++;
  }
  return FOOTER_OK;
}

/* The row groups' row counts, which must each be there and sum to the file's. */
static FooterStatus read_group_rows(Footer *f, const uint8_t *end) {
  f->why = "the row groups do not decode or their rows do not add up to the file's";
  Thrift t = {f->groups, end, false};
  int type;
  uint64_t n = t_list(&t, &type);
  if (t.bad || type != T_STRUCT || n > (uint64_t)(end - t.at)) return FOOTER_CORRUPT;
  f->group_rows = malloc((n ? n : 1) * sizeof(int64_t));
  if (f->group_rows == NULL) return FOOTER_UNREAD;
  int64_t total = 0;
  for (uint64_t g = 0; g < n; g++) {
    int64_t rows = -1;
    int id = 0, kind;
    while (!t.bad && (kind = t_field(&t, &id)) != 0) {
      int expected = group_field_type(id);
      if (expected != 0 && expected != kind) return FOOTER_CORRUPT;
      if (id == 3) rows = exact_integer(&t);
      else t_skip(&t, kind, 1);
    }
    if (t.bad || rows < 0 || rows > MAX_EXACT - total) return FOOTER_CORRUPT;
    total += rows;
    f->group_rows[f->group_count++] = rows;
  }
  if (total != f->rows) return FOOTER_CORRUPT;
  f->why = NULL;
  return FOOTER_OK;
}

/*
 * Decodes FileMetaData from `meta` (`length` bytes) up to its row groups, whose rows it sums:
 * version (1), schema (2) and num_rows (3) come before them (field 4) in every writer's output,
 * as Thrift writes fields in id order; should they not, the row groups are not read here.
 */
static FooterStatus footer_decode(const uint8_t *meta, size_t length, Footer *f) {
  memset(f, 0, sizeof *f);
  f->rows = -1;
  Thrift t = {meta, meta + length, false};
  bool version = false;
  int id = 0, type;
  while (!t.bad && f->groups == NULL && (type = t_field(&t, &id)) != 0) {
    int expected = file_field_type(id);
    if (expected != 0 && expected != type) {
      f->why = "a FileMetaData field has another wire type than parquet.thrift gives it";
      return FOOTER_CORRUPT;
    }
    if (id == 1) {
      version = true;
      exact_integer(&t);
    } else if (id == 2) {
      FooterStatus s = read_schema(&t, f);
      if (s != FOOTER_OK) return s;
    } else if (id == 3) f->rows = exact_integer(&t);
    else if (id == 4 && f->rows >= 0 && f->schema_count > 0) f->groups = t.at;
    else t_skip(&t, type, 1);
  }
  /* Required fields, as Thrift's readers (DuckDB's among them) insist. */
  if (t.bad || !version || f->rows < 0 || f->schema_count == 0) return FOOTER_UNREAD;
  if (f->groups != NULL) return read_group_rows(f, meta + length);
  return FOOTER_OK;
}

/* The footer's length from a file's last 8 bytes (its length, then PAR1); 0 when they are not that. */
static size_t footer_length(const uint8_t *tail, size_t size) {
  if (size < 12 || memcmp(tail + size - 4, "PAR1", 4) != 0) return 0;
  uint32_t n = (uint32_t)tail[size - 8] | (uint32_t)tail[size - 7] << 8 | (uint32_t)tail[size - 6] << 16 |
               (uint32_t)tail[size - 5] << 24;
  return n > size - 8 ? 0 : n;
}

#ifndef FLYWHEEL_FUZZ
#include <node_api.h>

#include "../addon.h"

/*
 * parquetFooter(tail: Uint8Array) → null | { rows, names, schema, rowGroups, rowGroupsAt }
 *   tail: a file's last bytes, footer included
 *   names: each schema element's name (root first); schema: Float64Array, ELEMENT_FIELDS numbers
 *   an element (NaN where absent); rowGroups: Float64Array of each row group's rows, or null when
 *   the footer has none where they are read; rowGroupsAt: where the row-group list starts in `tail`
 * null: not a footer this decodes (DuckDB is left to read the file). Throws an Error with code
 * PARQUET_CORRUPT when the footer does not add up.
 */
napi_value parquet_footer(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result, value;
  napi_typedarray_type kind;
  size_t size, offset;
  void *data;
  napi_value buffer;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_typedarray_info(env, argv[0], &kind, &size, &data, &buffer, &offset) != napi_ok ||
      kind != napi_uint8_array)
    return throw_error(env, "parquetFooter(tail: Uint8Array)");
  const uint8_t *tail = data;
  napi_get_null(env, &result);
  size_t length = footer_length(tail, size);
  if (length == 0) return result;
  const uint8_t *meta = tail + size - 8 - length;
  Footer f;
  FooterStatus status = footer_decode(meta, length, &f);
  if (status == FOOTER_CORRUPT) {
    napi_throw_error(env, "PARQUET_CORRUPT", f.why);
    footer_free(&f);
    return NULL;
  }
  if (status != FOOTER_OK) {
    footer_free(&f);
    return result;
  }
  napi_value names, schema, schema_buffer, groups;
  double *numbers;
  bool ok = napi_create_object(env, &result) == napi_ok &&
            napi_create_array_with_length(env, f.schema_count, &names) == napi_ok &&
            napi_create_arraybuffer(env, f.schema_count * ELEMENT_FIELDS * sizeof(double), (void **)&numbers,
                                    &schema_buffer) == napi_ok &&
            napi_create_typedarray(env, napi_float64_array, f.schema_count * ELEMENT_FIELDS, schema_buffer, 0,
                                   &schema) == napi_ok;
  for (uint32_t i = 0; ok && i < f.schema_count; i++) {
    memcpy(numbers + (size_t)i * ELEMENT_FIELDS, f.schema[i].fields, sizeof f.schema[i].fields);
    ok = napi_create_string_utf8(env, (const char *)f.schema[i].name, f.schema[i].name_length, &value) == napi_ok &&
         napi_set_element(env, names, i, value) == napi_ok;
  }
  if (ok && f.groups != NULL) {
    double *rows;
    napi_value rows_buffer;
    ok = napi_create_arraybuffer(env, f.group_count * sizeof(double), (void **)&rows, &rows_buffer) == napi_ok &&
         napi_create_typedarray(env, napi_float64_array, f.group_count, rows_buffer, 0, &groups) == napi_ok;
    for (uint32_t g = 0; ok && g < f.group_count; g++) rows[g] = (double)f.group_rows[g];
  } else if (ok) {
    napi_get_null(env, &groups);
  }
  napi_value rows_value, at;
  ok = ok && napi_create_double(env, (double)f.rows, &rows_value) == napi_ok &&
       napi_create_double(env, f.groups == NULL ? -1 : (double)(f.groups - tail), &at) == napi_ok &&
       napi_set_named_property(env, result, "rows", rows_value) == napi_ok &&
       napi_set_named_property(env, result, "names", names) == napi_ok &&
       napi_set_named_property(env, result, "schema", schema) == napi_ok &&
       napi_set_named_property(env, result, "rowGroups", groups) == napi_ok &&
       napi_set_named_property(env, result, "rowGroupsAt", at) == napi_ok;
  footer_free(&f);
  return ok ? result : throw_error(env, "parquetFooter: out of memory");
}
#endif /* FLYWHEEL_FUZZ */
