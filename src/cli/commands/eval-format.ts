/** `flywheel eval` and `flywheel explain` as text: every number through the one CLI formatter (`num`). */
import type { EvalResult, ExplainResult } from '../../evaluation/index.js';
import { num, table } from '../output.js';

const pct = (v: number) => `${num(100 * v, 3)}%`;

/** The first line: what was evaluated on what, and the decision rule where the task has one. */
function headline(r: EvalResult): string {
  const rep = r.report;
  const rule =
    rep.threshold === undefined
      ? ''
      : `, decision threshold ${num(rep.threshold)} (${THRESHOLD_SOURCE[rep.thresholdSource ?? 'default']})`;
  return `${r.model} on ${r.data}: ${rep.rows} rows, ${rep.task}${rule} (run ${r.runId})`;
}

const THRESHOLD_SOURCE = {
  default: 'default',
  given: 'given',
  stored: 'stored on the model version',
  'operating point': 'operating point below',
} as const;

/** The evaluation report as a few tables. */
export function formatEval(r: EvalResult): string {
  const rep = r.report;
  const metrics = Object.keys(rep.metrics);
  const lines = [headline(r)];
  for (const w of r.warnings ?? []) lines.push(`WARNING: ${w}`);
  lines.push(
    '',
    table([
      ['METRIC', 'MODEL', ...rep.baselines.map((b) => b.name.toUpperCase())],
      ...metrics.map((m) => [m, num(rep.metrics[m]), ...rep.baselines.map((b) => num(b.metrics[m]))]),
    ]),
  );
  if (r.members) {
    lines.push(
      '',
      table([
        ['MEMBER', 'WEIGHT', ...metrics.map((m) => m.toUpperCase())],
        ...r.members.map((m) => [m.ref, num(m.weight), ...metrics.map((k) => num(m.metrics[k]))]),
        ['(combined)', '', ...metrics.map((k) => num(rep.metrics[k]))],
      ]),
    );
  }
  lines.push(...confusionLines(r), ...calibrationLines(r), ...sliceLines(r), ...operatingLines(r));
  if (rep.confidence) {
    const c = rep.confidence;
    lines.push(
      '',
      `confidence policy: below ${num(c.policy.below)} → ${c.policy.action}: abstains on ${pct(c.abstentionRate)}, accuracy on the rest ${num(c.acceptedAccuracy)}`,
    );
  }
  for (const q of rep.requirements)
    lines.push(`${q.passed ? 'PASS' : 'FAIL'} ${q.metric} ${q.op} ${num(q.value)} (got ${num(q.actual)})`);
  if (Object.keys(r.stored).length > 0)
    lines.push(
      '',
      `stored on ${r.model}: ${Object.entries(r.stored)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  return lines.join('\n');
}

function confusionLines(r: EvalResult): string[] {
  const c = r.report.confusion;
  if (!c) return [];
  return [
    '',
    `confusion matrix (rows: true ${r.report.target}, columns: predicted; predicted ${c.rule}):`,
    table([
      ['TRUE \\ PREDICTED', ...c.labels],
      ...c.matrix.map((row, i) => [c.labels[i]!, ...row.map((v) => num(v))]),
    ]),
  ];
}

function calibrationLines(r: EvalResult): string[] {
  const bins = r.report.calibration;
  if (!bins || bins.length === 0) return [];
  return [
    '',
    `calibration (uniform bins of the predicted probability; empty bins left out; ECE ${num(r.report.metrics.ece)}):`,
    table([
      ['PREDICTED', 'ROWS', 'MEAN PREDICTED', 'OBSERVED', '95% INTERVAL'],
      ...bins.map((b) => [
        `${num(b.from)}–${num(b.to)}`,
        b.rows,
        num(b.predicted),
        num(b.observed),
        `[${num(b.interval[0])}, ${num(b.interval[1])}]`,
      ]),
    ]),
  ];
}

function sliceLines(r: EvalResult): string[] {
  const rep = r.report;
  if (rep.slices.length === 0) return [];
  const second = rep.task === 'regression' ? 'r2' : 'accuracy';
  return [
    '',
    table([
      ['SLICE', 'ROWS', rep.primaryMetric.toUpperCase(), second.toUpperCase(), ''],
      ...rep.slices.map((s) => [
        s.name,
        s.rows,
        num(s.metrics[rep.primaryMetric]),
        num(s.metrics[second]),
        s.worst ? 'WORST' : '',
      ]),
    ]),
  ];
}

function operatingLines(r: EvalResult): string[] {
  const o = r.report.operating;
  if (!o) return [];
  const ci = (x: [number, number]) => `[${num(x[0])}, ${num(x[1])}]`;
  return [
    '',
    `operating point (${o.target.kind}${'min' in o.target ? ` >= ${num(o.target.min)}` : ''}): threshold ${num(o.validation.threshold)}`,
    `  validation: recall ${num(o.validation.recall)} ${ci(o.validation.recallInterval)}, precision ${num(o.validation.precision)} ${ci(o.validation.precisionInterval)}`,
    `  this data:  recall ${num(o.test.recall)} ${ci(o.test.recallInterval)}, precision ${num(o.test.precision)} ${ci(o.test.precisionInterval)}  (95% Wilson intervals; ${o.consistent ? 'consistent' : 'NOT consistent'} with validation)`,
  ];
}

/** `flywheel explain` as text: the largest attributions of each row, in the unit the model scores in. */
export function formatExplain(r: ExplainResult): string {
  const out = [`${r.model}, background ${r.background}; attributions in ${r.unit.text}`];
  if (r.explanations.length > 1) {
    out.push(
      '',
      `global importance (mean |attribution| over ${r.explanations.length} rows, ${r.unit.text}):`,
    );
    out.push(table(r.global.map((g) => [`  ${g.feature}`, num(g.meanAbs)])));
    return out.join('\n');
  }
  r.explanations.forEach((e, i) => {
    const nums = (v: number[]) => v.map((x) => num(x)).join(' ');
    out.push(
      '',
      `row ${i}: ${e.method}, score ${nums(e.score)} = base ${nums(e.base)} + attributions (${r.unit.text})`,
    );
    out.push(
      table(e.top.map((t) => [`  ${t.feature}`, `${t.attribution >= 0 ? '+' : ''}${num(t.attribution)}`])),
    );
  });
  return out.join('\n');
}
