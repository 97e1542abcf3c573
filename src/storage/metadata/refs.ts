/** The object_refs repository. */
import type { Kysely } from 'kysely';
import type { Digest } from '../../core/index.js';
import type { ObjectRefs } from './metadata-store.js';
import type { MetadataSchema } from './schema.js';

const BATCH = 500;

/** ObjectRefs over any Kysely connection or transaction. */
export function createObjectRefs(db: Kysely<MetadataSchema>): ObjectRefs {
  return {
    async add(owner, digests) {
      const now = Date.now();
      const rows = [...new Set(digests)].map((digest) => ({ digest, owner, created_at: now }));
      for (let i = 0; i < rows.length; i += BATCH) {
        await db
          .insertInto('object_refs')
          .values(rows.slice(i, i + BATCH))
          .onConflict((oc) => oc.columns(['digest', 'owner']).doNothing())
          .execute();
      }
    },
    async remove(owner, digest) {
      const r = await db
        .deleteFrom('object_refs')
        .where('owner', '=', owner)
        .where('digest', '=', digest)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async removeOwner(owner) {
      const r = await db.deleteFrom('object_refs').where('owner', '=', owner).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async byOwner(owner) {
      const rows = await db
        .selectFrom('object_refs')
        .select('digest')
        .where('owner', '=', owner)
        .orderBy('digest')
        .execute();
      return rows.map((r) => r.digest);
    },
    async isReferenced(digest: Digest) {
      const row = await db
        .selectFrom('object_refs')
        .select('digest')
        .where('digest', '=', digest)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    async referencedDigests() {
      const rows = await db.selectFrom('object_refs').select('digest').distinct().execute();
      return new Set(rows.map((r) => r.digest));
    },
  };
}
