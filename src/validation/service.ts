/**
 * The validation operations a workspace offers: check data against a suite (report, HTML,
 * quarantine, stored result), draft a suite from data, and list the results stored for a version.
 * Data is anything `resolveData` accepts: `name:N`, `name@tag` or a path.
 */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../core/index.js';
import {
  concatTables,
  type DataFormat,
  type DatasetDeps,
  profileData,
  type ResolvedData,
  readSchema,
  readTable,
  resolveData,
  type Table,
  writeTable,
} from '../data/index.js';
import type { ValidationRecord } from '../storage/metadata/index.js';
import { compileSuite } from './compile.js';
import { inferSuite } from './infer.js';
import { splitRows } from './quarantine.js';
import { renderReportHtml } from './report-html.js';
import type { ValidationReport } from './result.js';
import { loadSuite, type Suite, stringifySuite } from './suite.js';

/** Options for `check`. */
export interface CheckOptions {
  /** Resolve relative paths from here (default: the current directory). */
  cwd?: string;
  /** Write a standalone HTML report here. */
  html?: string;
  /** Write the rows that failed a per-row expectation here (with a column naming the failures). */
  quarantine?: string;
  /** Write the rows that passed every per-row expectation here. */
  clean?: string;
  /** Record the result with the dataset version (default true; paths are never recorded). */
  store?: boolean;
}

/** What `check` did. */
export interface CheckResult {
  /** The data checked: `name:N` or the file path. */
  source: string;
  suiteFile: string;
  report: ValidationReport;
  /** The stored result, when the data was a dataset version. */
  stored: ValidationRecord | undefined;
  html: string | undefined;
  quarantine:
    | { bad: string | undefined; clean: string | undefined; badRows: number; cleanRows: number }
    | undefined;
}

/** Check `ref` against the suite in `suiteFile`. */
export async function checkData(
  deps: DatasetDeps,
  ref: string,
  suiteFile: string,
  options: CheckOptions = {},
): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, suiteFile);
  const compiled = compileSuite(loadSuite(file));
  const data = await resolveData(deps, ref, cwd);
  const source = data.dataset ? `${data.dataset.name}:${data.dataset.version}` : data.files[0]!;
  const split = options.quarantine !== undefined || options.clean !== undefined;
  const { table, sourceColumns } = await readData(data, split ? undefined : compiled.columns);
  const validation = compiled.validateTable(table, { sourceColumns, keepRows: split });
  const { report } = validation;
  let quarantine: CheckResult['quarantine'];
  if (split) {
    const parts = splitRows(table, validation.unexpectedRows, compiled.ids);
    const bad = options.quarantine === undefined ? undefined : resolve(cwd, options.quarantine);
    const clean = options.clean === undefined ? undefined : resolve(cwd, options.clean);
    if (bad) await writeTable(parts.bad, bad);
    if (clean) await writeTable(parts.clean, clean);
    quarantine = { bad, clean, badRows: parts.bad.rowCount, cleanRows: parts.clean.rowCount };
  }
  const html = options.html === undefined ? undefined : resolve(cwd, options.html);
  if (html) {
    await writeFileAtomic(html, renderReportHtml(report, { source }));
  }
  const stored =
    data.dataset && options.store !== false
      ? await storeResult(deps, data.dataset, compiled.suite, report)
      : undefined;
  return { source, suiteFile: file, report, stored, html, quarantine };
}

/** Read every file of the data (only `columns` that exist, when given) and the source's column names. */
async function readData(
  data: ResolvedData,
  columns: readonly string[] | undefined,
): Promise<{ table: Table; sourceColumns: string[] }> {
  const format = data.format as DataFormat | undefined;
  const sourceColumns = (await readSchema(data.files[0]!, { format })).map((c) => c.name);
  let wanted = columns === undefined ? undefined : columns.filter((c) => sourceColumns.includes(c));
  // A suite that reads no column still needs the row count: read the narrowest thing, one column.
  if (wanted !== undefined && wanted.length === 0) wanted = sourceColumns.slice(0, 1);
  const tables = [];
  for (const f of data.files) tables.push(await readTable(f, { format, columns: wanted }));
  return { table: tables.length === 1 ? tables[0]! : concatTables(tables), sourceColumns };
}

async function storeResult(
  deps: DatasetDeps,
  dataset: { name: string; version: number },
  suite: Suite,
  report: ValidationReport,
): Promise<ValidationRecord> {
  const body = JSON.stringify({ dataset: { name: dataset.name, version: dataset.version }, report });
  const { digest } = await deps.artifacts.putBytes(body);
  return deps.metadata.transaction(async (tx) => {
    const record = await tx.validations.add({
      datasetName: dataset.name,
      datasetVersion: dataset.version,
      suiteName: suite.name,
      suiteDigest: report.suite.digest,
      success: report.success,
      evaluated: report.evaluated,
      failed: report.failed,
      rowCount: report.rowCount,
      reportDigest: digest,
    });
    await tx.refs.add(`validation:${record.id}`, [digest]);
    await tx.events.append({
      kind: 'dataset.check',
      subject: `dataset:${dataset.name}`,
      data: { version: dataset.version, suite: suite.name, success: report.success, failed: report.failed },
    });
    return record;
  });
}

/** Options for `inferSuiteFrom`. */
export interface InferFromOptions {
  cwd?: string;
  /** The suite name (default: the dataset name or file name). */
  name?: string;
  /** Rows of the batches the suite will check (default: the data's row count). */
  batchRows?: number;
  /** Chance a fresh batch from the same distribution fails (default 0.05). */
  falseAlarm?: number;
  /** Write the suite YAML here. */
  out?: string;
}

/** Draft a suite from the profile of `ref` (stored with a version, else computed). */
export async function inferSuiteFrom(
  deps: DatasetDeps,
  ref: string,
  options: InferFromOptions = {},
): Promise<{ source: string; suite: Suite; yaml: string; out: string | undefined }> {
  const cwd = options.cwd ?? process.cwd();
  const { source, profile } = await profileData(deps, ref, cwd);
  const name = options.name ?? defaultSuiteName(source);
  const suite = inferSuite(profile, {
    name,
    source,
    batchRows: options.batchRows,
    falseAlarm: options.falseAlarm,
  });
  const yaml = stringifySuite(
    suite,
    ' Expectation suite drafted by `flywheel suite infer`; see docs/validation.md',
  );
  const out = options.out === undefined ? undefined : resolve(cwd, options.out);
  if (out) {
    await writeFileAtomic(out, yaml);
  }
  return { source, suite, yaml, out };
}

function defaultSuiteName(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? 'suite';
  return base.replace(/:\d+$/, '').replace(/\.[^.]+$/, '') || 'suite';
}

/** The newest stored result of each suite checked against a dataset version. */
export async function latestResults(
  deps: Pick<DatasetDeps, 'metadata'>,
  dataset: { name: string; version: number },
): Promise<ValidationRecord[]> {
  const all = await deps.metadata.validations.forDataset(dataset.name, dataset.version);
  const seen = new Set<string>();
  return all.filter((r) => !seen.has(r.suiteName) && seen.add(r.suiteName) !== undefined);
}

/** Validation operations bound to a workspace (`platform.validation`). */
export interface ValidationOperations {
  /** Check data (`name:N`, `name@tag` or a path) against a suite file. */
  check(ref: string, suiteFile: string, options?: CheckOptions): Promise<CheckResult>;
  /** Draft a suite from data. */
  infer(ref: string, options?: InferFromOptions): ReturnType<typeof inferSuiteFrom>;
  /** The newest stored result of each suite checked against a version. */
  results(dataset: { name: string; version: number }): Promise<ValidationRecord[]>;
}

/** The validation operations over a workspace's stores. */
export function createValidation(deps: DatasetDeps): ValidationOperations {
  return {
    check: (ref, suiteFile, options) => checkData(deps, ref, suiteFile, options),
    infer: (ref, options) => inferSuiteFrom(deps, ref, options),
    results: (dataset) => latestResults(deps, dataset),
  };
}
