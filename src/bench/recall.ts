/** Exact nearest neighbours by brute force, to measure how many of them HNSW finds. Pure functions. */

export interface Scored {
  row: number;
  score: number;
}

/** Dot product of `q` with row `row` of `vectors` (rows × dims). */
export function rowDot(vectors: Float32Array, dims: number, q: Float32Array, row: number): number {
  let s = 0;
  for (let i = 0, o = row * dims; i < dims; i++) s += q[i]! * vectors[o + i]!;
  return s;
}

/** The `k` rows of `vectors` (rows × dims) with the largest dot product with `q`, best first. */
export function exactTopK(vectors: Float32Array, dims: number, q: Float32Array, k: number): Scored[] {
  const rows = Math.floor(vectors.length / dims);
  if (k <= 0) return [];
  // A small sorted buffer beats sorting every score when k ≪ rows.
  const best: Scored[] = [];
  for (let r = 0; r < rows; r++) {
    const s = rowDot(vectors, dims, q, r);
    if (best.length === k && s <= best[k - 1]!.score) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < s) at--;
    best.splice(at, 0, { row: r, score: s });
    if (best.length > k) best.pop();
  }
  return best;
}

/** Share of `exact` found in `approx` (both id lists); 1 when `exact` is empty. */
export function recallOf(approx: readonly number[], exact: readonly number[]): number {
  if (exact.length === 0) return 1;
  const found = new Set(approx);
  return exact.filter((x) => found.has(x)).length / exact.length;
}

/**
 * Recall that counts ties as hits (as ann-benchmarks does): the share of the `exact` list matched by approximate
 * results scoring at least the exact k-th score. Identical vectors at different rows (wire copy embedded once)
 * are then interchangeable, as they are for search.
 */
export function recallWithTies(
  approxScores: readonly number[],
  exact: readonly Scored[],
  epsilon = 1e-6,
): number {
  if (exact.length === 0) return 1;
  const kth = exact.at(-1)!.score;
  return Math.min(exact.length, approxScores.filter((s) => s >= kth - epsilon).length) / exact.length;
}

/** `count` row numbers spread evenly over `rows` (deterministic, so runs compare). */
export function evenSample(rows: number, count: number): number[] {
  if (rows <= 0 || count <= 0) return [];
  if (count >= rows) return Array.from({ length: rows }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * rows) / count));
}
