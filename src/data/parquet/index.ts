/**
 * The read accelerator of the data module: the direct Parquet decoder behind the seam of
 * accelerator.ts, and the switch that picks it (README.md).
 */
import { nativeCopy } from '../native.js';
import type { ReadAccelerator } from './accelerator.js';
import { directReader } from './direct-reader.js';

export { type ChunkBuffers, DECLINED, type Declined, type ReadAccelerator } from './accelerator.js';
export { directReader } from './direct-reader.js';
export { footerBytes } from './footer.js';

/** Every accelerator there is, by name: the contract suite runs each against DuckDB. */
export const ACCELERATORS: readonly ReadAccelerator[] = [directReader];

/**
 * The accelerator reads use: the direct decoder when the addon is built and not turned off
 * (`FLYWHEEL_NATIVE=0`, `setNativeCopyEnabled(false)`), else none (DuckDB reads everything).
 */
export function activeAccelerator(): ReadAccelerator | null {
  return nativeCopy() === null ? null : directReader;
}
