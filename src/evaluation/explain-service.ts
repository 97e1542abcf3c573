/** `flywheel explain`: attributions for rows given as JSON, against background rows (default: the training data). */
import { z } from 'zod';
import { FlywheelError } from '../core/index.js';
import { type CellValue, sliceRows, tableFromRows } from '../data/index.js';
import type { Model } from '../models/index.js';
import type { EvalDeps } from './eval-service.js';
import { loadTable } from './eval-service.js';
import { type Explanation, explainRows } from './explain/explain.js';

/** One `flywheel explain`. */
export interface ExplainRequest {
  model: string;
  /** JSON: one object of feature values, or an array of them (or give `data`). */
  rows?: string;
  /** Explain the first `limit` rows of this data instead (NAME:N, NAME@TAG or a path): global importance. */
  data?: string;
  /** Rows of `data` to explain (default 200). */
  limit?: number;
  /** Background data (default: the training data recorded on the model version's run). */
  background?: string;
  /** Report the largest attributions only (default 10). */
  top?: number;
  cwd?: string;
}

/** The scale attributions, base values and scores are on. */
export interface ExplainUnit {
  /**
   * `log-odds` of the positive class (binary), `logit` per class (multiclass: the softmax input),
   * `probability` (a model whose output is already a probability, e.g. an ensemble), or `target`:
   * the regression target's own unit.
   */
  scale: 'log-odds' | 'logit' | 'probability' | 'target';
  /** The scale in words, naming the class or target (`log-odds of target = 1`). */
  text: string;
}

/** The explanations plus which background was used. */
export interface ExplainResult {
  model: string;
  background: string;
  /** What the numbers are in: every attribution, base and score uses this unit. */
  unit: ExplainUnit;
  explanations: Array<Explanation & { top: Array<{ feature: string; attribution: number }> }>;
  /** Global importance: the mean absolute attribution of each feature over the explained rows, largest first. */
  global: Array<{ feature: string; meanAbs: number }>;
}

/** Mean |attribution| per feature over explanations (all outputs summed), largest first. */
export function globalImportance(explanations: Explanation[]): Array<{ feature: string; meanAbs: number }> {
  if (explanations.length === 0) return [];
  const features = explanations[0]!.features;
  const sums = new Float64Array(features.length);
  for (const e of explanations) {
    for (const a of e.attributions) for (let j = 0; j < a.length; j++) sums[j]! += Math.abs(a[j]!);
  }
  return features
    .map((feature, j) => ({ feature, meanAbs: sums[j]! / explanations.length }))
    .sort((a, b) => b.meanAbs - a.meanAbs);
}

const rowsSchema = z.union([
  z.record(z.string(), z.unknown()),
  z.array(z.record(z.string(), z.unknown())).min(1),
]);

function parseRows(text: string): Record<string, CellValue>[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FlywheelError('INVALID_ARGUMENT', `--row is not valid JSON: ${(error as Error).message}`, {
      hint: `Quote it for the shell, e.g. --row '{"age": 42, "plan": "pro"}'.`,
    });
  }
  const parsed = rowsSchema.safeParse(raw);
  if (!parsed.success)
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      '--row must be a JSON object of feature values, or an array of them',
      { hint: `e.g. --row '{"age": 42}'` },
    );
  const list = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return list.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        v === null || ['string', 'number', 'boolean'].includes(typeof v) ? (v as CellValue) : String(v),
      ]),
    ),
  );
}

/** The training data (`name:N`) recorded on a registered model version's run. */
export async function trainingDataOf(
  deps: Pick<EvalDeps, 'registry'> & {
    runInputs(runId: string): Promise<Array<{ dataset: string; version: number; role: string }>>;
  },
  model: string,
): Promise<string> {
  const version = await deps.registry.resolve(model).catch(() => undefined);
  const inputs = version?.runId ? await deps.runInputs(version.runId) : [];
  const train = inputs.find((i) => i.role === 'train');
  if (!train) {
    throw new FlywheelError('INVALID_ARGUMENT', `no training data is recorded for ${model}`, {
      hint: 'Pass the reference data explicitly (--background / --reference REF) with rows like the training data.',
    });
  }
  return `${train.dataset}:${train.version}`;
}

/** Explain rows of a model. */
export async function runExplain(
  deps: EvalDeps & {
    runInputs(runId: string): Promise<Array<{ dataset: string; version: number; role: string }>>;
  },
  req: ExplainRequest,
): Promise<ExplainResult> {
  const cwd = req.cwd ?? process.cwd();
  const { model } = await deps.openModel(req.model, cwd);
  if ((req.rows === undefined) === (req.data === undefined)) {
    throw new FlywheelError('USAGE', 'give either --row JSON or --data REF', {
      hint: 'e.g. --row \'{"age": 42}\' for one prediction, or --data test:1 for global importance.',
    });
  }
  const rows =
    req.rows !== undefined
      ? tableFromRows(parseRows(req.rows))
      : sliceRows(await loadTable(deps, req.data!, cwd), 0, req.limit ?? 200);
  const backgroundRef = req.background ?? (await trainingDataOf(deps, req.model));
  const background = await loadTable(deps, backgroundRef, cwd);
  const top = req.top ?? 10;
  const raw = explainRows(model, rows, background);
  const explanations = raw.map((e) => {
    // Multiclass: rank by the attributions towards the predicted class.
    const k = e.attributions.length === 1 ? 0 : argmax(e.score);
    const ranked = e.features.map((feature, j) => ({ feature, attribution: e.attributions[k]![j]! }));
    ranked.sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution));
    return { ...e, top: ranked.slice(0, top) };
  });
  return {
    model: req.model,
    background: backgroundRef,
    unit: explainUnit(model),
    explanations,
    global: globalImportance(raw).slice(0, top),
  };
}

/** The unit of a model's raw score, from its link and task. */
export function explainUnit(model: Model): ExplainUnit {
  const out = model.schema.output;
  if (out.task === 'regression') return { scale: 'target', text: `units of ${out.target}` };
  const positive = `${out.target} = ${String(out.classes?.[1] ?? 1)}`;
  if (model.link === 'sigmoid') return { scale: 'log-odds', text: `log-odds of ${positive}` };
  if (model.link === 'softmax')
    return { scale: 'logit', text: `logits per class of ${out.target} (softmax inputs)` };
  const which = out.task === 'binary' ? positive : `each class of ${out.target}`;
  return { scale: 'probability', text: `probability of ${which}` };
}

function argmax(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}
