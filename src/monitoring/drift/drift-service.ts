/**
 * Drift between two data references (`name:N`, `name@tag` or paths): resolve both, read only the
 * columns they share (or the ones asked for), compare. The reference's files and the current's
 * are each read whole into memory (Float64Array per numeric column: 8 bytes a value).
 */
import type { DataFormat, ResolvedData, Table } from '../../data/index.js';
import { concatTables, readSchema, readTable } from '../../data/index.js';
import { type DriftReport, driftTables, requireComparable } from './dataset-drift.js';
import { type DriftOptions, type DriftOptionsInput, parseDriftOptions } from './drift-options.js';

/** What the drift service needs from the platform. */
export interface DriftDeps {
  resolve(ref: string, cwd: string): Promise<ResolvedData>;
}

/** A drift report between two data references, with where each side came from. */
export interface DataDriftReport extends DriftReport {
  reference: { rows: number; source: string };
  current: { rows: number; source: string };
}

function sourceOf(ref: string, data: ResolvedData): string {
  return data.dataset ? `${data.dataset.name}:${data.dataset.version}` : ref;
}

async function namesOf(data: ResolvedData): Promise<string[]> {
  const schema = await readSchema(data.files[0]!, { format: data.format as DataFormat | undefined });
  return schema.map((c) => c.name);
}

async function readAll(data: ResolvedData, columns: string[]): Promise<Table> {
  const format = data.format as DataFormat | undefined;
  const tables: Table[] = [];
  for (const file of data.files) tables.push(await readTable(file, { format, columns }));
  return tables.length === 1 ? tables[0]! : concatTables(tables);
}

/** The columns to read from both sides, and the ones only one side has. */
function plan(refNames: string[], curNames: string[], options: DriftOptions) {
  const inCur = new Set(curNames);
  const inRef = new Set(refNames);
  const roles = [options.target, options.prediction].filter((c): c is string => c !== undefined);
  const asked = options.columns ? [...options.columns, ...roles] : undefined;
  const read = asked ?? refNames.filter((n) => inCur.has(n));
  const skipped = asked
    ? []
    : [
        ...refNames
          .filter((n) => !inCur.has(n))
          .map((column) => ({ column, reason: 'not in the current data' })),
        ...curNames
          .filter((n) => !inRef.has(n))
          .map((column) => ({ column, reason: 'not in the reference data' })),
      ];
  return { read: [...new Set(read)], skipped };
}

/** Compare the data at `referenceRef` with the data at `currentRef`. */
export async function driftData(
  deps: DriftDeps,
  referenceRef: string,
  currentRef: string,
  input: DriftOptionsInput = {},
  cwd: string = process.cwd(),
): Promise<DataDriftReport> {
  const options = parseDriftOptions(input);
  const [refData, curData] = [await deps.resolve(referenceRef, cwd), await deps.resolve(currentRef, cwd)];
  const { read, skipped } = plan(await namesOf(refData), await namesOf(curData), options);
  const reference = await readAll(refData, read);
  const current = await readAll(curData, read);
  const report = driftTables(reference, current, options);
  const merged = requireComparable({ ...report, skipped: [...skipped, ...report.skipped] });
  return {
    ...merged,
    reference: { rows: reference.rowCount, source: sourceOf(referenceRef, refData) },
    current: { rows: current.rowCount, source: sourceOf(currentRef, curData) },
  };
}

/** Monitoring operations bound to a workspace (`platform.monitoring`). */
export interface MonitoringOperations {
  /** Drift of `current` against `reference` (data references or paths; relative paths from `cwd`). */
  drift(
    reference: string,
    current: string,
    options?: DriftOptionsInput,
    cwd?: string,
  ): Promise<DataDriftReport>;
}

/** The monitoring operations over a way to resolve data references. */
export function createMonitoring(deps: DriftDeps): MonitoringOperations {
  return { drift: (reference, current, options, cwd) => driftData(deps, reference, current, options, cwd) };
}
