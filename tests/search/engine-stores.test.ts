/**
 * The same engine over both stores: the file store's in-memory indexes and PostgreSQL's BM25 and HNSW indexes as
 * candidate sources. Ranking, fusion and the decision are shared code, so over a corpus whose every chunk is within
 * the candidate depth, answers are identical; with a shallow depth the database's own indexes pick the candidates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { openDb } from '../../src/index/pg/db.ts';
import { openPgEngine, PgView } from '../../src/search/pg-candidates.ts';
import type { AskOptions, Article } from '../../src/types.ts';
import { makeArticle, seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { usePostgres } from '../helpers/pg-server.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const pg = usePostgres();
const temp = new TempDirs();
afterAll(() => temp.cleanup());

const QUESTIONS: [string, AskOptions][] = [
  ['When did Russia seize Crimea?', {}],
  ['Kuleba welcomed sanctions', { k: 5 }],
  ['Blinken Lavrov meeting', { source: 'abc NEWS', k: 10 }],
  ['Blinken Lavrov meeting', { after: '2022-01-18', before: '2022-02-01', k: 10 }],
  ['walrus committee budget', { k: 3 }],
  ['okapi census rangers', {}],
  ['What is it that they would have been?', {}],
  // A bare name (a topic), a date's news (a digest), and a name in two spellings the corpus both uses.
  ['Lavrov', {}],
  ['What happened on 22 February 2022?', { k: 5 }],
  ['Which districts of Kiev lost power?', { k: 5 }],
  ['Blinken Lavrov meeting', { excludeSources: ['ABC News'], k: 10 }],
];

describe('the engine over the file store and over PostgreSQL', () => {
  let articles: Article[];
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await temp.make();
    articles = [
      ...(await seedArticles()),
      makeArticle({
        id: 'walrus',
        title: 'Walrus news',
        source: 'Zoo Wire',
        text: 'The walrus committee met on Tuesday to discuss the walrus budget. A vote is expected next month.',
      }),
      makeArticle({
        id: 'kiev',
        title: 'Power cuts',
        source: 'Zoo Wire',
        date: '2022-02-22',
        text: 'Three districts of Kiev lost power on Tuesday after a strike on a substation. Crews in Kyiv worked overnight.',
      }),
    ];
    await buildFake(dataDir, articles);
    await pg.reset();
    await buildFake('unused', articles, { database: pg.db });
  });

  it.each(QUESTIONS)('%s %j: the same answer from both stores', async (question, options) => {
    const files = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const postgres = await openPgEngine(pg.db, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const fromFiles = await files.ask(question, options);
    expect(await postgres.ask(question, options)).toEqual(fromFiles);
    expect(await postgres.documents()).toEqual(await files.documents());
    const { indexedAt: _a, ...statsPg } = await postgres.stats();
    const { indexedAt: _b, ...statsFiles } = await files.stats();
    expect(statsPg).toEqual(statsFiles);
  });

  it.each(['Blinken Lavrov meeting', 'Kuleba'])('%s: the same timeline from both stores', async (topic) => {
    const files = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const postgres = await openPgEngine(pg.db, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect(await postgres.timeline(topic)).toEqual(await files.timeline(topic));
    expect(await postgres.timeline(topic, { after: '2022-02-01' })).toEqual(
      await files.timeline(topic, { after: '2022-02-01' }),
    );
  });

  it('over PostgreSQL, the engine holds no generation: it starts empty and keeps only the rows recent questions reached', async () => {
    const view = await PgView.open(pg.db, { cache: 8 });
    const postgres = new SearchEngine(view, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    expect(view.cached()).toEqual({ chunks: 0, documents: 0, windows: 0 });
    expect(() => postgres.data).toThrow(/holds no generation in memory/);
    const files = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    for (const [question, options] of QUESTIONS) {
      expect(await postgres.ask(question, options), question).toEqual(await files.ask(question, options));
      // A question's own rows stay while it runs; afterwards the cache shrinks back to its bound at the next load.
      expect(view.cached().chunks).toBeLessThan(articles.length * 12);
    }
    await view.load([0]);
    expect(view.cached().chunks).toBeLessThanOrEqual(8);
    expect(view.cached().windows).toBeLessThanOrEqual(8);
  });

  it('many questions at once over a tiny row cache: each keeps the rows it loaded until it is answered', async () => {
    // One connection: PGlite's socket server runs every connection on one backend, where the extended-protocol
    // messages of concurrent connections can interleave (a real server keeps them apart); the questions still
    // interleave in the engine, at every await.
    const db = openDb(pg.url, { max: 1 });
    const view = await PgView.open(db, { cache: 4 });
    const postgres = new SearchEngine(view, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const files = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const asked = [...QUESTIONS, ...QUESTIONS];
    const answers = await Promise.all([
      ...asked.map(([question, options]) => postgres.ask(question, options)),
      postgres.timeline('Blinken Lavrov meeting'),
    ]);
    for (const [i, [question, options]] of asked.entries())
      expect(answers[i], question).toEqual(await files.ask(question, options));
    expect(answers.at(-1)).toEqual(await files.timeline('Blinken Lavrov meeting'));
    expect(view.questionsInFlight).toBe(0);
    await view.load([0]);
    expect(view.cached().chunks).toBeLessThanOrEqual(4);
    await db.close();
  });

  it('an unknown outlet is refused with the outlets both stores know, and an evaluation filter function only in memory', async () => {
    const files = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const postgres = await openPgEngine(pg.db, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    const refused = (engine: SearchEngine) =>
      engine.ask('Blinken', { source: 'Nowhere Times' }).then(
        () => 'answered',
        (e: Error) => e.message,
      );
    expect(await refused(postgres)).toBe(await refused(files));
    expect(await refused(postgres)).toMatch(/source: expected an indexed outlet \(Zoo Wire, /);
    await expect(postgres.rank('walrus', { filter: () => true })).rejects.toThrow(
      /filters articles by options/,
    );
  });

  it('with shallow candidate lists, PostgreSQL chooses them: nearest vectors exactly, BM25 hits that share a question word', async () => {
    const shallow = { ...FAKE_SEARCH_PARAMS, lexicalCandidates: 4, denseCandidates: 4 };
    const files = await SearchEngine.open(dataDir, new FakeEmbedder(), shallow);
    const postgres = await openPgEngine(pg.db, new FakeEmbedder(), shallow);
    const question = 'Ukraine foreign minister talks in Washington';
    // HNSW over a few dozen vectors is exact in both: the same dense ranking.
    expect(await postgres.rank(question, { mode: 'dense' })).toEqual(
      await files.rank(question, { mode: 'dense' }),
    );
    const lexical = await postgres.rank(question, { mode: 'lexical' });
    // pg_textsearch reads the engine's own index terms: the same BM25 candidates.
    expect(lexical).toEqual(await files.rank(question, { mode: 'lexical' }));
    expect(lexical.length).toBeGreaterThan(0);
    expect(lexical.length).toBeLessThanOrEqual(4);
    for (const r of lexical) expect(r.lexical).toBeGreaterThan(0);
    const walrusOnly = await postgres.rank('walrus', { mode: 'lexical' });
    expect(walrusOnly.map((r) => postgres.view.document(postgres.view.chunk(r.chunk).doc).id)).toEqual([
      'walrus',
    ]);
  });
});
