/** The validation-results part of the MetadataStore contract (SQLite and PostgreSQL alike). */
import { expect, it } from 'vitest';
import { sha256 } from '../../core/index.js';
import type { MetadataStore } from './metadata-store.js';

/** Register the validation-results tests; `store()` is the fresh store of the current test. */
export function describeValidationResultsContract(store: () => MetadataStore): void {
  const record = (name: string, version: number, success: boolean, createdAt: number) => ({
    datasetName: name,
    datasetVersion: version,
    suiteName: 'iris',
    suiteDigest: sha256('suite'),
    success,
    evaluated: 40,
    failed: success ? 0 : 3,
    rowCount: 150,
    reportDigest: sha256(`report ${createdAt}`),
    createdAt,
  });

  it('stores validation results per dataset version and lists them newest first', async () => {
    const s = store();
    const first = await s.transaction((tx) => tx.validations.add(record('train', 1, true, 1000)));
    await s.validations.add(record('train', 1, false, 2000));
    await s.validations.add(record('train', 2, true, 3000));
    const listed = await s.validations.forDataset('train', 1);
    expect(listed.map((r) => [r.success, r.failed, r.createdAt])).toEqual([
      [false, 3, 2000],
      [true, 0, 1000],
    ]);
    expect(listed[1]).toEqual(first);
    expect(first.id).toMatch(/^[0-9a-z]{26}$/);
    expect(await s.validations.forDataset('train', 1, 1)).toHaveLength(1);
    expect(await s.validations.forDataset('test', 1)).toEqual([]);
  });
}
