import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../src/index/manifest.ts';
import { corpusStats, documentsOf } from '../../src/search/corpus-stats.ts';
import type { IndexView } from '../../src/search/index-view.ts';

const doc = {
  id: 'a',
  title: 'Troops cross the border',
  source: 'Reuters',
  date: '2022-02-24',
  url: null,
  path: 'corpus/a.txt',
  chunkCount: 3,
  characters: 1200,
} as unknown as DocumentRecord;

const manifest = {
  counts: { documents: 7, chunks: 20 },
  createdAt: '2022-05-01T00:00:00.000Z',
  embedder: { id: 'fake-embedder' },
  corpus: { paths: ['corpus'], feeds: [] },
} as unknown as IndexView['manifest'];

describe('documentsOf', () => {
  it('cites every article with its chunk and character counts, and nothing else of the record', async () => {
    expect(await documentsOf({ documents: async () => [doc] })).toEqual([
      {
        id: 'a',
        title: 'Troops cross the border',
        source: 'Reuters',
        date: '2022-02-24',
        url: null,
        path: 'corpus/a.txt',
        chunks: 3,
        characters: 1200,
      },
    ]);
  });
});

describe('corpusStats', () => {
  const view = (span: ReturnType<IndexView['span']>) => ({
    manifest,
    span: () => span,
    outlets: () => [
      { source: 'AP', articles: 2 },
      { source: null, articles: 1 },
      { source: 'Reuters', articles: 2 },
      { source: null, articles: 2 },
    ],
  });

  it('pools unnamed outlets as "unknown outlet" and lists outlets most articles first, then by name', () => {
    const stats = corpusStats(view({ first: '2022-02-20', last: '2022-04-01' }));
    expect(stats).toEqual({
      articles: 7,
      chunks: 20,
      outlets: [
        { source: 'unknown outlet', articles: 3 },
        { source: 'AP', articles: 2 },
        { source: 'Reuters', articles: 2 },
      ],
      firstDate: '2022-02-20',
      lastDate: '2022-04-01',
      indexedAt: '2022-05-01T00:00:00.000Z',
      corpus: { paths: ['corpus'], feeds: [] },
      embedder: 'fake-embedder',
    });
  });

  it('has no dates for an undated corpus', () => {
    const stats = corpusStats(view(null));
    expect([stats.firstDate, stats.lastDate]).toEqual([null, null]);
  });
});
