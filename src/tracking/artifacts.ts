/** Run artifacts: files or folders put into the object store and recorded under the run. */
import { lstat, readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { FlywheelError, fromSystemError } from '../core/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import type { MetadataStore, RunArtifact } from '../storage/metadata/index.js';
import { checkKey } from './limits.js';
import { runRefOwner, writableRun } from './run-ops.js';

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(d, e.name);
      // Symbolic links are skipped: an artifact holds the folder's own files, not what links point at.
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

/**
 * Store a file or a folder as artifacts of a run. A file is recorded as `name` (default: its file
 * name); a folder's files as `name/relative/path`. Objects are referenced by the run in the same
 * transaction that records them, so gc keeps them.
 */
export async function logArtifact(
  metadata: MetadataStore,
  artifacts: ArtifactStore,
  runId: string,
  path: string,
  name?: string,
): Promise<RunArtifact[]> {
  await writableRun(metadata, runId);
  let isDir: boolean;
  try {
    const st = await lstat(path);
    if (!st.isFile() && !st.isDirectory()) {
      throw new FlywheelError('INVALID_ARGUMENT', `${path} is neither a file nor a folder`, {
        where: { file: path },
        hint: 'Log a regular file or a folder.',
      });
    }
    isDir = st.isDirectory();
  } catch (error) {
    throw error instanceof FlywheelError ? error : fromSystemError(error, path, 'log the artifact');
  }
  const root = checkKey(name ?? basename(path), 'artifact name');
  const files = isDir ? await listFiles(path) : [path];
  const stored: Array<Omit<RunArtifact, 'createdAt'>> = [];
  for (const file of files) {
    const put = await artifacts.putFile(file);
    const rel = isDir ? `${root}/${relative(path, file).split(sep).join('/')}` : root;
    stored.push({ path: rel, digest: put.digest, size: put.size });
  }
  await metadata.transaction(async (tx) => {
    await writableRun(tx, runId);
    await tx.tracking.putArtifacts(runId, stored);
    await tx.refs.add(
      runRefOwner(runId),
      stored.map((s) => s.digest),
    );
  });
  const now = Date.now();
  return stored.map((s) => ({ ...s, createdAt: now }));
}

/** The artifacts of a run under `path` (a file, or a folder prefix). */
export function artifactsUnder(all: RunArtifact[], path: string): RunArtifact[] {
  const prefix = path.replace(/\/+$/, '');
  return all.filter((a) => a.path === prefix || a.path.startsWith(`${prefix}/`));
}
