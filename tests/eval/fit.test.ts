import { describe, expect, it } from 'vitest';
import {
  bestThreshold,
  fitFusion,
  fitModel,
  isHeldOut,
  label,
  rankingScore,
} from '../../src/eval/fit/fit.ts';
import { firstGoldRank, reciprocalRank, rerank, weightGrid } from '../../src/eval/fit/fusion.ts';
import { confusion, fBeta, fitLogistic, precision, recall } from '../../src/eval/fit/logistic.ts';
import type { CandidateRecord, QuestionRecord } from '../../src/eval/fit/records.ts';
import { parseSquad } from '../../src/eval/fit/squad.ts';
import { probability } from '../../src/search/decision.ts';

function cand(over: Partial<CandidateRecord> = {}): CandidateRecord {
  return {
    doc: 'd',
    lexical: 0,
    lexicalShare: 0,
    dense: 0,
    coverage: 0,
    focus: 0,
    hasRarest: false,
    gold: false,
    hasAnswerText: false,
    ...over,
  };
}

function record(
  set: string,
  candidates: CandidateRecord[],
  over: Partial<QuestionRecord> = {},
): QuestionRecord {
  return { id: `${set}-${Math.random()}`, set, unknownShare: 0, candidates, ...over };
}

describe('fitLogistic', () => {
  it('separates two classes along the feature that tells them apart and ignores noise', () => {
    const examples = Array.from({ length: 200 }, (_, i) => {
      const y = (i % 2) as 0 | 1;
      return { x: [y ? 0.8 + (i % 7) / 50 : 0.2 + (i % 5) / 50, (i % 3) / 3], y };
    });
    const fit = fitLogistic(examples);
    expect(fit.weights[0]!).toBeGreaterThan(5);
    expect(Math.abs(fit.weights[1]!)).toBeLessThan(Math.abs(fit.weights[0]!) / 5);
    const p = (x0: number): number =>
      1 / (1 + Math.exp(-(fit.bias + fit.weights[0]! * x0 + fit.weights[1]! * 0.3)));
    expect(p(0.9)).toBeGreaterThan(0.9);
    expect(p(0.1)).toBeLessThan(0.1);
  });

  it('weighs examples: a heavier class pulls the boundary its way', () => {
    const xs = [0.3, 0.4, 0.5, 0.6, 0.7];
    const examples = xs.flatMap((x) => [
      { x: [x], y: 1 as const, weight: 1 },
      { x: [x], y: 0 as const, weight: 3 },
    ]);
    const fit = fitLogistic(examples);
    // With no signal in x, the fit learns the weighted base rate 1/4.
    expect(1 / (1 + Math.exp(-(fit.bias + fit.weights[0]! * 0.5)))).toBeCloseTo(0.25, 2);
  });

  it('says what it expected for empty or ragged input', () => {
    expect(() => fitLogistic([])).toThrow(
      'crisis-desk: fitLogistic: expected at least one example, got none',
    );
    expect(() =>
      fitLogistic([
        { x: [1], y: 1 },
        { x: [1, 2], y: 0 },
      ]),
    ).toThrow('expected 1 features in every example');
  });
});

describe('confusion, precision, recall, F-beta', () => {
  const scored = [
    { p: 0.9, y: 1 as const },
    { p: 0.6, y: 0 as const },
    { p: 0.4, y: 1 as const },
    { p: 0.1, y: 0 as const },
  ];
  it('counts at a threshold (p ≥ t is a yes)', () => {
    const c = confusion(scored, 0.6);
    expect(c).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
    expect(precision(c)).toBe(0.5);
    expect(recall(c)).toBe(0.5);
    expect(fBeta(c, 1)).toBe(0.5);
    expect(precision(confusion(scored, 0.95))).toBe(1); // no yes at all: nothing wrongly said
  });
  it('picks the threshold with the best F-beta; a small beta prefers precision', () => {
    expect(bestThreshold(scored, 0.5)).toBe(0.61);
    expect(bestThreshold(scored, 3)).toBeLessThanOrEqual(0.4);
  });
});

describe('rerank and ranking scores', () => {
  const a = cand({ doc: 'a', lexical: 10, dense: 0.5 });
  const b = cand({ doc: 'b', lexical: 2, dense: 0.9, gold: true });
  it('orders by the fused min-max scores under the given weights', () => {
    expect(rerank([a, b], { lexical: 1, dense: 0, coverage: 0 }).map((c) => c.doc)).toEqual(['a', 'b']);
    expect(rerank([a, b], { lexical: 0, dense: 1, coverage: 0 }).map((c) => c.doc)).toEqual(['b', 'a']);
    expect(firstGoldRank(rerank([a, b], { lexical: 1, dense: 0, coverage: 0 }))).toBe(2);
    expect(reciprocalRank([a, b])).toBe(0.5);
    expect(reciprocalRank([a])).toBe(0);
  });
  it('every grid point sums to one', () => {
    const grid = weightGrid(0.25);
    expect(grid).toHaveLength(15);
    for (const w of grid) expect(w.lexical + w.dense + w.coverage).toBeCloseTo(1, 9);
  });
  it('scores BEIR records by nDCG@10 over documents, each at its best chunk', () => {
    const r = record('scifact/train', [], { relevant: 2 });
    const ranked = [cand({ doc: 'x' }), cand({ doc: 'g', gold: true }), cand({ doc: 'g', gold: true })];
    expect(rankingScore(r, ranked)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 9);
  });
  it('fitFusion finds the weights that put gold first', () => {
    const records = Array.from({ length: 4 }, () => record('news/answerable', [a, b]));
    const best = fitFusion(records, 0.5);
    expect(best.score).toBe(1);
    expect(best.weights.dense).toBeGreaterThanOrEqual(0.5);
  });
});

describe('label', () => {
  const w = { lexical: 0, dense: 1, coverage: 0 };
  it('a SQuAD question yields an answered case and a same-topic near miss without its own paragraph', () => {
    const own = cand({ doc: 'p1', dense: 0.9, gold: true, hasAnswerText: true });
    const other = cand({ doc: 'p2', dense: 0.6 });
    const [full, near] = label(record('squad/full', [own, other], { topic: 'T' }), w);
    expect(full).toMatchObject({ answer: 1, related: 1 });
    expect(full!.features.denseTop).toBe(0.9);
    expect(near).toMatchObject({ answer: 0, related: 1 });
    expect(near!.record.set).toBe('squad/near-miss');
    expect(near!.features.denseTop).toBe(0.6);
  });
  it('no near miss when another paragraph shows the answer text; no answer label when gold is not shown', () => {
    const own = cand({ doc: 'p1', dense: 0.1, gold: true, hasAnswerText: true });
    const others = [0.9, 0.8, 0.7].map((dense, i) => cand({ doc: `q${i}`, dense, hasAnswerText: i === 0 }));
    const out = label(record('squad/full', [own, ...others], { topic: 'T' }), w);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ answer: null, related: 1 });
  });
  it('off-topic is neither; on-topic unanswerable is related; BEIR records are not labelled', () => {
    expect(label(record('squad/offtopic', [cand()]), w)[0]).toMatchObject({ answer: 0, related: 0 });
    expect(label(record('news/offtopic', [cand()]), w)[0]).toMatchObject({ answer: 0, related: 0 });
    expect(label(record('news/unanswerable', [cand()]), w)[0]).toMatchObject({ answer: 0, related: 1 });
    expect(label(record('scifact/train', [cand()], { relevant: 1 }), w)).toEqual([]);
  });
});

describe('fitModel', () => {
  it('learns the answer line from labelled questions and balances data sets', () => {
    const w = { lexical: 0, dense: 1, coverage: 0 };
    const items = [
      ...Array.from(
        { length: 40 },
        (_, i) =>
          label(record('squad/full', [cand({ doc: 'p', dense: 0.8 + (i % 10) / 100, gold: true })]), w)[0]!,
      ),
      ...Array.from(
        { length: 40 },
        (_, i) => label(record('squad/offtopic', [cand({ dense: 0.3 + (i % 10) / 100 })]), w)[0]!,
      ),
      ...Array.from({ length: 4 }, () => label(record('news/offtopic', [cand({ dense: 0.5 })]), w)[0]!),
    ];
    const model = fitModel(items, 'answer', 0.5);
    expect(probability(model, items[0]!.features)).toBeGreaterThan(model.threshold);
    expect(probability(model, items[50]!.features)).toBeLessThan(model.threshold);
  });
});

describe('isHeldOut', () => {
  it('holds out whole SQuAD topics and about half of other sets', () => {
    const a = record('squad/full', [], { topic: 'Oxygen', id: '1' });
    const b = record('squad/offtopic', [], { topic: 'Oxygen', id: '2' });
    expect(isHeldOut(a)).toBe(isHeldOut(b));
    const ids = Array.from({ length: 200 }, (_, i) =>
      isHeldOut(record('news/answerable', [], { id: `n${i}` })),
    );
    expect(ids.filter(Boolean).length).toBeGreaterThan(60);
    expect(ids.filter(Boolean).length).toBeLessThan(140);
  });
});

describe('parseSquad', () => {
  it('makes one article per paragraph and keeps each question with its answers and topic', () => {
    const json = JSON.stringify({
      data: [
        {
          title: 'Super_Bowl_50',
          paragraphs: [
            {
              context: 'Denver won.',
              qas: [{ id: 'q1', question: 'Who won?', answers: [{ text: 'Denver' }, { text: 'Denver' }] }],
            },
          ],
        },
        {
          title: 'Oxygen',
          paragraphs: [
            { context: 'O2.', qas: [{ id: 'q2', question: 'What?', answers: [] }] },
            { context: 'Air.', qas: [] },
          ],
        },
      ],
    });
    const set = parseSquad(json, 'x.json');
    expect(set.articles.map((a) => [a.id, a.title, a.text])).toEqual([
      ['0-0', 'Super Bowl 50', 'Denver won.'],
      ['1-0', 'Oxygen', 'O2.'],
      ['1-1', 'Oxygen', 'Air.'],
    ]);
    // A question without an answer text cannot be checked, so it is left out.
    expect(set.questions).toEqual([
      {
        id: 'q1',
        question: 'Who won?',
        answers: ['Denver', 'Denver'],
        paragraph: '0-0',
        topic: 'Super_Bowl_50',
      },
    ]);
  });
  it('names the file and what it expected', () => {
    expect(() => parseSquad('{', 'bad.json')).toThrow(
      /^crisis-desk: bad\.json: expected SQuAD JSON, got malformed JSON/,
    );
    expect(() => parseSquad('{}', 'bad.json')).toThrow(
      'crisis-desk: bad.json: expected {"data": [...]} (SQuAD v1.1), got no data array',
    );
  });
});
