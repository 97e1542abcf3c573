/**
 * registry: registered models, their versions (each pointing to a run and its artifact) and
 * aliases (`name@production`), with every alias move in the audit log; lineage of a version.
 */
export {
  ENSEMBLE_TAG,
  type EnsembleMemberRef,
  ensembleTagText,
  MAX_ENSEMBLE_MEMBERS,
  parseEnsembleTag,
} from './ensemble-tag.js';
export {
  type AliasMoveEvent,
  aliasMoveOf,
  DEPLOYMENT_EVENTS,
  type DeploymentEventKind,
  isDeploymentKind,
  MODEL_EVENTS,
  type ModelEventKind,
  modelSubject,
} from './events.js';
export type { Lineage, LineageInput, LineageRun } from './lineage.js';
export { type OpenedModel, openModel, type RegisteredModels } from './loader.js';
export {
  checkAlias,
  checkModelName,
  MODEL_PATH_PREFIX,
  type ModelLocation,
  type ModelRef,
  modelLocation,
  parseModelRef,
  parseVersionNumber,
} from './model-ref.js';
export {
  type AliasChange,
  type AliasMove,
  type ModelView,
  modelRefOwner,
  type RegisterVersionOptions,
  type RegistryService,
  type VersionView,
} from './registry-api.js';
export { createRegistry } from './registry-service.js';
export { type SetWeightsRequest, setWeights } from './set-weights.js';
export { checkRemoteSource, isInternalHost, unsafeSourceReason } from './sources.js';
