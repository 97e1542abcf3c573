/**
 * kernels: the hand-assembled WebAssembly kernels (tree scoring, linear training's matrix passes
 * and log loss), the assembler they are written with, its WAT printer, and the switch that forces
 * the JavaScript kernels (FLYWHEEL_KERNELS=js). See README.md beside this file.
 */

export {
  compileWasmLinear,
  type LogisticLabels,
  linearDesignMatrix,
  WASM_BLOCK,
  type WasmLinear,
} from './linear.js';
export { compileTreeKernel, type TreeArrays, type TreeKernel, type TreeWalker } from './trees.js';
export { type KernelChoice, kernelChoice } from './wasm-api.js';
