/** The committed runtime asset is what esbuild makes of runtime.ts today (else: npx tsx src/edge/runtime/build.ts). */
import { expect, it } from 'vitest';
import { RUNTIME_JS } from '../runtime-asset.js';
import { compileRuntime } from './build.js';

it('runtime-asset.ts is up to date with runtime.ts, and small', async () => {
  expect(await compileRuntime()).toBe(RUNTIME_JS);
  expect(RUNTIME_JS.length).toBeLessThan(10_000);
  expect(RUNTIME_JS).not.toMatch(/\bimport\s*[({"']/);
});
