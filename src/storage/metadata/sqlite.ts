/** The SQLite metadata store: a single database file in WAL mode, safe for several processes. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlywheelError, fromSystemError } from '../../core/index.js';
import { sqliteDialect } from './dialect.js';
import { Kysely } from './kysely-runtime.js';
import { KyselyMetadataStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations/index.js';
import { migrate } from './migrator.js';
import type { MetadataSchema } from './schema.js';

/** A MetadataStore in one SQLite file. */
export class SqliteMetadataStore extends KyselyMetadataStore {
  /**
   * Open (and migrate) the database at `file`; `create: false` refuses a file that does not exist
   * (what a workspace's metadata.url gets: a typo must not start an empty database).
   */
  static async open(file: string, options: { create?: boolean } = {}): Promise<SqliteMetadataStore> {
    if (options.create === false && !existsSync(file)) throw missingDatabase(file);
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw fromSystemError(error, dirname(file), 'create the folder for');
    }
    const db = new Kysely<MetadataSchema>({ dialect: sqliteDialect(file) });
    try {
      await migrate(db, 'sqlite', MIGRATIONS);
    } catch (error) {
      await db.destroy();
      throw error instanceof FlywheelError ? error : fromSystemError(error, file, 'open the SQLite database');
    }
    return new SqliteMetadataStore(db, 'sqlite', `sqlite:${pathToFileURL(file).pathname}`);
  }
}

function missingDatabase(file: string): FlywheelError {
  return new FlywheelError('NOT_FOUND', `No metadata database at ${file}`, {
    where: { file },
    hint: 'Check metadata.url in flywheel.yaml (and FLYWHEEL_METADATA_URL) for a typo. Only `flywheel init` creates a database: run it to start a new workspace.',
  });
}
