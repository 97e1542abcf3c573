/*
 * A libFuzzer target for the direct Parquet decoder (native/parquet/): each input is a whole file.
 * The harness does what src/data/parquet/ does before calling parquetRead: decodes the footer
 * (footer.c, the same code `parquetFooter` runs), takes a flat schema's leaves and the row count,
 * asks for every leaf it can convert, and then runs the same job code (plan, page decoding,
 * string merge) on one thread. The row count is believed only up to 2^16 rows (more would only
 * make each run slower); the footer decoder has checked it against the row groups already.
 *
 * Build and run: npm run fuzz:parquet -- --minutes N (native/fuzz/run.sh).
 */
#define FLYWHEEL_FUZZ 1
#include "../parquet/read.c" /* defines _GNU_SOURCE first */
#include "../parquet/footer.c"

#include <sys/mman.h>

#define MAX_ROWS ((int64_t)1 << 16) /* more would only make each run slower (allocating, under ASan) */
#define MAX_LEAVES 64

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
  size_t footer = footer_length(data, size);
  if (footer == 0) return 0;
  Footer f;
  FooterStatus status = footer_decode(data + size - 8 - footer, footer, &f);
  /* A flat schema: a root whose children are every other element, each a leaf. */
  int leaves = status == FOOTER_OK && f.groups != NULL && f.schema_count >= 2 && f.schema_count <= MAX_LEAVES + 1 &&
                       f.schema[0].fields[F_CHILDREN] == (double)(f.schema_count - 1)
                   ? (int)f.schema_count - 1
                   : -1;
  int32_t physical[MAX_LEAVES], repetition[MAX_LEAVES];
  for (int k = 0; k < leaves; k++) {
    const double *e = f.schema[k + 1].fields;
    if (e[F_CHILDREN] != 0) leaves = -1;
    physical[k] = isnan(e[F_TYPE]) ? -1 : (int32_t)e[F_TYPE];
    repetition[k] = isnan(e[F_REPETITION]) ? -1 : (int32_t)e[F_REPETITION];
  }
  int64_t rows = f.rows;
  const uint8_t *groups = f.groups;
  footer_free(&f);
  if (leaves <= 0 || rows > MAX_ROWS) return 0;
  const uint8_t *meta = data + size - 8 - footer;

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
