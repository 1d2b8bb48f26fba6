/**
 * A real PostgreSQL server (PGlite with pgvector and pg_textsearch behind pglite-socket) on 127.0.0.1 for one
 * test file, started by the file itself: nothing needs to be running beforehand.
 */
import { afterAll, beforeAll } from 'vitest';
import { type Db, openDb } from '../../src/index/pg/db.ts';
import { type LocalPostgres, startLocalPostgres } from '../../src/index/pg/local-server.ts';
import { META_SCHEMA } from '../../src/index/pg/schema.ts';

export interface TestPostgres {
  /** postgres://127.0.0.1:…; valid once beforeAll ran. */
  readonly url: string;
  readonly db: Db;
  /** Drops every index generation and the shared tables: a fresh, empty database. */
  reset(): Promise<void>;
}

/** `extensions`: which the server offers (default both). */
export function usePostgres(
  options: { extensions?: readonly ('vector' | 'pg_textsearch')[] } = {},
): TestPostgres {
  let server: LocalPostgres | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    server = await startLocalPostgres(options);
    db = openDb(server.url);
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });
  return {
    get url() {
      if (!server) throw new Error('usePostgres: the server starts in beforeAll');
      return server.url;
    },
    get db() {
      if (!db) throw new Error('usePostgres: the server starts in beforeAll');
      return db;
    },
    async reset() {
      const schemas = await this.db.query<{ name: string }>(
        `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'cd\\_gen-%' OR nspname = '${META_SCHEMA}'`,
      );
      for (const { name } of schemas) await this.db.query(`DROP SCHEMA "${name}" CASCADE`);
    },
  };
}
