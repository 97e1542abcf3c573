/**
 * Lineage of a model version: the dataset versions its run read → the run (code version, user,
 * status) → the model version → the aliases pointing at it → its deployments. Deployments are
 * the deployment events (events.ts) serving records through the registry with `data.version`
 * set to the version deployed.
 */
import type { EventRecord, MetadataStore, RunInput, RunStatus } from '../storage/metadata/index.js';
import { isDeploymentKind, modelSubject } from './events.js';
import type { VersionView } from './registry-api.js';

/** A dataset version a run read, with what is known about it. */
export interface LineageInput extends RunInput {
  rowCount: number | null;
  digest: string | null;
  /** False when the version is no longer recorded. */
  exists: boolean;
}

/** The run that made a model version. */
export interface LineageRun {
  id: string;
  name: string;
  experiment: string;
  status: RunStatus;
  user: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
  startTime: number;
  endTime: number | null;
  metrics: Record<string, number>;
}

/** Where a model version came from and where it went. */
export interface Lineage {
  ref: string;
  model: Pick<
    VersionView,
    'name' | 'version' | 'source' | 'artifactPath' | 'createdAt' | 'user' | 'description'
  >;
  inputs: LineageInput[];
  run: LineageRun | null;
  aliases: string[];
  deployments: EventRecord[];
}

/** Build the lineage of `ref` (`name:3`, `name@alias`). */
export async function modelLineage(
  metadata: MetadataStore,
  ref: string,
  resolve: (ref: string) => Promise<VersionView>,
): Promise<Lineage> {
  const v = await resolve(ref);
  const runRecord = v.runId === null ? undefined : await metadata.tracking.getRun(v.runId);
  let run: LineageRun | null = null;
  let inputs: LineageInput[] = [];
  if (runRecord) {
    const [detail] = await metadata.tracking.runDetails([runRecord]);
    const experiment = await metadata.tracking.getExperiment(runRecord.experimentId);
    run = {
      id: runRecord.id,
      name: runRecord.name,
      experiment: experiment?.name ?? runRecord.experimentId,
      status: runRecord.status,
      user: runRecord.user,
      gitCommit: runRecord.gitCommit,
      gitDirty: runRecord.gitDirty,
      startTime: runRecord.startTime,
      endTime: runRecord.endTime,
      metrics: Object.fromEntries(Object.entries(detail!.metrics).map(([k, m]) => [k, m.value])),
    };
    inputs = await Promise.all(
      (await metadata.tracking.inputs(runRecord.id)).map(async (i) => {
        const d = await metadata.datasets.get(i.dataset, i.version);
        return { ...i, rowCount: d?.rowCount ?? null, digest: d?.digest ?? null, exists: d !== undefined };
      }),
    );
  }
  const events = await metadata.events.list({ subject: modelSubject(v.name) });
  return {
    ref,
    model: {
      name: v.name,
      version: v.version,
      source: v.source,
      artifactPath: v.artifactPath,
      createdAt: v.createdAt,
      user: v.user,
      description: v.description,
    },
    inputs,
    run,
    aliases: v.aliases,
    deployments: events.filter((e) => isDeploymentKind(e.kind) && Number(e.data.version) === v.version),
  };
}
