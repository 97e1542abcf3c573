/** Flywheel's public library API. */
export * from './core/index.js';
export {
  type InitResult,
  initWorkspace,
  openPlatform,
  type Platform,
  type PlatformOptions,
  VERSION,
  type WorkspaceStatus,
} from './platform.js';
export * from './storage/artifacts/index.js';
export * from './storage/metadata/index.js';
