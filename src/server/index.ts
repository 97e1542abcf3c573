/** server: the HTTP server — the MLflow-compatible tracking and registry API, bearer-token writes. */
export { createServer, MLFLOW_PREFIX, type RunningServer, type ServerOptions, startServer } from './app.js';
export {
  type AdminChange,
  announceListening,
  type ClusterPeer,
  mergeMetrics,
  runPrimary,
  workerPeer,
} from './cluster.js';
export { MLFLOW_ERROR_CODES, mlflowErrorCode } from './errors.js';
export type { RequestContext, Route } from './route.js';
export { type ListeningInfo, type RunServerOptions, runServer } from './run-server.js';
