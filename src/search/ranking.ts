/** The ranking math as small pure functions: normalization, fusion, coverage, abstention. */

/** Min-max scales values to [0, 1]; all-equal input maps to 1 when positive, else 0 (nothing to rank by). */
export function minMax(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi - lo < 1e-12) return values.map(() => (hi > 0 ? 1 : 0));
  return values.map((v) => (v - lo) / (hi - lo));
}

/** Weighted fusion of already-normalized lexical and dense scores. */
export function fuse(lexical: number, dense: number, denseWeight: number): number {
  return (1 - denseWeight) * lexical + denseWeight * dense;
}

/** A query term with its inverse document frequency (rarer terms weigh more). */
export interface WeightedTerm {
  term: string;
  idf: number;
}

/**
 * Share of the question's idf mass that a passage contains: 1 when every content term is present, small
 * when the rare, telling terms are missing. 0 for a question without content terms.
 */
export function coverage(query: readonly WeightedTerm[], passageTerms: ReadonlySet<string>): number {
  let total = 0;
  let hit = 0;
  for (const { term, idf } of query) {
    total += idf;
    if (passageTerms.has(term)) hit += idf;
  }
  return total > 0 ? hit / total : 0;
}

/** When the engine answers rather than abstains. */
export interface AbstainParams {
  /** Minimum share of the question's idf mass the passage must contain. */
  minCoverage: number;
  /** Minimum cosine between the question and the passage's best window. */
  minDense: number;
  /** A passage this close in meaning passes with less coverage (paraphrased questions). */
  strongDense: number;
  /** The reduced coverage a strongly similar passage needs. */
  minCoverageWhenStrong: number;
}

/** Is this passage relevant enough to be shown? Both signals must agree; a very close meaning relaxes coverage. */
export function isRelevant(signals: { coverage: number; dense: number }, p: AbstainParams): boolean {
  if (signals.dense < p.minDense) return false;
  if (signals.coverage >= p.minCoverage) return true;
  return signals.dense >= p.strongDense && signals.coverage >= p.minCoverageWhenStrong;
}

/** Word 3-gram shingles of a text, for near-duplicate detection. */
export function shingles(words: readonly string[], size = 3): Set<string> {
  const out = new Set<string>();
  if (words.length < size) {
    if (words.length) out.add(words.join(' '));
    return out;
  }
  for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(' '));
  return out;
}

/** Jaccard similarity of two sets; 0 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Containment: share of `a`'s shingles found in `b` (a passage quoted inside a longer one counts). */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / a.size;
}
