/**
 * The one module that talks to PostgreSQL through node-postgres. The rest of the store sees `Db`: queries,
 * transactions, and a clear error naming what failed (never the connection string, which may hold a password).
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { CrisisDeskError } from '../../errors.ts';

export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * Run as a named prepared statement (parsed and planned once per connection, then only bound and executed):
   * for the statements every question runs. Default false.
   */
  prepare?: boolean;
}

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]>;
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
  // Prepared statements are named per connection: a real server keeps them per connection anyway, but PGlite's
  // socket server runs every connection (of every process and worker) on one backend, where names must differ.
  const tag = randomBytes(4).toString('hex');
  const serials = new WeakMap<pg.PoolClient, number>();
  let nextSerial = 0;
  const nameFor = (client: pg.PoolClient, sql: string): string => {
    let serial = serials.get(client);
    if (serial === undefined) serials.set(client, (serial = nextSerial++));
    return `cd_${tag}_${serial.toString(36)}_${statementName(sql)}`;
  };
  const run = async <R extends Row>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<R[]> => {
    try {
      const values = params as unknown[] | undefined;
      if (options?.prepare && client instanceof pg.Pool) return await prepared<R>(sql, values);
      if (options?.prepare)
        return (
          await client.query<R>({
            name: nameFor(client as pg.PoolClient, sql),
            text: sql,
            ...(values ? { values } : {}),
          })
        ).rows;
      return (await client.query<R>(sql, values)).rows;
    } catch (error) {
      throw describe(error, sql);
    }
  };
  /** A prepared statement outside a transaction: on a pooled connection, released as pool.query releases it. */
  const prepared = async <R extends Row>(sql: string, values: unknown[] | undefined): Promise<R[]> => {
    const client = await pool.connect();
    // As in transaction(): a server lost while this client is checked out must not crash the process.
    const onError = (): void => {};
    client.on('error', onError);
    let failure: Error | undefined;
    try {
      return (await client.query<R>({ name: nameFor(client, sql), text: sql, ...(values ? { values } : {}) }))
        .rows;
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      client.off('error', onError);
      client.release(failure);
    }
  };
  return {
    query: (sql, params, options) => run(pool, sql, params, options),
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
        const result = await work({ query: (sql, params, options) => run(client, sql, params, options) });
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

/** A prepared statement's name part from its text: the same text always gets the same name (a connection prepares it once). */
function statementName(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 24);
}

function describe(error: unknown, sql: string): PgStoreError {
  const e = error as { message?: string; code?: string };
  const what =
    sql === 'connect'
      ? 'connecting to DATABASE_URL'
      : `running ${sql.trim().split(/\s+/).slice(0, 4).join(' ')} …`;
  return new PgStoreError(
    `PostgreSQL failed ${what}: ${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`,
  );
}

/** A Float32Array as pgvector's text input. */
export function vectorLiteral(v: Float32Array): string {
  return `[${Array.from(v).join(',')}]`;
}

/** pgvector's text output back to floats. */
export function parseVector(text: string): Float32Array {
  return Float32Array.from(text.slice(1, -1).split(','), Number);
}
