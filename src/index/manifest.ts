/** The versioned description of one index generation, checked before anything else is read. */
import { createHash } from 'node:crypto';
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
      `index schema ${manifest.schemaVersion} is not the schema this version reads (${SCHEMA_VERSION}): run \`npm run index -- --rebuild\``,
    );
  }
  if (manifest.embedder.id !== expected.embedderId || manifest.embedder.dimensions !== expected.dimensions) {
    throw new IndexUnusableError(
      `the index was built with embedder ${manifest.embedder.id} (${manifest.embedder.dimensions}-d) but the configured one is ` +
        `${expected.embedderId} (${expected.dimensions}-d): run \`npm run index -- --rebuild\` or set EMBEDDING_MODEL back`,
    );
  }
}

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
    throw new Error('manifest.json is not valid JSON');
  }
  const m = value as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    throw new Error('manifest.json: expected a JSON object');
  if (m.checksum !== undefined) {
    const { checksum, ...rest } = m;
    if (checksum !== manifestChecksum(rest))
      throw new Error('manifest.json: its content does not match its checksum');
  }
  if (!Number.isInteger(m.schemaVersion)) throw new Error('manifest.json: expected a schemaVersion number');
  if (m.schemaVersion !== SCHEMA_VERSION) return m as Manifest;
  const bad = (field: string): never => {
    throw new Error(`manifest.json: missing or malformed ${field}`);
  };
  const count = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
  if (typeof m.embedder?.id !== 'string' || !count(m.embedder.dimensions) || m.embedder.dimensions === 0)
    bad('embedder');
  if (typeof m.chunking !== 'object' || m.chunking === null) bad('chunking');
  if (!m.hnsw || !count(m.hnsw.nextLabel) || !count(m.hnsw.deleted) || !count(m.hnsw.m)) bad('hnsw');
  if (!m.counts || !count(m.counts.documents) || !count(m.counts.chunks) || !count(m.counts.windows))
    bad('counts');
  if (!Array.isArray(m.documents) || m.documents.length !== m.counts!.documents) bad('documents');
  for (const d of m.documents!) {
    const ok =
      typeof d === 'object' &&
      d !== null &&
      typeof d.id === 'string' &&
      typeof d.hash === 'string' &&
      typeof d.path === 'string' &&
      typeof d.title === 'string' &&
      [d.chunkStart, d.chunkCount, d.windowStart, d.windowCount].every(count) &&
      d.chunkStart + d.chunkCount <= m.counts!.chunks &&
      d.windowStart + d.windowCount <= m.counts!.windows;
    if (!ok) bad('documents');
  }
  if (m.files !== undefined) {
    const files = m.files as unknown;
    if (typeof files !== 'object' || files === null) bad('files');
    for (const f of Object.values(files as Record<string, FileCheck>)) {
      if (!count(f?.bytes) || typeof f.sha256 !== 'string') bad('files');
    }
  }
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
