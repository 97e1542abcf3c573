/** Dataset versions as users see them: resolve references, list, show, tag, read back. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { FlywheelError } from '../core/index.js';
import type { DatasetRecord } from '../storage/metadata/index.js';
import type { DatasetDeps } from './dataset-add.js';
import {
  type DataRef,
  parseDataRef,
  parseDatasetName,
  parseTagName,
  parseVersionRef,
} from './dataset-ref.js';
import { type Manifest, parseManifest } from './manifest.js';
import { parseProfile } from './profile.js';
import type { DatasetProfile } from './profile-types.js';
import { readTable } from './read.js';
import type { DataFormat } from './source.js';
import type { Table } from './table.js';
import { concatTables } from './table-build.js';

/** The version a `name:N`, `name@tag` or `name@latest` reference points at. */
export async function resolveVersion(
  deps: DatasetDeps,
  ref: string | Exclude<DataRef, { kind: 'path' }>,
): Promise<DatasetRecord> {
  const r = typeof ref === 'string' ? parseVersionRef(ref) : ref;
  const name = parseDatasetName(r.name);
  let version: number | undefined;
  if (r.kind === 'version') version = r.version;
  else if (r.kind === 'name' || r.tag === 'latest')
    version = (await deps.metadata.datasets.latest(name))?.version;
  else version = await deps.metadata.datasets.tag(name, r.tag);
  const found = version === undefined ? undefined : await deps.metadata.datasets.get(name, version);
  if (!found) throw notFound(typeof ref === 'string' ? ref : describeRef(r));
  return found;
}

function describeRef(r: ReturnType<typeof parseVersionRef>): string {
  return r.kind === 'version' ? `${r.name}:${r.version}` : r.kind === 'tag' ? `${r.name}@${r.tag}` : r.name;
}

function notFound(ref: string): FlywheelError {
  return new FlywheelError('NOT_FOUND', `dataset ${ref} does not exist`, {
    hint: 'List datasets with `flywheel data list` and versions with `flywheel data show NAME`.',
  });
}

/** A readable location for data given as a reference or a path: the file itself or a stored version. */
export interface ResolvedData {
  /** Local files to read (one for a file version or a path; each file of a directory version). */
  files: string[];
  /** The version, when the reference named one. */
  dataset: DatasetRecord | undefined;
  format: string | undefined;
}

/** Resolve anything a command accepts as data: `name:N`, `name@tag` or a plain path. */
export async function resolveData(deps: DatasetDeps, ref: string, cwd: string): Promise<ResolvedData> {
  const parsed = parseDataRef(ref, (p) => existsFrom(cwd, p));
  if (parsed.kind === 'path')
    return { files: [resolve(cwd, parsed.path)], dataset: undefined, format: undefined };
  const dataset = await resolveVersion(deps, parsed);
  if (dataset.kind === 'file')
    return {
      files: [await deps.artifacts.localPath(dataset.digest)],
      dataset,
      format: dataset.format ?? undefined,
    };
  const manifest = await readManifest(deps, dataset);
  const files = await Promise.all(manifest.files.map((f) => deps.artifacts.localPath(f.digest)));
  return { files, dataset, format: dataset.format ?? undefined };
}

function existsFrom(cwd: string, p: string): boolean {
  return existsSync(resolve(cwd, p));
}

/** The manifest of a directory version. */
export async function readManifest(deps: DatasetDeps, dataset: DatasetRecord): Promise<Manifest> {
  if (dataset.kind !== 'directory') {
    return {
      version: 1,
      files: [{ path: basenameOf(dataset.source), digest: dataset.digest, size: dataset.size }],
    };
  }
  const bytes = await deps.artifacts.getBytes(dataset.digest);
  return parseManifest(Buffer.from(bytes).toString('utf8'), dataset.digest);
}

function basenameOf(p: string): string {
  return p.split(/[\\/]/).pop() || 'data';
}

/** The stored profile of a version, or undefined when it has none. */
export async function readProfile(
  deps: DatasetDeps,
  dataset: DatasetRecord,
): Promise<DatasetProfile | undefined> {
  if (!dataset.profileDigest) return undefined;
  const bytes = await deps.artifacts.getBytes(dataset.profileDigest);
  return parseProfile(JSON.parse(Buffer.from(bytes).toString('utf8')));
}

/** Every dataset, with its latest version. */
export async function listDatasets(
  deps: DatasetDeps,
): Promise<Array<{ name: string; versions: number; latest: DatasetRecord }>> {
  const names = await deps.metadata.datasets.names();
  const out = [];
  for (const n of names) {
    const latest = await deps.metadata.datasets.get(n.name, n.latest);
    if (latest) out.push({ name: n.name, versions: n.count, latest });
  }
  return out;
}

/** A dataset's versions and tags (for `data show NAME`). */
export async function showDataset(deps: DatasetDeps, name: string) {
  const versions = await deps.metadata.datasets.versions(parseDatasetName(name));
  if (versions.length === 0) throw notFound(name);
  return { name, versions, tags: await deps.metadata.datasets.tags(name) };
}

/** Point `tag` at the version `ref` resolves to; the move is written to the audit log. */
export async function tagDataset(
  deps: DatasetDeps,
  ref: string,
  tag: string,
): Promise<{ name: string; tag: string; version: number; previous: number | undefined }> {
  const dataset = await resolveVersion(deps, ref);
  const t = parseTagName(tag);
  return deps.metadata.transaction(async (tx) => {
    const previous = await tx.datasets.setTag(dataset.name, t, dataset.version);
    await tx.events.append({
      kind: 'dataset.tag',
      subject: `dataset:${dataset.name}`,
      data: { tag: t, from: previous ?? null, to: dataset.version },
    });
    return { name: dataset.name, tag: t, version: dataset.version, previous };
  });
}

/** Read resolved data into one table (the files of a folder version are concatenated). */
export async function readResolved(
  data: Pick<ResolvedData, 'files' | 'format'>,
  columns?: string[],
): Promise<Table> {
  const format = data.format as DataFormat | undefined;
  const tables = await Promise.all(data.files.map((f) => readTable(f, { format, columns })));
  return tables.length === 1 ? tables[0]! : concatTables(tables);
}
