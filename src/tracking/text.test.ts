// Text PostgreSQL cannot hold (NUL) or that has no UTF-8 form (a lone surrogate) is refused by the
// tracking limits with INVALID_ARGUMENT naming the field, on both databases, for SDK callers too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWorkspace, openPlatform, type Platform } from '../platform.js';
import { dropPostgresSchema, freshPostgresUrl, postgresUnavailable, tempDir } from '../testing/services.js';

const pgDown = await postgresUnavailable();
// PostgreSQL runs too where it answers (and must, in CI: postgresUnavailable throws there).
const dialects: Array<[string, string | undefined]> = [['sqlite', undefined]];
if (pgDown === undefined) dialects.push(['postgres', freshPostgresUrl('text')]);

describe.each(dialects)('tracking refuses text no store keeps (%s)', (_dialect, metadataUrl) => {
  const dir = tempDir();
  let p: Platform;
  beforeAll(async () => {
    const env = metadataUrl ? { FLYWHEEL_METADATA_URL: metadataUrl } : {};
    await initWorkspace(dir.path, { env });
    p = await openPlatform({ cwd: dir.path, env });
  });
  afterAll(async () => {
    await p?.close();
    if (metadataUrl) await dropPostgresSchema(metadataUrl);
    dir.cleanup();
  });

  it('in experiment names, param and tag keys and values, and run names', async () => {
    const refused = (field: string) => ({ code: 'INVALID_ARGUMENT', where: { field } });
    await expect(p.tracking.createExperiment('a\u0000b')).rejects.toMatchObject(refused('experiment name'));
    const run = await p.tracking.startRun({ experiment: 'text', git: false });
    await expect(run.logParams({ a: 'x\u0000' })).rejects.toMatchObject(refused('param "a" value'));
    await expect(run.setTags({ t: '\ud800' })).rejects.toMatchObject(refused('tag "t" value'));
    await expect(run.setTags({ 'k\u0000': 'v' })).rejects.toMatchObject(refused('tag key'));
    await expect(p.tracking.startRun({ name: 'r\udc00', git: false })).rejects.toMatchObject(
      refused('run name'),
    );
    // A well-formed pair is text like any other.
    await run.setTags({ emoji: '\ud83d\ude00' });
    await run.end();
    expect((await p.tracking.getRun(run.id)).tags.emoji).toBe('\ud83d\ude00');
  });
});
