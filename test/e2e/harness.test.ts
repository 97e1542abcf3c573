// The end-to-end harness's guards must catch what they claim to (browser.ts): a page on a throwaway
// local server makes an outside request, opens a dialog, runs an injected handler, logs an error
// and throws — each must come back as a problem; a quiet page must pass, and axe must find a
// serious violation in a page built to have one (an image without alt text).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, chromiumUnavailable, guardedPage, launch } from './browser.js';

const unavailable = chromiumUnavailable();

const PAGES: Record<string, string> = {
  '/quiet': '<!doctype html><html lang="en"><title>quiet</title><main><h1>Quiet</h1><p>ok</p></main></html>',
  '/outside':
    '<!doctype html><html lang="en"><title>o</title><main><h1>o</h1><img alt="" src="http://example.invalid/x.png"></main></html>',
  '/dialog': '<!doctype html><html lang="en"><title>d</title><script>confirm("sure?")</script></html>',
  '/handler':
    '<!doctype html><html lang="en"><title>h</title><main><h1>h</h1><img alt="" src="/nothing" onerror="alert(1)"></main></html>',
  '/error': '<!doctype html><html lang="en"><title>e</title><script>console.error("boom")</script></html>',
  '/throws': '<!doctype html><html lang="en"><title>t</title><script>null.x</script></html>',
  '/fetch404': '<!doctype html><html lang="en"><title>f</title><script>fetch("/nothing")</script></html>',
  '/csp':
    '<!doctype html><html lang="en"><title>c</title><main><h1>c</h1><img alt="" src="/nothing" onerror="alert(1)"></main></html>',
  '/no-alt':
    '<!doctype html><html lang="en"><title>a</title><main><h1>a</h1><img src="/pic.png"></main></html>',
};

describe.skipIf(unavailable)('the end-to-end harness', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const page = PAGES[req.url ?? ''];
      // '/csp' is served as the dashboard is: only the server's own scripts may run.
      const csp = req.url === '/csp' ? { 'content-security-policy': "script-src 'self'" } : {};
      res.writeHead(page ? 200 : 404, { 'content-type': 'text/html', ...csp }).end(page ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  const problemsOf = async (path: string, expect404 = false) => {
    const g = await guardedPage(browser, origin);
    if (expect404) g.expectConsoleError(/404/);
    await g.page.goto(`${origin}${path}`, { waitUntil: 'networkidle' });
    await g.page.waitForTimeout(300);
    const error = await g.assertClean(path).then(
      () => '',
      (e: Error) => e.message,
    );
    await g.page.context().close();
    return error;
  };

  it('passes a quiet page', async () => {
    expect(await problemsOf('/quiet')).toBe('');
  });

  it('fails a request outside the server origin', async () => {
    expect(await problemsOf('/outside')).toMatch(
      /request outside http:\/\/127\.0\.0\.1:\d+: GET http:\/\/example\.invalid/,
    );
  });

  it('fails any dialog, and a handler an injected tag would run', async () => {
    expect(await problemsOf('/dialog')).toMatch(/dialog confirm: sure\?/);
    const handler = await problemsOf('/handler', true);
    expect(handler).toMatch(/dialog alert: 1/);
    expect(handler).toMatch(/script ran: alert\(1\)/);
  });

  it('fails a handler that the CSP blocked (markup made from text, even where nothing ran)', async () => {
    const blocked = await problemsOf('/csp', true);
    expect(blocked).toMatch(/script ran: CSP blocked script-src-attr/);
    expect(blocked).not.toMatch(/dialog/);
  });

  it('fails console errors and uncaught exceptions, but lets an expected one pass', async () => {
    expect(await problemsOf('/error')).toMatch(/console error: boom/);
    expect(await problemsOf('/throws')).toMatch(/uncaught in the page: .*null/);
    expect(await problemsOf('/fetch404')).toMatch(/console error: .*404/);
    expect(await problemsOf('/fetch404', true)).toBe('');
  });

  it('finds serious accessibility violations with axe-core', async () => {
    const g = await guardedPage(browser, origin);
    g.expectConsoleError(/404/);
    await g.page.goto(`${origin}/quiet`);
    expect(await axeViolations(g.page)).toEqual([]);
    await g.page.goto(`${origin}/no-alt`);
    expect((await axeViolations(g.page)).join('\n')).toMatch(/^image-alt \(critical\)/m);
    await g.page.context().close();
  });
});
