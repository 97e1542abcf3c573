/**
 * `platform.monitor`: finds what a monitor needs from the model reference alone — the reference
 * rows stored with the version's run at training (or, for older runs, the training data recorded
 * as the run's input; or whatever `--reference` names), the model itself (task, classes, and its
 * predictions on the reference for prediction drift) — then reads the prediction log and the
 * delayed labels and reports window by window.
 */
import { resolve as resolvePath } from 'node:path';
import { FlywheelError } from '../core/index.js';
import { type CellValue, type ResolvedData, readResolved, type Table } from '../data/index.js';
import { decidedLabels, type Model } from '../models/index.js';
import type { VersionView } from '../registry/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type { RunArtifact } from '../storage/metadata/index.js';
import {
  type MonitorReport,
  mainVersion,
  monitorTraffic,
  readLabelledLog,
  requireTraffic,
} from './monitor.js';

/** One `flywheel monitor`. */
export interface MonitorRequest {
  /** The served model (`name`, `name@alias` or `name:N`; its log is kept by name). */
  model: string;
  /** Reference data (default: the reference stored with the model version). */
  reference?: string;
  /** Rows per window (`1000`) or a duration (`1h`); default 1000 rows. */
  window?: string;
  columns?: string[];
  /** Another prediction-log folder than the workspace's (relative to the workspace root). */
  logDir?: string;
  /** Labelled rows a window needs before performance metrics count (default 50). */
  minLabels?: number;
  /** Keep the histograms of one window in the report, for the HTML page (`--html`). */
  html?: boolean;
  /** Keep the histograms of this window (an index into the report's windows) instead. */
  histogramWindow?: number;
  cwd?: string;
}

/** What the monitor service uses. */
export interface MonitorDeps {
  root: string;
  /** The workspace's prediction-log folder (absolute: `prediction_log.dir`), as serving writes it. */
  logDir: string;
  artifacts: ArtifactStore;
  resolveVersion(ref: string): Promise<VersionView>;
  run(
    id: string,
  ): Promise<{ artifacts: RunArtifact[]; inputs: Array<{ dataset: string; version: number; role: string }> }>;
  loadModel(ref: string, cwd: string): Promise<Model>;
  resolveData(ref: string, cwd: string): Promise<ResolvedData>;
  /** The stored reference rows among a run's artifacts, or null. */
  loadReference(artifacts: ArtifactStore, runArtifacts: RunArtifact[]): Promise<Table | null>;
}

/** Monitor a served model's logged traffic. */
export async function monitorModel(deps: MonitorDeps, request: MonitorRequest): Promise<MonitorReport> {
  const cwd = request.cwd ?? deps.root;
  const name = request.model.split(/[:@]/)[0]!;
  const { records, skippedLines } = await readLabelledLog(
    request.logDir === undefined ? deps.logDir : resolvePath(deps.root, request.logDir),
    name,
  );
  requireTraffic(records, name);
  // A bare name means the version that answered most of the logged traffic (its reference is the
  // one that traffic should be compared with); `churn:3` or `churn@production` choose explicitly.
  const served = mainVersion(records);
  const ref = request.model === name && served !== null ? `${name}:${served}` : request.model;
  const version = await deps.resolveVersion(ref).catch(() => undefined);
  const model = version ? await deps.loadModel(ref, cwd).catch(() => undefined) : undefined;
  const { table: reference, name: referenceName } = await referenceOf(
    deps,
    { ...request, model: ref },
    version,
    cwd,
  );
  const output = model?.schema.output;
  return monitorTraffic(records, reference, {
    skippedLines,
    model: name,
    referenceName,
    window: request.window ?? '1000',
    drift: request.columns ? { columns: request.columns } : undefined,
    minLabels: request.minLabels,
    histograms: request.html || request.histogramWindow !== undefined,
    histogramWindow: request.histogramWindow,
    output: output
      ? { task: output.task, classes: output.classes as CellValue[] | undefined, target: output.target }
      : undefined,
    referencePredictions: model ? predictionsOf(model, reference) : undefined,
  });
}

async function referenceOf(
  deps: MonitorDeps,
  request: MonitorRequest,
  version: VersionView | undefined,
  cwd: string,
): Promise<{ table: Table; name: string }> {
  if (request.reference !== undefined) {
    return {
      table: await readResolved(await deps.resolveData(request.reference, cwd)),
      name: request.reference,
    };
  }
  const run = version?.runId ? await deps.run(version.runId) : undefined;
  const label = version ? `${version.name}:${version.version}` : request.model;
  const stored = run ? await deps.loadReference(deps.artifacts, run.artifacts) : null;
  if (stored) return { table: stored, name: `the reference stored with ${label}` };
  const train = run?.inputs.find((i) => i.role === 'train');
  if (train) {
    const ref = `${train.dataset}:${train.version}`;
    return { table: await readResolved(await deps.resolveData(ref, cwd)), name: ref };
  }
  throw new FlywheelError('INVALID_ARGUMENT', `no reference data is recorded for ${request.model}`, {
    hint: 'Models trained with `flywheel train` carry one; otherwise pass --reference REF (data like the training data).',
  });
}

/** The model's predicted label (or value) for every reference row, as the server logs them. */
function predictionsOf(model: Model, reference: Table): CellValue[] | undefined {
  const names = model.schema.features.map((f) => f.name);
  if (!names.every((n) => reference.names.includes(n))) return undefined;
  return decidedLabels(model, model.predict(reference).values, reference.rowCount) as CellValue[];
}
