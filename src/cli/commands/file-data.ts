/**
 * Data given only as file paths needs no workspace: `data profile FILE` and `drift A B` read the
 * files and record nothing, so they run anywhere. A dataset reference (`name:N`, `name@tag`) among
 * them still opens the workspace around the current folder (and needs one).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedData } from '../../data/index.js';

/** Each reference as the platform would resolve it, when every one is a path; else undefined. */
export async function filesOnly(refs: readonly string[], cwd: string): Promise<ResolvedData[] | undefined> {
  const { parseDataRef } = await import('../../data/index.js');
  const parsed = refs.map((ref) => parseDataRef(ref, (p) => existsSync(resolve(cwd, p))));
  if (!parsed.every((p) => p.kind === 'path')) return undefined;
  return parsed.map((p) => ({ files: [resolve(cwd, p.path)], dataset: undefined, format: undefined }));
}
