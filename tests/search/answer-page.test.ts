import { describe, expect, it } from 'vitest';
import { pageView } from '../helpers/page-view.ts';
import type { DocumentRecord } from '../../src/index/manifest.ts';
import { answerPage, type PageSource } from '../../src/search/answer-page.ts';
import { QueryMatcher } from '../../src/search/match.ts';
import { FakeReader } from '../helpers/fake-reader.ts';

/** One chunk per article: b repeats a's second sentence, c is all of a's first (so nothing of it is left to show). */
const texts = [
  'Troops crossed the border at dawn. Kyiv was shelled overnight.',
  'Kyiv was shelled overnight. Sirens sounded in Lviv.',
  'Troops crossed the border at dawn.',
  'Gas prices rose.',
];
const docs = ['a', 'b', 'c', 'd'].map(
  (id) =>
    ({
      id,
      title: `Title ${id}`,
      source: `Outlet ${id}`,
      date: null,
      url: null,
      path: `${id}.txt`,
    }) as unknown as DocumentRecord,
);
const source: PageSource = {
  view: pageView(texts, docs),
  stories: {
    notes: (groups) =>
      groups.map(() => ({ corroboration: { outlets: 1, names: [] }, newer: null, same: [] })),
  },
  // No wire copies here: every candidate is its own group, at most `limit` of them.
  merge: (ranked, limit) => ({
    groups: ranked.slice(0, limit).map((best) => ({ best, copies: [] })),
    more: ranked.length > limit,
  }),
};
const shown = [0, 1, 2, 3].map((chunk) => ({ chunk, score: 1 - chunk / 10, coverage: 1 }));
const query = { question: 'What happened?', matcher: new QueryMatcher([]), vector: new Float32Array(4) };
const noReader = { reader: null, weight: 0 };

describe('answerPage', () => {
  it('shows each sentence once, leaves out a passage with nothing new, and ranks the rest in order', async () => {
    const page = await answerPage(source, shown, { offset: 0, k: 3, source: null }, query, noReader);
    expect(page.passages.map((p) => [p.rank, p.chunkId, p.text])).toEqual([
      [1, 'a#0', texts[0]],
      [2, 'b#0', 'Sirens sounded in Lviv.'],
      [3, 'd#0', 'Gas prices rose.'],
    ]);
    expect(page.hasMore).toBe(false);
  });

  it('pages by offset and k, and says when more follow', async () => {
    const page = await answerPage(source, shown, { offset: 1, k: 1, source: null }, query, noReader);
    expect(page.passages.map((p) => [p.rank, p.chunkId])).toEqual([[2, 'b#0']]);
    expect(page.hasMore).toBe(true);
  });

  it('lets the reader choose the highlight, reading every shown sentence in one call', async () => {
    const reader = new FakeReader((_q, sentence) => (sentence.startsWith('Kyiv') ? 5 : -5));
    const page = await answerPage(source, shown, { offset: 0, k: 3, source: null }, query, {
      reader,
      weight: 1,
    });
    expect(page.passages[0]!.highlight).toBe('Kyiv was shelled overnight.');
    expect(reader.calls).toEqual([{ question: 'What happened?', passages: 4 }]);
    const unread = await answerPage(source, shown, { offset: 0, k: 3, source: null }, query, {
      reader,
      weight: 0,
    });
    expect(unread.passages[0]!.highlight).not.toBe('Kyiv was shelled overnight.');
    expect(reader.calls).toHaveLength(1);
  });
});
