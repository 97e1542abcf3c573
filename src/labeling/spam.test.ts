// The SpamAssassin LFs (bench/labeling/spam-lfs.ts, written as users write them, importing
// 'flywheel/labeling/functions': the built package) on a 61-email sample of the corpus
// (fixtures/spam-sample.jsonl, made by bench/labeling/make-spam-sample.mjs). The whole corpus's
// figures are in bench/RESULTS.md (npm run bench -- label-spam).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../data/index.js';
import { analyzeLabelMatrix } from './analysis.js';
import { goldLabels } from './gold.js';
import { applyLabelingFunctions, loadLabelingFile } from './lf/index.js';
import { classBalanceFromGold, fitLabelModel, majorityVote } from './model/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

function accuracy(labels: Int32Array, gold: Int32Array): { accuracy: number; labelled: number } {
  let right = 0;
  let labelled = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! < 0) continue;
    labelled++;
    if (labels[i] === gold[i]) right++;
  }
  return { accuracy: right / labelled, labelled };
}

describe('SpamAssassin LFs on a sample', () => {
  it('label most emails, each LF with the one class it was written for, both models mostly right', async () => {
    const table = await readTable(join(import.meta.dirname, 'fixtures', 'spam-sample.jsonl'));
    const lfs = await loadLabelingFile(join(ROOT, 'bench', 'labeling', 'spam-lfs.ts'));
    try {
      expect(lfs.lfs.length).toBeGreaterThanOrEqual(10);
      const gold = goldLabels(table, 'label', lfs.labels!);
      const { matrix } = await applyLabelingFunctions(table, lfs, { cardinality: 2, threads: 1 });
      const analysis = analyzeLabelMatrix(
        matrix,
        lfs.lfs.map((f) => f.name),
        gold,
      );
      for (const s of analysis.lfs) expect(s.polarity.length).toBeLessThanOrEqual(1);
      expect(analysis.labelCoverage).toBeGreaterThan(0.75);
      const mv = accuracy(majorityVote(matrix).labels, gold);
      const lm = accuracy(
        fitLabelModel(matrix, { classBalance: classBalanceFromGold(gold, 2) }).labels,
        gold,
      );
      expect(mv.accuracy).toBeGreaterThan(0.85);
      expect(lm.accuracy).toBeGreaterThan(0.85);
    } finally {
      await lfs.dispose();
    }
  });
});
