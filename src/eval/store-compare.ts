/**
 * How far the PostgreSQL store's results are from the file store's, on one generation loaded once: both engines
 * share the loaded chunks and vectors and differ only in where candidates come from (in-memory BM25 and hnswlib
 * vs pg_textsearch and pgvector), so every difference is the candidate sources'. Per question: overlap of the
 * top 10, same top 1, same decision; and the causes: overlap of the lexical candidate sets, and each HNSW's
 * recall of the exact nearest windows.
 */
import type { Embedder } from '../embed/embedder.ts';
import type { IndexData } from '../index/store.ts';
import type { SearchEngine } from '../search/engine.ts';

export interface QuestionComparison {
  question: string;
  top10Overlap: number;
  sameTop10: boolean;
  sameTop1: boolean;
  sameDecision: boolean;
  /** |BM25 candidates of both| / |our BM25 candidates|. */
  lexicalOverlap: number;
  /** Recall of the exact top-N windows by hnswlib and by pgvector. */
  hnswlibRecall: number;
  pgvectorRecall: number;
  /** Document ids ranked by each engine (for nDCG). */
  filesDocs: string[];
  pgDocs: string[];
  filesMs: number;
  pgMs: number;
}

/** Share of the first `k` of `a` that are among the first `k` of `b` (1 when both are empty). */
export function overlapAt<T>(a: readonly T[], b: readonly T[], k: number): number {
  const top = a.slice(0, k);
  if (top.length === 0) return b.length === 0 ? 1 : 0;
  const other = new Set(b.slice(0, k));
  return top.filter((x) => other.has(x)).length / top.length;
}

/** Share of `exact` found in `found` (1 when `exact` is empty). */
export function recall<T>(exact: readonly T[], found: readonly T[]): number {
  if (exact.length === 0) return 1;
  const set = new Set(found);
  return exact.filter((x) => set.has(x)).length / exact.length;
}

/** The `n` windows with the highest dot product with `q` (vectors are unit length: cosine), best first. */
export function exactNearest(vectors: Float32Array, dims: number, q: Float32Array, n: number): number[] {
  const rows = vectors.length / dims;
  const scores = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += vectors[r * dims + d]! * q[d]!;
    scores[r] = dot;
  }
  return Array.from({ length: rows }, (_, r) => r)
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, n);
}

export interface Sources {
  files: SearchEngine;
  pg: SearchEngine;
  data: IndexData;
  embedder: Embedder;
  /** Window rows nearest the vector, as each engine's dense source returns them. */
  hnswlib: (q: Float32Array, n: number) => Promise<number[]>;
  pgvector: (q: Float32Array, n: number) => Promise<number[]>;
  depth: number;
}

export async function compareQuestion(s: Sources, question: string): Promise<QuestionComparison> {
  const [q] = await s.embedder.embedQueries([question]);
  let t = performance.now();
  const a = await s.files.assess(question, { vector: q! });
  const filesMs = performance.now() - t;
  t = performance.now();
  const b = await s.pg.assess(question, { vector: q! });
  const pgMs = performance.now() - t;
  const topA = a.ranked.slice(0, 10).map((r) => r.chunk);
  const topB = b.ranked.slice(0, 10).map((r) => r.chunk);
  const lexA = (await s.files.rank(question, { mode: 'lexical', vector: q! })).map((r) => r.chunk);
  const lexB = (await s.pg.rank(question, { mode: 'lexical', vector: q! })).map((r) => r.chunk);
  const exact = exactNearest(s.data.vectors, s.data.manifest.embedder.dimensions, q!, s.depth);
  const docOf = (chunks: readonly number[]): string[] =>
    chunks.map((c) => s.data.manifest.documents[s.data.chunks[c]!.doc]!.id);
  return {
    question,
    top10Overlap: overlapAt(topA, topB, 10),
    sameTop10: topA.length === topB.length && topA.every((c, i) => c === topB[i]),
    sameTop1: topA[0] === topB[0],
    sameDecision: a.confidence === b.confidence,
    lexicalOverlap: recall(lexA, lexB),
    hnswlibRecall: recall(exact, await s.hnswlib(q!, s.depth)),
    pgvectorRecall: recall(exact, await s.pgvector(q!, s.depth)),
    filesDocs: docOf(a.ranked.map((r) => r.chunk)),
    pgDocs: docOf(b.ranked.map((r) => r.chunk)),
    filesMs,
    pgMs,
  };
}

export interface ComparisonSummary {
  questions: number;
  meanTop10Overlap: number;
  sameTop10: number;
  sameTop1: number;
  sameDecision: number;
  meanLexicalOverlap: number;
  hnswlibRecall: number;
  pgvectorRecall: number;
  filesMsMean: number;
  pgMsMean: number;
}

export function summarizeComparisons(rows: readonly QuestionComparison[]): ComparisonSummary {
  const mean = (f: (r: QuestionComparison) => number): number =>
    rows.length ? rows.reduce((s, r) => s + f(r), 0) / rows.length : 0;
  return {
    questions: rows.length,
    meanTop10Overlap: mean((r) => r.top10Overlap),
    sameTop10: mean((r) => Number(r.sameTop10)),
    sameTop1: mean((r) => Number(r.sameTop1)),
    sameDecision: mean((r) => Number(r.sameDecision)),
    meanLexicalOverlap: mean((r) => r.lexicalOverlap),
    hnswlibRecall: mean((r) => r.hnswlibRecall),
    pgvectorRecall: mean((r) => r.pgvectorRecall),
    filesMsMean: mean((r) => r.filesMs),
    pgMsMean: mean((r) => r.pgMs),
  };
}
