/**
 * `batch:` in flywheel.yaml — distributed batch jobs: the secret `predict --queue` signs tasks with
 * and workers check (FLYWHEEL_QUEUE_SECRET), how long a task stays valid, and what a worker may
 * touch. Batch owns this section; core's config reader composes it (src/workspace-config.ts).
 */
import { z } from 'zod';
import { type ConfigSection, durationSchema } from '../core/index.js';

/** `batch.worker.outputs` entry: a folder, or a PostgreSQL database (`postgres://…`, optionally `#table`). */
const workerOutputSchema = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0]?.toLowerCase();
    if (scheme === undefined) return;
    if ((scheme !== 'postgres://' && scheme !== 'postgresql://') || !URL.canParse(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'an output is a folder or a postgres://user@host:5432/db URL (optionally #table)',
      });
    }
  });

const batchSchema = z
  .object({
    queue_secret: z.string().min(32, 'the queue secret must be at least 32 characters long').optional(),
    task_ttl: durationSchema.default(86_400_000),
    worker: z
      .object({
        inputs: z.array(z.string().min(1)).default(['.']),
        outputs: z.array(workerOutputSchema).default(['.']),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** The `batch:` section after parsing. */
export type BatchConfig = z.output<typeof batchSchema>;

/** The `batch:` section of flywheel.yaml. */
export const batchSection: ConfigSection<typeof batchSchema> = {
  schema: batchSchema,
  hint: 'batch: takes queue_secret (32+ characters; better FLYWHEEL_QUEUE_SECRET), task_ttl (a duration) and worker (inputs: folders; outputs: folders or postgres:// URLs); see docs/batch.md.',
  env: { queue_secret: 'FLYWHEEL_QUEUE_SECRET' },
};
