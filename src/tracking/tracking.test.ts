import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../core/index.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { readGitState } from './git.js';

describe('platform.tracking', () => {
  const dir = tempDir();
  let p: Platform;
  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
  });
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  it('records a run: params, buffered metrics, tags, inputs, artifacts, status and times', async () => {
    const csv = join(dir.path, 'train.csv');
    writeFileSync(csv, 'x,y\n1,2\n3,4\n');
    await p.data.add(csv, { name: 'train' });
    writeFileSync(join(dir.path, 'model.json'), '{"w":[1,2]}');
    mkdirSync(join(dir.path, 'plots', 'sub'), { recursive: true });
    writeFileSync(join(dir.path, 'plots', 'a.txt'), 'a');
    writeFileSync(join(dir.path, 'plots', 'sub', 'b.txt'), 'b');

    const run = await p.tracking.startRun({
      experiment: 'churn',
      name: 'first',
      params: { lr: 0.1, model: 'gbdt', deep: true },
      tags: { team: 'growth' },
      inputs: [{ data: 'train:1', role: 'train' }],
    });
    for (let step = 0; step < 5; step++) run.logMetrics({ loss: 1 / (step + 1), acc: step / 10 }, step);
    // Buffered: nothing has reached the database yet.
    expect(await p.metadata.tracking.metricCount(run.id)).toBe(0);
    await run.flush();
    expect(await p.metadata.tracking.metricCount(run.id)).toBe(10);
    await run.logArtifact(join(dir.path, 'model.json'), { name: 'model' });
    await run.logArtifact(join(dir.path, 'plots'));
    await run.setTag('team', 'core');
    await run.end();

    const shown = await p.tracking.getRun(run.id);
    expect(shown).toMatchObject({
      name: 'first',
      experimentName: 'churn',
      status: 'FINISHED',
      params: { lr: '0.1', model: 'gbdt', deep: 'true' },
      tags: { team: 'core' },
      inputs: [{ dataset: 'train', version: 1, role: 'train' }],
      host: hostname(),
      pid: process.pid,
      // The workspace folder is not a git working tree.
      gitCommit: null,
      gitDirty: null,
    });
    expect(shown.metrics.loss).toMatchObject({ value: 0.2, step: 4 }); // 1 / (4 + 1)
    expect(shown.metrics.acc?.value).toBeCloseTo(0.4, 12);
    expect(shown.endTime).toBeGreaterThanOrEqual(shown.startTime);
    expect(shown.artifacts.map((a) => a.path)).toEqual(['model', 'plots/a.txt', 'plots/sub/b.txt']);
    expect(shown.artifacts[0]!.digest).toBe(sha256('{"w":[1,2]}'));
    expect(await p.metadata.refs.byOwner(`run:${run.id}`)).toEqual(
      [sha256('{"w":[1,2]}'), sha256('a'), sha256('b')].sort(),
    );
  });

  it('accepts a param logged again with the same value and rejects a different one, naming both values', async () => {
    const run = await p.tracking.startRun({ git: false });
    await run.logParams({ lr: 0.1 });
    await run.logParam('lr', '0.1');
    const error = await run.logParam('lr', 0.2).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { key: 'lr', existing: '0.1', value: '0.2' },
    });
    expect((error as Error).message).toContain('"0.1"');
    expect((error as Error).message).toContain('"0.2"');
    expect(await p.metadata.tracking.params(run.id)).toEqual({ lr: '0.1' });
    await run.end();
  });

  it('answers NOT_FOUND with the id for unknown runs and experiments', async () => {
    await expect(p.tracking.getRun('01nosuchrun')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'run 01nosuchrun does not exist',
      details: { runId: '01nosuchrun' },
    });
    await expect(p.tracking.logParams('01nosuchrun', { a: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(p.tracking.experimentById('4242')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('4242'),
    });
    await expect(p.tracking.searchRuns({ experiments: ['nope'] })).rejects.toMatchObject({
      message: expect.stringContaining('"nope"'),
    });
  });

  it('rejects bad keys, bad metric values and writes to deleted or ended runs', async () => {
    const run = await p.tracking.startRun({ git: false });
    expect(() => run.logMetric('a//b', 1)).toThrow(/invalid metric key "a\/\/b"/);
    expect(() => run.logMetric('x', '1' as unknown as number)).toThrow(/must be a number/);
    expect(() => run.logMetric('x', 1, 1.5)).toThrow(/step must be an integer/);
    await expect(run.logParams({ ['k'.repeat(251)]: 1 })).rejects.toThrow(/1 to 250 characters/);
    await p.tracking.deleteRuns([run.id]);
    await expect(run.setTag('a', 'b')).rejects.toThrow(/is deleted/);
    await p.tracking.restoreRuns([run.id]);
    await run.end();
    expect(() => run.logMetric('x', 1)).toThrow(/has ended/);
  });

  it('searches with a filter and sort, compares runs and marks differences', async () => {
    const ids: string[] = [];
    for (const [name, auc, model] of [
      ['a', 0.91, 'gbdt'],
      ['b', 0.95, 'gbdt'],
      ['c', 0.97, 'linear'],
    ] as const) {
      const r = await p.tracking.startRun({
        experiment: 'search',
        name,
        params: { model, seed: 1 },
        git: false,
      });
      r.logMetric('auc', auc);
      await r.end();
      ids.push(r.id);
    }
    const found = await p.tracking.searchRuns({
      experiments: ['search'],
      filter: "metrics.auc > 0.9 and params.model = 'gbdt'",
      sort: '-metrics.auc',
    });
    expect(found.map((r) => r.name)).toEqual(['b', 'a']);
    const cmp = await p.tracking.compareRuns([ids[0]!, ids[2]!]);
    expect(cmp.params).toEqual([
      { key: 'model', values: ['gbdt', 'linear'], differs: true },
      { key: 'seed', values: ['1', '1'], differs: false },
    ]);
    expect(cmp.metrics).toEqual([{ key: 'auc', values: [0.91, 0.97], differs: true }]);
    await expect(p.tracking.compareRuns([ids[0]!, 'missing'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('soft-deletes runs, and purging removes them and releases their objects', async () => {
    const run = await p.tracking.startRun({ experiment: 'purge', git: false });
    writeFileSync(join(dir.path, 'p.bin'), 'purge me');
    await run.logArtifact(join(dir.path, 'p.bin'));
    await run.end();
    await p.tracking.deleteRuns([run.id]);
    expect(await p.tracking.searchRuns({ experiments: ['purge'] })).toHaveLength(0);
    expect(await p.tracking.searchRuns({ experiments: ['purge'], view: 'deleted' })).toHaveLength(1);
    expect(await p.tracking.purgeDeletedRuns({ olderThanMs: 60_000 })).toEqual([]);
    expect(await p.tracking.purgeDeletedRuns()).toEqual([run.id]);
    expect(await p.metadata.refs.isReferenced(sha256('purge me'))).toBe(false);
    await expect(p.tracking.getRun(run.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('fails runs whose heartbeat stopped, and revives one whose owner beats again', async () => {
    const r = await p.metadata.tracking.createRun({
      experimentId: '0',
      name: 'elsewhere',
      user: 'bob',
      host: 'another-host',
      pid: 1,
      startTime: Date.now() - 3_600_000,
    });
    const swept = await p.tracking.sweep();
    expect(swept.map((s) => s.id)).toContain(r.id);
    expect(await p.metadata.tracking.getRun(r.id)).toMatchObject({
      status: 'FAILED',
      statusReason: expect.stringMatching(/^no heartbeat since/),
    });
    await p.metadata.tracking.heartbeat(r.id, Date.now());
    expect((await p.metadata.tracking.getRun(r.id))?.status).toBe('RUNNING');
    await p.tracking.updateRun(r.id, { status: 'KILLED' });
  });
});

describe('readGitState', () => {
  it('reads the commit and whether the working tree has changes', async () => {
    const dir = tempDir();
    try {
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
          cwd: dir.path,
        });
      git('init', '-q');
      writeFileSync(join(dir.path, 'a.txt'), 'a');
      git('add', 'a.txt');
      git('commit', '-q', '-m', 'one');
      const head = git('rev-parse', 'HEAD').toString().trim();
      expect(await readGitState(dir.path)).toEqual({ commit: head, dirty: false });
      writeFileSync(join(dir.path, 'a.txt'), 'changed');
      expect(await readGitState(dir.path)).toEqual({ commit: head, dirty: true });
    } finally {
      dir.cleanup();
    }
  });
});
