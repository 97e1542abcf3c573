import { describe, expect, it } from 'vitest';
import { dropPostgresSchema, freshPostgresUrl, postgresUnavailable } from '../../testing/services.js';
import { describeMetadataStoreContract } from './metadata-store.contract.js';
import { MIGRATIONS } from './migrations/index.js';
import { PostgresMetadataStore, redactUrl } from './postgres.js';

const unavailable = await postgresUnavailable();

describeMetadataStoreContract('postgres', async () => {
  if (unavailable) return undefined;
  const url = freshPostgresUrl('contract');
  return {
    open: () => PostgresMetadataStore.open(url),
    reopen: () => PostgresMetadataStore.open(url),
    cleanup: () => dropPostgresSchema(url),
  };
});

describe.skipIf(unavailable !== undefined)('PostgresMetadataStore', () => {
  it('migrates exactly once when several clients open a new schema at the same moment', async () => {
    const url = freshPostgresUrl('race');
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresMetadataStore.open(url)));
      const latest = MIGRATIONS.at(-1)!.version;
      expect(await Promise.all(stores.map((s) => s.schemaVersion()))).toEqual(Array(4).fill(latest));
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await dropPostgresSchema(url);
    }
  });

  it('says which server it could not reach, without the password', async () => {
    await expect(PostgresMetadataStore.open('postgres://u:secret@127.0.0.1:1/test')).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: expect.not.stringContaining('secret'),
    });
    expect(redactUrl('postgres://u:secret@h/db')).toBe('postgres://u:***@h/db');
  });
});
