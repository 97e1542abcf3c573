/**
 * Turning a model's raw values into what clients read: the predicted label or value, class
 * probabilities, the confidence-policy action per row, and optional explanations (occlusion: how
 * much the prediction moves when a feature is treated as missing, the same for every family).
 */
import { jsonString } from '../../core/index.js';
import {
  ACCEPT_ACTION,
  binaryClass,
  type ClassLabel,
  type ConfidencePolicy,
  decisionThreshold,
  type FeatureRow,
  type Model,
  storedPolicy,
} from '../../models/index.js';

/** What the rows' predictions are, ready for JSON. */
export interface FormattedOutputs {
  predictions: Array<ClassLabel | number>;
  probabilities: number[][] | null;
  actions: string[];
}

/**
 * Format row-major values (rows × model.outputWidth) for clients: the answer writer's texts,
 * parsed (one formatter for the pipeline's answers and for the library).
 */
export function formatOutputs(
  model: Model,
  values: Float64Array,
  rows: number,
  configured?: ConfidencePolicy,
): FormattedOutputs {
  const writer = new AnswerWriter('', 0, model, configured ?? storedPolicy(model));
  writer.write(values, rows);
  return {
    predictions: JSON.parse(writer.predictions),
    probabilities: JSON.parse(writer.probabilities),
    actions: JSON.parse(writer.actions),
  };
}

/** The accepted action as it stands in an answer's JSON. */
const ACCEPTED = JSON.stringify(ACCEPT_ACTION);

/**
 * The format stage of the predict pipeline, and the one formatter of predictions: an answer's JSON
 * text written from the values, without building objects for `JSON.stringify`. One per served
 * version; after `write`, the predictions, probabilities and actions texts of those values stay
 * readable (for the answer, the prediction log and `formatOutputs`). The decision rule is the
 * model's (models/decision.ts: the binary threshold stored with the version, the policy's action
 * below its threshold, "accept" otherwise).
 */
export class AnswerWriter {
  predictions = '';
  probabilities = '';
  actions = '';
  private readonly head: string;
  private readonly task: string;
  private readonly K: number;
  private readonly threshold: number;
  private readonly labels: string[];
  private readonly below: number;
  private readonly action: string;

  constructor(name: string, version: number, model: Model, policy: ConfidencePolicy | undefined) {
    const { task, classes } = model.schema.output;
    this.head = `,"model":${JSON.stringify(name)},"model_version":${version},"predictions":`;
    this.task = task;
    this.K = model.outputWidth;
    this.threshold = decisionThreshold(model);
    const label = (k: number) => (classes?.[k] === undefined ? String(k) : JSON.stringify(classes[k]));
    this.labels = Array.from({ length: Math.max(this.K, 2) }, (_, k) => label(k));
    this.below = policy?.below ?? -1;
    this.action = policy ? JSON.stringify(policy.action) : '';
  }

  /** The texts of `rows` rows of row-major values (rows × model.outputWidth). */
  write(values: Float64Array, rows: number): void {
    const K = this.K;
    let predictions = '';
    let probabilities = '';
    let actions = '';
    for (let r = 0; r < rows; r++) {
      const sep = r === 0 ? '' : ',';
      if (this.task === 'regression') {
        predictions += sep + String(values[r]);
        actions += sep + ACCEPTED;
        continue;
      }
      let best = 0;
      let probs = '';
      let top: number;
      if (K === 1) {
        const p = values[r]!;
        best = binaryClass(p, this.threshold);
        probs = `${String(1 - p)},${String(p)}`;
        top = Math.max(1 - p, p);
      } else {
        const o = r * K;
        for (let k = 1; k < K; k++) if (values[o + k]! > values[o + best]!) best = k;
        for (let k = 0; k < K; k++) probs += (k === 0 ? '' : ',') + String(values[o + k]);
        top = values[o + best]!;
      }
      predictions += sep + this.labels[best]!;
      probabilities += `${sep}[${probs}]`;
      actions += sep + (top < this.below ? this.action : ACCEPTED);
    }
    this.predictions = `[${predictions}]`;
    this.probabilities = this.task === 'regression' ? 'null' : `[${probabilities}]`;
    this.actions = `[${actions}]`;
  }

  /** The answer's JSON text for the last `write`, with explanations when asked for. */
  json(requestId: string, explanations?: ReadonlyArray<Record<string, number>>): string {
    const more = explanations === undefined ? '' : `,"explanations":${JSON.stringify(explanations)}`;
    return `{"request_id":${jsonString(requestId)}${this.head}${this.predictions},"probabilities":${this.probabilities},"actions":${this.actions}${more}}`;
  }
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
