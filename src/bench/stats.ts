/** Small statistics for benchmark samples: pure, so they can be tested without a clock. */

/**
 * The p-th percentile (0 < p ≤ 100) by the nearest-rank method: the smallest sample with at least p% of the
 * samples at or below it. Always one of the samples; NaN for an empty list.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`crisis-desk: percentile: expected 0 < p ≤ 100, got ${p}`);
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function mean(samples: readonly number[]): number {
  return samples.length ? samples.reduce((s, x) => s + x, 0) / samples.length : Number.NaN;
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  return {
    count: samples.length,
    mean: mean(samples),
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** Rounds for reports: 3 significant decimals below 10, 1 decimal below 1000, integers above. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  const digits = a < 10 ? 3 : a < 1000 ? 1 : 0;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
