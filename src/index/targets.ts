/**
 * Where the indexer reads the previous generation from and writes the next one: a data folder (files) or a
 * PostgreSQL database. Both make a new generation current only once it is complete.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { IndexUnusableError, type Manifest, REBUILD_HINT } from './manifest.ts';
import type { Db } from './pg/db.ts';
import { currentPgGeneration, readPgGeneration, readPgManifest } from './pg/reader.ts';
import { writePgGeneration } from './pg/writer.ts';
import { cleanLeftovers, CURRENT_FILE, inspectDataDir, pruneGenerations } from './generations.ts';
import { acquireLock } from './lock.ts';
import { type IndexData, readGeneration, readManifest, writeGeneration } from './store.ts';

export interface IndexTarget {
  /** Where the index is, for messages. */
  where: string;
  /** Takes whatever keeps two writers apart; returns its release. */
  lock(): Promise<() => Promise<void>>;
  /** The generation in use (null: none), after clearing what killed runs left; `rebuild` tolerates a damaged one. */
  current(rebuild: boolean): Promise<string | null>;
  readManifest(generation: string): Promise<Manifest>;
  readGeneration(generation: string): Promise<IndexData>;
  /** Whether the index keeps an in-memory HNSW graph (files); PostgreSQL builds pgvector's own. */
  graph: boolean;
  /** Writes the next generation and makes it current; `previous` is what current() returned. */
  write(data: Omit<IndexData, 'generation'>, previous: string | null): Promise<string>;
}

export function fileTarget(dataDir: string): IndexTarget {
  return {
    where: dataDir,
    graph: true,
    async lock() {
      await inspectDataDir(dataDir); // a DATA_DIR that is a file is a clear error before anything is created
      return acquireLock(dataDir);
    },
    async current(rebuild) {
      const state = await inspectDataDir(dataDir);
      if (state.kind === 'damaged' && !rebuild)
        throw new IndexUnusableError(`${state.problem}: ${REBUILD_HINT}`);
      const current = state.kind === 'index' ? state.generation : null;
      // --rebuild replaces a damaged CURRENT, whatever it became (even a folder, which rename cannot replace).
      if (state.kind === 'damaged')
        await rm(path.join(dataDir, CURRENT_FILE), { recursive: true, force: true });
      await cleanLeftovers(dataDir, current);
      return current;
    },
    readManifest: (generation) => readManifest(dataDir, generation),
    readGeneration: (generation) => readGeneration(dataDir, generation),
    async write(data, previous) {
      const generation = await writeGeneration(dataDir, data);
      await pruneGenerations(dataDir, [generation, ...(previous ? [previous] : [])]);
      return generation;
    },
  };
}

/** The index in PostgreSQL: the write transaction itself keeps writers apart and leaves nothing half-written. */
export function pgTarget(db: Db): IndexTarget {
  return {
    where: 'the database (DATABASE_URL)',
    graph: false,
    lock: async () => async () => {},
    current: async () => currentPgGeneration(db),
    readManifest: (generation) => readPgManifest(db, generation),
    readGeneration: (generation) => readPgGeneration(db, { generation }),
    write: (data, previous) => writePgGeneration(db, data, { expectedCurrent: previous }),
  };
}
