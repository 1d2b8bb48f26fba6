/** The feed reader's entry point for indexing runs: read feeds with a polite fetcher and the saved state. */
import type { FeedStatus } from '../types.ts';
import { type ExtractorOptions, type PageExtractor, WorkerExtractor } from './extract-pool.ts';
import { type PoliteOptions, PoliteFetcher } from './http.ts';
import { type FeedReadResult, readFeeds } from './read.ts';
import { loadFeedState, saveFeedState } from './state.ts';

export interface FeedSourceOptions {
  /** Feed URLs to read. */
  urls: readonly string[];
  /** How to fetch (User-Agent, per-host concurrency, delays, timeouts, limits). */
  http?: Partial<PoliteOptions>;
  /** How pages are extracted (size, depth, time and memory limits of the worker). */
  extract?: Partial<ExtractorOptions>;
  /**
   * Extracts item pages instead of a WorkerExtractor made from `extract` for this run; it stays open (its owner
   * closes it). Tests pass one that records when each page's extraction starts and ends, or holds one.
   */
  extractor?: PageExtractor;
}

/** A feed run whose state is saved by `commit()`, once the index holds its articles. */
export interface PendingFeeds extends FeedReadResult {
  commit(): Promise<void>;
}

export async function readFeedSources(dataDir: string, options: FeedSourceOptions): Promise<PendingFeeds> {
  const state = await loadFeedState(dataDir);
  const extractor = options.extractor ?? new WorkerExtractor(options.extract);
  let result: FeedReadResult;
  try {
    result = await readFeeds(options.urls, { fetcher: new PoliteFetcher(options.http), state, extractor });
  } finally {
    if (extractor !== options.extractor) await extractor.close();
  }
  return { ...result, commit: () => saveFeedState(dataDir, result.state) };
}

/** Each feed in `urls` with its last successful read, for /sources. */
export async function feedStatuses(dataDir: string, urls: readonly string[]): Promise<FeedStatus[]> {
  const state = await loadFeedState(dataDir);
  return urls.map((url) => {
    const f = state.feeds[url];
    return {
      url,
      title: f?.title ?? null,
      lastSuccess: f?.lastSuccess ?? null,
      lastError: f?.lastError ?? null,
      articles: f ? Object.keys(f.items).length : 0,
    };
  });
}
