/**
 * Combined models: an ensemble of trained models (each with its own loss and preprocessing),
 * combined by weights with the rule "weighted average of the predicted values" (probabilities for
 * classifiers, values for regression). Changing the weights needs no retraining: an ensemble is a
 * registry version that names its members and weights (`flywheel models set-weights`).
 */
import { FlywheelError } from '../core/errors.js';
import type { Table } from '../data/index.js';
import { applyLink, type Model, type Prediction, type Scorer } from './model.js';
import { Preprocessor } from './preprocess.js';

/** One member of an ensemble. */
export interface EnsembleMember {
  ref: string;
  weight: number;
  model: Model;
}

function checkMembers(members: EnsembleMember[]): void {
  if (members.length === 0)
    throw new FlywheelError('INVALID_ARGUMENT', 'an ensemble needs at least one member', {
      hint: 'Name members as NAME:VERSION=WEIGHT.',
    });
  const first = members[0]!.model.schema.output;
  for (const m of members) {
    const o = m.model.schema.output;
    if (!(m.weight >= 0) || !Number.isFinite(m.weight))
      throw new FlywheelError('INVALID_ARGUMENT', `weight of ${m.ref} is ${m.weight}`, {
        hint: 'Weights are finite and non-negative.',
      });
    if (
      o.task !== first.task ||
      o.target !== first.target ||
      JSON.stringify((o.classes ?? []).map(String)) !== JSON.stringify((first.classes ?? []).map(String))
    ) {
      throw new FlywheelError(
        'SCHEMA_MISMATCH',
        `${m.ref} predicts ${o.task} "${o.target}", but ${members[0]!.ref} predicts ${first.task} "${first.target}"`,
        {
          hint: 'Combine models of the same task, target and classes.',
        },
      );
    }
  }
  if (members.reduce((s, m) => s + m.weight, 0) <= 0)
    throw new FlywheelError('INVALID_ARGUMENT', 'the weights sum to 0', {
      hint: 'Give at least one member a positive weight.',
    });
}

/** A scorer over the members' concatenated preprocessed columns that returns the combined values. */
class EnsembleScorer implements Scorer {
  readonly inputs: number;
  readonly outputs: number;
  private readonly offsets: number[] = [];
  constructor(
    /** The members, in order (read by the ONNX exporter through `ensembleMembers`). */
    readonly members: readonly EnsembleMember[],
    private readonly total: number,
  ) {
    let offset = 0;
    for (const m of members) {
      this.offsets.push(offset);
      offset += m.model.scorer.inputs;
    }
    this.inputs = offset;
    this.outputs = members[0]!.model.outputWidth;
  }
  scoreRow(x: Float64Array, out: Float64Array): void {
    out.fill(0, 0, this.outputs);
    this.members.forEach((m, i) => {
      const raw = new Float64Array(m.model.scorer.outputs);
      m.model.scorer.scoreRow(x.subarray(this.offsets[i]!, this.offsets[i]! + m.model.scorer.inputs), raw);
      const v = applyLink(m.model.link, raw, 1, raw.length);
      for (let k = 0; k < this.outputs; k++) out[k]! += (m.weight / this.total) * v[k]!;
    });
  }
  scoreBatch(X: Float64Array, n: number, out: Float64Array): void {
    const row = new Float64Array(this.outputs);
    for (let r = 0; r < n; r++) {
      this.scoreRow(X.subarray(r * this.inputs, (r + 1) * this.inputs), row);
      out.set(row, r * this.outputs);
    }
  }
  batchBuffer(): Float64Array | null {
    return null;
  }
}

/** An ensemble model's members (weights as given, not normalised), or null for any other model. */
export function ensembleMembers(model: Model): readonly EnsembleMember[] | null {
  return model.scorer instanceof EnsembleScorer ? model.scorer.members : null;
}

/** Combine members by the weighted average of their predicted values. */
export function createEnsembleModel(members: EnsembleMember[]): Model {
  checkMembers(members);
  const total = members.reduce((s, m) => s + m.weight, 0);
  const first = members[0]!.model;
  const features = new Map(members.flatMap((m) => m.model.schema.features.map((f) => [f.name, f] as const)));
  const width = first.outputWidth;
  const combine = (parts: Float64Array[], n: number): Float64Array => {
    const values = new Float64Array(n * width);
    parts.forEach((p, i) => {
      const w = members[i]!.weight / total;
      for (let j = 0; j < values.length; j++) values[j]! += w * p[j]!;
    });
    return values;
  };
  return {
    family: 'ensemble',
    schema: { features: [...features.values()], output: first.schema.output },
    preprocessor: new Preprocessor(members.flatMap((m) => m.model.preprocessor.steps)),
    scorer: new EnsembleScorer(members, total),
    link: 'identity',
    info: {
      members: members.map((m) => ({ ref: m.ref, weight: m.weight, family: m.model.family })),
      rule: 'weighted_mean',
    },
    outputWidth: width,
    predict(table: Table): Prediction {
      const values = combine(
        members.map((m) => m.model.predict(table).values),
        table.rowCount,
      );
      return {
        task: first.schema.output.task,
        classes: first.schema.output.classes,
        rowCount: table.rowCount,
        width,
        values,
      };
    },
    predictRow(row, out = new Float64Array(width)) {
      out.set(
        combine(
          members.map((m) => m.model.predictRow(row)),
          1,
        ),
      );
      return out;
    },
  };
}
