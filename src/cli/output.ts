/**
 * How the CLI prints: one JSON document on stdout with --json, readable text otherwise. Loaded at
 * every start, so it imports no other module's code (only types); what needs them is loaded lazily.
 */
import type { FlywheelError } from '../core/index.js';

/** Global options every command receives. */
export interface GlobalOptions {
  json: boolean;
  cwd: string;
}

/** Where output goes (injectable for tests). */
export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WriteStream;
}

/** Print a command's result: JSON as-is, or the human text `format` makes of it. */
export function printResult<T>(
  streams: Streams,
  options: GlobalOptions,
  result: T,
  format: (r: T) => string,
): void {
  if (options.json) streams.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const text = format(result);
    if (text) streams.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** Print an error: `{"error": …}` on stdout with --json, else one line plus where and a hint on stderr. */
export async function printError(streams: Streams, json: boolean, error: FlywheelError): Promise<void> {
  if (json) {
    streams.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    return;
  }
  const { formatLocation } = await import('../core/index.js');
  const lines = [`error[${error.code}]: ${error.message}`];
  const where = formatLocation(error.where);
  if (where && !error.message.includes(where)) lines.push(`  at ${where}`);
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  if (error.code === 'INTERNAL' && error.cause instanceof Error && error.cause.stack)
    lines.push(error.cause.stack);
  streams.stderr.write(`${lines.join('\n')}\n`);
}

/**
 * A number for the terminal: `-` when missing, integers (and infinities) as they are, anything else
 * in at most `digits` significant digits without trailing zeros, in exponent form below 1e-4 or
 * from 1e6 on (p-values, tiny rates, large sums stay readable).
 */
export function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '-';
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  const rounded = Number(v.toPrecision(digits));
  const a = Math.abs(rounded);
  return a < 1e-4 || a >= 1e6 ? rounded.toExponential() : String(rounded);
}

/** Render rows as aligned columns. */
export function table(rows: Array<Array<string | number>>): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, String(cell).length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => String(cell).padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
