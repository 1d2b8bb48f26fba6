/**
 * What the indexer checks of a PostgreSQL server before it reads or embeds anything: that it answers, that it is
 * a version the extensions support, and that pgvector and pg_textsearch are installed (or can be created). A run
 * that would fail at its last statement, after embedding the whole corpus, fails in its first second instead.
 */
import { CrisisDeskError } from '../../errors.ts';
import type { Queryable } from './db.ts';

/** PostgreSQL 17 and 18: what pg_textsearch is built for. */
const MIN_SERVER_VERSION = 170000;
/** pgvector 0.8: iterative index scans (filtered nearest-neighbour queries) arrived with it. */
const MIN_PGVECTOR = '0.8.0';

/** The server cannot hold the index as it is; the message names what is missing and how to get it (exit 2). */
export class DatabaseSetupError extends CrisisDeskError {
  constructor(message: string) {
    super('DatabaseSetupError', message);
  }
}

/** What the checks read of the server. */
export interface ServerFacts {
  versionNum: number;
  version: string;
  /** Extensions the server could create (pg_available_extensions): name → default version. */
  available: ReadonlyMap<string, string>;
  /** Extensions created in this database: name → version. */
  installed: ReadonlyMap<string, string>;
}

const INSTALL: Record<string, string> = {
  vector:
    'install pgvector 0.8 or later on the server (Debian/Ubuntu with the PGDG repository: apt install postgresql-18-pgvector; or build it from github.com/pgvector/pgvector)',
  pg_textsearch:
    "build and install pg_textsearch on the server (github.com/timescale/pg_textsearch: make && make install, with the server's pg_config), add pg_textsearch to shared_preload_libraries and restart it",
};

function versionAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const b = min.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** The first thing that stops this server from holding the index, as one line; null when nothing does. */
export function setupProblem(facts: ServerFacts): string | null {
  if (facts.versionNum < MIN_SERVER_VERSION) {
    return `the database (DATABASE_URL) runs PostgreSQL ${facts.version}, and the index needs 17 or 18 (what pg_textsearch supports): point DATABASE_URL at a PostgreSQL 17 or 18 server`;
  }
  for (const name of ['vector', 'pg_textsearch']) {
    if (!facts.installed.has(name) && !facts.available.has(name)) {
      return `the database (DATABASE_URL) lacks the ${name === 'vector' ? 'pgvector (vector)' : 'pg_textsearch'} extension: ${INSTALL[name]}`;
    }
  }
  const pgvector = facts.installed.get('vector') ?? facts.available.get('vector')!;
  if (!versionAtLeast(pgvector, MIN_PGVECTOR)) {
    return `the database (DATABASE_URL) has pgvector ${pgvector}, and the index needs ${MIN_PGVECTOR} or later: ${INSTALL.vector}, then ALTER EXTENSION vector UPDATE`;
  }
  return null;
}

/** Reads the server's version and extensions. */
async function serverFacts(db: Queryable): Promise<ServerFacts> {
  const [v] = await db.query<{ num: string; version: string }>(
    `SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`,
  );
  const ext = await db.query<{ name: string; default_version: string; installed_version: string | null }>(
    `SELECT name, default_version, installed_version FROM pg_available_extensions WHERE name IN ('vector', 'pg_textsearch')`,
  );
  const installed = await db.query<{ extname: string; extversion: string }>(
    `SELECT extname, extversion FROM pg_extension WHERE extname IN ('vector', 'pg_textsearch')`,
  );
  return {
    versionNum: Number(v?.num ?? 0),
    version: (v?.version ?? '?').split(' ')[0]!,
    available: new Map(ext.map((e) => [e.name, e.default_version])),
    installed: new Map(installed.map((e) => [e.extname, e.extversion])),
  };
}

/**
 * Checks the server and creates the extensions it lacks (what the write transaction would do last), so a missing
 * library or a missing privilege is reported now. Throws DatabaseSetupError.
 */
export async function checkDatabase(db: Queryable): Promise<void> {
  let facts: ServerFacts;
  try {
    facts = await serverFacts(db);
  } catch (error) {
    throw new DatabaseSetupError(
      `${(error as Error).message.replace(/^crisis-desk: /, '')}: start the server or correct DATABASE_URL`,
    );
  }
  const problem = setupProblem(facts);
  if (problem) throw new DatabaseSetupError(problem);
  for (const name of ['vector', 'pg_textsearch']) {
    if (facts.installed.has(name)) continue;
    try {
      await db.query(`CREATE EXTENSION IF NOT EXISTS ${name}`);
    } catch (error) {
      const why = (error as Error).message.replace(/^crisis-desk: /, '');
      throw new DatabaseSetupError(
        `the database (DATABASE_URL) could not create the ${name} extension (${why}): ${
          /permission|must be|privilege/i.test(why)
            ? `have a superuser run CREATE EXTENSION ${name} in this database`
            : INSTALL[name]
        }`,
      );
    }
  }
}
