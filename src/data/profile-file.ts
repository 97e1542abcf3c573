/**
 * Profiling a file without loading it whole: the file is streamed with `readChunks` and each chunk
 * folded into the column accumulators, so memory stays bounded by the chunk size and the per-column
 * sample (exact for columns of up to `sampleLimit` values, 1,000,000 by default).
 */
import { type ProfileOptions, profileChunks } from './profile.js';
import type { DatasetProfile } from './profile-types.js';
import { type ReadChunksOptions, readChunks } from './read.js';

/** Options for `profileFile`: what to read, and how to profile it. */
export interface ProfileFileOptions {
  read?: ReadChunksOptions;
  profile?: ProfileOptions;
}

/** Profile a CSV, JSONL/JSON or Parquet file chunk by chunk. */
export function profileFile(path: string, options: ProfileFileOptions = {}): Promise<DatasetProfile> {
  return profileChunks(readChunks(path, options.read), options.profile);
}
