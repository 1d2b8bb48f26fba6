/**
 * Store behaviours that must hold wherever the index lives: the same incremental-indexing tests on the file store
 * and on PostgreSQL (a local server started by this file).
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import type { BuildOptions } from '../../src/index/indexer.ts';
import { readPgGeneration } from '../../src/index/pg/reader.ts';
import { type IndexData, readGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { openPgEngine } from '../../src/search/pg-candidates.ts';
import type { Article, IndexSummary } from '../../src/types.ts';
import { makeArticle, seedArticles } from '../helpers/articles.ts';
import { buildFake, RecordingEmbedder } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { usePostgres } from '../helpers/pg-server.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const pg = usePostgres();
const temp = new TempDirs();
afterAll(() => temp.cleanup());

interface Store {
  build(articles: readonly Article[]): Promise<{ summary: IndexSummary; texts: string[] }>;
  open(): Promise<SearchEngine>;
  read(): Promise<IndexData>;
}

async function filesStore(): Promise<Store> {
  const dataDir = await temp.make();
  return {
    build: (articles) => recorded(dataDir, articles, {}),
    open: () => SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS),
    read: () => readGeneration(dataDir),
  };
}

async function postgresStore(): Promise<Store> {
  await pg.reset();
  return {
    build: (articles) => recorded('unused', articles, { database: pg.db }),
    open: () => openPgEngine(pg.db, new FakeEmbedder(), FAKE_SEARCH_PARAMS),
    read: () => readPgGeneration(pg.db),
  };
}

async function recorded(
  dataDir: string,
  articles: readonly Article[],
  options: Partial<BuildOptions>,
): Promise<{ summary: IndexSummary; texts: string[] }> {
  const embedder = new RecordingEmbedder();
  const { summary } = await buildFake(dataDir, articles, { ...options, embedder });
  return { summary, texts: embedder.texts };
}

function topicArticle(id: string, topic: string): Article {
  const text = [
    `The ${topic} committee met on Tuesday to discuss the ${topic} budget.`,
    `Members said the ${topic} plan needed more time.`,
    `A final vote on the ${topic} proposal is expected next month.`,
  ].join(' ');
  return makeArticle({ id, text, source: `${id} Outlet`, title: `${topic} news` });
}

const ids = async (store: Store, q: string): Promise<string[]> =>
  (await (await store.open()).ask(q, { k: 10 })).passages.map((p) => p.citation.id);

describe.each([
  ['files', filesStore],
  ['postgres', postgresStore],
])('the %s store', (_name, make) => {
  let store: Store;
  let seeds: Article[];
  beforeEach(async () => {
    store = await make();
    seeds = await seedArticles();
  });

  it('a second run over the same articles embeds nothing and keeps every chunk and vector', async () => {
    await store.build(seeds);
    const before = await store.read();
    const again = await store.build(seeds);
    expect(again.texts).toEqual([]);
    expect(again.summary).toMatchObject({ unchanged: 5, embedded: 0 });
    const after = await store.read();
    expect(after.generation).not.toBe(before.generation);
    expect(after.chunks).toEqual(before.chunks);
    expect(after.vectors).toEqual(before.vectors);
  });

  it('a changed article: only its text is embedded again, and its old text is no longer found', async () => {
    await store.build([...seeds, topicArticle('walrus', 'walrus')]);
    const changed = topicArticle('walrus', 'penguin');
    const run = await store.build([...seeds, changed]);
    expect(run.summary).toMatchObject({ added: 0, changed: 1, removed: 0, unchanged: 5 });
    expect(run.texts.length).toBeGreaterThan(0);
    for (const text of run.texts) expect(changed.text).toContain(text);
    expect(await ids(store, 'penguin committee budget')).toContain('walrus');
    const old = await (await store.open()).ask('walrus committee budget', { k: 10 });
    expect(old.passages.map((p) => p.text).join('\n')).not.toContain('walrus');
  });

  it('a removed article disappears from results and documents(); an added one is embedded alone and found', async () => {
    await store.build([...seeds, topicArticle('walrus', 'walrus')]);
    const removed = await store.build(seeds);
    expect(removed.summary).toMatchObject({ removed: 1, unchanged: 5, embedded: 0 });
    expect((await (await store.open()).documents()).map((d) => d.id)).toEqual(seeds.map((a) => a.id));
    expect(await ids(store, 'walrus committee budget')).not.toContain('walrus');
    const okapi = topicArticle('okapi', 'okapi');
    const added = await store.build([...seeds, okapi]);
    expect(added.summary).toMatchObject({ added: 1, unchanged: 5 });
    for (const text of added.texts) expect(okapi.text).toContain(text);
    expect((await ids(store, 'okapi committee budget'))[0]).toBe('okapi');
  });

  it('many incremental runs in a row answer as a fresh build does', async () => {
    const topics = ['walrus', 'okapi', 'penguin', 'narwhal'];
    let corpus: Article[] = [...seeds];
    for (const [i, topic] of topics.entries()) {
      corpus = [...corpus.filter((a) => a.id !== topics[i - 2]), topicArticle(topic, topic)];
      await store.build(corpus);
    }
    const fresh = await filesStore();
    await fresh.build(corpus);
    const [incremental, rebuilt] = [await store.open(), await fresh.open()];
    expect((await incremental.documents()).map((d) => d.id)).toEqual(
      (await rebuilt.documents()).map((d) => d.id),
    );
    for (const q of [...topics.map((t) => `${t} committee budget`), 'Who did Kuleba meet in Washington?']) {
      const [a, b] = await Promise.all([incremental.ask(q, { k: 5 }), rebuilt.ask(q, { k: 5 })]);
      expect(
        a.passages.map((p) => [p.chunkId, p.score]),
        q,
      ).toEqual(b.passages.map((p) => [p.chunkId, p.score]));
    }
  });
});
