/**
 * `/api/v1` models: registered models with aliases, one model's versions, one version with its
 * lineage (dataset versions → run → version → aliases → deployments) and stored evaluation
 * reports, the audit history (alias moves decoded by the registry's events API), and moving an
 * alias with a reason — a write through the registry's own `setAlias`, so `flywheel models
 * history` shows it as it shows a CLI move.
 */
import { TAGS } from '../../core/index.js';
import type { Platform } from '../../platform.js';
import { aliasMoveOf } from '../../registry/index.js';
import { auditActor, type Route } from '../route.js';
import { auditEvent, modelSummary, versionSummary } from './convert.js';
import {
  finite,
  finiteRecord,
  integer,
  nextPageToken,
  pageStart,
  parseInput,
  required,
  versionNumber,
} from './input.js';
import {
  type AliasMoveResponse,
  aliasMoveRequestSchema,
  type ModelDetail,
  type ModelHistory,
  type ModelsResponse,
  type ReportSummary,
  type VersionDetail,
} from './schemas.js';

/** The most audit events one history answer holds (the newest). */
export const MAX_HISTORY_EVENTS = 2000;
/** The most evaluation runs summarised for a version (the newest). */
const MAX_REPORTS = 20;

/** The model routes of `/api/v1`. */
export function modelApiRoutes(p: Platform): Route[] {
  const reg = p.registry;
  return [
    {
      method: 'GET',
      path: '/models',
      write: false,
      async handle(input): Promise<ModelsResponse> {
        const size = integer(input, 'max_results', { min: 1, max: 1000, fallback: 100 });
        const offset = pageStart(input);
        const models = await reg.listModels({ limit: size + 1, offset });
        return {
          models: models.slice(0, size).map(modelSummary),
          next_page_token: nextPageToken(offset, models.length, size),
        };
      },
    },
    {
      method: 'GET',
      path: '/models/:name',
      write: false,
      async handle(input): Promise<ModelDetail> {
        const name = required(input, 'name', 300);
        const model = await reg.getModel(name);
        const versions = await reg.versions(name);
        return { ...modelSummary(model), versions: versions.map(versionSummary) };
      },
    },
    {
      method: 'GET',
      path: '/models/:name/versions/:version',
      write: false,
      async handle(input): Promise<VersionDetail> {
        const name = required(input, 'name', 300);
        const v = await reg.getVersion(name, versionNumber(input));
        const lineage = await reg.lineage(`${v.name}:${v.version}`);
        const run = lineage.run;
        return {
          ...versionSummary(v),
          input_schema: v.inputSchema,
          output_schema: v.outputSchema,
          lineage: {
            inputs: lineage.inputs.map((i) => ({
              dataset: i.dataset,
              version: i.version,
              role: i.role,
              ref: `${i.dataset}:${i.version}`,
              row_count: i.rowCount,
              digest: i.digest,
              exists: i.exists,
            })),
            run: run && {
              run_id: run.id,
              run_name: run.name,
              experiment_name: run.experiment,
              status: run.status,
              user: run.user,
              git_commit: run.gitCommit,
              git_dirty: run.gitDirty,
              start_time: run.startTime,
              end_time: run.endTime,
              metrics: finiteRecord(run.metrics),
            },
            aliases: lineage.aliases,
            deployments: lineage.deployments.slice(-MAX_HISTORY_EVENTS).map(auditEvent),
          },
          reports: await reports(p, `${v.name}:${v.version}`),
        };
      },
    },
    {
      method: 'GET',
      path: '/models/:name/history',
      write: false,
      async handle(input): Promise<ModelHistory> {
        const name = required(input, 'name', 300);
        await reg.getModel(name);
        const events = (await reg.history(name)).slice(-MAX_HISTORY_EVENTS);
        return {
          name,
          events: events.map((e) => {
            const move = aliasMoveOf(e);
            return {
              ...auditEvent(e),
              alias_move: move
                ? { alias: move.alias, from: move.from, to: move.to, reason: move.reason }
                : null,
            };
          }),
        };
      },
    },
    {
      method: 'POST',
      path: '/models/:name/aliases/:alias',
      write: true,
      bodyLimit: 16 * 1024,
      async handle(input, ctx): Promise<AliasMoveResponse> {
        const name = required(input, 'name', 300);
        const alias = required(input, 'alias', 300);
        const body = parseInput(aliasMoveRequestSchema, { version: input.version, reason: input.reason });
        const actor = auditActor(ctx);
        const move = await reg.setAlias(name, alias, body.version, { actor, reason: body.reason });
        return {
          name: move.name,
          alias: move.alias,
          from: move.from,
          to: move.to,
          reason: body.reason,
          actor,
        };
      },
    },
  ];
}

/** The evaluation runs of a version (`flywheel eval` tags them with the version it evaluated). */
async function reports(p: Platform, ref: string): Promise<ReportSummary[]> {
  const runs = await p.tracking.searchRuns({
    filter: `tags.flywheel.model_version = '${ref.replace(/'/g, "\\'")}'`,
    limit: MAX_REPORTS,
  });
  return runs.map((r) => ({
    kind: r.tags[TAGS.kind] === 'explanation' ? 'explanation' : 'evaluation',
    run_id: r.id,
    path: 'eval-report.json',
    created_at: r.startTime,
    summary: Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, finite(m.value)])),
  }));
}
