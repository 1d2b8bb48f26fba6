import { describe, expect, it } from 'vitest';
import {
  beirArticle,
  documentRanking,
  judgedQueries,
  ndcgAt,
  parseBeirCorpus,
  parseBeirQueries,
  parseQrels,
  recallAt,
  scoreQuery,
  summarizeScores,
} from '../../src/eval/beir.ts';

const rel = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

describe('ndcgAt', () => {
  it('is 1 when the only relevant document is first', () => {
    expect(ndcgAt(['a', 'b', 'c'], rel({ a: 1 }))).toBe(1);
  });

  it('discounts a relevant document at rank 2 by log2(3)', () => {
    // DCG = 1/log2(3) = 0.63093; IDCG = 1.
    expect(ndcgAt(['a', 'b', 'c'], rel({ b: 1 }))).toBeCloseTo(0.63093, 5);
  });

  it('compares two relevant documents at ranks 1 and 3 with the ideal ranks 1 and 2', () => {
    // DCG = 1 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.63093.
    expect(ndcgAt(['a', 'b', 'c'], rel({ a: 1, c: 1 }))).toBeCloseTo(1.5 / 1.63093, 5);
  });

  it('uses grades as gains', () => {
    // Ranking b(1), a(2): DCG = 1 + 2/log2(3) = 2.26186; ideal a, b: 2 + 1/log2(3) = 2.63093.
    expect(ndcgAt(['b', 'a'], rel({ a: 2, b: 1 }))).toBeCloseTo(2.26186 / 2.63093, 5);
  });

  it('ignores documents past the cut-off and judged-irrelevant ones', () => {
    const ranking = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10', 'a'];
    expect(ndcgAt(ranking, rel({ a: 1 }))).toBe(0);
    expect(ndcgAt(ranking, rel({ a: 1 }), 11)).toBeCloseTo(1 / Math.log2(12), 10);
    expect(ndcgAt(['z', 'a'], rel({ z: 0, a: 1 }))).toBeCloseTo(0.63093, 5);
  });

  it('caps the ideal ranking at k relevant documents', () => {
    const judged = rel(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`d${i}`, 1])));
    expect(
      ndcgAt(
        Array.from({ length: 10 }, (_, i) => `d${i}`),
        judged,
      ),
    ).toBe(1);
  });

  it('is 0 when nothing is relevant or the ranking is empty', () => {
    expect(ndcgAt(['a'], rel({ a: 0 }))).toBe(0);
    expect(ndcgAt([], rel({ a: 1 }))).toBe(0);
  });
});

describe('recallAt', () => {
  it('counts relevant documents within the first k', () => {
    const judged = rel({ a: 1, b: 1, c: 1, d: 1 });
    expect(recallAt(['a', 'x', 'c'], judged)).toBe(0.5);
    expect(recallAt(['a', 'x', 'c'], judged, 2)).toBe(0.25);
    expect(recallAt(['a', 'b', 'c', 'd'], judged)).toBe(1);
  });

  it('ignores grade-0 judgments and gives 0 when nothing is relevant', () => {
    expect(recallAt(['a'], rel({ a: 1, b: 0 }))).toBe(1);
    expect(recallAt(['a'], rel({ a: 0 }))).toBe(0);
  });
});

describe('documentRanking and summaries', () => {
  it('keeps each document at its best (first) chunk', () => {
    expect(documentRanking(['a', 'b', 'a', 'c', 'b'])).toEqual(['a', 'b', 'c']);
  });

  it('averages per-query scores', () => {
    const s = summarizeScores([scoreQuery(['a'], rel({ a: 1 })), scoreQuery(['x', 'y'], rel({ a: 1 }))]);
    expect(s).toEqual({ queries: 2, ndcg10: 0.5, recall100: 0.5, meanRanked: 1.5 });
    expect(summarizeScores([])).toEqual({ queries: 0, ndcg10: 0, recall100: 0, meanRanked: 0 });
  });
});

describe('BEIR files', () => {
  it('parses qrels with a header and CRLF line endings', () => {
    const q = parseQrels('query-id\tcorpus-id\tscore\r\n1\t31715818\t1\r\n3\t14717500\t1\r\n3\t42\t0\r\n');
    expect([...q.keys()]).toEqual(['1', '3']);
    expect(q.get('3')).toEqual(rel({ '14717500': 1, '42': 0 }));
  });

  it('rejects a malformed qrels line, naming it', () => {
    expect(() => parseQrels('1\t2\n1 2 3\n', 'test.tsv')).toThrow(/test\.tsv:1/);
  });

  it('parses corpus and queries, with numeric ids as strings', () => {
    const docs = parseBeirCorpus(
      '{"_id": "4983", "title": "T", "text": "Body.", "metadata": {}}\n{"_id": 7, "text": "No title."}\n',
    );
    expect(docs).toEqual([
      { id: '4983', title: 'T', text: 'Body.' },
      { id: '7', title: '', text: 'No title.' },
    ]);
    expect(parseBeirQueries('{"_id": "0", "text": "Q?", "metadata": {}}\n')).toEqual([
      { id: '0', text: 'Q?' },
    ]);
    expect(() => parseBeirCorpus('{"_id": "1"}\n', 'c.jsonl')).toThrow(/c\.jsonl:1/);
    expect(() => parseBeirQueries('not json\n', 'q.jsonl')).toThrow(/q\.jsonl:1: malformed JSON/);
  });

  it('maps a document to an article citing the corpus file', () => {
    expect(beirArticle({ id: '1', title: 'T', text: 'B' })).toEqual({
      id: '1',
      title: 'T',
      text: 'B',
      source: null,
      date: null,
      url: null,
      path: 'corpus.jsonl',
    });
  });

  it('runs only queries with a relevant judgment, in qrels order, up to the limit', () => {
    const queries = [
      { id: '1', text: 'one' },
      { id: '2', text: 'two' },
      { id: '3', text: 'three' },
    ];
    const qrels = parseQrels('3\td\t1\n2\td\t0\n1\td\t1\n9\td\t1\n');
    expect(judgedQueries(queries, qrels).map((q) => q.id)).toEqual(['3', '1']);
    expect(judgedQueries(queries, qrels, 1).map((q) => q.id)).toEqual(['3']);
  });
});
