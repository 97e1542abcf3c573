/**
 * The DuckDB engine that reads and writes data files. One engine wraps one in-process DuckDB
 * database; callers may open their own (`openDataEngine`) and pass it in, or let the data
 * functions use the process-wide default, created lazily on first use and never closed.
 *
 * The engine also owns a table of "sinks": one scalar function, `flywheel_sink(id, …)`, is
 * registered per database, and a query that calls it hands every chunk of its input to the JS
 * handler registered under `id`. DuckDB decodes on its own threads and the handler copies straight
 * from DuckDB's vectors into the destination typed arrays, skipping the result materialisation and
 * per-chunk fetches of the ordinary result path (see `read-parquet.ts`).
 */

import { availableParallelism, totalmem } from 'node:os';
import { ANY, BOOLEAN, type DuckDBConnection, DuckDBInstance, DuckDBScalarFunction } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { type FlywheelEnv, processEnv } from '../core/env.js';
import { FlywheelError } from '../core/errors.js';
import { integerAt } from './column-builders.js';
import { nativeCopy } from './native.js';

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

/** Receives each input chunk of a sink query (column 0 is the sink id); throwing aborts the query. */
export type SinkHandler = (chunk: duckdb.DataChunk) => void;

/** The name of the sink scalar function registered in every engine's database. */
export const SINK_FUNCTION = 'flywheel_sink';

/** The native sink (native.ts), registered when the addon is built: same arguments, copies in C. */
export const NATIVE_SINK_FUNCTION = 'flywheel_native_sink';

/** An in-process DuckDB database used to read and write data files. */
export class DataEngine {
  readonly instance: DuckDBInstance;
  /** True when the native sink function is registered (the addon is built and found DuckDB). */
  nativeSink = false;
  private readonly sinks = new Map<number, SinkHandler>();
  private nextSinkId = 1;
  // Held so the native function's JS callback stays alive as long as the engine.
  private readonly sinkFunction: DuckDBScalarFunction;

  private constructor(instance: DuckDBInstance) {
    this.instance = instance;
    this.sinkFunction = new DuckDBScalarFunction();
    this.sinkFunction.setName(SINK_FUNCTION);
    this.sinkFunction.setReturnType(BOOLEAN);
    this.sinkFunction.setVarArgs(ANY);
    this.sinkFunction.setVolatile();
    // The raw binding, not node-api's wrapper: the wrapper builds typed vector objects for the input
    // and output of every 2,048-row call, which costs more than the copy the sink exists to do.
    duckdb.scalar_function_set_function(this.sinkFunction.scalar_function, (info, input) => {
      // An exception escaping this callback would crash the process, so every failure becomes
      // a DuckDB error that rejects the running query instead.
      try {
        this.dispatch(input);
      } catch (error) {
        duckdb.scalar_function_set_error(info, error instanceof Error ? error.message : String(error));
      }
    });
  }

  /** Open a new in-memory engine. */
  static async open(options: DataEngineOptions = {}): Promise<DataEngine> {
    const config: Record<string, string> = {
      threads: String(options.threads ?? availableParallelism()),
      memory_limit: options.memoryLimit ?? defaultMemoryLimit(),
    };
    const instance = await DuckDBInstance.create(':memory:', config);
    const engine = new DataEngine(instance);
    const connection = await instance.connect();
    try {
      connection.registerScalarFunction(engine.sinkFunction);
      engine.nativeSink = registerNativeSink(connection);
    } finally {
      connection.closeSync();
    }
    return engine;
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

  /** Register a sink handler; returns the id to pass as the first argument of `flywheel_sink`. */
  addSink(handler: SinkHandler): number {
    const id = this.nextSinkId++;
    this.sinks.set(id, handler);
    return id;
  }

  /** Remove a sink handler. */
  removeSink(id: number): void {
    this.sinks.delete(id);
  }

  /** Close the database; the engine cannot be used afterwards. */
  close(): void {
    this.sinks.clear();
    this.instance.closeSync();
  }

  private dispatch(input: duckdb.DataChunk): void {
    // Column 0 is the INTEGER sink id, the same in every row.
    const id = integerAt(input, 0, 0, 4);
    const handler = this.sinks.get(id);
    if (handler === undefined) {
      throw new FlywheelError('INTERNAL', `${SINK_FUNCTION} called with unknown sink id ${id}`);
    }
    handler(input);
  }
}

/** Register the native sink on the engine's database; false when the addon is not available. */
function registerNativeSink(connection: DuckDBConnection): boolean {
  const native = nativeCopy();
  if (native === null) return false;
  // The raw bindings connection inside node-api's wrapper (a private field).
  const raw = (connection as unknown as { connection: duckdb.Connection }).connection;
  const id = duckdb.client_context_get_connection_id(duckdb.connection_get_client_context(raw));
  return native.registerSink(raw, id, NATIVE_SINK_FUNCTION);
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
