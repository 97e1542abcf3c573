import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMemoryLimit, openDataEngine } from './engine.js';

async function setting(name: string, options = {}): Promise<string> {
  const engine = await openDataEngine(options);
  try {
    return await engine.withConnection(async (c) =>
      String((await c.runAndReadAll(`SELECT current_setting('${name}')`)).getRows()[0]![0]),
    );
  } finally {
    engine.close();
  }
}

describe('data engine limits', () => {
  const saved = process.env.FLYWHEEL_DUCKDB_MEMORY;
  afterEach(() => {
    if (saved === undefined) delete process.env.FLYWHEEL_DUCKDB_MEMORY;
    else process.env.FLYWHEEL_DUCKDB_MEMORY = saved;
  });

  it('runs DuckDB with a memory limit and the threads this process may use, not DuckDB’s 80% of RAM', async () => {
    delete process.env.FLYWHEEL_DUCKDB_MEMORY;
    expect(defaultMemoryLimit()).toMatch(/^\d+MiB$/);
    expect(await setting('threads')).toBe(String(availableParallelism()));
    // FLYWHEEL_DUCKDB_MEMORY and the option set it (DuckDB prints it back in its own units).
    process.env.FLYWHEEL_DUCKDB_MEMORY = '1GiB';
    expect(await setting('memory_limit')).toMatch(/^(1\.0 GiB|1024\.0 MiB)$/);
    expect(await setting('memory_limit', { memoryLimit: '512MiB' })).toMatch(/^512\.0 MiB$/);
  });
});
