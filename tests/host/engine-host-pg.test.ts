/** EngineHost over PostgreSQL: first index built into the database, generations written elsewhere picked up, re-index in place. */
import { cp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { ingestPaths } from '../../src/ingest/read-paths.ts';
import { currentPgGeneration } from '../../src/index/pg/reader.ts';
import type { SearchEngine } from '../../src/search/engine.ts';
import { EngineHost } from '../../src/host/engine-host.ts';
import { SEEDS_DIR } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { usePostgres } from '../helpers/pg-server.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const pg = usePostgres();
const temp = new TempDirs();
const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  await temp.cleanup();
});

const OKAPI =
  'Okapi sightings\n\nRangers counted twelve okapi near the river on Monday. The okapi census ends in May.\n';
const generationOf = (host: EngineHost): string => (host.current() as SearchEngine).generation;

describe('EngineHost over PostgreSQL (fake embedder)', () => {
  it('builds the first index into the database, serves it, and follows generations other processes write', async () => {
    await pg.reset();
    const corpus = path.join(await temp.make(), 'seeds');
    await cp(SEEDS_DIR, corpus, { recursive: true });
    const logs: string[] = [];
    const open = async (): Promise<EngineHost> => {
      const host = await EngineHost.open({
        dataDir: path.join(corpus, 'unused'),
        database: pg.db,
        embedder: new FakeEmbedder(),
        corpus: [corpus],
        pollMs: 0,
        search: FAKE_SEARCH_PARAMS,
        log: (m) => logs.push(m),
      });
      hosts.push(host);
      return host;
    };
    const host = await open();
    expect(logs[0]).toBe(`No index in the database yet: building it from ${corpus}.`);
    expect(generationOf(host)).toBe(await currentPgGeneration(pg.db));
    expect((await host.current().ask('Kuleba welcomed sanctions')).answered).toBe(true);
    // A second replica on the same database serves the same generation without building anything.
    const replica = await open();
    expect(generationOf(replica)).toBe(generationOf(host));
    expect(logs).toHaveLength(1);

    // Another process (here: a direct build) writes a generation with a new article; both replicas pick it up.
    await writeFile(path.join(corpus, 'okapi.txt'), OKAPI);
    const { articles } = await ingestPaths([corpus]);
    const written = (await buildFake('unused', articles, { database: pg.db })).summary.generation;
    await host.reloadIfChanged();
    await replica.reloadIfChanged();
    expect(generationOf(host)).toBe(written);
    expect(generationOf(replica)).toBe(written);
    expect((await replica.current().ask('okapi census rangers')).passages[0]?.citation.title).toBe(
      'Okapi sightings',
    );

    // A re-index through the host writes into the database and is served at once.
    const summary = await host.reindex();
    expect(summary.unchanged).toBe(articles.length);
    expect(generationOf(host)).toBe(summary.generation);
    expect(await currentPgGeneration(pg.db)).toBe(summary.generation);
  });
});
