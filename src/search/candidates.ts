/**
 * Where the engine gets the chunks it ranks: BM25 top-N and the chunks of the nearest-vector top-N. Scoring and
 * fusion stay the engine's; a source only says which chunks to consider. The in-memory source searches the
 * loaded generation; ./pg-candidates.ts asks PostgreSQL's BM25 and HNSW indexes.
 */
import type { Bm25Index, TermGroup } from '../index/bm25.ts';
import type { VectorIndex } from '../index/hnsw.ts';
import type { DocumentRecord } from '../index/manifest.ts';
import type { StoredChunk } from '../index/store.ts';
import { acceptsDocument, type DocFilter } from '../index/doc-filter.ts';

export interface CandidateSource {
  /**
   * Chunk rows with the best BM25 scores for the question's term groups (a group: one word and its aliases),
   * best first; only chunks of articles the filter accepts.
   */
  lexical(groups: readonly TermGroup[], limit: number, filter?: DocFilter): Promise<number[]>;
  /**
   * The chunk rows of the `limit` windows nearest the question's vector, nearest window first (a window's chunks
   * in row order); only chunks of articles the filter accepts.
   */
  dense(vector: Float32Array, limit: number, filter?: DocFilter): Promise<number[]>;
}

/** Candidates from the in-memory BM25 index and HNSW graph of a loaded generation (the file store). */
export class MemoryCandidates implements CandidateSource {
  constructor(
    private readonly bm25: Bm25Index,
    private readonly hnsw: VectorIndex,
    private readonly chunks: readonly StoredChunk[],
    private readonly docs: readonly DocumentRecord[],
    private readonly windowChunks: readonly number[][],
    private readonly labelRow: ReadonlyMap<number, number>,
  ) {}

  async lexical(groups: readonly TermGroup[], limit: number, filter?: DocFilter): Promise<number[]> {
    // As for the graph below: no per-posting callback unless a filter asks for one.
    const acceptDoc = this.acceptor(filter);
    const acceptChunk = acceptDoc ? (c: number): boolean => acceptDoc(this.chunks[c]!.doc) : undefined;
    return this.bm25.searchGroups(groups, limit, acceptChunk).map((hit) => hit.doc);
  }

  async dense(vector: Float32Array, limit: number, filter?: DocFilter): Promise<number[]> {
    const acceptDoc = this.acceptor(filter);
    // Without filters every window qualifies; a filter callback costs a JS call per visited graph node.
    const acceptLabel = acceptDoc
      ? (label: number): boolean => {
          const row = this.labelRow.get(label);
          return row !== undefined && this.windowChunks[row]!.some((c) => acceptDoc(this.chunks[c]!.doc));
        }
      : undefined;
    const chunks: number[] = [];
    for (const n of this.hnsw.search(vector, limit, acceptLabel)) {
      const row = this.labelRow.get(n.label);
      if (row === undefined) continue;
      for (const c of this.windowChunks[row]!)
        if (!acceptDoc || acceptDoc(this.chunks[c]!.doc)) chunks.push(c);
    }
    return chunks;
  }

  private acceptor(filter?: DocFilter): ((doc: number) => boolean) | undefined {
    if (!filter || typeof filter === 'function') return filter;
    return (doc) => acceptsDocument(filter, this.docs[doc]!);
  }
}
