/**
 * Row filters for the readers: a small structured predicate language compiled to a parameterised
 * SQL WHERE clause. Values are always bound as parameters, never spliced into SQL, so a filter that
 * arrives from a flag or an HTTP body cannot run arbitrary SQL. DuckDB pushes these predicates into
 * the Parquet scan (skipping row groups by their statistics) and applies them while parsing CSV/JSON.
 */
import { z } from 'zod';
import { missingColumn } from './table.js';

/** A value a filter compares against; Dates are compared as timestamps. */
export type FilterValue = number | string | boolean | Date;

/** A comparison of one column with a value. */
export interface CompareFilter {
  column: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=';
  value: FilterValue;
}

/** Membership of a column's value in a list. */
export interface InFilter {
  column: string;
  op: 'in' | 'not in';
  values: FilterValue[];
}

/** A null test on one column. */
export interface NullFilter {
  column: string;
  op: 'is null' | 'is not null';
}

/** An inclusive range test on one column. */
export interface BetweenFilter {
  column: string;
  op: 'between';
  low: FilterValue;
  high: FilterValue;
}

/** A row predicate: a comparison, or `and`/`or`/`not` of predicates. */
export type Filter =
  | CompareFilter
  | InFilter
  | NullFilter
  | BetweenFilter
  | { and: Filter[] }
  | { or: Filter[] }
  | { not: Filter };

const valueSchema = z.union([z.number(), z.string(), z.boolean(), z.date()]);

/** Parses a filter from untrusted input (CLI JSON, HTTP bodies). */
export const filterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    z.strictObject({ column: z.string(), op: z.enum(['=', '!=', '<', '<=', '>', '>=']), value: valueSchema }),
    z.strictObject({ column: z.string(), op: z.enum(['in', 'not in']), values: z.array(valueSchema) }),
    z.strictObject({ column: z.string(), op: z.enum(['is null', 'is not null']) }),
    z.strictObject({ column: z.string(), op: z.literal('between'), low: valueSchema, high: valueSchema }),
    z.strictObject({ and: z.array(filterSchema) }),
    z.strictObject({ or: z.array(filterSchema) }),
    z.strictObject({ not: filterSchema }),
  ]),
);

/** A WHERE clause body and the values bound to its `$n` parameters. */
export interface CompiledFilter {
  sql: string;
  params: (number | string | boolean)[];
}

/** Quote an identifier for DuckDB SQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote a string literal for DuckDB SQL. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Compile filters (an array means all must hold) against the source's column names; a filter on
 * a column the source lacks is a SCHEMA_MISMATCH error that names it.
 */
export function compileFilter(
  filter: Filter | readonly Filter[],
  columns: readonly string[],
): CompiledFilter {
  const params: (number | string | boolean)[] = [];
  const known = new Set(columns);
  const bind = (value: FilterValue): string => {
    params.push(value instanceof Date ? value.toISOString() : value);
    return `$${params.length}`;
  };
  const visit = (f: Filter): string => {
    if ('and' in f) return f.and.length === 0 ? 'TRUE' : `(${f.and.map(visit).join(' AND ')})`;
    if ('or' in f) return f.or.length === 0 ? 'FALSE' : `(${f.or.map(visit).join(' OR ')})`;
    if ('not' in f) return `(NOT ${visit(f.not)})`;
    if (!known.has(f.column)) throw missingColumn(columns, f.column);
    const column = quoteIdentifier(f.column);
    switch (f.op) {
      case 'is null':
      case 'is not null':
        return `(${column} ${f.op.toUpperCase()})`;
      case 'in':
      case 'not in':
        if (f.values.length === 0) return f.op === 'in' ? 'FALSE' : 'TRUE';
        return `(${column} ${f.op.toUpperCase()} (${f.values.map(bind).join(', ')}))`;
      case 'between':
        return `(${column} BETWEEN ${bind(f.low)} AND ${bind(f.high)})`;
      default:
        return `(${column} ${f.op} ${bind(f.value)})`;
    }
  };
  const list = Array.isArray(filter) ? (filter as readonly Filter[]) : [filter as Filter];
  return { sql: visit({ and: [...list] }), params };
}
