/**
 * The DuckDB engine that reads and writes data files. One engine wraps one in-process DuckDB
 * database; callers may open their own (`openDataEngine`) and pass it in, or let the data
 * functions use the process-wide default, created lazily on first use and never closed.
 */

import { availableParallelism, totalmem } from 'node:os';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type FlywheelEnv, processEnv } from '../core/index.js';

/** Options for opening a data engine. */
export interface DataEngineOptions {
  /** Worker threads DuckDB may use (default: the cores this process may use). */
  threads?: number;
  /**
   * DuckDB's memory limit, e.g. "4GB" (default: `FLYWHEEL_DUCKDB_MEMORY`, else a quarter of RAM,
   * at least 1 GiB); larger data spills to disk, and a query that needs more fails instead of
   * taking the process's memory (a damaged file once drove DuckDB's default, 80% of RAM, to 4 GB).
   */
  memoryLimit?: string;
}

/** The memory limit an engine gets when none is given (see `DataEngineOptions.memoryLimit`). */
export function defaultMemoryLimit(env: Pick<FlywheelEnv, 'FLYWHEEL_DUCKDB_MEMORY'> = processEnv()): string {
  const configured = env.FLYWHEEL_DUCKDB_MEMORY;
  if (configured !== undefined) return configured;
  const mib = Math.max(1024, Math.floor(totalmem() / 4 / 2 ** 20));
  return `${mib}MiB`;
}

/** An in-process DuckDB database used to read and write data files. */
export class DataEngine {
  readonly instance: DuckDBInstance;

  private constructor(instance: DuckDBInstance) {
    this.instance = instance;
  }

  /** Open a new in-memory engine. */
  static async open(options: DataEngineOptions = {}): Promise<DataEngine> {
    const config: Record<string, string> = {
      threads: String(options.threads ?? availableParallelism()),
      memory_limit: options.memoryLimit ?? defaultMemoryLimit(),
    };
    return new DataEngine(await DuckDBInstance.create(':memory:', config));
  }

  /** Run `fn` with a fresh connection, closed afterwards. */
  async withConnection<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await fn(connection);
    } finally {
      connection.closeSync();
    }
  }

  /** Close the database; the engine cannot be used afterwards. */
  close(): void {
    this.instance.closeSync();
  }
}

/** Open a new data engine (an in-process DuckDB database). */
export function openDataEngine(options: DataEngineOptions = {}): Promise<DataEngine> {
  return DataEngine.open(options);
}

let defaultEngine: Promise<DataEngine> | undefined;

/** The process-wide default engine, opened on first use. */
export function defaultDataEngine(): Promise<DataEngine> {
  defaultEngine ??= DataEngine.open().catch((error: unknown) => {
    defaultEngine = undefined;
    throw error;
  });
  return defaultEngine;
}

/** The engine to use: the one given, or the default. */
export function resolveEngine(engine: DataEngine | undefined): Promise<DataEngine> {
  return engine === undefined ? defaultDataEngine() : Promise.resolve(engine);
}
