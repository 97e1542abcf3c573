import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/services.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'data');
const CANCER = join(FIXTURES, 'breast_cancer.csv');
const DIABETES = join(FIXTURES, 'diabetes.csv');

describe('what flywheel eval and explain say about their numbers', () => {
  it('warns when the data is the training data (by content), and reports the confusion matrix and calibration bins', async () => {
    const dir = tempDir();
    try {
      const ws = ['-C', dir.path];
      expect((await runCli(['init', dir.path])).code).toBe(0);
      expect((await runCli([...ws, 'data', 'add', CANCER, '--name', 'bc'])).code).toBe(0);
      const train = [
        'train',
        '--data',
        'bc:1',
        '--target',
        'target',
        '--model',
        'linear',
        '--register',
        'bc',
      ];
      expect((await runCli([...ws, ...train])).code).toBe(0);

      // The version the model was trained on.
      const same = await runCli([...ws, '--json', 'eval', 'bc:1', '--data', 'bc:1', '--no-baselines']);
      expect(same.code).toBe(0);
      const r = same.json();
      expect(r.evaluatedOnTrainingData).toBe(true);
      expect(r.trainingData).toEqual([{ model: 'bc:1', input: 'bc:1', role: 'train', files: 1, of: 1 }]);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toContain('training data of bc:1');
      // A path to a copy of the same bytes counts too.
      const copy = join(dir.path, 'copy.csv');
      copyFileSync(CANCER, copy);
      const byPath = (
        await runCli([...ws, '--json', 'eval', 'bc:1', '--data', copy, '--no-baselines'])
      ).json();
      expect(byPath.evaluatedOnTrainingData).toBe(true);
      // Other rows do not.
      const lines = readFileSync(CANCER, 'utf8').trim().split('\n');
      const other = join(dir.path, 'other.csv');
      writeFileSync(other, `${[lines[0], ...lines.slice(1, 201)].join('\n')}\n`);
      const held = (
        await runCli([...ws, '--json', 'eval', 'bc:1', '--data', other, '--no-baselines'])
      ).json();
      expect(held.evaluatedOnTrainingData).toBe(false);
      expect(held.warnings).toEqual([]);

      // The confusion matrix at the threshold used, and calibration bins with their counts.
      const rep = r.report;
      expect(rep.threshold).toBe(0.5);
      expect(rep.thresholdSource).toBe('default');
      expect(rep.confusion.labels).toEqual(['0', '1']);
      const cm: number[][] = rep.confusion.matrix;
      expect(cm.flat().reduce((a, b) => a + b, 0)).toBe(569);
      expect(cm[0]![0]! + cm[1]![1]!).toBe(Math.round(rep.metrics.accuracy * 569));
      expect(cm[1]![1]! / (cm[1]![0]! + cm[1]![1]!)).toBeCloseTo(rep.metrics.recall, 12);
      const bins: Array<{ rows: number; from: number; to: number; predicted: number }> = rep.calibration;
      expect(bins.reduce((a, b) => a + b.rows, 0)).toBe(569);
      for (const b of bins) {
        expect(b.rows).toBeGreaterThan(0); // empty bins are left out, never drawn at 0
        expect(b.predicted).toBeGreaterThanOrEqual(b.from);
        expect(b.predicted).toBeLessThanOrEqual(b.to);
      }

      // The same in the terminal and the HTML page.
      const html = join(dir.path, 'eval.html');
      const text = await runCli([...ws, 'eval', 'bc:1', '--data', 'bc:1', '--no-baselines', '--html', html]);
      expect(text.stdout).toContain('decision threshold 0.5 (default)');
      expect(text.stdout).toMatch(/^WARNING: bc:1 is the training data of bc:1/m);
      expect(text.stdout).toContain(
        'confusion matrix (rows: true target, columns: predicted; predicted 1 when P(1) >= 0.5)',
      );
      expect(text.stdout).toMatch(new RegExp(`^0\\s+${cm[0]![0]}\\s+${cm[0]![1]}$`, 'm'));
      expect(text.stdout).toMatch(/^PREDICTED\s+ROWS\s+MEAN PREDICTED\s+OBSERVED\s+95% INTERVAL$/m);
      const page = readFileSync(html, 'utf8');
      expect(page).toContain('<h2>Confusion matrix</h2>');
      expect(page).toContain('<h2>Calibration</h2>');
      expect(page).toContain('class="warn"');
      // One number format in the metric table: no fixed 4-decimal padding (0.5 stays 0.5).
      expect(text.stdout).not.toMatch(/\d\.\d{4}0\b/);

      // A threshold stored on the version (what serving uses) is the one evaluated at, and said so.
      const op = await runCli([...ws, '--json', 'eval', 'bc:1', '--data', other, '--target-recall', '0.95']);
      const stored = Number(op.json().stored['flywheel.threshold']);
      const again = (
        await runCli([...ws, '--json', 'eval', 'bc:1', '--data', other, '--no-baselines'])
      ).json();
      expect(again.report.threshold).toBe(stored);
      expect(again.report.thresholdSource).toBe('stored');

      // explain names its unit.
      const first = JSON.parse(
        (await runCli([...ws, '--json', 'explain', 'bc:1', '--data', 'bc:1', '--limit', '1'])).stdout,
      );
      expect(first.unit).toEqual({ scale: 'log-odds', text: 'log-odds of target = 1' });
      const ex = await runCli([...ws, 'explain', 'bc:1', '--data', 'bc:1', '--limit', '5']);
      expect(ex.stdout).toContain('attributions in log-odds of target = 1');
    } finally {
      dir.cleanup();
    }
  });

  it('prints no threshold and no confusion matrix for regression, and explains in the target unit', async () => {
    const dir = tempDir();
    try {
      const ws = ['-C', dir.path];
      expect((await runCli(['init', dir.path])).code).toBe(0);
      expect((await runCli([...ws, 'data', 'add', DIABETES, '--name', 'db'])).code).toBe(0);
      const train = [
        'train',
        '--data',
        'db:1',
        '--target',
        'target',
        '--model',
        'linear',
        '--register',
        'db',
      ];
      expect((await runCli([...ws, ...train])).code).toBe(0);
      const text = await runCli([...ws, 'eval', 'db:1', '--data', 'db:1', '--no-baselines']);
      expect(text.code).toBe(0);
      expect(text.stdout.split('\n')[0]).toMatch(/^db:1 on db:1: 442 rows, regression \(run \w+\)$/);
      expect(text.stdout).not.toContain('threshold');
      expect(text.stdout).not.toContain('confusion');
      const r = (await runCli([...ws, '--json', 'eval', 'db:1', '--data', 'db:1', '--no-baselines'])).json();
      expect(r.report.threshold).toBeUndefined();
      expect(r.report.confusion).toBeUndefined();
      expect(r.evaluatedOnTrainingData).toBe(true);
      const ex = await runCli([...ws, 'explain', 'db:1', '--row', JSON.stringify(firstRow())]);
      expect(ex.stdout).toContain('attributions in units of target');
    } finally {
      dir.cleanup();
    }
  });
});

function firstRow(): Record<string, number> {
  const [head, row] = readFileSync(DIABETES, 'utf8').split('\n');
  const names = head!.split(',');
  const values = row!.split(',').map(Number);
  const out: Record<string, number> = {};
  names.forEach((n, i) => {
    if (n !== 'target') out[n] = values[i]!;
  });
  return out;
}
