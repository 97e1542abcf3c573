/** How the demo prints: one `✓ step — figure` line per step, and a summary table at the end. */
import type { DemoResult, DemoStep } from './demo-types.js';

/** The line of one finished step. */
export function formatStep(step: DemoStep): string {
  return `✓ ${step.title} — ${step.figure} (${step.seconds.toFixed(1)} s)`;
}

const num = (v: unknown, digits = 3) => (typeof v === 'number' ? v.toFixed(digits) : String(v ?? '–'));

/** The final summary: the figures a newcomer looks for, one per row. */
export function formatSummary(result: DemoResult): string {
  const by = new Map(result.steps.map((s) => [s.id, s.values]));
  const rows: Array<[string, string]> = [
    ['rows quarantined', num(by.get('check')?.badRows, 0)],
    ['hold-out ROC-AUC (linear, gbdt)', `${num(by.get('evaluate')?.aucA)}, ${num(by.get('evaluate')?.aucB)}`],
    ['first production version', `churn:${num(by.get('promote')?.production, 0)}`],
    ['drifted feature columns', `${num(by.get('drift')?.drifted, 0)} of ${num(by.get('drift')?.columns, 0)}`],
    ['2025-H2 ROC-AUC (old → new)', `${num(by.get('gate')?.oldAuc)} → ${num(by.get('gate')?.newAuc)}`],
    ['promoted', String(by.get('gate')?.promoted ?? '–')],
    ['failed requests during swap', by.has('hot-swap') ? num(by.get('hot-swap')?.failed, 0) : 'not run'],
    ['rows batch-scored', num(by.get('batch')?.scored, 0)],
    ['total time', `${result.seconds.toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    '',
    'summary',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    `workspace: ${result.dir}`,
  ].join('\n');
}
