/** The flags of `flywheel suite infer`, checked when the command runs (zod is not loaded at start). */
import { z } from 'zod';
import { FlywheelError } from '../../core/index.js';

/** `suite infer` flags. */
export const inferFlags = z.object({
  out: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  batchRows: z.coerce.number().int().positive().optional(),
  falseAlarm: z.coerce.number().gt(0).lt(1).optional(),
});

/** Parse `value` with `schema`; the first problem becomes a USAGE error naming the flag. */
export function parseFlags<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new FlywheelError('USAGE', `invalid ${flag}: ${issue.message}`, {
    hint: '--batch-rows takes a whole number of rows; --false-alarm a share between 0 and 1, e.g. 0.05.',
  });
}
