/**
 * The data module: the columnar `Table` every other module consumes, reading and writing CSV,
 * JSONL/JSON and Parquet with DuckDB, and data profiles (JSON and a standalone HTML report).
 */

// Dataset versioning (data add, list, show, diff, checkout, tag) and data references.
export {
  type AddDatasetOptions,
  type AddDatasetResult,
  addDataset,
  type DatasetDeps,
  tabularFormat,
} from './dataset-add.js';
export { type CheckoutResult, checkoutDataset } from './dataset-checkout.js';
export { type ColumnChange, type DatasetDiff, diffDatasets } from './dataset-diff.js';
export { profileData } from './dataset-profile.js';
export {
  type DataRef,
  parseDataRef,
  parseDatasetName,
  parseTagName,
  parseVersionRef,
} from './dataset-ref.js';
export {
  listDatasets,
  type ResolvedData,
  readManifest,
  readProfile,
  readResolved,
  resolveData,
  resolveVersion,
  showDataset,
  tagDataset,
} from './dataset-service.js';
export { type SplitDatasetOptions, type SplitDatasetResult, splitDataset } from './dataset-split.js';
export { DataEngine, type DataEngineOptions, defaultDataEngine, openDataEngine } from './engine.js';
export {
  type BetweenFilter,
  type CompareFilter,
  type CompiledFilter,
  compileFilter,
  type Filter,
  type FilterValue,
  filterSchema,
  type InFilter,
  type NullFilter,
} from './filter.js';
export { type BinnedCounts, binIndex, binValues, type Histogram, histogramEdges } from './histogram.js';
export { isolatedReads, setIsolatedReads } from './isolated-read.js';
export {
  createManifest,
  diffManifests,
  isSafeRelativePath,
  type Manifest,
  type ManifestDiff,
  type ManifestEntry,
  parseManifest,
  serializeManifest,
} from './manifest.js';
export { type ColumnPoolState, configureColumnPool } from './native.js';
export type { ChunkBuffers, ReadAccelerator } from './parquet/index.js';
export {
  DEFAULT_QUANTILES,
  DEFAULT_STREAM_SAMPLE_LIMIT,
  type ProfileOptions,
  parseProfile,
  profileChunks,
  profileOptionsSchema,
  profileTable,
} from './profile.js';
export { type ProfileFileOptions, profileFile } from './profile-file.js';
export { type ProfileHtmlOptions, renderProfileHtml } from './profile-html.js';
export {
  type ColumnProfile,
  type DatasetProfile,
  datasetProfileSchema,
  type InferredType,
  type ProfileSettings,
  type TopValue,
} from './profile-types.js';
export {
  DEFAULT_CHUNK_ROWS,
  type FileColumn,
  type ReadChunksOptions,
  type ReadTableOptions,
  readChunks,
  readSchema,
  readTable,
} from './read.js';
export { HyperLogLog } from './sketch.js';
export {
  type CsvOptions,
  csvOptionsSchema,
  type DataFormat,
  DEFAULT_NA_VALUES,
  detectFormat,
  parseNaValues,
  type ReadOptions,
  readOptionsSchema,
  setDefaultNaValues,
} from './source.js';
export { type SplitOptions, type TrainTestRows, trainTestRows } from './split.js';
export { StatCache } from './stat-cache.js';
export {
  type BoolColumn,
  type CellValue,
  type Column,
  type ColumnKind,
  type ColumnSchema,
  cellValue,
  columnIndex,
  columnLength,
  createTable,
  type DictionaryColumn,
  type Float64Column,
  getColumn,
  isNull,
  numericValues,
  rowArray,
  rowObject,
  selectColumns,
  sliceRows,
  type Table,
  type TimestampColumn,
  tableSchema,
  takeRows,
} from './table.js';
export {
  boolColumn,
  concatTables,
  dictionaryColumn,
  type FromRowsOptions,
  float64Column,
  tableFromCells,
  tableFromRows,
  timestampColumn,
} from './table-build.js';
export { type WriteOptions, writeTable } from './write.js';
