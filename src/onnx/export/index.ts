/** ONNX export: a Flywheel model as one ONNX graph with its preprocessing inside (export.ts). */
export {
  exportOnnx,
  ONNX_IR_VERSION,
  ONNX_OPSETS,
  type OnnxExport,
  type OnnxValue,
} from './export.js';
export {
  EXPORT_FORMATS,
  type ExportDeps,
  type ExportRequest,
  type ExportResult,
  exportModel,
} from './export-service.js';
export { type OnnxFeed, onnxFeeds } from './feeds.js';
