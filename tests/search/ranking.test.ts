import { describe, expect, it } from 'vitest';
import { containment, fuse, minMax, shingles } from '../../src/search/ranking.ts';

describe('minMax', () => {
  it('scales to [0, 1]', () => {
    expect(minMax([1, 3, 2])).toEqual([0, 1, 0.5]);
    expect(minMax([-2, 2])).toEqual([0, 1]);
  });

  it('handles empty and all-equal input', () => {
    expect(minMax([])).toEqual([]);
    expect(minMax([0.4, 0.4, 0.4])).toEqual([1, 1, 1]);
    expect(minMax([7])).toEqual([1]);
    expect(minMax([0, 0])).toEqual([0, 0]);
    expect(minMax([-1, -1])).toEqual([0, 0]);
  });
});

describe('fuse', () => {
  it('is the weighted sum of the three signals', () => {
    const w = { lexical: 0.5, dense: 0.25, coverage: 0.25 };
    expect(fuse(1, 1, 1, w)).toBe(1);
    expect(fuse(0, 0, 0, w)).toBe(0);
    expect(fuse(0.5, 1, 0, w)).toBe(0.5);
    expect(fuse(0.2, 0.4, 0.8, { lexical: 1, dense: 0, coverage: 0 })).toBe(0.2);
  });
});

describe('shingles and containment', () => {
  it('makes word 3-grams, or one shingle of a short text', () => {
    expect(shingles(['a', 'b', 'c', 'd'])).toEqual(new Set(['a b c', 'b c d']));
    expect(shingles(['a', 'b'])).toEqual(new Set(['a b']));
    expect(shingles([])).toEqual(new Set());
    expect(shingles(['a', 'b', 'c'], 2)).toEqual(new Set(['a b', 'b c']));
  });

  it('containment is the share of A found in B, so a quote inside a longer text counts fully', () => {
    const quote = new Set(['x', 'y']);
    const long = new Set(['x', 'y', 'z', 'w']);
    expect(containment(quote, long)).toBe(1);
    expect(containment(long, quote)).toBe(0.5);
    expect(containment(new Set(), long)).toBe(0);
  });
});
