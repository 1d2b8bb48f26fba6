/** The versioned description of one index generation, checked before anything else is read. */
import type { ChunkOptions } from '../chunk/chunker.ts';
import type { HnswParams } from './hnsw.ts';

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
}

/** Raised when an index cannot be used as it is; the message says what to run. */
export class IndexUnusableError extends Error {
  constructor(message: string) {
    super(`crisis-desk: ${message}`);
    this.name = 'IndexUnusableError';
  }
}

/** What a reader expects of an index; a mismatch is an IndexUnusableError that names the fix. */
export function checkCompatible(manifest: Manifest, expected: { embedderId: string; dimensions: number }): void {
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
