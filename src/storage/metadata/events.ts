/** The events (audit log) repository. */
import { hostname, userInfo } from 'node:os';
import type { Kysely } from 'kysely';
import { processEnv } from '../../core/index.js';
import type { EventLog, EventRecord } from './metadata-store.js';
import type { MetadataSchema } from './schema.js';

/** The default actor: `user@host`, or FLYWHEEL_ACTOR when set. */
export function defaultActor(): string {
  const actor = processEnv().FLYWHEEL_ACTOR;
  if (actor) return actor;
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers)
  }
  return `${user}@${hostname()}`;
}

/** EventLog over any Kysely connection or transaction. */
export function createEventLog(db: Kysely<MetadataSchema>): EventLog {
  return {
    async append(event) {
      const row = await db
        .insertInto('events')
        .values({
          time: event.time ?? Date.now(),
          kind: event.kind,
          subject: event.subject,
          actor: event.actor ?? defaultActor(),
          data: JSON.stringify(event.data ?? {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async list(query = {}) {
      let q = db.selectFrom('events').selectAll().orderBy('id', 'asc');
      if (query.subject !== undefined) q = q.where('subject', '=', query.subject);
      if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
      if (query.afterId !== undefined) q = q.where('id', '>', query.afterId);
      if (query.limit !== undefined) q = q.limit(query.limit);
      const rows = await q.execute();
      return rows.map(
        (r): EventRecord => ({
          id: Number(r.id),
          time: Number(r.time),
          kind: r.kind,
          subject: r.subject,
          actor: r.actor,
          data: JSON.parse(r.data) as Record<string, unknown>,
        }),
      );
    },
  };
}
