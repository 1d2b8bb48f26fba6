import { describe, expect, it } from 'vitest';
import {
  blendOrder,
  readerConfidence,
  readerProbability,
  readerRerank,
  readerSignals,
} from '../../src/search/reading.ts';
import { FakeReader } from '../helpers/fake-reader.ts';

describe('blendOrder', () => {
  it('keeps the engine order at weight 0 and follows the reader at weight 1', () => {
    expect(blendOrder([0.9, 0.5, 0.1], [0.1, 0.2, 0.9], 0)).toEqual([0, 1, 2]);
    expect(blendOrder([0.9, 0.5, 0.1], [0.1, 0.2, 0.9], 1)).toEqual([2, 1, 0]);
  });

  it('blends min-max engine scores with reader probabilities', () => {
    // Engine 1, 0.5, 0 after min-max; at weight 0.5: 0.5+0.05, 0.25+0.3, 0+0.45 → tie of 0.55 keeps engine order.
    expect(blendOrder([0.8, 0.6, 0.4], [0.1, 0.6, 0.9], 0.5)).toEqual([0, 1, 2]);
    expect(blendOrder([0.8, 0.6, 0.4], [0.1, 0.7, 0.9], 0.5)).toEqual([1, 0, 2]);
  });

  it('handles one candidate and none, and refuses mismatched lists', () => {
    expect(blendOrder([0.3], [0.2], 0.5)).toEqual([0]);
    expect(blendOrder([], [], 0.5)).toEqual([]);
    expect(() => blendOrder([0.3, 0.2], [0.2], 0.5)).toThrow(
      'crisis-desk: blendOrder: expected one reader probability per candidate (2), got 1',
    );
  });
});

describe('readerSignals', () => {
  it('reads the first, the best shown and the gap to the second best, as clipped logits / 10', () => {
    const s = readerSignals([0.5, readerP(3), 0.5, readerP(4)]);
    expect(s.readerTop).toBeCloseTo(0, 10);
    expect(s.readerMax).toBeCloseTo(0.3, 10);
    expect(s.readerGap).toBeCloseTo(0.1, 10);
  });

  it('is all zero with nothing read, and the gap of a lone passage is taken from the floor', () => {
    expect(readerSignals([])).toEqual({ readerTop: 0, readerMax: 0, readerGap: 0 });
    const one = readerSignals([0.5]);
    expect(one.readerGap).toBeCloseTo(1, 10);
  });

  it('keeps apart what probabilities blur, within ±1', () => {
    expect(readerConfidence(0.99)).toBeLessThan(readerConfidence(0.99999));
    expect(readerConfidence(1)).toBe(1);
    expect(readerConfidence(0)).toBe(-1);
  });

  it('turns a logit into a probability', () => {
    expect(readerProbability(0)).toBe(0.5);
    expect(readerProbability(10)).toBeGreaterThan(0.9999);
  });
});

describe('readerRerank', () => {
  const fused: { id: string; score: number; reader?: number }[] = [
    { id: 'a', score: 0.9 },
    { id: 'b', score: 0.6 },
    { id: 'c', score: 0.3 },
    { id: 'd', score: 0.1 },
  ];
  const logit: Record<string, number> = { 'text a': -5, 'text b': 0, 'text c': 5 };

  it('re-orders the best `depth` by the blend, re-spreads their scores over their range, and leaves the rest below', async () => {
    const reader = new FakeReader((_q, p) => logit[p]!);
    const { ranked, signals } = await readerRerank(
      reader,
      { depth: 3, weight: 1 },
      'q?',
      fused,
      (r) => `text ${r.id}`,
    );
    expect(reader.calls).toEqual([{ question: 'q?', passages: 3 }]);
    expect(ranked.map((r) => [r.id, r.reader])).toEqual([
      ['c', readerP(5)],
      ['b', 0.5],
      ['a', readerP(-5)],
      ['d', undefined],
    ]);
    // Evenly from the best score (0.9) to the lowest re-read one (0.3), computed as the engine does.
    const step = (0.9 - 0.3) / 2;
    expect(ranked.map((r) => r.score)).toEqual([0.9, 0.9 - step, 0.9 - 2 * step, 0.1]);
    expect(signals).toEqual(readerSignals([readerP(5), 0.5, readerP(-5)]));
  });

  it('keeps the engine order at weight 0 and reads nothing at depth 0', async () => {
    const reader = new FakeReader((_q, p) => logit[p]!);
    const kept = await readerRerank(reader, { depth: 2, weight: 0 }, 'q?', fused, (r) => `text ${r.id}`);
    expect(kept.ranked.map((r) => [r.id, r.score])).toEqual([
      ['a', 0.9],
      ['b', 0.6],
      ['c', 0.3],
      ['d', 0.1],
    ]);
    const none = await readerRerank(reader, { depth: 0, weight: 1 }, 'q?', fused, (r) => `text ${r.id}`);
    expect(none).toEqual({ ranked: fused, signals: readerSignals([]) });
    expect(reader.calls).toHaveLength(1);
  });
});

/** The probability whose logit is `x`. */
function readerP(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
