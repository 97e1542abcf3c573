/**
 * `data add`: store a file or folder by content and record a dataset version (`name:N`) with its
 * size, file count, row count, schema and profile. Objects are stored first and the version is
 * recorded last, in one transaction with its object references, so there is never a version
 * without all its objects. Adding content identical to the latest version records nothing new.
 */
import { basename, extname, resolve } from 'node:path';
import { type Digest, FlywheelError } from '../core/index.js';
import type { ArtifactStore } from '../storage/artifacts/index.js';
import {
  type DatasetColumn,
  type DatasetRecord,
  defaultActor,
  type MetadataStore,
} from '../storage/metadata/index.js';
import {
  type IngestStats,
  ingestDirectory,
  ingestFile,
  listFiles,
  newIngestStats,
  requireFiles,
  statSource,
} from './dataset-files.js';
import { parseDatasetName, parseTagName } from './dataset-ref.js';
import { createManifest, serializeManifest } from './manifest.js';
import { profileChunks } from './profile.js';
import { profileFile } from './profile-file.js';
import type { DatasetProfile } from './profile-types.js';
import { readChunks } from './read.js';
import { type DataFormat, detectFormat } from './source.js';
import { StatCache } from './stat-cache.js';

/** What the dataset operations need. */
export interface DatasetDeps {
  metadata: MetadataStore;
  artifacts: ArtifactStore;
  /** The stat cache file (local to this machine). */
  statCacheFile: string;
}

/** Options for addDataset. */
export interface AddDatasetOptions {
  /** Dataset name (default: the file or folder name without extension). */
  name?: string;
  /** Point this tag at the version. */
  tag?: string;
  message?: string;
  /** Compute row count, schema and profile for tabular files (default true). */
  profile?: boolean;
  author?: string;
  /** What the version was made from, recorded as its source (default: the absolute path added). */
  source?: string;
  /** Bytes of files processed so far, of the total. */
  onProgress?: (done: number, total: number) => void;
}

/** What addDataset did. */
export interface AddDatasetResult extends IngestStats {
  dataset: DatasetRecord;
  /** False when the content equals the latest version (nothing new was recorded). */
  created: boolean;
  tag: string | undefined;
  skipped: string[];
  elapsedMs: number;
}

/** Add a file or folder as the next version of a dataset. */
export async function addDataset(
  deps: DatasetDeps,
  path: string,
  options: AddDatasetOptions = {},
): Promise<AddDatasetResult> {
  const started = performance.now();
  const source = resolve(path);
  const st = await statSource(source);
  const name = parseDatasetName(options.name ?? defaultName(source));
  const tag = options.tag === undefined ? undefined : parseTagName(options.tag);
  const cache = StatCache.open(deps.statCacheFile);
  const stats = newIngestStats();
  try {
    const content = st.isDirectory()
      ? await ingestFolder(deps, source, cache, stats, options)
      : await ingestSingle(deps, source, cache, stats, options);
    cache.flush();
    const latest = await deps.metadata.datasets.latest(name);
    if (latest && latest.digest === content.digest && latest.kind === content.kind) {
      if (tag) await deps.metadata.datasets.setTag(name, tag, latest.version);
      return {
        ...stats,
        dataset: latest,
        created: false,
        tag,
        skipped: content.skipped,
        elapsedMs: performance.now() - started,
      };
    }
    const described = options.profile === false ? undefined : await describe(content.tabular);
    const profileDigest = described
      ? (await deps.artifacts.putBytes(JSON.stringify(described.profile))).digest
      : null;
    const dataset = await record(deps, name, tag, {
      ...content,
      source: options.source ?? source,
      profileDigest,
      rowCount: described?.profile.rowCount ?? null,
      schema: described ? schemaOf(described.profile) : null,
      format: described?.format ?? content.format,
      message: options.message ?? '',
      author: options.author,
    });
    return {
      ...stats,
      dataset,
      created: true,
      tag,
      skipped: content.skipped,
      elapsedMs: performance.now() - started,
    };
  } finally {
    cache.close();
  }
}

/** The content of a file or folder, once stored. */
interface Content {
  kind: 'file' | 'directory';
  digest: Digest;
  size: number;
  fileCount: number;
  objects: Digest[];
  skipped: string[];
  format: string | null;
  /** Tabular files to profile together (all of one format), if any. */
  tabular: { files: string[]; format: DataFormat } | undefined;
}

async function ingestSingle(
  deps: DatasetDeps,
  source: string,
  cache: StatCache,
  stats: IngestStats,
  options: AddDatasetOptions,
): Promise<Content> {
  const st = await statSource(source);
  options.onProgress?.(0, Number(st.size));
  const digest = await ingestFile(source, st, deps.artifacts, cache, stats, basename(source));
  options.onProgress?.(Number(st.size), Number(st.size));
  const format = tabularFormat(source);
  return {
    kind: 'file',
    digest,
    size: Number(st.size),
    fileCount: 1,
    objects: [digest],
    skipped: [],
    format: format ?? null,
    tabular: format ? { files: [source], format } : undefined,
  };
}

async function ingestFolder(
  deps: DatasetDeps,
  root: string,
  cache: StatCache,
  stats: IngestStats,
  options: AddDatasetOptions,
): Promise<Content> {
  const { files, skipped } = await listFiles(root);
  requireFiles(root, files);
  files.sort();
  const entries = await ingestDirectory(root, files, deps.artifacts, cache, stats, (done, total) =>
    options.onProgress?.(done, total),
  );
  const manifest = createManifest(entries);
  const put = await deps.artifacts.putBytes(serializeManifest(manifest));
  const formats = new Set(files.map(tabularFormat));
  const format = formats.size === 1 ? [...formats][0] : undefined;
  return {
    kind: 'directory',
    digest: put.digest,
    size: entries.reduce((s, e) => s + e.size, 0),
    fileCount: entries.length,
    objects: [put.digest, ...entries.map((e) => e.digest)],
    skipped,
    format: format ?? null,
    tabular: format ? { files, format } : undefined,
  };
}

/** Profile the tabular content: one file, or all files of a folder as one table. */
async function describe(
  tabular: Content['tabular'],
): Promise<{ profile: DatasetProfile; format: DataFormat } | undefined> {
  if (!tabular) return undefined;
  const { files, format } = tabular;
  if (files.length === 1) return { profile: await profileFile(files[0]!, { read: { format } }), format };
  async function* all() {
    for (const f of files) yield* readChunks(f, { format });
  }
  try {
    return { profile: await profileChunks(all()), format };
  } catch (error) {
    // Parts with different columns are still a valid folder version, just not one table.
    if (error instanceof FlywheelError && error.code === 'SCHEMA_MISMATCH') return undefined;
    throw error;
  }
}

async function record(
  deps: DatasetDeps,
  name: string,
  tag: string | undefined,
  v: Content & {
    source: string;
    profileDigest: Digest | null;
    rowCount: number | null;
    schema: DatasetColumn[] | null;
    message: string;
    author: string | undefined;
  },
): Promise<DatasetRecord> {
  return deps.metadata.transaction(async (tx) => {
    const dataset = await tx.datasets.create({
      name,
      kind: v.kind,
      digest: v.digest,
      size: v.size,
      fileCount: v.fileCount,
      rowCount: v.rowCount,
      format: v.format,
      schema: v.schema,
      profileDigest: v.profileDigest,
      source: v.source,
      message: v.message,
      author: v.author ?? defaultActor(),
    });
    const owner = `dataset:${name}:${dataset.version}`;
    await tx.refs.add(owner, v.profileDigest ? [...v.objects, v.profileDigest] : v.objects);
    if (tag) await tx.datasets.setTag(name, tag, dataset.version);
    await tx.events.append({
      kind: 'dataset.add',
      subject: `dataset:${name}`,
      data: { version: dataset.version, digest: v.digest, tag },
    });
    return dataset;
  });
}

function schemaOf(profile: DatasetProfile): DatasetColumn[] {
  return profile.columns.map((c) => ({ name: c.name, type: c.type }));
}

/** The format of a tabular file by extension, or undefined for other files (.txt is not assumed to be CSV). */
export function tabularFormat(path: string): DataFormat | undefined {
  const m = /\.(csv|tsv|jsonl|ndjson|json|parquet|pq)(\.gz|\.zst)?$/i.exec(path);
  return m ? detectFormat(path) : undefined;
}

function defaultName(source: string): string {
  const base = basename(source);
  const ext = extname(base);
  const stem = (ext && ext !== base ? base.slice(0, -ext.length) : base).replace(
    /\.(csv|jsonl|json|parquet|tsv)$/i,
    '',
  );
  const cleaned = stem.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z]+/, '');
  return cleaned || 'dataset';
}
