/**
 * Is the evaluation data the data the model was trained on? Evaluating on training rows measures
 * fit, not generalisation (a ROC AUC of 0.9999 says nothing), so `flywheel eval` compares the
 * evaluation data with the data inputs recorded on the training run — by content, file by file:
 * a dataset version, another name for the same bytes, or a plain path to a copy all count.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Digest } from '../core/index.js';

/** A data input recorded on a training run (`role` is `train` or `validation`). */
export interface RunInput {
  dataset: string;
  version: number;
  role: string;
}

/** Files behind a data reference, and the version's record when it named one. */
export interface DataFiles {
  files: string[];
  dataset: { name: string; version: number; digest: Digest } | undefined;
}

/** One training input that shares content with the evaluation data. */
export interface TrainingOverlap {
  /** The model whose run recorded the input (an ensemble's member, or the model itself). */
  model: string;
  /** The input as `name:N`, and its role on the training run. */
  input: string;
  role: string;
  /** Files of the evaluation data whose bytes are in that input, of how many. */
  files: number;
  of: number;
}

/** What the check needs: each model's recorded inputs, and the files of a data reference. */
export interface OverlapDeps {
  resolveData(ref: string): Promise<DataFiles>;
}

/**
 * The training inputs (of `runs`: model label → its run's inputs) that hold any of the evaluation
 * data's bytes. Sizes are compared first, so a file is hashed only when some file on the other
 * side has its size; a version against a version with the same digest needs no hashing at all.
 */
export async function trainingOverlap(
  deps: OverlapDeps,
  evaluation: DataFiles,
  runs: Array<{ model: string; inputs: RunInput[] }>,
): Promise<TrainingOverlap[]> {
  const evalFiles = await sizedFiles(evaluation.files);
  const digests = new Map<string, Promise<Digest>>();
  const digestOf = (path: string) => {
    let d = digests.get(path);
    if (!d) {
      d = fileDigest(path);
      digests.set(path, d);
    }
    return d;
  };
  const out: TrainingOverlap[] = [];
  for (const { model, inputs } of runs) {
    for (const input of inputs) {
      const ref = `${input.dataset}:${input.version}`;
      const train = await deps.resolveData(ref).catch(() => undefined);
      if (!train) continue;
      const same = evaluation.dataset && train.dataset && evaluation.dataset.digest === train.dataset.digest;
      const files = same ? evalFiles.length : await sharedFiles(evalFiles, train.files, digestOf);
      if (files > 0) out.push({ model, input: ref, role: input.role, files, of: evalFiles.length });
    }
  }
  return out;
}

/** How many of `evalFiles` have the bytes of one of `trainPaths`. */
async function sharedFiles(
  evalFiles: Array<{ path: string; size: number }>,
  trainPaths: string[],
  digestOf: (path: string) => Promise<Digest>,
): Promise<number> {
  const train = await sizedFiles(trainPaths);
  let shared = 0;
  for (const e of evalFiles) {
    const candidates = train.filter((t) => t.size === e.size);
    if (candidates.length === 0) continue;
    const d = await digestOf(e.path);
    for (const t of candidates) {
      if ((await digestOf(t.path)) === d) {
        shared++;
        break;
      }
    }
  }
  return shared;
}

/** Every regular file under `paths` (a folder is walked; dot-files are skipped) with its size. */
async function sizedFiles(paths: string[]): Promise<Array<{ path: string; size: number }>> {
  const out: Array<{ path: string; size: number }> = [];
  for (const path of paths) {
    const s = await stat(path).catch(() => undefined);
    if (!s) continue;
    if (s.isFile()) out.push({ path, size: s.size });
    else if (s.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true });
      const inner = entries.filter((e) => !e.name.startsWith('.')).map((e) => join(path, e.name));
      out.push(...(await sizedFiles(inner.sort())));
    }
  }
  return out;
}

function fileDigest(path: string): Promise<Digest> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** The warnings a report shows for the overlaps found. */
export function overlapWarnings(data: string, overlaps: TrainingOverlap[]): string[] {
  return overlaps.map((o) => {
    const share = o.files === o.of ? 'is' : `shares ${o.files} of its ${o.of} files with`;
    const whose = o.role === 'train' ? 'the training data' : `the ${o.role} data`;
    return (
      `${data} ${share} ${whose} of ${o.model} (${o.input}, same bytes): these metrics measure fit ` +
      'to seen rows, not performance on new data; evaluate on held-out data'
    );
  });
}
