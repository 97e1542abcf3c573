/** Text renderings of registered models, versions, alias moves and lineage. */

import { FlywheelError, formatBytes } from '../../core/index.js';
import type { Platform } from '../../platform.js';
import {
  aliasMoveOf,
  type Lineage,
  MODEL_EVENTS,
  type ModelView,
  type VersionView,
} from '../../registry/index.js';
import type { EventRecord } from '../../storage/metadata/index.js';
import { num, table } from '../output.js';
import { when } from './tracking-format.js';

const aliasList = (m: ModelView) => m.aliases.map((a) => `@${a.alias}→${a.version}`).join(' ') || '-';

/** `models list`. */
export function formatModels(models: ModelView[]): string {
  if (models.length === 0)
    return 'No registered models yet. Register one with platform.registry.registerVersion(…).';
  return table([
    ['NAME', 'VERSIONS', 'LATEST', 'ALIASES', 'UPDATED (UTC)'],
    ...models.map((m) => [m.name, m.versionCount, m.latestVersion ?? '-', aliasList(m), when(m.updatedAt)]),
  ]);
}

/** `models versions`. */
export function formatVersions(versions: VersionView[]): string {
  if (versions.length === 0) return 'No versions yet.';
  return table([
    ['VERSION', 'ALIASES', 'RUN', 'SOURCE', 'CREATED (UTC)', 'BY'],
    ...versions.map((v) => [
      v.version,
      v.aliases.map((a) => `@${a}`).join(' ') || '-',
      v.runId ?? '-',
      v.source,
      when(v.createdAt),
      v.user,
    ]),
  ]);
}

/** `models show`. */
export function formatModel(m: ModelView, versions: VersionView[]): string {
  return [
    table([
      ['model', m.name],
      ['description', m.description || '-'],
      ['aliases', aliasList(m)],
      ['created', `${when(m.createdAt)} by ${m.user}`],
      [
        'tags',
        Object.entries(m.tags)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ') || '-',
      ],
    ]),
    '',
    formatVersions(versions),
  ].join('\n');
}

/** `models history`: the model's audit log, alias moves with who, when, from → to and why. */
export function formatHistory(events: EventRecord[]): string {
  return table([
    ['TIME (UTC)', 'WHO', 'WHAT', 'DETAILS'],
    ...events.map((e) => {
      const d = e.data;
      const move = aliasMoveOf(e);
      let what = e.kind;
      let details = JSON.stringify(d);
      if (move) {
        what = `@${move.alias}`;
        details = `${move.from ?? '∅'} → ${move.to ?? '∅'}${move.reason ? `  (${move.reason})` : ''}`;
      } else if (e.kind === MODEL_EVENTS.versionCreate) {
        what = `version ${String(d.version)}`;
        details = `from ${String(d.source)}`;
      }
      return [when(e.time), e.actor, what, details];
    }),
  ]);
}

/** `lineage`: data versions → run → model version → aliases → deployments, as a tree. */
export function formatLineage(l: Lineage): string {
  const lines: string[] = [`${l.model.name}:${l.model.version}  (${l.ref})`];
  const r = l.run;
  const data =
    l.inputs.length === 0
      ? ['│  └─ (no data versions recorded)']
      : l.inputs.map((i, k) => {
          const last = k === l.inputs.length - 1;
          const rows = i.rowCount === null ? '' : `, ${i.rowCount} rows`;
          return `│  ${last ? '└─' : '├─'} ${i.dataset}:${i.version} (${i.role}${rows}${i.exists ? '' : ', no longer recorded'})`;
        });
  lines.push('├─ data', ...data);
  if (r) {
    const code =
      r.gitCommit === null ? 'no git' : `git ${r.gitCommit.slice(0, 12)}${r.gitDirty ? '+dirty' : ''}`;
    const metrics = Object.entries(r.metrics)
      .map(([k, v]) => `${k}=${num(v)}`)
      .join(' ');
    lines.push(
      `├─ run ${r.id} "${r.name}" [${r.status}]`,
      `│  experiment ${r.experiment}, ${code}, by ${r.user}, ${when(r.startTime)}`,
    );
    if (metrics) lines.push(`│  ${metrics}`);
  } else lines.push('├─ run: none recorded', `│  source ${l.model.source}`);
  lines.push(
    `├─ model version ${l.model.name}:${l.model.version}, created ${when(l.model.createdAt)} by ${l.model.user}`,
  );
  lines.push(`├─ aliases: ${l.aliases.map((a) => `@${a}`).join(' ') || 'none'}`);
  if (l.deployments.length === 0) lines.push('└─ deployments: none recorded');
  else {
    lines.push('└─ deployments');
    l.deployments.forEach((d, k) => {
      lines.push(
        `   ${k === l.deployments.length - 1 ? '└─' : '├─'} ${when(d.time)} ${d.kind} by ${d.actor} ${JSON.stringify(d.data)}`,
      );
    });
  }
  return lines.join('\n');
}

/** `models register --onnx`: the version, and the signature read from the graph. */
export function formatOnnxImport(x: Awaited<ReturnType<Platform['registry']['registerOnnx']>>): string {
  const { schema, inputs, output } = x.signature;
  const classes = schema.output.classes === null ? '' : ` classes ${schema.output.classes.join(', ')}`;
  return [
    `Registered ${x.version.name}:${x.version.version} from ${x.version.source} (ONNX, ${formatBytes(x.bytes)}, sha256 ${x.sha256.slice(0, 12)})`,
    ...inputs.map(
      (i) =>
        `  input   ${i.name} ${i.type}[${i.rank === 1 ? 'N' : `N,${i.columns.length}`}] ← ${i.columns.join(', ')}`,
    ),
    `  output  ${output.name} ${output.type}[N,${output.width}]: ${output.kind} (${schema.output.task}${classes})`,
  ].join('\n');
}

/** A `models register` call that mixes or lacks its two forms. */
export function registerUsage(what: string): FlywheelError {
  return new FlywheelError('USAGE', `flywheel models register: ${what}`, {
    hint: 'flywheel models register NAME --run ID --artifact PATH, or flywheel models register NAME --onnx model.onnx [--signature sig.json]',
  });
}
