/**
 * What the engine reads of one index generation, in one seam. The in-memory view (the file store, or a generation
 * read whole) answers everything from arrays; ./pg-candidates.ts's view asks PostgreSQL per question and keeps
 * only the rows that questions reached, so its memory does not grow with the corpus. The engine's ranking,
 * decision, highlights and stories are the same code over both: before it reads a chunk synchronously it calls
 * `load` for it, and before it weighs a question's words it calls `lexical.prepare` for them.
 */
import type { TermGroup } from '../index/bm25.ts';
import { Bm25Index } from '../index/bm25.ts';
import type { DocumentRecord, Manifest } from '../index/manifest.ts';
import type { IndexData, StoredChunk } from '../index/store.ts';
import { coverageStem, stemMatches } from '../index/tokenize.ts';
import { type CandidateSource, MemoryCandidates } from './candidates.ts';
import { QuantizedVectors } from './quantized.ts';
import type { CorpusSpan } from './time.ts';
import { acceptsDocument, type DocFilter } from '../index/doc-filter.ts';

/** Corpus statistics BM25 and coverage weigh a question's words by. */
export interface LexicalStats {
  /** Fetches what the sync methods need for these groups and coverage stems (no-op in memory). */
  prepare(groups: readonly TermGroup[], stems: readonly string[]): Promise<void>;
  /** idf of a group as one pseudo-term (see Bm25Index.groupIdf). */
  groupIdf(group: TermGroup): number;
  /** The most any chunk could score (Bm25Index.ceilingGroups). */
  ceilingGroups(groups: readonly TermGroup[]): number;
  /** BM25 of one loaded chunk for the groups. */
  scoreDocGroups(groups: readonly TermGroup[], chunk: number): number;
  /** Does any passage use a word with this coverage stem (or a variant `stemMatches` accepts)? */
  isKnown(stem: string): boolean;
}

/** An outlet (null: articles that name none) and how many articles it has. */
export interface OutletCount {
  source: string | null;
  articles: number;
}

export interface IndexView {
  readonly generation: string;
  /** The generation's manifest without its document list (which may be millions of rows). */
  readonly manifest: Omit<Manifest, 'documents'>;
  readonly lexical: LexicalStats;
  readonly candidates: CandidateSource;
  /**
   * Makes `chunk`, `document` and the window vectors of these chunks readable synchronously: until `hold`'s work
   * ends when loaded inside it, else until enough other rows are loaded (a bounded cache may drop them).
   */
  load(chunks: readonly number[]): Promise<void>;
  /** Runs one question's work: the rows it loads stay readable until it ends, however many others interleave. */
  hold<T>(work: () => Promise<T>): Promise<T>;
  chunk(row: number): StoredChunk;
  /** An article whose chunk was loaded. */
  document(row: number): DocumentRecord;
  /** Window `row`'s character span in its article. */
  windowStart(row: number): number;
  windowEnd(row: number): number;
  /** Dot product of `q` with a loaded window's vector, and of two loaded windows' vectors (int8, as QuantizedVectors). */
  dot(q: Float32Array, window: number): number;
  dotRows(a: number, b: number): number;
  /** First and last article dates; null when no article is dated. */
  span(): CorpusSpan | null;
  /** Articles per outlet, in no particular order. */
  outlets(): readonly OutletCount[];
  /** Every article, in row order. */
  documents(): Promise<DocumentRecord[]>;
  /** Articles a filter leaves in play. */
  countDocuments(filter?: DocFilter): Promise<number>;
  /** The first chunk of every article the filter accepts, in row order. */
  leads(filter?: DocFilter): Promise<number[]>;
  /** Chunks holding a term of every group (the headline counts), of articles the filter accepts, in row order. */
  withEvery(groups: readonly TermGroup[], filter?: DocFilter): Promise<number[]>;
  /** The chunks of a loaded article, in order. */
  chunksOf(doc: number): readonly number[];
}

/** A generation held in memory: arrays, an in-memory BM25 index and int8 vectors. */
export class MemoryView implements IndexView {
  readonly generation: string;
  readonly manifest: Manifest;
  readonly lexical: LexicalStats;
  readonly candidates: CandidateSource;
  readonly bm25: Bm25Index;
  /** The generation, less its float vectors (re-scoring uses int8 ones, a quarter of the size). */
  readonly data: Omit<IndexData, 'vectors'>;
  private readonly vectors: QuantizedVectors;
  private readonly cachedSpan: CorpusSpan | null;
  private readonly outletCounts: OutletCount[];

  /** `candidates`: where candidates come from (default: this generation's BM25 index and HNSW graph). */
  constructor(index: IndexData, candidates?: CandidateSource) {
    const { vectors, ...data } = index;
    this.data = data;
    this.generation = data.generation;
    this.manifest = data.manifest;
    this.vectors = new QuantizedVectors(vectors, data.manifest.embedder.dimensions);
    const docs = data.manifest.documents;
    // The headline is part of every chunk's lexical text: it names what the whole article is about.
    this.bm25 = new Bm25Index(data.chunks.map((c) => `${docs[c.doc]!.title}\n${c.text}`));
    this.lexical = memoryLexical(this.bm25);
    const windowChunks: number[][] = Array.from({ length: data.windows.label.length }, () => []);
    data.chunks.forEach((c, i) => c.windows.forEach((w) => windowChunks[w]!.push(i)));
    const labelRow = new Map([...data.windows.label].map((label, row) => [label, row]));
    this.candidates =
      candidates ?? new MemoryCandidates(this.bm25, data.hnsw, data.chunks, docs, windowChunks, labelRow);
    let first: string | null = null;
    let last: string | null = null;
    const counts = new Map<string | null, number>();
    for (const d of docs) {
      counts.set(d.source, (counts.get(d.source) ?? 0) + 1);
      if (d.date === null) continue;
      if (first === null || d.date < first) first = d.date;
      if (last === null || d.date > last) last = d.date;
    }
    this.cachedSpan = first !== null && last !== null ? { first, last } : null;
    this.outletCounts = [...counts].map(([source, articles]) => ({ source, articles }));
  }

  async load(): Promise<void> {}

  hold<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  chunk(row: number): StoredChunk {
    return this.data.chunks[row]!;
  }

  document(row: number): DocumentRecord {
    return this.manifest.documents[row]!;
  }

  windowStart(row: number): number {
    return this.data.windows.start[row]!;
  }

  windowEnd(row: number): number {
    return this.data.windows.end[row]!;
  }

  dot(q: Float32Array, window: number): number {
    return this.vectors.dot(q, window);
  }

  dotRows(a: number, b: number): number {
    return this.vectors.dotRows(a, b);
  }

  span(): CorpusSpan | null {
    return this.cachedSpan;
  }

  outlets(): readonly OutletCount[] {
    return this.outletCounts;
  }

  async documents(): Promise<DocumentRecord[]> {
    return this.manifest.documents;
  }

  async countDocuments(filter?: DocFilter): Promise<number> {
    if (!filter) return this.manifest.documents.length;
    const accept = this.acceptor(filter);
    return this.manifest.documents.filter((_, i) => accept(i)).length;
  }

  async leads(filter?: DocFilter): Promise<number[]> {
    const accept = filter ? this.acceptor(filter) : () => true;
    const out: number[] = [];
    this.data.chunks.forEach((c, i) => {
      if (c.ordinal === 0 && accept(c.doc)) out.push(i);
    });
    return out;
  }

  async withEvery(groups: readonly TermGroup[], filter?: DocFilter): Promise<number[]> {
    const accept = filter ? this.acceptor(filter) : undefined;
    const chunks = this.data.chunks;
    return this.bm25.withEvery(groups, accept ? (c) => accept(chunks[c]!.doc) : undefined);
  }

  chunksOf(doc: number): readonly number[] {
    if (!this.docChunks) {
      this.docChunks = Array.from({ length: this.manifest.documents.length }, () => []);
      this.data.chunks.forEach((c, i) => this.docChunks![c.doc]!.push(i));
    }
    return this.docChunks[doc] ?? [];
  }

  private docChunks: number[][] | undefined;

  /** A filter as a function of the article row. */
  acceptor(filter: DocFilter): (doc: number) => boolean {
    if (typeof filter === 'function') return filter;
    const docs = this.manifest.documents;
    return (doc) => acceptsDocument(filter, docs[doc]!);
  }
}

/** Endings `stemMatches` lets a passage stem add to a question stem. */
const STEM_VARIANTS = ['i', 'n', 'an', 'ian'];

/** The stems whose presence decides `isKnown(stem)`: the stem and the stem with each of STEM_VARIANTS. */
export function knownCandidates(stem: string): string[] {
  return [stem, ...STEM_VARIANTS.map((ending) => stem + ending)];
}

/** `isKnown` over a set of the corpus's coverage stems. */
export function isKnownIn(vocabulary: { has(stem: string): boolean }, stem: string): boolean {
  if (vocabulary.has(stem)) return true;
  return STEM_VARIANTS.some((ending) => vocabulary.has(stem + ending) && stemMatches(stem + ending, stem));
}

function memoryLexical(bm25: Bm25Index): LexicalStats {
  /** Coverage stems of every indexed word, to tell words the corpus uses from words it never does. */
  const vocabulary = new Set([...bm25.terms()].map(coverageStem));
  return {
    prepare: async () => {},
    groupIdf: (group) => bm25.groupIdf(group),
    ceilingGroups: (groups) => bm25.ceilingGroups(groups),
    scoreDocGroups: (groups, chunk) => bm25.scoreDocGroups(groups, chunk),
    isKnown: (stem) => isKnownIn(vocabulary, stem),
  };
}
