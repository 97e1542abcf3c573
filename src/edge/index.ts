/** edge: web bundles (model.js + model.bin) that score rows in a browser, Node, Deno/Bun or a Worker. */
export { BUNDLE_FILES, checkBudget, type WebBudget, type WebBundleReport, writeWebBundle } from './bundle.js';
export { EDGE_FAMILIES, encodeWeights } from './weights.js';
