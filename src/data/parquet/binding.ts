/**
 * The addon's Parquet functions (native/parquet/), as the direct reader and the footer use them.
 * The addon is loaded, and turned off, in ../native.ts.
 */

/** The Parquet decoder's functions in the addon. */
export interface ParquetBinding {
  /**
   * Decode Parquet column chunks straight into `outputs` (native/parquet/read.c): `rowGroups` is
   * the footer from its row-group list on, `leafCount` the schema's leaf columns, `columns` four
   * numbers a requested column (leaf index, physical type, conversion, max definition level);
   * only row groups `firstGroup`… (`groupCount` of them) when given, `rows` being theirs.
   * Resolves to each numeric column's null mask (1 a null row) or null, and each string column's
   * distinct values (its codes index them, -1 a null); rejects, with what it met, on anything it
   * does not decode: code `PARQUET_CORRUPT` when the file does not add up, `PARQUET_DECLINED`
   * when the decoder does not do what the file needs.
   */
  parquetRead(
    path: string,
    fileSize: number,
    rows: number,
    rowGroups: Uint8Array,
    leafCount: number,
    columns: Uint32Array,
    outputs: (Float64Array | Uint8Array | Int32Array)[],
    firstGroup?: number,
    groupCount?: number,
  ): Promise<(ArrayBuffer | string[] | null)[]>;
  /**
   * Decode a file's footer from its last bytes (native/parquet/footer.c): the schema elements'
   * names and nine numbers each (type, repetition, children, converted type, logical type id,
   * integer bits, signed, timestamp unit, UTC; NaN where absent), the row count, each row group's
   * rows and where their list starts in `tail`. Null when it is not a footer the decoder reads;
   * throws with code `PARQUET_CORRUPT` when it does not add up.
   */
  parquetFooter(tail: Uint8Array): {
    rows: number;
    names: string[];
    schema: Float64Array;
    rowGroups: Float64Array | null;
    rowGroupsAt: number;
  } | null;
  /**
   * A file's size, and its last min(size, buffer.length) bytes written to the start of `buffer`
   * (`length` of them), read on the thread pool in one trip; rejects on any failure (not a
   * regular file, unreadable, changed while read).
   */
  readTail(path: string, buffer: Buffer): Promise<{ size: number; length: number }>;
  /** The parquet.thrift codec numbers `parquetRead` decodes (ZSTD only where libzstd is installed). */
  parquetCodecs(): number[];
}
