/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
import type { Kysely } from 'kysely';
import type { DialectName } from '../dialect.js';
import type { MetadataSchema } from '../schema.js';
import * as foundation from './001-foundation.js';
import * as datasets from './002-datasets.js';
import * as validation from './003-validation.js';
import * as tracking from './004-tracking.js';
import * as metricHistoryIndex from './005-metric-history-index.js';
import * as labelingQueue from './006-labeling-queue.js';

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
  { version: 3, name: 'validation', up: validation.up },
  { version: 4, name: 'tracking', up: tracking.up },
  { version: 5, name: 'metric history index', up: metricHistoryIndex.up },
  { version: 6, name: 'labeling queue', up: labelingQueue.up },
];
