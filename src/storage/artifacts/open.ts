/** Pick an artifact store implementation from its URL scheme. */
import { fileURLToPath } from 'node:url';
import { FlywheelError, resolveWorkspacePath } from '../../core/index.js';
import type { ArtifactStore } from './artifact-store.js';
import { LocalArtifactStore } from './local.js';

/** Open the store named by `url` (`file:relative/path`, `file:///abs/path`); relative paths resolve from `root`. */
export async function openArtifactStore(url: string, root: string): Promise<ArtifactStore> {
  if (url.startsWith('file:')) return LocalArtifactStore.open(filePath(url, root));
  throw new FlywheelError('UNSUPPORTED', `unsupported artifact store URL "${url}"`, {
    hint: 'Use file:PATH (a local folder); an S3-compatible store is planned.',
  });
}

function filePath(url: string, root: string): string {
  if (url.startsWith('file://')) return fileURLToPath(url);
  return resolveWorkspacePath(root, url.slice('file:'.length));
}
