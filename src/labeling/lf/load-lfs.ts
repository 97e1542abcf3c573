/**
 * Loading `labeling.ts`: the user's own code, run on their machine by their own command.
 *
 * Node 20 cannot import TypeScript (type stripping arrived in Node 22.6), and Flywheel ships no
 * compiler at run time (tsx, esbuild and typescript are development dependencies). So a `.js`/`.mjs`
 * file is imported as it is, and a `.ts`/`.mts` file is bundled by esbuild, resolved from the LF
 * file's folder first (the user's project) and then from Flywheel's own install: relative imports are
 * bundled in, packages stay imports. The bundle is written beside the LF file (so its packages
 * resolve as the source's do) under a hidden name (the file's hash, the process and a random tag), and removed by `dispose`. Without esbuild the
 * error says to install it (`npm install -D esbuild`) or to write the file in JavaScript.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlywheelError, fromSystemError, sha256 } from '../../core/index.js';
import { collectLabelingFile, type LabelingFile } from './collect.js';

/** A loaded LF file: its functions, its label names, its hash and the module the threads import. */
export interface LoadedLabelingFile extends LabelingFile {
  /** Absolute path of the LF file. */
  file: string;
  /** sha256 of the LF file's bytes (recorded with the labelled version). */
  hash: string;
  /** The module URL worker threads import (the bundle for TypeScript). */
  moduleUrl: string;
  /** Remove the bundle (if any). */
  dispose(): Promise<void>;
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

/** Load an LF file: compile it if it is TypeScript, import it, collect and check its functions. */
export async function loadLabelingFile(path: string, cwd = process.cwd()): Promise<LoadedLabelingFile> {
  const file = resolve(cwd, path);
  let source: Buffer;
  try {
    source = readFileSync(file);
  } catch (error) {
    throw fromSystemError(error, file, 'read the labeling functions in');
  }
  const hash = sha256(source);
  let bundle: string | undefined;
  let moduleUrl = pathToFileURL(file).href;
  if (TYPESCRIPT.has(extname(file))) {
    // A name of its own per load: two runs on the same file must not delete each other's bundle.
    const tag = `${hash.slice(0, 12)}.${process.pid}-${randomBytes(4).toString('hex')}`;
    bundle = join(dirname(file), `.${basename(file)}.${tag}.flywheel.mjs`);
    const code = await compile(file);
    await writeFile(bundle, code).catch((error: unknown) => {
      throw fromSystemError(error, bundle!, 'write the compiled labeling functions to');
    });
    moduleUrl = pathToFileURL(bundle).href;
  }
  const dispose = async () => {
    if (bundle !== undefined) await rm(bundle, { force: true });
  };
  try {
    const module = await importModule(moduleUrl, file);
    return { ...collectLabelingFile(module, file), file, hash, moduleUrl, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Import the user's module; anything it throws while loading becomes one clear error. */
async function importModule(url: string, file: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new FlywheelError('INVALID_ARGUMENT', `${file} failed while loading: ${message}`, {
      where: { file },
      hint: 'Fix the error in the labeling-function file (it runs once when loaded, then per row).',
      cause: error,
    });
  }
}

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number; column: number } | null;
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
}

/** Bundle a TypeScript LF file with esbuild (relative imports in, packages out) into ESM text. */
async function compile(file: string): Promise<string> {
  const esbuild = await findEsbuild(file);
  try {
    const out = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  } catch (error) {
    const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
    const where = first?.location
      ? { file: resolve(first.location.file), line: first.location.line, column: first.location.column + 1 }
      : { file };
    throw new FlywheelError(
      'INVALID_ARGUMENT',
      `${file} does not compile: ${first?.text ?? (error instanceof Error ? error.message : String(error))}`,
      { where, hint: 'Fix the syntax error at the place shown.', cause: error },
    );
  }
}

async function findEsbuild(file: string): Promise<Esbuild> {
  for (const from of [file, import.meta.url]) {
    try {
      const resolved = createRequire(from).resolve('esbuild');
      const module = (await import(pathToFileURL(resolved).href)) as Esbuild & { default?: Esbuild };
      return typeof module.build === 'function' ? module : module.default!;
    } catch {
      // not installed here; try the next place
    }
  }
  throw new FlywheelError('UNSUPPORTED', `Cannot compile ${file}: esbuild is not installed`, {
    where: { file },
    hint: 'Node 20 cannot run TypeScript by itself: install esbuild in your project (npm install -D esbuild), or write the labeling functions in JavaScript (labeling.mjs).',
  });
}
