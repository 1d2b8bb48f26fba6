import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/chunk/chunker.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { AskInputError } from '../../src/search/options.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Answer, Article, Citation, Engine } from '../../src/types.ts';
import { engineFor, ENGINE_MODES } from '../helpers/engine-service.ts';
import { makeArticle, seed, seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

function citationOf(a: Article): Citation {
  return { id: a.id, title: a.title, source: a.source, date: a.date, url: a.url, path: a.path };
}

/** Checks the promises every answer makes: ranks, scores, offsets and highlights. */
function checkAnswer(answer: Answer, articles: readonly Article[], offset = 0): void {
  answer.passages.forEach((p, i) => {
    expect(p.rank).toBe(offset + i + 1);
    expect(p.score).toBeGreaterThanOrEqual(0);
    expect(p.score).toBeLessThanOrEqual(1);
    if (i > 0) expect(p.score).toBeLessThanOrEqual(answer.passages[i - 1]!.score);
    const article = articles.find((a) => a.id === p.citation.id)!;
    expect(p.citation).toEqual(citationOf(article));
    expect(article.text.slice(p.start, p.end)).toBe(p.text);
    expect(p.text.slice(p.highlightStart, p.highlightEnd)).toBe(p.highlight);
    expect(p.highlight.length).toBeGreaterThan(0);
    expect(p.chunkId).toMatch(new RegExp(`^${article.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#\\d+$`));
  });
}

describe.each(ENGINE_MODES)('SearchEngine over the seeds (fake embedder), %s', (mode) => {
  let local: SearchEngine;
  let engine: Engine;
  let articles: Article[];
  let close: () => Promise<void>;
  beforeAll(async () => {
    const dataDir = await temp.make();
    articles = await seedArticles();
    await buildFake(dataDir, articles);
    local = await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS);
    ({ engine, close } = await engineFor(mode, local));
  });
  afterAll(() => close());

  it('answers with the passage that holds the answer, cited to its seed', async () => {
    const answer = await engine.ask('When did Russia seize Crimea?');
    expect(answer.answered).toBe(true);
    expect(answer.question).toBe('When did Russia seize Crimea?');
    expect(answer.articlesConsidered).toBe(5);
    checkAnswer(answer, articles);
    const top = answer.passages[0]!;
    expect(top.citation).toEqual(citationOf(seed(articles, '002')));
    expect(top.citation.path).toBe('seeds/002_9a8e32283f0f2645.txt');
    expect(top.text).toContain('Russia in 2014 seized the Crimean Peninsula');
    expect(top.highlight).toContain('seized the Crimean Peninsula');
  });

  it('answers from a seed without a headline or outlet, citing its sources.json title and date', async () => {
    const answer = await engine.ask('Kuleba welcomed sanctions');
    checkAnswer(answer, articles);
    const top = answer.passages[0]!;
    const a001 = seed(articles, '001');
    expect(top.citation).toEqual({
      id: a001.id,
      title: a001.title,
      source: null,
      date: '2022-02-22',
      url: null,
      path: a001.path,
    });
    expect(top.highlight).toContain('Kuleba welcomed sanctions');
  });

  it('never answers a question about a time after the newest article, and says why', async () => {
    const answer = await engine.ask('When did Russia seize Crimea in 2030?');
    expect(answer.answered).toBe(false);
    expect(answer.confidence).toBe('related');
    expect(answer.passages[0]!.citation.id).toBe(seed(articles, '002').id);
    expect(
      answer.notes.some((n) => n.startsWith('The question names 2030, after the newest indexed article')),
    ).toBe(true);
  });

  it('filters by outlet, case-insensitively', async () => {
    const answer = await engine.ask('Blinken Lavrov meeting', { source: 'abc NEWS', k: 10 });
    expect(answer.articlesConsidered).toBe(1);
    expect(answer.passages.length).toBeGreaterThan(0);
    for (const p of answer.passages) expect(p.citation.source).toBe('ABC News');
  });

  it('leaves out excluded outlets, case-insensitively (a server setting)', async () => {
    const answer = await engine.ask('Blinken Lavrov meeting', {
      excludeSources: ['abc NEWS', 'Not indexed'],
      k: 10,
    });
    expect(answer.articlesConsidered).toBe(4);
    expect(answer.passages.length).toBeGreaterThan(0);
    for (const p of answer.passages) expect(p.citation.source).not.toBe('ABC News');
  });

  it('an unknown outlet is an AskInputError that lists the indexed outlets', async () => {
    // Most-reported first, then by name: the order /sources and the bot's own check list them in.
    const counts = new Map<string, number>();
    for (const a of articles) if (a.source !== null) counts.set(a.source, (counts.get(a.source) ?? 0) + 1);
    const outlets = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s]) => s);
    expect(outlets.length).toBe(3);
    const error = await engine.ask('Blinken', { source: 'CNN' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AskInputError);
    expect((error as Error).message).toBe(
      `crisis-desk: source: expected an indexed outlet (${outlets.join(', ')}), got "CNN"`,
    );
  });

  it('filters by date, inclusive at both ends', async () => {
    const q = 'Blinken Lavrov meeting';
    const inRange = (after: string | null, before: string | null): string[] =>
      articles
        .filter((a) => a.date !== null && (!after || a.date >= after) && (!before || a.date <= before))
        .map((a) => a.id);
    for (const [after, before] of [
      ['2022-02-01', null],
      [null, '2022-01-31'],
      ['2022-01-18', '2022-01-18'],
      ['2022-02-22', '2022-02-23'],
    ] as const) {
      const answer = await engine.ask(q, {
        k: 50,
        ...(after ? { after } : {}),
        ...(before ? { before } : {}),
      });
      const allowed = inRange(after, before);
      expect(answer.articlesConsidered, `${after}..${before}`).toBe(allowed.length);
      expect(answer.passages.length).toBeGreaterThan(0);
      for (const p of answer.passages) expect(allowed).toContain(p.citation.id);
    }
    const none = await engine.ask(q, { after: '2023-01-01' });
    expect(none).toMatchObject({ answered: false, passages: [], hasMore: false, articlesConsidered: 0 });
  });

  it('pages with k and offset; hasMore says whether another page exists', async () => {
    const q = 'Who did Kuleba meet in Washington?';
    const all = await engine.ask(q, { k: 50 });
    const n = all.passages.length;
    expect(n).toBeGreaterThan(4);
    expect(all.hasMore).toBe(false);
    const first = await engine.ask(q, { k: 2 });
    const second = await engine.ask(q, { k: 2, offset: 2 });
    checkAnswer(second, articles, 2);
    expect([...first.passages, ...second.passages]).toEqual(all.passages.slice(0, 4));
    expect(first.hasMore).toBe(true);
    expect((await engine.ask(q, { k: 1, offset: n - 2 })).hasMore).toBe(true);
    expect((await engine.ask(q, { k: 1, offset: n - 1 })).hasMore).toBe(false);
    const past = await engine.ask(q, { k: 3, offset: n });
    expect(past.passages).toEqual([]);
    expect(past.hasMore).toBe(false);
  });

  it('abstains on an off-topic question whose words are nowhere in the corpus', async () => {
    const question = 'Give me a recipe for lasagna.';
    // The premise: no candidate covers any of the question's words, so none can pass the coverage floor.
    const ranked = await local.rank(question);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.every((r) => r.coverage === 0)).toBe(true);
    expect(await engine.ask(question)).toEqual({
      question,
      answered: false,
      confidence: 'none',
      notes: [],
      time: null,
      passages: [],
      hasMore: false,
      articlesConsidered: 5,
    });
  });

  it('abstains on a question of stop words only', async () => {
    const answer = await engine.ask('What is it that they would have been?');
    expect(answer.answered).toBe(false);
    expect(answer.passages).toEqual([]);
  });

  it('rejects bad input with AskInputError before searching', async () => {
    await expect(engine.ask('  ')).rejects.toThrow(
      new AskInputError('question: expected some words, got an empty question'),
    );
    await expect(engine.ask('q', { k: 0 })).rejects.toBeInstanceOf(AskInputError);
    await expect(engine.ask('q', { before: '2022-02-30' })).rejects.toBeInstanceOf(AskInputError);
  });

  it('documents() lists every article with its citation, chunk count and length', async () => {
    expect(await engine.documents()).toEqual(
      articles.map((a) => ({ ...citationOf(a), chunks: chunkArticle(a).length, characters: a.text.length })),
    );
  });

  it('stats() counts articles, chunks and outlets and spans the dates', async () => {
    const dates = articles.map((a) => a.date!).sort();
    const stats = await engine.stats();
    expect(stats).toEqual({
      articles: 5,
      chunks: articles.reduce((n, a) => n + chunkArticle(a).length, 0),
      outlets: [
        { source: 'unknown outlet', articles: 2 },
        { source: 'ABC News', articles: 1 },
        { source: 'Associated Press (via thereminder.ca)', articles: 1 },
        { source: 'Ru-Main', articles: 1 },
      ],
      firstDate: dates[0],
      lastDate: dates.at(-1),
      indexedAt: local.data.manifest.createdAt,
      embedder: 'fake-hash-64',
      // Built by buildIndex directly, which records no corpus (indexPaths does).
      corpus: null,
    });
  });

  it('gives the same answer every time', async () => {
    const q = 'Nord Stream 2 pipeline';
    expect(await engine.ask(q, { k: 5 })).toEqual(await engine.ask(q, { k: 5 }));
  });
});

describe.each(ENGINE_MODES)('SearchEngine wire copy and undated articles (fake embedder), %s', (mode) => {
  const PARAGRAPH =
    'Officials in the port city of Odesa said a convoy of grain barges left the harbour at dawn. ' +
    'The barges carried wheat bound for markets in North Africa, the harbour master said.';
  const articles: Article[] = [
    makeArticle({ id: 'wire-a', text: PARAGRAPH, source: 'Outlet One', date: '2022-03-01' }),
    makeArticle({ id: 'wire-b', text: PARAGRAPH, source: 'Outlet Two', date: '2022-03-02' }),
    makeArticle({
      id: 'wire-c',
      text: `${PARAGRAPH} Insurers raised premiums for ships in the Black Sea.`,
      source: 'Outlet Three',
      date: null,
    }),
    makeArticle({
      id: 'other',
      text: 'Lawmakers in Berlin debated a budget for the armed forces. The vote was delayed.',
      source: 'Outlet Four',
      date: '2022-03-03',
    }),
  ];
  let engine: Engine;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const dataDir = await temp.make();
    await buildFake(dataDir, articles);
    ({ engine, close } = await engineFor(
      mode,
      await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS),
    ));
  });
  afterAll(() => close());

  it('merges the same paragraph from several outlets into one passage that lists the others', async () => {
    const answer = await engine.ask('grain barges left Odesa harbour', { k: 10 });
    checkAnswer(answer, articles);
    const odesa = answer.passages.filter((p) => p.text.includes('grain barges'));
    expect(odesa).toHaveLength(1);
    const cited = [odesa[0]!.citation, ...odesa[0]!.alsoReportedBy].map((c) => c.id).sort();
    expect(cited).toEqual(['wire-a', 'wire-b', 'wire-c']);
    for (const c of odesa[0]!.alsoReportedBy)
      expect(c).toEqual(citationOf(articles.find((a) => a.id === c.id)!));
  });

  it('with an outlet filter, the copy from that outlet is the passage', async () => {
    const answer = await engine.ask('grain barges left Odesa harbour', { source: 'Outlet Two' });
    expect(answer.passages.map((p) => [p.citation.id, p.alsoReportedBy.length])).toEqual([['wire-b', 0]]);
  });

  it('an excluded outlet is not cited, not even as wire copy', async () => {
    const answer = await engine.ask('grain barges left Odesa harbour', {
      excludeSources: ['Outlet One'],
      k: 10,
    });
    const ids = answer.passages.flatMap((p) => [p.citation.id, ...p.alsoReportedBy.map((c) => c.id)]);
    expect(ids).toContain('wire-b');
    expect(ids).not.toContain('wire-a');
  });

  it('a date filter leaves out undated articles', async () => {
    const answer = await engine.ask('grain barges left Odesa harbour', { after: '2022-01-01', k: 10 });
    expect(answer.articlesConsidered).toBe(3);
    const ids = answer.passages.flatMap((p) => [p.citation.id, ...p.alsoReportedBy.map((c) => c.id)]);
    expect(ids).not.toContain('wire-c');
    expect(ids).toContain('wire-a');
  });
});
