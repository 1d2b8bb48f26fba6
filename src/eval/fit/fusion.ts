/** Re-ranking recorded candidates under other fusion weights, exactly as the engine ranks (pure). */
import { fuse, type FusionWeights, minMax } from '../../search/ranking.ts';
import type { CandidateRecord } from './records.ts';

/** The candidates in the order the engine would rank them with `weights` (ties: original order), with their scores. */
export function rerankScored(
  candidates: readonly CandidateRecord[],
  weights: FusionWeights,
): { c: CandidateRecord; score: number }[] {
  const lex = minMax(candidates.map((c) => c.lexical));
  const dense = minMax(candidates.map((c) => c.dense));
  return candidates
    .map((c, i) => ({ c, i, score: fuse(lex[i]!, dense[i]!, (c.coverage + c.focus) / 2, weights) }))
    .sort((a, b) => b.score - a.score || a.i - b.i);
}

/** The candidates in the order the engine would rank them with `weights` (ties: original order). */
export function rerank(candidates: readonly CandidateRecord[], weights: FusionWeights): CandidateRecord[] {
  return rerankScored(candidates, weights).map((x) => x.c);
}

/** 1-based rank of the first gold candidate, or null. */
export function firstGoldRank(ranked: readonly CandidateRecord[]): number | null {
  const i = ranked.findIndex((c) => c.gold);
  return i < 0 ? null : i + 1;
}

/** Reciprocal rank of the first gold candidate within the top `k`, else 0. */
export function reciprocalRank(ranked: readonly CandidateRecord[], k = 10): number {
  const r = firstGoldRank(ranked);
  return r !== null && r <= k ? 1 / r : 0;
}

/** Every weight triple on a grid of `step` that sums to 1. */
export function weightGrid(step: number): FusionWeights[] {
  const n = Math.round(1 / step);
  const out: FusionWeights[] = [];
  for (let l = 0; l <= n; l++) {
    for (let d = 0; d + l <= n; d++) {
      out.push({ lexical: round(l * step), dense: round(d * step), coverage: round((n - l - d) * step) });
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
