/**
 * Opens the engine host a search service serves from: the model that built the index, the index (built from
 * seeds/ first when the folder is new, as the bot does), and one warm-up question so the first real one is as
 * fast as the rest. Used on the server thread (one engine) and in every pool worker.
 */
import type { EngineConfig } from '../config.ts';
import { CrisisDeskError } from '../errors.ts';
import type { Embedder } from '../embed/embedder.ts';
import { createBackgroundEmbedder, createEmbedder, type EmbedderSource } from '../embed/factory.ts';
import { chooseModel } from '../host/model-choice.ts';
import type { Db } from '../index/pg/db.ts';
import { databaseIndex, databaseOf } from '../index/pg/open.ts';
import type { EngineHost } from '../host/engine-host.ts';
import { openEngineHost } from '../host/engine-host.ts';
import type { SearchParams } from '../search/engine.ts';
import { openReader } from '../read/factory.ts';
import type { Reader } from '../read/reader.ts';

/** How an engine is opened; plain data, so it can be sent to a worker thread. */
export interface HostSpec {
  dataDir: string;
  /** The settings (model, dtype, models folder); null with `fake`. */
  config: EngineConfig | null;
  /** The deterministic fake embedder (createEmbedder's `'fake'`) with these ranking parameters: for tests, which have no model. */
  fake?: {
    search: Partial<SearchParams>;
    /** A pool worker asked a question containing this word ends its thread, as a crash would (restart tests). */
    exitOn?: string;
    /** Each question waits this long first, so a test has questions in flight (shutdown tests). */
    delayMs?: number;
  } | null;
  /** Poll for a new generation this often (EngineHostOptions.pollMs). */
  pollMs?: number;
}

export async function openServiceHost(
  spec: HostSpec,
  log: (message: string) => void,
): Promise<{ host: EngineHost; close(): Promise<void> }> {
  // STORE=postgres: every service (and every pool worker) reads the one database; each holds its own pool.
  const database: Db | null = spec.config ? databaseOf(spec.config) : null;
  const settings = spec.fake ? null : spec.config;
  if (!spec.fake && settings === null)
    throw new CrisisDeskError(
      'InvariantError',
      'search service: expected settings or a fake embedder, got neither',
    );
  const source: EmbedderSource = settings
    ? await chooseModel(settings, spec.dataDir, {
        purpose: 'open',
        log,
        ...(database ? { index: databaseIndex(database) } : {}),
      })
    : 'fake';
  const embedder = await createEmbedder(source, 'query');
  // Re-indexing embeds on a worker thread, so questions are answered while it runs.
  const indexEmbedder = (): Promise<Embedder> => createBackgroundEmbedder(source, embedder);
  const reader: Reader | null = settings ? (await openReader(settings)).reader : null;
  try {
    const host = await openEngineHost({
      dataDir: spec.dataDir,
      ...(database ? { database } : {}),
      embedder,
      indexEmbedder,
      log,
      ...(spec.fake ? { search: spec.fake.search } : reader ? { search: { reader } } : {}),
      ...(spec.pollMs === undefined ? {} : { pollMs: spec.pollMs }),
    });
    await host.current().ask('warm up the model', { k: 1 });
    return {
      host,
      async close() {
        await host.close();
        await embedder.close();
        await reader?.close();
        await database?.close();
      },
    };
  } catch (error) {
    await embedder.close();
    await reader?.close();
    await database?.close();
    throw error;
  }
}
