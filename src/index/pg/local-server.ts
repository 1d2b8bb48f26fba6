/**
 * A real PostgreSQL server on 127.0.0.1 for tests, CI and measurements: PGlite (Postgres compiled to WASM) with
 * pgvector and pg_textsearch, behind pglite-socket's wire-protocol server. It is one backend: statements of
 * several connections are queued, and a transaction holds the others until it ends (a client that disconnects
 * mid-transaction is rolled back, as with a real server). Production points DATABASE_URL at a real server.
 */
import { PGlite } from '@electric-sql/pglite';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface LocalPostgres {
  /** postgres://… for DATABASE_URL. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a server; `dataDir` keeps the database between runs (default: in memory), `port` 0 picks a free one.
 * `extensions`: which the server offers (default both; tests leave one out to see the indexer refuse it).
 */
export async function startLocalPostgres(
  options: { dataDir?: string; port?: number; extensions?: readonly ('vector' | 'pg_textsearch')[] } = {},
): Promise<LocalPostgres> {
  const wanted = new Set(options.extensions ?? ['vector', 'pg_textsearch']);
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    extensions: {
      ...(wanted.has('vector') ? { vector } : {}),
      ...(wanted.has('pg_textsearch') ? { pg_textsearch } : {}),
    },
  });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: 64,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
