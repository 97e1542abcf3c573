import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/services.js';
import { parseConfig } from '../workspace-config.js';
import type { ChunkTask } from './chunk-task.js';
import { createWorkerPolicy } from './worker-policy.js';

describe('worker policy: what a worker may read and write', () => {
  const ws = tempDir('flywheel-policy-ws-');
  const away = tempDir('flywheel-policy-away-');
  afterAll(() => {
    ws.cleanup();
    away.cleanup();
  });
  for (const d of ['in', 'out', 'objects', '.flywheel/batch/J1'])
    mkdirSync(join(ws.path, d), { recursive: true });
  for (const f of ['in/a.parquet', 'objects/b.parquet', '.flywheel/batch/J1/input.parquet', 'top.parquet'])
    writeFileSync(join(ws.path, f), 'x');
  writeFileSync(join(away.path, 'c.parquet'), 'x');
  symlinkSync(away.path, join(ws.path, 'in', 'escape'));
  const policy = createWorkerPolicy({
    root: ws.path,
    workDir: join(ws.path, '.flywheel', 'batch'),
    inputs: ['in'],
    outputs: ['out', 'postgres://app@db.internal/analytics', 'postgres://app@db.internal:5433/reports#daily'],
    objectsDir: join(ws.path, 'objects'),
  });
  const task = (over: Partial<ChunkTask>): ChunkTask =>
    ({ jobId: 'J1', chunkDir: join(ws.path, '.flywheel', 'batch', 'J1'), ...over }) as ChunkTask;

  it('reads inside its input folders, the object store and the job folder only, links resolved', async () => {
    for (const ok of ['in/a.parquet', 'objects/b.parquet', '.flywheel/batch/J1/input.parquet'])
      await expect(policy.input(task({ file: join(ws.path, ok) })), ok).resolves.toBe(join(ws.path, ok));
    for (const [file, why] of [
      [join(ws.path, 'top.parquet'), /outside the folders this worker may read/],
      [join(ws.path, 'in', '..', 'top.parquet'), /outside/],
      [join(ws.path, 'in', 'escape', 'c.parquet'), /outside/],
      [join(ws.path, '.flywheel', 'batch', 'J1', 'input.parquet').replace('J1', 'J2'), /does not exist/],
      ['in/a.parquet', /absolute path/],
      [join(ws.path, 'in', '*.parquet'), /one \.parquet file/],
      ['https://example.com/x.parquet', /absolute path/],
      [join(ws.path, 'in', 'a.csv'), /one \.parquet file/],
    ] as const) {
      await expect(policy.input(task({ file })), file).rejects.toMatchObject({
        name: 'TaskRefused',
        reason: expect.stringMatching(why),
      });
    }
  });

  it('writes files and SQLite inside its output folders, never into the workspace state', async () => {
    const sqlite = await policy.output(task({ output: `sqlite://${ws.path}/out/s.db#scores` }));
    expect(sqlite).toEqual({ kind: 'sqlite', path: join(ws.path, 'out', 's.db'), table: 'scores' });
    for (const [output, why] of [
      [`sqlite://${ws.path}/s.db#scores`, /outside the folders this worker may write/],
      [`sqlite://${away.path}/s.db#scores`, /outside/],
      [`sqlite://${ws.path}/out/../.flywheel/metadata.db#scores`, /own state/],
      [`sqlite://${ws.path}/nowhere/s.db#scores`, /does not exist/],
      [`sqlite://${ws.path}/out/s.db#_flywheel_batch_chunks`, /reserved/],
      [`${ws.path}/out/x.parquet`, /not this worker's folder for the job/],
    ] as const) {
      const t = task({ output, chunkDir: output.endsWith('.parquet') ? join(away.path, 'J1') : undefined });
      await expect(policy.output(t), output).rejects.toMatchObject({ reason: expect.stringMatching(why) });
    }
  });

  it('writes PostgreSQL only to listed databases (and tables), with its own URL', async () => {
    const t = (output: string) => policy.output(task({ output }));
    await expect(t('postgres://app@DB.internal:5432/analytics#scores')).resolves.toEqual({
      kind: 'postgres',
      url: 'postgres://app@db.internal/analytics',
      table: 'scores',
    });
    await expect(t('postgresql://app@db.internal:5433/reports#daily')).resolves.toMatchObject({
      url: 'postgres://app@db.internal:5433/reports',
    });
    for (const output of [
      'postgres://app@db.internal:5433/reports#other', // the entry names one table
      'postgres://root@db.internal/analytics#scores', // another user
      'postgres://app@evil.example/analytics#scores',
      'postgres://app@db.internal/analytics?host=evil.example#scores', // options change the server
      'postgres://app@db.internal/postgres#scores',
    ]) {
      await expect(t(output), output).rejects.toMatchObject({
        reason: expect.stringMatching(/not a database/),
      });
    }
  });

  it('rejects an output entry that is neither a folder nor a PostgreSQL URL in flywheel.yaml', () => {
    const yaml = (outputs: string) =>
      `metadata: { url: "sqlite:m.db" }\nartifacts: { url: "file:o" }\nbatch: { worker: { outputs: ${outputs} } }\n`;
    expect(
      parseConfig(yaml('["out", "postgres://h/db#t"]'), '/w/flywheel.yaml', {}).batch.worker.outputs,
    ).toEqual(['out', 'postgres://h/db#t']);
    expect(() => parseConfig(yaml('["s3://bucket/x"]'), '/w/flywheel.yaml', {})).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(/batch\.worker\.outputs\.0/),
      }),
    );
  });
});
