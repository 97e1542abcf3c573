import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../core/index.js';
import { readTable, rowObject } from '../../data/index.js';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

const DATA = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data', 'breast_cancer.csv');

const cli = runCli;

describe('flywheel eval', () => {
  it('reports metrics with baselines, stores the operating threshold, and exits 1 on an unmet requirement', async () => {
    const dir = tempDir();
    try {
      const ws = ['-C', dir.path];
      expect((await cli(['init', dir.path])).code).toBe(0);
      expect((await cli([...ws, 'data', 'add', DATA, '--name', 'bc'])).code).toBe(0);
      expect(
        (
          await cli([
            ...ws,
            'train',
            '--data',
            'bc:1',
            '--target',
            'target',
            '--model',
            'linear',
            '--register',
            'bc',
          ])
        ).code,
      ).toBe(0);
      const html = join(dir.path, 'report.html');
      const ok = await cli([
        ...ws,
        '--json',
        'eval',
        'bc:1',
        '--data',
        'bc:1',
        '--target-recall',
        '0.95',
        '--require',
        'roc_auc >= 0.9',
        '--policy',
        '0.8:human',
        '--html',
        html,
      ]);
      expect(ok.code).toBe(0);
      const r = JSON.parse(ok.stdout);
      expect(r.report.baselines.map((b: { name: string }) => b.name)).toEqual([
        'prior',
        'stratified',
        'linear',
      ]);
      expect(r.report.operating.validation.recall).toBeGreaterThanOrEqual(0.95);
      expect(r.stored['flywheel.threshold']).toBe(String(r.report.threshold));
      const page = readFileSync(html, 'utf8');
      for (const chart of ['ROC (AUC', 'Precision–recall', 'Calibration', 'Coverage–accuracy'])
        expect(page).toContain(chart);
      // ROC (model and chance), PR, calibration (bins joined) and coverage: one line each.
      expect(page.match(/<path class="fw-line/g)?.length).toBeGreaterThanOrEqual(5);
      expect(page).not.toMatch(/src="http|href="http/);
      const show = JSON.parse((await cli([...ws, '--json', 'models', 'versions', 'bc'])).stdout);
      expect(JSON.stringify(show)).toContain('flywheel.threshold');
      const runs = JSON.parse(
        (await cli([...ws, '--json', 'runs', 'list', '--experiment', 'evaluation'])).stdout,
      );
      expect(JSON.stringify(runs)).toContain(r.runId);
      const fail = await cli([...ws, 'eval', 'bc:1', '--data', 'bc:1', '--require', 'roc_auc >= 1.01']);
      expect(fail.code).toBe(ERROR_CATALOG.CHECK_FAILED.exit);
      expect(fail.stdout).toContain('FAIL roc_auc >= 1.01');
      expect(fail.stderr).toContain('1 check(s) not met');
      const partial = await cli([...ws, 'explain', 'bc:1', '--row', JSON.stringify({ 'mean radius': 20 })]);
      expect(partial.code).toBe(ERROR_CATALOG.SCHEMA_MISMATCH.exit); // every feature is needed
      const first = rowObject(await readTable(DATA, { limit: 1 }), 0);
      delete first.target;
      const explained = await cli([
        ...ws,
        '--json',
        'explain',
        'bc:1',
        '--row',
        JSON.stringify(first),
        '--top',
        '3',
      ]);
      expect(explained.code).toBe(0);
      const e = JSON.parse(explained.stdout);
      expect(e.background).toBe('bc:1'); // the training data recorded on the run
      expect(e.explanations[0].method).toBe('linear_exact');
      expect(e.explanations[0].top).toHaveLength(3);
      const global = await cli([
        ...ws,
        '--json',
        'explain',
        'bc:1',
        '--data',
        'bc:1',
        '--limit',
        '50',
        '--top',
        '5',
      ]);
      expect(global.code).toBe(0);
      const gi = JSON.parse(global.stdout);
      expect(gi.explanations).toHaveLength(50);
      expect(gi.global).toHaveLength(5);
      const means = gi.global.map((x: { meanAbs: number }) => x.meanAbs);
      expect([...means].sort((a: number, b: number) => b - a)).toEqual(means);
      expect((await cli([...ws, 'explain', 'bc:1'])).code).toBe(ERROR_CATALOG.USAGE.exit);
      expect((await cli([...ws, 'explain', 'bc:1', '--row', '{oops'])).code).toBe(
        ERROR_CATALOG.INVALID_ARGUMENT.exit,
      );
      // Combined models: a second family, then an ensemble version; changing weights retrains nothing.
      expect(
        (
          await cli([
            ...ws,
            'train',
            '--data',
            'bc:1',
            '--target',
            'target',
            '--model',
            'gbdt',
            '--param',
            'n_estimators=20',
            '--register',
            'bc-trees',
          ])
        ).code,
      ).toBe(0);
      const runsBefore = JSON.parse((await cli([...ws, '--json', 'runs', 'list'])).stdout).length;
      const ens = await cli([
        ...ws,
        '--json',
        'models',
        'set-weights',
        'bc-ens',
        '--member',
        'bc:1=0.5',
        '--member',
        'bc-trees@latest=0.5',
      ]);
      expect(ens.code).toBe(0);
      expect(JSON.parse(ens.stdout).tags['flywheel.ensemble']).toBe(
        JSON.stringify([
          { ref: 'bc:1', weight: 0.5 },
          { ref: 'bc-trees:1', weight: 0.5 },
        ]),
      );
      const ensEval = JSON.parse(
        (await cli([...ws, '--json', 'eval', 'bc-ens:1', '--data', 'bc:1', '--no-baselines'])).stdout,
      );
      expect(ensEval.members.map((m: { ref: string }) => m.ref)).toEqual(['bc:1', 'bc-trees:1']);
      expect(ensEval.report.metrics.roc_auc).toBeGreaterThan(0.95);
      expect(
        (
          await cli([
            ...ws,
            'models',
            'set-weights',
            'bc-ens',
            '--member',
            'bc:1=1',
            '--member',
            'bc-trees:1=0',
          ])
        ).code,
      ).toBe(0);
      const runsAfter = JSON.parse((await cli([...ws, '--json', 'runs', 'list'])).stdout).length;
      expect(runsAfter).toBe(runsBefore + 1); // only the evaluation run: no member was retrained
      expect((await cli([...ws, 'models', 'set-weights', 'bc-ens', '--member', 'bc:1'])).code).toBe(
        ERROR_CATALOG.INVALID_ARGUMENT.exit,
      );
      expect((await cli([...ws, 'eval', 'bc:1', '--data', 'bc:1', '--policy', '2:maybe'])).code).toBe(
        ERROR_CATALOG.INVALID_ARGUMENT.exit,
      );
    } finally {
      dir.cleanup();
    }
  });
});
