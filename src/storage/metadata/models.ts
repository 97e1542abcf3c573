/** The model registry repository: registered models, versions (`name:N`) and aliases (`name@alias`). */
import type { Kysely } from 'kysely';
import { FlywheelError } from '../../core/index.js';
import { type DialectName, lockKey } from './dialect.js';
import type { ModelRecord, ModelVersionRecord, NewModelVersion, RegistryRepo } from './registry-types.js';
import { matchName } from './run-search.js';
import type { MetadataSchema } from './schema.js';
import type { ModelVersionsTable, RegisteredModelsTable } from './tracking-schema.js';

const parseJson = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

function toModel(r: RegisteredModelsTable): ModelRecord {
  return {
    name: r.name,
    description: r.description,
    tags: JSON.parse(r.tags_json) as Record<string, string>,
    user: r.user,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toVersion(r: ModelVersionsTable): ModelVersionRecord {
  return {
    name: r.name,
    version: Number(r.version),
    runId: r.run_id,
    source: r.source,
    artifactPath: r.artifact_path,
    digests: JSON.parse(r.digests_json) as string[],
    inputSchema: parseJson(r.input_schema_json),
    outputSchema: parseJson(r.output_schema_json),
    description: r.description,
    tags: JSON.parse(r.tags_json) as Record<string, string>,
    user: r.user,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** An error for a model version that does not exist. */
export function versionNotFound(name: string, version: number | string): FlywheelError {
  return new FlywheelError('NOT_FOUND', `model version ${name}:${version} does not exist`, {
    hint: `List the versions with \`flywheel models versions ${name}\`.`,
    details: { model: name, version: String(version) },
  });
}

/** RegistryRepo over any Kysely connection or transaction (call `createVersion` inside a transaction). */
export function createRegistryRepo(db: Kysely<MetadataSchema>, dialect: DialectName): RegistryRepo {
  const versionRow = (name: string, version: number) =>
    db
      .selectFrom('model_versions')
      .selectAll()
      .where('name', '=', name)
      .where('version', '=', version)
      .executeTakeFirst();
  const getModel = async (name: string) => {
    const r = await db
      .selectFrom('registered_models')
      .selectAll()
      .where('name', '=', name)
      .executeTakeFirst();
    return r ? toModel(r) : undefined;
  };
  const alias = async (name: string, aliasName: string) => {
    const r = await db
      .selectFrom('model_aliases')
      .select('version')
      .where('name', '=', name)
      .where('alias', '=', aliasName)
      .executeTakeFirst();
    return r === undefined ? undefined : Number(r.version);
  };
  return {
    getModel,
    alias,
    async createModel(m) {
      if (await getModel(m.name)) {
        throw new FlywheelError('ALREADY_EXISTS', `registered model "${m.name}" already exists`, {
          hint: `Add a version to it instead, or pick another name; see \`flywheel models show ${m.name}\`.`,
          details: { model: m.name },
        });
      }
      const now = m.createdAt ?? Date.now();
      const row: RegisteredModelsTable = {
        name: m.name,
        description: m.description,
        tags_json: JSON.stringify(m.tags),
        user: m.user,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('registered_models').values(row).execute();
      return toModel(row);
    },
    async listModels({ name, limit, offset = 0 }) {
      let q = db.selectFrom('registered_models').selectAll().orderBy('name').limit(limit).offset(offset);
      if (name !== undefined) q = q.where(() => matchName(dialect, 'name', name));
      return (await q.execute()).map(toModel);
    },
    async updateModel(name, u) {
      const set: Partial<RegisteredModelsTable> = { updated_at: Date.now() };
      if (u.description !== undefined) set.description = u.description;
      if (u.tags !== undefined) set.tags_json = JSON.stringify(u.tags);
      await db.updateTable('registered_models').set(set).where('name', '=', name).execute();
    },
    async updateVersion(name, version, u) {
      const set: Partial<ModelVersionsTable> = { updated_at: Date.now() };
      if (u.description !== undefined) set.description = u.description;
      if (u.tags !== undefined) set.tags_json = JSON.stringify(u.tags);
      await db
        .updateTable('model_versions')
        .set(set)
        .where('name', '=', name)
        .where('version', '=', version)
        .execute();
    },
    async createVersion(v: NewModelVersion) {
      await lockKey(db, dialect, `model:${v.name}`);
      const last = await db
        .selectFrom('model_versions')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('name', '=', v.name)
        .executeTakeFirst();
      const now = v.createdAt ?? Date.now();
      const row: ModelVersionsTable = {
        name: v.name,
        version: Number(last?.v ?? 0) + 1,
        run_id: v.runId,
        source: v.source,
        artifact_path: v.artifactPath,
        digests_json: JSON.stringify(v.digests),
        input_schema_json: v.inputSchema === null ? null : JSON.stringify(v.inputSchema),
        output_schema_json: v.outputSchema === null ? null : JSON.stringify(v.outputSchema),
        description: v.description,
        tags_json: JSON.stringify(v.tags),
        user: v.user,
        created_at: now,
        updated_at: now,
      };
      await db.insertInto('model_versions').values(row).execute();
      await db.updateTable('registered_models').set({ updated_at: now }).where('name', '=', v.name).execute();
      return toVersion(row);
    },
    async getVersion(name, version) {
      const r = await versionRow(name, version);
      return r ? toVersion(r) : undefined;
    },
    async latestVersion(name) {
      const r = await db
        .selectFrom('model_versions')
        .selectAll()
        .where('name', '=', name)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ? toVersion(r) : undefined;
    },
    async versions(name) {
      const rows = await db
        .selectFrom('model_versions')
        .selectAll()
        .where('name', '=', name)
        .orderBy('version', 'asc')
        .execute();
      return rows.map(toVersion);
    },
    async searchVersions({ name, runId, limit, offset = 0 }) {
      let q = db
        .selectFrom('model_versions')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('name')
        .orderBy('version', 'desc')
        .limit(limit)
        .offset(offset);
      if (name !== undefined) q = q.where(() => matchName(dialect, 'name', name));
      if (runId !== undefined) q = q.where('run_id', '=', runId);
      return (await q.execute()).map(toVersion);
    },
    async setAlias(name, aliasName, version) {
      if (!(await versionRow(name, version))) throw versionNotFound(name, version);
      const previous = await alias(name, aliasName);
      const now = Date.now();
      await db
        .insertInto('model_aliases')
        .values({ name, alias: aliasName, version, updated_at: now })
        .onConflict((oc) => oc.columns(['name', 'alias']).doUpdateSet({ version, updated_at: now }))
        .execute();
      return previous;
    },
    async deleteAlias(name, aliasName) {
      const previous = await alias(name, aliasName);
      await db.deleteFrom('model_aliases').where('name', '=', name).where('alias', '=', aliasName).execute();
      return previous;
    },
    async aliases(name) {
      const rows = await db
        .selectFrom('model_aliases')
        .selectAll()
        .where('name', '=', name)
        .orderBy('alias')
        .execute();
      return rows.map((r) => ({
        name: r.name,
        alias: r.alias,
        version: Number(r.version),
        updatedAt: Number(r.updated_at),
      }));
    },
  };
}
