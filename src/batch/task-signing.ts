/**
 * Signed chunk tasks. Whoever can write to the Redis queue can put a BullMQ job on it, so a worker
 * acts on a task only when it carries an HMAC-SHA256, made with the secret the submitter and the
 * workers share, over a canonical encoding of the whole task, the queue, the BullMQ job id and
 * the time window it is valid in. The secret itself never leaves this process's memory.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { FlywheelError } from '../core/index.js';
import { type ChunkTask, chunkTaskSchema } from './chunk-task.js';

/** The shortest queue secret accepted (characters). */
export const MIN_QUEUE_SECRET = 32;

/** How far a task's issue time may lie in the future (clock skew between machines). */
const MAX_SKEW_MS = 5 * 60_000;

/** What is put on the queue: a task, when it was signed, until when it is valid, and the MAC. */
const envelopeSchema = z
  .object({
    v: z.literal(1),
    task: chunkTaskSchema,
    issuedAt: z.number().int().nonnegative(),
    expiresAt: z.number().int().nonnegative(),
    sig: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/** A signed task as it goes on the queue. */
export type SignedTask = z.infer<typeof envelopeSchema>;

/** When a task is signed and how long it stays valid. */
export interface SignOptions {
  queue: string;
  now: number;
  ttlMs: number;
}

/** A task refused by a worker (never retried); `reason` says why, without any secret. */
export class TaskRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TaskRefused';
  }
}

/** The secret, or CONFIG_INVALID saying how to set one (distributed jobs need it on both sides). */
export function requireQueueSecret(secret: string | undefined): string {
  if (secret === undefined || secret.length < MIN_QUEUE_SECRET) {
    throw new FlywheelError(
      'CONFIG_INVALID',
      `Distributed batch jobs need a queue secret of at least ${MIN_QUEUE_SECRET} characters (${secret === undefined ? 'none is set' : 'the one set is too short'})`,
      {
        where: { path: 'batch.queue_secret' },
        hint: 'Set FLYWHEEL_QUEUE_SECRET (or batch.queue_secret in flywheel.yaml) to the same random value for `flywheel predict --queue` and every `flywheel worker`, e.g. from `openssl rand -hex 32`.',
      },
    );
  }
  return secret;
}

/** The BullMQ job id of a task. */
export function taskId(task: Pick<ChunkTask, 'jobId' | 'index'>): string {
  return `${task.jobId}-${task.index}`;
}

/** Sign `task` for `options.queue`. */
export function signTask(secret: string, task: ChunkTask, options: SignOptions): SignedTask {
  const unsigned = { v: 1 as const, task, issuedAt: options.now, expiresAt: options.now + options.ttlMs };
  return { ...unsigned, sig: mac(secret, options.queue, taskId(task), unsigned) };
}

/**
 * The task in BullMQ job `jobId`'s data, or TaskRefused: not a signed task, a signature that does
 * not match (another secret or queue, any field changed), a task moved to another job id, not
 * valid yet or any more.
 */
export function verifyTask(
  secret: string,
  queue: string,
  jobId: string | undefined,
  data: unknown,
  now: number,
): ChunkTask {
  const signed = checkSignature(secret, queue, data);
  if (jobId !== taskId(signed.task)) {
    throw new TaskRefused(
      `the task was signed as ${taskId(signed.task)} but came as queue job ${jobId} (replayed?)`,
    );
  }
  if (signed.expiresAt <= now) {
    throw new TaskRefused(`the task expired at ${new Date(signed.expiresAt).toISOString()}`);
  }
  if (signed.issuedAt > now + MAX_SKEW_MS) {
    throw new TaskRefused(`the task is issued in the future (${new Date(signed.issuedAt).toISOString()})`);
  }
  return signed.task;
}

/** The task of a signed envelope whatever its time window (the submitter reading failed tasks), or undefined. */
export function signedTask(secret: string, queue: string, data: unknown): ChunkTask | undefined {
  try {
    return checkSignature(secret, queue, data).task;
  } catch {
    return undefined;
  }
}

function checkSignature(secret: string, queue: string, data: unknown): Omit<SignedTask, 'sig'> {
  const parsed = envelopeSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TaskRefused(`not a signed Flywheel task (${issue.path.join('.') || 'data'}: ${issue.message})`);
  }
  const { sig, ...unsigned } = parsed.data;
  const expected = Buffer.from(mac(secret, queue, taskId(unsigned.task), unsigned), 'hex');
  if (!timingSafeEqual(Buffer.from(sig, 'hex'), expected)) {
    throw new TaskRefused(
      'the signature does not match (signed with another secret or for another queue, or changed after signing)',
    );
  }
  return unsigned;
}

/** The signed message: a label, the queue, the job id and the task as canonical JSON. */
function mac(secret: string, queue: string, jobId: string, unsigned: Omit<SignedTask, 'sig'>): string {
  const message = `flywheel-batch-task/1\n${queue}\n${jobId}\n${canonicalJson(unsigned)}`;
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** JSON with object keys sorted at every level: one encoding per value, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
