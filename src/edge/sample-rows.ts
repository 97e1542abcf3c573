/**
 * Rows to time a bundle on, made from the model alone (an export has no data at hand): numeric
 * features near the values the model splits or centres on, categories it knows plus one it does
 * not, and a missing value now and then — so trees walk realistic paths, not always the same one.
 */
import { type Model, TreeEnsembleScorer } from '../models/index.js';

/** `n` seeded rows keyed by feature name. */
export function sampleRows(model: Model, n: number, seed: number): Record<string, unknown>[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const splits = treeThresholds(model);
  const steps = new Map(model.preprocessor.steps.map((st) => [st.source, st]));
  return Array.from({ length: n }, () => {
    const row: Record<string, unknown> = {};
    for (const f of model.schema.features) {
      if (rand() < 0.05) row[f.name] = null;
      else if (f.type === 'categorical') {
        const cats = f.categories ?? [];
        row[f.name] = cats[Math.floor(rand() * (cats.length + 1))] ?? 'unseen';
      } else {
        const step = steps.get(f.name);
        const t = splits.get(f.name);
        if (t !== undefined && t.length > 0)
          row[f.name] = t[Math.floor(rand() * t.length)]! + (rand() - 0.5) * 1e-3;
        else if (step?.kind === 'numeric') row[f.name] = step.center + step.scale * (rand() * 4 - 2);
        else row[f.name] = rand();
      }
    }
    return row;
  });
}

/** For a tree model whose preprocessing passes features through, each feature's split thresholds by name. */
function treeThresholds(model: Model): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (!(model.scorer instanceof TreeEnsembleScorer)) return out;
  const d = model.scorer.data;
  const widthOne = model.preprocessor.steps.every((st) => st.kind === 'numeric' || st.kind === 'ordinal');
  if (!widthOne) return out;
  for (let i = 0; i < d.feature.length; i++) {
    const f = d.feature[i]!;
    if (f < 0 || d.catStart[i]! >= 0) continue;
    const name = model.preprocessor.steps[f]!.source;
    const list = out.get(name) ?? [];
    list.push(d.threshold[i]!);
    out.set(name, list);
  }
  return out;
}
