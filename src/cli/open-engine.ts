/**
 * Opens the search engine for a one-shot CLI command, building the index from seeds/ first if there is none in
 * DATA_DIR. A database without an index is an error instead: it is shared, and filling it is `npm run index`'s job.
 */
import { type EngineConfig, loadEngineConfig } from '../config.ts';
import type { Embedder } from '../embed/embedder.ts';
import { createEmbedder } from '../embed/factory.ts';
import { indexPaths } from '../host/index-paths.ts';
import { databaseIndex, databaseOf, DATABASE_WHERE } from '../index/pg/open.ts';
import { currentPgGeneration } from '../index/pg/reader.ts';
import { IndexUnusableError } from '../index/manifest.ts';
import { needsFirstIndex } from '../index/generations.ts';
import { SearchEngine } from '../search/engine.ts';
import { openPgEngine } from '../search/pg-candidates.ts';
import { openReader } from '../read/factory.ts';
import { chooseModel } from '../host/model-choice.ts';
import { progressPrinter } from './progress.ts';
import { printSummary } from './summary.ts';

export const DEFAULT_CORPUS = 'seeds';

export async function openEngine(
  settings: EngineConfig,
  dataDir: string,
): Promise<{ engine: SearchEngine; embedder: Embedder }> {
  // STORE=postgres: the index is in DATABASE_URL. Closing the embedder closes the database too (one close for callers).
  const db = databaseOf(settings);
  try {
    // A damaged or foreign data dir is an error before any model is fetched.
    const first = db ? (await currentPgGeneration(db)) === null : await needsFirstIndex(dataDir);
    if (db && first) {
      throw new IndexUnusableError(
        `no index in ${DATABASE_WHERE} yet: build one with \`npm run index\` (STORE=postgres), which reads seeds/ or the paths you name`,
      );
    }
    const where = db ? DATABASE_WHERE : dataDir;
    const config = await chooseModel(settings, dataDir, {
      purpose: 'open',
      log: (line) => console.error(line),
      ...(db ? { index: databaseIndex(db) } : {}),
    });
    if (first) {
      console.error(`No index in ${where} yet: building one there from ${DEFAULT_CORPUS}/ first.`);
      const summary = await indexPaths({
        inputs: [DEFAULT_CORPUS],
        dataDir,
        embedder: () => createEmbedder(config, 'index'),
        onProgress: progressPrinter(),
      });
      printSummary(summary, where, (line) => console.error(line));
    }
    const { reader } = await openReader(settings);
    const opened = await createEmbedder(config, 'query');
    // One close for callers: the embedder's also closes the reader and the database.
    const withReader: Embedder = reader ? withClose(opened, () => reader.close()) : opened;
    const embedder: Embedder = db ? withClose(withReader, () => db.close()) : withReader;
    const params = { reader };
    try {
      return {
        engine: db
          ? await openPgEngine(db, embedder, params)
          : await SearchEngine.open(dataDir, embedder, params),
        embedder,
      };
    } catch (error) {
      await embedder.close();
      throw error;
    }
  } catch (error) {
    await db?.close().catch(() => {});
    throw error;
  }
}

/**
 * Runs `use` on the engine of `dataDir` (a --data-dir; else DATA_DIR), then closes its embedder, reader and
 * database, as ask, timeline and sources do.
 */
export async function withEngine<T>(
  dataDir: string | undefined,
  use: (engine: SearchEngine) => Promise<T>,
): Promise<T> {
  const settings = loadEngineConfig();
  const { engine, embedder } = await openEngine(settings, dataDir ?? settings.dataDir);
  try {
    return await use(engine);
  } finally {
    await embedder.close();
  }
}

/** The embedder, whose close() also runs `also` (once). */
function withClose(embedder: Embedder, also: () => Promise<void>): Embedder {
  let closed = false;
  return Object.assign(Object.create(embedder) as Embedder, {
    async close() {
      await embedder.close();
      if (!closed) {
        closed = true;
        await also();
      }
    },
  });
}
