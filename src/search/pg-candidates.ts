/**
 * The engine over an index in PostgreSQL: the generation's documents, chunks and vectors are read once (the
 * engine scores and cites from them), and each question's candidates come from the database's BM25
 * (pg_textsearch) and HNSW (pgvector) indexes, so ranking, fusion and the answer decision are the same code as
 * for the file store.
 */
import type { Embedder } from '../embed/embedder.ts';
import type { TermGroup } from '../index/bm25.ts';
import { defaultHnswParams } from '../index/hnsw.ts';
import { denseCandidates, lexicalCandidates } from '../index/pg/candidates.ts';
import type { Db } from '../index/pg/db.ts';
import { readPgGeneration } from '../index/pg/reader.ts';
import type { CandidateSource } from './candidates.ts';
import { SearchEngine, type SearchParams } from './engine.ts';

export class PgCandidates implements CandidateSource {
  constructor(
    private readonly db: Db,
    private readonly generation: string,
    /** Documents in the generation (a filter becomes the list of accepted ones). */
    private readonly documents: number,
    /** hnsw.ef_search; default the file store's query-time ef (pgvector caps it at 1000). */
    private readonly efSearch = defaultHnswParams.efSearch,
  ) {}

  /** A group's aliases become terms of their own in the query (pg_textsearch has no merged postings). */
  async lexical(groups: readonly TermGroup[], limit: number, acceptDoc?: (doc: number) => boolean): Promise<number[]> {
    const hits = await lexicalCandidates(this.db, this.generation, groups.flat(), limit, this.accepted(acceptDoc));
    return hits.map((h) => h.chunk);
  }

  async dense(vector: Float32Array, limit: number, acceptDoc?: (doc: number) => boolean): Promise<number[]> {
    const docs = this.accepted(acceptDoc);
    const hits = await denseCandidates(this.db, this.generation, vector, limit, { efSearch: this.efSearch, ...(docs ? { docs } : {}) });
    return hits.map((h) => h.window);
  }

  private accepted(acceptDoc?: (doc: number) => boolean): number[] | undefined {
    if (!acceptDoc) return undefined;
    return Array.from({ length: this.documents }, (_, i) => i).filter(acceptDoc);
  }
}

/** Opens the engine on the database's current generation (an IndexUnusableError when there is none). */
export async function openPgEngine(
  db: Db,
  embedder: Embedder,
  params?: Partial<SearchParams>,
  options: { efSearch?: number } = {},
): Promise<SearchEngine> {
  const data = await readPgGeneration(db);
  const source = new PgCandidates(db, data.generation, data.manifest.documents.length, options.efSearch);
  return new SearchEngine(data, embedder, params, source);
}
