/**
 * What a query process reads of a generation, question by question: the rows of the chunks a question reached
 * (with their articles and window vectors), term statistics for its words, and the few corpus facts that are
 * read once (totals, outlets, date span). Every statement a question runs is prepared and takes its row numbers
 * as one array parameter, so a question costs a handful of round trips whatever the corpus size.
 */
import type { DocFilterSpec } from '../doc-filter.ts';
import { filterSql } from './candidates.ts';
import { type Queryable } from './db.ts';
import { type DocumentRecord, IndexUnusableError, type Manifest, REBUILD_HINT } from '../manifest.ts';
import type { StoredChunk } from '../store.ts';
import { CHUNK_TERMS, generationSchema, META_SCHEMA } from './schema.ts';

export interface ChunkRow extends StoredChunk {
  row: number;
  /** The BM25 column: the headline and text as index terms joined by spaces (writer.ts). */
  lexical: string;
}

export interface WindowRow {
  row: number;
  start: number;
  end: number;
  /** pgvector's text form. */
  embedding: string;
}

/** The manifest of a generation, without its documents (readPgManifest in reader.ts adds them). */
export async function readPgManifestHead(
  db: Queryable,
  generation: string,
): Promise<Omit<Manifest, 'documents'>> {
  const [row] = await db.query<{ manifest: Omit<Manifest, 'documents'> }>(
    `SELECT manifest FROM ${META_SCHEMA}.generations WHERE name = $1`,
    [generation],
  );
  if (!row)
    throw new IndexUnusableError(
      `the database names ${generation} as its index, but holds no such generation: ${REBUILD_HINT}`,
    );
  return row.manifest;
}

/** Named totals of the generation (`chunks`, `terms`); an IndexUnusableError for a generation written without them. */
export async function readPgStats(db: Queryable, generation: string): Promise<Map<string, number>> {
  const s = generationSchema(generation);
  const [exists] = await db.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [`${s}.stats`]);
  if (!exists?.t) {
    throw new IndexUnusableError(
      `generation ${generation} was written before the database kept its term statistics, which a query process reads instead of loading the index: run \`npm run index\``,
    );
  }
  const rows = await db.query<{ name: string; value: number }>(`SELECT name, value FROM ${s}.stats`);
  return new Map(rows.map((r) => [r.name, Number(r.value)]));
}

export async function chunkRows(
  db: Queryable,
  generation: string,
  rows: readonly number[],
): Promise<ChunkRow[]> {
  const s = generationSchema(generation);
  const found = await db.query<ChunkTableRow & { row: number; lexical: string }>(
    `SELECT row, doc, ordinal, start_at, end_at, text, lexical, windows FROM ${s}.chunks WHERE row = ANY($1::int[])`,
    [rows],
    { prepare: true },
  );
  return found.map((c) => ({ row: c.row, ...storedChunkOf(c), lexical: c.lexical }));
}

/** The columns of a generation's chunks table that make a StoredChunk (a type, not an interface: query rows need an index signature). */
export type ChunkTableRow = {
  doc: number;
  ordinal: number;
  start_at: number;
  end_at: number;
  text: string;
  windows: number[];
};

/** A row of a generation's chunks table as the engine's StoredChunk (the same fields, in the same order, for both readers). */
export function storedChunkOf(c: ChunkTableRow): StoredChunk {
  return {
    doc: c.doc,
    ordinal: c.ordinal,
    start: c.start_at,
    end: c.end_at,
    text: c.text,
    windows: c.windows,
  };
}

export async function documentRows(
  db: Queryable,
  generation: string,
  rows?: readonly number[],
): Promise<(DocumentRecord & { row: number })[]> {
  const s = generationSchema(generation);
  const found = rows
    ? await db.query<Record<string, string | number | null>>(
        `SELECT * FROM ${s}.documents WHERE row = ANY($1::int[])`,
        [rows],
        { prepare: true },
      )
    : await db.query<Record<string, string | number | null>>(`SELECT * FROM ${s}.documents ORDER BY row`);
  return found.map((d) => ({ row: d.row as number, ...documentRecordOf(d) }));
}

/** A row of a generation's documents table as the engine's DocumentRecord. */
export function documentRecordOf(d: Record<string, string | number | null>): DocumentRecord {
  return {
    id: d.id as string,
    hash: d.hash as string,
    title: d.title as string,
    source: d.source as string | null,
    date: d.date as string | null,
    url: d.url as string | null,
    path: d.path as string,
    characters: d.characters as number,
    chunkStart: d.chunk_start as number,
    chunkCount: d.chunk_count as number,
    windowStart: d.window_start as number,
    windowCount: d.window_count as number,
  };
}

export async function windowRows(
  db: Queryable,
  generation: string,
  rows: readonly number[],
): Promise<WindowRow[]> {
  const s = generationSchema(generation);
  const found = await db.query<{ row: number; start_at: number; end_at: number; embedding: string }>(
    `SELECT row, start_at, end_at, embedding::text AS embedding FROM ${s}.windows WHERE row = ANY($1::int[])`,
    [rows],
    { prepare: true },
  );
  return found.map((w) => ({ row: w.row, start: w.start_at, end: w.end_at, embedding: w.embedding }));
}

/** Articles per outlet (null: none named), in the order each outlet first appears. */
export async function outletCounts(
  db: Queryable,
  generation: string,
): Promise<{ source: string | null; articles: number }[]> {
  const s = generationSchema(generation);
  return db.query<{ source: string | null; articles: number }>(
    `SELECT source, count(*)::int AS articles FROM ${s}.documents GROUP BY source ORDER BY min(row)`,
  );
}

/** First and last article date (compared byte by byte, as JavaScript compares them). */
export async function dateSpan(
  db: Queryable,
  generation: string,
): Promise<{ first: string | null; last: string | null }> {
  const s = generationSchema(generation);
  const [row] = await db.query<{ first: string | null; last: string | null }>(
    `SELECT min(date COLLATE "C") AS first, max(date COLLATE "C") AS last FROM ${s}.documents`,
  );
  return { first: row?.first ?? null, last: row?.last ?? null };
}

export async function countDocuments(
  db: Queryable,
  generation: string,
  filter: DocFilterSpec,
): Promise<number> {
  const s = generationSchema(generation);
  const f = filterSql(filter, 1);
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${s}.documents d WHERE ${f.where}`,
    f.params,
    { prepare: true },
  );
  return row?.n ?? 0;
}

/** The first chunk of every article the filter accepts, in row order. */
export async function leadChunks(
  db: Queryable,
  generation: string,
  filter?: DocFilterSpec,
): Promise<number[]> {
  const s = generationSchema(generation);
  const f = filter ? filterSql(filter, 1) : { where: 'true', params: [] };
  const rows = await db.query<{ row: number }>(
    `SELECT c.row FROM ${s}.chunks c JOIN ${s}.documents d ON d.row = c.doc WHERE c.ordinal = 0 AND ${f.where} ORDER BY c.row`,
    f.params,
    { prepare: true },
  );
  return rows.map((r) => r.row);
}

/** Chunks holding each of these index terms (absent: none). */
export async function termDocs(
  db: Queryable,
  generation: string,
  terms: readonly string[],
): Promise<Map<string, number>> {
  const s = generationSchema(generation);
  const rows = await db.query<{ term: string; df: number }>(
    `SELECT term, df FROM ${s}.terms WHERE term = ANY($1::text[])`,
    [terms],
    { prepare: true },
  );
  return new Map(rows.map((r) => [r.term, r.df]));
}

/** Which of these coverage stems some index term has. */
export async function presentStems(
  db: Queryable,
  generation: string,
  stems: readonly string[],
): Promise<Set<string>> {
  const s = generationSchema(generation);
  const rows = await db.query<{ stem: string }>(
    `SELECT DISTINCT stem FROM ${s}.terms WHERE stem = ANY($1::text[])`,
    [stems],
    { prepare: true },
  );
  return new Set(rows.map((r) => r.stem));
}

/** Chunks holding any of these terms (an alias group's document frequency), through the GIN index on the terms. */
export async function groupDocs(
  db: Queryable,
  generation: string,
  terms: readonly string[],
): Promise<number> {
  const s = generationSchema(generation);
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${s}.chunks WHERE ${CHUNK_TERMS} && $1::text[]`,
    [terms],
    { prepare: true },
  );
  return row?.n ?? 0;
}

/**
 * Chunks holding a term of every group (their BM25 column: headline and text), of articles the filter accepts, in
 * row order: through the GIN index on the terms, never a pass over the table.
 */
export async function chunksWithEvery(
  db: Queryable,
  generation: string,
  groups: readonly (readonly string[])[],
  filter?: DocFilterSpec,
): Promise<number[]> {
  if (groups.length === 0) return [];
  const s = generationSchema(generation);
  const every = groups.map((_, i) => `${CHUNK_TERMS} && $${i + 1}::text[]`).join(' AND ');
  const f = filter ? filterSql(filter, groups.length + 1) : null;
  const rows = await db.query<{ row: number }>(
    `SELECT c.row FROM ${s}.chunks c ${f ? `JOIN ${s}.documents d ON d.row = c.doc` : ''} WHERE ${every}${f ? ` AND ${f.where}` : ''} ORDER BY c.row`,
    [...groups.map((g) => [...g]), ...(f?.params ?? [])],
    { prepare: true },
  );
  return rows.map((r) => r.row);
}
