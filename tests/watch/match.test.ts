import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchEngine } from '../../src/search/engine.ts';
import { watchHits, watchMatches } from '../../src/watch/match.ts';
import type { Engine } from '../../src/types.ts';
import { answerOf, citation, fakeEngine, passage } from '../helpers/fake-engine.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { buildIndex } from '../../src/index/indexer.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { makeArticle as article } from '../helpers/articles.ts';

const temp = new TempDirs();
let engine: SearchEngine;
const GRAIN =
  'Grain exports resumed from the port of Odesa as the first ships left with wheat and corn under the deal.';

beforeAll(async () => {
  const dataDir = await temp.make();
  const embedder = new FakeEmbedder();
  await buildIndex({
    dataDir,
    embedder,
    articles: [
      article({ id: 'old', title: 'Grain deal signed', text: `${GRAIN} Officials signed it in Istanbul.` }),
      article({
        id: 'new1',
        title: 'Ships leave Odesa',
        text: `${GRAIN} More ships are expected next week.`,
      }),
      article({
        id: 'new2',
        title: 'Ships leave Odesa (wire)',
        text: `${GRAIN} More ships are expected next week.`,
      }),
      article({
        id: 'new3',
        title: 'Cup final',
        text: 'The football cup final was played at the stadium in front of a large crowd.',
      }),
    ],
  });
  engine = await SearchEngine.open(dataDir, embedder, FAKE_SEARCH_PARAMS);
});
afterAll(() => temp.cleanup());

describe('watchHits', () => {
  it('finds only new articles, one per story (wire copy merged)', async () => {
    const hits = await watchHits(engine, { query: 'Did grain exports resume from Odesa?', source: null }, [
      'new1',
      'new2',
      'new3',
    ]);
    expect(hits.map((h) => h.citation.id)).toHaveLength(1);
    expect(['new1', 'new2']).toContain(hits[0]!.citation.id);
    expect(hits[0]!.alsoReportedBy).toHaveLength(1);
  });

  it('announces nothing when no new article answers, or for an outlet the index lacks', async () => {
    expect(
      await watchHits(engine, { query: 'Did grain exports resume from Odesa?', source: null }, ['new3']),
    ).toEqual([]);
    expect(
      await watchHits(engine, { query: 'Did grain exports resume from Odesa?', source: 'Nowhere Times' }, [
        'new1',
      ]),
    ).toEqual([]);
    expect(
      await watchHits(engine, { query: 'Did grain exports resume from Odesa?', source: null }, []),
    ).toEqual([]);
  });
});

describe('watchMatches: the engine decides, as /ask does', () => {
  it('posts a new article /ask answers with first, even when the new articles asked alone look weaker (the miss of issue 18)', async () => {
    // Like the real model: the decision depends on the other candidates, so the new articles asked alone
    // fall short of "answer" while the whole index answers with the new article first.
    const convoy = passage(1, { citation: citation({ id: 'convoy', source: 'BBC News' }) });
    const older = passage(2, { citation: citation({ id: 'old-report' }) });
    const stub: Engine = {
      ...fakeEngine(),
      async ask(question, options = {}) {
        if (options.ids === undefined) return answerOf(question, 'answer', [convoy, older]);
        return answerOf(
          question,
          'related',
          [convoy].filter((p) => options.ids!.includes(p.citation.id)),
        );
      },
    };
    const match = await watchMatches(stub, { query: 'Red Cross convoy Mariupol', source: null }, [
      'convoy',
      'football',
    ]);
    expect(match.hits.map((h) => h.citation.id)).toEqual(['convoy']);
    expect(match.skipped).toEqual([
      { id: 'football', reason: 'below the line: not among the passages the engine finds for the query' },
    ]);
  });

  it('over a real index: catches the new articles that answer, not the others, and says why for each it skips', async () => {
    const match = await watchMatches(
      engine,
      { query: 'Did grain exports resume from Odesa?', source: null },
      ['new1', 'new2', 'new3'],
    );
    expect(match.hits).toHaveLength(1);
    const posted = match.hits[0]!.citation.id;
    const copy = posted === 'new1' ? 'new2' : 'new1';
    expect(match.skipped).toContainEqual({
      id: copy,
      reason: `already posted: a copy of ${posted}, carried by its post`,
    });
    expect(match.skipped.find((s) => s.id === 'new3')?.reason).toMatch(/^below the line/);
    expect(match.skipped).toHaveLength(2);
  });
});
