/** The versioned description of one index generation, checked before anything else is read. */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChunkOptions } from '../chunk/chunker.ts';
import type { CorpusRecord } from './corpus.ts';
import type { HnswParams } from './hnsw.ts';
import { CrisisDeskError } from '../errors.ts';

/** Bump when the on-disk layout or the meaning of a stored field changes. */
export const SCHEMA_VERSION = 1;

export interface DocumentRecord {
  id: string;
  /** sha256 of everything about the article that reaches the index; equal hash → nothing to redo. */
  hash: string;
  title: string;
  source: string | null;
  date: string | null;
  url: string | null;
  path: string;
  characters: number;
  /** This document's chunks are rows [chunkStart, chunkStart + chunkCount) of chunks.jsonl. */
  chunkStart: number;
  chunkCount: number;
  /** Its embedding windows are rows [windowStart, windowStart + windowCount) of windows/vectors. */
  windowStart: number;
  windowCount: number;
}

export interface Manifest {
  schemaVersion: number;
  createdAt: string;
  embedder: { id: string; dimensions: number; maxTokens: number };
  chunking: ChunkOptions;
  hnsw: HnswParams & { space: 'ip'; nextLabel: number; deleted: number };
  counts: { documents: number; chunks: number; windows: number };
  documents: DocumentRecord[];
  /**
   * Size and sha256 of every other file of the generation, checked before any of them is parsed, so a damaged
   * file is a clear error and never reaches hnswlib's loader. Absent in generations written before it existed.
   */
  files?: Record<string, FileCheck>;
  /**
   * What the index was built from: a run given no paths re-reads these (src/index/corpus.ts). Absent in
   * generations written before it existed; such an index is re-read from seeds/ as before.
   */
  corpus?: CorpusRecord;
  /** sha256 of this manifest's JSON without this field (written last); absent in older generations. */
  checksum?: string;
}

export interface FileCheck {
  bytes: number;
  sha256: string;
}

/** The command every "this index cannot be used" message names. */
export const REBUILD_HINT = 'run `npm run index -- --rebuild`';

/** Raised when an index cannot be used as it is; the message says what to run. */
export class IndexUnusableError extends CrisisDeskError {
  constructor(message: string) {
    super('IndexUnusableError', message);
  }
}

/** What a reader expects of an index; a mismatch is an IndexUnusableError that names the fix. */
export function checkCompatible(
  manifest: Omit<Manifest, 'documents'>,
  expected: { embedderId: string; dimensions: number },
): void {
  if (manifest.schemaVersion !== SCHEMA_VERSION) {
    throw new IndexUnusableError(
      `index schema ${manifest.schemaVersion} is not the schema this version reads (${SCHEMA_VERSION}): ${REBUILD_HINT}`,
    );
  }
  if (manifest.embedder.id !== expected.embedderId || manifest.embedder.dimensions !== expected.dimensions) {
    throw new IndexUnusableError(
      `the index was built with embedder ${manifest.embedder.id} (${manifest.embedder.dimensions}-d) but the configured one is ` +
        `${expected.embedderId} (${expected.dimensions}-d): ${REBUILD_HINT} or set EMBEDDING_MODEL back`,
    );
  }
}

const count = z.number().int().nonnegative();

/**
 * The fields every reader relies on, each checked on its own so the first damaged one can be named. Objects are
 * loose: what is not checked here (createdAt, corpus, hnsw's other parameters) is returned as written.
 */
const FIELDS = {
  embedder: z.looseObject({ id: z.string(), dimensions: count.positive() }),
  chunking: z.custom<ChunkOptions>((value) => typeof value === 'object' && value !== null),
  hnsw: z.looseObject({ nextLabel: count, deleted: count, m: count }),
  counts: z.looseObject({ documents: count, chunks: count, windows: count }),
  documents: z.array(
    z.looseObject({
      id: z.string(),
      hash: z.string(),
      path: z.string(),
      title: z.string(),
      chunkStart: count,
      chunkCount: count,
      windowStart: count,
      windowCount: count,
    }),
  ),
  files: z.record(z.string(), z.looseObject({ bytes: count, sha256: z.string() })).optional(),
};

const manifestSchema = z.looseObject(FIELDS);

/**
 * Parses manifest.json and checks the fields every reader relies on, so a damaged manifest is reported as what it
 * is instead of failing later as a missing property. Another schema version is returned as it is (the caller
 * says which version it reads).
 */
export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CrisisDeskError('IndexFileError', 'manifest.json is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CrisisDeskError('IndexFileError', 'manifest.json: expected a JSON object');
  const m = value as Partial<Manifest>;
  if (m.checksum !== undefined) {
    const { checksum, ...rest } = m;
    if (checksum !== manifestChecksum(rest))
      throw new CrisisDeskError('IndexFileError', 'manifest.json: its content does not match its checksum');
  }
  if (!Number.isInteger(m.schemaVersion))
    throw new CrisisDeskError('IndexFileError', 'manifest.json: expected a schemaVersion number');
  if (m.schemaVersion !== SCHEMA_VERSION) return m as Manifest;
  const bad = (field: string): never => {
    throw new CrisisDeskError('IndexFileError', `manifest.json: missing or malformed ${field}`);
  };
  const parsed = manifestSchema.safeParse(m);
  if (!parsed.success) {
    const damaged = new Set(parsed.error.issues.map((issue) => issue.path[0]));
    return bad(Object.keys(FIELDS).find((field) => damaged.has(field)) ?? 'manifest');
  }
  // What a schema of one field cannot see: the documents agree with the counts.
  const { counts, documents } = parsed.data;
  if (
    documents.length !== counts.documents ||
    documents.some(
      (d) => d.chunkStart + d.chunkCount > counts.chunks || d.windowStart + d.windowCount > counts.windows,
    )
  )
    bad('documents');
  return m as Manifest;
}

/** The manifest as written: its JSON with a sha256 of that JSON (stable: JSON.parse keeps key order). */
export function serializeManifest(manifest: Manifest): string {
  const { checksum: _old, ...rest } = manifest;
  return JSON.stringify({ ...rest, checksum: manifestChecksum(rest) });
}

function manifestChecksum(manifest: object): string {
  return createHash('sha256').update(JSON.stringify(manifest)).digest('hex');
}
