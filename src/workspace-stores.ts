/**
 * A workspace's configuration and its two stores, opened without the rest of the platform: all that
 * `flywheel status`, `fsck` and `gc` need, so they start without loading DuckDB, the server or the
 * queue client. `openPlatform()` opens its stores through here too.
 */
import { join } from 'node:path';
import { CONFIG_FILE, type EnvSource, processEnv, readEnv, requireWorkspaceRoot } from './core/index.js';
import { type ArtifactStore, openArtifactStore } from './storage/artifacts/index.js';
import { type MetadataStore, openMetadataStore } from './storage/metadata/index.js';
import { VERSION } from './version.js';
import { type FlywheelConfig, loadConfig } from './workspace-config.js';

/** The workspace around a folder: its root, `flywheel.yaml` and both stores (close them when done). */
export interface WorkspaceStores {
  root: string;
  config: FlywheelConfig;
  metadata: MetadataStore;
  artifacts: ArtifactStore;
}

/** What `flywheel status` reports. */
export interface WorkspaceStatus {
  version: string;
  root: string;
  configFile: string;
  name: string | undefined;
  workspaceId: string;
  metadata: { url: string; dialect: string; schemaVersion: number; rows: Record<string, number> };
  artifacts: { url: string; objects: number; bytes: number; partialWrites: number; parked: number };
}

/**
 * Find the workspace that contains `cwd`, load its configuration (with the overrides of `env`, else
 * of this process's environment), open both stores. `create` (only `flywheel init`): create a
 * SQLite metadata database that does not exist.
 */
export async function openWorkspaceStores(
  options: { cwd?: string; env?: EnvSource; create?: boolean } = {},
): Promise<WorkspaceStores> {
  const root = requireWorkspaceRoot(options.cwd ?? process.cwd());
  // This process's own settings (the addon, DuckDB) are checked here too: a wrong one stops the
  // command before any work, not at its first read.
  const own = processEnv();
  const env = options.env === undefined ? own : readEnv(options.env);
  const config = loadConfig(join(root, CONFIG_FILE), env);
  const metadata = await openMetadataStore(config.metadata.url, root, { create: options.create });
  try {
    return { root, config, metadata, artifacts: await openArtifactStore(config.artifacts.url, root) };
  } catch (error) {
    await metadata.close();
    throw error;
  }
}

/** The workspace, its backends (URLs, schema version, row counts) and what the object store holds. */
export async function workspaceStatus(stores: WorkspaceStores): Promise<WorkspaceStatus> {
  const { config, root, metadata, artifacts } = stores;
  let objects = 0;
  let bytes = 0;
  for await (const o of artifacts.list()) {
    objects++;
    bytes += o.size;
  }
  const pending = await artifacts.pending();
  return {
    version: VERSION,
    root,
    configFile: config.file ?? join(root, CONFIG_FILE),
    name: config.name,
    workspaceId: await metadata.workspaceId(),
    metadata: {
      url: metadata.url,
      dialect: metadata.dialect,
      schemaVersion: await metadata.schemaVersion(),
      rows: await metadata.counts(),
    },
    artifacts: { url: artifacts.url, objects, bytes, partialWrites: pending.partial, parked: pending.parked },
  };
}
