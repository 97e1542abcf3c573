/**
 * A distributed chunk task (the data of one BullMQ job): everything a worker on another machine
 * needs to score one chunk — the input range, the model version and digest, the output. Signed by
 * the submitter (task-signing.ts); a worker still loads the model from its own stores and reads
 * and writes only where its own configuration allows (worker-policy.ts).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { FlywheelError } from '../core/index.js';
import { defaultDataEngine, readTable, type Table } from '../data/index.js';
import { idSchemaSchema } from './job-state.js';
import { quoteIdent } from './target.js';

/** zod schema of a chunk task. */
export const chunkTaskSchema = z
  .object({
    jobId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a job id is letters, digits, _ and -'),
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
    /** `name:N` of a registered model, or the folder a job's model was loaded from. */
    modelVersion: z.string(),
    modelDigest: z.string(),
    /** The output as `targetText` writes it: absolute paths, no password. */
    output: z.string(),
    /** The job's folder for chunk files, which must be the worker's own folder of that job. */
    chunkDir: z.string(),
  })
  .strict();

/** One chunk of a distributed job. */
export type ChunkTask = z.infer<typeof chunkTaskSchema>;

/** Read a task's rows of a Parquet file, in file order. */
export async function readTaskRows(task: ChunkTask): Promise<Table> {
  const engine = await defaultDataEngine();
  const temporary = join(tmpdir(), `flywheel-chunk-${randomBytes(6).toString('hex')}.parquet`);
  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const columns = task.columns.map(quoteIdent).join(', ');
  try {
    await engine
      .withConnection((c) =>
        c.run(
          `COPY (SELECT ${columns} FROM read_parquet(${lit(task.file)}, file_row_number = true) WHERE file_row_number >= ${task.fileStart} AND file_row_number < ${task.fileStart + task.rows} ORDER BY file_row_number) TO ${lit(temporary)} (FORMAT parquet)`,
        ),
      )
      .catch((error: unknown) => {
        throw unreadable(task, error);
      });
    return await readTable(temporary);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** DuckDB's I/O errors may pass (a retry can mend them); anything else means the file is bad. */
function unreadable(task: ChunkTask, error: unknown): Error {
  const message = (error as Error).message ?? String(error);
  if (message.startsWith('IO Error')) return error as Error;
  const end = task.fileStart + task.rows;
  return new FlywheelError(
    'DATA_INVALID',
    `Cannot read rows ${task.fileStart}-${end} of ${task.file}: ${message.split('\n')[0]}`,
    {
      where: { file: task.file },
      hint: 'The input file is damaged or is not the file the job was planned on: replace it, then resume the job.',
      cause: error,
    },
  );
}
