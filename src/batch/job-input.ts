/**
 * Preparing a job's input: resolve the reference (or materialise `sql:` once into the job folder,
 * so a resume reads the very same rows), check the id column, and pick the columns to read —
 * only the model's features and the id.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FlywheelError } from '../core/index.js';
import {
  type DataEngine,
  type DataFormat,
  defaultDataEngine,
  detectFormat,
  type FileColumn,
  readSchema,
} from '../data/index.js';
import { FeatureNames, featureNamesError, type Model } from '../models/index.js';
import { dataFormatSchema } from './job-state.js';
import type { InputSource } from './target.js';

/** Files to read and their format: a stored version's, or null (each file's by its name). */
export interface InputFiles {
  files: string[];
  format: DataFormat | null;
}

/** A resolved reference's files, its recorded format checked (a version's format is a database field). */
export function inputFiles(resolved: { files: string[]; format: string | undefined }): InputFiles {
  if (resolved.format === undefined) return { files: resolved.files, format: null };
  const format = dataFormatSchema.safeParse(resolved.format);
  if (!format.success) {
    throw new FlywheelError(
      'DATA_INVALID',
      `The input's recorded format "${resolved.format}" is not one Flywheel reads`,
      {
        hint: 'Add the data again with `flywheel data add`, as .csv, .jsonl, .json or .parquet files.',
      },
    );
  }
  return { files: resolved.files, format: format.data };
}

/** The input of a job, ready to stream. */
export interface PreparedInput extends InputFiles {
  columns: string[];
  present: string[];
  idColumn: string | null;
  idSchema: FileColumn | null;
  totalRows: number | null;
}

/** Resolve and inspect the input. */
export async function prepareInput(
  source: InputSource,
  resolveFiles: (ref: string) => Promise<InputFiles>,
  jobFolder: string,
  model: Model,
  idColumn: string | null,
): Promise<PreparedInput> {
  const engine = await defaultDataEngine();
  const { files, format } =
    source.kind === 'sql'
      ? { files: [await materialize(engine, source.sql, jobFolder)], format: 'parquet' as const }
      : await resolveFiles(source.ref);
  if (files.length === 0) throw new FlywheelError('DATA_INVALID', 'The input holds no files to score');
  // A stored version's objects have no extension: its recorded format says how to read them.
  const schema = await readSchema(files[0]!, { format: format ?? undefined });
  const available = new Set(schema.map((c) => c.name));
  // A feature without a column is refused (issue 24 #5): the one rule of models/feature-names.ts.
  // Other columns (the id, passthrough ones) are the input's own business, never "unknown".
  const names = new FeatureNames(model.schema, model.info, { refuseUnknown: false });
  const check = names.checkColumns([...available]);
  if (check.missing.length > 0)
    throw featureNamesError(check, names.features, `The input ${files[0]}`, 'column');
  const features = [...new Set(model.preprocessor.steps.map((s) => s.source))];
  const present = features.filter((f) => available.has(f));
  let idSchema: FileColumn | null = null;
  if (idColumn !== null) {
    idSchema = schema.find((c) => c.name === idColumn) ?? null;
    if (idSchema === null) {
      throw new FlywheelError('SCHEMA_MISMATCH', `The input has no id column "${idColumn}"`, {
        where: { file: files[0], field: idColumn },
        hint: `Pick one of: ${schema
          .map((c) => c.name)
          .slice(0, 20)
          .join(', ')}; or leave out --id-column to write row numbers.`,
      });
    }
  }
  const columns = idColumn === null || present.includes(idColumn) ? [...present] : [idColumn, ...present];
  if (columns.length === 0) columns.push(schema[0]!.name);
  const totalRows = await countRows(engine, { files, format });
  return { files, format, columns, present, idColumn, idSchema, totalRows };
}

async function materialize(engine: DataEngine, sql: string, folder: string): Promise<string> {
  const path = join(folder, 'input.parquet');
  await mkdir(folder, { recursive: true });
  await engine
    .withConnection((c) => c.run(`COPY (${sql}) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`))
    .catch((error: unknown) => {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `The sql: input failed in DuckDB: ${(error as Error).message}`,
        {
          hint: "Check the query, e.g. sql:SELECT * FROM read_parquet('data.parquet') WHERE …",
          cause: error,
        },
      );
    });
  return path;
}

/** Rows in Parquet inputs (from their footers); null for text formats, where counting is a scan. */
async function countRows(engine: DataEngine, input: InputFiles): Promise<number | null> {
  if (!isParquet(input)) return null;
  const { files } = input;
  const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
  const result = await engine.withConnection((c) =>
    c.runAndReadAll(`SELECT sum(num_rows)::BIGINT AS n FROM parquet_file_metadata([${list}])`),
  );
  const value = result.getRows()[0]?.[0];
  return value === undefined || value === null ? null : Number(value);
}

/** True when every file of the input is Parquet (by its recorded format, else by its name). */
export function isParquet(input: InputFiles): boolean {
  return input.format === null
    ? input.files.every((f) => detectFormat(f) === 'parquet')
    : input.format === 'parquet';
}
