import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../core/index.js';
import { tableFromRows } from '../data/index.js';
import { tempDir } from '../testing/services.js';
import type { Model } from './model.js';
import { loadModel, MODEL_FILES, modelFromFiles, modelToFiles, saveModel } from './serialize.js';
import { linearModel, mlpModel, treeData, treeModel } from './test-models.fixture.js';

const rows = tableFromRows([
  { x: 3, c: 'a' },
  { x: null, c: 'b' },
  { x: -1.25, c: 'zz' },
  { x: 0.5, c: 'd' },
  { x: 1e-9, c: null },
]);

const families: Array<[string, () => Model]> = [
  ['linear', linearModel],
  ['gbdt', treeModel],
  ['mlp', mlpModel],
];

describe('model folders', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.cleanup());

  it.each(families)('%s: save → load → predict gives the same bits', async (_, make) => {
    const model = make();
    await saveModel(model, dir.path);
    const loaded = await loadModel(dir.path);
    expect(loaded.family).toBe(model.family);
    expect(loaded.schema).toEqual(model.schema);
    const a = model.predict(rows).values;
    const b = loaded.predict(rows).values;
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    // Saving the loaded model writes the same bytes: nothing was lost or rounded.
    const again = modelToFiles(loaded);
    for (const [name, bytes] of Object.entries(modelToFiles(model)))
      expect(Buffer.from(again[name]!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('writes model.json, weights.bin and a CHECKSUMS file sha256sum can check', async () => {
    await saveModel(treeModel(), dir.path);
    const sums = readFileSync(join(dir.path, MODEL_FILES.checksums), 'utf8').trim().split('\n');
    expect(sums).toEqual([
      `${sha256(readFileSync(join(dir.path, MODEL_FILES.json)))}  model.json`,
      `${sha256(readFileSync(join(dir.path, MODEL_FILES.weights)))}  weights.bin`,
    ]);
    const json = JSON.parse(readFileSync(join(dir.path, MODEL_FILES.json), 'utf8'));
    expect(json.family).toBe('gbdt');
    expect(json.weights.arrays.map((a: { name: string }) => a.name)).toContain('threshold');
  });

  it('rejects a tampered weight file by its checksum', async () => {
    await saveModel(linearModel(), dir.path);
    const file = join(dir.path, MODEL_FILES.weights);
    const bytes = readFileSync(file);
    bytes[3]! ^= 0x01;
    writeFileSync(file, bytes);
    await expect(loadModel(dir.path)).rejects.toMatchObject({
      code: 'OBJECT_CORRUPT',
      message: expect.stringContaining('weights.bin does not match its checksum'),
    });
  });

  it('rejects new weights even when CHECKSUMS was rewritten to match them', async () => {
    const files = modelToFiles(linearModel());
    const weights = Uint8Array.from(files[MODEL_FILES.weights]!);
    weights[0]! ^= 0x80;
    const checksums = `${sha256(files[MODEL_FILES.json]!)}  model.json\n${sha256(weights)}  weights.bin\n`;
    const forged = {
      ...files,
      [MODEL_FILES.weights]: weights,
      [MODEL_FILES.checksums]: new TextEncoder().encode(checksums),
    };
    expect(() => modelFromFiles(forged)).toThrow(/does not match the digest recorded in model.json/);
  });

  it('rejects an edited model.json', async () => {
    await saveModel(linearModel(), dir.path);
    const file = join(dir.path, MODEL_FILES.json);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"scale": 2', '"scale": 3'));
    await expect(loadModel(dir.path)).rejects.toMatchObject({ code: 'OBJECT_CORRUPT' });
  });

  it('rejects a tree whose child points back (it could loop), even with valid checksums', () => {
    const data = treeData();
    data.left[1] = 0;
    expect(() => treeModel(data)).toThrow(/children out of order/);
  });

  it('reads files handed over as views into a larger buffer (as object stores return them)', () => {
    const files = modelToFiles(treeModel());
    const views = Object.fromEntries(
      Object.entries(files).map(([k, v]) => [
        k,
        Buffer.concat([Buffer.alloc(5, 7), Buffer.from(v)]).subarray(5),
      ]),
    );
    expect(Array.from(modelFromFiles(views).predict(rows).values)).toEqual(
      Array.from(treeModel().predict(rows).values),
    );
  });

  it('says which file is missing', async () => {
    await expect(loadModel(join(dir.path, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
