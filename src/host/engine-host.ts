/**
 * Keeps the current index generation loaded for a long-running process (the bot): swaps in a generation
 * written by `npm run index` in another process, and runs re-indexing in the background, so searches never
 * stop while an index is rebuilt.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Embedder } from '../embed/embedder.ts';
import type { PageExtractor } from '../feeds/extract-pool.ts';
import { feedStatuses } from '../feeds/run.ts';
import type { PoliteOptions } from '../feeds/http.ts';
import { chooseCorpus, corpusLine } from '../index/corpus.ts';
import { indexPaths, readRecordedCorpus } from './index-paths.ts';
import type { Db } from '../index/pg/db.ts';
import { currentPgGeneration } from '../index/pg/reader.ts';
import { CURRENT_FILE, currentGeneration, inspectDataDir, needsFirstIndex } from '../index/generations.ts';
import type { FeedStatus, IndexProgress, IndexSummary } from '../types.ts';
import { SearchEngine, type SearchParams } from '../search/engine.ts';
import { openPgEngine } from '../search/pg-candidates.ts';
import { CrisisDeskError } from '../errors.ts';

export interface EngineHostOptions {
  dataDir: string;
  /** The index is in this PostgreSQL database (STORE=postgres), not `dataDir`; it is polled for new generations. */
  database?: Db;
  /** Embeds questions (in-process). */
  embedder: Embedder;
  /** Creates the embedder a re-index uses (e.g. a worker pool); closed when the run ends. Default: `embedder`. */
  indexEmbedder?: () => Promise<Embedder>;
  /**
   * What a re-index reads (CORPUS). Default: what the index records it was built from, with its feeds; seeds/
   * for an index without that record (src/index/corpus.ts).
   */
  corpus?: readonly string[];
  search?: Partial<SearchParams>;
  /** Poll for a new generation this often, besides watching the folder. Default 5000 ms; 0 turns it off. */
  pollMs?: number;
  /** Feed URLs every re-index reads, and the background poll reads alone. Default none. */
  feeds?: readonly string[];
  /** Read `feeds` in the background this often (FEED_POLL_MINUTES). Default 0: only re-indexing reads them. */
  feedPollMs?: number;
  /** How feeds are fetched (mostly for tests: small timeouts and delays). */
  feedHttp?: Partial<PoliteOptions>;
  /** Extracts feed item pages in every run (tests: to see each page's extraction). Default a worker per run. */
  feedExtractor?: PageExtractor;
  log?: (message: string) => void;
}

export class EngineHost {
  private engine: SearchEngine;
  private running: Promise<IndexSummary> | null = null;
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private feedTimer: NodeJS.Timeout | null = null;
  private readonly listeners: ((summary: IndexSummary) => Promise<void> | void)[] = [];
  /** The last reload problem logged: a poll every few seconds logs a broken CURRENT once, not at every poll. */
  private lastProblem: string | null = null;

  private constructor(
    private readonly options: EngineHostOptions,
    engine: SearchEngine,
  ) {
    this.engine = engine;
  }

  /**
   * Loads the current generation, building one from the corpus first when the folder does not exist yet or is
   * empty; a damaged index is an error (IndexUnusableError), never rebuilt behind the user's back.
   */
  static async open(options: EngineHostOptions): Promise<EngineHost> {
    const first = options.database
      ? (await currentPgGeneration(options.database)) === null
      : await needsFirstIndex(options.dataDir);
    if (first) {
      const where = options.database ? 'the database' : options.dataDir;
      options.log?.(
        `No index in ${where} yet: building it from ${(options.corpus ?? ['seeds']).join(', ')}.`,
      );
      // The line above already names what the first index is built from.
      await runIndex(options, () => {}, { corpus: true, announce: false });
    }
    const host = new EngineHost(options, await loadEngine(options));
    host.startWatching();
    return host;
  }

  current(): SearchEngine {
    return this.engine;
  }

  isReindexing(): boolean {
    return this.running !== null;
  }

  /** Incremental re-index (corpus and feeds) in the background of this process; the new generation is swapped in when done. */
  async reindex(onProgress: (progress: IndexProgress) => void = () => {}): Promise<IndexSummary> {
    return this.run(() => runIndex(this.options, onProgress));
  }

  /**
   * Reads the feeds alone (not the corpus) and swaps in the generation that brings, then tells the listeners.
   * Returns null without doing anything when a re-index is already running: the next poll catches up.
   */
  async pollFeeds(): Promise<IndexSummary | null> {
    if (this.running || (this.options.feeds ?? []).length === 0) return null;
    return this.run(() => runIndex(this.options, () => {}, { corpus: false }));
  }

  /** Called after each run that read feeds, once its generation is served (for /watch). */
  onIndexed(listener: (summary: IndexSummary) => Promise<void> | void): void {
    this.listeners.push(listener);
  }

  /** Each configured feed with its last successful read (for /sources). */
  feeds(): Promise<FeedStatus[]> {
    return feedStatuses(this.options.dataDir, this.options.feeds ?? []);
  }

  private run(task: () => Promise<IndexSummary>): Promise<IndexSummary> {
    // The bot's context answers a busy re-index itself, in ReindexBusyError's own words; this guards other callers.
    if (this.running)
      throw new CrisisDeskError(
        'ReindexBusyError',
        'a re-index is already running; expected it to finish first',
      );
    this.running = (async () => {
      try {
        const summary = await task();
        await this.reloadIfChanged();
        return summary;
      } finally {
        this.running = null;
      }
    })();
    // Listeners run after the run is over, so a slow Discord post never holds the next re-index back.
    return this.running.then(async (summary) => {
      for (const listener of this.listeners) {
        try {
          await listener(summary);
        } catch (error) {
          this.options.log?.(`A listener of the finished index run failed: ${(error as Error).message}`);
        }
      }
      return summary;
    });
  }

  /** Loads the generation CURRENT names if it is not the one being served. A broken one is logged, not served. */
  async reloadIfChanged(): Promise<void> {
    if (this.checking) return this.checking;
    this.checking = (async () => {
      try {
        const db = this.options.database;
        const gen = db ? await currentPgGeneration(db) : await currentGeneration(this.options.dataDir);
        if (gen === null || gen === this.engine.generation) {
          this.lastProblem = null;
          return;
        }
        this.engine = await loadEngine(this.options);
        this.lastProblem = null;
        this.options.log?.(`Now serving index generation ${gen}.`);
      } catch (error) {
        const problem = (error as Error).message;
        if (problem !== this.lastProblem)
          this.options.log?.(`Kept the index in use; the new one could not be loaded: ${problem}`);
        this.lastProblem = problem;
      } finally {
        this.checking = null;
      }
    })();
    return this.checking;
  }

  /**
   * Why a question could not be answered from what this host reads now, or null: the database does not answer,
   * or the index it would load is broken (CURRENT empty, unreadable or naming a missing generation). Checked
   * afresh on each call; the reason is short and names no path or URL (a readiness probe shows it unauthenticated).
   */
  async readiness(): Promise<string | null> {
    const db = this.options.database;
    if (db) {
      try {
        return (await currentPgGeneration(db)) === null ? 'the database holds no index yet' : null;
      } catch {
        return 'the database is unreachable';
      }
    }
    try {
      const state = await inspectDataDir(this.options.dataDir);
      if (state.kind === 'index') return null;
      return state.kind === 'damaged'
        ? 'the index is broken (CURRENT does not name a usable generation)'
        : 'the data folder holds no index';
    } catch {
      return 'the data folder cannot be read';
    }
  }

  async close(): Promise<void> {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    if (this.feedTimer) clearInterval(this.feedTimer);
    await this.running?.catch(() => {});
  }

  private startWatching(): void {
    // A database is polled only; a folder is watched too, where its file system allows.
    if (!this.options.database) {
      try {
        this.watcher = watch(this.options.dataDir, (_event, name) => {
          if (name === CURRENT_FILE) void this.reloadIfChanged();
        });
        this.watcher.on('error', () => {});
      } catch {
        // Some file systems cannot be watched; polling below still picks changes up.
      }
    }
    const pollMs = this.options.pollMs ?? 5000;
    if (pollMs > 0) {
      this.timer = setInterval(() => void this.reloadIfChanged(), pollMs);
      this.timer.unref();
    }
    const feedPollMs = this.options.feedPollMs ?? 0;
    if (feedPollMs > 0 && (this.options.feeds ?? []).length > 0) {
      this.feedTimer = setInterval(() => {
        this.pollFeeds().catch((error: unknown) =>
          this.options.log?.(`Feed poll failed; the index in use stays: ${(error as Error).message}`),
        );
      }, feedPollMs);
      this.feedTimer.unref();
    }
  }
}

function loadEngine(options: EngineHostOptions): Promise<SearchEngine> {
  if (options.database) return openPgEngine(options.database, options.embedder, options.search);
  return SearchEngine.open(options.dataDir, options.embedder, options.search);
}

async function runIndex(
  options: EngineHostOptions,
  onProgress: (p: IndexProgress) => void,
  what: { corpus: boolean; announce?: boolean } = { corpus: true },
): Promise<IndexSummary> {
  if (!options.database) await mkdir(options.dataDir, { recursive: true });
  let feeds = options.feeds ?? [];
  let inputs: readonly string[] = [];
  if (what.corpus) {
    // /reindex re-reads what the index was built from (CORPUS when set); seeds/ only for an index without a record.
    const recorded = await readRecordedCorpus(options.dataDir, options.database).catch(() => null);
    const choice = chooseCorpus({ setting: options.corpus ?? null, feeds, recorded });
    if (what.announce !== false) options.log?.(corpusLine(choice));
    ({ paths: inputs, feeds } = choice);
  }
  const feedSources = {
    urls: feeds,
    ...(options.feedHttp ? { http: options.feedHttp } : {}),
    ...(options.feedExtractor ? { extractor: options.feedExtractor } : {}),
  };
  return indexPaths({
    inputs,
    ...(feeds.length > 0 ? { feeds: feedSources } : {}),
    dataDir: options.dataDir,
    ...(options.database ? { database: options.database } : {}),
    embedder: options.indexEmbedder ?? options.embedder,
    onProgress,
    ...(options.log ? { log: options.log } : {}),
  });
}

/** Convenience for callers that want the host behind the name the bot expects. */
export const openEngineHost = (options: EngineHostOptions): Promise<EngineHost> => EngineHost.open(options);
