// A child process for differential.test.ts (through probe.ts): reads each (read path, Parquet
// file) named on stdin, one a line, with the accelerator named on its command line, and prints
// one JSON line per (file, path): the values read, or the error code. A file that takes the
// process down is seen by the parent as the last `start` line without its results, so a crash is
// reported, not suffered.
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FlywheelError } from '../../core/errors.js';
import { openDataEngine } from '../engine.js';
import { quoteIdentifier, quoteLiteral } from '../filter.js';
import { readChunks, readTable } from '../read.js';
import { columnFor } from '../scan-plan.js';
import type { Column, Table } from '../table.js';
import type { ReadAccelerator } from './accelerator.js';
import { ACCELERATORS } from './index.js';

/** A read's outcome: the values (column-major, canonical), or the error code and message. */
export type Outcome =
  | { file: string; path: string; ok: true; names: string[]; values: unknown[][] }
  | { file: string; path: string; ok: false; code: string; message: string };

/**
 * The paths each file is read through; `ref*` are DuckDB alone, `duckdb` the product's read with
 * every accelerator off, the others the product's reads with the accelerator under test.
 */
export const PATHS = [
  'table',
  'table-limit',
  'table-columns',
  'chunks',
  'chunks-limit',
  'duckdb',
  'ref',
  'ref-again',
  'ref-limit',
  'ref-columns',
] as const;

/** Rows the limited reads take. */
export const LIMIT = 3;

/** A cell as the paths are compared: a number (NaN as 'NaN'), a string, or null. */
function cells(column: Column, rows: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < rows; i++) {
    if (column.kind === 'dictionary') {
      const code = column.codes[i]!;
      out.push(code < 0 ? null : column.dictionary[code]);
    } else if (column.nulls?.[i]) out.push(null);
    else {
      const v = column.values[i]!;
      out.push(Number.isNaN(v) ? 'NaN' : v);
    }
  }
  return out;
}

function tableValues(table: Table): unknown[][] {
  return table.columns.map((c) => cells(c, table.rowCount));
}

function concat(tables: Table[]): unknown[][] {
  const values: unknown[][] = [];
  for (const t of tables)
    for (const [j, col] of tableValues(t).entries()) values[j] = (values[j] ?? []).concat(col);
  return values;
}

/** DuckDB alone: DESCRIBE, then the same casts the product's reads use (scan-plan.ts). */
async function reference(
  engine: Awaited<ReturnType<typeof openDataEngine>>,
  file: string,
  columns: 'all' | 'first',
  limit?: number,
): Promise<{ names: string[]; values: unknown[][] }> {
  return engine.withConnection(async (c) => {
    const source = `read_parquet(${quoteLiteral(file)})`;
    const described = (await c.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS();
    let plan = described.map((r) => columnFor(String(r.column_name), String(r.column_type)));
    if (columns === 'first') plan = plan.slice(0, 1);
    const list = plan.map((p) => `${p.expression} AS ${quoteIdentifier(p.name)}`).join(', ');
    const sql = `SELECT ${list} FROM ${source}${limit === undefined ? '' : ` LIMIT ${limit}`}`;
    const rows = (await c.runAndReadAll(sql)).getRowsJS();
    const values = plan.map((p, j) =>
      rows.map((r) => {
        const v = r[j];
        if (v === null || v === undefined) return null;
        if (p.kind === 'dictionary') return String(v);
        const n = Number(v);
        return Number.isNaN(n) ? 'NaN' : n;
      }),
    );
    return { names: plan.map((p) => p.name), values };
  });
}

async function firstColumn(file: string, engine: Awaited<ReturnType<typeof openDataEngine>>) {
  const all = await readTable(file, { engine, limit: 0, accelerator: null }).catch(() => undefined);
  return all?.names.slice(0, 1);
}

async function run(
  path: (typeof PATHS)[number],
  file: string,
  engine: Awaited<ReturnType<typeof openDataEngine>>,
  accelerator: ReadAccelerator,
) {
  switch (path) {
    case 'table':
      return tableValues(await readTable(file, { engine, accelerator }));
    case 'table-limit':
      return tableValues(await readTable(file, { engine, accelerator, limit: LIMIT }));
    case 'table-columns': {
      const columns = await firstColumn(file, engine);
      return tableValues(await readTable(file, { engine, accelerator, columns }));
    }
    case 'chunks':
    case 'chunks-limit': {
      const tables: Table[] = [];
      const limit = path === 'chunks' ? undefined : LIMIT;
      for await (const t of readChunks(file, { engine, accelerator, chunkRows: 4, limit })) tables.push(t);
      return concat(tables);
    }
    case 'duckdb':
      return tableValues(await readTable(file, { engine, accelerator: null }));
    case 'ref':
    case 'ref-again':
      return (await reference(engine, file, 'all')).values;
    case 'ref-limit':
      return (await reference(engine, file, 'all', LIMIT)).values;
    case 'ref-columns':
      return (await reference(engine, file, 'first')).values;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const accelerator = ACCELERATORS.find((a) => a.name === process.argv[2]);
  if (accelerator === undefined) throw new Error(`no accelerator named ${process.argv[2]}`);
  // The engine a long-running process would have: bounded memory and threads.
  const engine = await openDataEngine();
  // Each line: a path of PATHS, a tab, a file.
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === '') continue;
    const [path, file] = line.split('\t') as [(typeof PATHS)[number], string];
    process.stdout.write(`${JSON.stringify({ start: file, path })}\n`);
    let outcome: Outcome;
    try {
      const values = await run(path, file, engine, accelerator);
      outcome = { file, path, ok: true, names: [], values };
    } catch (error) {
      const code = error instanceof FlywheelError ? error.code : 'THROWN';
      const message = error instanceof Error ? error.message : String(error);
      outcome = { file, path, ok: false, code, message: message.split('\n')[0]! };
    }
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
  }
  engine.close();
}
