/** The ranking math as small pure functions: normalization, fusion, near-duplicate shingles. */

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

/** Weights of the three normalized signals in the hybrid score; they sum to 1. */
export interface FusionWeights {
  lexical: number;
  dense: number;
  coverage: number;
}

/** Weighted fusion of normalized lexical and dense scores and the question coverage (all in [0, 1]). */
export function fuse(lexical: number, dense: number, cover: number, w: FusionWeights): number {
  return w.lexical * lexical + w.dense * dense + w.coverage * cover;
}

/** A query term with its inverse document frequency (rarer terms weigh more). */
export interface WeightedTerm {
  /** The form a passage is searched for (a Porter stem in the engine). */
  term: string;
  idf: number;
  /** False when no indexed passage uses the word at all. Default true. */
  known?: boolean;
  /** Other forms that count as this same word (the other spellings of a name: Kiev for Kyiv). Default none. */
  alternatives?: readonly string[];
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

/** Containment: share of `a`'s shingles found in `b` (a passage quoted inside a longer one counts). */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / a.size;
}
