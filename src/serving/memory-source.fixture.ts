/** An in-memory model source for serving tests: versions built by hand, alias moves as events. */
import { createModel, LinearScorer, type Model, type Scorer } from '../models/index.js';
import type { AliasMoveEvent, ModelSource } from './model-source.js';
import { ServingService } from './service.js';

/**
 * A binary model over x (numeric, missing → 0) and c (a/b one-hot):
 * z = x + 0.5·[c=a] − 0.5·[c=b] + bias, p = sigmoid(z). With x = 0 and c missing, p = sigmoid(bias).
 */
export function binaryModel(bias: number, features: Array<'x' | 'c' | 'z'> = ['x', 'c']): Model {
  const steps = features.map((f) =>
    f === 'c'
      ? { kind: 'onehot' as const, source: 'c', categories: ['a', 'b'] }
      : { kind: 'numeric' as const, source: f, impute: 0, center: 0, scale: 1 },
  );
  const weights = features.flatMap((f) => (f === 'c' ? [0.5, -0.5] : [1]));
  return createModel({
    family: 'linear',
    schema: {
      features: features.map((f) =>
        f === 'c'
          ? { name: 'c', type: 'categorical' as const, categories: ['a', 'b'] }
          : { name: f, type: 'numeric' as const },
      ),
      output: { task: 'binary', target: 'y', classes: [0, 1] },
    },
    steps,
    scorer: new LinearScorer(weights.length, 1, Float64Array.from(weights), Float64Array.of(bias)),
  });
}

/**
 * A binary linear model over any numeric features (each weight 0.1, missing → 0, bias 0): for
 * tests whose rows have other feature names (the breast-cancer request, `constructor`).
 */
export function numericModel(features: readonly string[]): Model {
  return createModel({
    family: 'linear',
    schema: {
      features: features.map((name) => ({ name, type: 'numeric' as const })),
      output: { task: 'binary', target: 'y', classes: [0, 1] },
    },
    steps: features.map((source) => ({ kind: 'numeric' as const, source, impute: 0, center: 0, scale: 1 })),
    scorer: new LinearScorer(
      features.length,
      1,
      new Float64Array(features.length).fill(0.1),
      Float64Array.of(0),
    ),
  });
}

/** A model whose every prediction throws (a broken shadow): its batch kernel fails. */
export function throwingModel(): Model {
  const m = binaryModel(0);
  const scorer: Scorer = {
    inputs: m.scorer.inputs,
    outputs: m.scorer.outputs,
    // The warm-up prediction (one row) passes so the version loads; every batch then throws.
    scoreRow: (x, out) => m.scorer.scoreRow(x, out),
    batchBuffer: () => null,
    scoreBatch() {
      throw new Error('this model always fails');
    },
  };
  return { ...m, scorer };
}

export class MemorySource implements ModelSource {
  readonly aliases = new Map<string, number>();
  readonly events: Array<{ kind: string; name: string; data: Record<string, unknown> }> = [];
  private moves: AliasMoveEvent[] = [];

  constructor(readonly models: Record<string, Record<number, () => Model>>) {}

  async resolve(ref: string) {
    const at = ref.indexOf('@');
    const colon = ref.indexOf(':');
    if (at > 0) {
      const version = this.aliases.get(ref);
      if (version === undefined) throw new Error(`no alias ${ref}`);
      return { name: ref.slice(0, at), version };
    }
    return { name: ref.slice(0, colon), version: Number(ref.slice(colon + 1)) };
  }

  async load(name: string, version: number) {
    const make = this.models[name]?.[version];
    if (!make) throw new Error(`no model ${name}:${version}`);
    return make();
  }

  async aliasMoves(afterId: number) {
    const cursor = this.moves.length;
    return { cursor, moves: afterId < 0 ? [] : this.moves.slice(afterId) };
  }

  async moveAlias(name: string, alias: string, version: number) {
    this.aliases.set(`${name}@${alias}`, version);
    this.moves.push({ id: this.moves.length + 1, name, alias, to: version });
  }

  async audit(kind: string, name: string, data: Record<string, unknown>) {
    this.events.push({ kind, name, data });
  }
}

/**
 * A started service serving `churn@production` (version 1, `binaryModel(1)`) with its prediction
 * log going nowhere, for tests that need a plain endpoint behind a server.
 */
export async function churnService(): Promise<ServingService> {
  const source = new MemorySource({ churn: { 1: () => binaryModel(1) } });
  source.aliases.set('churn@production', 1);
  const serving = new ServingService(source, { sink: { write: async () => {} }, pollMs: 0 });
  await serving.start([{ ref: 'churn@production' }]);
  return serving;
}

/** A started service serving `NAME@production` (version 1, `model`), its log going nowhere. */
export async function serviceOf(name: string, model: () => Model): Promise<ServingService> {
  const source = new MemorySource({ [name]: { 1: model } });
  source.aliases.set(`${name}@production`, 1);
  const serving = new ServingService(source, { sink: { write: async () => {} }, pollMs: 0 });
  await serving.start([{ ref: `${name}@production` }]);
  return serving;
}
