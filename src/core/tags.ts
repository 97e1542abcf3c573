/**
 * The catalog of Flywheel's own tag names (`flywheel.*`), on model versions and on runs, the way
 * errors.ts is the catalog of error codes: every module that writes or reads one of these tags
 * takes its name from here, so a name is spelt once and a grep finds every use
 * (tags.test.ts fails on a `'flywheel.…'` tag literal anywhere else in src/). Core holds only the
 * names; what a tag means is owned by the module that writes it (the comments say which). The
 * names are stored in users' databases: never rename one.
 */

/** The prefix of every Flywheel tag; others (`mlflow.*`, a user's own) are left alone. */
export const TAG_PREFIX = 'flywheel.';

/** Flywheel's tag names, by what they record. */
export const TAGS = {
  // On model versions (they join the loaded model's `info`: registry/loader.ts).
  /** The binary decision threshold `flywheel eval` chose (evaluation), used by serving and batch. */
  threshold: 'flywheel.threshold',
  /** The confidence policy `flywheel eval --policy` stored, as JSON (evaluation). */
  policy: 'flywheel.policy',
  /** Features that may be absent from a request, comma-separated (models/feature-names.ts). */
  optionalFeatures: 'flywheel.optional_features',
  /** An ensemble's members and weights, as JSON (registry/ensemble-tag.ts). */
  ensemble: 'flywheel.ensemble',
  /** The family of the model a version holds (training). */
  modelFamily: 'flywheel.model_family',
  /** The ONNX export stored with a version: its run artifact path and digest, as JSON (onnx/export). */
  onnxExport: 'flywheel.onnx_export',

  // On runs.
  /** What a run is when it is not training: `evaluation` (evaluation) or `batch-predict` (batch). */
  kind: 'flywheel.kind',
  /** The target column a training run learned (training). */
  target: 'flywheel.target',
  /** Why training stopped, and after how many iterations (training). */
  stopReason: 'flywheel.stop_reason',
  iterations: 'flywheel.iterations',
  /** The audit-event id of the monitoring alert that started a retrain (`flywheel train --alert`). */
  alert: 'flywheel.alert',
  /** The model version an evaluation run evaluated, whether it passed, and on which data (evaluation). */
  modelVersion: 'flywheel.model_version',
  passed: 'flywheel.passed',
  evaluatedOnTrainingData: 'flywheel.evaluated_on_training_data',
} as const satisfies Record<string, `${typeof TAG_PREFIX}${string}`>;

/** A Flywheel tag name. */
export type FlywheelTag = (typeof TAGS)[keyof typeof TAGS];

/** Whether a tag name is one of Flywheel's own (`flywheel.*`). */
export const isFlywheelTag = (name: string): boolean => name.startsWith(TAG_PREFIX);
