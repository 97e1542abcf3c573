// `flywheel label analyze` and `flywheel label apply` end to end, in process: a workspace, a dataset
// version, the TypeScript LF fixture; the labelled version with its source and the LF file's hash;
// bad inputs refused with their catalog code and nothing recorded.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellValue, getColumn, readTable } from '../../data/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'labeling', 'lf', 'fixtures');
const LFS = join(FIXTURES, 'text-lfs.ts');
// 40 messages: spam (winner/free, many links, SHOUTING) and ham (short, no links), gold in `gold`.
const SPAM = [
  'You are a WINNER, claim now',
  'free money for you today',
  'CLICK HERE for a prize',
  'winner winner',
];
const HAM = ['hi', 'lunch at noon?', 'notes from the meeting', 'see you soon'];
function csv(): string {
  const lines = ['text,links,gold'];
  for (let i = 0; i < 40; i++) {
    const spam = i % 2 === 0;
    const text = (spam ? SPAM : HAM)[(i >> 1) % 4]!;
    const links = spam ? 3 + (i % 3) : i % 6 === 1 ? 1 : 0;
    lines.push(`"${text}",${links},${spam ? 'spam' : 'ham'}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('flywheel label', () => {
  const dir = tempDir();
  const ws = join(dir.path, 'ws');
  const run = (...args: string[]) => runCli(['-C', ws, ...args]);
  const versions = async () => (await run('data', 'list', '--json')).json();

  beforeAll(async () => {
    expect((await runCli(['init', ws])).code).toBe(0);
    writeFileSync(join(ws, 'mail.csv'), csv());
    expect((await run('data', 'add', 'mail.csv')).code).toBe(0);
  });
  afterAll(() => dir.cleanup());

  it('analyze prints the LF table and the model beside majority vote, as JSON and HTML too', async () => {
    const text = await run(
      'label',
      'analyze',
      '--lfs',
      LFS,
      '--data',
      'mail:1',
      '--gold',
      'gold',
      '--threads',
      '1',
      '--html',
      'r.html',
    );
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/keyword_spam\s+spam\s+0\.375\s/);
    expect(text.stdout).toContain('majority');
    expect(text.stdout).toContain('label-model');
    expect(readFileSync(join(ws, 'r.html'), 'utf8')).toContain('<td>keyword_spam</td>');
    const json = (
      await run(
        'label',
        'analyze',
        '--lfs',
        LFS,
        '--data',
        'mail:1',
        '--gold',
        'gold',
        '--threads',
        '1',
        '--json',
      )
    ).json();
    expect(json.rows).toBe(40);
    const kw = json.analysis.lfs.find((s: { name: string }) => s.name === 'keyword_spam');
    // "WINNER…", "free money…", "winner winner" hit: 3 of every 4 spam rows, 15 of 40 rows; all right.
    expect(kw).toMatchObject({
      polarity: [1],
      coverage: 15 / 40,
      correct: 15,
      incorrect: 0,
      empiricalAccuracy: 1,
    });
    expect(json.majority.kind).toBe('majority');
    expect(json.model.accuracy).toBeGreaterThanOrEqual(json.majority.accuracy);
  });

  it('apply records a labelled version whose source is the data and whose message has the LF hash', async () => {
    const r = await run('label', 'apply', '--lfs', LFS, '--data', 'mail:1', '--threads', '2', '--json');
    expect(r.code).toBe(0);
    const out = r.json();
    expect(out.source).toBe('mail:1');
    const d = out.added.dataset;
    expect(d.name).toBe('mail-labeled');
    expect(d.source).toBe('mail:1');
    const hash = createHash('sha256').update(readFileSync(LFS)).digest('hex');
    expect(d.message).toContain(`sha256:${hash}`);
    expect(d.message).toContain('label-model');
    const shown = (await run('data', 'checkout', 'mail-labeled:1', '--out', 'labeled.parquet', '--json'))
      .code;
    expect(shown).toBe(0);
    const t = await readTable(join(ws, 'labeled.parquet'));
    expect(t.names).toEqual(['text', 'links', 'gold', 'label', 'label_probability', 'label_votes']);
    expect(t.rowCount).toBe(out.rowsWritten);
    expect(out.rowsWritten + out.rowsDropped).toBe(40);
    for (let i = 0; i < t.rowCount; i++) {
      expect(['ham', 'spam']).toContain(cellValue(getColumn(t, 'label'), i));
      expect(cellValue(getColumn(t, 'label_votes'), i)).toBeGreaterThan(0);
      const p = cellValue(getColumn(t, 'label_probability'), i) as number;
      expect(p).toBeGreaterThanOrEqual(0.5);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('apply --keep-unlabeled keeps every row; majority vote needs no minimum of LFs', async () => {
    const r = await run(
      'label',
      'apply',
      '--lfs',
      join(FIXTURES, 'two-lfs.ts'),
      '--data',
      'mail:1',
      '--model',
      'majority',
      '--keep-unlabeled',
      '--name',
      'kept',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.json().rowsWritten).toBe(40);
    expect(r.json().rowsDropped).toBe(0);
  });

  it.each([
    [
      'a vote outside the label set',
      ['--lfs', join(FIXTURES, 'bad-vote.ts')],
      'DATA_INVALID',
      /out_of_range/,
    ],
    ['duplicate LF names', ['--lfs', join(FIXTURES, 'duplicate.ts')], 'INVALID_ARGUMENT', /"same"/],
    [
      'an LF file that throws on load',
      ['--lfs', join(FIXTURES, 'throws-on-load.mjs')],
      'INVALID_ARGUMENT',
      /word list missing/,
    ],
    [
      'fewer than 3 LFs for the label model',
      ['--lfs', join(FIXTURES, 'two-lfs.ts')],
      'INVALID_ARGUMENT',
      /at least 3/,
    ],
    [
      'an output column that exists',
      ['--lfs', LFS, '--label-column', 'gold'],
      'INVALID_ARGUMENT',
      /already has a column "gold"/,
    ],
    ['an unknown model', ['--lfs', LFS, '--model', 'oracle'], 'USAGE', /--model/],
  ])('refuses %s and records nothing', async (_what, args, code, message) => {
    const before = await versions();
    const r = await run('label', 'apply', '--data', 'mail:1', '--name', 'never', ...args, '--json');
    expect(r.code).not.toBe(0);
    expect(r.json().error.code).toBe(code);
    expect(r.json().error.message).toMatch(message);
    expect(await versions()).toEqual(before);
  });

  it('uses a dev set for the class balance and reports dev accuracies', async () => {
    const r = await run(
      'label',
      'analyze',
      '--lfs',
      LFS,
      '--data',
      'mail:1',
      '--dev',
      'mail:1',
      '--gold',
      'gold',
      '--threads',
      '1',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = r.json();
    expect(j.classBalance).toEqual([21 / 42, 21 / 42]);
    expect(j.model.devAccuracy).toBeGreaterThan(0.9);
    expect(j.dev.rows).toBe(40);
  });
});
