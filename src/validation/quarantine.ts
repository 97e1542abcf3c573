/**
 * Quarantine: split a batch into the rows every per-row expectation accepted (clean) and the rest
 * (bad), each bad row with a column naming the expectations it failed. Every input row lands in
 * exactly one of the two, in input order. Aggregate and table-shape failures name no rows, so
 * they move none.
 */
import { createTable, dictionaryColumn, type Table, takeRows } from '../data/index.js';

/** The name of the column that lists a bad row's failed expectations. */
export const FAILED_COLUMN = '_failed_expectations';

/** Clean and bad rows of a batch. */
export interface SplitRows {
  clean: Table;
  bad: Table;
  /** The column of `bad` that names the failed expectations ("; " between ids). */
  failedColumn: string;
}

/**
 * Split `table` by the unexpected rows of each expectation (`ids` gives their order in the
 * failure lists; rows are indices into `table`).
 */
export function splitRows(
  table: Table,
  unexpectedRows: ReadonlyMap<string, Int32Array>,
  ids: readonly string[],
): SplitRows {
  const failed: (string | undefined)[] = new Array(table.rowCount);
  let badCount = 0;
  for (const id of ids) {
    const rows = unexpectedRows.get(id);
    if (rows === undefined) continue;
    for (const row of rows) {
      const before = failed[row];
      if (before === undefined) badCount++;
      failed[row] = before === undefined ? id : `${before}; ${id}`;
    }
  }
  const good = new Int32Array(table.rowCount - badCount);
  const bad = new Int32Array(badCount);
  for (let i = 0, g = 0, b = 0; i < table.rowCount; i++) {
    if (failed[i] === undefined) good[g++] = i;
    else bad[b++] = i;
  }
  const failedColumn = freeName(table.names, FAILED_COLUMN);
  const badRows = takeRows(table, bad);
  const reasons = dictionaryColumn(Array.from(bad, (i) => failed[i]!));
  return {
    clean: takeRows(table, good),
    bad: createTable([...badRows.names, failedColumn], [...badRows.columns, reasons], badCount),
    failedColumn,
  };
}

function freeName(names: readonly string[], base: string): string {
  let name = base;
  while (names.includes(name)) name = `${name}_`;
  return name;
}
