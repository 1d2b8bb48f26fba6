/** Reads generations back from PostgreSQL: the pointer, the manifest, and (for the indexer's reuse and the engine) the rows. */
import { defaultHnswParams, VectorIndex } from '../hnsw.ts';
import { IndexUnusableError, type Manifest, REBUILD_HINT } from '../manifest.ts';
import type { IndexData } from '../store.ts';
import { parseVector, type Queryable } from './db.ts';
import { type ChunkTableRow, documentRecordOf, readPgManifestHead, storedChunkOf } from './rows.ts';
import { generationSchema, META_SCHEMA } from './schema.ts';

/** The generation in use, or null when the database holds no index yet. */
export async function currentPgGeneration(db: Queryable): Promise<string | null> {
  const [exists] = await db.query<{ t: string | null }>(
    `SELECT to_regclass('${META_SCHEMA}.current')::text AS t`,
  );
  if (!exists?.t) return null;
  const [row] = await db.query<{ generation: string }>(`SELECT generation FROM ${META_SCHEMA}.current`);
  return row?.generation ?? null;
}

/** A generation's manifest, documents included. */
export async function readPgManifest(db: Queryable, generation: string): Promise<Manifest> {
  const head = await readPgManifestHead(db, generation);
  const s = generationSchema(generation);
  const docs = await db.query<Record<string, string | number | null>>(
    `SELECT * FROM ${s}.documents ORDER BY row`,
  );
  const documents = docs.map(documentRecordOf);
  if (documents.length !== head.counts.documents) {
    throw new IndexUnusableError(
      `generation ${generation} lists ${head.counts.documents} documents but holds ${documents.length}: ${REBUILD_HINT}`,
    );
  }
  return { ...head, documents };
}

/**
 * Loads a generation (default: the current one). With `graph`, an in-memory HNSW graph is rebuilt from the
 * vectors (the indexer updates it incrementally); without, the graph is an empty placeholder, since queries
 * go to pgvector's own index.
 */
export async function readPgGeneration(
  db: Queryable,
  options: { generation?: string; graph?: boolean } = {},
): Promise<IndexData> {
  const generation = options.generation ?? (await currentPgGeneration(db));
  if (generation === null) throw new IndexUnusableError('no index in the database yet: run `npm run index`');
  const manifest = await readPgManifest(db, generation);
  const s = generationSchema(generation);
  const chunkRows = await db.query<ChunkTableRow>(
    `SELECT doc, ordinal, start_at, end_at, text, windows FROM ${s}.chunks ORDER BY row`,
  );
  const chunks = chunkRows.map(storedChunkOf);
  const windowRows = await db.query<{
    start_at: number;
    end_at: number;
    label: number;
    hash: string;
    embedding: string;
  }>(`SELECT start_at, end_at, label, hash, embedding::text AS embedding FROM ${s}.windows ORDER BY row`);
  const dims = manifest.embedder.dimensions;
  const vectors = new Float32Array(windowRows.length * dims);
  windowRows.forEach((w, i) => vectors.set(parseVector(w.embedding), i * dims));
  if (chunks.length !== manifest.counts.chunks || windowRows.length !== manifest.counts.windows) {
    throw new IndexUnusableError(
      `generation ${generation} should hold ${manifest.counts.chunks} chunks and ${manifest.counts.windows} windows, found ${chunks.length} and ${windowRows.length}: ${REBUILD_HINT}`,
    );
  }
  const windows = {
    start: Int32Array.from(windowRows, (w) => w.start_at),
    end: Int32Array.from(windowRows, (w) => w.end_at),
    label: Int32Array.from(windowRows, (w) => w.label),
    hash: windowRows.map((w) => w.hash),
  };
  const params = { ...manifest.hnsw, efSearch: defaultHnswParams.efSearch };
  const hnsw = VectorIndex.create(dims, Math.max(1, options.graph ? windowRows.length : 1), params);
  if (options.graph)
    windows.label.forEach((label, row) => hnsw.add(label, vectors.subarray(row * dims, (row + 1) * dims)));
  return { generation, manifest, chunks, windows, vectors, hnsw };
}
