/**
 * `flywheel models set-weights`: register a new version of a model that combines registered
 * versions by weights (no retraining). Members go through the one loader without a working
 * directory (registered versions only, no folders), pinned (`name@production` → `name:3`) so the
 * ensemble never changes under it; loading each checks they exist and agree (task, target, classes).
 */
import { createEnsembleModel } from '../models/index.js';
import { ENSEMBLE_TAG, ensembleTagText } from './ensemble-tag.js';
import { openModel } from './loader.js';
import type { RegistryService, VersionView } from './registry-api.js';

/** The members and weights of a new ensemble version. */
export interface SetWeightsRequest {
  name: string;
  members: Array<{ ref: string; weight: number }>;
  reason?: string;
  /** Accepted for the CLI's sake; members are registry references, never folders. */
  cwd?: string;
}

/** Register `request.name`'s next version as the weighted combination of the members. */
export async function setWeights(
  registry: RegistryService,
  request: SetWeightsRequest,
): Promise<VersionView> {
  const members = await Promise.all(
    request.members.map(async (m) => ({ ...(await openModel(registry, m.ref)), weight: m.weight })),
  );
  createEnsembleModel(members.map((m) => ({ ref: m.label, weight: m.weight, model: m.model })));
  const pinned = members.map((m) => ({
    name: m.version!.name,
    version: m.version!.version,
    weight: m.weight,
  }));
  return registry.registerVersion({
    name: request.name,
    source: 'ensemble',
    description: request.reason ?? 'weighted ensemble',
    tags: { [ENSEMBLE_TAG]: ensembleTagText(pinned) },
  });
}
