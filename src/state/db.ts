/**
 * The bot's own state (votes, asked questions, per-server settings) in one SQLite file under DATA_DIR, through
 * better-sqlite3. This is the only module that imports it. The index never lives here: it keeps its own
 * generations. Every failure leaves as a StateDbError that says whether the file is damaged, locked by
 * another process or unusable, so callers can carry on without the community features.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { CrisisDeskError } from '../errors.ts';

export type SqlValue = string | number | bigint | null;

/** `gone`: the file was deleted or replaced under the open database, so a write would go to an unlinked file. */
export type StateDbProblem = 'damaged' | 'locked' | 'unusable' | 'gone';

/** What a member may be told about a problem: no path, no system error text (those go to the log). */
export function memberText(problem: StateDbProblem): string {
  switch (problem) {
    case 'damaged':
      return "the bot's database is damaged";
    case 'locked':
      return "the bot's database is busy";
    case 'gone':
      return "the bot's database file was removed while the bot ran";
    default:
      return "the bot's database cannot be written right now";
  }
}

export class StateDbError extends CrisisDeskError {
  constructor(
    readonly problem: StateDbProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('StateDbError', message, options);
  }
}

export interface StateDb {
  readonly file: string;
  run(sql: string, ...params: SqlValue[]): { changes: number; lastInsertRowid: number };
  get<T>(sql: string, ...params: SqlValue[]): T | undefined;
  all<T>(sql: string, ...params: SqlValue[]): T[];
  /** Runs `fn` in one transaction: all of it is written or none. */
  transaction<T>(fn: () => T): T;
  /** Versions of the migrations applied, ascending. */
  appliedVersions(): number[];
  close(): void;
}

export interface OpenStateDbOptions {
  /** Default: MIGRATIONS from migrations.ts. Tests pass their own lists. */
  migrations?: readonly Migration[];
  /** How long a write waits for another process's lock before failing as `locked`. Default 2,000 ms. */
  busyTimeoutMs?: number;
}

/** Where the state database lives: DATA_DIR/bot/ (a folder, so the index's own checks of DATA_DIR ignore it). */
export function stateDir(dataDir: string): string {
  return path.join(dataDir, 'bot');
}

export function stateDbFile(dataDir: string): string {
  return path.join(stateDir(dataDir), 'state.sqlite');
}

/** Translates better-sqlite3's errors into what a person can act on. */
function explainSqliteError(error: unknown, file: string): StateDbError {
  if (error instanceof StateDbError) return error;
  const code = (error as { code?: string }).code ?? '';
  const detail = (error as Error).message ?? String(error);
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StateDbError(
      'damaged',
      `the bot state database ${file} is damaged (${detail}); expected an SQLite file. Move it aside to start afresh (votes and settings in it are lost) or restore a backup`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StateDbError(
      'locked',
      `the bot state database ${file} is locked by another process (${detail}); expected one bot per DATA_DIR`,
      { cause: error },
    );
  }
  return new StateDbError('unusable', `the bot state database ${file} cannot be used (${detail})`, {
    cause: error,
  });
}

/** Opens (creating when missing) the database, switches it to WAL, checks it and applies pending migrations. */
export function openStateDb(file: string, options: OpenStateDbOptions = {}): StateDb {
  const migrations = checkMigrations(options.migrations ?? MIGRATIONS);
  let db: Database.Database;
  try {
    if (file !== ':memory:') {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    }
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 2000 });
  } catch (error) {
    throw explainSqliteError(error, file);
  }
  try {
    // WAL lets /gaps and `npm run report` read while the bot writes.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    // Shaped as SQLite's own corruption error, so explainSqliteError below words it as it words that one.
    if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
    migrate(db, migrations);
    if (file !== ':memory:') chmodSync(file, 0o600);
  } catch (error) {
    db.close();
    throw explainSqliteError(error, file);
  }
  return wrap(db, file);
}

function checkMigrations(migrations: readonly Migration[]): readonly Migration[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new CrisisDeskError(
        'InvariantError',
        `migration ${m.name}: expected version ${i + 1} (versions count up from 1 without gaps), got ${m.version}`,
      );
    }
  });
  return migrations;
}

function migrate(db: Database.Database, migrations: readonly Migration[]): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const newest = Math.max(0, ...applied);
  if (newest > migrations.length) {
    throw new StateDbError(
      'unusable',
      `the bot state database was written by a newer Crisis Desk (schema version ${newest}); this one knows up to ${migrations.length}`,
    );
  }
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    // Each migration and its record commit together, so a crash never leaves one half-applied.
    db.transaction(() => {
      db.exec(m.up);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
  }
}

function wrap(db: Database.Database, file: string): StateDb {
  const statements = new Map<string, Database.Statement>();
  // SQLite keeps writing into a file deleted (or replaced) under it, and every write "succeeds" into nothing
  // that survives a restart. Each write checks the path still names the file opened, so nothing is confirmed
  // that was not stored.
  const identity = (): string | null => {
    if (file === ':memory:') return 'memory';
    const info = statSync(file, { throwIfNoEntry: false });
    return info ? `${info.dev}:${info.ino}` : null;
  };
  const opened = identity();
  const checkStillThere = (): void => {
    if (identity() === opened) return;
    throw new StateDbError(
      'gone',
      `the bot state database ${file} was deleted or replaced while the bot ran; expected the file it opened`,
    );
  };
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw explainSqliteError(error, file);
    }
  };
  return {
    file,
    run: (sql, ...params) =>
      guard(() => {
        checkStillThere();
        const r = prepare(sql).run(...params);
        return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
      }),
    get: <T>(sql: string, ...params: SqlValue[]) => guard(() => prepare(sql).get(...params) as T | undefined),
    all: <T>(sql: string, ...params: SqlValue[]) => guard(() => prepare(sql).all(...params) as T[]),
    transaction: (fn) => {
      // What `fn` throws (after the rollback) reaches the caller as it is: a refusal of its own is no database fault.
      let thrown: { error: unknown } | null = null;
      const body = () => {
        try {
          return fn();
        } catch (error) {
          thrown = { error };
          throw error;
        }
      };
      try {
        return guard(() => {
          checkStillThere();
          return db.transaction(body)();
        });
      } catch (error) {
        throw thrown === null ? error : (thrown as { error: unknown }).error;
      }
    },
    appliedVersions: () =>
      guard(
        () => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[],
      ),
    close: () => {
      if (db.open) db.close();
    },
  };
}
