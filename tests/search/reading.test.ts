import { describe, expect, it } from 'vitest';
import { blendOrder, readerProbability, readerSignals } from '../../src/search/reading.ts';

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
  it('reads the first, the best shown and the gap to the second best', () => {
    const s = readerSignals([0.2, 0.9, 0.1, 0.95]);
    expect(s.readerTop).toBe(0.2);
    expect(s.readerMax).toBe(0.9);
    expect(s.readerGap).toBeCloseTo(0.05, 10);
  });

  it('is all zero with nothing read, and the gap is the best itself with one', () => {
    expect(readerSignals([])).toEqual({ readerTop: 0, readerMax: 0, readerGap: 0 });
    expect(readerSignals([0.7])).toEqual({ readerTop: 0.7, readerMax: 0.7, readerGap: 0.7 });
  });

  it('turns a logit into a probability', () => {
    expect(readerProbability(0)).toBe(0.5);
    expect(readerProbability(10)).toBeGreaterThan(0.9999);
  });
});
