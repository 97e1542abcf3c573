/** The dataset repository: versions (`name:N`) and tags (`name@tag`). */
import type { Kysely } from 'kysely';
import { FlywheelError } from '../../core/index.js';
import { type DialectName, lockKey } from './dialect.js';
import type { DatasetRecord, DatasetRepo, NewDatasetVersion } from './metadata-store.js';
import type { DatasetVersionsTable, MetadataSchema } from './schema.js';

function toRecord(r: DatasetVersionsTable): DatasetRecord {
  return {
    name: r.name,
    version: Number(r.version),
    kind: r.kind === 'directory' ? 'directory' : 'file',
    digest: r.digest,
    size: Number(r.size),
    fileCount: Number(r.file_count),
    rowCount: r.row_count === null ? null : Number(r.row_count),
    format: r.format,
    schema: r.schema_json === null ? null : (JSON.parse(r.schema_json) as DatasetRecord['schema']),
    profileDigest: r.profile_digest,
    source: r.source,
    message: r.message,
    author: r.author,
    createdAt: Number(r.created_at),
  };
}

/** DatasetRepo over any Kysely connection or transaction (call `create` inside a transaction). */
export function createDatasetRepo(db: Kysely<MetadataSchema>, dialect: DialectName): DatasetRepo {
  return {
    async create(v: NewDatasetVersion) {
      await lockKey(db, dialect, `dataset:${v.name}`);
      const last = await db
        .selectFrom('dataset_versions')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('name', '=', v.name)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const row: DatasetVersionsTable = {
        name: v.name,
        version,
        kind: v.kind,
        digest: v.digest,
        size: v.size,
        file_count: v.fileCount,
        row_count: v.rowCount,
        format: v.format,
        schema_json: v.schema === null ? null : JSON.stringify(v.schema),
        profile_digest: v.profileDigest,
        source: v.source,
        message: v.message,
        author: v.author,
        created_at: v.createdAt ?? Date.now(),
      };
      await db.insertInto('dataset_versions').values(row).execute();
      return toRecord(row);
    },
    async get(name, version) {
      const r = await db
        .selectFrom('dataset_versions')
        .selectAll()
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      return r ? toRecord(r) : undefined;
    },
    async latest(name) {
      const r = await db
        .selectFrom('dataset_versions')
        .selectAll()
        .where('name', '=', name)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ? toRecord(r) : undefined;
    },
    async versions(name) {
      const rows = await db
        .selectFrom('dataset_versions')
        .selectAll()
        .where('name', '=', name)
        .orderBy('version', 'asc')
        .execute();
      return rows.map(toRecord);
    },
    async names() {
      const rows = await db
        .selectFrom('dataset_versions')
        .select(['name'])
        .select((eb) => [eb.fn.max('version').as('latest'), eb.fn.count('version').as('count')])
        .groupBy('name')
        .orderBy('name')
        .execute();
      return rows.map((r) => ({ name: r.name, latest: Number(r.latest), count: Number(r.count) }));
    },
    async setTag(name, tag, version) {
      const exists = await db
        .selectFrom('dataset_versions')
        .select('version')
        .where('name', '=', name)
        .where('version', '=', version)
        .executeTakeFirst();
      if (!exists) {
        throw new FlywheelError('NOT_FOUND', `dataset ${name}:${version} does not exist`, {
          hint: `List the versions with \`flywheel data show ${name}\`.`,
        });
      }
      const previous = await db
        .selectFrom('dataset_tags')
        .select('version')
        .where('name', '=', name)
        .where('tag', '=', tag)
        .executeTakeFirst();
      await db
        .insertInto('dataset_tags')
        .values({ name, tag, version, updated_at: Date.now() })
        .onConflict((oc) => oc.columns(['name', 'tag']).doUpdateSet({ version, updated_at: Date.now() }))
        .execute();
      return previous === undefined ? undefined : Number(previous.version);
    },
    async removeTag(name, tag) {
      const r = await db
        .deleteFrom('dataset_tags')
        .where('name', '=', name)
        .where('tag', '=', tag)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async tag(name, tag) {
      const r = await db
        .selectFrom('dataset_tags')
        .select('version')
        .where('name', '=', name)
        .where('tag', '=', tag)
        .executeTakeFirst();
      return r === undefined ? undefined : Number(r.version);
    },
    async tags(name) {
      const rows = await db
        .selectFrom('dataset_tags')
        .select(['tag', 'version'])
        .where('name', '=', name)
        .orderBy('tag')
        .execute();
      return rows.map((r) => ({ tag: r.tag, version: Number(r.version) }));
    },
  };
}
