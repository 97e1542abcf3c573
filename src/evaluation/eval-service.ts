/**
 * `flywheel eval`: load a model (registry reference or folder), read the data, evaluate, log the
 * result as a tracked run linked to the model version, and store the chosen operating threshold
 * and confidence policy on the version (tags `flywheel.threshold`, `flywheel.policy`) for serving.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TAGS } from '../core/index.js';
import { readResolved, type Table } from '../data/index.js';
import {
  type ConfidencePolicy,
  type Model,
  POLICY_TAG,
  storedThreshold,
  THRESHOLD_TAG,
} from '../models/index.js';
import type { OpenedModel, RegistryService } from '../registry/index.js';
import type { RunHandle, TrackingService } from '../tracking/index.js';
import type { BaselineTrainer } from './baselines.js';
import { loadBehaviourTests } from './behaviour.js';
import { type EvalReport, evaluateModel } from './evaluate.js';
import { parseRequirement } from './requirements.js';
import type { OperatingTarget } from './threshold.js';
import { overlapWarnings, type RunInput, type TrainingOverlap, trainingOverlap } from './training-data.js';

/** What an evaluation needs from the platform. */
export interface EvalDeps {
  tracking: TrackingService;
  /** Fits the linear baseline: training's trainer, passed in by the platform. */
  trainBaseline: BaselineTrainer;
  registry: RegistryService;
  /** The registry's one loader: a reference, or a model folder written as a path (`./model`). */
  openModel(ref: string, cwd: string): Promise<OpenedModel>;
  resolveData(
    ref: string,
    cwd: string,
  ): Promise<{
    files: string[];
    format: string | undefined;
    dataset: { name: string; version: number; digest: string } | undefined;
  }>;
}

/** One `flywheel eval`. */
export interface EvalRequest {
  model: string;
  data: string;
  validation?: string;
  slices?: string[];
  /** `metric op number`, e.g. `roc_auc >= 0.85`. */
  require?: string[];
  target?: OperatingTarget;
  policy?: ConfidencePolicy;
  /** A YAML file of behavioural tests (see docs/evaluation.md). */
  tests?: string;
  baselines?: boolean;
  /** Keep the threshold and policy on the model version (default: when the model is a registry reference). */
  store?: boolean;
  cwd?: string;
}

/** The report plus where it was recorded. */
export interface EvalResult {
  model: string;
  data: string;
  report: EvalReport;
  /** For an ensemble: each member's metrics on the same rows, beside the combination's. */
  members?: Array<{ ref: string; weight: number; metrics: EvalReport['metrics'] }>;
  runId: string;
  stored: Record<string, string>;
  /**
   * True when the data holds bytes of the training data recorded on the model version's run (or an
   * ensemble member's): the metrics then measure fit, not generalisation. See `trainingData`.
   */
  evaluatedOnTrainingData: boolean;
  /** The recorded training-run inputs that share files with the evaluated data. */
  trainingData: TrainingOverlap[];
  /** What a reader of the numbers must know first (evaluated on training data, …). */
  warnings: string[];
}

/** Read data given by reference or path into one table (several files of a folder version are concatenated). */
export async function loadTable(deps: EvalDeps, ref: string, cwd: string): Promise<Table> {
  return readResolved(await deps.resolveData(ref, cwd));
}

/** Evaluate and record. */
export async function runEvaluation(deps: EvalDeps, req: EvalRequest): Promise<EvalResult> {
  const cwd = req.cwd ?? process.cwd();
  const requirements = (req.require ?? []).map((r) => parseRequirement(r));
  const opened = await deps.openModel(req.model, cwd);
  const { model, version } = opened;
  // A registered model is recorded as `name:N` (aliases pinned); a folder as it was given.
  const label = version ? opened.label : req.model;
  const table = await loadTable(deps, req.data, cwd);
  const validation = req.target ? await loadTable(deps, req.validation ?? req.data, cwd) : undefined;
  const stored = storedThreshold(model);
  const report = await evaluateModel(model, table, {
    ...(stored === undefined ? {} : { threshold: stored, thresholdSource: 'stored' as const }),
    slices: req.slices,
    requirements,
    policy: req.policy,
    tests: req.tests === undefined ? undefined : loadBehaviourTests(resolve(cwd, req.tests)),
    baselines: req.baselines,
    trainBaseline: deps.trainBaseline,
    operating: req.target && validation ? { target: req.target, validation } : undefined,
  });
  const members = model.family === 'ensemble' ? await memberMetrics(deps, model, table, cwd) : undefined;
  const dataRef = await deps.resolveData(req.data, cwd);
  const trainingData = await trainingOverlap(
    { resolveData: (ref) => deps.resolveData(ref, cwd) },
    dataRef,
    await trainingRuns(deps, label, version?.runId ?? null, model),
  );
  const evaluatedOnTrainingData = trainingData.some((o) => o.role === 'train');
  const runId = await logRun(deps, req, report, label, {
    dataset: dataRef.dataset,
    onTrainingData: evaluatedOnTrainingData,
  });
  const tags: Record<string, string> = {};
  if (version && (req.store ?? true)) {
    if (report.operating) tags[THRESHOLD_TAG] = String(report.threshold);
    if (req.policy) tags[POLICY_TAG] = JSON.stringify(req.policy);
    if (Object.keys(tags).length > 0) {
      await deps.registry.setVersionTags(version.name, version.version, tags, {
        reason: `flywheel eval (run ${runId})`,
      });
    }
  }
  return {
    model: label,
    data: req.data,
    report,
    ...(members ? { members } : {}),
    runId,
    stored: tags,
    evaluatedOnTrainingData,
    trainingData,
    warnings: overlapWarnings(req.data, trainingData),
  };
}

/** The training runs behind a model: its version's run, or each ensemble member's. */
async function trainingRuns(
  deps: EvalDeps,
  label: string,
  runId: string | null,
  model: Model,
): Promise<Array<{ model: string; inputs: RunInput[] }>> {
  const inputsOf = async (id: string | null | undefined) =>
    id ? (await deps.tracking.getRun(id).catch(() => undefined))?.inputs : undefined;
  const own = await inputsOf(runId);
  if (own) return [{ model: label, inputs: own }];
  const members = (model.info.members ?? []) as Array<{ ref: string }>;
  const out: Array<{ model: string; inputs: RunInput[] }> = [];
  for (const m of members) {
    const v = await deps.registry.resolve(m.ref).catch(() => undefined);
    const inputs = await inputsOf(v?.runId);
    if (inputs) out.push({ model: m.ref, inputs });
  }
  return out;
}

async function logRun(
  deps: EvalDeps,
  req: EvalRequest,
  report: EvalReport,
  model: string,
  data: { dataset: { name: string; version: number } | undefined; onTrainingData: boolean },
): Promise<string> {
  const run = await deps.tracking.startRun({
    experiment: 'evaluation',
    name: `eval ${model}`,
    params: {
      model,
      data: req.data,
      task: report.task,
      ...(report.threshold === undefined ? {} : { threshold: report.threshold }),
    },
    tags: {
      [TAGS.kind]: 'evaluation',
      [TAGS.modelVersion]: model,
      [TAGS.passed]: String(report.passed),
      ...(data.onTrainingData ? { [TAGS.evaluatedOnTrainingData]: 'true' } : {}),
    },
    inputs: data.dataset ? [{ data: `${data.dataset.name}:${data.dataset.version}`, role: 'test' }] : [],
  });
  try {
    run.logMetrics(report.metrics);
    for (const b of report.baselines)
      run.logMetrics(
        Object.fromEntries(Object.entries(b.metrics).map(([k, v]) => [`baseline_${b.name}_${k}`, v])),
      );
    await logReport(run, report);
    await run.end({ status: 'FINISHED' });
  } catch (error) {
    await run.end({ status: 'FAILED', reason: (error as Error).message });
    throw error;
  }
  return run.id;
}

/** Log the report as the run artifact eval-report.json, through a private temporary folder removed after. */
async function logReport(run: RunHandle, report: EvalReport): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'flywheel-eval-'));
  try {
    const file = join(dir, 'eval-report.json');
    await writeFile(file, JSON.stringify(report, null, 2));
    await run.logArtifact(file, { name: 'eval-report.json' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function memberMetrics(
  deps: EvalDeps,
  model: Model,
  table: Table,
  cwd: string,
): Promise<NonNullable<EvalResult['members']>> {
  const list = (model.info.members ?? []) as Array<{ ref: string; weight: number }>;
  const out: NonNullable<EvalResult['members']> = [];
  for (const m of list) {
    const { model: member } = await deps.openModel(m.ref, cwd);
    out.push({
      ref: m.ref,
      weight: m.weight,
      metrics: (await evaluateModel(member, table, { baselines: false })).metrics,
    });
  }
  return out;
}
