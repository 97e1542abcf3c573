/** Writing a small file whole or not at all: a temporary file beside it, then a rename. */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fromSystemError } from './errors.js';

/**
 * Write `data` to `path` so that a reader (or a crash) sees the old file or the new one, never half
 * of one. Failures are FlywheelErrors naming the file; the temporary file is removed.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw fromSystemError(error, path, 'write');
  }
}
