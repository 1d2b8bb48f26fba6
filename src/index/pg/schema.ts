/**
 * Where an index lives in PostgreSQL. Shared tables in schema `crisis_desk` name the generations and the one in
 * use; each generation's documents, chunks and windows live in a schema of their own, with their own BM25
 * (pg_textsearch) and HNSW (pgvector, cosine) indexes, so a generation is created, made current and dropped
 * as a whole, inside one transaction each time.
 */
import type { Queryable } from './db.ts';
import { CrisisDeskError } from '../../errors.ts';

export const META_SCHEMA = 'crisis_desk';

/** A generation's schema, quoted (generation names hold dashes). */
export function generationSchema(generation: string): string {
  if (!/^gen-[0-9a-z-]+$/.test(generation))
    throw new CrisisDeskError(
      'GenerationNameError',
      `expected a generation name (gen-…), got ${JSON.stringify(generation)}`,
    );
  return `"cd_${generation}"`;
}

/** The schema's BM25 index, as to_bm25query names it. */
export function bm25IndexName(generation: string): string {
  return `${generationSchema(generation)}.chunks_bm25`;
}

/** Creates the extensions and shared tables when missing (idempotent; every writer runs it first). */
export async function ensureMetaSchema(db: Queryable): Promise<void> {
  await db.query('CREATE EXTENSION IF NOT EXISTS vector');
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_textsearch');
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${META_SCHEMA}`);
  await db.query(`CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.generations (
    name text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    manifest jsonb NOT NULL)`);
  // One row at most: the generation readers open.
  await db.query(`CREATE TABLE IF NOT EXISTS ${META_SCHEMA}.current (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    generation text NOT NULL REFERENCES ${META_SCHEMA}.generations (name))`);
}

/** The tables of one generation (the vector column is typed with the embedder's dimensions). */
export async function createGenerationTables(
  db: Queryable,
  generation: string,
  dimensions: number,
): Promise<void> {
  const s = generationSchema(generation);
  await db.query(`CREATE SCHEMA ${s}`);
  await db.query(`CREATE TABLE ${s}.documents (
    row integer PRIMARY KEY, id text NOT NULL UNIQUE, hash text NOT NULL, title text NOT NULL, source text, date text,
    url text, path text NOT NULL, characters integer NOT NULL, chunk_start integer NOT NULL, chunk_count integer NOT NULL,
    window_start integer NOT NULL, window_count integer NOT NULL)`);
  // `lexical` is what BM25 reads: the headline and the passage as the engine's index terms (see writer.ts).
  await db.query(`CREATE TABLE ${s}.chunks (
    row integer PRIMARY KEY, doc integer NOT NULL, ordinal integer NOT NULL, start_at integer NOT NULL,
    end_at integer NOT NULL, text text NOT NULL, lexical text NOT NULL, windows integer[] NOT NULL)`);
  await db.query(`CREATE TABLE ${s}.windows (
    row integer PRIMARY KEY, doc integer NOT NULL, start_at integer NOT NULL, end_at integer NOT NULL,
    label integer NOT NULL, hash text NOT NULL, embedding vector(${Math.trunc(dimensions)}) NOT NULL)`);
  await createStatisticsTables(db, generation);
}

/**
 * The corpus statistics a query process weighs words by, so it needs no index in memory: each index term's
 * document frequency (chunks holding it) with its coverage stem, and named totals (`chunks`, `terms`: the sum of
 * the chunks' lexical lengths). Generations written before these existed lack them (REBUILD_HINT).
 */
async function createStatisticsTables(db: Queryable, generation: string): Promise<void> {
  const s = generationSchema(generation);
  await db.query(`CREATE TABLE ${s}.terms (term text PRIMARY KEY, df integer NOT NULL, stem text NOT NULL)`);
  await db.query(`CREATE TABLE ${s}.stats (name text PRIMARY KEY, value double precision NOT NULL)`);
}

/** The expression a chunk's terms are indexed (GIN) and looked up by: exact document counts of alias groups. */
export const CHUNK_TERMS = `string_to_array(lexical, ' ')`;

/** BM25 and HNSW indexes, built after the rows are in (much faster than row by row). */
export async function createSearchIndexes(
  db: Queryable,
  generation: string,
  bm25: { k1: number; b: number },
  hnsw: { m: number; efConstruction: number },
): Promise<void> {
  const s = generationSchema(generation);
  const num = (x: number): string => String(Number(x));
  await db.query(
    `CREATE INDEX chunks_bm25 ON ${s}.chunks USING bm25 (lexical) WITH (text_config = 'simple', k1 = ${num(bm25.k1)}, b = ${num(bm25.b)})`,
  );
  await db.query(
    `CREATE INDEX windows_hnsw ON ${s}.windows USING hnsw (embedding vector_cosine_ops) WITH (m = ${num(hnsw.m)}, ef_construction = ${num(hnsw.efConstruction)})`,
  );
  await db.query(`CREATE INDEX chunks_doc ON ${s}.chunks (doc)`);
  await db.query(`CREATE INDEX chunks_terms ON ${s}.chunks USING gin ((${CHUNK_TERMS}))`);
  await db.query(`CREATE INDEX terms_stem ON ${s}.terms (stem)`);
  await db.query(`CREATE INDEX windows_doc ON ${s}.windows (doc)`);
}
