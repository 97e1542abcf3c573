import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../core/env.js';
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
  it('runs DuckDB with a memory limit and the threads this process may use, not DuckDB’s 80% of RAM', async () => {
    expect(defaultMemoryLimit(readEnv({}))).toMatch(/^\d+MiB$/);
    expect(await setting('threads')).toBe(String(availableParallelism()));
    // FLYWHEEL_DUCKDB_MEMORY (read once, core/env.ts) and the option set it (DuckDB prints it back in its own units).
    expect(defaultMemoryLimit(readEnv({ FLYWHEEL_DUCKDB_MEMORY: ' 1GiB ' }))).toBe('1GiB');
    expect(await setting('memory_limit', { memoryLimit: '1GiB' })).toMatch(/^(1\.0 GiB|1024\.0 MiB)$/);
    expect(await setting('memory_limit', { memoryLimit: '512MiB' })).toMatch(/^512\.0 MiB$/);
  });
});
