/** storage/artifacts: the content-addressed object store, its integrity check and garbage collector. */
export type {
  ArtifactStore,
  ObjectInfo,
  PutOptions,
  PutResult,
  RecoverResult,
  VerifyResult,
} from './artifact-store.js';
export { checkStore, type FsckReport } from './fsck.js';
export { collectGarbage, type GcOptions, type GcReport, type ReferenceSource } from './gc.js';
export { LocalArtifactStore } from './local.js';
export { openArtifactStore } from './open.js';
