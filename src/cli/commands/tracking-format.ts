/** Text renderings of runs, run lists and comparisons for the terminal. */
import { formatBytes } from '../../core/index.js';
import type { ExperimentRecord } from '../../storage/metadata/index.js';
import type { ComparedValue, RunComparison, RunSummary, RunView } from '../../tracking/index.js';
import { num, table } from '../output.js';

/** An epoch-ms time as `YYYY-MM-DD HH:MM:SS` (UTC). */
export const when = (t: number | null): string =>
  t === null ? '-' : new Date(t).toISOString().slice(0, 19).replace('T', ' ');

/** How long a run took (or has been running). */
export function duration(start: number, end: number | null): string {
  if (end === null) return 'running';
  const s = Math.max(0, (end - start) / 1000);
  if (s < 60) return `${s.toFixed(1)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${Math.round((s % 3600) / 60)}m`;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `runs list` as a table. */
export function formatRunList(runs: RunSummary[]): string {
  if (runs.length === 0) return 'No runs match. Start one with platform.tracking.startRun({ experiment }).';
  return table([
    ['ID', 'EXPERIMENT', 'NAME', 'STATUS', 'STARTED (UTC)', 'DURATION', 'METRICS'],
    ...runs.map((r) => [
      r.id,
      clip(r.experimentName, 20),
      clip(r.name, 24),
      r.status,
      when(r.startTime),
      duration(r.startTime, r.endTime),
      clip(
        Object.entries(r.metrics)
          .map(([k, m]) => `${k}=${num(m.value)}`)
          .join(' '),
        60,
      ),
    ]),
  ]);
}

function section(title: string, rows: Array<Array<string | number>>): string[] {
  return rows.length === 0 ? [] : ['', `${title}:`, table(rows.map((r) => [`  ${r[0]}`, ...r.slice(1)]))];
}

/** `runs show` as text. */
export function formatRun(r: RunView): string {
  const code =
    r.gitCommit === null ? '-' : `${r.gitCommit}${r.gitDirty ? ' (with uncommitted changes)' : ''}`;
  return [
    table([
      ['run', r.id],
      ['name', r.name],
      ['experiment', `${r.experimentName} (id ${r.experimentId})`],
      [
        'status',
        `${r.status}${r.statusReason ? ` (${r.statusReason})` : ''}${r.lifecycleStage === 'deleted' ? ' [deleted]' : ''}`,
      ],
      ['started', when(r.startTime)],
      ['ended', `${when(r.endTime)} (${duration(r.startTime, r.endTime)})`],
      ['user', r.user],
      ['host', r.host === null ? '-' : `${r.host}${r.pid === null ? '' : ` pid ${r.pid}`}`],
      ['code', code],
    ]),
    ...section('params', Object.entries(r.params)),
    ...section(
      'metrics (latest)',
      Object.entries(r.metrics).map(([k, m]) => [k, num(m.value, 6), `step ${m.step}`]),
    ),
    ...section('tags', Object.entries(r.tags)),
    ...section(
      'inputs',
      r.inputs.map((i) => [`${i.dataset}:${i.version}`, i.role]),
    ),
    ...section(
      'artifacts',
      r.artifacts.map((a) => [a.path, formatBytes(a.size), a.digest.slice(0, 12)]),
    ),
    ...section(
      'models',
      r.outputs.map((o) => [`${o.name}:${o.version}`]),
    ),
  ].join('\n');
}

function comparedRows<T>(rows: Array<ComparedValue<T>>, show: (v: T) => string) {
  return rows.map((row) => [
    row.differs ? '≠' : ' ',
    row.key,
    ...row.values.map((v) => (v === null ? '-' : show(v))),
  ]);
}

/** `runs compare` as one table per kind; rows whose values differ are marked ≠. */
export function formatComparison(c: RunComparison): string {
  const header = [' ', 'KEY', ...c.runs.map((r) => clip(`${r.name} (${r.id.slice(-6)})`, 28))];
  const parts = [
    table([
      header,
      [' ', 'status', ...c.runs.map((r) => r.status)],
      [' ', 'duration', ...c.runs.map((r) => duration(r.startTime, r.endTime))],
    ]),
  ];
  for (const [title, rows] of [
    ['params', comparedRows(c.params, String)],
    ['metrics', comparedRows(c.metrics, (v) => num(v, 6))],
    ['tags', comparedRows(c.tags, String)],
  ] as const) {
    if (rows.length > 0) parts.push('', `${title}:`, table([header, ...rows]));
  }
  const differing = [...c.params, ...c.metrics, ...c.tags].filter((r) => r.differs).length;
  parts.push('', `${differing} value(s) differ (marked ≠)`);
  return parts.join('\n');
}

/** `experiments list` as a table. */
export function formatExperiments(list: ExperimentRecord[]): string {
  return table([
    ['ID', 'NAME', 'STAGE', 'CREATED (UTC)'],
    ...list.map((e) => [e.id, e.name, e.lifecycleStage, when(e.createdAt)]),
  ]);
}
