/**
 * The indexer checks the server before it reads or embeds anything: a missing extension, an old server or an old
 * pgvector is one line naming what is missing and how to install it, exit 2. And `ask`/`sources` against a
 * database without an index say so, instead of filling the shared database from seeds/.
 */
import { describe, expect, it } from 'vitest';
import { indexPaths } from '../../../src/host/index-paths.ts';
import {
  checkDatabase,
  DatabaseSetupError,
  type ServerFacts,
  setupProblem,
} from '../../../src/index/pg/preflight.ts';
import { currentPgGeneration } from '../../../src/index/pg/reader.ts';
import { RecordingEmbedder } from '../../helpers/fake-index.ts';
import { usePostgres } from '../../helpers/pg-server.ts';
import { runCli } from '../../helpers/run-cli.ts';

const facts = (over: Partial<ServerFacts> = {}): ServerFacts => ({
  versionNum: 180001,
  version: '18.1',
  available: new Map([
    ['vector', '0.8.1'],
    ['pg_textsearch', '1.0.0'],
  ]),
  installed: new Map(),
  ...over,
});

describe('what the indexer asks of a server', () => {
  it('PostgreSQL 17 or 18 with pgvector ≥ 0.8 and pg_textsearch available or created: nothing to say', () => {
    expect(setupProblem(facts())).toBeNull();
    expect(
      setupProblem(facts({ versionNum: 170004, version: '17.4', installed: new Map([['vector', '0.8.0']]) })),
    ).toBeNull();
  });

  it('names the first thing missing, and how to get it', () => {
    expect(setupProblem(facts({ versionNum: 160004, version: '16.4' }))).toBe(
      'the database (DATABASE_URL) runs PostgreSQL 16.4, and the index needs 17 or 18 (what pg_textsearch supports): point DATABASE_URL at a PostgreSQL 17 or 18 server',
    );
    expect(setupProblem(facts({ available: new Map([['vector', '0.8.1']]) }))).toMatch(
      /^the database \(DATABASE_URL\) lacks the pg_textsearch extension: build and install pg_textsearch .*shared_preload_libraries/,
    );
    expect(setupProblem(facts({ available: new Map([['pg_textsearch', '1.0.0']]) }))).toMatch(
      /^the database \(DATABASE_URL\) lacks the pgvector \(vector\) extension: install pgvector 0\.8 or later/,
    );
    expect(setupProblem(facts({ installed: new Map([['vector', '0.7.4']]) }))).toMatch(
      /^the database \(DATABASE_URL\) has pgvector 0\.7\.4, and the index needs 0\.8\.0 or later: .*ALTER EXTENSION vector UPDATE$/,
    );
  });
});

describe('a server without pg_textsearch', () => {
  const pg = usePostgres({ extensions: ['vector'] });

  it('stops the run before anything is read or embedded', async () => {
    const embedder = new RecordingEmbedder();
    const stages: string[] = [];
    const run = indexPaths({
      inputs: ['seeds'],
      dataDir: 'unused',
      database: pg.db,
      embedder,
      onProgress: (p) => stages.push(p.stage),
    });
    await expect(run).rejects.toThrow(DatabaseSetupError);
    await expect(run).rejects.toThrow(/lacks the pg_textsearch extension: build and install pg_textsearch/);
    expect(stages).toEqual([]);
    expect(embedder.texts).toEqual([]);
    expect(await currentPgGeneration(pg.db)).toBeNull();
  });

  it('npm run index: one line naming the extension and how to install it, exit 2', async () => {
    const { code, stderr } = await runCli('index-articles.ts', [], {
      env: { STORE: 'postgres', DATABASE_URL: pg.url, EMBEDDING_MODEL: 'use-lite' },
    });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^error: the database \(DATABASE_URL\) lacks the pg_textsearch extension: build and install/,
      ),
    ]);
  });
});

describe('a server with both extensions and no index', () => {
  const pg = usePostgres();

  it('the check creates the extensions (what the write would do last) and passes', async () => {
    await checkDatabase(pg.db);
    const rows = await pg.db.query<{ extname: string }>(
      `SELECT extname FROM pg_extension WHERE extname IN ('vector', 'pg_textsearch') ORDER BY extname`,
    );
    expect(rows.map((r) => r.extname)).toEqual(['pg_textsearch', 'vector']);
  });

  it.each([
    ['ask', ['Who met Lavrov?']],
    ['sources', []],
  ])(
    'npm run %s says there is no index, exit 2, and leaves the database without one',
    async (script, args) => {
      const { code, stdout, stderr } = await runCli(`${script}.ts`, args, {
        env: { STORE: 'postgres', DATABASE_URL: pg.url, EMBEDDING_MODEL: 'use-lite' },
      });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toEqual([
        'error: no index in the database (DATABASE_URL) yet: build one with `npm run index` (STORE=postgres), which reads seeds/ or the paths you name',
      ]);
      expect(await currentPgGeneration(pg.db)).toBeNull();
    },
  );
});
