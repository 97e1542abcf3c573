/**
 * Slices: `--slice region` (one slice per value of a column) or `--slice "age > 60"` (rows where a
 * comparison holds; `and` joins several). Parsed by hand, never evaluated as code.
 */
import { FlywheelError } from '../core/index.js';
import { cellValue, getColumn, type Table } from '../data/index.js';

/** One slice: a name and the rows in it. */
export interface Slice {
  name: string;
  rows: Int32Array;
}

type Op = '>' | '>=' | '<' | '<=' | '==' | '!=';
interface Condition {
  column: string;
  op: Op;
  value: number | string;
}

const CONDITION =
  /^\s*(?:`([^`]+)`|([A-Za-z_][\w.]*))\s*(>=|<=|==|!=|=|>|<)\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?))\s*$/i;

/** Parse `age > 60 and region == 'north'` into conditions; a bare column name means "by value". */
export function parseSlice(spec: string): Condition[] | { byColumn: string } {
  if (/^\s*[A-Za-z_][\w.]*\s*$/.test(spec)) return { byColumn: spec.trim() };
  return spec.split(/\s+and\s+/i).map((part, i) => {
    const m = CONDITION.exec(part);
    if (!m) {
      throw new FlywheelError(
        'INVALID_ARGUMENT',
        `cannot read slice "${spec}" (part ${i + 1}: "${part.trim()}")`,
        {
          hint: "Write a column name, or comparisons like age > 60 and region == 'north' (operators > >= < <= == !=).",
        },
      );
    }
    const op = (m[3] === '=' ? '==' : m[3]) as Op;
    const value = m[6] !== undefined ? Number(m[6]) : (m[4] ?? m[5] ?? '');
    return { column: m[1] ?? m[2]!, op, value };
  });
}

/** The slices a spec defines on `table` (empty slices are dropped). */
export function sliceTable(table: Table, spec: string, maxValues = 50): Slice[] {
  const parsed = parseSlice(spec);
  if (!Array.isArray(parsed)) return slicesByValue(table, parsed.byColumn, maxValues);
  const columns = parsed.map((c) => getColumn(table, c.column));
  const rows: number[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    if (parsed.every((c, j) => holds(cellValue(columns[j]!, r), c))) rows.push(r);
  }
  return rows.length > 0 ? [{ name: spec.trim(), rows: Int32Array.from(rows) }] : [];
}

function holds(cell: unknown, c: Condition): boolean {
  if (cell === null || cell === undefined) return false;
  const v = cell instanceof Date ? cell.getTime() : cell;
  const a = typeof c.value === 'number' ? Number(v) : String(v);
  const b = c.value;
  switch (c.op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

function slicesByValue(table: Table, column: string, maxValues: number): Slice[] {
  const col = getColumn(table, column);
  const groups = new Map<string, number[]>();
  for (let r = 0; r < table.rowCount; r++) {
    const key = String(cellValue(col, r));
    let g = groups.get(key);
    if (!g) {
      if (groups.size >= maxValues) {
        throw new FlywheelError(
          'INVALID_ARGUMENT',
          `column "${column}" has more than ${maxValues} values to slice by`,
          {
            hint: `Slice a numeric column with a comparison instead, e.g. --slice "${column} > 10".`,
          },
        );
      }
      g = [];
      groups.set(key, g);
    }
    g.push(r);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([value, rows]) => ({ name: `${column} = ${value}`, rows: Int32Array.from(rows) }));
}
