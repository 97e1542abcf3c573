/** The flags of `flywheel runs list`, checked when the command runs (zod is not loaded at start). */
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';

/** `runs list` flags. */
export const listOptions = z.object({
  experiment: z.array(z.string()).optional(),
  filter: z.string().optional(),
  sort: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(100),
  deleted: z.boolean().optional(),
  all: z.boolean().optional(),
});

/** Parse `opts` with `schema`; the first problem becomes a catalog error naming the flag. */
export function parseOptions<S extends z.ZodType>(schema: S, opts: unknown): z.output<S> {
  const r = schema.safeParse(opts);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new FlywheelError('INVALID_ARGUMENT', `--${issue.path.join('.')}: ${issue.message}`, {
    hint: 'Run the command with --help to see its options.',
  });
}
