/**
 * The stat cache: (path, inode, size, mtime) → digest, so re-adding unchanged files does not hash
 * them again. It is a local cache (one SQLite file under .flywheel/cache/), not metadata: losing it
 * only costs a rehash. An entry is trusted only when inode, size and mtime (ns) all match.
 */
import type { BigIntStats } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Digest } from '../core/index.js';

/** A cache of file digests keyed by their stat identity. */
export class StatCache {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<
    [string],
    { ino: string; size: string; mtime: string; digest: string }
  >;
  private readonly putStmt: Database.Statement<[string, string, string, string, string]>;
  private pending: Array<[string, string, string, string, string]> = [];

  private constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 15_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(
      'create table if not exists stat_cache (path text primary key, ino text not null, size text not null, mtime text not null, digest text not null)',
    );
    this.getStmt = this.db.prepare('select ino, size, mtime, digest from stat_cache where path = ?');
    this.putStmt = this.db.prepare(
      'insert or replace into stat_cache (path, ino, size, mtime, digest) values (?, ?, ?, ?, ?)',
    );
  }

  /** Open (creating) the cache file. */
  static open(file: string): StatCache {
    return new StatCache(file);
  }

  /** Every cached entry under folder `root` (one query instead of one per file). */
  loadUnder(root: string): Map<string, { ino: string; size: string; mtime: string; digest: string }> {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    const rows = this.db
      .prepare('select path, ino, size, mtime, digest from stat_cache where path >= ? and path < ?')
      .all(prefix, `${prefix}\uffff`) as Array<{
      path: string;
      ino: string;
      size: string;
      mtime: string;
      digest: string;
    }>;
    return new Map(rows.map((r) => [r.path, r]));
  }

  /** The cached digest of `path` if its stat identity is unchanged. */
  get(path: string, st: BigIntStats): Digest | undefined {
    const row = this.getStmt.get(path);
    if (!row) return undefined;
    return row.ino === String(st.ino) && row.size === String(st.size) && row.mtime === String(st.mtimeNs)
      ? row.digest
      : undefined;
  }

  /** Remember a digest (written on flush). */
  set(path: string, st: BigIntStats, digest: Digest): void {
    this.pending.push([path, String(st.ino), String(st.size), String(st.mtimeNs), digest]);
  }

  /** Write remembered entries in one transaction. */
  flush(): void {
    const rows = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const r of rows) this.putStmt.run(...r);
    })();
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}
