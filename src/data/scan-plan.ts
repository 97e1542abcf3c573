/**
 * The plan of one scan: which file, which columns (and how each DuckDB type becomes a table column),
 * which rows. Every column is cast in SQL to one of three vector layouts the builders copy fast:
 *
 * | DuckDB type                                    | column kind  | SQL expression                 |
 * |------------------------------------------------|--------------|--------------------------------|
 * | integers, DECIMAL, FLOAT, DOUBLE               | `float64`    | `CAST(x AS DOUBLE)`            |
 * | BOOLEAN                                        | `bool`       | `CAST(x AS UTINYINT)`          |
 * | DATE, TIMESTAMP[_S/_MS/_NS], TIMESTAMPTZ       | `timestamp`  | `epoch_us(x) / 1000.0` (UTC ms)|
 * | VARCHAR and everything else (lists, structs…)  | `dictionary` | `CAST(x AS VARCHAR)`           |
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { FlywheelError } from '../core/errors.js';
import { countFields, splitRecords } from './csv-sniff.js';
import { type CompiledFilter, compileFilter, quoteIdentifier, quoteLiteral } from './filter.js';
import type { ReadAccelerator } from './parquet/accelerator.js';
import type { ParquetFooter } from './parquet/footer.js';
import { isSniffFailure, readFailure } from './read-errors.js';
import {
  type CsvOptions,
  csvArguments,
  csvDialect,
  type DataFormat,
  detectFormat,
  type FileFacts,
  inspectFile,
  type ReadOptions,
  sourceSql,
} from './source.js';
import type { ColumnKind } from './table.js';
import { missingColumn } from './table.js';

/** One column of a scan. */
export interface ScanColumn {
  name: string;
  /** The DuckDB type of the column in the file, e.g. `BIGINT`. */
  sourceType: string;
  kind: ColumnKind;
  /** The SQL expression that yields the column in its builder's vector layout. */
  expression: string;
}

/** Everything needed to run a scan. */
export interface ScanPlan {
  facts: FileFacts;
  format: DataFormat;
  /** The table function call, e.g. `read_parquet('x.parquet')`. */
  source: string;
  /** Every column of the file. */
  available: readonly ScanColumn[];
  /** The columns to read, in order. */
  columns: readonly ScanColumn[];
  filter: CompiledFilter | undefined;
  limit: number | undefined;
  /** For a Parquet file whose footer the accelerator decoded: its columns, row count and row groups. */
  parquet?: ParquetFooter;
  /** For a CSV file: the dialect of the scan (errors use its quoting to find file lines). */
  csv?: CsvOptions;
}

/**
 * Inspect the file, learn its columns (from a Parquet footer the accelerator decoded, else from
 * DuckDB) and resolve the requested columns and filter. `connection` may be a function that
 * connects on first use, so a plan that DuckDB is not asked about opens no connection.
 */
export async function planScan(
  connection: DuckDBConnection | (() => Promise<DuckDBConnection>),
  path: string,
  options: ReadOptions,
  accelerator: ReadAccelerator | null = null,
): Promise<ScanPlan> {
  const format = detectFormat(path, options.format);
  const facts = await inspectFile(path, format);
  const csv = format === 'csv' ? csvDialect(facts, options.csv) : undefined;
  const source = sourceSql(path, format, csv);
  // A Parquet footer names the columns and row groups without a DuckDB query (parquet/footer.ts).
  const footer = format === 'parquet' && accelerator !== null ? accelerator.inspect(facts) : undefined;
  const available =
    footer?.columns?.map((c) => columnFor(c.name, c.sourceType)) ??
    (await describe(
      typeof connection === 'function' ? await connection() : connection,
      source,
      facts,
      format,
      csv,
    ));
  const names = available.map((c) => c.name);
  const columns = (options.columns ?? names).map((name) => {
    const column = available.find((c) => c.name === name);
    if (column === undefined) throw inFile(missingColumn(names, name), path);
    return column;
  });
  const filter = options.where === undefined ? undefined : compileWhere(options, names, path);
  const plan: ScanPlan = { facts, format, source, available, columns, filter, limit: options.limit };
  if (footer !== undefined) plan.parquet = footer;
  if (csv !== undefined) plan.csv = csv;
  return plan;
}

/** The SELECT statement of a plan. */
export function selectSql(plan: ScanPlan): string {
  const list = plan.columns.map((c) => `${c.expression} AS ${quoteIdentifier(c.name)}`).join(', ');
  const where = plan.filter === undefined ? '' : ` WHERE ${plan.filter.sql}`;
  const limit = plan.limit === undefined ? '' : ` LIMIT ${plan.limit}`;
  return `SELECT ${list.length > 0 ? list : 'NULL AS "_"'} FROM ${plan.source}${where}${limit}`;
}

/** The column kind and SQL expression for a DuckDB type. */
export function columnFor(name: string, sourceType: string): ScanColumn {
  const type = sourceType.toUpperCase();
  const q = quoteIdentifier(name);
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|REAL|DOUBLE|DECIMAL(\(.*\))?)$/.test(type)) {
    return { name, sourceType, kind: 'float64', expression: type === 'DOUBLE' ? q : `CAST(${q} AS DOUBLE)` };
  }
  if (type === 'BOOLEAN') return { name, sourceType, kind: 'bool', expression: `CAST(${q} AS UTINYINT)` };
  if (type === 'DATE') {
    return { name, sourceType, kind: 'timestamp', expression: `epoch_us(CAST(${q} AS TIMESTAMP)) / 1000.0` };
  }
  if (/^TIMESTAMP/.test(type))
    return { name, sourceType, kind: 'timestamp', expression: `epoch_us(${q}) / 1000.0` };
  return {
    name,
    sourceType,
    kind: 'dictionary',
    expression: type === 'VARCHAR' ? q : `CAST(${q} AS VARCHAR)`,
  };
}

async function describe(
  connection: DuckDBConnection,
  source: string,
  facts: FileFacts,
  format: DataFormat,
  csv: ReturnType<typeof csvDialect> | undefined,
): Promise<ScanColumn[]> {
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    return reader.getRowObjectsJS().map((row) => columnFor(String(row.column_name), String(row.column_type)));
  } catch (error) {
    if (format === 'csv' && csv !== undefined && isSniffFailure(error)) {
      await diagnoseCsv(connection, facts, csv);
    }
    throw await readFailure(error, facts.path, format, csv);
  }
}

/**
 * DuckDB's sniffer gives up on small files with a malformed row without saying which row. Scan the
 * file once more with the dialect fixed and every column as text: that scan fails on the first bad
 * line with its number, which is the error worth showing.
 */
async function diagnoseCsv(
  connection: DuckDBConnection,
  facts: FileFacts,
  csv: ReturnType<typeof csvDialect>,
): Promise<void> {
  const quote = csv.quote ?? '"';
  const first = splitRecords(facts.head, quote, facts.complete)[0] ?? '';
  const fields = csv.delimiter === undefined ? 1 : countFields(first, csv.delimiter, quote);
  const columns = Array.from({ length: fields }, (_, i) => `${quoteLiteral(`c${i}`)}: 'VARCHAR'`).join(', ');
  const args = [
    quoteLiteral(facts.path),
    'auto_detect=false',
    ...csvArguments({ ...csv, header: csv.header ?? true }),
    `columns={${columns}}`,
  ];
  try {
    await connection.run(`SELECT count(*) FROM read_csv(${args.join(', ')})`);
  } catch (error) {
    throw await readFailure(error, facts.path, 'csv', csv);
  }
}

function compileWhere(options: ReadOptions, names: readonly string[], path: string): CompiledFilter {
  try {
    return compileFilter(options.where!, names);
  } catch (error) {
    throw error instanceof FlywheelError ? inFile(error, path) : error;
  }
}

function inFile(error: FlywheelError, file: string): FlywheelError {
  return new FlywheelError(error.code, `${error.message} in ${file}`, {
    hint: error.hint,
    where: { ...error.where, file },
    details: error.details,
  });
}
