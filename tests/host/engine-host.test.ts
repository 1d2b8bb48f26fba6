import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { ingestPaths } from '../../src/ingest/read-paths.ts';
import { currentGeneration } from '../../src/index/generations.ts';
import type { SearchEngine } from '../../src/search/engine.ts';
import { EngineHost } from '../../src/host/engine-host.ts';
import type { IndexProgress } from '../../src/types.ts';
import { SEEDS_DIR } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  await temp.cleanup();
});

const OKAPI =
  'Okapi sightings\n\nRangers counted twelve okapi near the river on Monday. The okapi census ends in May.\n';

/** A copy of seeds/ in a temp folder, and an empty data folder beside it. */
async function setup(): Promise<{
  corpus: string;
  dataDir: string;
  logs: string[];
  open: () => Promise<EngineHost>;
}> {
  const root = await temp.make();
  const corpus = path.join(root, 'seeds');
  await cp(SEEDS_DIR, corpus, { recursive: true });
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir);
  const logs: string[] = [];
  const open = async (): Promise<EngineHost> => {
    const host = await EngineHost.open({
      dataDir,
      embedder: new FakeEmbedder(),
      corpus: [corpus],
      pollMs: 0,
      search: FAKE_SEARCH_PARAMS,
      log: (m) => logs.push(m),
    });
    hosts.push(host);
    return host;
  };
  return { corpus, dataDir, logs, open };
}

const generationOf = (host: EngineHost): string => (host.current() as SearchEngine).generation;

describe('EngineHost (fake embedder)', () => {
  it('builds the index from its corpus when there is none, then serves it', async () => {
    const { dataDir, logs, open } = await setup();
    const host = await open();
    expect(logs[0]).toMatch(/^No index in .* yet: building it from /);
    expect(generationOf(host)).toBe(await currentGeneration(dataDir));
    expect((await host.current().stats()).articles).toBe(5);
    expect((await host.current().ask('Kuleba welcomed sanctions')).answered).toBe(true);
  });

  it('reindex() picks up a new file and swaps the generation in', async () => {
    const { corpus, open } = await setup();
    const host = await open();
    const before = generationOf(host);
    expect((await host.current().ask('okapi census rangers')).answered).toBe(false);

    await writeFile(path.join(corpus, 'okapi.txt'), OKAPI);
    const stages: IndexProgress['stage'][] = [];
    const running = host.reindex((p) => stages.push(p.stage));
    expect(host.isReindexing()).toBe(true);
    await expect(host.reindex()).rejects.toMatchObject({
      name: 'ReindexBusyError',
      message: 'crisis-desk: a re-index is already running; expected it to finish first',
    });
    const summary = await running;
    expect(host.isReindexing()).toBe(false);
    expect(summary).toMatchObject({ added: 1, unchanged: 5, removed: 0, changed: 0 });
    expect(stages[0]).toBe('reading');
    expect(stages.at(-1)).toBe('done');
    expect(generationOf(host)).toBe(summary.generation);
    expect(generationOf(host)).not.toBe(before);
    const answer = await host.current().ask('okapi census rangers');
    expect(answer.passages[0]!.citation.path).toBe('seeds/okapi.txt');
  });

  it('reindex() reports files it skipped', async () => {
    const { corpus, open } = await setup();
    const host = await open();
    await writeFile(path.join(corpus, 'empty.txt'), '');
    const summary = await host.reindex();
    expect(summary.skipped).toEqual([{ path: 'seeds/empty.txt', reason: 'empty file' }]);
  });

  it('reloadIfChanged() picks up a generation written by another indexing run', async () => {
    const { corpus, dataDir, logs, open } = await setup();
    const host = await open();
    await writeFile(path.join(corpus, 'okapi.txt'), OKAPI);
    const { articles } = await ingestPaths([corpus]);
    const { summary } = await buildFake(dataDir, articles);
    await host.reloadIfChanged();
    expect(generationOf(host)).toBe(summary.generation);
    expect((await host.current().documents()).map((d) => d.path)).toContain('seeds/okapi.txt');
    expect(logs).toContain(`Now serving index generation ${summary.generation}.`);
  });

  it('keeps serving the current generation when the new one cannot be loaded', async () => {
    const { dataDir, logs, open } = await setup();
    const host = await open();
    const before = generationOf(host);
    await writeFile(path.join(dataDir, 'CURRENT'), 'gen-does-not-exist\n');
    await host.reloadIfChanged();
    expect(generationOf(host)).toBe(before);
    expect((await host.current().ask('Kuleba welcomed sanctions')).answered).toBe(true);
    expect(
      logs.some((l) =>
        l.startsWith(
          `Kept the index in use; the new one could not be loaded: crisis-desk: ${path.join(dataDir, 'CURRENT')} names gen-does-not-exist, which is not in ${dataDir}`,
        ),
      ),
    ).toBe(true);
  });
});

describe('EngineHost readiness', () => {
  it('is ready with a usable index, says why not while CURRENT is broken, and logs a broken CURRENT once per change', async () => {
    const { dataDir, logs, open } = await setup();
    const host = await open();
    expect(await host.readiness()).toBeNull();
    const served = host.current().generation;
    await writeFile(path.join(dataDir, 'CURRENT'), 'gen-20990101T000000Z-missing\n');
    expect(await host.readiness()).toBe('the index is broken (CURRENT does not name a usable generation)');
    for (let i = 0; i < 3; i++) await host.reloadIfChanged();
    expect(logs.filter((l) => l.startsWith('Kept the index in use'))).toHaveLength(1);
    expect(host.current().generation).toBe(served);
    await writeFile(path.join(dataDir, 'CURRENT'), '');
    expect(await host.readiness()).toBe('the index is broken (CURRENT does not name a usable generation)');
    await writeFile(path.join(dataDir, 'CURRENT'), `${served}\n`);
    expect(await host.readiness()).toBeNull();
  });
});
