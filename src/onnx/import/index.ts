/**
 * onnx/import: models made elsewhere, as ONNX graphs, registered and scored through ONNX Runtime
 * like native models — the signature read from the graph (and an optional file), the version's
 * files (model.onnx, signature.json, CHECKSUMS), the `Model` that runs the session, and the
 * `onnx_runtime:` settings of flywheel.yaml.
 */

export { throughOnnxRuntime } from './native.js';
export {
  DEFAULT_ONNX_RUNTIME,
  GRAPH_OPTIMIZATION_LEVELS,
  type OnnxRuntimeConfig,
  onnxRuntimeSection,
} from './onnx-config.js';
export { isOnnxFiles, ONNX_FILES, onnxModelFromFiles, onnxModelToFiles } from './onnx-files.js';
export { createOnnxModel, OnnxScorer } from './onnx-model.js';
export {
  type OrtSession,
  openOrtSession,
  sessionOptions,
  type TensorValue,
  type ValueInfo,
} from './ort-session.js';
export {
  ONNX_ARTIFACT,
  ONNX_IMPORT_EXPERIMENT,
  type OnnxImportDeps,
  type OnnxImportRequest,
  registerOnnxModel,
} from './register.js';
export {
  type OutputKind,
  resolveSignature,
  type Signature,
  type SignatureFile,
  signatureFileSchema,
} from './signature.js';
