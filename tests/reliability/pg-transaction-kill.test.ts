/**
 * The database going away inside a write transaction (as `npm run index` writes a generation): the statement
 * fails with a PgStoreError that the caller handles, and nothing else happens: no 'error' event left unheard
 * (which ended the process with "Unhandled error event" and a stack trace), and the pool is usable again once
 * the server is back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, PgStoreError } from '../../src/index/pg/db.ts';
import { startLocalPostgres } from '../../src/index/pg/local-server.ts';

describe('PostgreSQL killed during a transaction', () => {
  it('fails the transaction with one PgStoreError, not an unhandled error event; the next transaction works after a restart', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cd-pg-tx-'));
    let server = await startLocalPostgres({ dataDir: dir });
    const port = Number(new URL(server.url).port);
    const db = openDb(server.url);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await db.query('CREATE TABLE t (n int)');
      const failed = await db
        .transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES (1)');
          await server.stop();
          await tx.query('INSERT INTO t VALUES (2)');
        })
        .catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(PgStoreError);
      expect((failed as Error).message).toMatch(
        /^crisis-desk: PostgreSQL failed running INSERT INTO t VALUES/,
      );
      // Give a late 'error' event from the broken socket the chance to surface.
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);

      server = await startLocalPostgres({ dataDir: dir, port });
      await db.transaction(async (tx) => tx.query('INSERT INTO t VALUES (3)'));
      // The rolled-back transaction left nothing.
      expect(await db.query<{ n: number }>('SELECT n FROM t ORDER BY n')).toEqual([{ n: 3 }]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await db.close();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
