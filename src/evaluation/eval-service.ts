/**
 * `flywheel eval`: load a model (registry reference or folder), read the data, evaluate, log the
 * result as a tracked run linked to the model version, and store the chosen operating threshold
 * and confidence policy on the version (tags `flywheel.threshold`, `flywheel.policy`) for serving.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { newId } from '../core/index.js';
import { readResolved, type Table } from '../data/index.js';
import type { Model } from '../models/index.js';
import type { RegistryService } from '../registry/index.js';
import type { TrackingService } from '../tracking/index.js';
import { loadBehaviourTests } from './behaviour.js';
import type { ConfidencePolicy } from './confidence.js';
import { type EvalReport, evaluateModel } from './evaluate.js';
import type { OperatingTarget } from './metrics/index.js';
import { parseRequirement } from './requirements.js';

/** What an evaluation needs from the platform. */
export interface EvalDeps {
  tracking: TrackingService;
  registry: RegistryService;
  loadModel(ref: string, cwd: string): Promise<Model>;
  resolveData(
    ref: string,
    cwd: string,
  ): Promise<{
    files: string[];
    format: string | undefined;
    dataset: { name: string; version: number } | undefined;
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
}

/** Read data given by reference or path into one table (several files of a folder version are concatenated). */
export async function loadTable(deps: EvalDeps, ref: string, cwd: string): Promise<Table> {
  return readResolved(await deps.resolveData(ref, cwd));
}

/** Evaluate and record. */
export async function runEvaluation(deps: EvalDeps, req: EvalRequest): Promise<EvalResult> {
  const cwd = req.cwd ?? process.cwd();
  const requirements = (req.require ?? []).map((r) => parseRequirement(r));
  const model = await deps.loadModel(req.model, cwd);
  const table = await loadTable(deps, req.data, cwd);
  const validation = req.target ? await loadTable(deps, req.validation ?? req.data, cwd) : undefined;
  const report = await evaluateModel(model, table, {
    slices: req.slices,
    requirements,
    policy: req.policy,
    tests: req.tests === undefined ? undefined : loadBehaviourTests(resolve(cwd, req.tests)),
    baselines: req.baselines,
    operating: req.target && validation ? { target: req.target, validation } : undefined,
  });
  const members = model.family === 'ensemble' ? await memberMetrics(deps, model, table, cwd) : undefined;
  const version = await deps.registry.resolve(req.model).catch(() => undefined);
  const runId = await logRun(deps, req, report, version ? `${version.name}:${version.version}` : req.model);
  const stored: Record<string, string> = {};
  if (version && (req.store ?? true)) {
    if (report.operating) stored['flywheel.threshold'] = String(report.threshold);
    if (req.policy) stored['flywheel.policy'] = JSON.stringify(req.policy);
    if (Object.keys(stored).length > 0) {
      await deps.registry.setVersionTags(version.name, version.version, stored, {
        reason: `flywheel eval (run ${runId})`,
      });
    }
  }
  return {
    model: version ? `${version.name}:${version.version}` : req.model,
    data: req.data,
    report,
    ...(members ? { members } : {}),
    runId,
    stored,
  };
}

async function logRun(deps: EvalDeps, req: EvalRequest, report: EvalReport, model: string): Promise<string> {
  const dataRef = await deps.resolveData(req.data, req.cwd ?? process.cwd());
  const run = await deps.tracking.startRun({
    experiment: 'evaluation',
    name: `eval ${model}`,
    params: { model, data: req.data, threshold: report.threshold, task: report.task },
    tags: {
      'flywheel.kind': 'evaluation',
      'flywheel.model_version': model,
      'flywheel.passed': String(report.passed),
    },
    inputs: dataRef.dataset
      ? [{ data: `${dataRef.dataset.name}:${dataRef.dataset.version}`, role: 'test' }]
      : [],
  });
  try {
    run.logMetrics(report.metrics);
    for (const b of report.baselines)
      run.logMetrics(
        Object.fromEntries(Object.entries(b.metrics).map(([k, v]) => [`baseline_${b.name}_${k}`, v])),
      );
    const file = join(tmpdir(), `flywheel-eval-${newId()}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2));
    await run.logArtifact(file, { name: 'eval-report.json' });
    await run.end({ status: 'FINISHED' });
  } catch (error) {
    await run.end({ status: 'FAILED', reason: (error as Error).message });
    throw error;
  }
  return run.id;
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
    const member = await deps.loadModel(m.ref, cwd);
    out.push({
      ref: m.ref,
      weight: m.weight,
      metrics: (await evaluateModel(member, table, { baselines: false })).metrics,
    });
  }
  return out;
}
