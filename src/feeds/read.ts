/**
 * Feeds → articles. Each feed is fetched (conditionally), parsed, and each item that is new or whose entry
 * changed has its page fetched and its main text extracted; when the page cannot be used the feed's summary is
 * indexed instead, marked as a summary in the article's path. Items already indexed with unchanged entries are
 * not fetched at all, and a re-fetched page whose text did not change is not handed to the indexer. A feed that
 * fails is reported and the others go on.
 */
import { createHash } from 'node:crypto';
import { outletFromUrl } from '../ingest/metadata.ts';
import type { Article, FeedReport, IngestIssue } from '../types.ts';
import { type PageExtractor, WorkerExtractor } from './extract-pool.ts';
import type { PoliteFetcher } from './http.ts';
import { type FeedItem, parseFeedText } from './parse.ts';
import { emptyFeedState, type FeedState, type FeedStateFile, type ItemState } from './state.ts';

export interface FeedReadResult {
  /** New and changed articles only: the rest are in the index already. */
  articles: Article[];
  /** Ids of the articles that are new to the index (not changed ones): what /watch looks at. */
  newIds: string[];
  reports: FeedReport[];
  /** Failing feeds and items without any text, for the index summary. */
  issues: IngestIssue[];
  /** Feeds and pages read with a doubt (a charset that could not be honoured), for the index summary. */
  warnings: IngestIssue[];
  /** The state to save once the index holds `articles`. */
  state: FeedStateFile;
  /**
   * Article paths of every item of the feeds this run read (200 or 304), whether or not it was fetched again:
   * what the run accounts for, so its summary counts them as unchanged rather than kept unread.
   */
  readPaths: Set<string>;
}

/** Marks an article indexed from the feed's summary; its `path` starts with this. */
export const SUMMARY_PATH_PREFIX = 'feed summary: ';

const sha = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/** The article id of a feed item: like the news dataset's, the first 16 hex digits of sha1(url). */
export function feedArticleId(url: string): string {
  return createHash('sha1').update(url).digest('hex').slice(0, 16);
}

export interface ReadFeedsOptions {
  fetcher: PoliteFetcher;
  state: FeedStateFile;
  now?: () => Date;
  /** Extracts item pages. Default a WorkerExtractor (off the main thread, time and memory limits), closed at the end. */
  extractor?: PageExtractor;
}

export async function readFeeds(urls: readonly string[], options: ReadFeedsOptions): Promise<FeedReadResult> {
  const extractor = options.extractor ?? new WorkerExtractor();
  try {
    return await readAll(urls, options, extractor);
  } finally {
    if (extractor !== options.extractor) await extractor.close();
  }
}

async function readAll(
  urls: readonly string[],
  options: ReadFeedsOptions,
  extractor: PageExtractor,
): Promise<FeedReadResult> {
  const now = options.now ?? (() => new Date());
  const next: FeedStateFile = { version: 1, feeds: { ...options.state.feeds } };
  const unique = [...new Set(urls)];
  const readers: Readers = { fetcher: options.fetcher, extractor };
  const results = await Promise.all(
    unique.map((url) => readOneFeed(url, next.feeds[url] ?? emptyFeedState(url), readers, now)),
  );
  const articles: Article[] = [];
  const newIds: string[] = [];
  const taken = new Set<string>();
  const issues: IngestIssue[] = [];
  const warnings: IngestIssue[] = [];
  results.forEach((r, i) => {
    next.feeds[unique[i]!] = r.state;
    if (r.report.error !== null) issues.push({ path: r.report.url, reason: r.report.error });
    issues.push(...r.issues);
    warnings.push(...r.warnings);
    for (const a of r.articles) {
      // The same story in two feeds is one article: the first feed named keeps it.
      if (taken.has(a.id)) continue;
      taken.add(a.id);
      articles.push(a);
      if (r.newIds.has(a.id)) newIds.push(a.id);
    }
  });
  const readPaths = new Set<string>();
  for (const r of results) {
    if (r.report.status === 'failed') continue;
    for (const [url, item] of Object.entries(r.state.items))
      readPaths.add(item.summary ? `${SUMMARY_PATH_PREFIX}${url}` : url);
  }
  return {
    articles,
    newIds,
    reports: results.map((r) => r.report),
    issues,
    warnings,
    state: next,
    readPaths,
  };
}

interface Readers {
  fetcher: PoliteFetcher;
  extractor: PageExtractor;
}

interface OneFeed {
  report: FeedReport;
  state: FeedState;
  articles: Article[];
  newIds: Set<string>;
  issues: IngestIssue[];
  warnings: IngestIssue[];
}

async function readOneFeed(
  url: string,
  previous: FeedState,
  readers: Readers,
  now: () => Date,
): Promise<OneFeed> {
  const { fetcher } = readers;
  const attempt = now().toISOString();
  const state: FeedState = { ...previous, url, lastAttempt: attempt, items: { ...previous.items } };
  const report: FeedReport = {
    url,
    title: previous.title,
    status: 'failed',
    error: null,
    items: 0,
    added: 0,
    changed: 0,
    unchanged: 0,
    summaries: 0,
    fetched: 0,
    blocked: 0,
    refused: 0,
    pageProblems: [],
  };
  const out: OneFeed = { report, state, articles: [], newIds: new Set(), issues: [], warnings: [] };
  const fail = (reason: string): OneFeed => {
    report.error = `feed not read: ${reason}`;
    state.lastError = reason;
    return out;
  };
  try {
    const response = await fetcher.get({
      url,
      accept:
        'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8',
      etag: previous.etag,
      lastModified: previous.lastModified,
    });
    if (response.kind === 'failed') return fail(response.reason);
    if (response.kind === 'not-modified') {
      Object.assign(state, { lastSuccess: attempt, lastError: null });
      report.status = 'not-modified';
      return out;
    }
    if (response.warning !== null) out.warnings.push({ path: url, reason: response.warning });
    const feed = parseFeedText(response.body, url);
    const outlet = feed.title ?? outletFromUrl(url) ?? new URL(url).host;
    Object.assign(state, { title: feed.title, etag: response.etag, lastModified: response.lastModified });
    report.title = feed.title;
    report.items = feed.items.length;
    await Promise.all(feed.items.map((item) => readItem(item, outlet, state, readers, out, attempt)));
    // Keep the order the feed gives, not the order pages arrived in.
    const order = new Map(feed.items.map((item, i) => [feedArticleId(item.url), i]));
    out.articles.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    Object.assign(state, { lastSuccess: attempt, lastError: null });
    report.status = 'ok';
    return out;
  } catch (error) {
    return fail((error as Error).message);
  }
}

async function readItem(
  item: FeedItem,
  outlet: string,
  state: FeedState,
  readers: Readers,
  out: OneFeed,
  when: string,
): Promise<void> {
  const { report } = out;
  const known: ItemState | undefined = state.items[item.url];
  const entry = sha([item.title, item.date, item.summary]);
  if (known && known.entry === entry) {
    report.unchanged++;
    return;
  }
  let text: string | null = null;
  let extractedTitle: string | null = null;
  let problem: string | null = null;
  // Whatever goes wrong with one page is that item's problem (it falls back to its summary), never the feed's.
  try {
    const page = await readers.fetcher.get({
      url: item.url,
      accept: 'text/html, application/xhtml+xml;q=0.9',
    });
    if (page.kind === 'failed' && page.cause === 'robots') report.blocked++;
    else if (page.kind === 'failed' && page.cause === 'refused') report.refused++;
    else report.fetched++;
    if (page.kind === 'ok' && page.warning !== null)
      out.warnings.push({ path: item.url, reason: page.warning });
    if (page.kind === 'ok') {
      if (!/html/i.test(page.contentType))
        problem = `expected an HTML page, got ${page.contentType || 'no content type'}`;
      else {
        const extracted = await readers.extractor.extract(page.body, item.url);
        if (extracted.kind === 'article') [text, extractedTitle] = [extracted.text, extracted.title];
        else problem = extracted.kind === 'none' ? 'no article text found on the page' : extracted.reason;
      }
    } else problem = page.kind === 'failed' ? page.reason : 'HTTP 304 to an unconditional request';
  } catch (error) {
    problem = `page not read: ${(error as Error).message}`;
  }
  const summary = text === null;
  if (summary) {
    report.pageProblems.push({ path: item.url, reason: problem ?? 'unknown' });
    if (item.summary.trim() === '') {
      out.issues.push({
        path: item.url,
        reason: `${problem}; and the feed gives no summary, so nothing was indexed`,
      });
      return;
    }
    text = item.summary;
    report.summaries++;
  }
  const id = feedArticleId(item.url);
  const article: Article = {
    id,
    title: item.title || extractedTitle || item.url,
    text: text!,
    source: outlet,
    date: item.date,
    url: item.url,
    path: summary ? `${SUMMARY_PATH_PREFIX}${item.url}` : item.url,
  };
  const content = sha([article.title, article.text, article.date, article.path]);
  state.items[item.url] = { entry, content, summary, id, firstSeen: known?.firstSeen ?? when };
  if (known && known.content === content) {
    report.unchanged++;
    return;
  }
  if (known) report.changed++;
  else {
    report.added++;
    out.newIds.add(id);
  }
  out.articles.push(article);
}
