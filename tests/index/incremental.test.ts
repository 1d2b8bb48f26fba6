import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { readGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Article } from '../../src/types.ts';
import { makeArticle, seedArticles } from '../helpers/articles.ts';
import { buildFake, type RecordingEmbedder } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

/** Articles on made-up topics whose words occur nowhere else, so a question finds exactly one of them. */
function topicArticle(id: string, topic: string): Article {
  const text = [
    `The ${topic} committee met on Tuesday to discuss the ${topic} budget.`,
    `Members said the ${topic} plan needed more time.`,
    `A final vote on the ${topic} proposal is expected next month.`,
  ].join(' ');
  return makeArticle({ id, text, source: `${id} Outlet`, title: `${topic} news` });
}

async function ask(dataDir: string, question: string): Promise<string[]> {
  const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
  const answer = await engine.ask(question, { k: 10 });
  return answer.passages.map((p) => p.citation.id);
}

describe('incremental indexing', () => {
  let dataDir: string;
  let seeds: Article[];
  beforeEach(async () => {
    dataDir = await temp.make();
    seeds = await seedArticles();
  });

  it('a second run over the same articles embeds nothing and keeps every vector', async () => {
    const first = await buildFake(dataDir, seeds);
    const before = await readGeneration(dataDir);
    const again = await buildFake(dataDir, seeds);
    expect(again.embedder.embeddedTexts).toBe(0);
    expect(again.summary).toMatchObject({
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 5,
      embedded: 0,
      articles: 5,
    });
    expect(again.summary.generation).not.toBe(first.summary.generation);
    const after = await readGeneration(dataDir);
    expect(after.chunks).toEqual(before.chunks);
    expect(after.vectors).toEqual(before.vectors);
    expect([...after.windows.label]).toEqual([...before.windows.label]);
  });

  it('a changed article: only its windows are embedded again, and its old text is no longer found', async () => {
    const corpus = [...seeds, topicArticle('walrus', 'walrus')];
    await buildFake(dataDir, corpus);
    expect(await ask(dataDir, 'walrus committee budget')).toContain('walrus');

    const changed = topicArticle('walrus', 'penguin');
    const edited = [...seeds, changed];
    const run = await buildFake(dataDir, edited);
    const recorder = run.embedder as RecordingEmbedder;
    expect(run.summary).toMatchObject({ added: 0, changed: 1, removed: 0, unchanged: 5 });
    expect(recorder.texts.length).toBeGreaterThan(0);
    for (const text of recorder.texts) expect(changed.text).toContain(text);
    expect(run.summary.embedded).toBe(recorder.texts.length);

    expect(await ask(dataDir, 'penguin committee budget')).toContain('walrus');
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const old = await engine.ask('walrus committee budget', { k: 10 });
    expect(old.passages.map((p) => p.text).join('\n')).not.toContain('walrus');
  });

  it('a removed article disappears from results and from documents()', async () => {
    const corpus = [...seeds, topicArticle('walrus', 'walrus')];
    await buildFake(dataDir, corpus);
    const run = await buildFake(dataDir, seeds);
    expect(run.summary).toMatchObject({ added: 0, changed: 0, removed: 1, unchanged: 5, embedded: 0 });
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect((await engine.documents()).map((d) => d.id)).toEqual(seeds.map((a) => a.id));
    const answer = await engine.ask('walrus committee budget', { k: 10 });
    expect(answer.passages.map((p) => p.citation.id)).not.toContain('walrus');
    // Few windows went, so the graph was kept with them marked deleted.
    expect(engine.data.manifest.hnsw.deleted).toBeGreaterThan(0);
    expect(engine.data.hnsw.count).toBeGreaterThan(engine.data.windows.label.length);
  });

  it('removing most windows rebuilds the graph instead of marking them deleted', async () => {
    await buildFake(dataDir, seeds);
    await buildFake(dataDir, seeds.slice(0, 1));
    const engine = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect(engine.data.manifest.hnsw.deleted).toBe(0);
    expect(engine.data.hnsw.count).toBe(engine.data.windows.label.length);
    expect((await engine.documents()).map((d) => d.id)).toEqual([seeds[0]!.id]);
  });

  it('an added article is embedded alone and then found', async () => {
    await buildFake(dataDir, seeds);
    const added = topicArticle('okapi', 'okapi');
    const run = await buildFake(dataDir, [...seeds, added]);
    const recorder = run.embedder as RecordingEmbedder;
    expect(run.summary).toMatchObject({ added: 1, changed: 0, removed: 0, unchanged: 5 });
    for (const text of recorder.texts) expect(added.text).toContain(text);
    expect((await ask(dataDir, 'okapi committee budget'))[0]).toBe('okapi');
  });

  it('embeds a window text shared by two articles once (wire copy)', async () => {
    const body = seeds[0]!.text;
    const wire = [
      makeArticle({ id: 'w1', text: body, source: 'Outlet One' }),
      makeArticle({ id: 'w2', text: body, source: 'Outlet Two' }),
    ];
    const alone = await buildFake(await temp.make(), wire.slice(0, 1));
    const both = await buildFake(dataDir, wire);
    expect(both.summary.embedded).toBe(alone.summary.embedded);
    expect(both.embedder.embeddedTexts).toBe(alone.embedder.embeddedTexts);
    const data = await readGeneration(dataDir);
    expect(data.windows.label.length).toBe(2 * alone.summary.embedded);
  });

  it('many incremental runs in a row keep results identical to a fresh build', async () => {
    const topics = ['walrus', 'okapi', 'penguin', 'narwhal', 'axolotl', 'pangolin'];
    let corpus: Article[] = [...seeds];
    for (const [i, topic] of topics.entries()) {
      corpus = [...corpus.filter((a) => a.id !== topics[i - 2]), topicArticle(topic, topic)];
      await buildFake(dataDir, corpus);
    }
    const fresh = await temp.make();
    await buildFake(fresh, corpus);
    const incremental = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const rebuilt = await SearchEngine.open(fresh, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect((await incremental.documents()).map((d) => d.id)).toEqual(
      (await rebuilt.documents()).map((d) => d.id),
    );
    for (const q of [
      ...topics.map((t) => `${t} committee budget`),
      'Who did Kuleba meet in Washington?',
      'Nord Stream 2 pipeline',
    ]) {
      const [a, b] = await Promise.all([incremental.ask(q, { k: 5 }), rebuilt.ask(q, { k: 5 })]);
      expect(
        a.passages.map((p) => [p.chunkId, p.score]),
        q,
      ).toEqual(b.passages.map((p) => [p.chunkId, p.score]));
    }
  });
});
