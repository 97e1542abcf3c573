/**
 * A batch job's state file (`job.json` in its folder under .flywheel/batch/): what it reads, with
 * which model, where it writes. Written once when the job starts (atomically); `--resume` reads it,
 * so a resumed job scores exactly the same rows with exactly the same model.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FlywheelError, writeFileAtomic } from '../core/index.js';
import type { DataFormat } from '../data/index.js';

/** The id column as read: its name, source type and column kind (shared by jobs and chunk tasks). */
export const idSchemaSchema = z.object({
  name: z.string(),
  sourceType: z.string(),
  kind: z.enum(['float64', 'timestamp', 'bool', 'dictionary']),
});

/** The data formats an input's files can have (DataFormat of the data module). */
export const dataFormatSchema = z.enum(['csv', 'jsonl', 'json', 'parquet']) satisfies z.ZodType<DataFormat>;

/** zod schema of job.json. */
export const jobStateSchema = z.object({
  jobId: z.string().min(1),
  model: z.string(),
  modelDigest: z.string(),
  modelVersion: z.string(),
  /** The input files in order (a `sql:` input is materialised once into the job folder). */
  files: z.array(z.string()).min(1),
  /** Their format when it is not in their names (a stored version's objects); null: by name. */
  format: dataFormatSchema.nullable().default(null),
  /** Columns read from the input, and the model features among them. */
  columns: z.array(z.string()),
  present: z.array(z.string()),
  idColumn: z.string().nullable(),
  idSchema: idSchemaSchema.nullable(),
  output: z.string(),
  cwd: z.string(),
  chunkRows: z.number().int().positive(),
  totalRows: z.number().int().nonnegative().nullable(),
  createdAt: z.number(),
});

/** A batch job's fixed settings. */
export type JobState = z.infer<typeof jobStateSchema>;

/** The folder of a job. */
export function jobDir(workDir: string, jobId: string): string {
  return join(workDir, jobId);
}

/** Write job.json (temporary file + rename). */
export async function writeJobState(workDir: string, state: JobState): Promise<void> {
  const dir = jobDir(workDir, state.jobId);
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, 'job.json'), JSON.stringify(state, null, 2));
}

/** Read a job's state, or NOT_FOUND with what to do. */
export async function readJobState(workDir: string, jobId: string): Promise<JobState> {
  if (!/^[A-Za-z0-9_-]+$/.test(jobId)) {
    throw new FlywheelError('INVALID_ARGUMENT', `"${jobId}" is not a job id`, {
      hint: 'Pass the job id printed when the job started (also the id of its tracked run).',
    });
  }
  const file = join(jobDir(workDir, jobId), 'job.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new FlywheelError('NOT_FOUND', `No batch job ${jobId} in this workspace (no ${file})`, {
      hint: 'Check the job id; `flywheel runs list --experiment batch` lists batch jobs.',
    });
  }
  const parsed = jobStateSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new FlywheelError(
      'DATA_INVALID',
      `${file} is not a valid batch job state: ${parsed.error.message}`,
      {
        where: { file },
      },
    );
  }
  return parsed.data;
}

/** zod schema of a finished job's summary (summary.json). */
export const batchSummarySchema = z.object({
  jobId: z.string(),
  model: z.string(),
  modelVersion: z.string(),
  output: z.string(),
  errorsOutput: z.string(),
  rows: z.number(),
  scored: z.number(),
  failed: z.number(),
  chunks: z.number(),
  /** Chunks committed by an earlier attempt and not scored again. */
  resumedChunks: z.number(),
  seconds: z.number(),
  rowsPerSecond: z.number(),
});

/** What a finished job reports. */
export type BatchSummary = z.infer<typeof batchSummarySchema>;

/** Record that a job finished (written after its output is complete). */
export async function writeJobSummary(workDir: string, summary: BatchSummary): Promise<void> {
  await writeFileAtomic(
    join(jobDir(workDir, summary.jobId), 'summary.json'),
    JSON.stringify(summary, null, 2),
  );
}

/** The summary of a finished job, or undefined while it is not finished. */
export async function readJobSummary(workDir: string, jobId: string): Promise<BatchSummary | undefined> {
  const text = await readFile(join(jobDir(workDir, jobId), 'summary.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = batchSummarySchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}
