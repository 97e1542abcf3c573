/**
 * The end-to-end tests' browser (issue 26): Debian's Chromium driven by playwright-core (no browser
 * download), and a guarded page that turns what the dashboard must never do into test failures:
 * a request to any origin but the server's, a dialog (alert/confirm/prompt), a script the page did
 * not ship (an XSS string run as code: caught by an alert trap and by CSP violation reports),
 * a console error or an uncaught exception. Also the accessibility check (axe-core) and the
 * screenshots that docs/dashboard.md shows.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { VIEWPORT } from './shots.js';
import { ROOT } from './workspace.js';

/** The browser: FLYWHEEL_CHROMIUM or Debian's package (`apt-get install chromium`). */
export const CHROMIUM = process.env.FLYWHEEL_CHROMIUM ?? '/usr/bin/chromium';

/** Where the screenshots go, and whether this run writes them (FLYWHEEL_SCREENSHOTS=1). */
export const SHOTS_DIR = join(ROOT, 'docs', 'dashboard');
export const SHOOT = process.env.FLYWHEEL_SCREENSHOTS === '1';

/**
 * Undefined when Chromium is there; otherwise why not. Outside CI the tests skip with that reason;
 * with FLYWHEEL_REQUIRE_SERVICES=1 (set by .ci/run) or CI=true a missing browser fails the run.
 */
export function chromiumUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set FLYWHEEL_CHROMIUM)`;
  if (process.env.FLYWHEEL_REQUIRE_SERVICES === '1' || process.env.CI === 'true') {
    throw new Error(`${reason} — required because this is CI (FLYWHEEL_REQUIRE_SERVICES=1 or CI=true)`);
  }
  console.warn(`skipping the browser tests: ${reason}`);
  return reason;
}

/** Launch headless Chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/** A page whose misdeeds are collected as `problems` (each one fails the test at `assertClean`). */
export interface GuardedPage {
  page: Page;
  /** Every request the page made, in order (URLs). */
  requests: string[];
  problems: string[];
  /** Let console errors matching `re` pass (an expected 404, say) until `forgetExpected`. */
  expectConsoleError(re: RegExp): void;
  /** End the allowances of `expectConsoleError` (at the end of each test). */
  forgetExpected(): void;
  /** Throw with every problem seen since the last call (including trapped script execution). */
  assertClean(where: string): Promise<void>;
}

/** Runs in the page before its own scripts: traps dialogs and records CSP violations. */
const TRAP = `(() => {
  const seen = (window.__e2eTrapped = []);
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const original = window[name];
    window[name] = function (...args) {
      seen.push(name + '(' + args.map(String).join(', ') + ')');
      return original.apply(this, args);
    };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push('CSP blocked ' + e.effectiveDirective + ': ' + (e.blockedURI || 'inline') + ' ' + (e.sample || ''));
  });
})();`;

/** A new page (own context: no shared storage) that may only talk to `origin`. */
export async function guardedPage(browser: Browser, origin: string): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport: { ...VIEWPORT }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  let allowed: RegExp[] = [];
  await context.addInitScript(TRAP);
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (new URL(url).origin !== origin) {
      problems.push(`request outside ${origin}: ${route.request().method()} ${url}`);
      await route.abort('blockedbyclient');
    } else {
      await route.continue();
    }
  });
  page.on('websocket', (ws) => {
    if (new URL(ws.url()).host !== new URL(origin).host)
      problems.push(`websocket outside ${origin}: ${ws.url()}`);
  });
  page.on('dialog', async (dialog) => {
    problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => problems.push(`uncaught in the page: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = `${message.text()} (${message.location().url})`;
    if (!allowed.some((re) => re.test(text))) problems.push(`console error: ${text}`);
  });
  return {
    page,
    requests,
    problems,
    expectConsoleError: (re) => {
      allowed.push(re);
    },
    forgetExpected: () => {
      allowed = [];
    },
    assertClean: async (where) => {
      const trapped = await page
        .evaluate('window.__e2eTrapped ? window.__e2eTrapped.splice(0) : []')
        .catch(() => [] as string[]);
      const found = [...problems.splice(0), ...(trapped as string[]).map((t) => `script ran: ${t}`)];
      if (found.length > 0) throw new Error(`${where}:\n  ${found.join('\n  ')}`);
    },
  };
}

/**
 * Wait until `expression` (JavaScript, evaluated in the page) is truthy, checked every animation
 * frame; resolves to the page's `performance.now()` at that moment (ms since navigation start).
 * Playwright's waitForFunction compiles its predicate with eval inside the page, which the
 * dashboard's CSP (no 'unsafe-eval') refuses; this loop is sent whole through the DevTools protocol.
 */
export async function waitUntil(page: Page, expression: string, timeoutMs = 20_000): Promise<number> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    const check = () => {
      let ok = false;
      try { ok = !!(${expression}); } catch (e) { reject(e); return; }
      if (ok) resolve(performance.now());
      else if (performance.now() - t0 > ${timeoutMs}) reject(new Error('not true after ${timeoutMs} ms: ' + ${JSON.stringify(expression)}));
      else requestAnimationFrame(check);
    };
    check();
  })`)) as number;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe-core finding. */
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core's critical and serious violations on the page as it is now, one line each. The source
 * is evaluated through the DevTools protocol, not added as a <script>: the dashboard's CSP (only
 * its own scripts) stays in force, so the check sees the page users see.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate('window.axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: AxeViolation[];
  };
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join('; ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`,
    );
}

/** Save the viewport as docs/dashboard/NAME.png when FLYWHEEL_SCREENSHOTS=1 (else nothing). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SHOOT) return;
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), animations: 'disabled' });
}
