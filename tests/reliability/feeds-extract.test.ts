/**
 * Pages that stalled or failed the feed reader (issue 21, 2 and 3): 1,500 nested <div>s froze the event loop
 * (86 s of Readability on the main thread), 200,000 hung a run (linkedom's parse alone takes minutes), and
 * binary bytes served as text/html failed the whole feed ("Cannot destructure property 'firstElementChild' of
 * 'documentElement' as it is null"). Each now falls back to the item's summary with the reason, the feed is read,
 * and the process keeps running its timers while a hostile page is being extracted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articlePage } from '../../src/bench/feed-site.ts';
import { WorkerExtractor } from '../../src/feeds/extract-pool.ts';
import { PoliteFetcher } from '../../src/feeds/http.ts';
import { readFeeds } from '../../src/feeds/read.ts';
import {
  page,
  rss,
  rssItem,
  serve,
  startTestServer,
  story,
  type TestServer,
} from '../helpers/feed-server.ts';

const nested = (n: number): string =>
  `<html><body>${'<div>'.repeat(n)}<p>${story('Deep')}</p>${'</div>'.repeat(n)}</body></html>`;
const binary = (): Buffer => Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256));
const good = articlePage({
  slug: 'good',
  title: 'Good',
  text: story('The grain corridor'),
  date: '2022-03-01',
});

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
  server.routes.set(
    '/robots.txt',
    serve('text/plain', () => 'User-agent: *\nAllow: /\n'),
  );
  server.routes.set(
    '/news/deep',
    serve('text/html', () => nested(1_500)),
  );
  server.routes.set(
    '/news/deeper',
    serve('text/html', () => nested(200_000)),
  );
  server.routes.set(
    '/news/binary',
    (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(binary()),
  );
  server.routes.set(
    '/news/good',
    page({ slug: 'good', title: 'Good', text: story('The grain corridor'), date: '2022-03-01' }),
  );
});
afterEach(() => server.close());

describe('hostile item pages', () => {
  it('fall back to their summaries with the reason, and the feed is read', async () => {
    const b = server.base;
    server.routes.set(
      '/feed.xml',
      serve('application/rss+xml', () =>
        rss(
          'Hostile',
          ['deep', 'deeper', 'binary', 'good'].map((slug) =>
            rssItem(b, slug, `Story ${slug}`, '2022-03-01', `Summary of ${slug} about grain.`),
          ),
        ),
      ),
    );
    const r = await readFeeds([`${b}/feed.xml`], {
      fetcher: new PoliteFetcher({ hostDelayMs: 0, allow: ['127.0.0.1'] }),
      state: { version: 1, feeds: {} },
    });
    const report = r.reports[0]!;
    expect(report).toMatchObject({ status: 'ok', error: null, items: 4, added: 4, summaries: 3, fetched: 4 });
    const reasons = Object.fromEntries(report.pageProblems.map((p) => [p.path.slice(b.length), p.reason]));
    expect(reasons).toEqual({
      // <html>, <body> and the 1,500 <div>s.
      '/news/deep': 'expected elements nested at most 128 deep, got 1502',
      '/news/deeper': `expected a page of at most 2000000 characters to extract, got ${nested(200_000).length}`,
      '/news/binary': 'expected an HTML page, got binary data',
    });
    expect(r.articles.find((a) => a.title === 'Story binary')).toMatchObject({
      text: 'Summary of binary about grain.',
      path: `feed summary: ${b}/news/binary`,
    });
    expect(r.articles.find((a) => a.title === 'Story good')?.text).toMatch(/The grain corridor/);
  });

  it('a page that runs past the time limit is stopped while the main thread keeps running timers; the next page gets a fresh worker', async () => {
    // No depth limit, so the 1,500 nested <div>s reach Readability (86 s on one thread) and the time limit stops it.
    const extractor = new WorkerExtractor({ maxDepth: Number.MAX_SAFE_INTEGER, timeLimitMs: 3000 });
    try {
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      const hostile = extractor.extract(nested(1_500), 'http://127.0.0.1:9/deep');
      // A timer that fires while the hostile page is being extracted: the event loop is not blocked.
      const tickedDuring = await new Promise<number>((resolve) => setTimeout(() => resolve(ticks), 200));
      const outcome = await hostile;
      clearInterval(timer);
      expect(tickedDuring).toBeGreaterThan(0);
      expect(outcome).toEqual({ kind: 'unusable', reason: 'extraction stopped: no result within 3000 ms' });
      expect(await extractor.extract(good, 'http://127.0.0.1:9/news/good')).toMatchObject({
        kind: 'article',
        text: expect.stringMatching(/grain corridor/),
      });
      expect(extractor.started).toBe(2);
    } finally {
      await extractor.close();
    }
  });
});
