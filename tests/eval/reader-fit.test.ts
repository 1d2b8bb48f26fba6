import { describe, expect, it } from 'vitest';
import type { CandidateRecord, QuestionRecord } from '../../src/eval/fit/records.ts';
import { orderObjective } from '../../src/eval/fit/fit.ts';
import { fitReader, highlightFitModule, placement, readerOrder } from '../../src/eval/fit/reader-fit.ts';
import type { ReaderFit } from '../../src/search/fitted-types.ts';
import { readerSignals } from '../../src/search/reading.ts';
import type { FusionWeights } from '../../src/search/ranking.ts';

const W: FusionWeights = { lexical: 0, dense: 1, coverage: 0 };

/** A candidate whose engine score is its cosine; `reader` is what the reader said of it. */
function cand(doc: string, dense: number, reader: number, gold = false): CandidateRecord {
  return {
    doc,
    dense,
    reader,
    gold,
    hasAnswerText: gold,
    lexical: 0,
    lexicalShare: 0,
    coverage: 0,
    focus: 0,
    hasRarest: false,
  };
}

/** The engine puts the gold third; the reader knows it. */
function record(id: string, set = 'news/answerable'): QuestionRecord {
  return {
    id,
    set,
    unknownShare: 0,
    candidates: [
      cand('a', 0.9, 0.1),
      cand('b', 0.8, 0.2),
      cand('g', 0.7, 0.95, set.endsWith('answerable')),
      cand('c', 0.6, 0.1),
      cand('d', 0.5, 0.05),
      cand('e', 0.4, 0.05),
    ],
  };
}

describe('readerOrder', () => {
  it('is the engine order at depth 0, and re-reads only the first `depth` candidates', () => {
    const r = record('q');
    expect(readerOrder(W, { depth: 0, weight: 1 })(r.candidates).ranked.map((c) => c.doc)).toEqual([
      'a',
      'b',
      'g',
      'c',
      'd',
      'e',
    ]);
    expect(readerOrder(W, { depth: 2, weight: 1 })(r.candidates).ranked.map((c) => c.doc)).toEqual([
      'b',
      'a',
      'g',
      'c',
      'd',
      'e',
    ]);
    const read = readerOrder(W, { depth: 4, weight: 1 })(r.candidates);
    expect(read.ranked.map((c) => c.doc)).toEqual(['g', 'b', 'a', 'c', 'd', 'e']);
    expect(read.reader).toEqual(readerSignals([0.95, 0.2, 0.1, 0.1]));
  });

  it('treats a candidate the recording did not read as one that does not answer', () => {
    const r = record('q');
    delete r.candidates[2]!.reader;
    expect(readerOrder(W, { depth: 4, weight: 1 })(r.candidates).ranked[0]!.doc).toBe('b');
  });
});

describe('orderObjective and placement', () => {
  it('score the first gold passage under an order', () => {
    const records = [record('q1'), record('q2')];
    expect(orderObjective(records, readerOrder(W, { depth: 0, weight: 0 })).byFamily).toEqual({
      news: 1 / 3,
    });
    expect(orderObjective(records, readerOrder(W, { depth: 5, weight: 1 })).byFamily).toEqual({ news: 1 });
    expect(placement(records, readerOrder(W, { depth: 5, weight: 1 }))).toEqual({
      news: { questions: 2, first: 2, top3: 2 },
    });
  });
});

describe('fitReader', () => {
  const records = Array.from({ length: 40 }, (_, i) =>
    record(`q${i}`, i % 4 === 0 ? 'news/unanswerable' : 'news/answerable'),
  );
  const params = {
    weights: W,
    decision: {
      answer: { weights: { denseTop: 10 }, bias: -5, threshold: 0.5 },
      related: { weights: { denseTop: 10 }, bias: -5, threshold: 0.5 },
    },
  };

  it('reads when reading pays, and chooses only among the depths the budget allows', () => {
    const meta = { provenance: ['synthetic'], key: 'fake+reader', embedder: 'fake', reader: 'fake-reader' };
    const free = fitReader(records, params, 16, meta);
    expect(free.blend.depth).toBe(3);
    expect(free.blend.weight).toBeGreaterThan(0.5);
    expect(free.depths.map((d) => d.depth)).toEqual([0, 3, 5, 10, 15]);
    const tight = fitReader(records, params, 16, meta, [0]);
    expect(tight.blend).toEqual({ depth: 0, weight: 0 });
    expect(() => fitReader(records, params, 16, meta, [20])).toThrow(
      'crisis-desk: fitReader: expected an allowed depth below the recorded 16, got 20',
    );
  });
});

describe('the fitted-reader module', () => {
  const decision = {
    answer: { weights: {}, bias: 0, threshold: 0.5 },
    related: { weights: {}, bias: 0, threshold: 0.5 },
  } as unknown as ReaderFit['decision'];
  const current: Record<string, ReaderFit> = {
    'm+r': { blend: { depth: 5, weight: 1 }, decision, highlight: 0 },
    'other+r': { blend: { depth: 3, weight: 0.5 }, decision },
  };

  /** The object literal a generated module holds. */
  const entries = (module: string): Record<string, ReaderFit> =>
    JSON.parse(
      module.slice(module.indexOf('Object.freeze(') + 'Object.freeze('.length, module.lastIndexOf(');')),
    );

  it("sets one entry's highlight weight and keeps its blend, its decision and the other entries", () => {
    const next = entries(highlightFitModule(current, 'm+r', 1));
    expect(next['m+r']).toEqual({ blend: { depth: 5, weight: 1 }, decision, highlight: 1 });
    expect(next['other+r']).toEqual(current['other+r']);
  });

  it('refuses to set the highlight of an embedder and reader that were never fit', () => {
    expect(() => highlightFitModule(current, 'x+r', 1)).toThrow(
      'crisis-desk: no reader fit for x+r to set the highlight weight of: run npm run fit:reader first',
    );
  });
});
