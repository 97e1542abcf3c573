// The human labeling queue: sampling orders (entropy, margin, seeded random), a crash of an annotating
// process loses no acknowledged answer (SIGKILL mid-way, store reopened), and `flywheel label project
// create|status|export` end to end with bad input refused and nothing recorded.
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellValue, getColumn, readTable } from '../../data/index.js';
import { SqliteMetadataStore } from '../../storage/metadata/sqlite.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';
import { labelingQueue } from './project.js';
import { entropy, margin, samplingPriorities } from './sampling.js';

describe('sampling', () => {
  it('entropy and margin order the most uncertain first; random is seeded', () => {
    expect(entropy([0.5, 0.5])).toBeCloseTo(Math.log(2), 15);
    expect(margin([0.2, 0.7, 0.1])).toBeCloseTo(0.5, 15);
    const scores = [
      [0.9, 0.1],
      [0.5, 0.5],
      [0.7, 0.3],
    ];
    const order = (p: number[]) =>
      p
        .map((x, i) => [x, i] as const)
        .sort((a, b) => a[0] - b[0])
        .map(([, i]) => i);
    expect(order(samplingPriorities(3, 'entropy', { scores }))).toEqual([1, 2, 0]);
    expect(order(samplingPriorities(3, 'margin', { scores }))).toEqual([1, 2, 0]);
    expect(samplingPriorities(5, 'random', { seed: 3 })).toEqual(
      samplingPriorities(5, 'random', { seed: 3 }),
    );
    expect(() => samplingPriorities(3, 'margin')).toThrow(/needs model scores/);
  });
});

describe('labeling queue: a crash loses no acknowledged answer', () => {
  it('SIGKILL of an annotating process mid-way: every acknowledged answer is in the reopened store', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'metadata.db');
      const store = await SqliteMetadataStore.open(file);
      await store.transaction((tx) =>
        tx.labeling.createProject(
          { name: 'crash', spec: {}, labels: ['spam', 'ham'], annotationsPerItem: 1 },
          Array.from({ length: 5000 }, (_, i) => ({ key: `k${i}`, priority: i, data: {} })),
        ),
      );
      await store.close();
      const acked: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const child = fork(join(import.meta.dirname, 'crash-annotator.fixture.ts'), [file, 'ann'], {
          execArgv: ['--import', 'tsx'],
          stdio: 'pipe',
        });
        let buf = '';
        child.stdout?.on('data', (d) => {
          buf += d;
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const l of lines) if (l.startsWith('ack ')) acked.push(l.slice(4));
          if (acked.length >= 200) child.kill('SIGKILL');
        });
        child.on('error', reject);
        child.on('exit', (_code, signal) =>
          signal === 'SIGKILL'
            ? resolve()
            : reject(new Error(`exited without being killed (${acked.length} acks)`)),
        );
      });
      const reopened = await SqliteMetadataStore.open(file);
      const stored = new Set((await reopened.labeling.annotations('crash')).map((a) => a.item));
      await reopened.close();
      expect(acked.length).toBeGreaterThanOrEqual(200);
      for (const key of acked) expect(stored.has(key), key).toBe(true);
      // Nothing beyond the one answer in flight when it was killed.
      expect(stored.size - acked.length).toBeLessThanOrEqual(1);
    } finally {
      dir.cleanup();
    }
  }, 60_000);
});

describe('flywheel label project', () => {
  const dir = tempDir();
  const ws = join(dir.path, 'ws');
  const run = (...args: string[]) => runCli(['-C', ws, ...args]);

  beforeAll(async () => {
    expect((await runCli(['init', ws])).code).toBe(0);
    const lines = ['id,text,p_ham,p_spam'];
    for (let i = 0; i < 6; i++)
      lines.push(
        `m${i},message ${i},${[0.9, 0.5, 0.2, 0.6, 0.95, 0.45][i]},${[0.1, 0.5, 0.8, 0.4, 0.05, 0.55][i]}`,
      );
    writeFileSync(join(ws, 'mail.csv'), `${lines.join('\n')}\n`);
    expect((await run('data', 'add', 'mail.csv')).code).toBe(0);
  });
  afterAll(() => dir.cleanup());

  it('create (margin sampling), annotate, status with agreement, export a dataset version with provenance', async () => {
    const created = await run(
      'label',
      'project',
      'create',
      'mail-review',
      '--data',
      'mail:1',
      '--labels',
      'ham,spam',
      '--annotations',
      '2',
      '--sampling',
      'margin',
      '--key',
      'id',
      '--scores',
      'p_ham,p_spam',
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toMatchObject({
      items: 6,
      project: { labels: ['ham', 'spam'], annotationsPerItem: 2 },
    });

    const store = await SqliteMetadataStore.open(join(ws, '.flywheel', 'metadata.db'), { create: false });
    const q = labelingQueue(store);
    const first = await q.next('mail-review', 'ann');
    expect(first?.key).toBe('m1'); // margin 0: the most uncertain
    expect(first?.suggestion).toMatchObject({ label: 'ham' });
    for (const who of ['ann', 'bob']) {
      for (let item = await q.next('mail-review', who); item; item = await q.next('mail-review', who)) {
        const label =
          who === 'bob' && item.key === 'm2' ? 'ham' : (item.data.p_spam as number) > 0.5 ? 'spam' : 'ham';
        await q.submit('mail-review', item.key, who, label);
      }
    }
    // Bad input: unknown item or label, nothing recorded.
    await expect(q.submit('mail-review', 'zzz', 'cy', 'ham')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(q.submit('mail-review', 'm0', 'cy', 'eggs')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await store.labeling.annotations('mail-review')).toHaveLength(12);
    await store.close();

    const status = await run('label', 'project', 'status', 'mail-review', '--json');
    expect(status.code, status.stderr).toBe(0);
    const s = status.json();
    expect(s.progress).toMatchObject({ items: 6, complete: 6, annotations: 12 });
    expect(s.agreement.disagreements.map((d: { item: string }) => d.item)).toEqual(['m2']);
    expect(s.agreement.percentAgreement).toBeCloseTo(5 / 6, 12);
    expect(typeof s.agreement.cohenKappa).toBe('number');
    const text = await run('label', 'project', 'status', 'mail-review');
    expect(text.stdout).toMatch(/6\/6 items complete/);
    expect(text.stdout).toMatch(/Krippendorff's α/);

    const exported = await run('label', 'project', 'export', 'mail-review', '--json');
    expect(exported.code, exported.stderr).toBe(0);
    const added = exported.json().added.dataset;
    expect(added).toMatchObject({ name: 'mail-review-labels', version: 1, source: 'mail:1' });
    expect(
      (await run('data', 'checkout', 'mail-review-labels:1', '--out', 'labels.parquet', '--json')).code,
    ).toBe(0);
    const table = await readTable(join(ws, 'labels.parquet'));
    expect(table.names).toEqual(
      expect.arrayContaining([
        'id',
        'text',
        'item_key',
        'label',
        'annotations',
        'annotators',
        'agreement',
        'provenance',
      ]),
    );
    const keys = getColumn(table, 'item_key');
    const row = Array.from({ length: table.rowCount }, (_, i) => i).find((i) => cellValue(keys, i) === 'm2')!;
    expect(cellValue(getColumn(table, 'label'), row)).toBeNull(); // a 1–1 tie: no majority
    expect(cellValue(getColumn(table, 'agreement'), row)).toBe(0);
    expect(cellValue(getColumn(table, 'annotators'), row)).toBe('ann,bob');
    const provenance = JSON.parse(String(cellValue(getColumn(table, 'provenance'), row)));
    expect(provenance.map((p: { annotator: string; label: string }) => `${p.annotator}=${p.label}`)).toEqual([
      'ann=spam',
      'bob=ham',
    ]);
  });

  it('refuses an unknown project, a missing column, a one-label set', async () => {
    expect((await run('label', 'project', 'status', 'nope')).code).toBe(66);
    const missing = await run(
      'label',
      'project',
      'create',
      'x',
      '--data',
      'mail:1',
      '--labels',
      'a,b',
      '--key',
      'nope',
    );
    expect(missing.stderr).toMatch(/no column "nope"/);
    expect(
      (await run('label', 'project', 'create', 'x', '--data', 'mail:1', '--labels', 'a')).stderr,
    ).toMatch(/two distinct labels/);
    expect((await run('label', 'project', 'status', 'x')).code).toBe(66); // nothing recorded
  });
});
