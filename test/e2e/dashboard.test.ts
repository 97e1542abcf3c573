// The dashboard's acceptance scenario (issue 26) in Debian's Chromium: the demo's workspace with XSS
// fixtures (workspace.ts) behind a real `flywheel serve`; every page opened, checked by axe-core
// (no critical or serious violation) and photographed (FLYWHEEL_SCREENSHOTS=1); runs filtered,
// sorted and compared (the charts' point counts against the API's own answer); an alias moved in
// the UI and read back with `flywheel models history`; a wrong token refused; a drifted window
// opened; unknown things and API errors shown as such. Throughout, the guarded page (browser.ts)
// fails the test on a request outside the server's origin, a dialog, script execution, a CSP
// violation or a console error.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFeatureRows } from '../../src/demo/serve-steps.js';
import { tempDir } from '../../src/testing/services.js';
import {
  axeViolations,
  chromiumUnavailable,
  type GuardedPage,
  guardedPage,
  launch,
  screenshot,
  waitUntil,
} from './browser.js';
import { PAGE_SHOTS, STATE_SHOTS } from './shots.js';
import { buildWorkspace, DEMO, flywheel, type ServeChild, serve, TOKEN, XSS } from './workspace.js';

const unavailable = chromiumUnavailable();
const SHOTS = [...PAGE_SHOTS, ...STATE_SHOTS];

/** The answers of the API this test reads (src/server/api/schemas.ts), as far as it reads them. */
interface RunsAnswer {
  runs: Array<{ run_id: string; run_name: string }>;
}
interface HistoryAnswer {
  series: Array<{ run_id: string; key: string; total: number; steps: number[] }>;
}
interface ModelAnswer {
  aliases: Array<{ alias: string; version: number }>;
}
interface MonitoringAnswer {
  window: string;
  first_drift: number | null;
  windows: Array<{ index: number; drift: boolean; features: Array<{ column: string; drift: boolean }> }>;
}
interface HistoryEvent {
  kind: string;
  data: Record<string, unknown>;
}

/** What an MLflow search answers, as far as this test reads it. */
interface MlflowRun {
  info: { run_id: string; run_name: string };
}

describe.skipIf(unavailable)('the dashboard in Chromium (issue 26 acceptance)', () => {
  const dir = tempDir('flywheel-e2e-');
  const ws = `${dir.path}/ws`;
  let server: ServeChild;
  let browser: Browser;
  let g: GuardedPage;
  let page: Page;
  let xssRunId: string;
  /** The demo's three training runs (linear, gbdt, the retrained gbdt), oldest first. */
  let trainingRuns: string[];
  let experimentId: string;
  /** Run id → run name, of the demo experiment's runs. */
  const runNames = new Map<string, string>();

  const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, init);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    ({ xssRunId } = await buildWorkspace(ws));
    server = await serve(ws);
    browser = await launch();
    g = await guardedPage(browser, server.url);
    page = g.page;
    const { experiment } = await api<{ experiment: { experiment_id: string } }>(
      `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${DEMO.experiment}`,
    );
    experimentId = experiment.experiment_id;
    const { runs } = await api<{ runs: MlflowRun[] }>('/api/2.0/mlflow/runs/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_ids: [experimentId], order_by: ['attributes.start_time ASC'] }),
    });
    for (const r of runs) runNames.set(r.info.run_id, r.info.run_name);
    trainingRuns = runs.filter((r) => r.info.run_id !== xssRunId).map((r) => r.info.run_id);
    expect(trainingRuns).toHaveLength(3);
  }, 300_000);

  afterEach(async (ctx) => {
    try {
      await g?.assertClean(ctx.task.name);
    } finally {
      g?.forgetExpected();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    dir.cleanup();
  });

  /** Wait until the view has loaded: a heading in <main> and no "Loading…" line or busy region. */
  const settled = async () => {
    await waitUntil(
      page,
      `!!document.querySelector('main h1') &&
       !document.querySelector('main [aria-busy="true"]') &&
       ![...document.querySelectorAll('main [role="status"]')].some((e) => /^\\s*Loading/.test(e.textContent))`,
    );
  };

  /** Open a view by its URL and wait for it. */
  const open = async (hash: string) => {
    await page.goto(`${server.url}/${hash}`);
    try {
      await settled();
    } catch (error) {
      const text = (
        await page
          .locator('body')
          .textContent()
          .catch(() => '')
      )?.slice(0, 600);
      throw new Error(`${hash} did not finish loading: ${(error as Error).message}\npage text: ${text}`);
    }
  };

  /** The checks every page gets: axe, the screenshot, nothing the guard forbids. */
  const check = async (name: string) => {
    expect(await axeViolations(page), `${name}: axe-core's critical and serious violations`).toEqual([]);
    if ((SHOTS as readonly string[]).includes(name)) await screenshot(page, name);
    await g.assertClean(name);
  };

  it('refreshes the serving page live: requests sent meanwhile show up without a reload', async () => {
    await open('#/serving');
    const requestsShown = async () =>
      Number(
        /Requests\s*([\d,]+)/.exec((await page.locator('main').textContent()) ?? '')?.[1]?.replace(/,/g, ''),
      );
    const before = await requestsShown();
    expect(before).toBeGreaterThanOrEqual(0);
    const rows = readFeatureRows(`${ws}/churn-2025-h1-holdout.csv`).slice(0, 5);
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${server.url}/models/${DEMO.model}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rows }),
      });
      expect(res.status).toBe(200);
    }
    await expect.poll(requestsShown, { timeout: 20_000, interval: 500 }).toBeGreaterThanOrEqual(before + 20);
    await g.assertClean('the serving page');
  });

  it('serves the page with a Content-Security-Policy that allows only its own scripts', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('opens every page with no accessibility violation', async () => {
    // Each page by its URL; the compare page's screenshot shows its curves (below the tables).
    const pages: Array<[name: (typeof PAGE_SHOTS)[number], hash: string, show?: string]> = [
      ['home', '#/'],
      ['runs', `#/runs?experiment=${experimentId}`],
      ['run', `#/runs/${trainingRuns[2]}`],
      ['compare', `#/compare?runs=${trainingRuns.join(',')}`, '#curves'],
      ['models', '#/models'],
      ['model', `#/models/${DEMO.model}`],
      ['model-version', `#/models/${DEMO.model}/versions/3`],
      ['datasets', '#/datasets'],
      ['dataset', `#/datasets/${DEMO.dataset}`],
      ['dataset-version', `#/datasets/${DEMO.dataset}/versions/1`],
      ['monitoring', `#/monitoring/${DEMO.model}`],
      ['serving', '#/serving'],
    ];
    expect(pages.map(([name]) => name)).toEqual([...PAGE_SHOTS]);
    for (const [name, hash, show] of pages) {
      await open(hash);
      if (show) {
        await waitUntil(page, `!!document.querySelector('main svg [data-points]')`);
        await page.evaluate(
          `document.querySelector(${JSON.stringify(show)}).scrollIntoView({ block: 'start' })`,
        );
      }
      await check(name);
    }
  });
  /** The run names in the runs table, top to bottom. */
  const rowNames = () => page.locator('main table.runs tbody tr td:nth-child(2)').allTextContents();

  it('filters runs with the filter language (errors with their message) and sorts by a metric column', async () => {
    await open(`#/runs?experiment=${experimentId}`);
    expect((await rowNames()).sort()).toEqual([...runNames.values()].sort());
    // A filter: the rows the API gives for the same filter, no more, no fewer.
    const filter = 'metrics.train_auc > 0.9';
    const want = await api<RunsAnswer>(
      `/api/v1/runs?experiment_id=${experimentId}&filter=${encodeURIComponent(filter)}`,
    );
    expect(want.runs.length).toBe(2); // the two GBDT runs (train AUC 0.94-0.95); linear's is 0.78
    await page.getByLabel('Filter', { exact: true }).fill(filter);
    await page.getByLabel('Filter', { exact: true }).press('Enter');
    await expect
      .poll(async () => (await rowNames()).sort(), { timeout: 10_000 })
      .toEqual(want.runs.map((r) => r.run_name).sort());
    expect(page.url()).toContain(`filter=${encodeURIComponent(filter).replaceAll('%20', '+')}`);
    // A broken filter: the server's message in the page, the input marked invalid.
    const broken = 'metrics.train_auc >';
    const error = await fetch(`${server.url}/api/v1/runs?filter=${encodeURIComponent(broken)}`);
    expect(error.status).toBe(400);
    const { message } = (await error.json()) as { message: string };
    g.expectConsoleError(/status of 400/);
    await page.getByLabel('Filter', { exact: true }).fill(broken);
    await page.getByLabel('Filter', { exact: true }).press('Enter');
    const alert = page.locator('main #filter-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(message);
    expect(await page.getByLabel('Filter', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await check('runs-filter-error');
    // Sort by a metric column: descending first, then ascending, as the API orders them.
    await open(`#/runs?experiment=${experimentId}`);
    const header = page.locator('main table.runs thead th', { hasText: /^train_auc/ });
    await header.getByRole('button').click();
    const desc = await api<RunsAnswer>(
      `/api/v1/runs?experiment_id=${experimentId}&order_by=${encodeURIComponent('metrics.train_auc DESC')}`,
    );
    await expect.poll(rowNames, { timeout: 10_000 }).toEqual(desc.runs.map((r) => r.run_name));
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort'), { timeout: 10_000 }).toBe('ascending');
    const asc = await api<RunsAnswer>(
      `/api/v1/runs?experiment_id=${experimentId}&order_by=${encodeURIComponent('metrics.train_auc ASC')}`,
    );
    await expect.poll(rowNames, { timeout: 10_000 }).toEqual(asc.runs.map((r) => r.run_name));
    await check('runs-sorted');
  });

  it('compares three runs selected in the table: each curve draws the points the API answers', async () => {
    await open(`#/runs?experiment=${experimentId}`);
    for (const id of trainingRuns) {
      await runCheckbox(page, id).check();
    }
    const asked = page.waitForRequest((r) => new URL(r.url()).pathname === '/api/v1/metrics/history');
    await page.getByRole('button', { name: /^Compare 3 runs/ }).click();
    const question = (await asked).postDataJSON() as { run_ids: string[]; keys: string[] };
    await settled();
    expect(new URL(page.url()).hash).toBe(`#/compare?runs=${trainingRuns.join('%2C')}`);
    expect([...question.run_ids].sort()).toEqual([...trainingRuns].sort());
    // The API's answer to the page's own question, asked again here.
    const answer = await api<HistoryAnswer>('/api/v1/metrics/history', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(question),
    });
    // Every metric of the three runs has a line chart once the curves are drawn.
    await waitUntil(
      page,
      `document.querySelectorAll('main svg[data-chart="line"]').length >= ${question.keys.length}`,
    );
    const drawn =
      (await page.evaluate(`[...document.querySelectorAll('main svg[data-chart="line"]')].map((svg) => ({
      key: svg.getAttribute('aria-label'),
      series: [...svg.querySelectorAll('[data-series]')].map((g) => [g.getAttribute('data-series'), Number(g.getAttribute('data-points'))]),
    }))`)) as Array<{ key: string; series: Array<[string, number]> }>;
    const expected = question.keys.map((key) => ({
      key,
      series: trainingRuns.flatMap((id) => {
        const s = answer.series.find((x) => x.run_id === id && x.key === key);
        return s ? [[runNames.get(id)!, s.steps.length] as [string, number]] : [];
      }),
    }));
    expect(drawn).toEqual(expected);
    // The loss curves are whole (fewer points than the page asks for): 26 linear epochs, 200 trees each.
    const loss = drawn.find((c) => c.key === 'train_loss')!;
    expect(loss.series.map(([, n]) => n)).toEqual([26, 200, 200]);
    for (const id of trainingRuns) {
      const { metrics } = await api<{ metrics: unknown[] }>(
        `/api/2.0/mlflow/metrics/get-history?run_id=${id}&metric_key=train_loss`,
      );
      const s = answer.series.find((x) => x.run_id === id && x.key === 'train_loss')!;
      expect(s.total).toBe(metrics.length);
    }
    await check('compare-3');
  });

  it('moves an alias in the UI with a reason; a wrong token is refused and changes nothing', async () => {
    const reason = 'e2e: back to the linear model (moved from the dashboard)';
    const before = await api<ModelAnswer>(`/api/v1/models/${DEMO.model}`);
    const production = () => before.aliases.find((a) => a.alias === 'production')?.version;
    expect(production()).toBe(3);
    await open(`#/models/${DEMO.model}`);
    const signIn = async (token: string) => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByLabel('Bearer token').fill(token);
      await page.getByLabel('Bearer token').press('Enter');
    };
    const move = async () => {
      await page.getByLabel('Alias', { exact: true }).fill('production');
      await page.getByLabel('To version').selectOption('2');
      await page.getByLabel('Reason').fill(reason);
      await page.getByRole('button', { name: /^Move alias/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      // The confirmation says where the alias points now and what serves it.
      expect(await dialog.textContent()).toContain('version 3');
      expect(await dialog.textContent()).toMatch(/churn@production: version 3, 100% of traffic/);
      await check('model-alias-confirm');
      await dialog.getByRole('button', { name: 'Move the alias' }).click();
    };
    // A wrong token at sign-in: the server's answer is shown and the token is not kept.
    g.expectConsoleError(/status of 401/);
    const wrong = 'wrong-token-0123456789abcdef';
    await signIn(wrong);
    const refusedAtSignIn = page.locator('header [role="alert"]', { hasText: 'wrong token' });
    await refusedAtSignIn.waitFor();
    expect(await refusedAtSignIn.textContent()).toContain('HTTP 401');
    expect(await page.evaluate(`sessionStorage.getItem('flywheel.token')`)).toBeNull();
    await check('sign-in-wrong-token');
    // A write with a token the server does not take (kept from before the server got another one):
    // the page says so, and the alias and the audit history stay as they were.
    await page.evaluate(`sessionStorage.setItem('flywheel.token', ${JSON.stringify(wrong)})`);
    await page.reload();
    await settled();
    await move();
    const refused = page.locator('main [role="alert"]', { hasText: 'wrong token' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('HTTP 401');
    await page.getByText('Nothing was changed.').waitFor();
    await g.assertClean('the wrong token');
    const history = async () =>
      JSON.parse(await flywheel(ws, ['models', 'history', DEMO.model, '--json'])) as HistoryEvent[];
    expect((await history()).filter((e) => e.data.reason === reason)).toEqual([]);
    expect((await api<ModelAnswer>(`/api/v1/models/${DEMO.model}`)).aliases).toEqual(before.aliases);
    // The right token: moved, and `flywheel models history` (the CLI, same workspace) has the move.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(TOKEN);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await settled();
    await move();
    await page.getByRole('status').filter({ hasText: 'moved from version 3 to version 2' }).waitFor();
    const moves = (await history()).filter((e) => e.kind === 'model.alias.set' && e.data.reason === reason);
    expect(moves).toHaveLength(1);
    expect(moves[0]!.data).toMatchObject({ alias: 'production', from: 3, to: 2, reason });
    const after = await api<ModelAnswer>(`/api/v1/models/${DEMO.model}`);
    expect(after.aliases.find((a) => a.alias === 'production')?.version).toBe(2);
    await check('model-alias-moved');
  });

  it('shows a not-found page with a way back for an unknown run, model or dataset', async () => {
    for (const [what, hash] of [
      ['run', '#/runs/no-such-run'],
      ['model', '#/models/no-such-model'],
      ['dataset', '#/datasets/no-such-dataset'],
    ] as const) {
      await open('#/');
      g.expectConsoleError(/status of 404/);
      await page.goto(`${server.url}/${hash}`);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      expect(await page.locator('main').textContent(), what).toMatch(/does not exist/);
      await check(`not-found-${what}`);
      await page.locator('main').getByRole('link', { name: 'home page' }).click();
      await expect.poll(() => new URL(page.url()).hash).toBe('#/');
      await page.goto(`${server.url}/${hash}`);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      await page.getByRole('button', { name: 'Go back' }).click();
      await expect.poll(() => new URL(page.url()).hash).toBe('#/');
      await g.assertClean(`not found: ${what}`);
    }
  });

  it('shows an API error with its message, never a blank page', async () => {
    // The server failing: the API's error shape with a message and a hint, answered with HTTP 500.
    const body = {
      error_code: 'INTERNAL_ERROR',
      message: 'e2e: the metadata store is unreachable',
      flywheel: { code: 'INTERNAL', hint: 'e2e: start the database again' },
    };
    await page.route('**/api/v1/runs/*', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify(body) }),
    );
    g.expectConsoleError(/status of 500/);
    try {
      await page.goto(`${server.url}/#/runs/${trainingRuns[0]}`);
      const alert = page.locator('main [role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(body.message);
      expect(await alert.textContent()).toContain(body.flywheel.hint);
      await check('api-error');
    } finally {
      await page.unroute('**/api/v1/runs/*');
    }
  });

  it('shows markup and quotes that users and datasets wrote as text', async () => {
    // The run page: the name and the param value as text, no element made from them.
    await open(`#/runs/${xssRunId}`);
    await page.locator('main h1', { hasText: XSS.runName }).waitFor();
    await page.getByRole('cell', { name: XSS.param.value, exact: true }).first().waitFor();
    // The runs table, and a comparison whose chart legend names the run.
    await open(`#/runs?experiment=${experimentId}`);
    await page.getByRole('link', { name: XSS.runName, exact: true }).waitFor();
    await open(`#/compare?runs=${xssRunId},${trainingRuns[0]}`);
    await waitUntil(
      page,
      `document.querySelectorAll('main svg[data-chart="line"] [data-series]').length > 0`,
    );
    const names = (await page.evaluate(
      `[...document.querySelectorAll('main svg [data-series]')].map((g) => g.getAttribute('data-series'))`,
    )) as string[];
    expect(names).toContain(XSS.runName);
    await page.getByText(XSS.param.value, { exact: true }).first().waitFor();
    await check('compare-xss');
    // Nothing was made into an element or run: no <img src=x>, no inline <script>.
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('script:not([src])').count()).toBe(0);
  });
  it('opens a drifted window of the monitoring page: the feature against the reference, as the API says', async () => {
    const detail = await api<MonitoringAnswer>(`/api/v1/monitoring/${DEMO.model}`);
    expect(detail.first_drift).not.toBeNull();
    const drifted = detail.windows.find((w) => w.drift)!;
    const calm = detail.windows.find((w) => !w.drift)!;
    const feature = drifted.features.find((f) => f.drift)!.column;
    await open(`#/monitoring/${DEMO.model}`);
    expect(await page.locator('main').textContent()).toContain(`Drift from window ${detail.first_drift}`);
    // The windows × features heat table flags as many cells as the API has drifted features.
    const flagged = detail.windows.reduce((n, w) => n + w.features.filter((f) => f.drift).length, 0);
    expect(flagged).toBeGreaterThan(0);
    const chosen = async (index: number) => {
      await page.getByLabel('Feature', { exact: true }).selectOption(feature);
      await page.getByLabel('Window', { exact: true }).selectOption(String(index));
      await expect.poll(() => new URL(page.url()).hash, { timeout: 10_000 }).toContain(`index=${index}`);
      await settled();
      const answer = await api<{ drift: { drift: boolean } }>(
        `/api/v1/monitoring/${DEMO.model}/features/${feature}?window=${detail.window}&index=${index}`,
      );
      const line = page.locator('#distribution ~ p, section[aria-labelledby="distribution"] p', {
        hasText: `Window ${index} (`,
      });
      await line.first().waitFor();
      expect(await line.first().textContent()).toContain(answer.drift.drift ? 'drifted' : 'no drift');
      await waitUntil(
        page,
        `!!document.querySelector('section[aria-labelledby="distribution"] svg [data-points]')`,
      );
      return answer.drift.drift;
    };
    expect(await chosen(drifted.index)).toBe(true);
    await check('monitoring-drifted-window');
    expect(await chosen(calm.index)).toBe(false);
    await g.assertClean('a window without drift');
  });

  it('shows a dataset column named with markup and a category value with quotes as text', async () => {
    await open(`#/datasets/${XSS.dataset}/versions/1`);
    await page.getByRole('cell', { name: XSS.column, exact: true }).waitFor();
    await page.getByRole('heading', { name: XSS.column, exact: true }).waitFor();
    expect(await page.locator('main b').count()).toBe(0);
    // The category's top value is a bar label of the column's chart (SVG text, escaped by src/charts).
    const labels = (await page.evaluate(
      `[...document.querySelectorAll('main svg text')].filter((t) => t.getClientRects().length > 0).map((t) => t.textContent)`,
    )) as string[];
    expect(
      labels.some((t) => t.startsWith(XSS.category) || XSS.category.startsWith(t.replace(/…$/, ''))),
      labels.join(' | '),
    ).toBe(true);
    await check('dataset-version-xss');
  });
  it('is usable by keyboard: the skip link, sorting, selecting runs and comparing them', async () => {
    await page.goto('about:blank'); // a fresh load: focus starts at the top of the document
    await open(`#/runs?experiment=${experimentId}`);
    const focused = () =>
      page.evaluate(
        `document.activeElement && (document.activeElement.id || document.activeElement.textContent.trim())`,
      );
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('main');
    // A column header sorts with Enter; run checkboxes toggle with Space; Compare opens with Enter.
    const header = page.locator('main table.runs thead th', { hasText: /^valid_auc/ });
    await header.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort'), { timeout: 10_000 }).toBe('descending');
    for (const id of trainingRuns.slice(0, 2)) {
      await runCheckbox(page, id).focus();
      await page.keyboard.press('Space');
    }
    await page.getByRole('button', { name: /^Compare 2 runs/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).hash, { timeout: 10_000 }).toMatch(/^#\/compare\?runs=/);
    await settled();
    expect(await page.locator('main h1').textContent()).toBe('Compare 2 runs');
    await g.assertClean('keyboard');
  });
});

/**
 * A run's checkbox in the runs table, found by the row's link to the run's id: run names are not
 * unique (the demo names runs by the second they started, and two can start in the same second).
 */
function runCheckbox(page: Page, id: string) {
  return page
    .locator('tr', { has: page.locator(`a[href="#/runs/${encodeURIComponent(id)}"]`) })
    .getByRole('checkbox');
}
