/** The validation results repository: which suite was checked against which dataset version, and how it went. */
import type { Kysely } from 'kysely';
import { type Digest, newId } from '../../core/index.js';
import type { MetadataSchema } from './schema.js';

/** One stored validation result (the full report is an object at `reportDigest`). */
export interface ValidationRecord {
  id: string;
  datasetName: string;
  datasetVersion: number;
  suiteName: string;
  suiteDigest: string;
  success: boolean;
  /** Expectations evaluated, and how many failed. */
  evaluated: number;
  failed: number;
  rowCount: number;
  reportDigest: Digest;
  createdAt: number;
}

/** What to record (id and time are assigned unless given). */
export type NewValidationRecord = Omit<ValidationRecord, 'id' | 'createdAt'> & {
  id?: string;
  createdAt?: number;
};

/** Validation results per dataset version. */
export interface ValidationResultRepo {
  /** Record a result; call in the transaction that adds its report's object reference. */
  add(record: NewValidationRecord): Promise<ValidationRecord>;
  /** The results for a dataset version, newest first. */
  forDataset(name: string, version: number, limit?: number): Promise<ValidationRecord[]>;
}

/** The validation_results table. */
export interface ValidationResultsTable {
  id: string;
  dataset_name: string;
  dataset_version: number;
  suite_name: string;
  suite_digest: string;
  success: number;
  evaluated: number;
  failed: number;
  row_count: number;
  report_digest: string;
  created_at: number;
}

function toRecord(r: ValidationResultsTable): ValidationRecord {
  return {
    id: r.id,
    datasetName: r.dataset_name,
    datasetVersion: Number(r.dataset_version),
    suiteName: r.suite_name,
    suiteDigest: r.suite_digest,
    success: Number(r.success) === 1,
    evaluated: Number(r.evaluated),
    failed: Number(r.failed),
    rowCount: Number(r.row_count),
    reportDigest: r.report_digest,
    createdAt: Number(r.created_at),
  };
}

/** ValidationResultRepo over any Kysely connection or transaction. */
export function createValidationResultRepo(db: Kysely<MetadataSchema>): ValidationResultRepo {
  return {
    async add(v) {
      const row: ValidationResultsTable = {
        id: v.id ?? newId(),
        dataset_name: v.datasetName,
        dataset_version: v.datasetVersion,
        suite_name: v.suiteName,
        suite_digest: v.suiteDigest,
        success: v.success ? 1 : 0,
        evaluated: v.evaluated,
        failed: v.failed,
        row_count: v.rowCount,
        report_digest: v.reportDigest,
        created_at: v.createdAt ?? Date.now(),
      };
      await db.insertInto('validation_results').values(row).execute();
      return toRecord(row);
    },
    async forDataset(name, version, limit = 100) {
      const rows = await db
        .selectFrom('validation_results')
        .selectAll()
        .where('dataset_name', '=', name)
        .where('dataset_version', '=', version)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
  };
}
