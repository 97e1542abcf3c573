/** core: errors, configuration, the environment, workspaces, ids, digests, logging and progress. */
export * from './config.js';
export * from './config-values.js';
export * from './digest.js';
export * from './env.js';
export * from './errors.js';
export * from './files.js';
export * from './html.js';
export * from './ids.js';
export * from './logger.js';
export * from './progress.js';
export * from './random.js';
export * from './sort-numbers.js';
export * from './suggest.js';
export * from './text.js';
export * from './workspace.js';
export * from './yaml.js';
export * from './yaml-schema.js';
