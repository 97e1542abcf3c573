/** The MLflow REST API's pieces the routes share: request schemas, filters, text checks and JSON shapes. */
export { parseSimpleFilter, type SimpleCondition } from './filters.js';
export {
  experimentJson,
  jsonDouble,
  metricJson,
  modelJson,
  runInfoJson,
  runJson,
  versionJson,
} from './json.js';
export { encodePageToken, maxResults, mlflowRequests, pageOffset, parseRequest } from './schemas.js';
export { checkRequestText } from './text.js';
