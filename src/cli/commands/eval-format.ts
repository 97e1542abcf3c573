/** `flywheel eval` as text. */
import type { EvalResult, ExplainResult } from '../../evaluation/index.js';
import { table } from '../output.js';

const f = (v: number | null | undefined) =>
  v === null || v === undefined ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);

/** The evaluation report as a few tables. */
export function formatEval(r: EvalResult): string {
  const rep = r.report;
  const metrics = Object.keys(rep.metrics);
  const lines = [
    `${r.model} on ${r.data}: ${rep.rows} rows, ${rep.task}, threshold ${rep.threshold} (run ${r.runId})`,
    '',
  ];
  lines.push(
    table([
      ['METRIC', 'MODEL', ...rep.baselines.map((b) => b.name.toUpperCase())],
      ...metrics.map((m) => [m, f(rep.metrics[m]), ...rep.baselines.map((b) => f(b.metrics[m]))]),
    ]),
  );
  if (r.members) {
    lines.push(
      '',
      table([
        ['MEMBER', 'WEIGHT', ...metrics.map((m) => m.toUpperCase())],
        ...r.members.map((m) => [m.ref, m.weight, ...metrics.map((k) => f(m.metrics[k]))]),
        ['(combined)', '', ...metrics.map((k) => f(rep.metrics[k]))],
      ]),
    );
  }
  if (rep.slices.length > 0) {
    lines.push(
      '',
      table([
        ['SLICE', 'ROWS', rep.primaryMetric, 'ACCURACY/R2', ''],
        ...rep.slices.map((s) => [
          s.name,
          s.rows,
          f(s.metrics[rep.primaryMetric]),
          f(s.metrics.accuracy ?? s.metrics.r2),
          s.worst ? 'WORST' : '',
        ]),
      ]),
    );
  }
  if (rep.operating) {
    const o = rep.operating;
    const ci = (x: [number, number]) => `[${f(x[0])}, ${f(x[1])}]`;
    lines.push(
      '',
      `operating point (${o.target.kind}${'min' in o.target ? ` >= ${o.target.min}` : ''}): threshold ${f(o.validation.threshold)}`,
    );
    lines.push(
      `  validation: recall ${f(o.validation.recall)} ${ci(o.validation.recallInterval)}, precision ${f(o.validation.precision)} ${ci(o.validation.precisionInterval)}`,
    );
    lines.push(
      `  this data:  recall ${f(o.test.recall)} ${ci(o.test.recallInterval)}, precision ${f(o.test.precision)} ${ci(o.test.precisionInterval)}  (95% Wilson intervals; ${o.consistent ? 'consistent' : 'NOT consistent'} with validation)`,
    );
  }
  if (rep.confidence) {
    const c = rep.confidence;
    lines.push(
      '',
      `confidence policy: below ${c.policy.below} → ${c.policy.action}: abstains on ${(c.abstentionRate * 100).toFixed(1)}%, accuracy on the rest ${f(c.acceptedAccuracy)}`,
    );
  }
  for (const q of rep.requirements)
    lines.push(`${q.passed ? 'PASS' : 'FAIL'} ${q.metric} ${q.op} ${q.value} (got ${f(q.actual)})`);
  if (Object.keys(r.stored).length > 0)
    lines.push(
      '',
      `stored on ${r.model}: ${Object.entries(r.stored)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  return lines.join('\n');
}

/** `flywheel explain` as text: the largest attributions of each row. */
export function formatExplain(r: ExplainResult): string {
  const out = [`${r.model}, background ${r.background}`];
  if (r.explanations.length > 1) {
    out.push('', `global importance (mean |attribution| over ${r.explanations.length} rows):`);
    out.push(table(r.global.map((g) => [`  ${g.feature}`, g.meanAbs.toFixed(4)])));
    return out.join('\n');
  }
  r.explanations.forEach((e, i) => {
    out.push(
      '',
      `row ${i}: ${e.method}, score ${e.score.map((v) => v.toFixed(4)).join(' ')} = base ${e.base.map((v) => v.toFixed(4)).join(' ')} + attributions`,
    );
    out.push(
      table(
        e.top.map((t) => [`  ${t.feature}`, `${t.attribution >= 0 ? '+' : ''}${t.attribution.toFixed(4)}`]),
      ),
    );
  });
  return out.join('\n');
}
