// `/api/v1/labeling` for annotators: writes need the token; next, answer, skip, undo, status;
// an unknown item or label is a 404/400 in the error shape with nothing recorded.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabelingProject } from '../../labeling/index.js';
import { initWorkspace, openPlatform, type Platform } from '../../platform.js';
import { tempDir } from '../../testing/services.js';
import { createServer } from '../app.js';

const TOKEN = 'labeling-api-token-0123456789';

describe('/api/v1/labeling', () => {
  const tmp = tempDir();
  let platform: Platform;
  let app: Awaited<ReturnType<typeof createServer>>;
  const post = (url: string, payload: object, auth = true) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/labeling/projects/${url}`,
      payload,
      headers: auth ? { authorization: `Bearer ${TOKEN}` } : {},
    });

  beforeAll(async () => {
    await initWorkspace(tmp.path, { env: {} });
    platform = await openPlatform({ cwd: tmp.path, env: {} });
    writeFileSync(join(tmp.path, 'mail.csv'), 'text\nhello\nwin money\nlunch?\n');
    await platform.data.add(join(tmp.path, 'mail.csv'), {});
    await createLabelingProject(
      {
        metadata: platform.metadata,
        artifacts: platform.artifacts,
        statCacheFile: join(tmp.path, '.flywheel', 'cache', 'stat-cache.db'),
      },
      { name: 'p', data: 'mail:1', labels: ['ham', 'spam'], annotationsPerItem: 2, cwd: tmp.path },
    );
    app = await createServer(platform, { token: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await platform?.close();
    tmp.cleanup();
  });

  it('pulls, answers, skips and undoes; status reports progress; writes need the token', async () => {
    expect((await post('p/next', { annotator: 'ann' }, false)).statusCode).toBe(401);
    const first = (await post('p/next', { annotator: 'ann' })).json();
    expect(first.item).toMatchObject({ key: '0', data: { text: 'hello' } });
    expect((await post('p/items/0/answer', { annotator: 'ann', label: 'ham' })).json()).toMatchObject({
      item: '0',
      label: 'ham',
    });
    expect((await post('p/next', { annotator: 'ann' })).json().item.key).toBe('1');
    expect((await post('p/items/1/skip', { annotator: 'ann' })).statusCode).toBe(200);
    expect((await post('p/undo', { annotator: 'ann' })).json()).toEqual({ item: '0' });
    expect((await post('p/items/0/answer', { annotator: 'ann', label: 'spam' })).statusCode).toBe(200);
    const status = (await app.inject({ method: 'GET', url: '/api/v1/labeling/projects/p' })).json();
    expect(status.progress).toMatchObject({ items: 3, annotations: 1, skipped: 1 });
    const list = (await app.inject({ method: 'GET', url: '/api/v1/labeling/projects' })).json();
    expect(list.projects.map((p: { name: string }) => p.name)).toEqual(['p']);
  });

  it('refuses an unknown item or label, or a missing annotator, and records nothing', async () => {
    const before = (await platform.metadata.labeling.annotations('p')).length;
    const unknown = await post('p/items/nope/answer', { annotator: 'bob', label: 'ham' });
    expect(unknown.statusCode).toBe(404);
    const badLabel = await post('p/items/2/answer', { annotator: 'bob', label: 'eggs' });
    expect(badLabel.statusCode).toBe(400);
    expect(badLabel.json().flywheel).toMatchObject({
      code: 'INVALID_ARGUMENT',
      hint: expect.stringContaining('ham, spam'),
    });
    expect((await post('p/next', {})).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/v1/labeling/projects/nope' })).statusCode).toBe(404);
    expect(await platform.metadata.labeling.annotations('p')).toHaveLength(before);
  });
});
