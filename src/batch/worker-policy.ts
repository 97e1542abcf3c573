/**
 * What a `flywheel worker` may read and write, from its own configuration and never from a task:
 * input files inside `batch.worker.inputs` folders (and the object store, for dataset versions,
 * and the job's own folder, for a materialised `sql:` input); file and SQLite outputs inside
 * `batch.worker.outputs` folders; PostgreSQL outputs only to a database listed there, connected
 * with the URL (and credentials) from that list. Paths are compared after resolving symbolic links.
 */
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FlywheelError } from '../core/index.js';
import type { ChunkTask } from './chunk-task.js';
import { jobDir } from './job-state.js';
import { checkIdentifier, type OutputTarget, parseOutput, redact } from './target.js';
import { TaskRefused } from './task-signing.js';

/** A worker's own settings (flywheel.yaml `batch.worker`, paths relative to the workspace). */
export interface WorkerAccess {
  /** The workspace root; relative entries resolve from it. */
  root: string;
  /** Where the worker's job folders live (.flywheel/batch). */
  workDir: string;
  /** Folders inputs may be read from. */
  inputs: readonly string[];
  /** Folders file and SQLite outputs may be written in, and `postgres://…[#table]` databases. */
  outputs: readonly string[];
  /** The object store's folder: readable (dataset versions are read from it), never an output. */
  objectsDir?: string;
}

/** The checks a worker runs on each task before it reads or writes anything. */
export interface WorkerPolicy {
  /** The task's input file as the worker will read it (links resolved), or TaskRefused. */
  input(task: ChunkTask): Promise<string>;
  /** The output the worker will write (PostgreSQL: its own URL for that database), or TaskRefused. */
  output(task: ChunkTask): Promise<OutputTarget>;
}

interface PostgresEntry {
  url: string;
  key: string;
  table: string | undefined;
}

/** Check the settings (CONFIG_INVALID) and return the policy they allow. */
export function createWorkerPolicy(access: WorkerAccess): WorkerPolicy {
  const folders = (list: readonly string[]) => list.map((p) => resolve(access.root, p));
  const inputRoots = folders(access.inputs);
  const outputRoots = folders(access.outputs.filter((e) => !isPostgres(e)));
  const databases = access.outputs.filter(isPostgres).map(postgresEntry);
  const state = [join(access.root, '.flywheel'), ...(access.objectsDir ? [access.objectsDir] : [])];
  return {
    async input(task) {
      const file = task.file;
      if (!isAbsolute(file) || /[*?[\]{}]/.test(file) || !file.toLowerCase().endsWith('.parquet')) {
        throw new TaskRefused(`the input ${file} is not an absolute path of one .parquet file`);
      }
      const real = await realpath(file).catch(() => undefined);
      if (real === undefined) throw new TaskRefused(`the input ${file} does not exist on this worker`);
      const readable = [...inputRoots, ...state.slice(1), jobDir(access.workDir, task.jobId)];
      if (!(await insideAny(real, readable))) {
        throw new TaskRefused(
          `the input ${file} is outside the folders this worker may read (batch.worker.inputs)`,
        );
      }
      return real;
    },
    async output(task) {
      let target: OutputTarget;
      try {
        target = parseOutput(task.output, access.root);
      } catch (error) {
        throw new TaskRefused(`the output is invalid: ${(error as Error).message}`);
      }
      if (target.kind === 'postgres') return { ...target, url: database(databases, target).url };
      if (target.kind === 'file' && resolve(task.chunkDir) !== jobDir(access.workDir, task.jobId)) {
        throw new TaskRefused(
          `the job folder ${task.chunkDir} is not this worker's folder for the job (file outputs need the worker to share the submitter's workspace)`,
        );
      }
      const real = await realTarget(target.path);
      if (real === undefined)
        throw new TaskRefused(`the folder of the output ${target.path} does not exist on this worker`);
      if (await insideAny(real, state)) {
        throw new TaskRefused(
          `the output ${target.path} is inside the workspace's own state (.flywheel, the object store)`,
        );
      }
      if (!(await insideAny(real, outputRoots))) {
        throw new TaskRefused(
          `the output ${target.path} is outside the folders this worker may write (batch.worker.outputs)`,
        );
      }
      return { ...target, path: real };
    },
  };
}

function isPostgres(entry: string): boolean {
  return /^postgres(ql)?:\/\//i.test(entry);
}

function postgresEntry(entry: string): PostgresEntry {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new FlywheelError('CONFIG_INVALID', `batch.worker.outputs: "${redact(entry)}" is not a URL`, {
      where: { path: 'batch.worker.outputs' },
      hint: 'Write a database as postgres://user@host:5432/db, optionally followed by #table.',
    });
  }
  const table =
    url.hash.length > 1
      ? checkIdentifier(decodeURIComponent(url.hash.slice(1)), 'batch.worker.outputs table')
      : undefined;
  url.hash = '';
  return { url: url.href, key: postgresKey(url.href), table };
}

/** The parts of a PostgreSQL URL that pick the database: user, host, port, database, options. */
function postgresKey(text: string): string {
  const u = new URL(text);
  const params = [...u.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const port = u.port || '5432';
  return `${decodeURIComponent(u.username)}@${u.hostname.toLowerCase()}:${port}${u.pathname}?${new URLSearchParams(params)}`;
}

function database(entries: PostgresEntry[], target: OutputTarget & { kind: 'postgres' }): PostgresEntry {
  const key = postgresKey(target.url);
  const entry = entries.find((e) => e.key === key && (e.table === undefined || e.table === target.table));
  if (entry === undefined) {
    throw new TaskRefused(
      `the output ${redact(target.url)}#${target.table} is not a database (and table) this worker may write (batch.worker.outputs)`,
    );
  }
  return entry;
}

/** The path with links resolved; for a file that does not exist yet, its folder's. */
async function realTarget(path: string): Promise<string | undefined> {
  const real = await realpath(path).catch(() => undefined);
  if (real !== undefined) return real;
  const folder = await realpath(dirname(path)).catch(() => undefined);
  return folder === undefined ? undefined : join(folder, basename(path));
}

async function insideAny(path: string, roots: readonly string[]): Promise<boolean> {
  for (const root of roots) {
    const real = await realpath(root).catch(() => resolve(root));
    const rel = relative(real, path);
    if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) return true;
  }
  return false;
}
