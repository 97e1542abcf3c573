/**
 * flywheel.yaml as this build of Flywheel reads it: core's reader (core/config.ts) with each
 * domain's section. The section files are imported directly, not through their folder's index, so
 * reading the configuration (`flywheel status`, `serve` choosing its worker count) loads no data
 * library, server or model code.
 */

import { batchSection } from './batch/batch-config.js';
import { type ConfigEnv, createConfigReader, type WorkspaceConfig } from './core/index.js';
import { monitorSection } from './monitoring/monitor-config.js';
import { onnxRuntimeSection } from './onnx/import/onnx-config.js';
import { predictionLogSection } from './prediction-log/config.js';
import { registrySection } from './registry/registry-config.js';
import { serverSection } from './serving/server-config.js';

const SECTIONS = {
  server: serverSection,
  registry: registrySection,
  monitor: monitorSection,
  prediction_log: predictionLogSection,
  batch: batchSection,
  onnx_runtime: onnxRuntimeSection,
};

const reader = createConfigReader(SECTIONS);

/** A loaded workspace configuration: the file's settings (defaults filled in) plus where it lives. */
export type FlywheelConfig = WorkspaceConfig<typeof SECTIONS>;

/** The schema of flywheel.yaml (strict: unknown keys are errors, so typos do not pass silently). */
export const configSchema = reader.schema;

/** Validate flywheel.yaml text as read from `file`; `env`'s variables override it (core/env.ts). */
export function parseConfig(text: string, file: string, env: ConfigEnv = {}): FlywheelConfig {
  return reader.parse(text, file, env);
}

/** Read and validate flywheel.yaml; `env`'s variables override it. */
export function loadConfig(file: string, env: ConfigEnv = {}): FlywheelConfig {
  return reader.load(file, env);
}
