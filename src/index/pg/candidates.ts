/**
 * Candidate queries against one generation: BM25 top-N through pg_textsearch's index and cosine top-N through
 * pgvector's HNSW index, optionally limited to the articles a filter accepts. Ranking stays the engine's: these
 * only say which chunks and windows to consider. Every statement a question runs is prepared.
 */
import type { DocFilterSpec } from '../doc-filter.ts';
import { vectorLiteral, type Db, type Queryable } from './db.ts';
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
 * A filter as SQL over the generation's `documents` (alias d), its parameters numbered from `first`. The same
 * rule as ../doc-filter.ts's acceptsDocument: dates compare as strings byte by byte (COLLATE "C", as
 * JavaScript compares ISO dates), outlet names exactly.
 */
export function filterSql(spec: DocFilterSpec, first: number): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown, type: string): string => {
    params.push(value);
    return `$${first + params.length - 1}::${type}`;
  };
  if (spec.ids !== null) parts.push(`d.id = ANY(${param(spec.ids, 'text[]')})`);
  if (spec.sources !== null) parts.push(`d.source = ANY(${param(spec.sources, 'text[]')})`);
  if (spec.excluded.length > 0)
    parts.push(`(d.source IS NULL OR NOT d.source = ANY(${param(spec.excluded, 'text[]')}))`);
  if (spec.after || spec.before) parts.push('d.date IS NOT NULL');
  if (spec.after) parts.push(`d.date COLLATE "C" >= ${param(spec.after, 'text')}`);
  if (spec.before) parts.push(`d.date COLLATE "C" <= ${param(spec.before, 'text')}`);
  return { where: parts.length > 0 ? parts.join(' AND ') : 'true', params };
}

/** `doc = ANY(the accepted articles' rows)`, computed once per statement (an InitPlan), or nothing without a filter. */
function docCondition(
  s: string,
  spec: DocFilterSpec | undefined,
  first: number,
  column = 'doc',
): { sql: string; params: unknown[] } {
  if (!spec) return { sql: '', params: [] };
  const f = filterSql(spec, first);
  return {
    sql: `${column} = ANY(ARRAY(SELECT d.row FROM ${s}.documents d WHERE ${f.where}))`,
    params: f.params,
  };
}

/**
 * Chunks with the best BM25 scores for the question's index `terms` (tokenize.ts's terms(), as the chunks' BM25
 * column holds them; only chunks matching at least one), best first.
 */
export async function lexicalCandidates(
  db: Queryable,
  generation: string,
  terms: readonly string[],
  limit: number,
  filter?: DocFilterSpec,
): Promise<LexicalHit[]> {
  const s = generationSchema(generation);
  // A question of stop words alone has no terms and matches nothing.
  const query = [...new Set(terms)].join(' ');
  if (query === '') return [];
  const f = docCondition(s, filter, 4);
  const rows = await db.query<{ row: number; score: number }>(
    `SELECT row, -(lexical <@> to_bm25query($1, $2)) AS score FROM ${s}.chunks ${f.sql ? `WHERE ${f.sql}` : ''}
     ORDER BY lexical <@> to_bm25query($1, $2) LIMIT $3`,
    [query, bm25IndexName(generation), limit, ...f.params],
    { prepare: true },
  );
  return rows.filter((r) => r.score > 0).map((r) => ({ chunk: r.row, score: r.score }));
}

/**
 * Windows nearest `vector` by cosine, nearest first. `efSearch` is pgvector's hnsw.ef_search (it caps it at
 * 1000); with a filter the scan continues past filtered-out neighbours (iterative scan).
 */
export async function denseCandidates(
  db: Db,
  generation: string,
  vector: Float32Array,
  limit: number,
  options: { efSearch: number; filter?: DocFilterSpec },
): Promise<DenseHit[]> {
  const hits = await nearestWindows(db, generation, vector, limit, options, false);
  return hits.map((h) => ({ window: h.window, cosine: h.cosine }));
}

/**
 * The chunks of the windows nearest `vector` (a window belongs to one article and to the chunks whose
 * `windows` list it), nearest window first, a window's chunks in row order.
 */
export async function denseChunkCandidates(
  db: Db,
  generation: string,
  vector: Float32Array,
  limit: number,
  options: { efSearch: number; filter?: DocFilterSpec },
): Promise<number[]> {
  const hits = await nearestWindows(db, generation, vector, limit, options, true);
  const out: number[] = [];
  for (const h of hits) out.push(...h.chunks);
  return out;
}

async function nearestWindows(
  db: Db,
  generation: string,
  vector: Float32Array,
  limit: number,
  options: { efSearch: number; filter?: DocFilterSpec },
  withChunks: boolean,
): Promise<{ window: number; cosine: number; chunks: number[] }[]> {
  const s = generationSchema(generation);
  const ef = Math.min(1000, Math.max(limit, Math.trunc(options.efSearch)));
  const f = docCondition(s, options.filter, 3);
  const near = `SELECT row, doc, embedding <=> $1::vector AS distance FROM ${s}.windows ${f.sql ? `WHERE ${f.sql}` : ''}
    ORDER BY embedding <=> $1::vector LIMIT $2`;
  // The nearest windows first (the HNSW scan), then their chunks through the chunks' article index.
  const sql = withChunks
    ? `SELECT n.row, n.distance, ARRAY(SELECT c.row FROM ${s}.chunks c WHERE c.doc = n.doc AND n.row = ANY(c.windows) ORDER BY c.row) AS chunks
       FROM (${near}) n`
    : near;
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL hnsw.ef_search = ${ef}`);
    if (options.filter) await tx.query(`SET LOCAL hnsw.iterative_scan = relaxed_order`);
    const rows = await tx.query<{ row: number; distance: number; chunks?: number[] }>(
      sql,
      [vectorLiteral(vector), limit, ...f.params],
      { prepare: true },
    );
    // relaxed_order may return a few out of order: sort what came back.
    return rows
      .map((r) => ({ window: r.row, cosine: 1 - r.distance, chunks: r.chunks ?? [] }))
      .sort((a, b) => b.cosine - a.cosine || a.window - b.window);
  });
}
