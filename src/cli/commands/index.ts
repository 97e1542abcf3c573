/**
 * The CLI's commands: one register function per verb, each defining its flags (for --help) and
 * importing its code (`*-run.ts`) only when the command runs, so that `flywheel --help` loads none
 * of DuckDB, the stores or the server (src/cli/cold-start.test.ts).
 */
export { registerDataCommands } from './data.js';
export { registerDemoCommand } from './demo.js';
export { registerDriftCommand } from './drift.js';
export { registerEvalCommands } from './eval.js';
export { registerExportCommand } from './export.js';
export { registerLabelCommands } from './label.js';
export { registerLineageCommand } from './lineage.js';
export { registerMonitorCommands } from './monitor.js';
export { registerPredictCommand } from './predict.js';
export { registerRegistryCommands } from './registry.js';
export { registerServeCommand } from './serve.js';
export { registerStorageCommands } from './storage.js';
export { registerTrackingCommands } from './tracking.js';
export { registerTrainCommands } from './train.js';
export { registerValidationCommands } from './validation.js';
export { registerWorkerCommand } from './worker.js';
export { registerWorkspaceCommands } from './workspace.js';
