/** `flywheel explain`: attributions for rows given as JSON, against background rows (default: the training data). */
import { z } from 'zod';
import { FlywheelError } from '../core/index.js';
import { type CellValue, tableFromRows } from '../data/index.js';
import type { EvalDeps } from './eval-service.js';
import { loadTable } from './eval-service.js';
import { type Explanation, explainRows } from './explain/explain.js';

/** One `flywheel explain`. */
export interface ExplainRequest {
  model: string;
  /** JSON: one object of feature values, or an array of them. */
  rows: string;
  /** Background data (default: the training data recorded on the model version's run). */
  background?: string;
  /** Report the largest attributions only (default 10). */
  top?: number;
  cwd?: string;
}

/** The explanations plus which background was used. */
export interface ExplainResult {
  model: string;
  background: string;
  explanations: Array<Explanation & { top: Array<{ feature: string; attribution: number }> }>;
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
  const model = await deps.loadModel(req.model, cwd);
  const rows = tableFromRows(parseRows(req.rows));
  const backgroundRef = req.background ?? (await trainingDataOf(deps, req.model));
  const background = await loadTable(deps, backgroundRef, cwd);
  const top = req.top ?? 10;
  const explanations = explainRows(model, rows, background).map((e) => {
    // Multiclass: rank by the attributions towards the predicted class.
    const k = e.attributions.length === 1 ? 0 : argmax(e.score);
    const ranked = e.features.map((feature, j) => ({ feature, attribution: e.attributions[k]![j]! }));
    ranked.sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution));
    return { ...e, top: ranked.slice(0, top) };
  });
  return { model: req.model, background: backgroundRef, explanations };
}

function argmax(v: number[]): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}
