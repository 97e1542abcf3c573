/** MLflow REST: experiments create, get, get-by-name and search. */
import { FlywheelError } from '../../core/index.js';
import type { Platform } from '../../platform.js';
import type { ViewType } from '../../storage/metadata/index.js';
import {
  encodePageToken,
  experimentJson,
  maxResults,
  pageOffset,
  parseRequest,
  parseSimpleFilter,
  mlflowRequests as R,
} from '../mlflow/index.js';
import { type Route, SEARCH_BODY_LIMIT } from '../route.js';

/** MLflow's view_type as Flywheel's. */
export function viewOf(v: 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL'): ViewType {
  return v === 'ALL' ? 'all' : v === 'DELETED_ONLY' ? 'deleted' : 'active';
}

/** The experiment routes. */
export function experimentRoutes(p: Platform): Route[] {
  return [
    {
      method: 'POST',
      path: '/experiments/create',
      write: true,
      async handle(input) {
        const r = parseRequest(R.createExperiment, input);
        const tags = Object.fromEntries(r.tags.map((t) => [t.key, t.value]));
        const e = await p.tracking.createExperiment(r.name, { artifactLocation: r.artifact_location, tags });
        return { experiment_id: e.id };
      },
    },
    {
      method: 'GET',
      path: '/experiments/get',
      write: false,
      async handle(input) {
        const r = parseRequest(R.getExperiment, input);
        return { experiment: experimentJson(await p.tracking.experimentById(r.experiment_id)) };
      },
    },
    {
      method: 'GET',
      path: '/experiments/get-by-name',
      write: false,
      async handle(input) {
        const r = parseRequest(R.getExperimentByName, input);
        return { experiment: experimentJson(await p.tracking.experimentByName(r.experiment_name)) };
      },
    },
    {
      method: ['GET', 'POST'],
      path: '/experiments/search',
      write: false,
      bodyLimit: SEARCH_BODY_LIMIT,
      async handle(input) {
        const r = parseRequest(R.searchExperiments, input);
        const limit = maxResults(r.max_results, 50_000);
        const offset = pageOffset(r.page_token);
        const conditions = parseSimpleFilter(r.filter, ['name']);
        if (conditions.length > 1) {
          throw new FlywheelError('INVALID_ARGUMENT', 'experiment search takes one name condition', {
            hint: "Filter with name = 'x' or name LIKE 'x%'.",
          });
        }
        const found = await p.tracking.listExperiments({
          view: viewOf(r.view_type),
          name: conditions[0],
          limit: limit + 1,
          offset,
        });
        return {
          experiments: found.slice(0, limit).map(experimentJson),
          ...(found.length > limit ? { next_page_token: encodePageToken(offset + limit) } : {}),
        };
      },
    },
  ];
}
