import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlywheelError } from '../core/index.js';
import { type Model, modelToFiles, saveModel } from '../models/index.js';
import { linearModel, mlpModel, treeModel } from '../models/test-models.fixture.js';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import type { LocalArtifactStore } from '../storage/artifacts/local.js';
import { dropPostgresSchema, freshPostgresUrl, postgresUnavailable, tempDir } from '../testing/services.js';
import { openModel } from './loader.js';
import { checkModelName, modelLocation } from './model-ref.js';

const pgDown = await postgresUnavailable();

async function errorOf(promise: Promise<unknown>): Promise<FlywheelError> {
  try {
    await promise;
  } catch (error) {
    return error as FlywheelError;
  }
  throw new Error('no error');
}

// PostgreSQL runs too where it answers (and must, in CI: postgresUnavailable throws there).
const dialects: Array<[string, string | undefined]> = [['sqlite', undefined]];
if (pgDown === undefined) dialects.push(['postgres', freshPostgresUrl('loader')]);

describe.each(dialects)('the registry loader (%s)', (_dialect, metadataUrl) => {
  const dir = tempDir();
  let p: Platform;
  /** Register `model` as the next version of `name` from a fresh run. */
  const register = async (name: string, model: Model) => {
    const folder = join(dir.path, `m-${Math.random().toString(36).slice(2)}`);
    await saveModel(model, folder);
    const run = await p.tracking.startRun({ experiment: 'loader', git: false });
    await run.logArtifact(folder, { name: 'model' });
    await run.end();
    return p.registry.registerVersion({ name, runId: run.id, artifact: 'model' });
  };

  beforeAll(async () => {
    const env = metadataUrl ? { FLYWHEEL_METADATA_URL: metadataUrl } : {};
    await initWorkspace(dir.path, { env });
    p = await openPlatform({ cwd: dir.path, env });
    await register('bc', linearModel());
    await register('bc', mlpModel());
  });
  afterAll(async () => {
    await p?.close();
    if (metadataUrl) await dropPostgresSchema(metadataUrl);
    dir.cleanup();
  });

  it('refuses a model whose objects were rewritten consistently, even after loading it once', async () => {
    // A model of its own (objects are shared by content: rewriting one rewrites every version holding it).
    const v = await register('rewritten', treeModel());
    const before = await p.registry.load('rewritten:1');
    expect(before.family).toBe('gbdt');
    // An attacker with write access to the object store replaces model.json, weights.bin and
    // CHECKSUMS with another model's files, consistent with each other.
    const other = modelToFiles(mlpModel());
    const store = p.artifacts as LocalArtifactStore;
    for (const a of (await p.tracking.getRun(v.runId!)).artifacts) {
      const path = store.pathOf(a.digest);
      chmodSync(path, 0o644);
      writeFileSync(path, other[a.path.slice('model/'.length)]!);
    }
    const e = await errorOf(p.registry.load('rewritten:1'));
    expect(e.code).toBe('OBJECT_CORRUPT');
    expect(e.message).toMatch(/does not match|not to their address/);
    expect((await errorOf(p.loadModel('rewritten@latest'))).code).toBe('OBJECT_CORRUPT');
    // …and an alias cannot be pointed at it.
    expect(await errorOf(p.registry.setAlias('rewritten', 'production', 1))).toMatchObject({
      code: 'CHECK_FAILED',
      details: { reason: 'OBJECT_CORRUPT' },
    });
  });

  it('moves an alias only to a version that loads, and says why not', async () => {
    await p.registry.setAlias('bc', 'production', 1, { actor: 'ann' });
    const outside = await p.registry.registerVersion({ name: 'bc', source: 's3://bucket/bc' });
    const e = await errorOf(p.registry.setAlias('bc', 'production', outside.version));
    expect(e).toMatchObject({ code: 'CHECK_FAILED', details: { reason: 'UNSUPPORTED' } });
    expect(e.message).toContain(`bc@production was not moved: bc:${outside.version} does not load`);
    // A version whose object is gone.
    const v2 = await p.registry.getVersion('bc', 2);
    await p.artifacts.delete(v2.digests[0]!);
    expect(await errorOf(p.registry.setAlias('bc', 'production', 2))).toMatchObject({
      code: 'CHECK_FAILED',
      details: { reason: 'NOT_FOUND' },
    });
    expect((await p.registry.resolve('bc@production')).version).toBe(1);
    const moves = (await p.registry.history('bc')).filter((x) => x.kind === 'model.alias.set');
    expect(moves).toHaveLength(1);
  });

  it('loads ensemble members from the registry only; a path in the tag is refused before it is stored', async () => {
    mkdirSync(join(dir.path, 'folder'), { recursive: true });
    await saveModel(linearModel(), join(dir.path, 'folder', 'model'));
    for (const ref of [join(dir.path, 'folder', 'model'), '../folder/model', 'bc@production', 'bc']) {
      const tags = { 'flywheel.ensemble': JSON.stringify([{ ref, weight: 1 }]) };
      const e = await errorOf(p.registry.registerVersion({ name: 'ens', source: 'ensemble', tags }));
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(e.message).toContain('is not a registered model version (name:N)');
    }
    // A tag stored some other way (an old database, a direct write) is refused at load, whatever the path is.
    const v = await p.registry.registerVersion({ name: 'ens', source: 'ensemble' });
    const messages: string[] = [];
    for (const ref of [join(dir.path, 'folder', 'model'), join(dir.path, 'folder'), '/nonexistent']) {
      const tags = { 'flywheel.ensemble': JSON.stringify([{ ref, weight: 1 }]) };
      await p.metadata.registry.updateVersion('ens', v.version, { tags });
      const e = await errorOf(p.registry.load(`ens:${v.version}`));
      expect(e.code).toBe('DATA_INVALID');
      messages.push(e.message.replace(ref, 'REF'));
    }
    // The same answer for a model folder, a folder and a missing path: nothing about the file system.
    expect(new Set(messages).size).toBe(1);
    const good = { 'flywheel.ensemble': JSON.stringify([{ ref: 'bc:1', weight: 1 }]) };
    const ens = await p.registry.registerVersion({ name: 'ens', source: 'ensemble', tags: good });
    expect((await p.registry.load(`ens:${ens.version}`)).family).toBe('ensemble');
  });

  it('resolves every model argument in one loader: a folder named churn:1 never shadows version churn:1', async () => {
    await register('churn', linearModel());
    // A folder in the working directory spelled exactly like the reference, holding another model.
    await saveModel(treeModel(), join(dir.path, 'churn:1'));
    const registered = await p.loadModel('churn:1', dir.path);
    expect(registered.family).toBe('linear');
    expect(registered).toMatchObject({ info: expect.any(Object) });
    // The folder is loaded only when written as a path.
    expect((await p.loadModel('./churn:1', dir.path)).family).toBe('gbdt');
    expect((await p.loadModel('path:churn:1', dir.path)).family).toBe('gbdt');
    expect((await p.loadModel(join(dir.path, 'churn:1'))).family).toBe('gbdt');
    // The same loader labels what it loaded: aliases pinned, folders by absolute path.
    const opened = await openModel(p.registry, 'churn@latest', { cwd: dir.path });
    expect(opened).toMatchObject({ label: 'churn:1', version: { name: 'churn', version: 1 } });
    expect((await openModel(p.registry, './churn:1', { cwd: dir.path })).label).toBe(
      join(dir.path, 'churn:1'),
    );
    // Servers and workers pass no cwd: a folder is refused, whatever exists on disk.
    const refused = await errorOf(openModel(p.registry, './churn:1'));
    expect(refused.code).toBe('USAGE');
    // A bare name that is not registered but is a folder here says how to load the folder.
    await saveModel(linearModel(), join(dir.path, 'plainfolder'));
    const missing = await errorOf(p.loadModel('plainfolder', dir.path));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.hint).toContain('./plainfolder or path:plainfolder');
  });

  it('never reads a path given as a registry reference', async () => {
    for (const ref of [join(dir.path, 'folder', 'model'), '../folder/model', 'a/../../b:1']) {
      expect((await errorOf(p.registry.load(ref))).code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('checkModelName', () => {
  it.each(['churn', 'team/churn', 'churn v2', 'a.b-c_d', 'x/_y/-z'])('accepts %j', (name) => {
    expect(checkModelName(name)).toBe(name);
  });
  it.each([
    'a/../../b',
    '../x',
    'a/./b',
    'a//b',
    'a/',
    'a/.hidden',
    'trailing.',
    'trailing ',
    ' lead',
    'x:1',
    'x@y',
    'a\\b',
    'a\u0000b',
    'a\u001b[31mb',
    '\ud800',
    '',
  ])('refuses %j', (name) => {
    expect(() => checkModelName(name)).toThrow(/invalid model name/);
  });
});

describe('modelLocation', () => {
  it.each([
    ['churn:3', { kind: 'registry', ref: 'churn:3' }],
    ['churn@production', { kind: 'registry', ref: 'churn@production' }],
    ['team/churn', { kind: 'registry', ref: 'team/churn' }],
    ['./churn:3', { kind: 'path', path: './churn:3' }],
    ['../models/m', { kind: 'path', path: '../models/m' }],
    ['/abs/model', { kind: 'path', path: '/abs/model' }],
    ['.', { kind: 'path', path: '.' }],
    ['path:churn:3', { kind: 'path', path: 'churn:3' }],
    ['path:model', { kind: 'path', path: 'model' }],
  ])('reads %j', (text, expected) => {
    expect(modelLocation(text)).toEqual(expected);
  });
  it('refuses an empty path', () => {
    expect(() => modelLocation('path:')).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
