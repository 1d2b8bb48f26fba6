import { describe, expect, it } from 'vitest';
import { blendOrder, readerConfidence, readerProbability, readerSignals } from '../../src/search/reading.ts';

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

/** The probability whose logit is `x`. */
function readerP(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
