/** Pick a metadata store implementation from its URL scheme. */
import { FlywheelError, resolveWorkspacePath } from '../../core/index.js';
import type { MetadataStore } from './metadata-store.js';
import { PostgresMetadataStore } from './postgres.js';
import { SqliteMetadataStore } from './sqlite.js';

/**
 * Open `sqlite:PATH` (relative to `root`) or `postgres://…`; migrations are applied on open. A
 * SQLite file must exist unless `create` (only `flywheel init` creates one): a misspelt path is an
 * error naming it, not a new empty database.
 */
export async function openMetadataStore(
  url: string,
  root: string,
  options: { create?: boolean } = {},
): Promise<MetadataStore> {
  if (url.startsWith('sqlite:'))
    return SqliteMetadataStore.open(resolveWorkspacePath(root, url.slice('sqlite:'.length)), {
      create: options.create ?? false,
    });
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return PostgresMetadataStore.open(url);
  throw new FlywheelError('UNSUPPORTED', `unsupported metadata store URL "${url}"`, {
    hint: 'Use sqlite:PATH or postgres://user@host:5432/database.',
  });
}
