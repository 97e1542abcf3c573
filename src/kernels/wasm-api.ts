/**
 * The part of the WebAssembly API the kernels use (the project's TypeScript lib has no DOM types),
 * and the switch that forces the JavaScript kernels: `FLYWHEEL_KERNELS=js` in the environment.
 */
import { processEnv } from '../core/index.js';

/** The WebAssembly API as the kernels call it. */
export interface WasmApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The WebAssembly API of this runtime, or null where there is none. */
export function wasmApi(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

/** Which kernels run: `auto` (WebAssembly where it compiles, else JavaScript) or `js` (always JavaScript). */
export type KernelChoice = 'auto' | 'js';

/** This process's choice: the FLYWHEEL_KERNELS environment variable (core/env.ts reads it once). */
export function kernelChoice(): KernelChoice {
  return processEnv().FLYWHEEL_KERNELS;
}
