/**
 * The row decoder's randomized checks at full size (row-decoder.fixture.ts): 100,000 mutated bodies
 * and 1,000,000 long decimals. A `.heavy` test, run with the integration tests; row-decoder.test.ts
 * runs the first tenth of the same cases in the edit loop.
 */
import { describe, expect, it } from 'vitest';
import { checkLongDecimals, checkMutatedBodies } from './row-decoder.fixture.js';

describe('the predict body decoder, at full size', () => {
  it('accepts only what JSON.parse accepts, with the same numbers (100,000 mutated bodies)', () => {
    // Many mutations stay valid (digits changed, spaces added): the comparison ran on real cases.
    expect(checkMutatedBodies(100_000)).toBeGreaterThan(5_000);
  });

  it('equals Number() on 1,000,000 decimals of 16 to 19 digits, near-midpoints included', () => {
    const { wrong, decided } = checkLongDecimals(600_000, 200_000, 200_000);
    expect(wrong).toEqual([]);
    expect(decided).toBeGreaterThan(199_000);
  });
});
