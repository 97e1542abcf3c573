/**
 * The seam between the reference reader and an accelerator. DuckDB reads every file (read.ts); an
 * accelerator may read a plan faster, and otherwise declines it, leaving it to DuckDB. It must
 * give DuckDB's values or refuse the file as DATA_INVALID, never other values, never a crash: the
 * contract suite (differential.test.ts) checks every accelerator against DuckDB over valid,
 * damaged and mutated files. There is one today, the direct Parquet decoder (direct-reader.ts);
 * `FLYWHEEL_NATIVE=0` turns it off (see README.md).
 */
import type { ScanPlan } from '../scan-plan.js';
import type { FileFacts } from '../source.js';
import type { Table } from '../table.js';
import type { ParquetFooter } from './footer.js';

/** What an accelerator answers for a plan it does not read: the reference reader reads it. */
export const DECLINED = Symbol('declined');
/** The type of `DECLINED`. */
export type Declined = typeof DECLINED;

/**
 * A source of column buffers for chunks, such as a pool of shared buffers a pipeline hands back
 * once it is done with a chunk: `take(bytes)` gives a buffer of at least that size, or undefined
 * to allocate as usual. A buffer's old contents do not matter: a reader writes every row.
 */
export interface ChunkBuffers {
  take(bytes: number): ArrayBufferLike | undefined;
}

/** A reader that may read a plan faster than the reference, or decline it. */
export interface ReadAccelerator {
  /** Its name in the contract suite's reports. */
  readonly name: string;
  /**
   * What it learns of a file from the bytes already read (`facts.tail`): a Parquet footer whose
   * columns the plan can take without asking DuckDB; undefined when it has nothing to say.
   * Throws DATA_INVALID when it finds the file corrupt.
   */
  inspect(facts: FileFacts): ParquetFooter | undefined;
  /** The plan's table, or DECLINED (nothing kept). Throws DATA_INVALID when it finds the file corrupt. */
  read(plan: ScanPlan): Promise<Table | Declined>;
  /**
   * The plan's rows as tables of `chunkRows` rows (only the last may be shorter), each owning its
   * arrays (numeric ones from `buffers` when given); a plan without rows yields nothing. Returns
   * DECLINED when it stopped before the end: the reference reads on from the first row not
   * yielded.
   */
  readChunks(
    plan: ScanPlan,
    chunkRows: number,
    buffers?: ChunkBuffers,
  ): AsyncGenerator<Table, Declined | undefined>;
}
