/** SHA-256 digests: the content address of every object Flywheel stores. */
import { createHash } from 'node:crypto';
import { FlywheelError } from './errors.js';

/** A lower-case hex SHA-256 digest (64 characters). */
export type Digest = string;

const DIGEST_RE = /^[0-9a-f]{64}$/;

/** True when `value` is a well-formed digest. */
export function isDigest(value: string): value is Digest {
  return DIGEST_RE.test(value);
}

/** Check a digest that came from outside (a flag, a URL, a manifest) and return it normalised. */
export function parseDigest(value: string): Digest {
  const v = value.startsWith('sha256:') ? value.slice(7) : value;
  const lower = v.toLowerCase();
  if (!isDigest(lower)) {
    throw new FlywheelError('INVALID_ARGUMENT', `"${value}" is not a SHA-256 digest`, {
      hint: 'A digest is 64 hexadecimal characters, optionally prefixed with "sha256:".',
    });
  }
  return lower;
}

/** The SHA-256 of bytes or a string. */
export function sha256(data: string | Uint8Array): Digest {
  return createHash('sha256').update(data).digest('hex');
}
