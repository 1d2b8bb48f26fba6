/**
 * The engine over an index in PostgreSQL, stateless: each question's candidates come from the database's BM25
 * (pg_textsearch) and HNSW (pgvector) indexes, then only those chunks' rows, articles and window vectors are
 * fetched, and BM25's statistics (document frequencies, average length) are read from the generation's `terms`
 * and `stats` tables. Ranking, fusion, the decision, highlights and stories are the engine's own code, as over
 * the file store. What stays in memory: the rows recent questions reached (bounded, `PG_ROW_CACHE`), term
 * statistics of recent words, and corpus facts of one row per outlet (docs/scaling.md).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Embedder } from '../embed/embedder.ts';
import { bm25Term, defaultBm25Params, idf, type TermGroup } from '../index/bm25.ts';
import { defaultHnswParams } from '../index/hnsw.ts';
import { denseChunkCandidates, lexicalCandidates } from '../index/pg/candidates.ts';
import { type Db, parseVector } from '../index/pg/db.ts';
import { currentPgGeneration } from '../index/pg/reader.ts';
import {
  chunkRows,
  chunksWithEvery,
  countDocuments,
  dateSpan,
  documentRows,
  groupDocs,
  leadChunks,
  outletCounts,
  presentStems,
  readPgManifestHead,
  readPgStats,
  termDocs,
  windowRows,
} from '../index/pg/rows.ts';
import { type DocumentRecord, IndexUnusableError, type Manifest } from '../index/manifest.ts';
import type { StoredChunk } from '../index/store.ts';
import type { CandidateSource } from './candidates.ts';
import type { DocFilter, DocFilterSpec } from '../index/doc-filter.ts';
import { SearchEngine, type SearchParams } from './engine.ts';
import {
  type IndexView,
  isKnownIn,
  knownCandidates,
  type LexicalStats,
  type OutletCount,
} from './index-view.ts';
import { dotRow, dotRowPair, QuantizedVectors, type QuantizedRow } from './quantized.ts';
import type { CorpusSpan } from './time.ts';
import { CrisisDeskError } from '../errors.ts';

/**
 * Rows kept per kind (chunks, articles, windows) once questions stop needing them: the least recently used go
 * first. A question reaches about 200 chunks, so 4,096 keep the last twenty questions' rows (with their chunk
 * features, about 40 MB of heap measured: docs/scaling.md). Rows of questions in flight (`hold`) are never
 * dropped, so under many concurrent questions the cache holds more: their rows, for as long as they run.
 */
const PG_ROW_CACHE = 4096;

/** Term statistics kept (entries of a few dozen bytes); dropped all at once past this. */
const TERM_CACHE = 50_000;

function noFunctions(filter?: DocFilter): DocFilterSpec | undefined {
  if (typeof filter === 'function') {
    throw new TypeError(
      'crisis-desk: an engine over PostgreSQL filters articles by options (source, dates, ids), not by a function',
    );
  }
  return filter;
}

export class PgCandidates implements CandidateSource {
  constructor(
    private readonly db: Db,
    private readonly generation: string,
    /** hnsw.ef_search; default the file store's query-time ef (pgvector caps it at 1000). */
    private readonly efSearch = defaultHnswParams.efSearch,
  ) {}

  /** A group's aliases become terms of their own in the query (pg_textsearch has no merged postings). */
  async lexical(groups: readonly TermGroup[], limit: number, filter?: DocFilter): Promise<number[]> {
    const hits = await lexicalCandidates(this.db, this.generation, groups.flat(), limit, noFunctions(filter));
    return hits.map((h) => h.chunk);
  }

  async dense(vector: Float32Array, limit: number, filter?: DocFilter): Promise<number[]> {
    const spec = noFunctions(filter);
    return denseChunkCandidates(this.db, this.generation, vector, limit, {
      efSearch: this.efSearch,
      ...(spec ? { filter: spec } : {}),
    });
  }
}

/** Rows questions in flight have loaded, per kind: never dropped while the question runs. */
interface Pins {
  chunks: Set<number>;
  docs: Set<number>;
  windows: Set<number>;
}

/** A map that forgets its least recently used entries, never those `keep` says are in use. */
class Recent<V> {
  private readonly map = new Map<number, V>();

  constructor(private readonly limit: number) {}

  get(key: number): V | undefined {
    return this.map.get(key);
  }

  /** Marks keys as just used (they move to the back of the eviction order). */
  touch(keys: Iterable<number>): void {
    for (const k of keys) {
      const v = this.map.get(k);
      if (v === undefined) continue;
      this.map.delete(k);
      this.map.set(k, v);
    }
  }

  set(key: number, value: V): void {
    this.map.set(key, value);
  }

  /** Drops the oldest entries past the limit, except those `keep` holds. */
  trim(keep: (key: number) => boolean): void {
    if (this.map.size <= this.limit) return;
    for (const k of this.map.keys()) {
      if (this.map.size <= this.limit) break;
      if (!keep(k)) this.map.delete(k);
    }
  }

  get size(): number {
    return this.map.size;
  }
}

interface LoadedChunk {
  chunk: StoredChunk;
  lexical: string;
  /** Term frequencies of `lexical`, counted on first scoring. */
  tf?: Map<string, number>;
  length?: number;
}

/** A generation in PostgreSQL, read question by question. Open it with `PgView.open`. */
export class PgView implements IndexView {
  readonly candidates: CandidateSource;
  readonly lexical: LexicalStats;
  private readonly chunks: Recent<LoadedChunk>;
  private readonly docs: Recent<DocumentRecord>;
  private readonly windows: Recent<{ start: number; end: number; vector: QuantizedRow }>;
  private readonly question = new AsyncLocalStorage<Pins>();
  private readonly inFlight = new Set<Pins>();

  private constructor(
    private readonly db: Db,
    readonly generation: string,
    readonly manifest: Omit<Manifest, 'documents'>,
    private readonly stats: Map<string, number>,
    private readonly outletList: readonly OutletCount[],
    private readonly corpusSpan: CorpusSpan | null,
    options: { efSearch?: number; cache?: number },
  ) {
    this.candidates = new PgCandidates(db, generation, options.efSearch);
    const cache = options.cache ?? PG_ROW_CACHE;
    this.chunks = new Recent(cache);
    this.docs = new Recent(cache);
    this.windows = new Recent(cache);
    this.lexical = new PgLexical(db, generation, this, this.stats);
  }

  /** The database's current generation (an IndexUnusableError when there is none, or it lacks its statistics). */
  static async open(db: Db, options: { efSearch?: number; cache?: number } = {}): Promise<PgView> {
    const generation = await currentPgGeneration(db);
    if (generation === null)
      throw new IndexUnusableError('no index in the database yet: run `npm run index`');
    const manifest = await readPgManifestHead(db, generation);
    const stats = await readPgStats(db, generation);
    const outlets = await outletCounts(db, generation);
    const span = await dateSpan(db, generation);
    const corpusSpan =
      span.first !== null && span.last !== null ? { first: span.first, last: span.last } : null;
    return new PgView(db, generation, manifest, stats, outlets, corpusSpan, options);
  }

  async hold<T>(work: () => Promise<T>): Promise<T> {
    // Nested calls (ask → rank) belong to the question already held.
    if (this.question.getStore()) return work();
    const pins: Pins = { chunks: new Set(), docs: new Set(), windows: new Set() };
    this.inFlight.add(pins);
    try {
      return await this.question.run(pins, work);
    } finally {
      this.inFlight.delete(pins);
    }
  }

  /** Questions being answered now (for tests). */
  get questionsInFlight(): number {
    return this.inFlight.size;
  }

  async load(rows: readonly number[]): Promise<void> {
    const wanted = new Set(rows);
    // Pinned before the first await: other questions' loads trim the cache while this one waits for rows.
    const pins = this.question.getStore();
    if (pins) for (const r of wanted) pins.chunks.add(r);
    const missing = [...wanted].filter((r) => this.chunks.get(r) === undefined);
    if (missing.length > 0) {
      const found = await chunkRows(this.db, this.generation, missing);
      if (found.length !== missing.length) {
        throw new IndexUnusableError(
          `generation ${this.generation} is missing chunk rows the engine asked for (${missing.length - found.length} of ${missing.length})`,
        );
      }
      for (const c of found) {
        const { row, lexical, ...chunk } = c;
        this.chunks.set(row, { chunk, lexical });
      }
    }
    const docs = new Set<number>();
    const windows = new Set<number>();
    for (const r of wanted) {
      const c = this.chunks.get(r)!.chunk;
      docs.add(c.doc);
      for (const w of c.windows) windows.add(w);
    }
    if (pins) {
      for (const d of docs) pins.docs.add(d);
      for (const w of windows) pins.windows.add(w);
    }
    const missingDocs = [...docs].filter((d) => this.docs.get(d) === undefined);
    if (missingDocs.length > 0)
      for (const { row, ...d } of await documentRows(this.db, this.generation, missingDocs))
        this.docs.set(row, d);
    const missingWindows = [...windows].filter((w) => this.windows.get(w) === undefined);
    if (missingWindows.length > 0) {
      const found = await windowRows(this.db, this.generation, missingWindows);
      const dims = this.manifest.embedder.dimensions;
      const floats = new Float32Array(found.length * dims);
      found.forEach((w, i) => floats.set(parseVector(w.embedding), i * dims));
      // Quantized as the in-memory view does (per row), so both stores score alike to the last bit.
      const q = new QuantizedVectors(floats, dims);
      found.forEach((w, i) => {
        const { codes, scale } = q.row(i);
        this.windows.set(w.row, {
          start: w.start,
          end: w.end,
          vector: { codes: Int8Array.from(codes), scale },
        });
      });
    }
    this.chunks.touch(wanted);
    this.docs.touch(docs);
    this.windows.touch(windows);
    const held =
      (kind: keyof Pins, now: ReadonlySet<number>) =>
      (key: number): boolean =>
        now.has(key) || [...this.inFlight].some((p) => p[kind].has(key));
    this.chunks.trim(held('chunks', wanted));
    this.docs.trim(held('docs', docs));
    this.windows.trim(held('windows', windows));
  }

  /** What the cache holds now (for tests and measurements). */
  cached(): { chunks: number; documents: number; windows: number } {
    return { chunks: this.chunks.size, documents: this.docs.size, windows: this.windows.size };
  }

  loaded(row: number): LoadedChunk {
    const c = this.chunks.get(row);
    if (c === undefined) throw notLoaded('chunk', row);
    return c;
  }

  chunk(row: number): StoredChunk {
    return this.loaded(row).chunk;
  }

  document(row: number): DocumentRecord {
    const d = this.docs.get(row);
    if (d === undefined) throw notLoaded('article', row);
    return d;
  }

  private window(row: number): { start: number; end: number; vector: QuantizedRow } {
    const w = this.windows.get(row);
    if (w === undefined) throw notLoaded('window', row);
    return w;
  }

  windowStart(row: number): number {
    return this.window(row).start;
  }

  windowEnd(row: number): number {
    return this.window(row).end;
  }

  dot(q: Float32Array, window: number): number {
    return dotRow(q, this.window(window).vector);
  }

  dotRows(a: number, b: number): number {
    return dotRowPair(this.window(a).vector, this.window(b).vector);
  }

  span(): CorpusSpan | null {
    return this.corpusSpan;
  }

  outlets(): readonly OutletCount[] {
    return this.outletList;
  }

  async documents(): Promise<DocumentRecord[]> {
    return (await documentRows(this.db, this.generation)).map(({ row: _row, ...d }) => d);
  }

  async countDocuments(filter?: DocFilter): Promise<number> {
    const spec = noFunctions(filter);
    return spec ? countDocuments(this.db, this.generation, spec) : this.manifest.counts.documents;
  }

  leads(filter?: DocFilter): Promise<number[]> {
    return leadChunks(this.db, this.generation, noFunctions(filter));
  }

  withEvery(groups: readonly TermGroup[], filter?: DocFilter): Promise<number[]> {
    return chunksWithEvery(this.db, this.generation, groups, noFunctions(filter));
  }

  /** An article's chunks are the rows [chunkStart, chunkStart + chunkCount), as in the file store. */
  chunksOf(doc: number): readonly number[] {
    const d = this.document(doc);
    return Array.from({ length: d.chunkCount }, (_, i) => d.chunkStart + i);
  }
}

function notLoaded(what: string, row: number): CrisisDeskError {
  return new CrisisDeskError(
    'InvariantError',
    `${what} ${row} was read before it was loaded (or, outside a held question, after other questions pushed it out of the row cache)`,
  );
}

/** A statistic asked for before the question's statistics were fetched (`what` is term, group or coverage stem). */
function weighedEarly(what: string, key: string | readonly string[]): CrisisDeskError {
  return new CrisisDeskError(
    'InvariantError',
    `the ${what} ${JSON.stringify(key)} was weighed before its statistics were fetched`,
  );
}

/** BM25 and coverage statistics from the generation's `terms` and `stats` tables, fetched per question's words. */
class PgLexical implements LexicalStats {
  private readonly df = new Map<string, number>();
  private readonly stems = new Map<string, boolean>();
  /** Document counts of alias groups with two or more terms in the corpus, by their sorted terms. */
  private readonly groups = new Map<string, number>();
  private readonly size: number;
  private readonly avgLength: number;
  private readonly params = defaultBm25Params;

  constructor(
    private readonly db: Db,
    private readonly generation: string,
    private readonly view: PgView,
    stats: ReadonlyMap<string, number>,
  ) {
    this.size = stats.get('chunks') ?? 0;
    this.avgLength = this.size ? (stats.get('terms') ?? 0) / this.size : 0;
  }

  async prepare(groups: readonly TermGroup[], stems: readonly string[]): Promise<void> {
    for (const cache of [this.df, this.stems, this.groups]) if (cache.size > TERM_CACHE) cache.clear();
    const terms = [...new Set(groups.flat())].filter((t) => !this.df.has(t));
    if (terms.length > 0) {
      const found = await termDocs(this.db, this.generation, terms);
      for (const t of terms) this.df.set(t, found.get(t) ?? 0);
    }
    const wanted = [...new Set(stems.flatMap(knownCandidates))].filter((s) => !this.stems.has(s));
    if (wanted.length > 0) {
      const present = await presentStems(this.db, this.generation, wanted);
      for (const s of wanted) this.stems.set(s, present.has(s));
    }
    for (const group of groups) {
      const present = this.present(group);
      if (present.length < 2) continue;
      const key = present.join('\u0000');
      if (!this.groups.has(key)) this.groups.set(key, await groupDocs(this.db, this.generation, present));
    }
  }

  groupIdf(group: TermGroup): number {
    return idf(this.groupDocs(group), this.size);
  }

  ceilingGroups(groups: readonly TermGroup[]): number {
    let total = 0;
    for (const group of groups) total += this.groupIdf(group) * (this.params.k1 + 1);
    return total;
  }

  scoreDocGroups(groups: readonly TermGroup[], chunk: number): number {
    const c = this.view.loaded(chunk);
    if (c.tf === undefined) {
      const list = c.lexical === '' ? [] : c.lexical.split(' ');
      c.tf = new Map();
      for (const t of list) c.tf.set(t, (c.tf.get(t) ?? 0) + 1);
      c.length = list.length;
    }
    let score = 0;
    for (const group of groups) {
      let tf = 0;
      // Capped per term, as the in-memory postings store them.
      for (const term of group) tf += Math.min(c.tf.get(term) ?? 0, 65535);
      if (tf > 0) score += bm25Term(tf, this.groupIdf(group), c.length!, this.avgLength, this.params);
    }
    return score;
  }

  isKnown(stem: string): boolean {
    return isKnownIn({ has: (s) => this.known(s) }, stem);
  }

  private known(stem: string): boolean {
    const k = this.stems.get(stem);
    if (k === undefined) throw weighedEarly('coverage stem', stem);
    return k;
  }

  private docsOf(term: string): number {
    const n = this.df.get(term);
    if (n === undefined) throw weighedEarly('term', term);
    return n;
  }

  /** The group's distinct terms that some chunk holds, sorted. */
  private present(group: TermGroup): string[] {
    return [...new Set(group)].filter((t) => this.docsOf(t) > 0).sort();
  }

  private groupDocs(group: TermGroup): number {
    if (group.length === 1) return this.docsOf(group[0]!);
    const present = this.present(group);
    if (present.length <= 1) return present[0] === undefined ? 0 : this.docsOf(present[0]);
    const n = this.groups.get(present.join('\u0000'));
    if (n === undefined) throw weighedEarly('group', present);
    return n;
  }
}

/** Opens the stateless engine on the database's current generation (an IndexUnusableError when there is none). */
export async function openPgEngine(
  db: Db,
  embedder: Embedder,
  params?: Partial<SearchParams>,
  options: { efSearch?: number; cache?: number } = {},
): Promise<SearchEngine> {
  return new SearchEngine(await PgView.open(db, options), embedder, params);
}
