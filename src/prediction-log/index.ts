/**
 * prediction-log: the one owner of the log serving writes and monitoring reads — the record
 * schema, the folder layout, the buffered writer with its segment sink, and the reader.
 */
export {
  type LogDirSettings,
  type PredictionLogConfig,
  predictionLogSection,
  workspaceLogDir,
} from './config.js';
export {
  DEFAULT_LOG_DIR,
  FEEDBACK_FOLDER,
  hourFolder,
  logDirOf,
  partitionFolder,
  segmentFileName,
} from './layout.js';
export { attachLabels, type LoggedPrediction, readFeedback, readPredictionLog } from './reader.js';
export {
  type FeedbackRecord,
  type LogRecord,
  type PackedPrediction,
  type PredictionRecord,
  recordLine,
  unpack,
} from './schema.js';
export { segmentSink } from './segment-sink.js';
export {
  DEFAULT_LOG,
  type LogSink,
  PredictionLog,
  type PredictionLogOptions,
} from './writer.js';
