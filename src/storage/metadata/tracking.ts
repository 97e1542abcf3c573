/** The tracking repository, assembled from its parts (experiments, runs, values, search). */
import type { Kysely } from 'kysely';
import { newId } from '../../core/index.js';
import type { DialectName } from './dialect.js';
import { createExperimentMethods } from './experiments.js';
import { createValueMethods } from './metrics.js';
import { loadRunDetails, searchRuns } from './run-search.js';
import { createRunMethods } from './runs.js';
import type { MetadataSchema } from './schema.js';
import type { TrackingRepo } from './tracking-types.js';

/** TrackingRepo over any Kysely connection or transaction. */
export function createTrackingRepo(db: Kysely<MetadataSchema>, dialect: DialectName): TrackingRepo {
  const runDetails: TrackingRepo['runDetails'] = (runs) => loadRunDetails(db, runs);
  return {
    ...createExperimentMethods(db, dialect),
    ...createRunMethods(db, () => newId()),
    ...createValueMethods(db),
    runDetails,
    searchRuns: (search) => searchRuns(db, dialect, runDetails, search),
  };
}
