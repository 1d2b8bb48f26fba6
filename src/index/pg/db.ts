/**
 * The one module that talks to PostgreSQL through node-postgres. The rest of the store sees `Db`: queries,
 * transactions, and a clear error naming what failed (never the connection string, which may hold a password).
 */
import pg from 'pg';
import { CrisisDeskError } from '../../errors.ts';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Db extends Queryable {
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The database could not be reached or refused a statement; the message says which. */
export class PgStoreError extends CrisisDeskError {
  constructor(message: string) {
    super('PgStoreError', message);
  }
}

/** A connection pool for DATABASE_URL. `max` connections (default 4): replicas each hold their own pool. */
export function openDb(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4 });
  // An idle client that loses its server must not crash the process: the next query reports it.
  pool.on('error', () => {});
  const run = async <R extends Row>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<R[]> => {
    try {
      return (await client.query<R>(sql, params as unknown[] | undefined)).rows;
    } catch (error) {
      throw describe(error, sql);
    }
  };
  return {
    query: (sql, params) => run(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect().catch((error: unknown) => {
        throw describe(error, 'connect');
      });
      // The pool listens for 'error' on idle clients only: a server that dies while this client is checked
      // out emits it here, and an 'error' event nobody hears ends the process (or the search worker). The
      // statement in flight fails too, with the same cause, and that is what the caller sees.
      let lost: Error | null = null;
      const onError = (error: Error): void => {
        lost = error;
      };
      client.on('error', onError);
      try {
        await run(client, 'BEGIN');
        const result = await work({ query: (sql, params) => run(client, sql, params) });
        await run(client, 'COMMIT');
        return result;
      } catch (error) {
        if (!lost) await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', onError);
        // A client whose connection broke is destroyed, not put back for the next question.
        client.release(lost ?? undefined);
      }
    },
    close: () => pool.end(),
  };
}

function describe(error: unknown, sql: string): PgStoreError {
  const e = error as { message?: string; code?: string };
  const what = sql === 'connect' ? 'connecting to DATABASE_URL' : `running ${sql.trim().split(/\s+/).slice(0, 4).join(' ')} …`;
  return new PgStoreError(`PostgreSQL failed ${what}: ${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`);
}

/** A Float32Array as pgvector's text input. */
export function vectorLiteral(v: Float32Array): string {
  return `[${Array.from(v).join(',')}]`;
}

/** pgvector's text output back to floats. */
export function parseVector(text: string): Float32Array {
  return Float32Array.from(text.slice(1, -1).split(','), Number);
}
