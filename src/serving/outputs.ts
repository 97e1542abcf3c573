/**
 * Turning a model's raw values into what clients read: the predicted label or value, class
 * probabilities, the confidence-policy action per row, and optional explanations (occlusion: how
 * much the prediction moves when a feature is treated as missing, the same for every family).
 */
import {
  binaryClass,
  type ClassLabel,
  type ConfidencePolicy,
  confidenceAction,
  decisionThreshold,
  type FeatureRow,
  type Model,
  storedPolicy,
} from '../models/index.js';

const PLAIN_TEXT = /^[A-Za-z0-9._:-]*$/;

/** `JSON.stringify(text)`, without its work for the plain ids and names most texts are. */
export function jsonString(text: string): string {
  return PLAIN_TEXT.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** What the rows' predictions are, ready for JSON. */
export interface FormattedOutputs {
  predictions: Array<ClassLabel | number>;
  probabilities: number[][] | null;
  actions: string[];
}

/** Format row-major values (rows × model.outputWidth) for clients. */
export function formatOutputs(
  model: Model,
  values: Float64Array,
  rows: number,
  configured?: ConfidencePolicy,
): FormattedOutputs {
  const { task, classes } = model.schema.output;
  const policy = configured ?? storedPolicy(model);
  const threshold = decisionThreshold(model);
  const width = model.outputWidth;
  const predictions: Array<ClassLabel | number> = [];
  const probabilities: number[][] | null = task === 'regression' ? null : [];
  const actions: string[] = [];
  for (let r = 0; r < rows; r++) {
    if (task === 'regression') {
      predictions.push(values[r]!);
      actions.push('accept');
      continue;
    }
    const probs =
      width === 1 ? [1 - values[r]!, values[r]!] : Array.from(values.subarray(r * width, (r + 1) * width));
    let best = 0;
    if (width === 1) best = binaryClass(values[r]!, threshold);
    else for (let k = 1; k < probs.length; k++) if (probs[k]! > probs[best]!) best = k;
    predictions.push(classes?.[best] ?? best);
    probabilities!.push(probs);
    actions.push(confidenceAction(policy, Math.max(...probs)));
  }
  return { predictions, probabilities, actions };
}

/** Per row, per feature: prediction − prediction with that feature missing (first output). */
export function explainRows(
  model: Model,
  rows: readonly FeatureRow[],
  values: Float64Array,
): Array<Record<string, number>> {
  const width = model.outputWidth;
  const out = new Float64Array(width);
  return rows.map((row, r) => {
    const base = values[r * width]!;
    const contributions: Record<string, number> = {};
    for (const f of model.schema.features) {
      model.predictRow({ ...row, [f.name]: null }, out);
      contributions[f.name] = base - out[0]!;
    }
    return contributions;
  });
}
