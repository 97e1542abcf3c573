/**
 * Progress for long work: a bar on a terminal, nothing when output is piped, and JSON events
 * (one per line on stderr, so stdout keeps the command's single result) with --json.
 */
import { processEnv } from './env.js';

/** How progress is shown. */
export type ProgressMode = 'bar' | 'silent' | 'json';

/** One long task's progress. */
export interface Progress {
  /** Advance by `n` units (bytes, rows, files). */
  tick(n?: number): void;
  /** Set the total once it is known. */
  setTotal(total: number): void;
  /** Finish: clears the bar and, in JSON mode, emits a final event. */
  done(): void;
}

/** Options for createProgress. */
export interface ProgressOptions {
  label: string;
  total?: number;
  unit?: 'bytes' | 'rows' | 'files' | 'items';
  mode?: ProgressMode;
  stream?: NodeJS.WriteStream;
  /** Minimum milliseconds between redraws or events. */
  intervalMs?: number;
  now?: () => number;
}

/** Pick the mode: JSON when asked, a bar only when the stream is a terminal, else silent. */
export function progressMode(json: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressMode {
  if (json) return 'json';
  return stream.isTTY && !processEnv().CI ? 'bar' : 'silent';
}

/** Start reporting progress for one task. */
export function createProgress(options: ProgressOptions): Progress {
  const mode = options.mode ?? progressMode(false, options.stream);
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? (mode === 'json' ? 1000 : 100);
  const started = now();
  let total = options.total;
  let done = 0;
  let last = 0;
  const render = (final: boolean) => {
    const t = now();
    if (!final && t - last < interval) return;
    last = t;
    const elapsed = (t - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    if (mode === 'json') {
      const event = { event: final ? 'done' : 'progress', task: options.label, done, total, rate, elapsed };
      stream.write(`${JSON.stringify(event)}\n`);
    } else if (mode === 'bar') {
      stream.write(`\r${formatBar(options.label, done, total, rate, options.unit ?? 'items')}\x1b[K`);
      if (final) stream.write('\n');
    }
  };
  return {
    tick(n = 1) {
      done += n;
      if (mode !== 'silent') render(false);
    },
    setTotal(value) {
      total = value;
    },
    done() {
      if (mode !== 'silent') render(true);
    },
  };
}

/** One line of a progress bar: label, bar, percentage, amount, rate and ETA. */
export function formatBar(
  label: string,
  done: number,
  total: number | undefined,
  rate: number,
  unit: string,
): string {
  const amount = (v: number) => (unit === 'bytes' ? formatBytes(v) : Math.round(v).toLocaleString('en-US'));
  const rateText = `${amount(rate)}${unit === 'bytes' ? '' : ` ${unit}`}/s`;
  if (total === undefined || total <= 0) return `${label} ${amount(done)} ${rateText}`;
  const frac = Math.min(1, done / total);
  const width = 24;
  const filled = Math.round(frac * width);
  const eta = rate > 0 ? Math.max(0, (total - done) / rate) : Number.NaN;
  const etaText = Number.isFinite(eta) ? `ETA ${Math.ceil(eta)}s` : 'ETA ?';
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${amount(done)}/${amount(total)} ${rateText} ${etaText}`;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}
