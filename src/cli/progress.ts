/** Progress output of long commands; loaded by their actions (it needs core), not at start. */
import { createProgress, type ProgressMode, progressMode } from '../core/index.js';
import type { GlobalOptions, Streams } from './output.js';

/** The progress mode for this invocation. */
export function cliProgressMode(streams: Streams, options: GlobalOptions): ProgressMode {
  return progressMode(options.json, streams.stderr);
}

/** A progress bar (or JSON events, or nothing) fed with cumulative amounts: `update(done, total?)`. */
export function cumulativeProgress(
  streams: Streams,
  options: GlobalOptions,
  label: string,
  unit: 'bytes' | 'rows' | 'files' = 'bytes',
) {
  const progress = createProgress({
    label,
    unit,
    mode: cliProgressMode(streams, options),
    stream: streams.stderr,
  });
  let last = 0;
  return {
    update(done: number, total?: number) {
      if (total !== undefined) progress.setTotal(total);
      progress.tick(done - last);
      last = done;
    },
    done: () => progress.done(),
  };
}
