/**
 * What the feed reader remembers between runs, in `<DATA_DIR>/feeds/state.json` (written atomically): per feed
 * its validators (ETag, Last-Modified), when it was last read successfully and what went wrong last, and per
 * item URL a hash of the feed's entry and of the article text, so that a known, unchanged item is not fetched
 * or embedded again.
 */
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../fs/atomic.ts';

export interface ItemState {
  /** Hash of the feed's entry (title, date, summary): a changed entry means the page is read again. */
  entry: string;
  /** Hash of the indexed text. */
  content: string;
  /** True when the page could not be used and the feed's summary was indexed instead. */
  summary: boolean;
  /** The article id it was indexed under. */
  id: string;
  /** When the item was first indexed (ISO). */
  firstSeen: string;
}

export interface FeedState {
  url: string;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  /** ISO time of the last read that got a feed (or a 304); null before the first. */
  lastSuccess: string | null;
  /** ISO time of the last attempt. */
  lastAttempt: string | null;
  /** Why the last attempt failed; null when it worked. */
  lastError: string | null;
  items: Record<string, ItemState>;
}

export interface FeedStateFile {
  version: 1;
  feeds: Record<string, FeedState>;
}

const FEED_STATE_VERSION = 1;

export function feedStatePath(dataDir: string): string {
  return path.join(dataDir, 'feeds', 'state.json');
}

export function emptyFeedState(url: string): FeedState {
  return {
    url,
    title: null,
    etag: null,
    lastModified: null,
    lastSuccess: null,
    lastAttempt: null,
    lastError: null,
    items: {},
  };
}

export async function loadFeedState(dataDir: string): Promise<FeedStateFile> {
  const file = feedStatePath(dataDir);
  const state = await readJson<FeedStateFile>(file, { version: FEED_STATE_VERSION, feeds: {} });
  if (state.version !== FEED_STATE_VERSION || typeof state.feeds !== 'object' || state.feeds === null) {
    throw new Error(
      `crisis-desk: ${file}: expected feed state version ${FEED_STATE_VERSION}, got ${JSON.stringify(state.version)}`,
    );
  }
  return state;
}

export async function saveFeedState(dataDir: string, state: FeedStateFile): Promise<void> {
  await writeJsonAtomic(feedStatePath(dataDir), state);
}
