/**
 * Data references: `name:3` (a version), `name@tag` (a tag; `@latest` is the newest version) or a
 * plain path. Anything that exists as a path, or contains a slash, is a path.
 */
import { existsSync } from 'node:fs';
import { FlywheelError } from '../core/index.js';

/** A parsed data reference. */
export type DataRef =
  | { kind: 'path'; path: string }
  | { kind: 'version'; name: string; version: number }
  | { kind: 'tag'; name: string; tag: string };

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const REF = /^([A-Za-z][A-Za-z0-9_.-]{0,99})(?::(\d+)|@([A-Za-z][A-Za-z0-9_.-]{0,99}))$/;

/** Check a dataset name. */
export function parseDatasetName(name: string): string {
  if (!NAME.test(name)) {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid dataset name "${name}"`, {
      hint: 'Start with a letter; use letters, digits, "_", "." and "-" (at most 100 characters).',
    });
  }
  return name;
}

/** Check a tag name; `latest` is reserved (it always means the newest version). */
export function parseTagName(tag: string): string {
  if (!NAME.test(tag) || tag === 'latest') {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid tag "${tag}"`, {
      hint: 'Start with a letter; use letters, digits, "_", "." and "-". "latest" is reserved.',
    });
  }
  return tag;
}

/** Parse a reference; `cwdExists` decides whether a plain-looking string is an existing path. */
export function parseDataRef(text: string, cwdExists: (p: string) => boolean = existsSync): DataRef {
  const m = REF.exec(text);
  if (m && !text.includes('/') && !cwdExists(text)) {
    if (m[2] !== undefined) return { kind: 'version', name: m[1]!, version: Number(m[2]) };
    return { kind: 'tag', name: m[1]!, tag: m[3]! };
  }
  return { kind: 'path', path: text };
}

/** Parse `name:N` or `name@tag` only (no paths): for commands that act on versions. */
export function parseVersionRef(
  text: string,
): Exclude<DataRef, { kind: 'path' }> | { kind: 'name'; name: string } {
  const m = REF.exec(text);
  if (m)
    return m[2] !== undefined
      ? { kind: 'version', name: m[1]!, version: Number(m[2]) }
      : { kind: 'tag', name: m[1]!, tag: m[3]! };
  if (NAME.test(text)) return { kind: 'name', name: text };
  throw new FlywheelError('INVALID_ARGUMENT', `"${text}" is not a dataset reference`, {
    hint: 'Write name:VERSION (train:3), name@TAG (train@gold, train@latest) or a dataset name.',
  });
}
