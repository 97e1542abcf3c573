/**
 * onnx: the bridge to the ONNX model format — the protobuf schema (proto.ts), export of Flywheel
 * models as ONNX graphs (export/), and import of models made elsewhere (import/).
 */
export {
  EXPORT_FORMATS,
  type ExportDeps,
  type ExportRequest,
  type ExportResult,
  exportModel,
  exportOnnx,
  ONNX_IR_VERSION,
  ONNX_OPSETS,
  type OnnxExport,
  type OnnxFeed,
  type OnnxValue,
  onnxFeeds,
} from './export/index.js';
