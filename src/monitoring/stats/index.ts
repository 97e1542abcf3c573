/**
 * The statistics drift is measured with: the two-sample KS test (exact and asymptotic p-values,
 * ks.ts) and its Kolmogorov/Smirnov distributions, chi-square and two-proportion tests, the
 * special functions under them, p-value corrections, distances between distributions, numeric
 * samples and summaries, and the multivariate (PCA reconstruction) detector. Depends on nothing
 * else of monitoring.
 */
export { chiSquareTest, type TestResult, twoProportionZTest } from './categorical-tests.js';
export { adjustPValues, type Correction } from './correction.js';
export {
  hellinger,
  jensenShannon,
  klDivergence,
  lInfinity,
  normalisedWasserstein,
  psi,
  SHARE_FLOOR,
  toShares,
} from './distances.js';
export { kolmogorovSf } from './kolmogorov.js';
export { KS_MAX_EXACT_N, type KsResult, ks2Samp, ksFromExtremes, ksPValue } from './ks.js';
export {
  fitReconstruction,
  type MultivariateDrift,
  multivariateDrift,
  type ReconstructionModel,
} from './multivariate.js';
export { compareSummaries } from './numeric-compare.js';
export { createGrid, type NumericSummary, sampleFinite, summarize } from './numeric-sample.js';
export { smirnovSf } from './smirnov.js';
export { chiSquareSf, normalSf } from './special.js';
