// Loading LF files (TypeScript through esbuild, errors with their place) and applying them over
// worker threads: the same label matrix from 1 and 2 threads, LF errors stopped or counted.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTable, dictionaryColumn, float64Column } from '../../data/index.js';
import { tempDir } from '../../testing/services.js';
import { labelMatrixToDense } from '../matrix.js';
import { applyLabelingFunctions } from './apply.js';
import { ABSTAIN, type LabelingFunction, labelingFunction } from './labeling-function.js';
import { type LoadedLabelingFile, loadLabelingFile } from './load-lfs.js';
import { runChunk } from './run-chunk.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const TEXTS = [
  'hi',
  'You are a WINNER',
  'free money now',
  'lunch at noon?',
  'Meeting notes attached',
  'CLICK HERE',
];
const LINKS = [0, 4, 1, 0, 2, 5];
const table = createTable(['text', 'links'], [dictionaryColumn(TEXTS), float64Column(LINKS)]);
const numbers = (n: number) => createTable(['n'], [float64Column(Array.from({ length: n }, (_, i) => i))]);

const loaded: LoadedLabelingFile[] = [];
async function load(name: string): Promise<LoadedLabelingFile> {
  const l = await loadLabelingFile(join(FIXTURES, name));
  loaded.push(l);
  return l;
}
afterAll(async () => {
  for (const l of loaded) await l.dispose();
});

describe('loadLabelingFile', () => {
  it('compiles a TypeScript file and collects its LFs and labels', async () => {
    const l = await load('text-lfs.ts');
    expect(l.lfs.map((f) => f.name)).toEqual(['keyword_spam', 'short_ham', 'many_links', 'shouting']);
    expect(l.labels).toEqual(['ham', 'spam']);
    expect(l.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says where a file does not compile', async () => {
    // Written here, not kept as a fixture: the repository's linters and tsc would reject it.
    const dir = tempDir();
    const file = join(dir.path, 'labeling.ts');
    writeFileSync(
      file,
      "// line 1\nexport const labels = ['a', 'b'];\nexport default [labelingFunction('x', (row) => {)];\n",
    );
    await expect(loadLabelingFile(file).finally(dir.cleanup)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('does not compile'),
      where: { line: 3 },
    });
  });

  it('reports a file that throws while loading', async () => {
    await expect(loadLabelingFile(join(FIXTURES, 'throws-on-load.mjs'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('word list missing'),
    });
  });

  it('refuses duplicate LF names and a missing file', async () => {
    await expect(loadLabelingFile(join(FIXTURES, 'duplicate.ts'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('"same"'),
    });
    await expect(loadLabelingFile(join(FIXTURES, 'nope.ts'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('applyLabelingFunctions', () => {
  it('builds the expected matrix, the same from 1 and 2 threads', async () => {
    const l = await load('text-lfs.ts');
    const one = await applyLabelingFunctions(table, l, { cardinality: 2, threads: 1 });
    const two = await applyLabelingFunctions(table, l, { cardinality: 2, threads: 2, chunkRows: 2 });
    expect(two.threads).toBe(2);
    // keyword_spam, short_ham, many_links, shouting
    expect(labelMatrixToDense(one.matrix)).toEqual([
      [-1, 0, 0, -1], // hi
      [1, -1, 1, 1], // You are a WINNER
      [1, -1, -1, -1], // free money now
      [-1, -1, 0, -1], // lunch at noon?
      [-1, -1, -1, -1], // Meeting notes attached
      [-1, 0, 1, 1], // CLICK HERE (10 characters)
    ]);
    expect(labelMatrixToDense(two.matrix)).toEqual(labelMatrixToDense(one.matrix));
    expect(Array.from(two.matrix.indptr)).toEqual(Array.from(one.matrix.indptr));
  });

  it('stops at an LF that throws, naming it and the row, in threads too', async () => {
    const l = await load('throws-on-row.ts');
    for (const threads of [1, 2]) {
      await expect(
        applyLabelingFunctions(numbers(20), l, { cardinality: 2, threads, chunkRows: 4 }),
      ).rejects.toMatchObject({
        code: 'DATA_INVALID',
        message: expect.stringContaining('"fragile" threw on row 0'),
        where: { row: 0 },
      });
    }
  });

  it('counts throws as ABSTAIN with lfErrors abstain', async () => {
    const l = await load('throws-on-row.ts');
    const r = await applyLabelingFunctions(numbers(20), l, {
      cardinality: 2,
      threads: 2,
      chunkRows: 3,
      lfErrors: 'abstain',
    });
    expect(r.errors).toEqual([4, 0, 0]); // rows 0, 5, 10, 15
    expect(labelMatrixToDense(r.matrix)[5]).toEqual([-1, 0, -1]);
    expect(labelMatrixToDense(r.matrix)[11]).toEqual([1, 0, 1]);
  });

  it('refuses a vote outside the label set, naming the LF and the row', async () => {
    const l = await load('bad-vote.ts');
    await expect(
      applyLabelingFunctions(numbers(8), l, { cardinality: 2, threads: 2, chunkRows: 2 }),
    ).rejects.toMatchObject({
      code: 'DATA_INVALID',
      message: expect.stringContaining('"out_of_range" returned 5 on row 4'),
    });
  });
});

describe('runChunk', () => {
  it('runs a shared preprocessor once per row and passes resources', () => {
    let runs = 0;
    const pre = (row: Record<string, unknown>) => {
      runs++;
      return { ...row, twice: Number(row.n) * 2 };
    };
    const lfs = [
      labelingFunction('a', (row) => (row.twice > 4 ? 1 : ABSTAIN), { pre }),
      labelingFunction<{ limit: number }>('b', (row, r) => (row.twice < r.limit ? 0 : ABSTAIN), {
        pre: [pre],
        resources: { limit: 3 },
      }),
    ] as LabelingFunction<object>[];
    const votes = runChunk(numbers(5), lfs, 2, 'stop', 0);
    expect(runs).toBe(5);
    expect(Array.from(votes.counts)).toEqual([1, 1, 0, 1, 1]);
    expect(Array.from(votes.label)).toEqual([0, 0, 1, 1]);
  });
});
