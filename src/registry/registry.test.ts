import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../core/index.js';
import { modelToFiles, saveModel } from '../models/index.js';
import { linearModel } from '../models/test-models.fixture.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { aliasMoveOf, DEPLOYMENT_EVENTS, isDeploymentKind, MODEL_EVENTS } from './events.js';
import { parseModelRef } from './model-ref.js';

describe('platform.registry', () => {
  const dir = tempDir();
  const modelDigests = Object.values(modelToFiles(linearModel())).map(sha256).sort();
  let p: Platform;
  let runId: string;
  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
    writeFileSync(join(dir.path, 'train.csv'), 'x,y\n1,0\n2,1\n3,1\n');
    await p.data.add(join(dir.path, 'train.csv'), { name: 'train' });
    await saveModel(linearModel(), join(dir.path, 'model'));
    const run = await p.tracking.startRun({
      experiment: 'churn',
      git: false,
      inputs: [{ data: 'train:1', role: 'train' }],
    });
    run.logMetric('auc', 0.93);
    await run.logArtifact(join(dir.path, 'model'), { name: 'model' });
    await run.end();
    runId = run.id;
  });
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  it('numbers versions from run artifacts and keeps their objects referenced', async () => {
    const v1 = await p.registry.registerVersion({
      name: 'churn',
      runId,
      artifact: 'model',
      inputSchema: [{ name: 'x', type: 'number' }],
      description: 'first',
    });
    const v2 = await p.registry.registerVersion({ name: 'churn', runId, artifact: 'model' });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v1).toMatchObject({
      runId,
      source: `runs:/${runId}/model`,
      digests: modelDigests,
      inputSchema: [{ name: 'x', type: 'number' }],
    });
    expect(await p.metadata.refs.byOwner('model:churn:1')).toEqual(modelDigests);
    expect((await p.registry.getModel('churn')).latestVersion).toBe(2);
    expect((await p.tracking.getRun(runId)).outputs).toEqual([
      { name: 'churn', version: 1 },
      { name: 'churn', version: 2 },
    ]);
    await expect(
      p.registry.registerVersion({ name: 'churn', runId, artifact: 'nothing' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `run ${runId} has no artifact "nothing"`,
    });
    await expect(
      p.registry.registerVersion({ name: 'absent', source: 's3://x', createModel: false }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'registered model "absent" does not exist',
    });
  });

  it('merges version tags (an empty value removes one) and audits the change', async () => {
    const v = await p.registry.setVersionTags(
      'churn',
      1,
      { 'flywheel.threshold': '0.42', note: 'x' },
      { actor: 'ann', reason: 'eval' },
    );
    expect(v.tags).toMatchObject({ 'flywheel.threshold': '0.42', note: 'x' });
    const w = await p.registry.setVersionTags('churn', '1', { note: '' });
    expect(w.tags.note).toBeUndefined();
    expect(w.tags['flywheel.threshold']).toBe('0.42');
    const events = (await p.registry.history('churn')).filter((e) => e.kind === 'version.tags');
    expect(events.map((e) => e.data)).toEqual([
      { version: 1, tags: { 'flywheel.threshold': '0.42', note: 'x' }, reason: 'eval' },
      { version: 1, tags: { note: '' }, reason: '' },
    ]);
    await expect(p.registry.setVersionTags('churn', 9, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('moves aliases, writes each move to the audit log and resolves references', async () => {
    expect(
      await p.registry.setAlias('churn', 'production', 1, { actor: 'ann', reason: 'first release' }),
    ).toEqual({
      name: 'churn',
      alias: 'production',
      from: null,
      to: 1,
    });
    expect(
      await p.registry.setAlias('churn', 'production', '2', { actor: 'bob', reason: 'better auc' }),
    ).toMatchObject({ from: 1, to: 2 });
    expect((await p.registry.resolve('churn@production')).version).toBe(2);
    expect((await p.registry.resolve('churn:1')).version).toBe(1);
    expect((await p.registry.resolve('churn@latest')).version).toBe(2);
    expect((await p.registry.resolve('churn')).aliases).toEqual(['production']);
    const moves = (await p.registry.history('churn')).filter((e) => e.kind.startsWith('model.alias'));
    expect(moves.map((e) => [e.actor, e.data.from, e.data.to, e.data.reason])).toEqual([
      ['ann', null, 1, 'first release'],
      ['bob', 1, 2, 'better auc'],
    ]);
    expect(await p.registry.deleteAlias('churn', 'production', { reason: 'retired' })).toMatchObject({
      from: 2,
      to: null,
    });
    await expect(p.registry.resolve('churn@production')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(p.registry.deleteAlias('churn', 'production')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses reserved aliases and missing versions, naming them', async () => {
    await expect(p.registry.setAlias('churn', 'latest', 1)).rejects.toThrow(/reserved/);
    await expect(p.registry.setAlias('churn', 'v3', 1)).rejects.toThrow(/reserved/);
    await expect(p.registry.setAlias('churn', 'staging', 9)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'model version churn:9 does not exist',
    });
    await expect(p.registry.getModel('nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { model: 'nope' },
    });
  });

  it('traces lineage from data version to run to model version to aliases and deployments', async () => {
    await p.registry.setAlias('churn', 'staging', 1);
    await p.metadata.events.append({
      kind: 'deployment.create',
      subject: 'model:churn',
      data: { version: 1, target: 'api' },
    });
    const l = await p.registry.lineage('churn@staging');
    expect(l.model).toMatchObject({ name: 'churn', version: 1 });
    expect(l.inputs).toEqual([
      {
        dataset: 'train',
        version: 1,
        role: 'train',
        rowCount: 3,
        digest: sha256('x,y\n1,0\n2,1\n3,1\n'),
        exists: true,
      },
    ]);
    expect(l.run).toMatchObject({
      id: runId,
      experiment: 'churn',
      status: 'FINISHED',
      metrics: { auc: 0.93 },
    });
    expect(l.aliases).toEqual(['staging']);
    expect(l.deployments.map((d) => d.data.target)).toEqual(['api']);
  });

  it('gives alias moves of every model as typed events after a cursor (issue 25 #4)', async () => {
    const all = await p.registry.aliasMoves(0);
    // The moves of the tests above, oldest first: production 1, 2, removed; staging 1.
    expect(all.moves.map((m) => [m.name, m.alias, m.from, m.to, m.actor, m.reason])).toEqual([
      ['churn', 'production', null, 1, 'ann', 'first release'],
      ['churn', 'production', 1, 2, 'bob', 'better auc'],
      ['churn', 'production', 2, null, expect.any(String), 'retired'],
      ['churn', 'staging', null, 1, expect.any(String), ''],
    ]);
    expect(all.cursor).toBe(all.moves.at(-1)!.id);
    await p.registry.registerVersion({ name: 'fraud', runId, artifact: 'model' });
    await p.registry.setAlias('fraud', 'canary', 1, { actor: 'cy', reason: 'try it' });
    await p.registry.deleteAlias('churn', 'staging', { actor: 'dee' });
    const next = await p.registry.aliasMoves(all.cursor);
    expect(next.moves).toEqual([
      {
        id: expect.any(Number),
        time: expect.any(Number),
        name: 'fraud',
        alias: 'canary',
        from: null,
        to: 1,
        actor: 'cy',
        reason: 'try it',
      },
      expect.objectContaining({ name: 'churn', alias: 'staging', from: 1, to: null, actor: 'dee' }),
    ]);
    expect(next.moves[0]!.id).toBeGreaterThan(all.cursor);
    expect(next.cursor).toBe(next.moves[1]!.id);
    // Nothing newer: no moves, and the cursor stays where it was.
    expect(await p.registry.aliasMoves(next.cursor)).toEqual({ cursor: next.cursor, moves: [] });
    // Events that are not alias moves decode to nothing.
    const created = (await p.registry.history('fraud')).find((e) => e.kind === MODEL_EVENTS.versionCreate)!;
    expect(aliasMoveOf(created)).toBeUndefined();
  });

  it('records deployments through the registry, which lineage lists for their version', async () => {
    const id = await p.registry.recordDeployment(
      'churn',
      'deployment.swap',
      { version: 2, endpoint: 'churn', from: 1 },
      'flywheel-serve',
    );
    const [event] = (await p.registry.lineage('churn:2')).deployments;
    expect(event).toMatchObject({
      id,
      kind: 'deployment.swap',
      subject: 'model:churn',
      actor: 'flywheel-serve',
      data: { version: 2, endpoint: 'churn', from: 1 },
    });
    await expect(
      p.registry.recordDeployment('no:such', 'deployment.create', { version: 1 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(DEPLOYMENT_EVENTS.every(isDeploymentKind)).toBe(true);
    expect(isDeploymentKind(MODEL_EVENTS.aliasSet)).toBe(false);
  });
});

describe('parseModelRef', () => {
  it('reads name:N, name@alias and name, and rejects bad versions', () => {
    expect(parseModelRef('churn:3')).toEqual({ kind: 'version', name: 'churn', version: 3 });
    expect(parseModelRef('churn@production')).toEqual({ kind: 'alias', name: 'churn', alias: 'production' });
    expect(parseModelRef('team/churn')).toEqual({ kind: 'name', name: 'team/churn' });
    expect(() => parseModelRef('churn:0')).toThrow(/invalid model version "0"/);
    expect(() => parseModelRef('churn:x')).toThrow(/invalid model version "x"/);
  });
});
