/**
 * Candidate queries against one generation: BM25 top-N through pg_textsearch's index and cosine top-N through
 * pgvector's HNSW index, optionally limited to some documents. Ranking stays the engine's: these only say which
 * chunks and windows to consider.
 */
import { vectorLiteral, type Db } from './db.ts';
import { bm25IndexName, generationSchema } from './schema.ts';

export interface LexicalHit {
  chunk: number;
  /** pg_textsearch's BM25 score (positive; its `<@>` operator returns the negative for ascending index order). */
  score: number;
}

export interface DenseHit {
  window: number;
  cosine: number;
}

/**
 * Chunks with the best BM25 scores for the question's index `terms` (tokenize.ts's terms(), as the chunks' BM25
 * column holds them; only chunks matching at least one), best first.
 */
export async function lexicalCandidates(
  db: Db,
  generation: string,
  terms: readonly string[],
  limit: number,
  docs?: readonly number[],
): Promise<LexicalHit[]> {
  const s = generationSchema(generation);
  // A question of stop words alone has no terms and matches nothing.
  const query = [...new Set(terms)].join(' ');
  if (query === '') return [];
  const filter = docs ? 'WHERE doc = ANY($4::int[])' : '';
  const rows = await db.query<{ row: number; score: number }>(
    `SELECT row, -(lexical <@> to_bm25query($1, $2)) AS score FROM ${s}.chunks ${filter}
     ORDER BY lexical <@> to_bm25query($1, $2) LIMIT $3`,
    [query, bm25IndexName(generation), limit, ...(docs ? [docs] : [])],
  );
  return rows.filter((r) => r.score > 0).map((r) => ({ chunk: r.row, score: r.score }));
}

/**
 * Windows nearest `vector` by cosine, nearest first. `efSearch` is pgvector's hnsw.ef_search (it caps it at
 * 1000); with a document filter the scan continues past filtered-out neighbours (iterative scan).
 */
export async function denseCandidates(
  db: Db,
  generation: string,
  vector: Float32Array,
  limit: number,
  options: { efSearch: number; docs?: readonly number[] },
): Promise<DenseHit[]> {
  const s = generationSchema(generation);
  const ef = Math.min(1000, Math.max(limit, Math.trunc(options.efSearch)));
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL hnsw.ef_search = ${ef}`);
    if (options.docs) await tx.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
    const filter = options.docs ? 'WHERE doc = ANY($3::int[])' : '';
    const rows = await tx.query<{ row: number; distance: number }>(
      `SELECT row, embedding <=> $1::vector AS distance FROM ${s}.windows ${filter} ORDER BY embedding <=> $1::vector LIMIT $2`,
      [vectorLiteral(vector), limit, ...(options.docs ? [options.docs] : [])],
    );
    // relaxed_order may return a few out of order: sort what came back.
    return rows.map((r) => ({ window: r.row, cosine: 1 - r.distance })).sort((a, b) => b.cosine - a.cosine || a.window - b.window);
  });
}
