/*
 * A libFuzzer target for the direct Parquet reader (parquet_read.c): each input is a whole file.
 * The harness does what src/data/parquet-native.ts does before calling parquetRead: finds the
 * footer, takes a flat schema's leaves and the row count, asks for every leaf it can convert, and
 * then runs the same job code (plan, page decoding, string merge) on one thread. The row count
 * is believed only up to 2^16 rows: the JS side allocates the outputs only after checking it
 * against the row groups (parquet-footer.ts), which is not what is fuzzed here.
 *
 * Build and run: npm run fuzz:parquet -- --minutes N (scripts in native/fuzz/README.md).
 */
#define FLYWHEEL_FUZZ 1
#include "../parquet_read.c" /* defines _GNU_SOURCE first */

#include <sys/mman.h>

#define MAX_ROWS ((int64_t)1 << 16) /* more would only make each run slower (allocating, under ASan) */
#define MAX_LEAVES 64

/* The leaves of a flat schema: physical type and repetition of each (-1 when not flat). */
static int read_schema(Thrift *t, int32_t *physical, int32_t *repetition) {
  uint8_t header = t_byte(t);
  uint64_t n = header >> 4 == 15 ? t_varint(t) : header >> 4;
  if (t->bad || (header & 0x0f) != 12 || n < 2 || n > MAX_LEAVES + 1) return -1;
  for (uint64_t e = 0; e < n; e++) {
    int id = 0, type;
    int32_t kind = -1, repeat = -1, children = 0;
    while (!t->bad && (type = t_field(t, &id)) != 0) {
      if (id == 1 && type == 5) kind = (int32_t)t_zigzag(t);
      else if (id == 3 && type == 5) repeat = (int32_t)t_zigzag(t);
      else if (id == 5 && type == 5) children = (int32_t)t_zigzag(t);
      else t_skip(t, type, 1);
    }
    if (t->bad) return -1;
    if (e == 0) {
      if ((uint64_t)children != n - 1) return -1;
      continue;
    }
    if (children != 0) return -1;
    physical[e - 1] = kind;
    repetition[e - 1] = repeat;
  }
  return (int)(n - 1);
}

/* A conversion for a physical type, varied by `pick` so that every TO_* code gets fuzzed. */
static int conversion(int32_t physical, unsigned pick) {
  static const int ints[] = {TO_I32, TO_I8, TO_I16, TO_U8, TO_U16, TO_U32, TO_DATE};
  static const int longs[] = {TO_I64, TO_U64, TO_TS_US, TO_TS_MS};
  switch (physical) {
    case P_BOOLEAN: return TO_BOOL;
    case P_INT32: return ints[pick % 7];
    case P_INT64: return longs[pick % 4];
    case P_FLOAT: return TO_F32;
    case P_DOUBLE: return TO_F64;
    case P_BYTE_ARRAY: return TO_STR;
    default: return -1;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 12 || memcmp(data + size - 4, "PAR1", 4) != 0) return 0;
  uint32_t footer = (uint32_t)data[size - 8] | (uint32_t)data[size - 7] << 8 | (uint32_t)data[size - 6] << 16 |
                    (uint32_t)data[size - 5] << 24;
  if (footer > size - 8) return 0;
  const uint8_t *meta = data + size - 8 - footer;
  Thrift t = {meta, meta + footer, false};
  int32_t physical[MAX_LEAVES], repetition[MAX_LEAVES];
  int leaves = -1, id = 0, type;
  int64_t rows = -1;
  const uint8_t *groups = NULL;
  while (!t.bad && groups == NULL && (type = t_field(&t, &id)) != 0) {
    if (id == 2 && type == 9) leaves = read_schema(&t, physical, repetition);
    else if (id == 3 && type == 6) rows = t_zigzag(&t);
    else if (id == 4 && type == 9) groups = t.at;
    else t_skip(&t, type, 1);
  }
  if (t.bad || leaves <= 0 || groups == NULL || rows < 0 || rows > MAX_ROWS) return 0;

  uint32_t codes[MAX_LEAVES * COLUMN_FIELDS];
  uint32_t count = 0;
  for (int k = 0; k < leaves; k++) {
    int convert = conversion(physical[k], footer + (unsigned)k);
    if (convert < 0 || repetition[k] < 0 || repetition[k] > 1) continue;
    uint32_t *c = &codes[count++ * COLUMN_FIELDS];
    c[0] = (uint32_t)k;
    c[1] = (uint32_t)physical[k];
    c[2] = (uint32_t)convert;
    c[3] = (uint32_t)repetition[k];
  }
  if (count == 0) return 0;
  Job *job = job_create(rows, count, codes, (uint32_t)leaves);
  if (job == NULL) return 0;
  void *outputs[MAX_LEAVES] = {0};
  const char *problem = job->error[0] != '\0' ? job->error : NULL;
  for (uint32_t j = 0; j < count && problem == NULL; j++) {
    size_t width = job->columns[j].convert == TO_BOOL ? 1 : job->columns[j].convert == TO_STR ? 4 : 8;
    outputs[j] = malloc((size_t)(rows ? rows : 1) * width);
    if (outputs[j] == NULL) problem = OOM;
    job->columns[j].values = outputs[j];
  }
  if (problem == NULL)
    problem = job_plan(job, groups, (size_t)(meta + footer - groups), (uint32_t)leaves, (int64_t)size, 0, INT64_MAX);
  if (problem == NULL) {
    /* The file as the reader sees it: an in-memory file descriptor. */
    job->fd = memfd_create("parquet", MFD_CLOEXEC);
    if (job->fd < 0 || pwrite(job->fd, data, size, 0) != (ssize_t)size) problem = DECLINED "memfd";
    else problem = job_check_file(job, (int64_t)size);
  }
  if (problem == NULL) {
    CPU_ZERO(&job->allowed);
    job->threads = 1;
    work_execute(NULL, job);
  }
  free_job(job);
  for (uint32_t j = 0; j < count; j++) free(outputs[j]);
  return 0;
}
