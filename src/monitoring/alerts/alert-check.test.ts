// A rule that cannot be evaluated is a config error (exit 78) naming the rule, its file:line and the
// likely fix — never a warning a cron job does not see — and nothing is recorded or acted on.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlywheelError } from '../../core/index.js';
import { initWorkspace, openPlatform, type Platform } from '../../platform.js';
import { tempDir } from '../../testing/services.js';
import { parseConfig } from '../../workspace-config.js';
import { windowMetrics } from '../monitor.js';
import { report, window } from '../monitor-report.fixture.js';
import { monitorOnce } from '../monitor-run.js';
import { ruleProblem } from './alert-check.js';
import { ALERT_METRICS } from './alert-rule.js';

const STORES = 'metadata:\n  url: sqlite:m.db\nartifacts:\n  url: file:o\n';

describe('alert rules that cannot be evaluated', () => {
  const dir = tempDir();
  let p: Platform;
  const pass = async (rules: string[]) => {
    const alerts = rules.flatMap((rule, i) => [
      `    - name: a${i}`,
      `      rule: ${rule}`,
      '      actions: [log]',
    ]);
    const file = join(dir.path, 'flywheel.yaml');
    const config = parseConfig(`${STORES}monitor:\n  alerts:\n${alerts.join('\n')}\n`, file, {});
    // Four windows of 30 features (feature_number_0…29), 20 drifted, with labels (accuracy 1).
    const windows = [0, 1, 2, 3].map((i) => window(i, 20));
    return monitorOnce(
      {
        config: config.monitor,
        root: dir.path,
        logger: p.logger,
        events: p.metadata.events,
        monitor: async () => report(windows, 4000),
        runsOfAlert: async () => [],
      },
      ['churn'],
    );
  };
  const errorOf = async (run: Promise<unknown>) =>
    (await run.then(
      () => undefined,
      (e) => e,
    )) as FlywheelError;

  beforeAll(async () => {
    await initWorkspace(dir.path, { env: {} });
    p = await openPlatform({ cwd: dir.path, env: {} });
  });
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  it('refuses a rule on a column the model does not have, naming the rule, file:line and the closest column', async () => {
    const e = await errorOf(pass(['drift_share >= 0.5', 'drift(feature_number_O) == 1']));
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 78 });
    expect(e.message).toContain('alert "a1" (drift(feature_number_O) == 1) cannot be evaluated for churn');
    expect(e.message).toContain('no column "feature_number_O" (did you mean "feature_number_0"?)');
    // lines 1-4 the stores, 5 monitor, 6 alerts, 7 a0's name, 8 its rule, 9 actions, 10 a1's name, 11 its rule
    expect(e.where).toMatchObject({ file: join(dir.path, 'flywheel.yaml'), line: 11 });
    expect(e.message).toContain(`${join(dir.path, 'flywheel.yaml')}:11:`);
    // The good rule fired in this pass's windows, but nothing was recorded or acted on.
    expect(await p.metadata.events.list({ kind: 'alert' })).toEqual([]);
  });

  it("refuses a metric of the other task (a regression metric on a classifier's windows)", async () => {
    const e = await errorOf(pass(['rmse > 0.5']));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('"rmse" is a regression metric and the model\'s task is classification');
  });

  it('keeps a performance metric that waits for labels a warning, and the pass goes on', async () => {
    const windows = [window(0, 0)].map((w) => ({ ...w, performance: undefined }));
    const u = { metric: 'recall', known: Object.keys(windowMetrics(windows[0]!)), suggestion: undefined };
    expect(
      ruleProblem({ metric: 'recall' }, u, [{ index: 0, start: '', end: '', values: {} }]),
    ).toMatchObject({
      kind: 'waiting',
    });
    const ok = await pass(['drift_share >= 0.5']);
    expect(ok.fired).toBe(1);
  });

  it('names every metric a window has in ALERT_METRICS (the rule language and the windows agree)', () => {
    const values = windowMetrics(window(0, 3));
    const names = Object.keys(values).map((k) => k.replace(/\(.*\)$/, ''));
    for (const name of names) expect(Object.keys(ALERT_METRICS)).toContain(name);
  });
});
