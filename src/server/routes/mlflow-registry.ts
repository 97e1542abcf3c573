/** MLflow REST: registered-models create, get, search; model-versions create, get, search; aliases set, get, delete. */
import { FlywheelError } from '../../core/index.js';
import type { Platform } from '../../platform.js';
import { checkRemoteSource, type ModelView } from '../../registry/index.js';
import {
  encodePageToken,
  maxResults,
  modelJson,
  pageOffset,
  parseRequest,
  parseSimpleFilter,
  mlflowRequests as R,
  versionJson,
} from '../mlflow/index.js';
import { auditActor, type Route, SEARCH_BODY_LIMIT } from '../route.js';

const record = (kvs: Array<{ key: string; value: string }>) =>
  Object.fromEntries(kvs.map((t) => [t.key, t.value]));

/** A page of results fetched with one extra row to know whether another page follows. */
function page<T, J>(rows: T[], limit: number, offset: number, json: (row: T) => J) {
  return {
    items: rows.slice(0, limit).map(json),
    next: rows.length > limit ? { next_page_token: encodePageToken(offset + limit) } : {},
  };
}

/** The registry routes. */
export function registryRoutes(p: Platform): Route[] {
  const reg = p.registry;
  const modelOut = async (m: ModelView) =>
    modelJson(m, m.latestVersion === null ? undefined : await reg.getVersion(m.name, m.latestVersion));
  return [
    {
      method: 'POST',
      path: '/registered-models/create',
      write: true,
      async handle(input, ctx) {
        const r = parseRequest(R.createModel, input);
        const m = await reg.createModel(r.name, {
          description: r.description,
          tags: record(r.tags),
          user: auditActor(ctx),
        });
        return { registered_model: await modelOut(m) };
      },
    },
    {
      method: 'GET',
      path: '/registered-models/get',
      write: false,
      async handle(input) {
        return { registered_model: await modelOut(await reg.getModel(parseRequest(R.getModel, input).name)) };
      },
    },
    {
      method: ['GET', 'POST'],
      path: '/registered-models/search',
      write: false,
      bodyLimit: SEARCH_BODY_LIMIT,
      async handle(input) {
        const r = parseRequest(R.searchModels, input);
        const limit = maxResults(r.max_results, 1000);
        const offset = pageOffset(r.page_token);
        const [name, ...more] = parseSimpleFilter(r.filter, ['name']);
        if (more.length > 0)
          throw new FlywheelError('INVALID_ARGUMENT', 'model search takes one name condition');
        const models = await reg.listModels({ name, limit: limit + 1, offset });
        const out = page(models, limit, offset, (m) => m);
        return { registered_models: await Promise.all(out.items.map(modelOut)), ...out.next };
      },
    },
    {
      method: 'POST',
      path: '/model-versions/create',
      write: true,
      async handle(input, ctx) {
        const r = parseRequest(R.createVersion, input);
        const v = await reg.registerVersion({
          user: auditActor(ctx),
          name: r.name,
          // Recorded, never fetched; still, no local files or internal hosts from a remote client.
          source: checkRemoteSource(r.source, [`${p.artifacts.url}/`, ...p.config.registry.allow_sources]),
          runId: r.run_id || undefined,
          description: r.description,
          tags: record(r.tags),
          createModel: false,
        });
        return { model_version: versionJson(v) };
      },
    },
    {
      method: 'GET',
      path: '/model-versions/get',
      write: false,
      async handle(input) {
        const r = parseRequest(R.getVersion, input);
        return { model_version: versionJson(await reg.getVersion(r.name, r.version)) };
      },
    },
    {
      method: ['GET', 'POST'],
      path: '/model-versions/search',
      write: false,
      bodyLimit: SEARCH_BODY_LIMIT,
      async handle(input) {
        const r = parseRequest(R.searchVersions, input);
        const limit = maxResults(r.max_results, 200_000);
        const offset = pageOffset(r.page_token);
        const conditions = parseSimpleFilter(r.filter, ['name', 'run_id']);
        const name = conditions.find((c) => c.field === 'name');
        const run = conditions.find((c) => c.field === 'run_id');
        if (run && run.operator !== '=')
          throw new FlywheelError('INVALID_ARGUMENT', "filter on run_id with = only: run_id = '…'");
        const versions = await reg.searchVersions({ name, runId: run?.value, limit: limit + 1, offset });
        const out = page(versions, limit, offset, versionJson);
        return { model_versions: out.items, ...out.next };
      },
    },
    {
      method: 'POST',
      path: '/registered-models/alias',
      write: true,
      async handle(input, ctx) {
        const r = parseRequest(R.setAlias, input);
        await reg.setAlias(r.name, r.alias, r.version, { actor: auditActor(ctx), reason: r.reason });
        return {};
      },
    },
    {
      method: 'DELETE',
      path: '/registered-models/alias',
      write: true,
      async handle(input, ctx) {
        const r = parseRequest(R.alias, input);
        await reg.deleteAlias(r.name, r.alias, { actor: auditActor(ctx) });
        return {};
      },
    },
    {
      method: 'GET',
      path: '/registered-models/alias',
      write: false,
      async handle(input) {
        const r = parseRequest(R.alias, input);
        return { model_version: versionJson(await reg.resolve(`${r.name}@${r.alias}`)) };
      },
    },
  ];
}
