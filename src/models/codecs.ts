/**
 * How each family's numeric core becomes JSON plus named typed arrays and back. A fixed table from
 * family name to codec: loading a model never imports or evaluates anything named by the file.
 */
import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import { LinearScorer } from './linear.js';
import { type DenseLayer, MlpScorer } from './mlp.js';
import type { ModelFamily, Scorer } from './model.js';
import { type TreeEnsembleData, TreeEnsembleScorer } from './trees.js';

/** A typed array kind stored in weights.bin. */
export type StoredArray = Float64Array | Int32Array | Uint32Array | Uint8Array;

/** A core as JSON plus arrays. */
export interface EncodedCore {
  core: unknown;
  arrays: Record<string, StoredArray>;
}

interface Codec {
  encode(scorer: Scorer): EncodedCore;
  decode(core: unknown, arrays: Map<string, StoredArray>): Scorer;
}

function take<T extends StoredArray>(
  arrays: Map<string, StoredArray>,
  name: string,
  type: new (n: number) => T,
): T {
  const a = arrays.get(name);
  if (!(a instanceof type)) {
    throw new FlywheelError(
      'DATA_INVALID',
      `Model weights lack the array "${name}" (or it has the wrong type)`,
      {
        hint: 'The model folder is damaged or from an incompatible version; retrain or restore it.',
      },
    );
  }
  return a;
}

const linearCore = z.object({ inputs: z.number().int().min(0), outputs: z.number().int().min(1) });
const treesCore = z.object({ features: z.number().int().min(0), outputs: z.number().int().min(1) });
const mlpCore = z.object({
  layers: z
    .array(
      z.object({
        inputs: z.number().int().min(1),
        outputs: z.number().int().min(1),
        activation: z.enum(['relu', 'tanh', 'identity']),
      }),
    )
    .min(1),
  shift: z.number(),
  scale: z.number(),
});

const TREE_ARRAYS = {
  baseScore: Float64Array,
  treeStart: Int32Array,
  treeOutput: Int32Array,
  feature: Int32Array,
  threshold: Float64Array,
  value: Float64Array,
  left: Int32Array,
  right: Int32Array,
  missingLeft: Uint8Array,
  catStart: Int32Array,
  catLength: Int32Array,
  catWords: Uint32Array,
} as const;

const CODECS: Record<ModelFamily, Codec> = {
  linear: {
    encode(s) {
      const l = s as LinearScorer;
      return { core: { inputs: l.inputs, outputs: l.outputs }, arrays: { weights: l.weights, bias: l.bias } };
    },
    decode(core, arrays) {
      const c = linearCore.parse(core);
      return new LinearScorer(
        c.inputs,
        c.outputs,
        take(arrays, 'weights', Float64Array),
        take(arrays, 'bias', Float64Array),
      );
    },
  },
  gbdt: {
    encode(s) {
      const d = (s as TreeEnsembleScorer).data;
      const arrays: Record<string, StoredArray> = {};
      for (const key of Object.keys(TREE_ARRAYS) as (keyof typeof TREE_ARRAYS)[]) arrays[key] = d[key];
      return { core: { features: d.features, outputs: d.outputs }, arrays };
    },
    decode(core, arrays) {
      const c = treesCore.parse(core);
      const data: Record<string, unknown> = { ...c };
      for (const [key, type] of Object.entries(TREE_ARRAYS))
        data[key] = take(arrays, key, type as new (n: number) => StoredArray);
      return new TreeEnsembleScorer(data as unknown as TreeEnsembleData);
    },
  },
  mlp: {
    encode(s) {
      const m = s as MlpScorer;
      const arrays: Record<string, StoredArray> = {};
      m.layers.forEach((l, i) => {
        arrays[`layer${i}.weights`] = l.weights;
        arrays[`layer${i}.bias`] = l.bias;
      });
      const layers = m.layers.map((l) => ({
        inputs: l.inputs,
        outputs: l.outputs,
        activation: l.activation,
      }));
      return { core: { layers, shift: m.shift, scale: m.scale }, arrays };
    },
    decode(core, arrays) {
      const c = mlpCore.parse(core);
      const layers: DenseLayer[] = c.layers.map((l, i) => ({
        ...l,
        weights: take(arrays, `layer${i}.weights`, Float64Array),
        bias: take(arrays, `layer${i}.bias`, Float64Array),
      }));
      return new MlpScorer(layers, c.shift, c.scale);
    },
  },
};

/** Encode a family's scorer. */
export function encodeCore(family: ModelFamily, scorer: Scorer): EncodedCore {
  return CODECS[family].encode(scorer);
}

/** Decode a family's scorer (validated by the scorer's constructor). */
export function decodeCore(family: ModelFamily, core: unknown, arrays: Map<string, StoredArray>): Scorer {
  return CODECS[family].decode(core, arrays);
}
