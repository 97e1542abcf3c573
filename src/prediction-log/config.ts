/**
 * `prediction_log:` in flywheel.yaml — the one key for the log's folder, which serving writes and
 * monitoring reads (`dir`, relative to the workspace root). The keys it replaces still work, each
 * with a deprecation warning: `monitor.log_dir` of flywheel.yaml (read here) and `log.dir` of
 * serve.yaml (read by serving, serving/open.ts). Core's config reader composes this section
 * (src/workspace-config.ts).
 */
import { z } from 'zod';
import { type ConfigSection, FlywheelError } from '../core/index.js';
import { DEFAULT_LOG_DIR, logDirOf } from './layout.js';

const predictionLogSchema = z
  .object({ dir: z.string().min(1).optional() })
  .strict()
  .prefault({});

/** The `prediction_log:` section after parsing (`dir` absent: not written in the file). */
export type PredictionLogConfig = z.output<typeof predictionLogSchema>;

/** The `prediction_log:` section of flywheel.yaml. */
export const predictionLogSection: ConfigSection<typeof predictionLogSchema> = {
  schema: predictionLogSchema,
  hint: `prediction_log: takes dir (the folder serving writes the prediction log to and monitoring reads it from; default ${DEFAULT_LOG_DIR}); see docs/config.md.`,
};

/** What a workspace's log folder is read from. */
export interface LogDirSettings {
  root: string;
  /** The config file (for errors). */
  file?: string | undefined;
  prediction_log: PredictionLogConfig;
  /** The deprecated key, when the file still has it. */
  monitor: { log_dir?: string | undefined };
}

/**
 * The absolute prediction-log folder of a workspace: `prediction_log.dir`, else the deprecated
 * `monitor.log_dir` (with a warning), else `.flywheel/predictions`. Both keys naming different
 * folders is a CONFIG_INVALID error: serving and monitoring would not meet.
 */
export function workspaceLogDir(settings: LogDirSettings, warn: (message: string) => void): string {
  const { root } = settings;
  const dir = settings.prediction_log.dir;
  const old = settings.monitor.log_dir;
  if (old === undefined) return logDirOf(root, dir ?? DEFAULT_LOG_DIR);
  if (dir !== undefined && logDirOf(root, dir) !== logDirOf(root, old)) {
    throw new FlywheelError(
      'CONFIG_INVALID',
      `flywheel.yaml names two prediction-log folders: prediction_log.dir (${dir}) and the deprecated monitor.log_dir (${old})`,
      {
        where: { file: settings.file, path: 'monitor.log_dir' },
        hint: 'Remove monitor.log_dir: prediction_log.dir is the one folder serving writes and monitoring reads.',
      },
    );
  }
  warn(
    `flywheel.yaml: monitor.log_dir is deprecated; write prediction_log.dir: ${old} (the one folder serving writes and monitoring reads)`,
  );
  return logDirOf(root, old);
}
