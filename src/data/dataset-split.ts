/**
 * `data split`: split a dataset version into train and test versions (`NAME-train:N`,
 * `NAME-test:N`), each recorded with the source version as its `source` (`iris:3`) and the split's
 * settings in its message, so either part leads back to the version it came from.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlywheelError } from '../core/errors.js';
import { type AddDatasetResult, addDataset, type DatasetDeps } from './dataset-add.js';
import { parseDatasetName } from './dataset-ref.js';
import { readResolved, resolveData } from './dataset-service.js';
import { type SplitOptions, trainTestRows } from './split.js';
import { takeRows } from './table.js';
import { writeTable } from './write.js';

/** Options for `splitDataset`. */
export interface SplitDatasetOptions extends SplitOptions {
  /** Name of the train part (default `NAME-train`). */
  trainName?: string;
  /** Name of the test part (default `NAME-test`). */
  testName?: string;
  author?: string;
}

/** The two versions a split recorded. */
export interface SplitDatasetResult {
  source: string;
  train: AddDatasetResult;
  test: AddDatasetResult;
}

/** Split the dataset version `ref` (`name:N`, `name@tag`) into train and test versions. */
export async function splitDataset(
  deps: DatasetDeps,
  ref: string,
  cwd: string,
  options: SplitDatasetOptions,
): Promise<SplitDatasetResult> {
  const resolved = await resolveData(deps, ref, cwd);
  const dataset = resolved.dataset;
  if (dataset === undefined)
    throw new FlywheelError('INVALID_ARGUMENT', `${ref} is not a dataset version`, {
      hint: 'Add the file first (flywheel data add FILE), then split NAME:VERSION.',
    });
  const source = `${dataset.name}:${dataset.version}`;
  const trainName = parseDatasetName(options.trainName ?? `${dataset.name}-train`);
  const testName = parseDatasetName(options.testName ?? `${dataset.name}-test`);
  if (trainName === testName)
    throw new FlywheelError('INVALID_ARGUMENT', 'The train and test parts need different names', {
      hint: 'Pass different --train-name and --test-name.',
    });
  const table = await readResolved(resolved);
  const rows = trainTestRows(table, options);
  const how = [
    `test ${options.test}`,
    `seed ${options.seed ?? 0}`,
    ...(options.stratify === undefined ? [] : [`stratify ${options.stratify}`]),
    ...(options.by === undefined ? [] : [`by ${options.by}`]),
  ].join(', ');
  const dir = await mkdtemp(join(tmpdir(), 'flywheel-split-'));
  try {
    const part = async (name: string, side: 'train' | 'test') => {
      const path = join(dir, `${side}.parquet`);
      await writeTable(takeRows(table, rows[side]), path);
      return addDataset(deps, path, {
        name,
        source,
        author: options.author,
        message: `${side} part of ${source} (${how})`,
      });
    };
    return { source, train: await part(trainName, 'train'), test: await part(testName, 'test') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
