/**
 * The dashboard screenshots in docs/dashboard/ (docs/dashboard.md shows them): one per page, plus a
 * few states worth seeing. dashboard.test.ts writes them under FLYWHEEL_SCREENSHOTS=1;
 * screenshots.test.ts checks that each is there, is a PNG of the test's viewport and is shown in the docs.
 */

/** Every page of the dashboard, in the order of its navigation. */
export const PAGE_SHOTS = [
  'home',
  'runs',
  'run',
  'compare',
  'models',
  'model',
  'model-version',
  'datasets',
  'dataset',
  'dataset-version',
  'monitoring',
  'serving',
] as const;

/** States of the scenario worth a picture. */
export const STATE_SHOTS = ['runs-filter-error', 'model-alias-confirm', 'not-found-run'] as const;

/** The viewport the screenshots are taken at (browser.ts). */
export const VIEWPORT = { width: 1280, height: 800 } as const;
