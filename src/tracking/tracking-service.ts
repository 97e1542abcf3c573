/**
 * The tracking service (`platform.tracking`): experiments, runs and what they log. The SDK starts
 * runs with `startRun`; the CLI lists, shows, compares and deletes; the HTTP API writes through
 * the same functions by run id.
 */
import { hostname } from 'node:os';
import { FlywheelError } from '../core/index.js';
import type { MetadataStore, RunRecord } from '../storage/metadata/index.js';
import { defaultActor, runNotFound } from '../storage/metadata/index.js';
import {
  createExperiment,
  DEFAULT_EXPERIMENT,
  experimentById,
  experimentByName,
  experimentNamed,
  findExperiment,
  listExperiments,
} from './experiments.js';
import { readGitState } from './git.js';
import { checkLength, LIMITS } from './limits.js';
import { ExitHooks, type SweptRun, sweepDeadRuns } from './liveness.js';
import { RunHandle } from './run-handle.js';
import { logParams, runRefOwner, setTags, writableRun } from './run-ops.js';
import { compareRuns, getRunView, searchRuns } from './run-queries.js';
import { logBatch, logMetricPoints } from './run-writes.js';
import type { TrackingDeps, TrackingService } from './tracking-api.js';

const defaultRunName = (now: number) =>
  `run-${new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;

/** Create the tracking service over a workspace's stores. */
export function createTracking(deps: TrackingDeps): TrackingService {
  const { metadata } = deps;
  const o = deps.options ?? {};
  const host = o.host ?? hostname();
  const staleAfterMs = o.staleAfterMs ?? 600_000;
  const timing = { heartbeatMs: o.heartbeatMs ?? 15_000, flushPoints: o.flushPoints ?? 20_000 };
  const hooks = new ExitHooks();
  const handles = new Set<RunHandle>();
  let lastSweep = Number.NEGATIVE_INFINITY;
  let sweeping: Promise<SweptRun[]> | undefined;

  const sweep = () => {
    sweeping ??= sweepDeadRuns(metadata, { host, staleAfterMs, now: Date.now() }).finally(() => {
      lastSweep = Date.now();
      sweeping = undefined;
    });
    return sweeping;
  };
  const ready = async () => {
    if (Date.now() - lastSweep > (o.sweepEveryMs ?? 60_000)) await sweep();
  };
  const handle = (record: RunRecord, owned: boolean) => {
    const h = new RunHandle(
      {
        metadata,
        artifacts: deps.artifacts,
        logger: deps.logger,
        timing,
        resolveDataset: deps.resolveDataset,
        onEnd: (x) => {
          handles.delete(x);
          hooks.delete(x);
        },
      },
      record,
      owned,
    );
    handles.add(h);
    if (owned) hooks.add(h);
    return h;
  };

  const service: TrackingService = {
    async startRun(options = {}) {
      await ready();
      const experiment = await experimentNamed(metadata, options.experiment ?? DEFAULT_EXPERIMENT);
      const git =
        options.git === false ? { commit: null, dirty: null } : await readGitState(options.git ?? deps.root);
      const now = Date.now();
      const record = await metadata.transaction((tx) =>
        tx.tracking.createRun({
          experimentId: experiment.id,
          name: checkLength(options.name ?? defaultRunName(now), LIMITS.runNameLength, 'run name'),
          user: options.user ?? defaultActor(),
          startTime: now,
          host,
          pid: process.pid,
          gitCommit: git.commit,
          gitDirty: git.dirty,
        }),
      );
      const run = handle(record, true);
      try {
        if (options.params) await run.logParams(options.params);
        if (options.tags) await run.setTags(options.tags);
        for (const input of options.inputs ?? []) await run.logInput(input.data, input.role);
      } catch (error) {
        await run.end({ status: 'FAILED', reason: `startRun failed: ${(error as Error).message}` });
        throw error;
      }
      return run;
    },
    async attachRun(id) {
      await ready();
      return handle(await writableRun(metadata, id), false);
    },
    createExperiment: (name, options) => createExperiment(metadata, name, options),
    experimentById: (id) => experimentById(metadata, id),
    experimentByName: (name) => experimentByName(metadata, name),
    experiment: (nameOrId) => findExperiment(metadata, nameOrId),
    listExperiments: (options) => listExperiments(metadata, options),
    async createRun(options) {
      const experiment = await experimentById(metadata, options.experimentId);
      const now = options.startTime ?? Date.now();
      const record = await metadata.transaction(async (tx) => {
        const r = await tx.tracking.createRun({
          experimentId: experiment.id,
          name: checkLength(options.name || defaultRunName(now), LIMITS.runNameLength, 'run name'),
          user: options.user || defaultActor(),
          startTime: now,
        });
        return r;
      });
      if (options.tags) await setTags(metadata, record.id, options.tags);
      return getRunView(metadata, record.id);
    },
    async getRun(id) {
      await ready();
      return getRunView(metadata, id);
    },
    async updateRun(id, update) {
      await writableRun(metadata, id);
      const ending =
        update.status !== undefined && update.status !== 'RUNNING' && update.status !== 'SCHEDULED';
      await metadata.tracking.updateRun(id, {
        status: update.status,
        statusReason: update.status === undefined ? undefined : null,
        endTime: update.endTime ?? (ending ? Date.now() : update.status === 'RUNNING' ? null : undefined),
        name:
          update.name === undefined ? undefined : checkLength(update.name, LIMITS.runNameLength, 'run name'),
      });
      if (update.status === undefined || !ending) await metadata.tracking.heartbeat(id, Date.now());
      return getRunView(metadata, id);
    },
    logParams: (id, params) => logParams(metadata, id, params),
    setTags: (id, tags) => setTags(metadata, id, tags),
    async deleteTag(id, key) {
      await writableRun(metadata, id);
      if (!(await metadata.tracking.deleteTag(id, key))) {
        throw new FlywheelError('NOT_FOUND', `run ${id} has no tag "${key}"`, {
          hint: `See its tags with \`flywheel runs show ${id}\`.`,
          details: { runId: id, key },
        });
      }
    },
    logMetrics: (id, points) => logMetricPoints(metadata, id, points),
    logBatch: (id, batch) => logBatch(metadata, id, batch),
    async metricHistory(id, key, options) {
      if (!(await metadata.tracking.getRun(id))) throw runNotFound(id);
      return metadata.tracking.metricHistory(id, key, options);
    },
    async searchRuns(options) {
      await ready();
      return searchRuns(metadata, options);
    },
    compareRuns: (ids) => compareRuns(metadata, ids),
    deleteRuns: (ids) => setLifecycle(metadata, ids, 'deleted'),
    restoreRuns: (ids) => setLifecycle(metadata, ids, 'active'),
    purgeDeletedRuns: (options = {}) =>
      metadata.transaction(async (tx) => {
        const ids = await tx.tracking.purgeDeletedRuns(Date.now() - (options.olderThanMs ?? 0));
        for (const id of ids) await tx.refs.removeOwner(runRefOwner(id));
        return ids;
      }),
    sweep,
    async close() {
      await hooks.endForExit();
      await Promise.allSettled([...handles].map((h) => h.detach()));
    },
  };
  return service;
}

async function setLifecycle(
  metadata: MetadataStore,
  ids: string[],
  stage: 'active' | 'deleted',
): Promise<string[]> {
  return metadata.transaction(async (tx) => {
    for (const id of ids) {
      if (!(await tx.tracking.setRunLifecycle(id, stage, Date.now()))) throw runNotFound(id);
    }
    return ids;
  });
}
