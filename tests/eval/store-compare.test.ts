import { describe, expect, it } from 'vitest';
import { exactNearest, overlapAt, recall } from '../../src/eval/store-compare.ts';

describe('store comparison measures', () => {
  it('overlapAt: the share of the first k of one list among the first k of the other', () => {
    expect(overlapAt([1, 2, 3, 4], [4, 3, 9, 1], 4)).toBe(0.75);
    expect(overlapAt([1, 2, 3], [3, 2, 1], 2)).toBe(0.5);
    expect(overlapAt([], [], 10)).toBe(1);
    expect(overlapAt([], [1], 10)).toBe(0);
  });

  it('recall: the share of the exact list found', () => {
    expect(recall([1, 2, 3, 4], [2, 4, 7])).toBe(0.5);
    expect(recall([], [1])).toBe(1);
  });

  it('exactNearest ranks rows by dot product, ties by row', () => {
    const vectors = Float32Array.from([1, 0, 0, 1, 0.6, 0.8, 1, 0]);
    expect(exactNearest(vectors, 2, Float32Array.from([1, 0]), 3)).toEqual([0, 3, 2]);
  });
});
