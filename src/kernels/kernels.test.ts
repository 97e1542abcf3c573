/**
 * Every kernel's text form for small shapes, kept as reviewed snapshots under __snapshots__/: a
 * change to a generator shows in review as a change of WAT. Regenerate with `npx vitest run
 * src/kernels/kernels.test.ts -u` and read the diff. Each module also validates.
 */
import { describe, expect, it } from 'vitest';
import { linearKernelFunctions } from './linear.js';
import { LOGISTIC_TABLE_BYTES, logisticPass } from './logistic.js';
import { treeKernelFunctions } from './trees.js';
import { wasmApi } from './wasm-api.js';
import { assemble, type WasmFunction } from './wasm-asm.js';
import { toWat } from './wat.js';

const shapes: Array<[string, string, () => WasmFunction[]]> = [
  ['trees', 'trees of depth 2, rows of 3 features, 2 outputs', () => treeKernelFunctions([2], 3, 2)],
  ['linear', 'rows of 3 features (one pair and an odd last one)', () => linearKernelFunctions(3, 256, 4096)],
  ['logistic', 'the log-loss pass', () => [logisticPass(8192, 12288, 16384).fn]],
];

describe('kernel snapshots (WAT)', () => {
  for (const [name, what, functions] of shapes) {
    it(`${name}: ${what}`, async () => {
      const fns = functions();
      expect(wasmApi()!.validate(assemble(fns))).toBe(true);
      await expect(`;; ${name}: ${what}\n${toWat(fns)}`).toMatchFileSnapshot(`./__snapshots__/${name}.wat`);
    });
  }

  it('the log-loss constants fit their table', () => {
    expect(logisticPass(0, 0, 0).table.byteLength).toBeLessThanOrEqual(LOGISTIC_TABLE_BYTES);
  });
});
