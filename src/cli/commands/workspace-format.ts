/** `flywheel status` as text. */
import { formatBytes } from '../../core/index.js';
import type { WorkspaceStatus } from '../../platform.js';
import { table } from '../output.js';

/** The workspace, its backends and what they hold, one line each. */
export function formatStatus(s: WorkspaceStatus): string {
  const rows = Object.entries(s.metadata.rows)
    .map(([t, n]) => `${t}=${n}`)
    .join(', ');
  return table([
    ['workspace', `${s.name ?? ''} (${s.root})`],
    ['id', s.workspaceId],
    ['metadata', `${s.metadata.url} [${s.metadata.dialect}, schema v${s.metadata.schemaVersion}] ${rows}`],
    ['artifacts', `${s.artifacts.url} [${s.artifacts.objects} objects, ${formatBytes(s.artifacts.bytes)}]`],
    ...(s.artifacts.partialWrites + s.artifacts.parked > 0
      ? [
          [
            'leftovers',
            `${s.artifacts.partialWrites} partial writes, ${s.artifacts.parked} parked (flywheel gc cleans them)`,
          ],
        ]
      : []),
    ['flywheel', s.version],
  ]);
}
