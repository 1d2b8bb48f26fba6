/**
 * BEIR-format retrieval benchmarks (e.g. SciFact): loading `corpus.jsonl`, `queries.jsonl` and
 * `qrels/<split>.tsv`, and scoring document rankings with nDCG@10 and Recall@100. Pure functions, so the
 * numbers can be unit-tested; the CLI (src/cli/eval-beir.ts) does the indexing and ranking.
 */
import type { Article } from '../types.ts';
import { CrisisDeskError, malformedJson } from '../errors.ts';

export interface BeirDoc {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
}

/** Query id → (document id → graded relevance). Only grades > 0 count as relevant. */
export type Qrels = Map<string, Map<string, number>>;

/** The `path` every BEIR article gets (citations point into the one corpus file). */
const BEIR_CORPUS_PATH = 'corpus.jsonl';

function jsonLines(content: string, name: string): { value: Record<string, unknown>; line: number }[] {
  const out: { value: Record<string, unknown>; line: number }[] = [];
  content.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw malformedJson(`${name}:${i + 1}`, error);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CrisisDeskError('DataFileError', `${name}:${i + 1}: expected a JSON object`);
    }
    out.push({ value: value as Record<string, unknown>, line: i + 1 });
  });
  return out;
}

function idOf(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

/** Parses BEIR `corpus.jsonl`: one `{_id, title, text}` per line. */
export function parseBeirCorpus(content: string, name = 'corpus.jsonl'): BeirDoc[] {
  return jsonLines(content, name).map(({ value, line }) => {
    const id = idOf(value._id);
    if (
      id === null ||
      typeof value.text !== 'string' ||
      (value.title !== undefined && typeof value.title !== 'string')
    ) {
      throw new CrisisDeskError(
        'DataFileError',
        `${name}:${line}: expected {_id, title, text} with string text`,
      );
    }
    return { id, title: (value.title as string | undefined) ?? '', text: value.text };
  });
}

/** Parses BEIR `queries.jsonl`: one `{_id, text}` per line. */
export function parseBeirQueries(content: string, name = 'queries.jsonl'): BeirQuery[] {
  return jsonLines(content, name).map(({ value, line }) => {
    const id = idOf(value._id);
    if (id === null || typeof value.text !== 'string')
      throw new CrisisDeskError('DataFileError', `${name}:${line}: expected {_id, text}`);
    return { id, text: value.text };
  });
}

/** Parses `qrels/<split>.tsv` (`query-id corpus-id score`, with or without the header; CRLF tolerated). */
export function parseQrels(content: string, name = 'qrels.tsv'): Qrels {
  const qrels: Qrels = new Map();
  content.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const cols = line.split('\t');
    if (i === 0 && cols[0] === 'query-id') return;
    const [qid, did, score] = cols;
    const grade = Number(score);
    if (cols.length < 3 || !qid || !did || !Number.isFinite(grade)) {
      throw new CrisisDeskError(
        'DataFileError',
        `${name}:${i + 1}: expected "query-id<TAB>corpus-id<TAB>score", got ${JSON.stringify(line)}`,
      );
    }
    let judged = qrels.get(qid);
    if (!judged) qrels.set(qid, (judged = new Map()));
    judged.set(did, grade);
  });
  return qrels;
}

/** A BEIR document as the engine indexes it: title kept as the headline, body as the text. */
export function beirArticle(doc: BeirDoc): Article {
  return {
    id: doc.id,
    title: doc.title,
    text: doc.text,
    source: null,
    date: null,
    url: null,
    path: BEIR_CORPUS_PATH,
  };
}

/**
 * Chunk ranking → document ranking: each document at the position of its best chunk. `ranked` must be best
 * first, so the first occurrence of a document is its best chunk.
 */
export function documentRanking(rankedDocIds: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of rankedDocIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

/**
 * nDCG@k as trec_eval / BEIR compute it: gain = grade, discount = log2(rank + 1), the ideal ranking made of
 * every judged document sorted by grade. Queries with no relevant document score 0.
 */
export function ndcgAt(ranking: readonly string[], judged: ReadonlyMap<string, number>, k = 10): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((id, i) => {
    const grade = judged.get(id) ?? 0;
    if (grade > 0) dcg += grade / Math.log2(i + 2);
  });
  const ideal = [...judged.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return idcg > 0 ? dcg / idcg : 0;
}

/** Share of the relevant (grade > 0) documents found in the first `k` of `ranking`. */
export function recallAt(ranking: readonly string[], judged: ReadonlyMap<string, number>, k = 100): number {
  const relevant = [...judged].filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranking.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export interface QueryScore {
  ndcg10: number;
  recall100: number;
  /** Documents the ranking held (the engine returns only its candidates). */
  ranked: number;
}

export function scoreQuery(ranking: readonly string[], judged: ReadonlyMap<string, number>): QueryScore {
  return {
    ndcg10: ndcgAt(ranking, judged, 10),
    recall100: recallAt(ranking, judged, 100),
    ranked: ranking.length,
  };
}

export interface ModeSummary {
  queries: number;
  ndcg10: number;
  recall100: number;
  /** Mean documents per ranking. */
  meanRanked: number;
}

/** Means over queries; an empty list gives zeros. */
export function summarizeScores(scores: readonly QueryScore[]): ModeSummary {
  const n = scores.length;
  const mean = (f: (s: QueryScore) => number): number => (n ? scores.reduce((s, x) => s + f(x), 0) / n : 0);
  return {
    queries: n,
    ndcg10: mean((s) => s.ndcg10),
    recall100: mean((s) => s.recall100),
    meanRanked: mean((s) => s.ranked),
  };
}

/** The queries to run: those with at least one relevant judgment in the split, in qrels order, optionally capped. */
export function judgedQueries(queries: readonly BeirQuery[], qrels: Qrels, limit?: number): BeirQuery[] {
  const byId = new Map(queries.map((q) => [q.id, q]));
  const out: BeirQuery[] = [];
  for (const [qid, judged] of qrels) {
    const q = byId.get(qid);
    if (!q || ![...judged.values()].some((g) => g > 0)) continue;
    out.push(q);
    if (limit !== undefined && out.length >= limit) break;
  }
  return out;
}
