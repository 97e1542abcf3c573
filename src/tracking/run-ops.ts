/**
 * Writing to a run by id: params (write-once), tags, metric points, inputs and artifacts. The SDK's
 * run handle and the HTTP API both write through these, so the rules are the same for both.
 */
import { FlywheelError } from '../core/index.js';
import type { MetadataStore, MetricColumns, RunRecord } from '../storage/metadata/index.js';
import { runNotFound } from '../storage/metadata/index.js';
import { checkKey, checkLength, LIMITS } from './limits.js';

/** The owner name under which a run's artifact objects are referenced (kept from gc). */
export function runRefOwner(runId: string): string {
  return `run:${runId}`;
}

/** The run, which must exist and not be deleted. */
export async function writableRun(metadata: MetadataStore, runId: string): Promise<RunRecord> {
  const run = await metadata.tracking.getRun(runId);
  if (!run) throw runNotFound(runId);
  if (run.lifecycleStage === 'deleted') {
    throw new FlywheelError('INVALID_ARGUMENT', `run ${runId} is deleted; it cannot be written to`, {
      hint: 'Restore it with `flywheel runs restore ID`, or log to another run.',
      details: { runId },
    });
  }
  return run;
}

/** A param value as stored: strings as they are, numbers and booleans as their text. */
export function paramText(value: unknown, key: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  throw new FlywheelError('INVALID_ARGUMENT', `param "${key}" must be a string, number or boolean`, {
    where: { field: key },
    hint: 'Log structured settings as several params (model.depth, model.lr) or as JSON text.',
  });
}

/** Log params; logging a value again is fine, a different value for a logged key is an error naming both. */
export async function logParams(
  metadata: MetadataStore,
  runId: string,
  params: Record<string, unknown>,
): Promise<void> {
  const wanted: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    checkKey(key, 'param key');
    wanted[key] = checkLength(paramText(value, key), LIMITS.paramValueLength, `param "${key}" value`);
  }
  if (Object.keys(wanted).length === 0) return;
  await metadata.transaction(async (tx) => {
    await writableRun(tx, runId);
    await tx.tracking.putParams(runId, wanted);
    // Read back: a concurrent writer's value wins the insert, and then this one must fail.
    const stored = await tx.tracking.params(runId);
    for (const [key, value] of Object.entries(wanted)) {
      if (stored[key] !== value) throw paramChanged(runId, key, stored[key] ?? '', value);
    }
  });
}

function paramChanged(runId: string, key: string, existing: string, value: string): FlywheelError {
  return new FlywheelError(
    'INVALID_ARGUMENT',
    `param "${key}" of run ${runId} is already "${existing}"; it cannot be changed to "${value}" (params are write-once)`,
    {
      where: { field: key },
      hint: 'Log the new value under another key, or start a new run for the new setting.',
      details: { runId, key, existing, value },
    },
  );
}

/** Set tags (mutable: a new value replaces the old). */
export async function setTags(
  metadata: MetadataStore,
  runId: string,
  tags: Record<string, string>,
): Promise<void> {
  for (const [key, value] of Object.entries(tags)) {
    checkKey(key, 'tag key');
    checkLength(value, LIMITS.tagValueLength, `tag "${key}" value`);
  }
  if (Object.keys(tags).length === 0) return;
  await metadata.transaction(async (tx) => {
    await writableRun(tx, runId);
    await tx.tracking.setTags(runId, tags);
  });
}

/** Append metric points (already validated) and touch the run's heartbeat, in one transaction. */
export async function appendMetrics(
  metadata: MetadataStore,
  runId: string,
  points: MetricColumns,
  heartbeatAt?: number,
): Promise<void> {
  await metadata.transaction(async (tx) => {
    await writableRun(tx, runId);
    if (points.length > 0) await tx.tracking.logMetrics(runId, points);
    if (heartbeatAt !== undefined) await tx.tracking.heartbeat(runId, heartbeatAt);
  });
}

/** Check one metric point; returns the step as an integer. */
export function checkMetric(key: string, value: unknown, step: unknown): number {
  if (typeof value !== 'number') {
    throw new FlywheelError('INVALID_ARGUMENT', `metric "${key}" must be a number, got ${typeof value}`, {
      where: { field: key },
      hint: 'Log numbers (NaN and ±Infinity are allowed); log text as a tag.',
    });
  }
  if (step === undefined) return 0;
  if (typeof step !== 'number' || !Number.isSafeInteger(step)) {
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `metric "${key}" step must be an integer, got ${String(step)}`,
      {
        where: { field: key },
        hint: 'Pass the training step or epoch as a whole number.',
      },
    );
  }
  return step;
}
