/**
 * `train()` as the SDK and the CLI call it (`platform.train`): resolve data references, train with
 * `trainModel`, and record everything in a tracked run — params (family settings, loss terms and
 * weights), per-iteration metrics, final scores, the dataset versions read, and the model folder
 * as the run's `model` artifact — then register a model version when asked. Ctrl-C (an aborted
 * signal) stops after the current iteration; the best model so far is still saved and registered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlywheelError, type Logger, TAGS } from '../core/index.js';
import { concatTables, type DataFormat, type ResolvedData, readTable, type Table } from '../data/index.js';
import { type Model, saveModel } from '../models/index.js';
import type { RegistryService, VersionView } from '../registry/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type { RunHandle, RunView, TrackingService } from '../tracking/index.js';
import type { TrainProgress } from './observer.js';
import { storeReference } from './reference-sample.js';
import { type TrainOutcome, trainModel } from './train.js';
import type { TrainSpec } from './train-spec.js';

/** What `platform.train` takes: a TrainSpec with data (and validation data) by reference, path or table. */
export interface TrainRequest extends Omit<TrainSpec, 'validation'> {
  /** `name:N`, `name@tag`, a file path, or a table. */
  data: string | Table;
  /** A fraction of the rows, or a separate dataset (reference, path or table). */
  validation?: number | string | Table;
  /** The experiment the run goes to (default "Default"). */
  experiment?: string;
  runName?: string;
  /** Register the model under this name (a new version). */
  register?: string;
  /**
   * The audit-event id of the monitoring alert this training answers (`flywheel train --alert`,
   * which the `retrain` action passes): the run is tagged `flywheel.alert` with it.
   */
  alert?: number;
  /** Resolve relative paths from here (default: the current directory). */
  cwd?: string;
  signal?: AbortSignal;
  onProgress?(progress: TrainProgress): void;
}

/** What `platform.train` returns. */
export interface TrainResult extends Omit<TrainOutcome, 'model'> {
  model: Model;
  /** The tracked run, as recorded after training. */
  run: RunView;
  /** The registered version, when `register` was given. */
  version: VersionView | null;
  /** The artifact path of the model folder inside the run. */
  artifact: string;
}

/** The services `train()` uses. */
export interface TrainDeps {
  tracking: TrackingService;
  registry: RegistryService;
  artifacts: ArtifactStore;
  logger: Logger;
  resolveData(ref: string, cwd: string): Promise<ResolvedData>;
}

/** The artifact path models are logged under. */
export const MODEL_ARTIFACT = 'model';

/** Train, track and optionally register a model. */
export async function trainTracked(deps: TrainDeps, request: TrainRequest): Promise<TrainResult> {
  const cwd = request.cwd ?? process.cwd();
  const data = await loadData(deps, request.data, cwd);
  const valid =
    typeof request.validation === 'string' || isTable(request.validation)
      ? await loadData(deps, request.validation, cwd)
      : null;
  const inputs = [
    ...(data.ref ? [{ data: data.ref, role: 'train' }] : []),
    ...(valid?.ref ? [{ data: valid.ref, role: 'validation' }] : []),
  ];
  const run = await deps.tracking.startRun({
    experiment: request.experiment,
    name: request.runName,
    inputs,
    tags: {
      [TAGS.modelFamily]: request.model,
      [TAGS.target]: request.target,
      // A retrain started by a monitoring alert links the new run to the alert that caused it.
      ...(request.alert === undefined ? {} : { [TAGS.alert]: String(request.alert) }),
    },
  });
  try {
    const outcome = await trainModel(
      data.table,
      { ...request, validation: valid === null ? (request.validation as number | undefined) : valid.table },
      { signal: request.signal, observer: runObserver(run), onProgress: request.onProgress },
    );
    await storeModel(run, outcome.model);
    await storeReference(run, data.table, outcome.model);
    await run.setTags({
      [TAGS.stopReason]: outcome.stopReason,
      [TAGS.iterations]: String(outcome.iterations),
    });
    const version = request.register ? await register(deps, request.register, run.id, outcome.model) : null;
    await run.end();
    const { model, ...rest } = outcome;
    return { ...rest, model, run: await deps.tracking.getRun(run.id), version, artifact: MODEL_ARTIFACT };
  } catch (error) {
    await run
      .end({ status: 'FAILED', reason: error instanceof Error ? error.message : String(error) })
      .catch(() => undefined);
    throw error;
  }
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && 'columns' in v && 'rowCount' in v;
}

function runObserver(run: RunHandle) {
  return {
    onParams: (params: Record<string, string | number | boolean>) => run.logParams(params),
    onMetric: (name: string, value: number, step: number) => {
      if (Number.isFinite(value)) run.logMetric(name, value, step);
    },
  };
}

async function storeModel(run: RunHandle, model: Model): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'flywheel-model-'));
  try {
    await saveModel(model, dir);
    await run.logArtifact(dir, { name: MODEL_ARTIFACT });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function register(deps: TrainDeps, name: string, runId: string, model: Model): Promise<VersionView> {
  const { features, output } = model.schema;
  return deps.registry.registerVersion({
    name,
    runId,
    artifact: MODEL_ARTIFACT,
    inputSchema: features.map((f) => ({ name: f.name, type: f.type })),
    outputSchema: [{ name: output.target, type: output.task }],
    description: `${model.family} model of ${output.target}`,
    tags: { [TAGS.modelFamily]: model.family },
  });
}

/** Read data given as a reference, a path or a table; `ref` is set for dataset versions. */
async function loadData(
  deps: TrainDeps,
  data: string | Table,
  cwd: string,
): Promise<{ table: Table; ref: string | null }> {
  if (typeof data !== 'string') return { table: data, ref: null };
  const resolved = await deps.resolveData(data, cwd);
  const format = resolved.format as DataFormat | undefined;
  const tables: Table[] = [];
  for (const file of resolved.files) tables.push(await readTable(file, { format }));
  if (tables.length === 0) throw new FlywheelError('DATA_INVALID', `${data} holds no files to train on`);
  const table = tables.length === 1 ? tables[0]! : concatTables(tables);
  const ref = resolved.dataset ? `${resolved.dataset.name}:${resolved.dataset.version}` : null;
  return { table, ref };
}
