/**
 * What the feed reader remembers between runs, in `<DATA_DIR>/feeds/state.json` (written atomically): per feed
 * its validators (ETag, Last-Modified), when it was last read successfully and what went wrong last, and per
 * item URL a hash of the feed's entry and of the article text, so that a known, unchanged item is not fetched
 * or embedded again.
 */
import path from 'node:path';
import { z } from 'zod';
import { CrisisDeskError } from '../errors.ts';
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

const FEED_STATE_VERSION = 1;

/**
 * DATA_DIR/feeds/state.json. The feeds themselves are read as written (the reader wrote them); other keys are
 * kept, so a newer field survives the next save.
 */
const feedStateFileSchema = z.looseObject({
  version: z.literal(FEED_STATE_VERSION),
  // Any object, as before: the per-feed records are this reader's own.
  feeds: z.custom<Record<string, FeedState>>((value) => typeof value === 'object' && value !== null),
});

export type FeedStateFile = z.infer<typeof feedStateFileSchema>;

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
  const raw = await readJson<unknown>(file, { version: FEED_STATE_VERSION, feeds: {} });
  const state = feedStateFileSchema.safeParse(raw);
  if (!state.success) {
    const version =
      typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
    throw new CrisisDeskError(
      'DataFileError',
      `${file}: expected feed state version ${FEED_STATE_VERSION}, got ${JSON.stringify(version)}`,
    );
  }
  return state.data;
}

export async function saveFeedState(dataDir: string, state: FeedStateFile): Promise<void> {
  await writeJsonAtomic(feedStatePath(dataDir), state);
}
