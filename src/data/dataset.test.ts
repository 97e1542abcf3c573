import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';

const SHARED = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'data');

function hashTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out[relative(root, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return out;
}

describe('dataset versions', () => {
  let dir: ReturnType<typeof tempDir>;
  let p: Platform;
  beforeEach(async () => {
    dir = tempDir();
    await initWorkspace(join(dir.path, 'ws'), { env: {} });
    p = await openPlatform({ cwd: join(dir.path, 'ws'), env: {} });
  });
  afterEach(async () => {
    await p.close();
    dir.cleanup();
  });

  it('adds a CSV with row count, schema and profile; re-adding it records nothing and hashes nothing', async () => {
    const first = await p.data.add(join(SHARED, 'iris.csv'), { tag: 'gold', message: 'first' });
    expect(first.created).toBe(true);
    expect(first.dataset).toMatchObject({
      name: 'iris',
      version: 1,
      kind: 'file',
      rowCount: 150,
      fileCount: 1,
      format: 'csv',
      message: 'first',
    });
    expect(first.dataset.schema?.map((c) => c.name)).toEqual([
      'sepal length (cm)',
      'sepal width (cm)',
      'petal length (cm)',
      'petal width (cm)',
      'target',
    ]);
    expect(first.dataset.digest).toBe(
      createHash('sha256')
        .update(readFileSync(join(SHARED, 'iris.csv')))
        .digest('hex'),
    );
    const again = await p.data.add(join(SHARED, 'iris.csv'));
    expect(again).toMatchObject({ created: false, hashed: 0, reused: 1 });
    expect(again.dataset.version).toBe(1);
    const { profile } = await p.data.profile('iris@gold', dir.path);
    expect(profile.rowCount).toBe(150);
    expect((await p.fsck()).clean).toBe(true);
  });

  it('versions a folder by manifest; an unchanged re-add hashes nothing, one changed file is the only one rehashed', async () => {
    const src = join(dir.path, 'images');
    mkdirSync(join(src, 'a', 'b'), { recursive: true });
    for (let i = 0; i < 30; i++)
      writeFileSync(join(src, i % 2 ? 'a' : join('a', 'b'), `f${i}.txt`), `file ${i}\n`);
    const v1 = await p.data.add(src);
    expect(v1).toMatchObject({ created: true, hashed: 30, reused: 0 });
    expect(v1.dataset).toMatchObject({ name: 'images', kind: 'directory', fileCount: 30, rowCount: null });
    const same = await p.data.add(src);
    expect(same).toMatchObject({ created: false, hashed: 0, reused: 30 });
    writeFileSync(join(src, 'a', 'f1.txt'), 'changed\n');
    writeFileSync(join(src, 'new.txt'), 'new\n');
    const v2 = await p.data.add(src);
    expect(v2).toMatchObject({ created: true, hashed: 2, reused: 29 });
    expect(v2.hashedPaths.sort()).toEqual(['a/f1.txt', 'new.txt']);
    const diff = await p.data.diff('images:1', 'images:2');
    expect(diff.files.added.map((f) => f.path)).toEqual(['new.txt']);
    expect(diff.files.changed.map((f) => f.path)).toEqual(['a/f1.txt']);
    expect(diff.files.unchanged).toBe(29);
    const out = join(dir.path, 'restored');
    const co = await p.data.checkout('images:2', out);
    expect(co.files).toBe(31);
    expect(hashTree(out)).toEqual(hashTree(src));
    await expect(p.data.checkout('images:1', out)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await p.data.checkout('images:1', join(dir.path, 'v1'));
    expect(readFileSync(join(dir.path, 'v1', 'a', 'f1.txt'), 'utf8')).toBe('file 1\n');
  });

  it('profiles a folder of CSV parts as one table', async () => {
    const src = join(dir.path, 'parts');
    mkdirSync(src);
    writeFileSync(join(src, 'p1.csv'), 'x,y\n1,a\n2,b\n');
    writeFileSync(join(src, 'p2.csv'), 'x,y\n3,a\n');
    const r = await p.data.add(src);
    expect(r.dataset).toMatchObject({ kind: 'directory', rowCount: 3, format: 'csv' });
  });

  it('diffs rows, schema and distributions between versions', async () => {
    const f = join(dir.path, 'sales.csv');
    writeFileSync(
      f,
      `price,region\n${Array.from({ length: 200 }, (_, i) => `${i % 20},north`).join('\n')}\n`,
    );
    await p.data.add(f);
    writeFileSync(
      f,
      `price,region,extra\n${Array.from({ length: 100 }, (_, i) => `${(i % 20) + 15},south,1`).join('\n')}\n`,
    );
    await p.data.add(f);
    const d = await p.data.diff('sales:1', 'sales@latest');
    expect(d.rows).toEqual([200, 100]);
    expect(d.schema.added.map((c) => c.name)).toEqual(['extra']);
    const price = d.columns.find((c) => c.column === 'price')!;
    expect(price.mean).toEqual([9.5, 24.5]);
    expect(price.psi).toBeGreaterThan(1); // most of the new values fall outside the old range
    expect(d.columns.find((c) => c.column === 'region')!.topValues).toEqual([['north'], ['south']]);
  });

  it('tags versions, resolves name:N, name@tag and name@latest, and audits tag moves', async () => {
    const f = join(dir.path, 'd.csv');
    writeFileSync(f, 'a\n1\n');
    await p.data.add(f);
    writeFileSync(f, 'a\n2\n');
    await p.data.add(f);
    expect(await p.data.tag('d:1', 'gold')).toMatchObject({ version: 1, previous: undefined });
    expect(await p.data.tag('d@latest', 'gold')).toMatchObject({ version: 2, previous: 1 });
    expect((await p.data.resolve('d@gold')).dataset?.version).toBe(2);
    expect((await p.data.resolve('d:1')).dataset?.version).toBe(1);
    await expect(p.data.resolve('d:7')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(p.data.tag('d:1', 'latest')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const moves = await p.metadata.events.list({ kind: 'dataset.tag' });
    expect(moves.map((e) => e.data)).toEqual([
      { tag: 'gold', from: null, to: 1 },
      { tag: 'gold', from: 1, to: 2 },
    ]);
  });

  it('records nothing for bad input, and names the file', async () => {
    await expect(p.data.add(join(dir.path, 'missing.csv'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      where: { file: join(dir.path, 'missing.csv') },
    });
    const ragged = join(dir.path, 'ragged.csv');
    writeFileSync(ragged, 'a,b\n1,2\n3,4,5\n6,7\n');
    const err = await p.data.add(ragged).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DATA_INVALID', where: { file: ragged } });
    const empty = join(dir.path, 'empty');
    mkdirSync(empty);
    await expect(p.data.add(empty)).rejects.toMatchObject({ code: 'DATA_INVALID' });
    await expect(p.data.add(ragged, { name: '9lives' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await p.data.list()).toEqual([]);
    expect(await p.metadata.refs.referencedDigests()).toEqual(new Set());
    // --no-profile versions the bytes as they are.
    const raw = await p.data.add(ragged, { profile: false });
    expect(raw.dataset).toMatchObject({ version: 1, rowCount: null, schema: null });
  });
});
