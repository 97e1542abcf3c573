/** The terminal text of `flywheel label analyze|apply`: the model beside majority vote, then the LF table. */
import type { LabelApplyResult, LabelReport, ModelSummary } from '../../labeling/index.js';
import { num, table } from '../output.js';

const pct = (v: number | undefined) => (v === undefined ? '-' : `${num(v * 100, 3)}%`);

/** The report as text. */
export function formatLabelReport(r: LabelReport, html?: string): string {
  const a = r.analysis;
  const gold = a.lfs.some((s) => s.correct !== undefined);
  const learned = a.lfs.some((s) => s.learnedAccuracy !== undefined);
  const dev = r.dev !== undefined;
  const models = [r.majority, ...(r.model.kind === 'majority' ? [] : [r.model])];
  const modelRows = [
    ['model', 'labelled', 'coverage', ...(gold ? ['accuracy'] : []), ...(dev ? ['dev accuracy'] : [])],
    ...models.map((m: ModelSummary) => [
      m.kind,
      m.labelled,
      pct(m.coverage),
      ...(gold ? [pct(m.accuracy)] : []),
      ...(dev ? [pct(m.devAccuracy)] : []),
    ]),
  ];
  const lfRows = [
    [
      'lf',
      'polarity',
      'coverage',
      'overlaps',
      'conflicts',
      ...(gold ? ['correct', 'incorrect', 'emp.acc'] : []),
      ...(learned ? ['learned.acc'] : []),
      'errors',
    ],
    ...a.lfs.map((s) => [
      s.name,
      s.polarity.map((y) => r.labels[y] ?? String(y)).join(',') || '-',
      num(s.coverage),
      num(s.overlaps),
      num(s.conflicts),
      ...(gold ? [s.correct ?? 0, s.incorrect ?? 0, num(s.empiricalAccuracy)] : []),
      ...(learned ? [num(s.learnedAccuracy)] : []),
      s.errors,
    ]),
  ];
  const lines = [
    `${r.data}: ${r.rows.toLocaleString('en-US')} rows, ${a.lfs.length} LFs, labels ${r.labels.join(', ')} (applied in ${num(r.applyMs / 1000, 3)} s on ${r.threads} thread${r.threads === 1 ? '' : 's'})`,
    `rows with a vote ${pct(a.labelCoverage)}, with two or more ${pct(a.labelOverlap)}, with a conflict ${pct(a.labelConflict)}; ${r.model.kind} agrees with majority vote on ${pct(r.agreement)} of rows both label`,
    ...(r.classBalance
      ? [`class balance ${r.classBalance.map((p, y) => `${r.labels[y]} ${num(p, 3)}`).join(', ')}`]
      : []),
    '',
    table(modelRows),
    '',
    table(lfRows),
  ];
  if (html) lines.push('', `Wrote ${html}`);
  return lines.join('\n');
}

/** What `label apply` recorded, then the report. */
export function formatLabelApply(r: LabelApplyResult): string {
  const d = r.added.dataset;
  const head = r.added.created
    ? `Added ${d.name}:${d.version} (${r.rowsWritten.toLocaleString('en-US')} rows; ${r.rowsDropped.toLocaleString('en-US')} unlabelled dropped) from ${r.source}`
    : `Unchanged: ${d.name}:${d.version} already holds these labels of ${r.source}`;
  return `${head}\n\n${formatLabelReport(r.report)}`;
}
