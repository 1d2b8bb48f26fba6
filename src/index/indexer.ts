/**
 * Incremental indexing: articles whose content hash is unchanged keep their chunks and vectors; changed and new
 * ones are chunked and embedded (identical window text is embedded once, e.g. wire copy); renamed ones are moved;
 * removed ones vanish, but only when this run read the place they came from: the others are kept as they were.
 */
import { createHash } from 'node:crypto';
import {
  chunkWindows,
  embeddingWindows,
  resolveChunkOptions,
  type ChunkOptions,
  chunkArticle,
} from '../chunk/chunker.ts';
import type { Span } from '../chunk/sentences.ts';
import type { Embedder } from '../embed/embedder.ts';
import type { Article, IndexProgress, IndexSummary, IngestIssue } from '../types.ts';
import { defaultHnswParams, type HnswParams, VectorIndex } from './hnsw.ts';
import type { CorpusRecord } from './corpus.ts';
import { type DocumentRecord, IndexUnusableError, type Manifest, SCHEMA_VERSION } from './manifest.ts';
import type { Db } from './pg/db.ts';
import type { IndexData, StoredChunk } from './store.ts';
import { fileTarget, type IndexTarget, pgTarget } from './targets.ts';

export interface BuildOptions {
  dataDir: string;
  /** Write into this PostgreSQL database instead of `dataDir` (STORE=postgres). */
  database?: Db;
  embedder: Embedder;
  articles: readonly Article[];
  /** Problems met while reading input; they are reported in the summary. */
  issues?: readonly IngestIssue[];
  /** Things read but not as given (an unreadable date, say); reported in the summary. */
  warnings?: readonly IngestIssue[];
  /**
   * Whether this run read the place a previous document came from (its `path`). A previous document that is not
   * among `articles` is removed only when this says yes, so a missing, unreadable or simply unnamed input never
   * removes what it held; the others are kept as they are. Default: yes for every path (`articles` is the whole
   * corpus, e.g. `--prune`).
   */
  accountsFor?: (path: string) => boolean;
  /**
   * Previous documents this run read without handing them over again (the items of a feed it read whose entries
   * did not change): kept as they are, like the ones `accountsFor` leaves out, but counted as unchanged, since
   * the run did read where they came from. Default none.
   */
  readUnchanged?: (path: string) => boolean;
  chunking?: Partial<ChunkOptions>;
  hnsw?: Partial<HnswParams>;
  /** Ignore the previous generation (and anything wrong with it) and embed everything again. */
  rebuild?: boolean;
  /** Texts per embedder call. Default 64. */
  batchSize?: number;
  onProgress?: (progress: IndexProgress) => void;
  /** Notes for the user, e.g. why a full rebuild happens. */
  log?: (message: string) => void;
  /** What the index is built from, recorded in the manifest (src/index/corpus.ts). Default: none recorded. */
  corpus?: CorpusRecord;
}

/** Rebuild the graph from scratch once this share of its points are deleted ones. */
const MAX_DELETED_SHARE = 0.25;

export function hashArticle(a: Article): string {
  return createHash('sha256')
    .update(JSON.stringify([a.title, a.text, a.source, a.date, a.url, a.path]))
    .digest('hex');
}

function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

type DocStatus = 'added' | 'changed' | 'moved' | 'unchanged' | 'kept';

interface DocPlan {
  /** The article read in this run; null for a previous document kept as it was. */
  article: Article | null;
  /** What the document record says about it. */
  meta: Pick<DocumentRecord, 'id' | 'title' | 'source' | 'date' | 'url' | 'path' | 'characters'>;
  hash: string;
  /** Row of the previous generation's document when its chunks and vectors are reused as they are. */
  reuse: number | null;
  status: DocStatus;
}

/** Builds or updates the index under `dataDir` and returns a summary. */
export async function buildIndex(options: BuildOptions): Promise<IndexSummary> {
  const started = performance.now();
  const { embedder, dataDir } = options;
  const chunking = resolveChunkOptions(options.chunking);
  const hnswParams: HnswParams = { ...defaultHnswParams, ...options.hnsw };
  const batchSize = options.batchSize ?? 64;
  const progress = options.onProgress ?? (() => {});
  const accountsFor = options.accountsFor ?? (() => true);
  const target = options.database ? pgTarget(options.database) : fileTarget(dataDir);
  const release = await target.lock();
  try {
    const current = await target.current(options.rebuild ?? false);
    const previous =
      options.rebuild || current === null
        ? null
        : await loadReusable(target, current, embedder, chunking, accountsFor, options.log);
    const plans = planDocuments(
      options.articles,
      previous,
      accountsFor,
      options.readUnchanged ?? (() => false),
    );
    const removed =
      (previous?.manifest.documents.length ?? 0) -
      plans.filter((p) => p.reuse !== null || p.status === 'changed').length;

    // Vectors we may reuse by window text: the previous generation's, then what this run embeds.
    const byHash = new Map<string, Float32Array>();
    const dims = embedder.dimensions;
    if (previous) {
      previous.windows.hash.forEach((h, row) =>
        byHash.set(h, previous.vectors.subarray(row * dims, (row + 1) * dims)),
      );
    }

    progress({ stage: 'chunking', done: 0, total: plans.length });
    const fresh = plans.map((plan, i) => {
      if (i % 200 === 0) progress({ stage: 'chunking', done: i, total: plans.length });
      if (plan.reuse !== null || !plan.article) return null;
      const chunks = chunkArticle(plan.article, chunking);
      const windows = windowsOf(plan.article.text, chunks, embedder);
      const text = plan.article.text;
      const hashes = windows.map((w) => hashText(text.slice(w.start, w.end)));
      return { chunks, windows, hashes };
    });

    const toEmbed: { hash: string; text: string }[] = [];
    const queued = new Set<string>();
    fresh.forEach((f, i) => {
      f?.windows.forEach((w, j) => {
        const h = f.hashes[j]!;
        if (byHash.has(h) || queued.has(h)) return;
        queued.add(h);
        toEmbed.push({ hash: h, text: plans[i]!.article!.text.slice(w.start, w.end) });
      });
    });
    // Batches are padded to their longest text in tokens: sorted by token count they waste 0.2 % of the work on
    // padding, sorted by characters 9.4 % (bge-small, batches of 8, 1,000 ukraine-news articles; docs/benchmarks.md).
    const tokens = new Map(toEmbed.map((t) => [t, embedder.countTokens(t.text)]));
    toEmbed.sort((a, b) => tokens.get(a)! - tokens.get(b)!);
    progress({ stage: 'embedding', done: 0, total: toEmbed.length });
    for (let i = 0; i < toEmbed.length; i += batchSize) {
      const batch = toEmbed.slice(i, i + batchSize);
      const vectors = await embedder.embed(batch.map((b) => b.text));
      vectors.forEach((v, j) => byHash.set(batch[j]!.hash, v));
      progress({ stage: 'embedding', done: Math.min(i + batchSize, toEmbed.length), total: toEmbed.length });
    }

    progress({ stage: 'indexing', done: 0, total: plans.length });
    const assembled = assemble(plans, fresh, previous, byHash, dims, embedder.unit);
    const hnsw = target.graph
      ? await updateGraph(previous, assembled, dims, hnswParams)
      : labelRows(assembled, dims, hnswParams);
    const manifest: Manifest = {
      schemaVersion: SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      embedder: { id: embedder.id, dimensions: dims, maxTokens: embedder.maxTokens },
      chunking,
      hnsw: { ...hnswParams, space: 'ip', nextLabel: hnsw.nextLabel, deleted: hnsw.deleted },
      counts: {
        documents: plans.length,
        chunks: assembled.chunks.length,
        windows: assembled.windows.label.length,
      },
      documents: assembled.documents,
      ...(options.corpus ? { corpus: options.corpus } : {}),
    };
    progress({ stage: 'writing', done: 0, total: 1 });
    const generation = await target.write({ manifest, ...assembled, hnsw: hnsw.index }, current);
    progress({ stage: 'done', done: 1, total: 1 });
    const count = (status: DocStatus): number => plans.filter((p) => p.status === status).length;
    return {
      added: count('added'),
      changed: count('changed'),
      moved: count('moved'),
      removed,
      unchanged: count('unchanged'),
      kept: count('kept'),
      skipped: [...(options.issues ?? [])],
      warnings: [...(options.warnings ?? [])],
      articles: plans.length,
      chunks: assembled.chunks.length,
      embedded: toEmbed.length,
      seconds: (performance.now() - started) / 1000,
      generation,
    };
  } finally {
    await release();
  }
}

/**
 * Matches this run's articles to the previous generation's documents: by id (same hash: unchanged; same content
 * under another path: moved; else changed), then a new id with exactly the content of a previous document this
 * run accounts for (a renamed file: moved). Previous documents this run does not account for are kept.
 */
function planDocuments(
  articles: readonly Article[],
  previous: IndexData | null,
  accountsFor: (path: string) => boolean,
  readUnchanged: (path: string) => boolean,
): DocPlan[] {
  const old = previous?.manifest.documents ?? [];
  const byId = new Map(old.map((d, i) => [d.id, i]));
  const claimed = new Set<number>();
  const plans: DocPlan[] = articles.map((article) => {
    const hash = hashArticle(article);
    const meta = { ...article, characters: article.text.length };
    const row = byId.get(article.id);
    if (row === undefined) return { article, meta, hash, reuse: null, status: 'added' };
    claimed.add(row);
    const record = old[row]!;
    if (record.hash === hash) return { article, meta, hash, reuse: row, status: 'unchanged' };
    if (record.path !== article.path && hashArticle({ ...article, path: record.path }) === record.hash) {
      return { article, meta, hash, reuse: row, status: 'moved' };
    }
    return { article, meta, hash, reuse: null, status: 'changed' };
  });
  // A renamed text file gets a new id (ids of text files come from their path): find its old self by content.
  const byTitle = new Map<string, number[]>();
  old.forEach((d, row) => {
    if (!claimed.has(row) && accountsFor(d.path))
      byTitle.set(d.title, [...(byTitle.get(d.title) ?? []), row]);
  });
  for (const plan of plans) {
    if (plan.status !== 'added' || !plan.article) continue;
    const article = plan.article;
    const row = byTitle
      .get(article.title)
      ?.find((r) => !claimed.has(r) && hashArticle({ ...article, path: old[r]!.path }) === old[r]!.hash);
    if (row === undefined) continue;
    claimed.add(row);
    plan.reuse = row;
    plan.status = 'moved';
  }
  old.forEach((record, row) => {
    if (claimed.has(row) || accountsFor(record.path)) return;
    plans.push({
      article: null,
      meta: record,
      hash: record.hash,
      reuse: row,
      status: readUnchanged(record.path) ? 'unchanged' : 'kept',
    });
  });
  return plans;
}

/**
 * The previous generation when its vectors can be reused. When it was built for another schema, embedder or
 * chunking it is rebuilt from scratch (with a note), but only when this run re-reads every article it holds;
 * a damaged one is an error: a silent rebuild would drop what this run does not read.
 */
async function loadReusable(
  target: IndexTarget,
  generation: string,
  embedder: Embedder,
  chunking: ChunkOptions,
  accountsFor: (path: string) => boolean,
  log?: (m: string) => void,
): Promise<IndexData | null> {
  const m = await target.readManifest(generation);
  const why =
    m.schemaVersion !== SCHEMA_VERSION
      ? `index schema ${m.schemaVersion} → ${SCHEMA_VERSION}`
      : m.embedder.id !== embedder.id || m.embedder.dimensions !== embedder.dimensions
        ? `embedder ${m.embedder.id} → ${embedder.id}`
        : m.chunking.targetWords !== chunking.targetWords ||
            m.chunking.overlapSentences !== chunking.overlapSentences
          ? 'chunking settings changed'
          : null;
  if (why === null) return target.readGeneration(generation);
  const documents = Array.isArray(m.documents) ? m.documents : [];
  const unread = documents.filter((d) => typeof d?.path !== 'string' || !accountsFor(d.path));
  if (unread.length > 0 || !Array.isArray(m.documents)) {
    throw new IndexUnusableError(
      `the index in ${target.where} must be rebuilt (${why}), and this run does not read ${unread.length} of its ` +
        `${documents.length} articles (e.g. ${unread[0]?.path ?? 'its documents'}): ` +
        'run `npm run index -- --rebuild <paths…>` naming everything the index should hold',
    );
  }
  log?.(`Rebuilding from scratch: ${why}.`);
  return null;
}

/**
 * What gets a vector: the chunks themselves for models that read a whole chunk, else windows sized by the
 * model's own token count, summed per sentence (SentencePiece counts add up).
 */
function windowsOf(text: string, chunks: readonly Span[], embedder: Embedder): Span[] {
  const cache = new Map<string, number>();
  const count = (s: string): number => {
    let n = cache.get(s);
    if (n === undefined) cache.set(s, (n = embedder.countTokens(s)));
    return n;
  };
  if (embedder.unit === 'chunk') return chunkWindows(text, chunks, embedder.maxTokens, count);
  return embeddingWindows(text, embedder.maxTokens, count);
}

interface Assembled {
  documents: DocumentRecord[];
  chunks: StoredChunk[];
  windows: IndexData['windows'];
  vectors: Float32Array;
  /** For each new row: the previous generation's label if the window was carried over, else -1. */
  carriedLabel: Int32Array;
}

function assemble(
  plans: DocPlan[],
  fresh: ({ chunks: ReturnType<typeof chunkArticle>; windows: Span[]; hashes: string[] } | null)[],
  previous: IndexData | null,
  byHash: Map<string, Float32Array>,
  dims: number,
  unit: Embedder['unit'],
): Assembled {
  // Per-chunk models score a chunk by its own vectors; per-window models by the windows overlapping it.
  const chunkWindowsOf = unit === 'chunk' ? windowsInside : windowsFor;
  const documents: DocumentRecord[] = [];
  const chunks: StoredChunk[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const carried: number[] = [];
  const hash: string[] = [];
  const vecs: Float32Array[] = [];
  plans.forEach((plan, doc) => {
    const windowStart = start.length;
    const chunkStart = chunks.length;
    const f = fresh[doc];
    if (plan.reuse !== null && previous) {
      const old = previous.manifest.documents[plan.reuse]!;
      for (let r = old.windowStart; r < old.windowStart + old.windowCount; r++) {
        start.push(previous.windows.start[r]!);
        end.push(previous.windows.end[r]!);
        carried.push(previous.windows.label[r]!);
        hash.push(previous.windows.hash[r]!);
        vecs.push(previous.vectors.subarray(r * dims, (r + 1) * dims));
      }
      for (let c = old.chunkStart; c < old.chunkStart + old.chunkCount; c++) {
        const oc = previous.chunks[c]!;
        chunks.push({ ...oc, doc, windows: oc.windows.map((w) => w - old.windowStart + windowStart) });
      }
    } else if (f) {
      f.windows.forEach((w, j) => {
        start.push(w.start);
        end.push(w.end);
        carried.push(-1);
        hash.push(f.hashes[j]!);
        vecs.push(byHash.get(f.hashes[j]!)!);
      });
      for (const c of f.chunks) {
        chunks.push({
          doc,
          ordinal: c.ordinal,
          start: c.start,
          end: c.end,
          text: c.text,
          windows: chunkWindowsOf(c, f.windows, windowStart),
        });
      }
    }
    const a = plan.meta;
    documents.push({
      id: a.id,
      hash: plan.hash,
      title: a.title,
      source: a.source,
      date: a.date,
      url: a.url,
      path: a.path,
      characters: a.characters,
      chunkStart,
      chunkCount: chunks.length - chunkStart,
      windowStart,
      windowCount: start.length - windowStart,
    });
  });
  const vectors = new Float32Array(vecs.length * dims);
  vecs.forEach((v, i) => vectors.set(v, i * dims));
  return {
    documents,
    chunks,
    windows: {
      start: Int32Array.from(start),
      end: Int32Array.from(end),
      label: new Int32Array(start.length),
      hash,
    },
    vectors,
    carriedLabel: Int32Array.from(carried),
  };
}

/**
 * The windows a chunk is scored by: those that overlap it by at least a third of the window (so a window
 * that merely grazes the chunk does not lend it its score), and always the one overlapping it most.
 */
export function windowsFor(chunk: Span, windows: readonly Span[], offset: number): number[] {
  let best = -1;
  let bestOverlap = 0;
  const out: number[] = [];
  windows.forEach((w, i) => {
    const overlap = Math.min(w.end, chunk.end) - Math.max(w.start, chunk.start);
    if (overlap <= 0) return;
    if (overlap > bestOverlap) [best, bestOverlap] = [i, overlap];
    if (overlap * 3 >= w.end - w.start) out.push(i + offset);
  });
  if (best >= 0 && !out.includes(best + offset)) out.push(best + offset);
  return out.sort((a, b) => a - b);
}

/** For one-vector-per-chunk models: the windows cut from this chunk itself (neighbours' windows overlap it). */
export function windowsInside(chunk: Span, windows: readonly Span[], offset: number): number[] {
  const out: number[] = [];
  windows.forEach((w, i) => {
    if (w.start >= chunk.start && w.end <= chunk.end) out.push(i + offset);
  });
  return out;
}

/** Without an in-memory graph (PostgreSQL indexes the vectors itself) a window's label is its row. */
function labelRows(
  a: Assembled,
  dims: number,
  params: HnswParams,
): { index: VectorIndex; nextLabel: number; deleted: number } {
  a.windows.label.forEach((_, row) => (a.windows.label[row] = row));
  return { index: VectorIndex.create(dims, 1, params), nextLabel: a.windows.label.length, deleted: 0 };
}

/**
 * Brings the HNSW graph up to date: the previous graph with removed windows deleted and new ones added,
 * or a fresh graph when there is none or too much of it would be deleted. Fills `windows.label`.
 */
async function updateGraph(
  previous: IndexData | null,
  a: Assembled,
  dims: number,
  params: HnswParams,
): Promise<{ index: VectorIndex; nextLabel: number; deleted: number }> {
  const rows = a.windows.label.length;
  const vector = (row: number): Float32Array => a.vectors.subarray(row * dims, (row + 1) * dims);
  if (previous) {
    const keep = new Set<number>();
    for (let r = 0; r < rows; r++) if (a.carriedLabel[r]! >= 0) keep.add(a.carriedLabel[r]!);
    const gone = [...previous.windows.label].filter((l) => !keep.has(l));
    const deleted = previous.manifest.hnsw.deleted + gone.length;
    const added = rows - keep.size;
    const total = previous.manifest.hnsw.nextLabel + added;
    if (deleted / Math.max(total, 1) <= MAX_DELETED_SHARE) {
      const index = previous.hnsw;
      for (const label of gone) index.remove(label);
      let next = previous.manifest.hnsw.nextLabel;
      for (let r = 0; r < rows; r++) {
        const label = a.carriedLabel[r]! >= 0 ? a.carriedLabel[r]! : next++;
        if (a.carriedLabel[r]! < 0) index.add(label, vector(r));
        a.windows.label[r] = label;
      }
      return { index, nextLabel: next, deleted };
    }
  }
  const index = VectorIndex.create(dims, rows, params);
  for (let r = 0; r < rows; r++) {
    index.add(r, vector(r));
    a.windows.label[r] = r;
  }
  return { index, nextLabel: rows, deleted: 0 };
}
