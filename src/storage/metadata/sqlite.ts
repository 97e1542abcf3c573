/** The SQLite metadata store: a single database file in WAL mode, safe for several processes. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely } from 'kysely';
import { FlywheelError, fromSystemError } from '../../core/index.js';
import { sqliteDialect } from './dialect.js';
import { KyselyMetadataStore } from './kysely-store.js';
import { MIGRATIONS } from './migrations/index.js';
import { migrate } from './migrator.js';
import type { MetadataSchema } from './schema.js';

/** A MetadataStore in one SQLite file. */
export class SqliteMetadataStore extends KyselyMetadataStore {
  /** Open (creating and migrating if needed) the database at `file`. */
  static async open(file: string): Promise<SqliteMetadataStore> {
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
