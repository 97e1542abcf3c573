/** A tiny seeded generator for tests (mulberry32), so random cases are the same every run. */
import { seededUniform } from '../core/index.js';

/** Uniform numbers in [0, 1) from `seed`. */
export const createRngForTest = seededUniform;
