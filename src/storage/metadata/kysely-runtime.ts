/**
 * Kysely's runtime values, loaded from its CommonJS build. Its ESM build is ~280 modules, and Node 20
 * links ES modules markedly slower than it requires CommonJS ones (0.46 s against 0.30 s to load
 * here), which is most of what `flywheel status` spends starting up. Every value import of Kysely in
 * the project goes through this file, so one copy of the library is ever loaded; types still come
 * from `kysely` (they are erased).
 */
import { createRequire } from 'node:module';

const kysely = createRequire(import.meta.url)('kysely') as typeof import('kysely');

export const {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} = kysely;
