/**
 * A distributed chunk task (the data of one BullMQ job): everything a worker on another machine
 * needs to score one chunk — the input range, the model by object digests, the output. Parsed
 * with zod when a worker takes it off the queue.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultDataEngine, readTable, type Table } from '../data/index.js';
import { idSchemaSchema } from './job-state.js';
import { quoteIdent } from './target.js';

/** zod schema of a chunk task. */
export const chunkTaskSchema = z.object({
  jobId: z.string().min(1),
  index: z.number().int().nonnegative(),
  file: z.string(),
  /** Rows [fileStart, fileStart + rows) of `file`, which are rows [startRow, …) of the job. */
  fileStart: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  startRow: z.number().int().nonnegative(),
  columns: z.array(z.string()),
  present: z.array(z.string()),
  idColumn: z.string().nullable(),
  idSchema: idSchemaSchema.nullable(),
  modelVersion: z.string(),
  modelDigest: z.string(),
  /** Model file name → object digest in the shared artifact store. */
  modelFiles: z.record(z.string(), z.string()),
  output: z.string(),
  cwd: z.string(),
  chunkDir: z.string(),
});

/** One chunk of a distributed job. */
export type ChunkTask = z.infer<typeof chunkTaskSchema>;

/** Read a task's rows of a Parquet file, in file order. */
export async function readTaskRows(task: ChunkTask): Promise<Table> {
  const engine = await defaultDataEngine();
  const temporary = join(tmpdir(), `flywheel-chunk-${randomBytes(6).toString('hex')}.parquet`);
  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const columns = task.columns.map(quoteIdent).join(', ');
  try {
    await engine.withConnection((c) =>
      c.run(
        `COPY (SELECT ${columns} FROM read_parquet(${lit(task.file)}, file_row_number = true) WHERE file_row_number >= ${task.fileStart} AND file_row_number < ${task.fileStart + task.rows} ORDER BY file_row_number) TO ${lit(temporary)} (FORMAT parquet)`,
      ),
    );
    return await readTable(temporary);
  } finally {
    await rm(temporary, { force: true });
  }
}
