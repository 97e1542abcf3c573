/**
 * The workspace the `/api/v1` tests read: a dataset with two versions (the second with a stored,
 * failed validation), a trained model with two versions and the aliases production → 1 and
 * staging → 2, three runs with metric histories (one of 1,500 steps) and an artifact, and a
 * prediction log of 800 requests served through the real server, every feature shifted by one
 * standard deviation from request 400 on (windows of 100 rows: 0–3 clean, 4–7 drifted), with
 * the monitor's alert recorded.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededUniform } from '../../core/index.js';
import { numericValues, readTable, rowObject } from '../../data/index.js';
import { initWorkspace, openPlatform, type Platform } from '../../platform.js';
import { tempDir } from '../../testing/services.js';
import { createServer } from '../app.js';

export const DATA = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'data',
  'breast_cancer.csv',
);
export const TOKEN = 'api-test-token-0123456789';

/** What the tests know about the workspace they get. */
export interface ApiWorkspace {
  dir: string;
  platform: Platform;
  /** Three runs of the experiment "curves", oldest first. */
  runs: string[];
  experimentId: string;
  /** The run that logged `loss` for 1,500 steps and the artifact `notes/readme.txt`. */
  longRun: string;
  cleanup(): Promise<void>;
}

/** Build the workspace (about 10 s: two trainings and 800 served predictions). */
export async function apiWorkspace(): Promise<ApiWorkspace> {
  const tmp = tempDir();
  const dir = tmp.path;
  await initWorkspace(dir, { env: {} });
  appendFileSync(
    join(dir, 'flywheel.yaml'),
    [
      'monitor:',
      '  window: 100',
      '  models: [cancer]',
      '  alerts:',
      '    - name: feature-drift',
      '      rule: drift_share >= 0.3 for 2 windows',
      '      actions: [log]',
      '',
    ].join('\n'),
  );
  const p = await openPlatform({ cwd: dir, env: {} });

  // Dataset cancer: v1 the file, v2 the first 400 rows with a bigger "mean radius".
  const lines = readFileSync(DATA, 'utf8').trim().split('\n');
  const v2 = join(dir, 'cancer-v2.csv');
  writeFileSync(
    v2,
    `${[lines[0], ...lines.slice(1, 401).map((l) => l.replace(/^([^,]+)/, (m) => String(Number(m) * 1.5)))].join('\n')}\n`,
  );
  await p.data.add(DATA, { name: 'cancer', message: 'the full file' });
  await p.data.add(v2, { name: 'cancer', message: 'first 400 rows, radius scaled', tag: 'gold' });
  const suite = join(dir, 'cancer.suite.yaml');
  writeFileSync(
    suite,
    'name: cancer-ranges\nexpectations:\n  - expect: between\n    column: mean radius\n    min: 0\n    max: 25\n  - expect: not_null\n    column: target\n',
  );
  await p.validation.check('cancer:2', suite, { cwd: dir }).catch(() => undefined);

  // Model cancer: two versions trained on v1; production → 1, staging → 2.
  await p.training.train({
    data: 'cancer:1',
    target: 'target',
    model: 'linear',
    register: 'cancer',
    cwd: dir,
  });
  await p.training.train({
    data: 'cancer:1',
    target: 'target',
    model: 'linear',
    register: 'cancer',
    cwd: dir,
  });
  await p.registry.setAlias('cancer', 'production', 1, { actor: 'test', reason: 'first release' });
  await p.registry.setAlias('cancer', 'staging', 2, { actor: 'test', reason: 'candidate' });

  // Three runs with curves.
  const runs: string[] = [];
  for (let k = 0; k < 3; k++) {
    const run = await p.tracking.startRun({
      experiment: 'curves',
      name: `curve-${k}`,
      params: { lr: 0.1 * (k + 1), model: k === 2 ? 'gbdt' : 'linear' },
      inputs: [{ data: 'cancer:1', role: 'train' }],
      git: false,
    });
    const steps = k === 0 ? 1500 : 100;
    for (let s = 0; s < steps; s++) {
      run.logMetric('loss', 1 / (s + 1 + k) + (s === 700 ? 5 : 0), s, 1_700_000_000_000 + s * 1000);
      if (s % 10 === 0)
        run.logMetric('auc', 0.5 + s / (2 * steps) - k * 0.01, s, 1_700_000_000_000 + s * 1000);
    }
    if (k === 0) {
      mkdirSync(join(dir, 'notes'));
      writeFileSync(join(dir, 'notes', 'readme.txt'), 'hello artifacts\n');
      await run.logArtifact(join(dir, 'notes'), { name: 'notes' });
    }
    await run.end({ status: 'FINISHED' });
    runs.push(run.id);
  }
  const experimentId = (await p.tracking.experimentByName('curves')).id;

  // Traffic: 800 one-row requests, shifted by one sd from request 400 on.
  const serving = await p.serving.serve({ refs: ['cancer@production'], cwd: dir });
  const app = await createServer(p, { token: TOKEN, serving });
  const data = await readTable(DATA);
  const sd = new Map(
    data.names.map((n, j) => {
      const v = numericValues(data.columns[j]!);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return [n, Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1))];
    }),
  );
  const rand = seededUniform(11);
  for (let i = 0; i < 800; i++) {
    const row = rowObject(data, Math.floor(rand() * data.rowCount));
    const label = row.target;
    delete row.target;
    if (i >= 400) for (const k of Object.keys(row)) row[k] = Number(row[k]) + sd.get(k)!;
    const r = await app.inject({
      method: 'POST',
      url: '/models/cancer/predict',
      headers: { 'x-request-id': `req-${i}` },
      payload: { rows: [row] },
    });
    if (r.statusCode !== 200) throw new Error(`predict answered ${r.statusCode}: ${r.body}`);
    if (i < 400) {
      await app.inject({
        method: 'POST',
        url: '/feedback',
        headers: { authorization: `Bearer ${TOKEN}` },
        payload: { request_id: `req-${i}`, label },
      });
    }
  }
  await app.close(); // closes the serving service, which flushes the prediction log
  await p.monitoring.run();
  return {
    dir,
    platform: p,
    runs,
    experimentId,
    longRun: runs[0]!,
    async cleanup() {
      await p.close();
      tmp.cleanup();
    },
  };
}
