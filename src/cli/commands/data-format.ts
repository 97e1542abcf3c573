/** Text renderings of dataset versions, diffs and profiles for the terminal. */
import { formatBytes } from '../../core/index.js';
import type { DatasetDiff, DatasetProfile } from '../../data/index.js';
import type { DatasetRecord } from '../../storage/metadata/index.js';
import { num, table } from '../output.js';

/** `data diff` as text. */
export function formatDiff(d: DatasetDiff): string {
  const lines = [`${d.from} → ${d.to}`];
  lines.push(
    `files: +${d.files.added.length} -${d.files.removed.length} ~${d.files.changed.length} (=${d.files.unchanged})`,
  );
  for (const f of d.files.added) lines.push(`  + ${f.path}`);
  for (const f of d.files.removed) lines.push(`  - ${f.path}`);
  for (const f of d.files.changed) lines.push(`  ~ ${f.path}`);
  lines.push(`rows: ${num(d.rows[0])} → ${num(d.rows[1])}`);
  const s = d.schema;
  if (s.added.length + s.removed.length + s.retyped.length > 0) {
    lines.push('schema:');
    for (const c of s.added) lines.push(`  + ${c.name} (${c.type})`);
    for (const c of s.removed) lines.push(`  - ${c.name} (${c.type})`);
    for (const c of s.retyped) lines.push(`  ~ ${c.name}: ${c.from} → ${c.to}`);
  } else lines.push('schema: unchanged');
  if (d.columns.length > 0) {
    lines.push('columns:');
    lines.push(
      table([
        ['  COLUMN', 'TYPE', 'NULL%', 'MEAN', 'MEAN SHIFT (SD)', 'PSI'],
        ...d.columns.map((c) => [
          `  ${c.column}`,
          c.type,
          `${(c.nullShare[0] * 100).toFixed(1)} → ${(c.nullShare[1] * 100).toFixed(1)}`,
          c.mean ? `${num(c.mean[0])} → ${num(c.mean[1])}` : '-',
          num(c.meanShiftSd ?? null, 3),
          num(c.psi ?? null, 3),
        ]),
      ]),
    );
  }
  return lines.join('\n');
}

/** `data profile` as text: one line per column. */
export function formatProfile(source: string, p: DatasetProfile): string {
  return [
    `${source}: ${p.rowCount.toLocaleString('en-US')} rows, ${p.columns.length} columns`,
    table([
      ['COLUMN', 'TYPE', 'NULLS', 'DISTINCT', 'MIN', 'MEAN', 'MAX', 'STD', 'TOP'],
      ...p.columns.map((c) => [
        c.name,
        c.type,
        c.nulls,
        `${c.distinctExact ? '' : '~'}${c.distinct}`,
        num(c.min),
        num(c.mean),
        num(c.max),
        num(c.std),
        c.topK
          .slice(0, 3)
          .map((t) => `${t.value}(${t.count})`)
          .join(' '),
      ]),
    ]),
  ].join('\n');
}

/** One dataset version: where it is, what it holds, its schema. */
export function formatVersion(v: DatasetRecord): string {
  return [
    table([
      ['dataset', `${v.name}:${v.version}`],
      ['kind', v.kind],
      ['digest', v.digest],
      ['size', `${formatBytes(v.size)} in ${v.fileCount} file(s)`],
      ['rows', v.rowCount ?? '-'],
      ['format', v.format ?? '-'],
      ['source', v.source],
      ['author', v.author],
      ['added', new Date(v.createdAt).toISOString()],
      ['message', v.message],
    ]),
    ...(v.schema ? ['', 'schema:', table(v.schema.map((c) => [`  ${c.name}`, c.type]))] : []),
  ].join('\n');
}
