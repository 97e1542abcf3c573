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

// C0 controls but tab and newline, DEL, C1 controls, and the invisible marks that reorder text
// (bidirectional overrides and isolates): what a terminal would act on instead of showing.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_IN_CELL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text for a terminal, whoever wrote it (a run name sent over HTTP, a tag, an error message): the
 * control characters a terminal would obey (ESC sequences, carriage return, backspace, bell, bidi
 * overrides) are shown as escapes (`\x1b`, `\u202e`) instead. Newlines and tabs stay unless
 * `cell` is set (a table cell is one line). Every human-readable output of the CLI passes here.
 */
export function escapeTerminal(text: string, cell = false): string {
  return text.replace(cell ? CONTROL_IN_CELL : CONTROL, visible);
}

/** Print a command's result: JSON as-is, or the human text `format` makes of it, escaped for the terminal. */
export function printResult<T>(
  streams: Streams,
  options: GlobalOptions,
  result: T,
  format: (r: T) => string,
): void {
  if (options.json) streams.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const text = escapeTerminal(format(result));
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
  streams.stderr.write(`${escapeTerminal(lines.join('\n'))}\n`);
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

/** Render rows as aligned columns; cells are escaped first (escapeTerminal), so the columns stay aligned. */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map((cell) => escapeTerminal(String(cell), true)));
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return cells
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
