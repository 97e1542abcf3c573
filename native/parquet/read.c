/*
 * A reader for the column chunks of plain Parquet files: flat (required or optional) booleans,
 * integers, floats, doubles, dates, timestamps and strings; PLAIN, dictionary, byte-stream-split
 * or delta encoded; uncompressed, Snappy, GZIP (Node's zlib) or ZSTD (the system's libzstd); in
 * data pages v1 and v2. It decodes the chunks a read asks for straight into the table's arrays, on as many
 * threads as there are cores (work_execute), with no SQL engine in between: for the common shape of ML
 * data (many numeric columns, a few of them read) the engine's per-query cost was as large as
 * decoding a column.
 *
 * footer.c decodes the footer's schema and row counts (JS names the columns from them,
 * src/data/parquet/footer.ts); this file locates the requested columns' chunks in its row groups
 * and runs one task per chunk. Anything it does not
 * know (another codec or encoding, nested levels, a page that does not add up) rejects the read
 * with a message and the caller reads the file with DuckDB instead, so this path changes speed,
 * never results. Every length and offset read from the file is checked against the bytes
 * actually there before it is used.
 *
 * Formats: parquet-format's `parquet.thrift` (PageHeader and friends, Thrift compact protocol),
 * its Encodings.md (PLAIN, RLE/bit-packing hybrid, dictionary, BYTE_STREAM_SPLIT,
 * DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY) and Snappy's
 * format_description.txt.
 */
#define _GNU_SOURCE /* sched_getcpu, sched_getaffinity, pthread_attr_setaffinity_np */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <node_api.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../addon.h"
#include "thrift.h"
#include "strings.h"

/* GZIP pages with the zlib Node itself exports (its headers ship zlib.h); left out without them. */
#if defined(__has_include)
#if __has_include(<zlib.h>)
#include <zlib.h>
#define HAVE_ZLIB 1
#endif
#endif

/* parquet.thrift: Type, CompressionCodec, Encoding and PageType values used here. */
enum { P_BOOLEAN = 0, P_INT32 = 1, P_INT64 = 2, P_FLOAT = 4, P_DOUBLE = 5, P_BYTE_ARRAY = 6 };
enum { CODEC_UNCOMPRESSED = 0, CODEC_SNAPPY = 1, CODEC_GZIP = 2, CODEC_ZSTD = 6 };
enum {
  ENC_PLAIN = 0, ENC_PLAIN_DICTIONARY = 2, ENC_RLE = 3, ENC_DELTA_BINARY_PACKED = 5, ENC_DELTA_LENGTH_BYTE_ARRAY = 6,
  ENC_DELTA_BYTE_ARRAY = 7, ENC_RLE_DICTIONARY = 8, ENC_BYTE_STREAM_SPLIT = 9
};
enum { PAGE_DATA = 0, PAGE_INDEX = 1, PAGE_DICTIONARY = 2, PAGE_DATA_V2 = 3 };

/* How a column's values become table values (src/data/parquet/direct-reader.ts names the same codes). */
enum {
  TO_F64 = 0, TO_F32, TO_I32, TO_I8, TO_I16, TO_U8, TO_U16, TO_U32, TO_I64, TO_U64, TO_BOOL,
  /* timestamps as epoch milliseconds, as `epoch_us(x) / 1000.0` gives them */
  TO_DATE, TO_TS_US, TO_TS_MS,
  /* strings as codes into a dictionary (Int32Array, -1 for null) */
  TO_STR
};

#define COLUMN_FIELDS 4
#define MAX_WORKERS 16
#define ONE_THREAD_BYTES ((int64_t)512 << 10)
#define ERROR_BYTES 256

/*
 * What a read that stops says: a problem that starts with DECLINED is something this reader does
 * not do (a codec, an encoding it leaves to DuckDB, a file that changed, memory), and the caller
 * may read the file with DuckDB; any other problem means the file does not add up (corrupt), and
 * the caller reports it rather than hand the file to another decoder.
 */
#define DECLINED "declined: "
#define OOM DECLINED "out of memory"

/* True when `problem` is a decline rather than a finding that the file is corrupt. */
static bool is_declined(const char *problem) {
  return strncmp(problem, DECLINED, sizeof DECLINED - 1) == 0;
}

typedef struct {
  uint32_t leaf; /* its leaf column in the schema */
  uint8_t physical, convert, max_def;
  uint8_t *values; /* the column's table array: 8 bytes a row, 1 for booleans, 4 for string codes */
  uint8_t *nulls;  /* allocated (zeroed) on the first null; owned until handed to JS */
  /* Strings: the column's distinct values after the merge (pointers into the tasks' Strings). */
  const uint8_t **unique;
  uint32_t *unique_length;
  uint32_t unique_count;
} Column;

/*
 * A string column chunk's values (strings.h): the dictionary page's entries, then the values of
 * PLAIN pages; the chunk's rows hold indices into them until the merge makes them indices into
 * the column's distinct values.
 */
typedef StringArena Strings;

typedef struct {
  uint32_t column;
  int64_t first_row, rows, offset, length;
  int32_t codec;
} Task;

typedef struct Job {
  int fd;
  int64_t rows;
  uint32_t column_count, task_count;
  Column *columns;
  Task *tasks;
  uint32_t next_task;     /* atomic */
  uint32_t failed;        /* atomic: set once a task fails, so the others stop early */
  uint32_t threads;       /* threads decoding: the libuv work and its helpers */
  Strings *strings;       /* one per task when a string column is read, else NULL */
  pthread_mutex_t lock;
  char error[ERROR_BYTES];
  Work w;           /* its reference keeps the target arrays alive while the threads write them */
  cpu_set_t allowed; /* the CPUs the process may use (empty when they do not fit); helpers return to them */
  bool spread;       /* helpers were started on the other CPUs of `allowed` */
} Job;

/* A worker's reusable memory: the raw chunk, a decompressed page, the dictionary, levels. */
typedef struct {
  uint8_t *chunk, *page, *dict, *split;
  size_t chunk_size, page_size, dict_size, split_size;
  uint32_t *levels;
  size_t levels_size;
} Scratch;

__attribute__((format(printf, 2, 3)))
static void fail(Job *job, const char *format, ...) {
  pthread_mutex_lock(&job->lock);
  if (job->error[0] == '\0') {
    va_list args;
    va_start(args, format);
    vsnprintf(job->error, ERROR_BYTES, format, args);
    va_end(args);
  }
  pthread_mutex_unlock(&job->lock);
  __atomic_store_n(&job->failed, 1, __ATOMIC_RELEASE);
}

static bool reserve(uint8_t **buffer, size_t *size, size_t need) {
  if (*size >= need) return true;
  size_t grown = need < 65536 ? 65536 : need + need / 4;
  uint8_t *p = realloc(*buffer, grown);
  if (p == NULL) return false;
  *buffer = p;
  *size = grown;
  return true;
}

typedef struct {
  int32_t type, uncompressed, compressed;
  int32_t num_values, encoding, def_encoding;
  /* v2 */
  int32_t num_nulls, def_bytes, rep_bytes;
  bool v2_compressed;
  bool has_crc;
  uint32_t crc;   /* CRC-32 of the page's stored bytes, when the writer gave one */
  uint32_t kinds; /* which of the page kinds' headers were present */
} PageHeader;

/*
 * Reads a DataPageHeader (v1), DictionaryPageHeader or DataPageHeaderV2 into `page`. Like Thrift's
 * generated readers (DuckDB's among them), a required field that is missing, or has another type,
 * makes the header invalid.
 */
static void read_page_kind(Thrift *t, PageHeader *page, int kind) {
  int id = 0, type;
  uint32_t seen = 0;
  while (!t->bad && (type = t_field(t, &id)) != 0) {
    bool i32 = type == 5 && id >= 1 && id <= 6;
    if (i32) seen |= 1u << id;
    if (kind == PAGE_DATA && i32 && id == 1) page->num_values = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DATA && i32 && id == 2) page->encoding = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DATA && i32 && id == 3) page->def_encoding = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DICTIONARY && i32 && id == 1) page->num_values = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DICTIONARY && i32 && id == 2) page->encoding = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DATA_V2 && i32 && id == 1) page->num_values = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DATA_V2 && i32 && id == 2) page->num_nulls = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DATA_V2 && i32 && id == 4) page->encoding = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DATA_V2 && i32 && id == 5) page->def_bytes = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DATA_V2 && i32 && id == 6) page->rep_bytes = (int32_t)t_zigzag(t);
    else if (kind == PAGE_DATA_V2 && id == 7 && (type == 1 || type == 2)) page->v2_compressed = type == 1;
    else t_skip(t, type, 1);
  }
  /* Required: v1 fields 1–4, dictionary 1–2, v2 1–6. */
  uint32_t required = kind == PAGE_DATA ? 0x1e : kind == PAGE_DICTIONARY ? 0x06 : 0x7e;
  if ((seen & required) != required) t->bad = true;
  /* Two sub-headers (two kinds, or one twice) would let one override the other's counts. */
  if (page->kinds != 0) t->bad = true;
  page->kinds |= 1u << kind;
}

/* Parses a PageHeader; returns its length in bytes, or -1 when it is not one. */
static int64_t read_page_header(const uint8_t *at, const uint8_t *end, PageHeader *page) {
  Thrift t = {at, end, false};
  memset(page, 0, sizeof *page);
  page->type = page->uncompressed = page->compressed = page->num_values = page->encoding = -1;
  page->def_encoding = ENC_RLE;
  page->v2_compressed = true;
  int id = 0, type;
  while (!t.bad && (type = t_field(&t, &id)) != 0) {
    if (type == 5 && id == 1) page->type = (int32_t)t_zigzag(&t);
    else if (type == 5 && id == 2) page->uncompressed = (int32_t)t_zigzag(&t);
    else if (type == 5 && id == 3) page->compressed = (int32_t)t_zigzag(&t);
    else if (type == 5 && id == 4) {
      page->crc = (uint32_t)t_zigzag(&t);
      page->has_crc = true;
    }
    else if (type == 12 && id == 5) read_page_kind(&t, page, PAGE_DATA);
    else if (type == 12 && id == 7) read_page_kind(&t, page, PAGE_DICTIONARY);
    else if (type == 12 && id == 8) read_page_kind(&t, page, PAGE_DATA_V2);
    else t_skip(&t, type, 1);
  }
  if (t.bad || page->type < 0 || page->uncompressed < 0 || page->compressed < 0) return -1;
  /* A data or dictionary page must carry its own header struct and no other; an index page none. */
  if ((page->type == PAGE_DATA || page->type == PAGE_DICTIONARY || page->type == PAGE_DATA_V2) &&
      page->kinds != (1u << page->type))
    return -1;
  if (page->type == PAGE_INDEX && page->kinds != 0) return -1;
  return t.at - at;
}

/* An unsigned LEB128 varint (Snappy lengths, RLE run headers, delta headers); false past `end` or 64 bits. */
static bool read_uvarint(const uint8_t **in, const uint8_t *end, uint64_t *out) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*in >= end) return false;
    uint8_t b = *(*in)++;
    value |= (uint64_t)(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *out = value;
      return true;
    }
  }
  return false;
}

/* ---- Snappy ---- */

/* Decompresses `in` into exactly `size` bytes at `out`; false when it is not such a stream. */
static bool snappy_decompress(const uint8_t *in, size_t in_size, uint8_t *out, size_t size) {
  const uint8_t *end = in + in_size;
  uint64_t length;
  if (!read_uvarint(&in, end, &length) || length != size) return false;
  size_t at = 0;
  while (in < end) {
    uint8_t tag = *in++;
    size_t len, offset;
    switch (tag & 3) {
      case 0: { /* literal */
        len = (size_t)(tag >> 2) + 1;
        if (len > 60) {
          size_t bytes = len - 60;
          if ((size_t)(end - in) < bytes) return false;
          len = 0;
          for (size_t i = 0; i < bytes; i++) len |= (size_t)in[i] << (8 * i);
          len += 1;
          in += bytes;
        }
        if ((size_t)(end - in) < len || size - at < len) return false;
        memcpy(out + at, in, len);
        in += len;
        at += len;
        continue;
      }
      case 1:
        if (in >= end) return false;
        len = ((tag >> 2) & 7) + 4;
        offset = ((size_t)(tag >> 5) << 8) | *in++;
        break;
      case 2:
        if (end - in < 2) return false;
        len = (size_t)(tag >> 2) + 1;
        offset = (size_t)in[0] | (size_t)in[1] << 8;
        in += 2;
        break;
      default:
        if (end - in < 4) return false;
        len = (size_t)(tag >> 2) + 1;
        offset = (size_t)in[0] | (size_t)in[1] << 8 | (size_t)in[2] << 16 | (size_t)in[3] << 24;
        in += 4;
    }
    if (offset == 0 || offset > at || size - at < len) return false;
    uint8_t *to = out + at;
    const uint8_t *from = to - offset;
    if (offset >= len) memcpy(to, from, len);
    else for (size_t i = 0; i < len; i++) to[i] = from[i];
    at += len;
  }
  return at == size;
}

/* ---- ZSTD, from the system's libzstd when there is one ---- */

static size_t (*zstd_decompress)(void *, size_t, const void *, size_t);
static unsigned (*zstd_is_error)(size_t);
static size_t (*zstd_frame_size)(const void *, size_t);
static pthread_once_t zstd_once = PTHREAD_ONCE_INIT;

/* Looks for libzstd (no headers or link needed: two functions of its stable API). */
static void load_zstd(void) {
  const char *names[] = {"libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    void *library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) continue;
    zstd_decompress = (size_t(*)(void *, size_t, const void *, size_t))dlsym(library, "ZSTD_decompress");
    zstd_is_error = (unsigned (*)(size_t))dlsym(library, "ZSTD_isError");
    zstd_frame_size = (size_t(*)(const void *, size_t))dlsym(library, "ZSTD_findFrameCompressedSize");
    if (zstd_decompress != NULL && zstd_is_error != NULL && zstd_frame_size != NULL) return;
    zstd_decompress = NULL;
    zstd_is_error = NULL;
    dlclose(library);
  }
}

/* True when pages compressed with `codec` can be read. */
static bool codec_known(int32_t codec) {
  if (codec == CODEC_UNCOMPRESSED || codec == CODEC_SNAPPY) return true;
#ifdef HAVE_ZLIB
  if (codec == CODEC_GZIP) return true;
#endif
  if (codec != CODEC_ZSTD) return false;
  pthread_once(&zstd_once, load_zstd);
  return zstd_decompress != NULL;
}

/*
 * Decompresses a page (`codec` not UNCOMPRESSED) into exactly `size` bytes; NULL or what went
 * wrong.
 */
static const char *decompress(int32_t codec, const uint8_t *in, size_t in_size, uint8_t *out, size_t size) {
  if (codec == CODEC_SNAPPY) return snappy_decompress(in, in_size, out, size) ? NULL : "a Snappy page does not decompress";
#ifdef HAVE_ZLIB
  if (codec == CODEC_GZIP) {
    /* One gzip (or zlib) stream that fills the page exactly and is all of the page's bytes. */
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) return OOM;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)in_size;
    z.next_out = out;
    z.avail_out = (uInt)size;
    int result = in_size > UINT32_MAX || size > UINT32_MAX ? Z_BUF_ERROR : inflate(&z, Z_FINISH);
    bool whole = result == Z_STREAM_END && z.total_out == size && z.avail_in == 0;
    inflateEnd(&z);
    return whole ? NULL : "a GZIP page does not decompress";
  }
#endif
  if (codec == CODEC_ZSTD && zstd_decompress != NULL) {
    /* One frame that fills the page exactly (a damaged frame that ends early, or is followed by
       more, is not guessed at). */
    size_t frame = zstd_frame_size(in, in_size);
    if (zstd_is_error(frame) || frame != in_size) return "a ZSTD page is not one whole frame";
    size_t got = zstd_decompress(out, size, in, in_size);
    return !zstd_is_error(got) && got == size ? NULL : "a ZSTD page does not decompress";
  }
  return DECLINED "a codec this reader does not decode";
}

/* The most bytes a page stored in `compressed` bytes may claim to hold (text pages, dictionaries). */
static uint64_t most_expanded(int32_t codec, uint64_t compressed) {
  /* Snappy expands at most ~21x (a 3-byte copy of 64 bytes); deflate ~1032x; ZSTD more (long runs). */
  return codec == CODEC_ZSTD || codec == CODEC_GZIP ? ((uint64_t)1 << 20) + compressed * 1032 : 1024 + compressed * 24;
}

/* ---- RLE / bit-packing hybrid ---- */

/*
 * Decodes `n` values of `width` bits (0…32) from `in` into `out`. Returns false when the runs end
 * before `n` values or a run is malformed. Bit-packed runs come in groups of 8, so the last may
 * hold more values than are wanted; the extra ones are ignored.
 */
static bool rle_decode(const uint8_t *in, size_t in_size, int width, uint32_t *out, size_t n) {
  const uint8_t *end = in + in_size;
  size_t done = 0;
  size_t value_bytes = (size_t)(width + 7) / 8;
  uint32_t mask = width == 32 ? 0xffffffffu : ((1u << width) - 1);
  while (done < n) {
    uint64_t header;
    if (!read_uvarint(&in, end, &header)) return false;
    if (header & 1) { /* bit-packed: (header >> 1) groups of 8 values */
      /* More groups than a page of 2^31 values holds is a damaged header (and would wrap below). */
      if ((header >> 1) > ((uint64_t)1 << 28)) return false;
      uint64_t count = (header >> 1) * 8;
      uint64_t bytes = (header >> 1) * (uint64_t)width;
      if (count == 0 || (uint64_t)(end - in) < bytes) {
        /* The last run may be cut short after its last wanted value. */
        if (count == 0) return false;
        bytes = (uint64_t)(end - in);
      }
      uint64_t take = count < n - done ? count : n - done;
      if (take * (uint64_t)width > bytes * 8) return false;
      if (width == 1) { /* definition levels and booleans: eight values a byte */
        uint32_t *to = out + done;
        uint64_t i = 0;
        for (; i + 8 <= take; i += 8) {
          uint8_t b = in[i >> 3];
          for (int j = 0; j < 8; j++) to[i + (uint64_t)j] = (b >> j) & 1;
        }
        for (; i < take; i++) to[i] = (in[i >> 3] >> (i & 7)) & 1;
        in += bytes;
        done += take;
        continue;
      }
      for (uint64_t i = 0; i < take; i++) {
        uint64_t bit = i * (uint64_t)width;
        size_t byte = (size_t)(bit >> 3);
        uint64_t window = 0;
        for (size_t k = 0; k < 5 && byte + k < bytes; k++) window |= (uint64_t)in[byte + k] << (8 * k);
        out[done + i] = (uint32_t)(window >> (bit & 7)) & mask;
      }
      in += bytes;
      done += take;
    } else { /* RLE: one value repeated (header >> 1) times */
      uint64_t count = header >> 1;
      if (count == 0 || (size_t)(end - in) < value_bytes) return false;
      uint32_t value = 0;
      for (size_t k = 0; k < value_bytes; k++) value |= (uint32_t)in[k] << (8 * k);
      /* A value wider than the run's bit width is a damaged run, not one to mask. */
      if (value & ~mask) return false;
      in += value_bytes;
      uint64_t take = count < n - done ? count : n - done;
      for (uint64_t i = 0; i < take; i++) out[done + i] = value;
      done += take;
    }
  }
  return true;
}

/* ---- DELTA_BINARY_PACKED ---- */


/*
 * Decodes `count` integers (`width` 4 or 8 bytes, little-endian, wrapping like the writer's
 * arithmetic) into `out`: a header (values per block, miniblocks per block, total, first value),
 * then blocks of a minimum delta, one bit width per miniblock and the bit-packed deltas.
 */
static bool delta_decode(const uint8_t *in, size_t in_size, size_t width, uint8_t *out, size_t count,
                         const uint8_t **stop) {
  const uint8_t *end = in + in_size;
  uint64_t block, miniblocks, total, first;
  if (!read_uvarint(&in, end, &block) || !read_uvarint(&in, end, &miniblocks) || !read_uvarint(&in, end, &total) ||
      !read_uvarint(&in, end, &first))
    return false;
  if (total != count || block == 0 || block % 128 != 0 || miniblocks == 0 || block % miniblocks != 0 ||
      (block / miniblocks) % 32 != 0 || block > (1u << 20))
    return false;
  uint64_t per_mini = block / miniblocks;
  uint64_t value = (first >> 1) ^ -(first & 1);
  size_t done = 0;
  if (stop != NULL) *stop = in;
  if (count == 0) return true;
  memcpy(out, &value, width);
  done = 1;
  while (done < count) {
    uint64_t zig;
    if (!read_uvarint(&in, end, &zig)) return false;
    uint64_t min_delta = (zig >> 1) ^ -(zig & 1);
    if ((uint64_t)(end - in) < miniblocks) return false;
    const uint8_t *widths = in;
    in += miniblocks;
    for (uint64_t m = 0; m < miniblocks && done < count; m++) {
      int bits = widths[m];
      if (bits > 64) return false;
      uint64_t bytes = per_mini * (uint64_t)bits / 8;
      uint64_t take = per_mini < count - done ? per_mini : count - done;
      const uint8_t *packed = in;
      /* The last miniblock may be cut short after its last value. */
      uint64_t have = (uint64_t)(end - in) < bytes ? (uint64_t)(end - in) : bytes;
      if ((take * (uint64_t)bits + 7) / 8 > have) return false;
      for (uint64_t i = 0; i < take; i++) {
        uint64_t delta = 0;
        if (bits > 0) {
          uint64_t bit = i * (uint64_t)bits;
          size_t at = (size_t)(bit >> 3);
          int shift = (int)(bit & 7);
          /* Up to 64 bits plus a 7-bit shift span 9 bytes. */
          unsigned __int128 window = 0;
          for (size_t k = 0; k < 9 && at + k < have; k++) window |= (unsigned __int128)packed[at + k] << (8 * k);
          delta = (uint64_t)(window >> shift);
          if (bits < 64) delta &= ((uint64_t)1 << bits) - 1;
        }
        value += min_delta + delta;
        memcpy(out + (done + i) * width, &value, width);
      }
      in += have;
      done += take;
    }
  }
  if (stop != NULL) *stop = in;
  return true;
}

/* ---- values ---- */

static inline double value_at(const uint8_t *p, int convert) {
  switch (convert) {
    case TO_F64: { double v; memcpy(&v, p, 8); return v; }
    case TO_F32: { float v; memcpy(&v, p, 4); return v; }
    case TO_I64: { int64_t v; memcpy(&v, p, 8); return (double)v; }
    case TO_U64: { uint64_t v; memcpy(&v, p, 8); return (double)v; }
    default: {
      int32_t v;
      memcpy(&v, p, 4);
      switch (convert) {
        case TO_I8: return (int8_t)v;
        case TO_I16: return (int16_t)v;
        case TO_U8: return (uint8_t)v;
        case TO_U16: return (uint16_t)v;
        case TO_U32: return (uint32_t)v;
        default: return v;
      }
    }
  }
}

/*
 * A date (days) or timestamp (µs or ms) as epoch milliseconds, computed as DuckDB's
 * `epoch_us(CAST(x AS TIMESTAMP)) / 1000.0` does (through whole microseconds). DuckDB's infinite
 * values, and values whose microseconds overflow, are left to DuckDB.
 */
static const char *time_at(const uint8_t *p, int convert, double *out) {
  int64_t us;
  if (convert == TO_DATE) {
    int32_t days;
    memcpy(&days, p, 4);
    if (days == INT32_MAX || days == -INT32_MAX) return DECLINED "an infinite date";
    /* Days whose microseconds do not fit 64 bits (DuckDB cannot make them timestamps either). */
    if (days > INT64_MAX / 86400000000LL || days < -(INT64_MAX / 86400000000LL)) return DECLINED "a date out of range";
    us = (int64_t)days * 86400000000LL;
  } else {
    int64_t v;
    memcpy(&v, p, 8);
    if (v == INT64_MAX || v == -INT64_MAX) return DECLINED "an infinite timestamp";
    if (convert == TO_TS_MS) {
      if (v > INT64_MAX / 1000 || v < -(INT64_MAX / 1000)) return DECLINED "a timestamp out of range";
      us = v * 1000;
    } else {
      us = v;
    }
  }
  *out = (double)us / 1000.0;
  return NULL;
}

/* Appends `count` PLAIN byte arrays (4-byte little-endian length, then the bytes); false if they do not fit. */
static const char *strings_add_plain(Strings *t, const uint8_t *at, size_t size, size_t count, int32_t *codes,
                                     const uint32_t *levels, size_t n, uint8_t max_def) {
  const uint8_t *end = at + size;
  for (size_t i = 0; i < n; i++) {
    if (levels != NULL && levels[i] != max_def) {
      if (levels[i] > max_def) return "a definition level is out of range";
      if (codes != NULL) codes[i] = -1;
      continue;
    }
    if (count-- == 0) return "a page holds fewer values than its header says";
    if (end - at < 4) return "a string runs past its page";
    uint32_t length = (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
    at += 4;
    if ((size_t)(end - at) < length) return "a string runs past its page";
    int64_t index = arena_add(t, at, length);
    if (index < 0 || index > INT32_MAX) return OOM;
    if (codes != NULL) codes[i] = (int32_t)index;
    at += length;
  }
  return NULL;
}

/*
 * Appends `count` strings stored as DELTA_LENGTH_BYTE_ARRAY (delta-packed lengths, then the bytes
 * back to back) or, with `prefixed`, DELTA_BYTE_ARRAY (delta-packed lengths of the prefix shared
 * with the previous value, then the suffixes as DELTA_LENGTH_BYTE_ARRAY).
 */
static const char *strings_add_delta(Strings *t, Scratch *s, const uint8_t *at, size_t size, size_t count,
                                     int32_t *codes, const uint32_t *levels, size_t n, uint8_t max_def, bool prefixed) {
  const uint8_t *end = at + size;
  if (!reserve(&s->split, &s->split_size, (count + 1) * 8)) return OOM;
  int32_t *prefix = (int32_t *)s->split, *length = prefix + count;
  if (prefixed) {
    if (!delta_decode(at, size, 4, (uint8_t *)prefix, count, &at)) return "delta-encoded prefix lengths do not decode";
  } else {
    memset(prefix, 0, count * sizeof(int32_t));
  }
  if (!delta_decode(at, (size_t)(end - at), 4, (uint8_t *)length, count, &at)) return "delta-encoded lengths do not decode";
  size_t k = 0;
  int64_t previous = -1;
  for (size_t i = 0; i < n; i++) {
    if (levels != NULL && levels[i] != max_def) {
      if (levels[i] > max_def) return "a definition level is out of range";
      codes[i] = -1;
      continue;
    }
    if (k >= count) return "a page holds fewer values than its header says";
    int32_t keep = prefix[k], take = length[k];
    k++;
    if (keep < 0 || take < 0 || (size_t)(end - at) < (size_t)take) return "a string runs past its page";
    uint32_t previous_length = previous < 0 ? 0 : t->length[previous];
    if ((uint32_t)keep > previous_length) return "a string's prefix is longer than the string before it";
    if (keep == 0) {
      int64_t index = arena_add(t, at, (uint32_t)take);
      if (index < 0 || index > INT32_MAX) return OOM;
      codes[i] = (int32_t)index;
      previous = index;
    } else {
      /* prefix from the previous value (copied first: adding may move the bytes) then the suffix */
      if (!reserve(&s->dict, &s->dict_size, (size_t)keep + (size_t)take + 8)) return OOM;
      memcpy(s->dict, t->bytes + t->start[previous], (size_t)keep);
      if (take > 0) memcpy(s->dict + keep, at, (size_t)take);
      int64_t index = arena_add(t, s->dict, (uint32_t)keep + (uint32_t)take);
      if (index < 0 || index > INT32_MAX) return OOM;
      codes[i] = (int32_t)index;
      previous = index;
    }
    at += take;
  }
  return NULL;
}



/*
 * Makes a string column's codes indices into its distinct values: every chunk's values are put
 * in one hash table (first come, first numbered; JS sorts them) and each chunk's rows renumbered.
 * NULL or what went wrong (invalid UTF-8, which DuckDB refuses too, is left to DuckDB).
 */
static const char *merge_strings(Job *job, uint32_t column) {
  Column *c = &job->columns[column];
  size_t total = 0;
  for (uint32_t t = 0; t < job->task_count; t++)
    if (job->tasks[t].column == column) total += job->strings[t].count;
  size_t slots = 16;
  while (slots < total * 2) slots *= 2;
  int32_t *table = malloc(slots * sizeof(int32_t));
  c->unique = malloc((total ? total : 1) * sizeof(uint8_t *));
  c->unique_length = malloc((total ? total : 1) * sizeof(uint32_t));
  uint32_t *global = NULL;
  const char *problem = table == NULL || c->unique == NULL || c->unique_length == NULL ? OOM : NULL;
  if (problem == NULL) memset(table, 0xff, slots * sizeof(int32_t));
  for (uint32_t t = 0; t < job->task_count && problem == NULL; t++) {
    Task *task = &job->tasks[t];
    Strings *strings = &job->strings[t];
    if (task->column != column) continue;
    uint32_t *grown = realloc(global, (strings->count ? strings->count : 1) * sizeof(uint32_t));
    if (grown == NULL) {
      problem = OOM;
      break;
    }
    global = grown;
    /* Only values some row holds count (a dictionary page may hold others, as a reader that
       builds the dictionary from the rows would never see them): mark them first. */
    int32_t *codes = (int32_t *)c->values + task->first_row;
    memset(global, 0, (strings->count ? strings->count : 1) * sizeof(uint32_t));
    for (int64_t r = 0; r < task->rows; r++)
      if (codes[r] >= 0) global[codes[r]] = 1;
    for (size_t e = 0; e < strings->count; e++) {
      if (global[e] == 0) continue;
      /* Only empty strings so far: no bytes were allocated (and NULL + 0 is undefined). */
      const uint8_t *bytes = strings->bytes == NULL ? (const uint8_t *)"" : strings->bytes + strings->start[e];
      uint32_t length = strings->length[e];
      size_t at = (size_t)hash_bytes(bytes, length) & (slots - 1);
      for (;;) {
        int32_t id = table[at];
        if (id < 0) {
          if (!valid_utf8(bytes, length)) {
            problem = DECLINED "a string is not valid UTF-8"; /* content, not structure: DuckDB says so best */
            break;
          }
          id = (int32_t)c->unique_count++;
          c->unique[id] = bytes;
          c->unique_length[id] = length;
          table[at] = id;
          global[e] = (uint32_t)id;
          break;
        }
        if (c->unique_length[id] == length && (length == 0 || memcmp(c->unique[id], bytes, length) == 0)) {
          global[e] = (uint32_t)id;
          break;
        }
        at = (at + 1) & (slots - 1);
      }
      if (problem != NULL) break;
    }
    if (problem != NULL) break;
    for (int64_t r = 0; r < task->rows; r++)
      if (codes[r] >= 0) codes[r] = (int32_t)global[codes[r]];
  }
  free(global);
  free(table);
  return problem;
}

static size_t value_width(int physical) {
  return physical == P_INT64 || physical == P_DOUBLE ? 8 : 4;
}

/* The column's null mask, allocated (zeroed) by whichever worker meets its first null; NULL when out of memory. */
static uint8_t *null_mask(Job *job, Column *c) {
  uint8_t *mask = __atomic_load_n(&c->nulls, __ATOMIC_ACQUIRE);
  if (mask != NULL) return mask;
  uint8_t *fresh = calloc((size_t)job->rows, 1);
  if (fresh == NULL) return NULL;
  uint8_t *expected = NULL;
  if (__atomic_compare_exchange_n(&c->nulls, &expected, fresh, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return fresh;
  free(fresh);
  return expected;
}

/* Marks a row null: code -1 for strings; NaN (or 0 for booleans) and its bit in the column's mask. */
static bool set_null(Job *job, Column *c, int64_t row) {
  if (c->convert == TO_STR) {
    ((int32_t *)c->values)[row] = -1;
    return true;
  }
  uint8_t *mask = null_mask(job, c);
  if (mask == NULL) return false;
  mask[row] = 1;
  if (c->convert == TO_BOOL) c->values[row] = 0;
  else ((double *)c->values)[row] = NAN;
  return true;
}

/*
 * Writes a page's `n` rows starting at table row `row`: `levels` (NULL when every row is defined)
 * says which are null; the defined ones take, in order, values from `plain` (PLAIN encoding),
 * from `dict` through `indices` (dictionary encoding) or from `bits` (booleans).
 */
static const char *write_rows(Job *job, Column *c, int64_t row, size_t n, const uint32_t *levels,
                              const uint8_t *plain, const uint32_t *indices, const uint8_t *dict,
                              size_t dict_count, const uint32_t *bools) {
  size_t width = value_width(c->physical);
  size_t k = 0;
  if (plain != NULL && c->convert == TO_F64) {
    double *out = (double *)c->values + row;
    if (levels == NULL) {
      if (n > 0) memcpy(out, plain, n * 8);
      return NULL;
    }
    /* Doubles with nulls: each run of defined rows is one copy. */
    for (size_t i = 0; i < n;) {
      size_t run = i;
      while (run < n && levels[run] == c->max_def) run++;
      if (run > i) memcpy(out + i, plain + k * 8, (run - i) * 8);
      k += run - i;
      for (i = run; i < n && levels[i] != c->max_def; i++) {
        if (levels[i] > c->max_def) return "a definition level is out of range";
        uint8_t *mask = null_mask(job, c);
        if (mask == NULL) return OOM;
        mask[row + (int64_t)i] = 1;
        out[i] = NAN;
      }
    }
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    if (levels != NULL && levels[i] != c->max_def) {
      if (levels[i] > c->max_def) return "a definition level is out of range";
      if (!set_null(job, c, row + (int64_t)i)) return OOM;
      continue;
    }
    if (c->convert == TO_BOOL) {
      c->values[row + (int64_t)i] = bools[k++] ? 1 : 0;
      continue;
    }
    const uint8_t *p;
    if (indices != NULL) {
      uint32_t index = indices[k++];
      if (index >= dict_count) return "a dictionary index is out of range";
      p = dict + (size_t)index * width;
    } else {
      p = plain + k++ * width;
    }
    double value;
    if (c->convert >= TO_DATE) {
      const char *problem = time_at(p, c->convert, &value);
      if (problem != NULL) return problem;
    } else {
      value = value_at(p, c->convert);
    }
    ((double *)c->values)[row + (int64_t)i] = value;
  }
  return NULL;
}

/*
 * Why a page's encoding is not decoded here: a decline when parquet-format allows the encoding for
 * the column's type (DuckDB may read it), else the file is corrupt.
 */
static const char *unread_encoding(int physical, int32_t encoding) {
  bool allowed;
  switch (encoding) {
    case ENC_PLAIN: case ENC_PLAIN_DICTIONARY: case ENC_RLE_DICTIONARY: allowed = true; break;
    case ENC_RLE: allowed = physical == P_BOOLEAN; break;
    case ENC_DELTA_BINARY_PACKED: allowed = physical == P_INT32 || physical == P_INT64; break;
    case ENC_DELTA_LENGTH_BYTE_ARRAY: case ENC_DELTA_BYTE_ARRAY: allowed = physical == P_BYTE_ARRAY; break;
    /* Integers too since format 2.11; DuckDB 1.5 refuses them, so they are left to it (docs/data.md). */
    case ENC_BYTE_STREAM_SPLIT: allowed = physical != P_BOOLEAN && physical != P_BYTE_ARRAY; break;
    default: allowed = false;
  }
  return allowed ? DECLINED "an encoding this reader does not decode" : "an encoding its column's type cannot have";
}

static bool grow_levels(Scratch *s, size_t n) {
  if (s->levels_size >= n) return true;
  uint32_t *p = realloc(s->levels, n * sizeof(uint32_t));
  if (p == NULL) return false;
  s->levels = p;
  s->levels_size = n;
  return true;
}

/* Decodes one data page (v1 or v2) of `n` values into rows `row`…; NULL or what went wrong. */
static const char *decode_data_page(Job *job, Column *c, Scratch *s, const PageHeader *h, const uint8_t *data,
                                    int32_t codec, int64_t row, size_t dict_count, Strings *strings) {
  size_t n = (size_t)h->num_values;
  const uint8_t *body;
  size_t body_size;
  const uint8_t *defs = NULL;
  size_t defs_size = 0;
  if (h->type == PAGE_DATA_V2) {
    if (h->rep_bytes != 0) return "repetition levels in a flat column";
    if (h->def_bytes < 0 || h->def_bytes > h->compressed || h->def_bytes > h->uncompressed)
      return "a page's level lengths do not fit it";
    defs = data;
    defs_size = (size_t)h->def_bytes;
    const uint8_t *values = data + h->def_bytes;
    size_t stored = (size_t)(h->compressed - h->def_bytes), plain = (size_t)(h->uncompressed - h->def_bytes);
    if (codec != CODEC_UNCOMPRESSED && h->v2_compressed) {
      if (!reserve(&s->page, &s->page_size, plain + 8)) return OOM;
      const char *problem = decompress(codec, values, stored, s->page, plain);
      if (problem != NULL) return problem;
      body = s->page;
    } else {
      if (stored != plain) return "an uncompressed page's sizes differ";
      body = values;
    }
    body_size = plain;
  } else {
    if (codec != CODEC_UNCOMPRESSED) {
      if (!reserve(&s->page, &s->page_size, (size_t)h->uncompressed + 8)) return OOM;
      const char *problem = decompress(codec, data, (size_t)h->compressed, s->page, (size_t)h->uncompressed);
      if (problem != NULL) return problem;
      body = s->page;
    } else {
      if (h->compressed != h->uncompressed) return "an uncompressed page's sizes differ";
      body = data;
    }
    body_size = (size_t)h->uncompressed;
    if (c->max_def > 0) {
      if (h->def_encoding != ENC_RLE) return DECLINED "definition levels not RLE-encoded";
      if (body_size < 4) return "a page ends inside its definition levels";
      uint32_t length = (uint32_t)body[0] | (uint32_t)body[1] << 8 | (uint32_t)body[2] << 16 | (uint32_t)body[3] << 24;
      if (length > body_size - 4) return "a page ends inside its definition levels";
      defs = body + 4;
      defs_size = length;
      body += 4 + length;
      body_size -= 4 + (size_t)length;
    }
  }
  /* Definition levels: when every row is defined (a single RLE run of max_def, the usual case)
     the levels are not materialised. */
  const uint32_t *levels = NULL;
  size_t defined = n;
  if (c->max_def > 0) {
    if (!grow_levels(s, n + 8)) return OOM;
    if (!rle_decode(defs, defs_size, 1, s->levels, n)) return "definition levels do not decode";
    defined = 0;
    for (size_t i = 0; i < n; i++) defined += s->levels[i] == 1;
    if (defined < n) levels = s->levels;
  } else if (h->type == PAGE_DATA_V2 && h->num_nulls != 0) {
    return "nulls in a required column";
  }
  uint32_t *scratch_values = NULL;
  if (c->convert == TO_STR) {
    int32_t *codes = (int32_t *)c->values + row;
    if (h->encoding == ENC_PLAIN) return strings_add_plain(strings, body, body_size, defined, codes, levels, n, c->max_def);
    if (h->encoding == ENC_DELTA_LENGTH_BYTE_ARRAY || h->encoding == ENC_DELTA_BYTE_ARRAY)
      return strings_add_delta(strings, s, body, body_size, defined, codes, levels, n, c->max_def,
                               h->encoding == ENC_DELTA_BYTE_ARRAY);
    if (h->encoding != ENC_RLE_DICTIONARY && h->encoding != ENC_PLAIN_DICTIONARY)
      return unread_encoding(c->physical, h->encoding);
    if (!grow_levels(s, 2 * (n + 8))) return OOM;
    uint32_t *indices = s->levels + n + 8;
    if (levels != NULL) levels = s->levels;
    if (defined > 0) {
      if (body_size < 1 || body[0] > 32) return "a dictionary page's index width is invalid";
      if (!rle_decode(body + 1, body_size - 1, body[0], indices, defined)) return "dictionary indices do not decode";
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      if (levels != NULL && levels[i] != c->max_def) {
        if (levels[i] > c->max_def) return "a definition level is out of range";
        codes[i] = -1;
        continue;
      }
      uint32_t index = indices[k++];
      if (index >= dict_count) return "a dictionary index is out of range";
      codes[i] = (int32_t)index;
    }
    return NULL;
  }
  if (h->encoding == ENC_PLAIN && c->physical != P_BOOLEAN) {
    size_t width = value_width(c->physical);
    if (body_size / width < defined) return "a page holds fewer values than its header says";
    return write_rows(job, c, row, n, levels, body, NULL, NULL, 0, NULL);
  }
  if (h->encoding == ENC_BYTE_STREAM_SPLIT && (c->physical == P_FLOAT || c->physical == P_DOUBLE)) {
    /* Byte k of value i is at k * count + i: gathered back into PLAIN order, then written. */
    size_t width = value_width(c->physical);
    if (body_size != defined * width) return "a byte-stream-split page's size differs from its values";
    if (!reserve(&s->split, &s->split_size, defined * width + 8)) return OOM;
    uint8_t *plain = s->split;
    for (size_t i = 0; i < defined; i++)
      for (size_t k = 0; k < width; k++) plain[i * width + k] = body[k * defined + i];
    return write_rows(job, c, row, n, levels, plain, NULL, NULL, 0, NULL);
  }
  if (h->encoding == ENC_DELTA_BINARY_PACKED && (c->physical == P_INT32 || c->physical == P_INT64)) {
    size_t width = value_width(c->physical);
    if (!reserve(&s->split, &s->split_size, defined * width + 8)) return OOM;
    if (!delta_decode(body, body_size, width, s->split, defined, NULL)) return "delta-encoded integers do not decode";
    return write_rows(job, c, row, n, levels, s->split, NULL, NULL, 0, NULL);
  }
  /* Indices and booleans are decoded into the level buffer's upper half. */
  if (!grow_levels(s, 2 * (n + 8))) return OOM;
  scratch_values = s->levels + n + 8;
  if (levels != NULL) levels = s->levels;
  if (h->encoding == ENC_PLAIN) { /* booleans: one bit each, least significant first */
    if (body_size * 8 < defined) return "a page holds fewer values than its header says";
    for (size_t i = 0; i < defined; i++) scratch_values[i] = (body[i >> 3] >> (i & 7)) & 1;
    return write_rows(job, c, row, n, levels, NULL, NULL, NULL, 0, scratch_values);
  }
  if (h->encoding == ENC_RLE && c->physical == P_BOOLEAN) {
    if (body_size < 4) return "a boolean page ends early";
    uint32_t length = (uint32_t)body[0] | (uint32_t)body[1] << 8 | (uint32_t)body[2] << 16 | (uint32_t)body[3] << 24;
    if (length > body_size - 4) return "a boolean page ends early";
    if (!rle_decode(body + 4, length, 1, scratch_values, defined)) return "booleans do not decode";
    return write_rows(job, c, row, n, levels, NULL, NULL, NULL, 0, scratch_values);
  }
  if ((h->encoding == ENC_RLE_DICTIONARY || h->encoding == ENC_PLAIN_DICTIONARY) && c->physical != P_BOOLEAN) {
    if (s->dict == NULL && dict_count == 0) return "a dictionary-encoded page without a dictionary";
    if (defined == 0) return write_rows(job, c, row, n, levels, NULL, scratch_values, s->dict, dict_count, NULL);
    if (body_size < 1 || body[0] > 32) return "a dictionary page's index width is invalid";
    if (!rle_decode(body + 1, body_size - 1, body[0], scratch_values, defined))
      return "dictionary indices do not decode";
    return write_rows(job, c, row, n, levels, NULL, scratch_values, s->dict, dict_count, NULL);
  }
  return unread_encoding(c->physical, h->encoding);
}

/* Reads and decodes one column chunk. NULL or what went wrong. */
static const char *run_task(Job *job, Task *task, Scratch *s, Strings *strings) {
  Column *c = &job->columns[task->column];
  bool text = c->convert == TO_STR;
  if (!codec_known(task->codec)) return DECLINED "a codec this reader does not decode";
  if (!reserve(&s->chunk, &s->chunk_size, (size_t)task->length)) return OOM;
  size_t got = 0;
  while (got < (size_t)task->length) {
    ssize_t r = pread(job->fd, s->chunk + got, (size_t)task->length - got, (off_t)(task->offset + (int64_t)got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return r == 0 ? DECLINED "the file ends inside a column chunk" : DECLINED "reading the file failed";
    got += (size_t)r;
  }
  const uint8_t *at = s->chunk, *end = s->chunk + task->length;
  int64_t row = task->first_row, stop = task->first_row + task->rows;
  size_t dict_count = 0;
  bool have_dict = false;
  while (row < stop) {
    if (__atomic_load_n(&job->failed, __ATOMIC_ACQUIRE)) return NULL;
    PageHeader h;
    int64_t header = read_page_header(at, end, &h);
    if (header < 0) return "a page header does not decode";
    at += header;
    if (h.compressed > end - at) return "a page runs past its column chunk";
    const uint8_t *data = at;
    at += h.compressed;
#ifdef HAVE_ZLIB
    /* A checksum the writer gave is checked (DuckDB does not), so a damaged page is refused before
       a decompressor makes something of it. */
    if (h.has_crc && (uint32_t)crc32(0, data, (uInt)h.compressed) != h.crc) return "a page's checksum does not match";
#endif
    if (h.type == PAGE_INDEX) continue;
    if (h.type == PAGE_DICTIONARY) {
      if (have_dict || c->physical == P_BOOLEAN) return "an unexpected dictionary page";
      if (h.encoding != ENC_PLAIN && h.encoding != ENC_PLAIN_DICTIONARY) return "a dictionary encoding this reader does not decode";
      if (h.num_values < 0 || (uint64_t)h.uncompressed > (text ? most_expanded(task->codec, (uint64_t)h.compressed)
                                                                : 1024 + (uint64_t)h.num_values * 8))
        return "a dictionary page's size is invalid";
      if (!text && (size_t)h.uncompressed / value_width(c->physical) < (size_t)h.num_values)
        return "a dictionary page holds fewer values than its header says";
      if (!reserve(&s->dict, &s->dict_size, (size_t)h.uncompressed + 8)) return OOM;
      if (task->codec != CODEC_UNCOMPRESSED) {
        const char *problem = decompress(task->codec, data, (size_t)h.compressed, s->dict, (size_t)h.uncompressed);
        if (problem != NULL) return problem;
      } else {
        if (h.compressed != h.uncompressed) return "an uncompressed page's sizes differ";
        if (h.uncompressed > 0) memcpy(s->dict, data, (size_t)h.uncompressed);
      }
      dict_count = (size_t)h.num_values;
      have_dict = true;
      if (text) { /* the entries become the chunk's first values: indices 0…dict_count-1 */
        if (strings->count != 0) return "a dictionary page after data pages";
        const char *problem = strings_add_plain(strings, s->dict, (size_t)h.uncompressed, dict_count, NULL, NULL,
                                                dict_count, 0);
        if (problem != NULL) return problem;
      }
      continue;
    }
    if (h.type != PAGE_DATA && h.type != PAGE_DATA_V2) return "a page type this reader does not decode";
    if (h.num_values < 0 || h.num_values > stop - row) return "a page holds more rows than its row group";
    /* A page of these types holds at most 8 bytes a value plus a level and an index; a header
       that claims more is not believed (it would only make us allocate its claim). */
    if ((uint64_t)h.uncompressed >
        (text ? most_expanded(task->codec, (uint64_t)h.compressed) : 1024 + (uint64_t)h.num_values * 13))
      return "a page claims more bytes than its values need";
    if (h.encoding == ENC_RLE_DICTIONARY || h.encoding == ENC_PLAIN_DICTIONARY) {
      if (!have_dict) return "a dictionary-encoded page without a dictionary";
    }
    const char *problem = decode_data_page(job, c, s, &h, data, task->codec, row, dict_count, strings);
    if (problem != NULL) return problem;
    row += h.num_values;
  }
  return NULL;
}

/*
 * Scratch memory is kept between reads in a small shared stack (fresh memory costs a page fault
 * per 4 KiB, and a read of a few columns would otherwise spend a tenth of its time faulting in the
 * same few MiB again). Buffers over SCRATCH_KEEP bytes are given back after the read.
 */
#define SCRATCH_KEEP ((size_t)16 << 20)
#define SPARE_SCRATCH 4 /* scratch sets kept: as many as libuv's default thread pool had */
static Scratch spare[SPARE_SCRATCH];
static uint32_t spare_count;
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;

static Scratch take_scratch(void) {
  Scratch s = {0};
  pthread_mutex_lock(&spare_lock);
  if (spare_count > 0) s = spare[--spare_count];
  pthread_mutex_unlock(&spare_lock);
  return s;
}

static void give_scratch(Scratch *s) {
  if (s->chunk_size > SCRATCH_KEEP) { free(s->chunk); s->chunk = NULL; s->chunk_size = 0; }
  if (s->page_size > SCRATCH_KEEP) { free(s->page); s->page = NULL; s->page_size = 0; }
  if (s->dict_size > SCRATCH_KEEP) { free(s->dict); s->dict = NULL; s->dict_size = 0; }
  if (s->split_size > SCRATCH_KEEP) { free(s->split); s->split = NULL; s->split_size = 0; }
  if (s->levels_size * sizeof(uint32_t) > SCRATCH_KEEP) { free(s->levels); s->levels = NULL; s->levels_size = 0; }
  pthread_mutex_lock(&spare_lock);
  bool kept = spare_count < SPARE_SCRATCH;
  if (kept) spare[spare_count++] = *s;
  pthread_mutex_unlock(&spare_lock);
  if (!kept) { free(s->chunk); free(s->page); free(s->dict); free(s->split); free(s->levels); }
}

/* Run the job's tasks until none is left or one fails. */
static void *work_loop(void *data) {
  Job *job = data;
  Scratch s = take_scratch();
  for (;;) {
    if (__atomic_load_n(&job->failed, __ATOMIC_ACQUIRE)) break;
    uint32_t i = __atomic_fetch_add(&job->next_task, 1, __ATOMIC_RELAXED);
    if (i >= job->task_count) break;
    const char *problem = run_task(job, &job->tasks[i], &s, job->strings == NULL ? NULL : &job->strings[i]);
    if (problem != NULL) {
      fail(job, "%s (column %u, rows %lld-%lld)", problem, job->tasks[i].column,
           (long long)job->tasks[i].first_row, (long long)(job->tasks[i].first_row + job->tasks[i].rows - 1));
      break;
    }
  }
  give_scratch(&s);
  return NULL;
}

/* A helper thread: back on every CPU the process may use, then the read's tasks. */
static void *helper_loop(void *data) {
  Job *job = data;
  if (job->spread) pthread_setaffinity_np(pthread_self(), sizeof job->allowed, &job->allowed);
  return work_loop(job);
}

/*
 * One libuv work per read: it starts a helper thread per further core and works beside them. Why
 * not one libuv work per core: two workers woken at once were both queued on the same CPU, and
 * the second, "cache hot" there, waited for the scheduler's next tick (up to 4 ms) before the
 * other, idle CPU took it. A new thread fared no better on some kernels (6.18 on a 2-vCPU VM):
 * placed on its creator's busy CPU, it started a median 2.4 ms later (perf sched), when the
 * read of one 1M-row column takes 4. So helpers are created allowed only on the CPUs the process
 * may use other than this thread's, which puts each on one of them at once, and each widens its
 * own affinity back to all of them as it starts (helper_loop), so the scheduler may move it later.
 */
static void work_execute(napi_env env, void *data) {
  Job *job = data;
  pthread_t helpers[MAX_WORKERS];
  uint32_t started = 0;
  pthread_attr_t attr;
  job->spread = job->threads > 1 && CPU_COUNT(&job->allowed) > 1;
  if (job->spread) {
    cpu_set_t others = job->allowed;
    int here = sched_getcpu();
    if (here >= 0 && here < CPU_SETSIZE) CPU_CLR(here, &others);
    job->spread = CPU_COUNT(&others) > 0 && pthread_attr_init(&attr) == 0;
    if (job->spread && pthread_attr_setaffinity_np(&attr, sizeof others, &others) != 0) {
      pthread_attr_destroy(&attr);
      job->spread = false;
    }
  }
  for (uint32_t h = 1; h < job->threads; h++)
    if (pthread_create(&helpers[started], job->spread ? &attr : NULL, helper_loop, job) == 0) started++;
  if (job->spread) pthread_attr_destroy(&attr);
  work_loop(job);
  for (uint32_t h = 0; h < started; h++) pthread_join(helpers[h], NULL);
  /* Every task has finished: merge each string column's chunks. */
  if (job->strings != NULL)
    for (uint32_t j = 0; j < job->column_count && !__atomic_load_n(&job->failed, __ATOMIC_ACQUIRE); j++) {
      if (job->columns[j].convert != TO_STR) continue;
      const char *problem = merge_strings(job, j);
      if (problem != NULL) fail(job, "%s (column %u)", problem, j);
    }
}

#ifndef FLYWHEEL_FUZZ /* the JS glue; the fuzzer (native/fuzz/) drives the jobs without it */
static void free_mask(napi_env env, void *data, void *hint) {
  free(data);
}
#endif

static void free_job(void *data) {
  Job *job = data;
  for (uint32_t j = 0; j < job->column_count; j++) {
    free(job->columns[j].nulls);
    free(job->columns[j].unique);
    free(job->columns[j].unique_length);
  }
  if (job->strings != NULL)
    for (uint32_t t = 0; t < job->task_count; t++) {
      free(job->strings[t].bytes);
      free(job->strings[t].start);
      free(job->strings[t].length);
    }
  free(job->strings);
  if (job->fd >= 0) close(job->fd);
  pthread_mutex_destroy(&job->lock);
  free(job->columns);
  free(job->tasks);
  free(job);
}

#ifndef FLYWHEEL_FUZZ
/* The error code JS sees for a problem: the file is corrupt, or the reader declined. */
static const char *problem_code(const char *problem) {
  return is_declined(problem) ? "PARQUET_DECLINED" : "PARQUET_CORRUPT";
}

/* Rejects with an Error whose `code` says corrupt or declined (src/data/parquet/direct-reader.ts). */
static void reject_problem(napi_env env, napi_deferred deferred, const char *problem) {
  napi_value code, text, error;
  napi_create_string_utf8(env, problem_code(problem), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, problem, NAPI_AUTO_LENGTH, &text);
  napi_create_error(env, code, text, &error);
  napi_reject_deferred(env, deferred, error);
}

static void work_complete(napi_env env, napi_status status, void *data) {
  Job *job = data;
  if (status != napi_ok) fail(job, DECLINED "the read was cancelled");
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  if (job->error[0] != '\0') {
    reject_problem(env, job->w.deferred, job->error);
  } else {
    napi_value masks;
    napi_create_array_with_length(env, job->column_count, &masks);
    for (uint32_t j = 0; j < job->column_count; j++) {
      napi_value mask;
      Column *c = &job->columns[j];
      if (c->convert == TO_STR) { /* the distinct values, in code order */
        napi_create_array_with_length(env, c->unique_count, &mask);
        for (uint32_t u = 0; u < c->unique_count; u++) {
          napi_value text;
          napi_create_string_utf8(env, (const char *)c->unique[u], c->unique_length[u], &text);
          napi_set_element(env, mask, u, text);
        }
      } else if (c->nulls == NULL) {
        napi_get_null(env, &mask);
      } else if (napi_create_external_arraybuffer(env, c->nulls, (size_t)job->rows, free_mask, NULL, &mask) == napi_ok) {
        c->nulls = NULL;
      } else { /* external buffers refused: copy */
        void *copy;
        napi_create_arraybuffer(env, (size_t)job->rows, &copy, &mask);
        memcpy(copy, c->nulls, (size_t)job->rows);
      }
      napi_set_element(env, masks, j, mask);
    }
    napi_resolve_deferred(env, job->w.deferred, masks);
  }
  napi_close_handle_scope(env, scope);
  end_work(env, &job->w);
  free_job(job);
}

#endif

typedef struct {
  int32_t physical, codec;
  int64_t values, start, length, dictionary;
  /* The statistics' 8-byte min and max values (fields 1, 2, 5, 6), as stored. */
  int64_t bounds[4];
  uint32_t bound_count;
} ChunkMeta;

/*
 * A column chunk's Statistics: min and max values (fields 1, 2, 5, 6) of a fixed-width type must
 * be that wide, as DuckDB insists ("Incorrect stats size"); false when one is not. The physical
 * type comes first in ColumnMetaData, so it is known here.
 */
static bool read_statistics(Thrift *t, ChunkMeta *m) {
  size_t width = m->physical == P_BOOLEAN ? 1 : m->physical == P_INT32 || m->physical == P_FLOAT ? 4
               : m->physical == P_INT64 || m->physical == P_DOUBLE ? 8 : 0;
  int id = 0, type;
  while (!t->bad && (type = t_field(t, &id)) != 0) {
    if ((id == 1 || id == 2 || id == 5 || id == 6) && type == 8 && width > 0) {
      uint64_t length = t_varint(t);
      if (t->bad || length != width || (uint64_t)(t->end - t->at) < length) return false;
      if (width == 8 && m->bound_count < 4) memcpy(&m->bounds[m->bound_count++], t->at, 8);
      t->at += length;
    } else {
      t_skip(t, type, 3);
    }
  }
  return !t->bad;
}

/* A ColumnChunk's metadata: NULL, or a decline (in another file, encrypted) or what does not decode. */
static const char *read_chunk_meta(Thrift *t, ChunkMeta *m) {
  const char *corrupt = "a column chunk's metadata does not decode";
  m->physical = m->codec = -1;
  m->values = m->start = m->length = m->dictionary = -1;
  m->bound_count = 0;
  int id = 0, type;
  bool offset = false, meta = false;
  while (!t->bad && (type = t_field(t, &id)) != 0) {
    if (id == 1 || id == 8 || id == 9) /* file_path, crypto_metadata, encrypted_column_metadata */
      return DECLINED "a column chunk in another file, or encrypted";
    if (id == 2 && type == 6) offset = true;
    if (id != 3 || type != 12) {
      t_skip(t, type, 1);
      continue;
    }
    meta = true;
    /* Required fields of ColumnMetaData, as Thrift's readers insist: 1–7 and 9. */
    uint32_t seen = 0;
    int field = 0, kind;
    while (!t->bad && (kind = t_field(t, &field)) != 0) {
      bool known = (field == 1 || field == 4) ? kind == 5 : (field == 2 || field == 3) ? kind == 9
                 : (field >= 5 && field <= 7) || field == 9 || field == 11 ? kind == 6 : false;
      if (known && field < 32) seen |= 1u << field;
      if (field == 1 && kind == 5) m->physical = (int32_t)t_zigzag(t);
      else if (field == 4 && kind == 5) m->codec = (int32_t)t_zigzag(t);
      else if (field == 5 && kind == 6) m->values = t_zigzag(t);
      else if (field == 7 && kind == 6) m->length = t_zigzag(t);
      else if (field == 9 && kind == 6) m->start = t_zigzag(t);
      else if (field == 11 && kind == 6) m->dictionary = t_zigzag(t);
      else if (field == 12 && kind == 12) {
        if (!read_statistics(t, m)) return corrupt;
      } else t_skip(t, kind, 2);
    }
    if ((seen & 0x2fe) != 0x2fe) return corrupt;
  }
  if (t->bad || !offset || !meta || m->physical < 0 || m->codec < 0 || m->values < 0 || m->start < 0 || m->length < 0)
    return corrupt;
  /* The chunk starts at its dictionary page when it has one (some writers put 0 there for none). */
  if (m->dictionary > 0 && m->dictionary < m->start) m->start = m->dictionary;
  return NULL;
}

/*
 * One task per (row group, requested column) from the footer's row-group list (`bytes`, starting
 * at the list's header): where each chunk lies, its codec and its rows. NULL or what is wrong.
 */
static const char *plan_tasks(Job *job, const uint8_t *bytes, size_t size, uint32_t leaf_count,
                              const uint32_t *leaf_of, int64_t file_size, uint64_t first_group, uint64_t group_count) {
  Thrift t = {bytes, bytes + size, false};
  uint8_t header = t_byte(&t);
  uint64_t groups = header >> 4 == 15 ? t_varint(&t) : header >> 4;
  if (t.bad || (header & 0x0f) != 12 || groups > size) return "the row groups do not decode";
  /* Row groups first_group…first_group+group_count-1 are read, their rows from row 0 of the outputs. */
  if (first_group > groups) return DECLINED "the row groups asked for are not in the file";
  if (group_count > groups - first_group) group_count = groups - first_group;
  if (group_count * (uint64_t)job->column_count > ((uint64_t)1 << 24)) return DECLINED "too many column chunks";
  job->task_count = (uint32_t)(group_count * job->column_count);
  job->tasks = calloc(job->task_count ? job->task_count : 1, sizeof(Task));
  ChunkMeta *metas = calloc(job->column_count ? job->column_count : 1, sizeof(ChunkMeta));
  /* wanted[k]: some requested column reads leaf k. */
  bool *wanted = calloc(leaf_count ? leaf_count : 1, sizeof(bool));
  const char *problem = job->tasks == NULL || metas == NULL || wanted == NULL ? OOM : NULL;
  for (uint32_t j = 0; j < job->column_count && problem == NULL; j++) wanted[leaf_of[j]] = true;
  /* Row counts are summed checked: every group's and the total must fit the rows asked for. */
  int64_t row = 0, all_rows = 0;
  for (uint64_t g = 0; g < groups && problem == NULL; g++) {
    int64_t rows = -1;
    uint64_t chunks = 0;
    bool sized = false; /* total_byte_size, required */
    int id = 0, type;
    while (problem == NULL && !t.bad && (type = t_field(&t, &id)) != 0) {
      if (id == 3 && type == 6) {
        rows = t_zigzag(&t);
        continue;
      }
      if (id == 2 && type == 6) sized = true;
      if (id != 1 || type != 9) {
        t_skip(&t, type, 1);
        continue;
      }
      uint8_t list = t_byte(&t);
      chunks = list >> 4 == 15 ? t_varint(&t) : list >> 4;
      if ((list & 0x0f) != 12 || chunks != leaf_count) {
        problem = "a row group's columns differ from the schema";
        break;
      }
      for (uint32_t k = 0; k < leaf_count && problem == NULL && !t.bad; k++) {
        /* Every chunk's metadata is checked, read or not, as DuckDB checks them all. */
        ChunkMeta m;
        problem = read_chunk_meta(&t, &m);
        if (!wanted[k]) continue;
        for (uint32_t j = 0; j < job->column_count && problem == NULL; j++)
          if (leaf_of[j] == k) metas[j] = m;
      }
    }
    if (problem != NULL) break;
    if (t.bad || rows < 0 || !sized || chunks != leaf_count) {
      problem = "a row group does not decode";
      break;
    }
    if (rows > INT64_MAX - all_rows) {
      problem = "the row groups' row counts overflow";
      break;
    }
    all_rows += rows;
    if (g < first_group || g >= first_group + group_count) continue;
    if (rows > job->rows - row) {
      problem = "the row groups hold more rows than the file says";
      break;
    }
    for (uint32_t j = 0; j < job->column_count; j++) {
      ChunkMeta *m = &metas[j];
      Task *task = &job->tasks[(g - first_group) * job->column_count + j];
      if (m->physical != job->columns[j].physical || m->values != rows) problem = "a column chunk differs from its schema";
      else if (m->start > file_size || m->length > file_size - m->start) problem = "a column chunk lies outside the file";
      else if (!codec_known(m->codec)) problem = DECLINED "a codec this reader does not decode";
      /* DuckDB converts a millisecond timestamp column's statistics to microseconds and refuses
         the file when one does not fit; the file is left to it, whose refusal names the value. */
      for (uint32_t k = 0; problem == NULL && job->columns[j].convert == TO_TS_MS && k < m->bound_count; k++) {
        double ignored;
        problem = time_at((const uint8_t *)&m->bounds[k], TO_TS_MS, &ignored);
      }
      task->column = j;
      task->first_row = row;
      task->rows = rows;
      task->offset = m->start;
      task->length = m->length;
      task->codec = m->codec;
    }
    row += rows;
  }
  if (problem == NULL && (t.bad || row != job->rows)) problem = "the row groups do not add up to the rows asked for";
  /* The rest of FileMetaData (key-value metadata, created_by, column orders…) must decode too. */
  if (problem == NULL) {
    int id = 4, type;
    while (!t.bad && (type = t_field(&t, &id)) != 0) t_skip(&t, type, 1);
    if (t.bad) problem = "the footer does not decode after its row groups";
  }
  free(metas);
  free(wanted);
  return problem;
}

/*
 * A job for `rows` rows of the columns `codes` describes (COLUMN_FIELDS each: leaf, physical
 * type, conversion, max definition level); NULL when out of memory, a job whose `error` says why
 * when the codes are not ones this reader decodes. Outputs (`values`) are the caller's to set.
 */
static Job *job_create(int64_t rows, uint32_t column_count, const uint32_t *codes, uint32_t leaf_count) {
  Job *job = calloc(1, sizeof(Job));
  if (job == NULL) return NULL;
  job->fd = -1;
  pthread_mutex_init(&job->lock, NULL);
  job->rows = rows;
  job->column_count = column_count;
  job->columns = calloc(column_count ? column_count : 1, sizeof(Column));
  if (job->columns == NULL) {
    free_job(job);
    return NULL;
  }
  for (uint32_t j = 0; j < column_count; j++) {
    Column *c = &job->columns[j];
    uint32_t leaf = codes[j * COLUMN_FIELDS], physical = codes[j * COLUMN_FIELDS + 1],
             convert = codes[j * COLUMN_FIELDS + 2], max_def = codes[j * COLUMN_FIELDS + 3];
    bool known = (physical == P_DOUBLE && convert == TO_F64) || (physical == P_FLOAT && convert == TO_F32) ||
                 (physical == P_INT64 && (convert == TO_I64 || convert == TO_U64)) ||
                 (physical == P_INT32 && convert >= TO_I32 && convert <= TO_U32) ||
                 (physical == P_BOOLEAN && convert == TO_BOOL) || (physical == P_INT32 && convert == TO_DATE) ||
                 (physical == P_INT64 && (convert == TO_TS_US || convert == TO_TS_MS)) ||
                 (physical == P_BYTE_ARRAY && convert == TO_STR);
    if (!known || max_def > 1 || leaf >= leaf_count) {
      snprintf(job->error, ERROR_BYTES, "%s", DECLINED "parquetRead: a column's codes are not ones it decodes");
      break;
    }
    c->leaf = leaf;
    c->physical = (uint8_t)physical;
    c->convert = (uint8_t)convert;
    c->max_def = (uint8_t)max_def;
  }
  return job;
}

/* Plans the job's tasks from the footer's row-group list (plan_tasks); NULL or what is wrong. */
static const char *job_plan(Job *job, const uint8_t *groups, size_t group_bytes, uint32_t leaf_count,
                            int64_t file_size, int64_t first_group, int64_t group_count) {
  uint32_t *leaf_of = calloc(job->column_count ? job->column_count : 1, sizeof(uint32_t));
  if (leaf_of == NULL) return OOM;
  for (uint32_t j = 0; j < job->column_count; j++) leaf_of[j] = job->columns[j].leaf;
  const char *problem = plan_tasks(job, groups, group_bytes, leaf_count, leaf_of, file_size, (uint64_t)first_group,
                                   (uint64_t)group_count);
  free(leaf_of);
  for (uint32_t j = 0; j < job->column_count && problem == NULL && job->strings == NULL; j++)
    if (job->columns[j].convert == TO_STR) {
      job->strings = calloc(job->task_count ? job->task_count : 1, sizeof(Strings));
      if (job->strings == NULL) problem = OOM;
    }
  return problem;
}

/* Checks the job's open file (`fd`) is the one the footer was read from: its size, its magic. */
static const char *job_check_file(Job *job, int64_t file_size) {
  struct stat info;
  if (fstat(job->fd, &info) != 0) return DECLINED "parquetRead: the file could not be opened";
  if ((int64_t)info.st_size != file_size) return DECLINED "parquetRead: the file changed size since its footer was read";
  uint8_t magic[4];
  if (pread(job->fd, magic, 4, 0) != 4 || memcmp(magic, "PAR1", 4) != 0) return "the file does not start with PAR1";
  return NULL;
}

#ifndef FLYWHEEL_FUZZ
/*
 * parquetRead(path, fileSize, rows, rowGroups, leafCount, columns, outputs, firstGroup?, groupCount?)
 *   → Promise<(ArrayBuffer | string[] | null)[]>
 *   rowGroups: Uint8Array, the footer's bytes from the row-group list's header on
 *   leafCount: the leaf columns in the schema (each row group has one chunk per leaf)
 *   columns: Uint32Array, COLUMN_FIELDS a requested column: leaf index, physical type,
 *            conversion, max definition level
 *   outputs: one Float64Array (Uint8Array for booleans, Int32Array for strings) of `rows` per
 *            requested column, `rows` being those of the row groups read
 *   firstGroup, groupCount: read only these row groups (default: all)
 * Resolves to each column's null mask (1 a null row), or null when it has no null.
 */
napi_value parquet_read(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 7)
    return throw_error(env, "parquetRead(path, fileSize, rows, rowGroups, leafCount, columns, outputs, firstGroup?, groupCount?)");
  int64_t first_group = 0, group_count = INT64_MAX;
  if (argc >= 9 && (napi_get_value_int64(env, argv[7], &first_group) != napi_ok ||
                    napi_get_value_int64(env, argv[8], &group_count) != napi_ok || first_group < 0 || group_count < 0))
    return throw_error(env, "parquetRead: firstGroup and groupCount must be non-negative integers");
  char path[4096];
  size_t path_length;
  if (napi_get_value_string_utf8(env, argv[0], path, sizeof path, &path_length) != napi_ok || path_length >= sizeof path - 1)
    return throw_error(env, "parquetRead: the path must be a string shorter than 4096 bytes");
  int64_t file_size, rows;
  uint32_t leaf_count;
  if (napi_get_value_int64(env, argv[1], &file_size) != napi_ok || napi_get_value_int64(env, argv[2], &rows) != napi_ok ||
      napi_get_value_uint32(env, argv[4], &leaf_count) != napi_ok || rows < 0 || file_size < 0)
    return throw_error(env, "parquetRead: the file size, row count and leaf count must be numbers");
  napi_typedarray_type type;
  size_t group_bytes, column_values;
  void *group_data, *column_data;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, argv[3], &type, &group_bytes, &group_data, &buffer, &offset) != napi_ok ||
      type != napi_uint8_array)
    return throw_error(env, "parquetRead: rowGroups must be a Uint8Array");
  if (napi_get_typedarray_info(env, argv[5], &type, &column_values, &column_data, &buffer, &offset) != napi_ok ||
      type != napi_uint32_array || column_values % COLUMN_FIELDS != 0)
    return throw_error(env, "parquetRead: columns must be a Uint32Array");
  uint32_t column_count = (uint32_t)(column_values / COLUMN_FIELDS), output_count;
  bool is_array;
  if (napi_is_array(env, argv[6], &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, argv[6], &output_count) != napi_ok || output_count != column_count)
    return throw_error(env, "parquetRead: one output array per column");

  Job *job = job_create(rows, column_count, column_data, leaf_count);
  if (job == NULL) return throw_error(env, OOM);
  const char *problem = job->error[0] != '\0' ? job->error : NULL;
  for (uint32_t j = 0; j < column_count && problem == NULL; j++) {
    Column *c = &job->columns[j];
    napi_value output;
    size_t length;
    void *values;
    napi_get_element(env, argv[6], j, &output);
    if (napi_get_typedarray_info(env, output, &type, &length, &values, &buffer, &offset) != napi_ok ||
        type != (c->convert == TO_BOOL  ? napi_uint8_array
                 : c->convert == TO_STR ? napi_int32_array
                                        : napi_float64_array) ||
        (int64_t)length != rows) {
      problem = DECLINED "parquetRead: each output must be a Float64Array (Uint8Array for booleans, Int32Array for strings) of `rows` values";
      break;
    }
    c->values = values;
  }
  if (problem == NULL) problem = job_plan(job, group_data, group_bytes, leaf_count, file_size, first_group, group_count);
  if (problem == NULL) {
    job->fd = open(path, O_RDONLY | O_CLOEXEC);
    problem = job->fd < 0 ? DECLINED "parquetRead: the file could not be opened" : job_check_file(job, file_size);
  }
  if (problem != NULL) {
    free_job(job);
    napi_throw_error(env, problem_code(problem), problem);
    return NULL;
  }
  /* The CPUs this process may run on (as Node's availableParallelism counts them), not all those
     online: sysconf(_SC_NPROCESSORS_ONLN) also reads a file in /sys on every call (~50 µs). */
  long cores;
  if (sched_getaffinity(0, sizeof job->allowed, &job->allowed) == 0) {
    cores = CPU_COUNT(&job->allowed);
  } else { /* more CPUs than a cpu_set_t holds: all online ones, and no spreading (work_execute) */
    CPU_ZERO(&job->allowed);
    cores = sysconf(_SC_NPROCESSORS_ONLN);
  }
  job->threads = cores < 1 ? 1 : cores > MAX_WORKERS ? MAX_WORKERS : (uint32_t)cores;
  if (job->threads > job->task_count) job->threads = job->task_count > 0 ? job->task_count : 1;
  /* A read of a few hundred KiB takes less time than starting a helper thread would save. */
  int64_t bytes = 0;
  for (uint32_t i = 0; i < job->task_count; i++) bytes += job->tasks[i].length;
  if (bytes < ONE_THREAD_BYTES) job->threads = 1;
  return start_work(env, "flywheel.parquetRead", argv[6], work_execute, work_complete, job, &job->w, free_job);
}

/* parquetCodecs() → the parquet.thrift codec numbers parquetRead decodes here. */
napi_value parquet_codecs(napi_env env, napi_callback_info info) {
  int32_t codecs[] = {CODEC_UNCOMPRESSED, CODEC_SNAPPY, CODEC_GZIP, CODEC_ZSTD};
  napi_value list;
  napi_create_array(env, &list);
  uint32_t n = 0;
  for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++) {
    if (!codec_known(codecs[i])) continue;
    napi_value value;
    napi_create_int32(env, codecs[i], &value);
    napi_set_element(env, list, n++, value);
  }
  return list;
}

/* ---- readTail: a file's size and last bytes in one trip to the thread pool ---- */

typedef struct {
  char path[4096];
  uint8_t *bytes; /* the caller's buffer, kept alive by `w` */
  size_t capacity, length;
  int64_t size;
  int error; /* errno, or -1 for "not a whole regular file" */
  Work w;
} Tail;

static void tail_execute(napi_env env, void *data) {
  Tail *t = data;
  int fd = open(t->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    t->error = errno;
    return;
  }
  struct stat info;
  if (fstat(fd, &info) != 0) t->error = errno;
  else if (!S_ISREG(info.st_mode)) t->error = -1;
  if (t->error == 0) {
    t->size = (int64_t)info.st_size;
    t->length = (size_t)info.st_size < t->capacity ? (size_t)info.st_size : t->capacity;
    size_t got = 0;
    while (t->error == 0 && got < t->length) {
      ssize_t r = pread(fd, t->bytes + got, t->length - got, (off_t)(t->size - (int64_t)t->length + (int64_t)got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) t->error = r == 0 ? -1 : errno;
      else got += (size_t)r;
    }
  }
  close(fd);
}

static void tail_complete(napi_env env, napi_status status, void *data) {
  Tail *t = data;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  if (status != napi_ok || t->error != 0) {
    reject_with(env, t->w.deferred, t->error > 0 ? strerror(t->error) : "not a whole regular file");
  } else {
    napi_value result, size, length;
    napi_create_object(env, &result);
    napi_create_double(env, (double)t->size, &size);
    napi_create_double(env, (double)t->length, &length);
    napi_set_named_property(env, result, "size", size);
    napi_set_named_property(env, result, "length", length);
    napi_resolve_deferred(env, t->w.deferred, result);
  }
  napi_close_handle_scope(env, scope);
  end_work(env, &t->w);
  free(t);
}

/*
 * readTail(path, buffer) → Promise<{ size, length }>: the file's size, and its last `length`
 * (min(size, buffer.length)) bytes written to the start of `buffer`. Rejects on any failure (the
 * caller then asks node:fs, whose errors name the cause).
 */
napi_value read_tail(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2)
    return throw_error(env, "readTail(path, buffer)");
  Tail *t = calloc(1, sizeof(Tail));
  if (t == NULL) return throw_error(env, OOM);
  size_t length;
  void *bytes;
  if (napi_get_value_string_utf8(env, argv[0], t->path, sizeof t->path, &length) != napi_ok ||
      length >= sizeof t->path - 1 || napi_get_buffer_info(env, argv[1], &bytes, &t->capacity) != napi_ok) {
    free(t);
    return throw_error(env, "readTail: a path shorter than 4096 bytes and a Buffer");
  }
  t->bytes = bytes;
  return start_work(env, "flywheel.readTail", argv[1], tail_execute, tail_complete, t, &t->w, free);
}
#endif /* FLYWHEEL_FUZZ */
