/**
 * The progress line of `flywheel train`: iteration, loss and validation loss on a terminal, one
 * JSON event per second on stderr with --json, nothing when piped. Also the Ctrl-C handling: the
 * first Ctrl-C asks training to stop after the current iteration (the best model so far is kept
 * and saved), a second one quits at once.
 */
import { formatBar, type ProgressMode } from '../../core/index.js';
import type { TrainProgress } from '../../training/index.js';

/** A progress reporter for training. */
export interface TrainProgressBar {
  update(p: TrainProgress): void;
  done(): void;
}

/** Start a progress reporter writing to `stream`. */
export function trainProgressBar(
  label: string,
  mode: ProgressMode,
  stream: NodeJS.WritableStream,
): TrainProgressBar {
  const started = Date.now();
  let last = 0;
  let latest: TrainProgress | undefined;
  const render = (final: boolean) => {
    const now = Date.now();
    if (!latest || (!final && now - last < (mode === 'json' ? 1000 : 100))) return;
    last = now;
    const p = latest;
    const elapsed = (now - started) / 1000;
    if (mode === 'json') {
      stream.write(
        `${JSON.stringify({ event: final ? 'done' : 'progress', task: label, iteration: p.iteration, total: p.total, train_loss: p.trainLoss, valid_loss: p.validLoss, elapsed })}\n`,
      );
      return;
    }
    const loss = `loss ${Number.isFinite(p.trainLoss) ? p.trainLoss.toFixed(4) : '-'}${p.validLoss === undefined ? '' : ` valid ${p.validLoss.toFixed(4)}`}`;
    stream.write(
      `\r${formatBar(label, p.iteration, p.total, elapsed > 0 ? p.iteration / elapsed : 0, 'it')} ${loss}\x1b[K`,
    );
    if (final) stream.write('\n');
  };
  return {
    update(p) {
      latest = p;
      if (mode !== 'silent') render(false);
    },
    done() {
      if (mode !== 'silent') render(true);
    },
  };
}

/** Abort `controller` on the first Ctrl-C (with a note), exit 130 on the second; returns the cleanup. */
export function stopOnInterrupt(controller: AbortController, stderr: NodeJS.WritableStream): () => void {
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    stderr.write(
      '\nStopping after this iteration; the best model so far will be saved (Ctrl-C again to quit now).\n',
    );
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}
