// Acceptance: `mlflow` from npm (an MLflow REST client for Node.js that Flywheel did not write)
// logs an experiment and a run through a listening `flywheel serve` and reads it back.
import mlflowPackage from 'mlflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { tempDir } from '../testing/services.js';
import { type RunningServer, startServer } from './app.js';

// The package's types describe lib/mlflow.js, whose default export its index.js hands out as
// module.exports: at run time the import is the client class itself.
const MLflow = mlflowPackage as unknown as typeof mlflowPackage.default;
type MLflowClient = InstanceType<typeof MLflow>;

const TOKEN = 'client-test-token-0123456789';

/** The client throws `Error("Error: {status, statusText, data}")`; recover the JSON. */
function failure(error: unknown): { status: number; data: { error_code: string; message: string } } {
  const text = (error as Error).message.replace(/^Error: /, '');
  return JSON.parse(text);
}

describe('the npm mlflow client against flywheel serve', () => {
  const dir = tempDir();
  let p: Platform;
  let server: RunningServer;
  let client: MLflowClient;

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
    server = await startServer(p, { token: TOKEN, host: '127.0.0.1', port: 0 });
    client = new MLflow({ endpoint: server.url, headers: { Authorization: `Bearer ${TOKEN}` } });
    // The client prints every request body it POSTs.
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await server.close();
    await p.close();
    dir.cleanup();
  });

  it('creates an experiment and a run, logs params, metrics and tags, ends the run and reads it back', async () => {
    const { experiment_id } = await client.Experiments.create({ name: 'from-npm', artifact_location: '' });
    const { experiment } = await client.Experiments.get({ experiment_id });
    expect(experiment).toMatchObject({ name: 'from-npm', lifecycle_stage: 'active' });

    const started = Date.now();
    const { run } = await client.Runs.create({ experiment_id, user_id: 'npm-user', start_time: started });
    const run_id = run.info.run_id;
    await client.Runs.logParameter({ run_id, key: 'learning_rate', value: '0.01' });
    for (let step = 0; step < 3; step++) {
      await client.Runs.logMetric({
        run_id,
        key: 'loss',
        value: 1 / (step + 1),
        timestamp: started + step,
        step,
      });
    }
    await client.Runs.logBatch({
      run_id,
      metrics: [{ key: 'auc', value: 0.91, timestamp: started, step: 0 }],
      params: [{ key: 'model', value: 'gbdt' }],
      tags: [{ key: 'team', value: 'growth' }],
    });
    await client.Runs.setTag({ run_id, key: 'stage', value: 'candidate' });
    const ended = started + 1000;
    const { run_info } = await client.Runs.update({ run_id, status: 'FINISHED' as never, end_time: ended });
    expect(run_info).toMatchObject({ status: 'FINISHED', end_time: ended });

    const back = (await client.Runs.get({ run_id })).run;
    expect(back.info).toMatchObject({
      run_id,
      experiment_id,
      user_id: 'npm-user',
      status: 'FINISHED',
      start_time: started,
      end_time: ended,
    });
    expect(back.data.params).toEqual([
      { key: 'learning_rate', value: '0.01' },
      { key: 'model', value: 'gbdt' },
    ]);
    expect(back.data.metrics).toEqual(
      expect.arrayContaining([
        { key: 'loss', value: 1 / 3, timestamp: started + 2, step: 2 },
        { key: 'auc', value: 0.91, timestamp: started, step: 0 },
      ]),
    );
    expect(back.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'team', value: 'growth' },
        { key: 'stage', value: 'candidate' },
      ]),
    );
    const history = (await client.Metrics.getHistory({ run_id, metric_key: 'loss' })) as {
      metrics: Array<{ value: number }>;
    };
    expect(history.metrics.map((m) => m.value)).toEqual([1, 1 / 2, 1 / 3]);
    const { runs } = await client.Runs.search({
      experiment_ids: [experiment_id],
      filter: "params.model = 'gbdt' and metrics.auc > 0.9",
    });
    expect(runs.map((r: { info: { run_id: string } }) => r.info.run_id)).toEqual([run_id]);

    // And Flywheel's own view of the same run agrees.
    expect(await p.tracking.getRun(run_id)).toMatchObject({
      status: 'FINISHED',
      params: { model: 'gbdt' },
      tags: { stage: 'candidate' },
    });
  });

  it('surfaces Flywheel errors to the client in MLflow shape', async () => {
    const error = await client.Runs.get({ run_id: 'no-such-run' }).catch((e: unknown) => e);
    expect(failure(error)).toMatchObject({
      status: 404,
      data: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'run no-such-run does not exist' },
    });
    const anonymous = new MLflow({ endpoint: server.url });
    const denied = await anonymous.Experiments.create({ name: 'nope', artifact_location: '' }).catch(
      (e: unknown) => e,
    );
    expect(failure(denied)).toMatchObject({ status: 401, data: { error_code: 'UNAUTHENTICATED' } });
  });
});
