/**
 * The monitoring reference stored with every trained model: the rows a model learned from are what
 * its traffic is compared with later, so `flywheel train` logs them beside the model, as the run
 * artifact `reference/`:
 *
 * - `reference/data.parquet`: the model's feature columns and its target, all rows up to
 *   REFERENCE_MAX_ROWS, beyond that a seeded uniform sample of that many rows (without
 *   replacement, kept in the original order) — enough for KS p-values and histograms to be stable,
 *   small enough to load in a moment;
 * - `reference/profile.json`: the profile of those rows (types, statistics, histogram edges).
 *
 * A registered version points at its run, so `flywheel monitor MODEL` finds its reference with no
 * extra setup, even when the model was trained from a plain file that has since changed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededUniform } from '../core/index.js';
import { profileTable, readTable, selectColumns, type Table, takeRows, writeTable } from '../data/index.js';
import type { Model } from '../models/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type { RunArtifact } from '../storage/metadata/index.js';
import type { RunHandle } from '../tracking/index.js';

/** The artifact folder of the reference. */
export const REFERENCE_ARTIFACT = 'reference';
/** Rows kept in the stored reference. */
export const REFERENCE_MAX_ROWS = 100_000;

/** The rows kept as reference: all of them, or `max` sampled uniformly (seeded), in order. */
export function referenceRows(table: Table, model: Model, max = REFERENCE_MAX_ROWS, seed = 42): Table {
  const { features, output } = model.schema;
  const names = [...features.map((f) => f.name), output.target].filter((n) => table.names.includes(n));
  const columns = selectColumns(table, names);
  if (table.rowCount <= max) return columns;
  // Selection sampling (Knuth's algorithm S): each row kept with probability needed/left.
  const random = seededUniform(seed);
  const keep = new Int32Array(max);
  let kept = 0;
  for (let i = 0; i < table.rowCount && kept < max; i++) {
    if (random() * (table.rowCount - i) < max - kept) keep[kept++] = i;
  }
  return takeRows(columns, keep);
}

/** Log the reference of `model` trained on `table` as the run artifact `reference/`. */
export async function storeReference(run: RunHandle, table: Table, model: Model): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'flywheel-reference-'));
  try {
    const rows = referenceRows(table, model);
    await writeTable(rows, join(dir, 'data.parquet'));
    await writeFile(join(dir, 'profile.json'), JSON.stringify(profileTable(rows)));
    await run.logArtifact(dir, { name: REFERENCE_ARTIFACT });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The stored reference rows of a run, or null when the run has none (trained before it existed). */
export async function loadReference(
  artifacts: ArtifactStore,
  runArtifacts: RunArtifact[],
): Promise<Table | null> {
  const file = runArtifacts.find((a) => a.path === `${REFERENCE_ARTIFACT}/data.parquet`);
  if (!file) return null;
  return readTable(await artifacts.localPath(file.digest), { format: 'parquet' });
}
