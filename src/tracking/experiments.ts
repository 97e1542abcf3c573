/** Experiments: named groups of runs (MLflow's experiments; id 0 is "Default"). */
import { FlywheelError } from '../core/index.js';
import type { ExperimentRecord, MetadataStore, NameMatch, ViewType } from '../storage/metadata/index.js';
import { checkExperimentName, checkKey, checkLength, LIMITS } from './limits.js';

/** The experiment runs go to when none is named. */
export const DEFAULT_EXPERIMENT = 'Default';

/** An error for an experiment that does not exist. */
export function experimentNotFound(what: string): FlywheelError {
  return new FlywheelError('NOT_FOUND', `experiment ${what} does not exist`, {
    hint: 'List experiments with `flywheel experiments list`; `startRun({ experiment })` creates one by name.',
    details: { experiment: what },
  });
}

/** Create an experiment; its name must be new. */
export async function createExperiment(
  metadata: MetadataStore,
  name: string,
  options: { artifactLocation?: string; tags?: Record<string, string> } = {},
): Promise<ExperimentRecord> {
  checkExperimentName(name);
  const tags = options.tags ?? {};
  for (const [k, v] of Object.entries(tags)) {
    checkKey(k, 'experiment tag key');
    checkLength(v, LIMITS.tagValueLength, `experiment tag "${k}" value`);
  }
  const location = options.artifactLocation || `flywheel:/experiments/${encodeURIComponent(name)}`;
  return metadata.transaction((tx) => tx.tracking.createExperiment(name, location, tags));
}

/** The experiment with this id, or NOT_FOUND naming the id. */
export async function experimentById(metadata: MetadataStore, id: string): Promise<ExperimentRecord> {
  const e = await metadata.tracking.getExperiment(id);
  if (!e) throw experimentNotFound(`id ${id}`);
  return e;
}

/** The experiment with this name, or NOT_FOUND naming it. */
export async function experimentByName(metadata: MetadataStore, name: string): Promise<ExperimentRecord> {
  const e = await metadata.tracking.getExperimentByName(name);
  if (!e) throw experimentNotFound(`"${name}"`);
  return e;
}

/** An experiment by name, or by id when no experiment has that name. */
export async function findExperiment(metadata: MetadataStore, nameOrId: string): Promise<ExperimentRecord> {
  const e =
    (await metadata.tracking.getExperimentByName(nameOrId)) ??
    (await metadata.tracking.getExperiment(nameOrId));
  if (!e) throw experimentNotFound(`"${nameOrId}"`);
  return e;
}

/** The experiment named `name`, created if missing (two processes racing both get the same one). */
export async function experimentNamed(metadata: MetadataStore, name: string): Promise<ExperimentRecord> {
  const found = await metadata.tracking.getExperimentByName(name);
  if (found) return found;
  try {
    return await createExperiment(metadata, name);
  } catch (error) {
    const again = await metadata.tracking.getExperimentByName(name);
    if (again) return again;
    throw error;
  }
}

/** List experiments (active ones unless `view` says otherwise). */
export function listExperiments(
  metadata: MetadataStore,
  options: { view?: ViewType; name?: NameMatch; limit?: number; offset?: number } = {},
): Promise<ExperimentRecord[]> {
  return metadata.tracking.listExperiments({ ...options, limit: options.limit ?? 1000 });
}
