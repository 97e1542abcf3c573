/**
 * Issue 24 #5 at the edge: a request lacking a feature or carrying a key that is no feature is
 * refused on every protocol (plain predict by either decoder, OIP v2, /invocations) with the names and
 * a "did you mean"; optional features are imputed and counted; suite columns and, when configured,
 * unknown keys are accepted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONAL_FEATURES_TAG } from '../../models/index.js';
import type { LogRecord } from '../../prediction-log/index.js';
import { ServingService } from '../../serving/index.js';
import { MemorySource, numericModel } from '../../serving/memory-source.fixture.js';
import { compileSuite, parseSuite } from '../../validation/index.js';
import { liveServer } from '../live-server.fixture.js';

const BODY = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'http', 'bc-row.body'), 'utf8');
const ROW = (JSON.parse(BODY) as { rows: Record<string, number>[] }).rows[0]!;
const FEATURES = Object.keys(ROW);

const SUITE = compileSuite(
  parseSuite(
    [
      'version: 1',
      'name: bc',
      'expectations:',
      `  - expect: columns_match_list`,
      `    columns: [patient_id, ${FEATURES.map((f) => JSON.stringify(f)).join(', ')}, y]`,
      '  - expect: not_null',
      '    column: patient_id',
    ].join('\n'),
  ),
);

describe('feature names on every protocol (issue 24 #5)', () => {
  const records: LogRecord[] = [];
  let serving: ServingService;
  const server = liveServer(async () => {
    const optional = () => {
      const m = numericModel(FEATURES);
      return { ...m, info: { ...m.info, [OPTIONAL_FEATURES_TAG]: 'mean radius' } };
    };
    const source = new MemorySource({ bc: { 1: () => numericModel(FEATURES), 2: optional } });
    source.aliases.set('bc@production', 1);
    serving = new ServingService(source, {
      sink: { write: async (r) => void records.push(...r) },
      pollMs: 0,
      log: { flushMs: 10 },
    });
    await serving.start([
      { ref: 'bc@production' },
      { ref: 'bc:2', name: 'bc-optional' },
      { ref: 'bc:1', name: 'bc-suite', suite: SUITE },
      { ref: 'bc:1', name: 'bc-loose', unknownKeys: 'ignore' },
    ]);
    return serving;
  });
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${server.url}${path}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  const misspelt = () => {
    const row: Record<string, number> = { ...ROW, mean_radius: ROW['mean radius']! };
    delete row['mean radius'];
    return row;
  };

  it('refuses `mean_radius` for `mean radius` on /models/NAME/predict, naming both and a did-you-mean', async () => {
    expect((await post('/models/bc/predict', BODY)).status).toBe(200);
    for (const path of ['/models/bc/predict', '/models/bc/predict?explain=true']) {
      const r = await post(path, { rows: [misspelt()] });
      expect([path, r.status, r.body.code]).toEqual([path, 400, 'INVALID_ARGUMENT']);
      expect(r.body.error).toContain('"mean_radius" → "mean radius"');
      expect(r.body.problems).toEqual([
        {
          row: 0,
          field: 'mean radius',
          expected: 'this feature (null for a missing value)',
          got: 'nothing',
          did_you_mean: 'mean_radius',
        },
        {
          row: 0,
          field: 'mean_radius',
          expected: 'a feature of the model',
          got: 'an unknown key',
          did_you_mean: 'mean radius',
        },
      ]);
    }
  });

  it('refuses OIP v2 with 1 of 30 inputs, and /invocations with a missing column', async () => {
    const oip = await post('/v2/models/bc/infer', {
      inputs: [{ name: 'mean radius', shape: [1], datatype: 'FP64', data: [17.99] }],
    });
    expect(oip.status).toBe(400);
    expect(oip.body.error).toContain("lacks 29 of the model's 30 features");
    const full = await post('/v2/models/bc/infer', {
      inputs: [{ name: 'all', shape: [1, 30], datatype: 'FP64', data: FEATURES.map((f) => ROW[f]) }],
    });
    expect(full.status).toBe(200);
    const records1 = { dataframe_records: [misspelt()] };
    expect((await post('/invocations?model=bc', records1)).status).toBe(400);
    const split = {
      dataframe_split: { columns: FEATURES.slice(1), data: [FEATURES.slice(1).map((f) => ROW[f])] },
    };
    const r = await post('/invocations?model=bc', split);
    expect([r.status, (r.body.problems as unknown[]).length]).toEqual([400, 1]);
  });

  it('imputes an optional feature, counts it in /metrics and logs it with the prediction', async () => {
    const row: Record<string, number> = { ...ROW };
    delete row['mean radius'];
    const r = await post('/models/bc-optional/predict', { rows: [row, row, ROW] });
    expect(r.status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(
      'flywheel_serving_features_imputed_total{model="bc-optional",feature="mean radius"} 2',
    );
    await serving.log.flush();
    const logged = records.find((x) => x.kind === 'prediction' && x.request_id === r.body.request_id);
    expect(logged).toMatchObject({ imputed: { 'mean radius': 2 } });
    // Still refused on the version that does not declare it optional.
    expect((await post('/models/bc/predict', { rows: [row] })).status).toBe(400);
  });

  it("accepts the suite's columns (an id; the label is not known yet) and, when configured, any key", async () => {
    const ok = await post('/models/bc-suite/predict', { rows: [{ patient_id: 'p1', ...ROW }] });
    expect(ok.status).toBe(200);
    const noId = await post('/models/bc-suite/predict', { rows: [ROW] });
    expect(noId.status).toBe(400);
    expect(JSON.stringify(noId.body.problems)).toContain('patient_id');
    expect(
      (await post('/models/bc-suite/predict', { rows: [{ patient_id: 'p1', ...ROW, z: 1 }] })).status,
    ).toBe(400);
    expect(
      (await post('/models/bc-loose/predict', { rows: [{ ...ROW, note: 'from the CRM' }] })).status,
    ).toBe(200);
    // A missing feature is refused even where unknown keys are accepted.
    expect((await post('/models/bc-loose/predict', { rows: [misspelt()] })).status).toBe(400);
  });
});
