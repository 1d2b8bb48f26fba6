import { describe, expect, it } from 'vitest';
import { mean, percentile, round, summarizeLatencies } from '../../src/bench/stats.ts';

describe('percentile (nearest rank)', () => {
  it('matches the textbook example', () => {
    // 15, 20, 35, 40, 50: the 30th and 40th percentiles are 20, the 50th 35, the 100th 50.
    const xs = [50, 15, 40, 20, 35];
    expect(percentile(xs, 5)).toBe(15);
    expect(percentile(xs, 30)).toBe(20);
    expect(percentile(xs, 40)).toBe(20);
    expect(percentile(xs, 50)).toBe(35);
    expect(percentile(xs, 100)).toBe(50);
    expect(xs).toEqual([50, 15, 40, 20, 35]);
  });

  it('picks from 1..100 as the rank says', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 99.5)).toBe(100);
  });

  it('handles one sample, no samples and bad p', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('summaries', () => {
  it('summarizes latencies', () => {
    const s = summarizeLatencies([1, 2, 3, 4, 10]);
    expect(s).toEqual({ count: 5, mean: 4, p50: 3, p95: 10, p99: 10, max: 10 });
    expect(summarizeLatencies([]).p50).toBeNaN();
    expect(mean([])).toBeNaN();
  });

  it('rounds for reports', () => {
    expect(round(1.23456)).toBe(1.235);
    expect(round(123.456)).toBe(123.5);
    expect(round(12345.6)).toBe(12346);
    expect(round(Number.NaN)).toBeNaN();
  });
});
