/** Profiles of data given by reference or path: stored with a version, or computed on demand. */
import type { DatasetDeps } from './dataset-add.js';
import { readProfile, resolveData } from './dataset-service.js';
import { profileChunks } from './profile.js';
import type { DatasetProfile } from './profile-types.js';
import { readChunks } from './read.js';
import type { DataFormat } from './source.js';

/** The profile of `ref` (`name:N`, `name@tag` or a path) and a label for it. */
export async function profileData(
  deps: DatasetDeps,
  ref: string,
  cwd: string,
): Promise<{ source: string; profile: DatasetProfile }> {
  const data = await resolveData(deps, ref, cwd);
  const stored = data.dataset ? await readProfile(deps, data.dataset) : undefined;
  const source = data.dataset ? `${data.dataset.name}:${data.dataset.version}` : data.files[0]!;
  if (stored) return { source, profile: stored };
  const format = data.format as DataFormat | undefined;
  async function* chunks() {
    for (const f of data.files) yield* readChunks(f, { format });
  }
  return { source, profile: await profileChunks(chunks()) };
}
