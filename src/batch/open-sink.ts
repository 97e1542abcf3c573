/** Pick the sink for an output target. */
import { join } from 'node:path';
import { openFileSink } from './file-sink.js';
import { openPostgresSink } from './postgres-sink.js';
import type { ChunkSink, OutputShape } from './sink.js';
import { openSqliteSink } from './sqlite-sink.js';
import type { OutputTarget } from './target.js';

/** Open the sink for `target` (SQL sinks create or check their tables here). */
export async function openSink(
  target: OutputTarget,
  shape: OutputShape,
  jobFolder: string,
): Promise<ChunkSink> {
  if (target.kind === 'file')
    return openFileSink(target.path, target.format, join(jobFolder, 'chunks'), shape);
  if (target.kind === 'sqlite') return openSqliteSink(target.path, target.table, shape);
  return openPostgresSink(target.url, target.table, shape);
}
