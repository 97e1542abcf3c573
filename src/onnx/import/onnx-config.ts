/**
 * `onnx_runtime:` in flywheel.yaml — how ONNX Runtime runs imported models: its thread pools, graph
 * optimization level and execution mode, and the largest ONNX file `models register --onnx`
 * accepts. ONNX import owns this section; core's config reader composes it (src/workspace-config.ts),
 * so a wrong value is reported with its file and line like every other setting.
 */
import { z } from 'zod';
import type { ConfigSection } from '../../core/index.js';

/** ONNX Runtime's graph optimization levels, by the names its session options take. */
export const GRAPH_OPTIMIZATION_LEVELS = ['disabled', 'basic', 'extended', 'all'] as const;

const onnxRuntimeSchema = z
  .object({
    // One thread per session by default: serving runs one scorer per process (and `--workers N`
    // processes), so ORT's default of one thread per core would oversubscribe the machine.
    intra_op_threads: z.number().int().min(0).max(256).default(1),
    inter_op_threads: z.number().int().min(0).max(256).default(1),
    graph_optimization: z.enum(GRAPH_OPTIMIZATION_LEVELS).default('all'),
    execution_mode: z.enum(['sequential', 'parallel']).default('sequential'),
    max_model_bytes: z
      .number()
      .int()
      .min(1)
      .default(256 * 1024 * 1024),
  })
  .strict()
  .prefault({});

/** The `onnx_runtime:` section after parsing. */
export type OnnxRuntimeConfig = z.output<typeof onnxRuntimeSchema>;

/** The defaults (a workspace without the section). */
export const DEFAULT_ONNX_RUNTIME: OnnxRuntimeConfig = onnxRuntimeSchema.parse(undefined);

/** The `onnx_runtime:` section of flywheel.yaml. */
export const onnxRuntimeSection: ConfigSection<typeof onnxRuntimeSchema> = {
  schema: onnxRuntimeSchema,
  hint: 'onnx_runtime: takes intra_op_threads, inter_op_threads (0 = ONNX Runtime chooses), graph_optimization (disabled, basic, extended, all), execution_mode (sequential, parallel) and max_model_bytes; see docs/onnx.md.',
};
