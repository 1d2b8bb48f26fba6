import { describe, expect, it } from 'vitest';
import { evenSample, exactTopK, recallOf, recallWithTies, rowDot } from '../../src/bench/recall.ts';

// 2-d rows: (1,0), (0,1), (0.6,0.8), (-1,0), (0.6,0.8) again
const vectors = Float32Array.from([1, 0, 0, 1, 0.6, 0.8, -1, 0, 0.6, 0.8]);
const q = Float32Array.from([0.8, 0.6]);

describe('exact nearest neighbours', () => {
  it('ranks rows by dot product, best first, the earlier row first on a tie', () => {
    expect(rowDot(vectors, 2, q, 2)).toBeCloseTo(0.96, 6);
    expect(exactTopK(vectors, 2, q, 2).map((s) => s.row)).toEqual([2, 4]);
    expect(exactTopK(vectors, 2, q, 10).map((s) => s.row)).toEqual([2, 4, 0, 1, 3]);
    expect(exactTopK(vectors, 2, q, 3).map((s) => Math.round(s.score * 100) / 100)).toEqual([
      0.96, 0.96, 0.8,
    ]);
    expect(exactTopK(vectors, 2, q, 0)).toEqual([]);
  });

  it('measures strict recall as the share of exact ids found', () => {
    expect(recallOf([1, 2, 3], [3, 4, 1, 5])).toBe(0.5);
    expect(recallOf([], [])).toBe(1);
  });

  it('counts a tied neighbour as a hit', () => {
    // Exact top 1 is row 2 (0.96); an approximate result of row 4 scores the same.
    const exact = exactTopK(vectors, 2, q, 1);
    expect(
      recallOf(
        [4],
        exact.map((e) => e.row),
      ),
    ).toBe(0);
    expect(recallWithTies([rowDot(vectors, 2, q, 4)], exact)).toBe(1);
    // Top 2 = 0.96, 0.96: finding one of them and row 0 (0.8) is half.
    expect(recallWithTies([0.96, 0.8], exactTopK(vectors, 2, q, 2))).toBe(0.5);
    expect(recallWithTies([], [])).toBe(1);
  });

  it('samples rows evenly and deterministically', () => {
    expect(evenSample(10, 5)).toEqual([1, 3, 5, 7, 9]);
    expect(evenSample(3, 5)).toEqual([0, 1, 2]);
    expect(evenSample(0, 5)).toEqual([]);
  });
});
