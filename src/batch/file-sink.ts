/**
 * File outputs (Parquet, CSV, JSONL). Each chunk is written as Parquet under the job's folder and
 * committed by rename (the predictions file is the commit marker; its errors file is renamed in
 * first). When every chunk is in, DuckDB assembles them in chunk order into the output, written
 * under a temporary name and renamed into place, so the output is never half a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { FlywheelError, fromSystemError } from '../core/index.js';
import { type DataEngine, defaultDataEngine, type Table, writeTable } from '../data/index.js';
import { decodeEnumsSql, encodeEnums, enumColumns } from './enum-columns.js';
import type { ScoredChunk } from './score-chunk.js';
import type { ChunkCounts, ChunkSink, OutputShape } from './sink.js';
import type { FileFormat } from './target.js';

// The predictions file's name carries the chunk's counts, so one rename commits both.
const PREDICTIONS = /^p-(\d{6})-s(\d+)-f(\d+)\.parquet$/;

/** The errors file beside an output file: out.parquet → out.errors.parquet. */
export function errorsPath(path: string): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}.errors${ext}`);
}

/** A sink writing chunk files into `chunkDir` and the assembled output to `path`. */
export function openFileSink(
  path: string,
  format: FileFormat,
  chunkDir: string,
  shape: OutputShape,
): ChunkSink {
  let engine: DataEngine | undefined;
  const enums = enumColumns(shape);
  const errorFile = (index: number) => join(chunkDir, `e-${String(index).padStart(6, '0')}.parquet`);
  const committedFiles = new Map<number, string>();
  return {
    describe: { predictions: path, errors: errorsPath(path) },
    async committed() {
      const names = await readdir(chunkDir).catch(() => [] as string[]);
      const done = new Map<number, ChunkCounts>();
      for (const name of names) {
        const m = PREDICTIONS.exec(name);
        if (!m) continue;
        done.set(Number(m[1]), { scored: Number(m[2]), failed: Number(m[3]) });
        committedFiles.set(Number(m[1]), join(chunkDir, name));
      }
      return done;
    },
    async commit(_jobId, chunk: ScoredChunk) {
      await mkdir(chunkDir, { recursive: true });
      const i = String(chunk.index).padStart(6, '0');
      const file = join(chunkDir, `p-${i}-s${chunk.scored}-f${chunk.failed}.parquet`);
      if (chunk.failed > 0) await writeTable(chunk.errors, errorFile(chunk.index), { compression: 'snappy' });
      else await rm(errorFile(chunk.index), { force: true });
      await writeTable(encodeEnums(withoutConstants(chunk.predictions), enums), file, {
        compression: 'snappy',
      });
      committedFiles.set(chunk.index, file);
    },
    async finish(jobId, chunkCount) {
      engine ??= await defaultDataEngine();
      const all = Array.from({ length: chunkCount }, (_, i) => i);
      const names = new Set(await readdir(chunkDir).catch(() => [] as string[]));
      const chunks = all.map((i) => committedFiles.get(i));
      if (chunks.some((f) => f === undefined)) {
        throw new FlywheelError('INTERNAL', `Batch output ${path}: a chunk is missing from ${chunkDir}`);
      }
      // The constant columns are not in the chunk files (writing them per row costs as much as the
      // rest). They are one-value ENUMs here: the output holds the same strings (Parquet: UTF8
      // byte arrays, dictionary-encoded), but DuckDB writes enum codes without hashing every row's
      // string — half the assembly time for 5M rows.
      const constant = (value: string) => `CAST(${literal(value)} AS ENUM(${literal(value)}))`;
      const constants = `, ${constant(shape.modelVersion)} AS model_version, ${constant(jobId)} AS job_id`;
      await assemble(engine, chunks as string[], path, format, `${decodeEnumsSql(enums)}${constants}`);
      const errorFiles = all.map(errorFile).filter((f) => names.has(basename(f)));
      if (errorFiles.length > 0) await assemble(engine, errorFiles, errorsPath(path), format, '*');
      else await rm(errorsPath(path), { force: true });
    },
    async close() {},
  };
}

async function assemble(
  engine: DataEngine,
  files: string[],
  path: string,
  format: FileFormat,
  select: string,
): Promise<void> {
  const temporary = join(dirname(path), `.tmp-${randomBytes(6).toString('hex')}-${basename(path)}`);
  const options =
    format === 'parquet'
      ? "(FORMAT parquet, COMPRESSION 'zstd')"
      : format === 'csv'
        ? '(FORMAT csv, HEADER true)'
        : '(FORMAT json)';
  const list = files.map(literal).join(', ');
  try {
    await engine.withConnection((c) =>
      c.run(`COPY (SELECT ${select} FROM read_parquet([${list}])) TO ${literal(temporary)} ${options}`),
    );
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw fromSystemError(error, path, 'write');
  }
}

/** The predictions without model_version and job_id (added back when assembling). */
function withoutConstants(table: Table): Table {
  const keep = table.names
    .map((_, i) => i)
    .filter((i) => table.names[i] !== 'model_version' && table.names[i] !== 'job_id');
  return {
    names: keep.map((i) => table.names[i]!),
    columns: keep.map((i) => table.columns[i]!),
    rowCount: table.rowCount,
  };
}

/** A SQL string literal (single quotes doubled). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
