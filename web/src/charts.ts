/** The charts the dashboard draws: the same functions as the CLI's HTML reports (src/charts). */
export * from '../../src/charts/index.js';
