/** demo: `flywheel demo` — the whole loop on a generated churn table, as a library function. */
export { type ChurnFiles, FEATURES, TARGET, writeChurnData } from './churn-data.js';
export type { DemoOptions, DemoResult, DemoStep, DemoValue } from './demo-types.js';
export { formatStep, formatSummary } from './format.js';
export { runDemo } from './run-demo.js';
