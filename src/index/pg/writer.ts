/**
 * Writes a generation into PostgreSQL in one transaction: its tables, rows and search indexes, its manifest, and
 * the pointer that makes it current. A run killed or failing at any point is rolled back by the server, so
 * readers keep the previous generation; a run that started from a generation another run has since replaced
 * refuses to overwrite that run's work.
 */
import { defaultBm25Params } from '../bm25.ts';
import { coverageStem, terms } from '../tokenize.ts';
import { IndexWriteError, type IndexData } from '../store.ts';
import { vectorLiteral, type Db, type Queryable } from './db.ts';
import {
  createGenerationTables,
  createSearchIndexes,
  ensureMetaSchema,
  generationSchema,
  META_SCHEMA,
} from './schema.ts';

/** Rows per INSERT statement (arrays passed as parameters, unnested by the server). */
const BATCH = 500;

let sequence = 0;

export interface PgWriteOptions {
  /** The generation this run read (null for none); the write fails if another run made a different one current. */
  expectedCurrent: string | null;
  /** Generations kept besides the new one (default: the one it replaces, which a reader may still be using). */
  keep?: readonly string[];
}

export async function writePgGeneration(
  db: Db,
  data: Omit<IndexData, 'generation' | 'hnsw'>,
  options: PgWriteOptions,
): Promise<string> {
  const generation = `gen-${Date.now().toString(36)}-${(sequence++).toString(36)}-${process.pid}`;
  const { manifest } = data;
  try {
    await db.transaction(async (tx) => {
      await ensureMetaSchema(tx);
      // Two writers on a real server queue here; on one (PGlite) backend the transaction already serializes them.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('${META_SCHEMA}.write'))`);
      const [row] = await tx.query<{ generation: string }>(
        `SELECT generation FROM ${META_SCHEMA}.current FOR UPDATE`,
      );
      const current = row?.generation ?? null;
      if (current !== options.expectedCurrent) {
        throw new IndexWriteError(
          `another indexing run made ${current ?? 'no generation'} current while this one worked from ${options.expectedCurrent ?? 'none'}; run again`,
        );
      }
      await createGenerationTables(tx, generation, manifest.embedder.dimensions);
      await insertRows(tx, generation, data);
      // pgvector builds the graph far faster when it fits in maintenance memory (a ~40 MB graph at 27k windows).
      await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`);
      await createSearchIndexes(tx, generation, defaultBm25Params, manifest.hnsw);
      const { documents: _documents, files: _files, checksum: _checksum, ...rest } = manifest;
      await tx.query(`INSERT INTO ${META_SCHEMA}.generations (name, manifest) VALUES ($1, $2)`, [
        generation,
        JSON.stringify(rest),
      ]);
      await tx.query(
        `INSERT INTO ${META_SCHEMA}.current (only_row, generation) VALUES (true, $1)
         ON CONFLICT (only_row) DO UPDATE SET generation = EXCLUDED.generation`,
        [generation],
      );
      await dropOthers(tx, [generation, ...(options.keep ?? (current ? [current] : []))]);
    });
  } catch (error) {
    if (error instanceof IndexWriteError) throw error;
    throw new IndexWriteError(
      `could not write the new index into PostgreSQL (${(error as Error).message}); the index in use is unchanged`,
    );
  }
  return generation;
}

async function insertRows(
  tx: Queryable,
  generation: string,
  data: Omit<IndexData, 'generation' | 'hnsw'>,
): Promise<void> {
  const s = generationSchema(generation);
  const docs = data.manifest.documents;
  for (let i = 0; i < docs.length; i += BATCH) {
    const b = docs.slice(i, i + BATCH);
    await tx.query(
      `INSERT INTO ${s}.documents SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
        $7::text[], $8::text[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[])`,
      [
        b.map((_, j) => i + j),
        b.map((d) => d.id),
        b.map((d) => d.hash),
        b.map((d) => d.title),
        b.map((d) => d.source),
        b.map((d) => d.date),
        b.map((d) => d.url),
        b.map((d) => d.path),
        b.map((d) => d.characters),
        b.map((d) => d.chunkStart),
        b.map((d) => d.chunkCount),
        b.map((d) => d.windowStart),
        b.map((d) => d.windowCount),
      ],
    );
  }
  const chunks = data.chunks;
  /** Chunks holding each term, and the sum of the chunks' lexical lengths (BM25's average length). */
  const df = new Map<string, number>();
  let length = 0;
  for (let i = 0; i < chunks.length; i += BATCH) {
    const b = chunks.slice(i, i + BATCH);
    const lexical = b.map((c) => {
      const list = terms(`${docs[c.doc]!.title}\n${c.text}`);
      length += list.length;
      for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
      return lexicalText(list);
    });
    await tx.query(
      `INSERT INTO ${s}.chunks SELECT r, d, o, st, en, t, l, ARRAY(SELECT jsonb_array_elements_text(w)::int)
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::jsonb[]) AS u(r, d, o, st, en, t, l, w)`,
      [
        b.map((_, j) => i + j),
        b.map((c) => c.doc),
        b.map((c) => c.ordinal),
        b.map((c) => c.start),
        b.map((c) => c.end),
        b.map((c) => c.text),
        lexical,
        b.map((c) => JSON.stringify(c.windows)),
      ],
    );
  }
  const vocabulary = [...df.keys()];
  for (let i = 0; i < vocabulary.length; i += BATCH * 10) {
    const b = vocabulary.slice(i, i + BATCH * 10);
    await tx.query(`INSERT INTO ${s}.terms SELECT * FROM unnest($1::text[], $2::int[], $3::text[])`, [
      b,
      b.map((t) => df.get(t)),
      b.map(coverageStem),
    ]);
  }
  await tx.query(`INSERT INTO ${s}.stats VALUES ('chunks', $1), ('terms', $2)`, [chunks.length, length]);
  const w = data.windows;
  const dims = data.manifest.embedder.dimensions;
  const docOfWindow = new Int32Array(w.label.length);
  docs.forEach((d, row) => docOfWindow.fill(row, d.windowStart, d.windowStart + d.windowCount));
  for (let i = 0; i < w.label.length; i += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, w.label.length - i) }, (_, j) => i + j);
    await tx.query(
      `INSERT INTO ${s}.windows SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::text[], $7::vector[])`,
      [
        rows,
        rows.map((r) => docOfWindow[r]),
        rows.map((r) => w.start[r]),
        rows.map((r) => w.end[r]),
        rows.map((r) => w.label[r]),
        rows.map((r) => w.hash[r]),
        rows.map((r) => vectorLiteral(data.vectors.subarray(r * dims, (r + 1) * dims))),
      ],
    );
  }
}

/**
 * What BM25 reads (from `terms()` of the headline and text): the engine's own index terms (stop words out, plurals folded) joined by spaces, under
 * text_config 'simple' (which only lower-cases), so pg_textsearch counts the same terms the in-memory BM25
 * does. Postgres' 'english' config (Snowball stems, its own stop list) found only 62% of the same candidates.
 */
function lexicalText(indexTerms: readonly string[]): string {
  return indexTerms.join(' ');
}

/** Drops every generation but `keep` (their schemas and manifest rows). */
async function dropOthers(tx: Queryable, keep: readonly string[]): Promise<void> {
  const old = await tx.query<{ name: string }>(
    `SELECT name FROM ${META_SCHEMA}.generations WHERE NOT (name = ANY($1::text[]))`,
    [keep],
  );
  for (const { name } of old) {
    await tx.query(`DROP SCHEMA IF EXISTS ${generationSchema(name)} CASCADE`);
    await tx.query(`DELETE FROM ${META_SCHEMA}.generations WHERE name = $1`, [name]);
  }
}
