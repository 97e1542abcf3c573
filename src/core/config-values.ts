/** The value types flywheel.yaml's sections share: URLs by scheme, durations, byte sizes, names. */
import { z } from 'zod';
import { FlywheelError } from './errors.js';

/** A URL whose scheme is one of `schemes` (`what` names it in the message). */
export function urlWithScheme(schemes: readonly string[], what: string) {
  return z.string().superRefine((value, ctx) => {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0]?.toLowerCase();
    if (!scheme || !schemes.includes(scheme)) {
      ctx.addIssue({
        code: 'custom',
        message: `unsupported ${what} URL "${value}": the scheme must be one of ${schemes.join(', ')}`,
      });
    }
  });
}

/** A duration: seconds as a number, or text with a unit (500ms, 30s, 5m, 1h, 2d); milliseconds out. */
export const durationSchema = z
  .union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/)])
  .transform((v) => (typeof v === 'number' ? v * 1000 : parseDuration(v)));

/** A size in bytes: a number, or text with a unit (512KiB, 1MiB, 10MB). */
export const byteSizeSchema = z
  .union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(b|kb|kib|mb|mib|gb|gib)$/i)])
  .transform((v) => {
    if (typeof v === 'number') return v;
    const m = /^([\d.]+)\s*([a-z]+)$/i.exec(v)!;
    const unit = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };
    return Math.floor(Number(m[1]) * unit[m[2]!.toLowerCase() as keyof typeof unit]);
  });

/** The rule for names of alerts and webhooks. */
export const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** What a name breaking CONFIG_NAME is told. */
export const CONFIG_NAME_MESSAGE = 'use letters, digits, ".", "_" and "-", starting with a letter or digit';

/** Parse "500ms", "30s", "5m", "1h", "2d" into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid duration "${text}"`, {
      hint: 'Write a number with a unit: 500ms, 30s, 5m, 1h or 2d.',
    });
  }
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}
