/** `data checkout`: restore a version's files byte-identical, each verified against its hash. */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FlywheelError } from '../core/index.js';
import type { DatasetDeps } from './dataset-add.js';
import { readManifest, resolveVersion } from './dataset-service.js';

/** What checkout wrote. */
export interface CheckoutResult {
  ref: string;
  name: string;
  version: number;
  out: string;
  files: number;
  bytes: number;
}

/**
 * Write version `ref` to `out`: a file version becomes the file `out`; a directory version fills
 * the folder `out`, which must be new or empty (nothing is overwritten unless `force`).
 */
export async function checkoutDataset(
  deps: DatasetDeps,
  ref: string,
  out: string,
  options: { force?: boolean } = {},
): Promise<CheckoutResult> {
  const dataset = await resolveVersion(deps, ref);
  const target = resolve(out);
  refuseOverwrite(target, dataset.kind, options.force ?? false);
  const manifest = await readManifest(deps, dataset);
  if (dataset.kind === 'file') {
    mkdirSync(dirname(target), { recursive: true });
    await deps.artifacts.getToFile(dataset.digest, target);
  } else {
    for (const f of manifest.files) {
      const dest = join(target, ...f.path.split('/'));
      mkdirSync(dirname(dest), { recursive: true });
      await deps.artifacts.getToFile(f.digest, dest);
    }
  }
  return {
    ref,
    name: dataset.name,
    version: dataset.version,
    out: target,
    files: manifest.files.length,
    bytes: dataset.size,
  };
}

function refuseOverwrite(target: string, kind: 'file' | 'directory', force: boolean): void {
  if (force || !existsSync(target)) return;
  if (kind === 'directory' && readdirSync(target).length === 0) return;
  throw new FlywheelError('ALREADY_EXISTS', `${target} already exists`, {
    where: { file: target },
    hint: 'Choose a new --out path, or pass --force to overwrite.',
  });
}
