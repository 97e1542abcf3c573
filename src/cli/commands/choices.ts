/**
 * Lists the help text names, kept here as plain strings so that defining the commands loads no
 * module (the modules' own lists import zod). `choices.test.ts` checks they equal the modules' lists.
 */

/** `flywheel drift --method`: the drift tests and distances (monitoring's DRIFT_METHODS). */
export const DRIFT_METHOD_NAMES: readonly string[] = [
  'ks',
  'chisquare',
  'ztest',
  'wasserstein',
  'psi',
  'kl',
  'jensenshannon',
  'hellinger',
  'linf',
];

/** `flywheel eval --policy`: what happens below the confidence threshold (evaluation's CONFIDENCE_ACTIONS). */
export const CONFIDENCE_ACTION_NAMES: readonly string[] = ['human', 'discard', 'ask_more'];
