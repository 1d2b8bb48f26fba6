import { describe, expect, it } from 'vitest';
import { pageView } from '../helpers/page-view.ts';
import type { DocumentRecord } from '../../src/index/manifest.ts';
import { digest, type DigestSource } from '../../src/search/digest.ts';
import { resolveAskOptions } from '../../src/search/options.ts';

/** Four articles, one lead chunk each: b is a wire copy of a; a's story is told by 3 outlets, c's by 2, d's by 1. */
const docs = [
  { id: 'a', source: 'Reuters', date: '2022-02-24' },
  { id: 'b', source: 'AP', date: '2022-02-24' },
  { id: 'c', source: 'BBC', date: '2022-02-24' },
  { id: 'd', source: 'Kyiv Post', date: '2022-02-25' },
].map((d) => ({ ...d, title: `Title ${d.id}`, url: null, path: `${d.id}.txt` }) as unknown as DocumentRecord);
const texts = ['Troops crossed the border.', 'Troops crossed the border.', 'Markets fell.', 'Kyiv held.'];
const outletsOf = [3, 3, 2, 1];

function source(leads: number[] = [0, 1, 2, 3]) {
  const seen = { loaded: [] as number[], filters: [] as unknown[] };
  const s: DigestSource = {
    view: {
      span: () => ({ first: '2022-02-01', last: '2022-03-31' }),
      outlets: () => docs.map((d) => ({ source: d.source, articles: 1 })),
      leads: async (filter) => (seen.filters.push(filter), leads),
      load: async (rows) => void seen.loaded.push(...rows),
      countDocuments: async () => leads.length,
      ...pageView(texts, docs),
    },
    // Chunk 1 is a wire copy of chunk 0; the rest stand alone.
    merge: (ranked) => ({
      groups: ranked
        .filter((r) => r.chunk !== 1)
        .map((r) => ({ best: r, copies: r.chunk === 0 ? ranked.filter((c) => c.chunk === 1) : [] })),
    }),
    stories: {
      notes: (groups) =>
        groups.map((g) => ({
          corroboration: { outlets: outletsOf[g.best.chunk]!, names: [] },
          newer: null,
          same: [],
        })),
    },
    dimensions: 4,
  };
  return { s, seen };
}

describe('digest', () => {
  it("lists the range's leads, the most widely reported story first, scored by its share of the most outlets", async () => {
    const q = 'What happened in February 2022?';
    const { s, seen } = source();
    const answer = (await digest(s, q, resolveAskOptions(q, {})))!;
    expect(answer.passages.map((p) => [p.chunkId, p.score, p.alsoReportedBy.map((c) => c.id)])).toEqual([
      ['a#0', 1, ['b']],
      ['c#0', 0.667, []],
      ['d#0', 0.333, []],
    ]);
    expect(answer).toMatchObject({
      answered: true,
      confidence: 'answer',
      hasMore: false,
      articlesConsidered: 4,
    });
    expect(answer.time).toMatchObject({ after: '2022-02-01', before: '2022-02-28', source: 'question' });
    expect(answer.notes.at(-1)).toMatch(/^Read as the news of .*February 2022.*: the main stories/);
    expect(seen.loaded).toEqual([0, 1, 2, 3]);
    expect(seen.filters[0]).toMatchObject({ after: '2022-02-01', before: '2022-02-28' });
  });

  it('pages by offset and k, and says when more stories follow', async () => {
    const q = 'What happened in February 2022?';
    const answer = (await digest(source().s, q, resolveAskOptions(q, { k: 1, offset: 1 })))!;
    expect(answer.passages.map((p) => [p.rank, p.chunkId])).toEqual([[2, 'c#0']]);
    expect(answer.hasMore).toBe(true);
  });

  it('is null when the options set the dates, or nothing was published in the range', async () => {
    const q = 'What happened in February 2022?';
    expect(await digest(source().s, q, resolveAskOptions(q, { after: '2022-02-01' }))).toBeNull();
    expect(await digest(source([]).s, q, resolveAskOptions(q, {}))).toBeNull();
  });
});
