import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadRuns } from './compare';

const row = (run_id: string) => ({ run_id, run_name: run_id, params: {}, metrics: {} });

describe('loadRuns', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for all the runs in one request and keeps the order of the URL', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify({ runs: [row('b'), row('a')], next_page_token: null }), {
        status: 200,
      });
    });
    const runs = await loadRuns(['a', 'b'], new AbortController().signal);
    expect(runs.map((r) => r.run_id)).toEqual(['a', 'b']);
    expect(urls).toHaveLength(1);
    const q = new URL(urls[0]!, 'http://x').searchParams;
    expect(q.get('filter')).toBe("attributes.run_id IN ('a', 'b')");
    expect(q.get('max_results')).toBe('2');
  });

  it('is a 404 for an id that names no run, or that is not an id at all (no request made)', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ runs: [row('a')] }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    await expect(loadRuns(['a', 'gone'], new AbortController().signal)).rejects.toMatchObject({
      status: 404,
      message: 'run gone does not exist',
    });
    fetch.mockClear();
    await expect(loadRuns(['a', "x') OR ('1"], new AbortController().signal)).rejects.toMatchObject({
      status: 404,
    });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('loadRuns after the runs table', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('takes the rows the runs table showed without asking again', async () => {
    const { rememberRuns } = await import('../run-cache');
    rememberRuns([row('k1'), row('k2')] as never);
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const runs = await loadRuns(['k2', 'k1'], new AbortController().signal);
    expect(runs.map((r) => r.run_id)).toEqual(['k2', 'k1']);
    expect(fetch).not.toHaveBeenCalled();
  });
});
