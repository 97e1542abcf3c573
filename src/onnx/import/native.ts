/**
 * A Flywheel-trained model served through ONNX Runtime instead of its own scorer (serve.yaml
 * `runtime: onnx`), to compare the two: the model is exported at load (onnx/export: its
 * preprocessing inside the graph, one double [N,1] input per feature, NaN for a missing value)
 * and wrapped as an imported model that keeps the native model's info (its decision threshold and
 * confidence policy tags). Only numeric features: categorical ones are string tensors, which the
 * imported-model scorer (numbers in, rows as Float64Array) does not feed.
 */
import { FlywheelError } from '../../core/index.js';
import type { Model } from '../../models/index.js';
import { DEFAULT_ONNX_RUNTIME, type OnnxRuntimeConfig } from './onnx-config.js';
import { createOnnxModel } from './onnx-model.js';
import { openOrtSession } from './ort-session.js';
import { resolveSignature } from './signature.js';

/** The same model, scored by ONNX Runtime on its exported graph. */
export async function throughOnnxRuntime(
  model: Model,
  where: string,
  config: OnnxRuntimeConfig = DEFAULT_ONNX_RUNTIME,
): Promise<Model> {
  if (model.family === 'onnx') return model;
  const text = model.schema.features.find((f) => f.type !== 'numeric');
  if (text !== undefined)
    throw new FlywheelError(
      'UNSUPPORTED',
      `${where} cannot be served with runtime: onnx: feature "${text.name}" is categorical`,
      {
        hint: 'Serve it with runtime: native (the default); runtime: onnx takes models with numeric features only.',
        details: { feature: text.name },
      },
    );
  // Loaded here, not at import: the exporter reads tables (data/, DuckDB), which commands that only
  // open the registry (flywheel status) must not load.
  const { exportOnnx } = await import('../export/index.js');
  const exported = exportOnnx(model);
  const session = await openOrtSession(exported.bytes, config, `${where} (exported)`);
  const { task, target, classes } = model.schema.output;
  const signature = resolveSignature(
    session,
    {
      task,
      target,
      ...(classes === null ? {} : { classes }),
      output: task === 'regression' ? 'value' : 'probabilities',
      output_kind: task === 'regression' ? 'values' : 'probabilities',
    },
    where,
  );
  // The exported graph imputes and routes missing values itself, as the native model does.
  return createOnnxModel(session, signature, { ...model.info, runtime: 'onnx' }, undefined, {
    passMissing: true,
  });
}
