import { describe, expect, it } from 'vitest';
import {
  type AbstainParams,
  containment,
  fuse,
  isRelevant,
  minMax,
  shingles,
} from '../../src/search/ranking.ts';

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

describe('isRelevant', () => {
  // Binary fractions, so the boundaries are exact.
  const p: AbstainParams = {
    minDense: 0.25,
    minCoverage: 0.25,
    threshold: 0.75,
    denseFactor: 0.5,
    paraphraseDense: 0.625,
    unknownWordsDense: 0.5,
  };
  // A passage holding the question's rarest known word, in a question whose words the corpus knows.
  const on = { hasRarest: true, unknownShare: 0 };
  const below = (x: number): number => x - 1e-9;

  it('accepts exactly at every boundary', () => {
    expect(isRelevant({ coverage: 0.5, dense: 0.5, ...on }, p)).toBe(true); // 0.5 + 0.5 × 0.5 = 0.75
    expect(isRelevant({ coverage: 1, dense: 0.25, ...on }, p)).toBe(true); // dense at its floor
    expect(isRelevant({ coverage: 0.25, dense: 1, ...on }, p)).toBe(true); // coverage at its floor
  });

  it('rejects just below every boundary', () => {
    expect(isRelevant({ coverage: below(0.5), dense: 0.5, ...on }, p)).toBe(false);
    expect(isRelevant({ coverage: 1, dense: below(0.25), ...on }, p)).toBe(false);
    expect(isRelevant({ coverage: below(0.25), dense: 1, ...on }, p)).toBe(false);
  });

  it('without the rarest known word, only a passage close in meaning passes', () => {
    expect(isRelevant({ coverage: 1, dense: 0.625, hasRarest: false, unknownShare: 0 }, p)).toBe(true);
    expect(isRelevant({ coverage: 1, dense: below(0.625), hasRarest: false, unknownShare: 0 }, p)).toBe(false);
  });

  it('when unknown words carry most of the question, the passage must be close in meaning', () => {
    expect(isRelevant({ coverage: 1, dense: 0.5, hasRarest: true, unknownShare: 0.75 }, p)).toBe(true);
    expect(isRelevant({ coverage: 1, dense: below(0.5), hasRarest: true, unknownShare: 0.75 }, p)).toBe(false);
    expect(isRelevant({ coverage: 1, dense: 0.25, hasRarest: true, unknownShare: 0.5 }, p)).toBe(true);
  });

  it('a strong signal makes up for a weaker one only above both floors', () => {
    expect(isRelevant({ coverage: 0.3, dense: 0.9, ...on }, p)).toBe(true);
    expect(isRelevant({ coverage: 0, dense: 1, ...on }, p)).toBe(false);
    expect(isRelevant({ coverage: 1, dense: 0, ...on }, p)).toBe(false);
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
