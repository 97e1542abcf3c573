/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import type { MetadataSchema } from '../schema.js';
import * as foundation from './001-foundation.js';
import * as datasets from './002-datasets.js';

/** One schema change. */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<MetadataSchema>, dialect: DialectName): Promise<void>;
}

/** All migrations, by ascending version. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'foundation', up: foundation.up },
  { version: 2, name: 'datasets', up: datasets.up },
];
