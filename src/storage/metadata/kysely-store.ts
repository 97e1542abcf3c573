/** The MetadataStore written once over Kysely; the SQLite and PostgreSQL stores differ only in their dialect. */
import type { Kysely, Transaction } from 'kysely';
import { newId } from '../../core/index.js';
import { createDatasetRepo } from './datasets.js';
import type { DialectName } from './dialect.js';
import { createEventLog } from './events.js';
import { sql } from './kysely-runtime.js';
import { createLabelingQueueRepo, type LabelingQueueRepo } from './labeling-queue.js';
import type { DatasetRepo, EventLog, MetadataStore, ObjectRefs, TableCounts } from './metadata-store.js';
import { schemaVersion } from './migrator.js';
import { createRegistryRepo } from './models.js';
import { createObjectRefs } from './refs.js';
import type { RegistryRepo } from './registry-types.js';
import type { MetadataSchema } from './schema.js';
import { createTrackingRepo } from './tracking.js';
import type { TrackingRepo } from './tracking-types.js';
import { createValidationResultRepo, type ValidationResultRepo } from './validation-results.js';

const COUNTED_TABLES = ['object_refs', 'events', 'dataset_versions', 'runs', 'model_versions'] as const;

/** A MetadataStore over a Kysely instance (or one transaction of it). */
export class KyselyMetadataStore implements MetadataStore {
  readonly refs: ObjectRefs;
  readonly events: EventLog;
  readonly datasets: DatasetRepo;
  readonly tracking: TrackingRepo;
  readonly registry: RegistryRepo;
  readonly validations: ValidationResultRepo;
  readonly labeling: LabelingQueueRepo;

  constructor(
    protected readonly db: Kysely<MetadataSchema>,
    readonly dialect: DialectName,
    readonly url: string,
    private readonly inTransaction = false,
  ) {
    this.refs = createObjectRefs(db);
    this.events = createEventLog(db);
    this.datasets = createDatasetRepo(db, dialect);
    this.tracking = createTrackingRepo(db, dialect);
    this.registry = createRegistryRepo(db, dialect);
    this.validations = createValidationResultRepo(db);
    this.labeling = createLabelingQueueRepo(db);
  }

  async workspaceId(): Promise<string> {
    await this.db
      .insertInto('workspace_info')
      .values({ key: 'workspace_id', value: newId() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('workspace_info')
      .select('value')
      .where('key', '=', 'workspace_id')
      .executeTakeFirstOrThrow();
    return row.value;
  }

  schemaVersion(): Promise<number> {
    return schemaVersion(this.db);
  }

  async counts(): Promise<TableCounts> {
    const out: TableCounts = {};
    for (const table of COUNTED_TABLES) {
      const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
        this.db,
      );
      out[table] = Number(r.rows[0]?.n ?? 0);
    }
    return out;
  }

  async transaction<T>(fn: (tx: MetadataStore) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return this.db
      .transaction()
      .execute((trx: Transaction<MetadataSchema>) =>
        fn(new KyselyMetadataStore(trx, this.dialect, this.url, true)),
      );
  }

  async close(): Promise<void> {
    if (!this.inTransaction) await this.db.destroy();
  }
}
