/**
 * Opening a serving service from model references and an optional `serve.yaml` (endpoints,
 * suites, confidence policies, batching, prediction-log settings). The file is parsed with zod,
 * strictly: a typo is an error naming the key, not a silently ignored setting.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { FlywheelError, type Logger, parseYamlWith } from '../core/index.js';
import { confidencePolicySchema } from '../models/index.js';
import { logDirOf, segmentSink } from '../prediction-log/index.js';
import { compileSuite, loadSuite } from '../validation/index.js';
import { ENDPOINT_NAME } from './endpoint-name.js';
import { type PlatformSourceDeps, platformModelSource } from './model-source.js';
import { type EndpointSpec, ServingService } from './service.js';

/** The schema of serve.yaml. */
export const serveConfigSchema = z
  .object({
    models: z
      .array(
        z
          .object({
            ref: z.string().min(1),
            name: z
              .string()
              .regex(
                ENDPOINT_NAME,
                'use 1-100 of letters, digits, ".", "_" and "-", starting with a letter or digit',
              )
              .optional(),
            suite: z.string().min(1).optional(),
            confidence: confidencePolicySchema.optional(),
            /** Request keys that are neither features nor suite columns: refused (400) or ignored. */
            unknown_keys: z.enum(['refuse', 'ignore']).default('refuse'),
            /** `onnx`: score through ONNX Runtime on the model's exported graph (docs/onnx.md). */
            runtime: z.enum(['native', 'onnx']).default('native'),
          })
          .strict(),
      )
      .default([]),
    batch: z
      .object({
        max_batch_size: z.number().int().min(1).max(100_000).default(64),
        max_wait_us: z.number().int().min(0).max(1_000_000).default(0),
        max_queue_rows: z.number().int().min(1).default(4096),
      })
      .strict()
      .default({ max_batch_size: 64, max_wait_us: 0, max_queue_rows: 4096 }),
    log: z
      .object({
        /** Deprecated: the folder is `prediction_log.dir` of flywheel.yaml, which monitoring reads too. */
        dir: z.string().min(1).optional(),
        max_buffer: z.number().int().min(1).default(50_000),
        flush_ms: z.number().int().min(10).default(500),
        /** Answer a request only once its record is written and fsynced. */
        durable: z.boolean().default(false),
      })
      .strict()
      .default({ max_buffer: 50_000, flush_ms: 500, durable: false }),
    poll_ms: z.number().int().min(0).default(1000),
    feedback: z
      .object({
        /** Answered request ids kept for checking feedback (the newest; about 100 bytes each). */
        remember: z.number().int().min(1).max(10_000_000).default(100_000),
      })
      .strict()
      .default({ remember: 100_000 }),
    rate_limit: z
      .object({ requests_per_second: z.number().positive(), burst: z.number().int().min(1) })
      .strict()
      .optional(),
  })
  .strict();

/** A parsed serve.yaml. */
export type ServeConfig = z.output<typeof serveConfigSchema>;

/** Parse serve.yaml text (`file` names it in errors, at the line and column of the key at fault). */
export function parseServeConfig(text: string, file: string): ServeConfig {
  return parseYamlWith(serveConfigSchema, text, {
    file,
    code: 'CONFIG_INVALID',
    hint: 'docs/serving.md lists the keys of serve.yaml.',
  });
}

/** What opening a service needs from the platform. */
export interface OpenServingDeps extends PlatformSourceDeps {
  root: string;
  /** The workspace's prediction-log folder (absolute: `prediction_log.dir` of flywheel.yaml). */
  logDir: string;
  logger: Logger;
}

/** Open a serving service for `refs` plus the models of `configFile`, loaded and following their aliases. */
export async function openServing(
  deps: OpenServingDeps,
  options: { refs: readonly string[]; configFile?: string; cwd?: string },
): Promise<ServingService> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.configFile
    ? parseServeConfig(readConfig(resolve(cwd, options.configFile)), options.configFile)
    : serveConfigSchema.parse({});
  const specs: EndpointSpec[] = config.models.map((m) => ({
    ref: m.ref,
    name: m.name,
    suite: m.suite ? compileSuite(loadSuite(resolve(cwd, m.suite))) : undefined,
    confidence: m.confidence,
    unknownKeys: m.unknown_keys,
    runtime: m.runtime,
  }));
  for (const ref of options.refs) specs.push({ ref });
  if (specs.length === 0) {
    throw new FlywheelError('USAGE', 'no model to serve', {
      hint: 'Name one: `flywheel serve churn@production` (or list models in serve.yaml).',
    });
  }
  const dir = logFolder(deps, config.log.dir);
  const service = new ServingService(platformModelSource(deps), {
    sink: segmentSink(dir, { fsync: config.log.durable }),
    batch: {
      maxBatchSize: config.batch.max_batch_size,
      maxWaitUs: config.batch.max_wait_us,
      maxQueueRows: config.batch.max_queue_rows,
    },
    log: { maxBuffer: config.log.max_buffer, flushMs: config.log.flush_ms, durable: config.log.durable },
    pollMs: config.poll_ms,
    rememberAnswers: config.feedback.remember,
    rateLimit: config.rate_limit && {
      rps: config.rate_limit.requests_per_second,
      burst: config.rate_limit.burst,
    },
    logger: deps.logger,
  });
  try {
    await service.start(specs);
  } catch (error) {
    await service.close();
    throw error;
  }
  return service;
}

/** The log folder: the workspace's, unless serve.yaml still names one (deprecated, with a warning). */
function logFolder(deps: OpenServingDeps, dir: string | undefined): string {
  if (dir === undefined) return deps.logDir;
  const folder = logDirOf(deps.root, dir);
  deps.logger.warn(
    `serve.yaml: log.dir is deprecated; write prediction_log.dir: ${dir} in flywheel.yaml (the one folder serving writes and monitoring reads)`,
    folder === deps.logDir ? {} : { monitor_reads: deps.logDir },
  );
  return folder;
}

function readConfig(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new FlywheelError('CONFIG_UNREADABLE', `cannot read ${file}: ${(error as Error).message}`, {
      hint: 'Check the --config path.',
      cause: error,
    });
  }
}
