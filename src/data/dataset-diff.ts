/** `data diff`: what changed between two versions — files, rows, schema and per-column distributions. */
import type { DatasetColumn } from '../storage/metadata/index.js';
import type { DatasetDeps } from './dataset-add.js';
import { readManifest, readProfile, resolveData, resolveVersion } from './dataset-service.js';
import { binValues } from './histogram.js';
import { diffManifests, type ManifestDiff } from './manifest.js';
import type { ColumnProfile } from './profile-types.js';
import { readChunks } from './read.js';
import type { DataFormat } from './source.js';
import { getColumn, numericValues } from './table.js';

/** How one column's distribution moved between two versions. */
export interface ColumnChange {
  column: string;
  type: string;
  nullShare: [number, number];
  mean?: [number | null, number | null];
  std?: [number | null, number | null];
  min?: [number | null, number | null];
  max?: [number | null, number | null];
  /** Mean shift in units of the first version's standard deviation. */
  meanShiftSd?: number | null;
  /** Population stability index of the second version on the first version's histogram bins. */
  psi?: number | null;
  distinct: [number, number];
  topValues?: [string[], string[]];
}

/** The full difference between two versions. */
export interface DatasetDiff {
  from: string;
  to: string;
  files: ManifestDiff;
  rows: [number | null, number | null];
  bytes: [number, number];
  schema: {
    added: DatasetColumn[];
    removed: DatasetColumn[];
    retyped: Array<{ name: string; from: string; to: string }>;
  };
  columns: ColumnChange[];
}

/** Compare two versions. */
export async function diffDatasets(deps: DatasetDeps, fromRef: string, toRef: string): Promise<DatasetDiff> {
  const [a, b] = [await resolveVersion(deps, fromRef), await resolveVersion(deps, toRef)];
  const files = diffManifests(await readManifest(deps, a), await readManifest(deps, b));
  const [pa, pb] = [await readProfile(deps, a), await readProfile(deps, b)];
  const columns: ColumnChange[] = [];
  if (pa && pb) {
    const before = new Map(pa.columns.map((c) => [c.name, c]));
    for (const c of pb.columns) {
      const old = before.get(c.name);
      if (old) columns.push(columnChange(old, c));
    }
    await addPsi(deps, toRef, columns, before);
  }
  return {
    from: `${a.name}:${a.version}`,
    to: `${b.name}:${b.version}`,
    files,
    rows: [a.rowCount, b.rowCount],
    bytes: [a.size, b.size],
    schema: schemaChanges(a.schema ?? [], b.schema ?? []),
    columns,
  };
}

function schemaChanges(a: DatasetColumn[], b: DatasetColumn[]): DatasetDiff['schema'] {
  const before = new Map(a.map((c) => [c.name, c.type]));
  const after = new Map(b.map((c) => [c.name, c.type]));
  return {
    added: b.filter((c) => !before.has(c.name)),
    removed: a.filter((c) => !after.has(c.name)),
    retyped: b
      .filter((c) => before.has(c.name) && before.get(c.name) !== c.type)
      .map((c) => ({ name: c.name, from: before.get(c.name)!, to: c.type })),
  };
}

function share(c: ColumnProfile): number {
  return c.count + c.nulls === 0 ? 0 : c.nulls / (c.count + c.nulls);
}

function columnChange(a: ColumnProfile, b: ColumnProfile): ColumnChange {
  const out: ColumnChange = {
    column: b.name,
    type: b.type,
    nullShare: [share(a), share(b)],
    distinct: [a.distinct, b.distinct],
  };
  if (a.mean !== null || b.mean !== null) {
    out.mean = [a.mean, b.mean];
    out.std = [a.std, b.std];
    out.min = [a.min, b.min];
    out.max = [a.max, b.max];
    out.meanShiftSd = a.mean !== null && b.mean !== null && a.std ? (b.mean - a.mean) / a.std : null;
    out.psi = null;
  }
  if (a.topK.length > 0 || b.topK.length > 0)
    out.topValues = [a.topK.map((t) => String(t.value)), b.topK.map((t) => String(t.value))];
  return out;
}

/**
 * PSI of the second version against the first, on the first version's stored histogram edges:
 * the second version's values are read (only the numeric columns) and binned with those edges;
 * values below or above the range count in the first or last bin.
 */
async function addPsi(
  deps: DatasetDeps,
  toRef: string,
  columns: ColumnChange[],
  before: Map<string, ColumnProfile>,
): Promise<void> {
  const wanted = columns.filter((c) => c.mean !== undefined && before.get(c.column)?.histogram);
  if (wanted.length === 0) return;
  const data = await resolveData(deps, toRef, process.cwd());
  const counts = new Map(
    wanted.map((c) => [c.column, new Array<number>(before.get(c.column)!.histogram!.counts.length).fill(0)]),
  );
  const format = data.format as DataFormat | undefined;
  for (const file of data.files) {
    for await (const chunk of readChunks(file, { format, columns: wanted.map((c) => c.column) })) {
      for (const c of wanted) {
        const binned = binValues(
          before.get(c.column)!.histogram!.edges,
          numericValues(getColumn(chunk, c.column)),
        );
        const acc = counts.get(c.column)!;
        binned.counts.forEach((n, i) => {
          acc[i]! += n;
        });
        acc[0]! += binned.below;
        acc[acc.length - 1]! += binned.above;
      }
    }
  }
  for (const c of wanted) c.psi = psi(before.get(c.column)!.histogram!.counts, counts.get(c.column)!);
}

/**
 * PSI = Σ (q − p) ln(q / p) over bins, with p and q the shares of the reference and the current
 * counts. Empty bins get a share of 1e-4 so the logarithm stays finite.
 */
export function psi(reference: readonly number[], current: readonly number[]): number | null {
  const na = reference.reduce((s, x) => s + x, 0);
  const nb = current.reduce((s, x) => s + x, 0);
  if (na === 0 || nb === 0) return null;
  let total = 0;
  for (let i = 0; i < reference.length; i++) {
    const p = Math.max(reference[i]! / na, 1e-4);
    const q = Math.max((current[i] ?? 0) / nb, 1e-4);
    total += (q - p) * Math.log(q / p);
  }
  return total;
}
