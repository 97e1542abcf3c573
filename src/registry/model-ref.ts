/** Model references (`name:3`, `name@production`, `name`) and the rules for model and alias names. */
import { FlywheelError } from '../core/index.js';

/** A parsed model reference. */
export type ModelRef =
  | { kind: 'version'; name: string; version: number }
  | { kind: 'alias'; name: string; alias: string }
  | { kind: 'name'; name: string };

// No ':' or '@' in names, so `name:3` and `name@alias` read one way only. A name may be used as
// a folder name downstream (prediction logs, exports), so "/" only separates plain segments.
const NAME = /^[A-Za-z0-9][\w./ -]{0,255}$/;
const SEGMENT = /^[A-Za-z0-9_-](?:[\w. -]*[\w-])?$/;
const ALIAS = /^[\w-]{1,255}$/;

/**
 * Check a registered model name: the one rule for the library, the CLI and the HTTP API. Letters,
 * digits, `_ . -` and spaces, in segments separated by single slashes; a segment starts and ends
 * with a letter, digit, `_` or `-` (so no `.`/`..` segments, no hidden or trailing-dot names).
 */
export function checkModelName(name: string): string {
  if (!NAME.test(name) || !name.split('/').every((s) => SEGMENT.test(s))) {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid model name ${JSON.stringify(name)}`, {
      where: { field: 'name' },
      hint: 'Start with a letter or digit; use letters, digits, "_", ".", "-" and spaces, in parts separated by single "/" (no "." or ".." parts, no part starting with "." or ending with "." or a space; at most 256 characters; no ":" or "@").',
    });
  }
  return name;
}

/** Check an alias name: not a version-like `v3` and not the reserved `latest`. */
export function checkAlias(alias: string): string {
  if (!ALIAS.test(alias)) {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid alias "${alias}"`, {
      where: { field: 'alias' },
      hint: 'Use letters, digits, "_" and "-" (at most 255 characters), e.g. production or staging.',
    });
  }
  if (/^v\d+$/i.test(alias) || alias.toLowerCase() === 'latest') {
    throw new FlywheelError('INVALID_ARGUMENT', `alias "${alias}" is reserved`, {
      where: { field: 'alias' },
      hint: '"latest" always means the newest version and v1, v2, … mean version numbers; pick another alias.',
    });
  }
  return alias;
}

/** Parse `name:3`, `name@alias` or a bare `name`. */
export function parseModelRef(text: string): ModelRef {
  const at = text.lastIndexOf('@');
  if (at > 0) return { kind: 'alias', name: checkModelName(text.slice(0, at)), alias: text.slice(at + 1) };
  const colon = text.lastIndexOf(':');
  if (colon > 0) {
    const v = text.slice(colon + 1);
    if (!/^[1-9]\d{0,9}$/.test(v)) {
      throw new FlywheelError('INVALID_ARGUMENT', `invalid model version "${v}" in "${text}"`, {
        hint: 'Versions are whole numbers from 1: write name:3, or name@alias.',
      });
    }
    return { kind: 'version', name: checkModelName(text.slice(0, colon)), version: Number(v) };
  }
  return { kind: 'name', name: checkModelName(text) };
}

/** Parse a version number given as text (`3`, `v3`). */
export function parseVersionNumber(text: string): number {
  const m = /^v?([1-9]\d{0,9})$/i.exec(text.trim());
  if (!m) {
    throw new FlywheelError('INVALID_ARGUMENT', `invalid model version "${text}"`, {
      where: { field: 'version' },
      hint: 'Versions are whole numbers from 1.',
    });
  }
  return Number(m[1]);
}

/** Where a model argument points: a model folder on disk, or a registry reference. */
export type ModelLocation = { kind: 'path'; path: string } | { kind: 'registry'; ref: string };

/** The explicit prefix of a model folder path (`path:model`, `path:churn:3`). */
export const MODEL_PATH_PREFIX = 'path:';

/**
 * Read a model argument. A folder is written explicitly: `path:DIR`, or a path starting with
 * `./`, `../`, `/` (or `.`/`..` alone, or a Windows drive or `.\`). Everything else is a registry
 * reference (`churn`, `churn:3`, `churn@production`, `team/churn:3`) — so a file or folder named
 * `churn:3` in the current directory never shadows version 3 of `churn` (write `./churn:3` for it).
 * Registry names never start with `.` or `/` (checkModelName), so the two forms cannot overlap.
 */
export function modelLocation(text: string): ModelLocation {
  if (text.startsWith(MODEL_PATH_PREFIX)) {
    const path = text.slice(MODEL_PATH_PREFIX.length);
    if (path === '') {
      throw new FlywheelError('INVALID_ARGUMENT', 'empty model path in "path:"', {
        hint: 'Write path:DIR (or ./DIR) with the folder flywheel train --out wrote.',
      });
    }
    return { kind: 'path', path };
  }
  if (/^(?:\.\.?(?:$|[\\/])|[\\/]|[A-Za-z]:[\\/])/.test(text)) return { kind: 'path', path: text };
  return { kind: 'registry', ref: text };
}
