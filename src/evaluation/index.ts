/** evaluation: metrics, operating points (and, later, reports, baselines, slices and explanations). */
export * from './metrics/index.js';
