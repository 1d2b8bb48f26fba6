/**
 * A real PostgreSQL server (PGlite with pgvector and pg_textsearch behind pglite-socket) on 127.0.0.1 for one
 * test file, started by the file itself: nothing needs to be running beforehand.
 *
 * With TEST_DATABASE_URL set (`npm run test:pg`, docs/operations.md), the files run one at a time against that
 * server instead, each starting from an empty index; a server that cannot hold the index fails the file at once
 * with the product's own preflight message. Files that need a server *without* an extension keep PGlite.
 */
import { afterAll, beforeAll } from 'vitest';
import { type Db, openDb } from '../../src/index/pg/db.ts';
import { type LocalPostgres, startLocalPostgres } from '../../src/index/pg/local-server.ts';
import { checkDatabase } from '../../src/index/pg/preflight.ts';
import { META_SCHEMA } from '../../src/index/pg/schema.ts';

/** A server the operator named for the PostgreSQL suite; unset in `npm test`. */
const external = process.env.TEST_DATABASE_URL;

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
  const useExternal = external !== undefined && options.extensions === undefined;
  let url: string | undefined;
  beforeAll(async () => {
    if (useExternal) {
      url = external;
      db = openDb(url);
      // The product's own check: one line naming what the server lacks, before any test runs.
      await checkDatabase(db).catch((error: Error) => {
        throw new Error(`TEST_DATABASE_URL: ${error.message.replace(/^crisis-desk: /, '')}`);
      });
      return;
    }
    server = await startLocalPostgres(options);
    url = server.url;
    db = openDb(server.url);
  });
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });
  return {
    get url() {
      if (!url) throw new Error('usePostgres: the server starts in beforeAll');
      return url;
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
