/**
 * Feeds through the indexer, against a local site that misbehaves in every way the issue lists: what is indexed
 * (full text or the feed's summary), what is reported, and that a second run fetches nothing.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { feedArticleId, SUMMARY_PATH_PREFIX } from '../../src/feeds/read.ts';
import { feedStatePath } from '../../src/feeds/state.ts';
import { indexPaths } from '../../src/host/index-paths.ts';
import { readGeneration } from '../../src/index/store.ts';
import {
  page,
  rss,
  rssItem,
  serve,
  startTestServer,
  story,
  type TestServer,
} from '../helpers/feed-server.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
let server: TestServer;
let items: string[];
let changing: string;

beforeEach(async () => {
  server = await startTestServer();
  const b = server.base;
  changing = story('The first version of the port story');
  items = [
    rssItem(b, 'good', 'Talks resume in Geneva', '2022-02-22', 'Delegations met.'),
    rssItem(b, 'change', 'Port reopens', '2022-03-01', 'Ships sail.'),
    rssItem(b, 'gone', 'Deleted story', '2022-03-02', 'A summary of the deleted story about refugees.'),
    rssItem(b, 'slow', 'Slow story', '2022-03-03', 'A summary of the slow story about grain.'),
    rssItem(b, 'huge', 'Huge story', '2022-03-04', 'A summary of the huge story about sanctions.'),
    rssItem(b, 'loop', 'Looping story', '2022-03-05', 'A summary of the looping story about gas.'),
    rssItem(b, 'pdf', 'A report', '2022-03-06', 'A summary of the report about shelling.'),
  ];
  server.routes.set(
    '/robots.txt',
    serve('text/plain', () => 'User-agent: *\nAllow: /\n'),
  );
  server.routes.set(
    '/feed.xml',
    serve(
      'application/rss+xml',
      () => rss('Local Wire', items),
      () => `"${items.join('').length}-${changing.length}"`,
    ),
  );
  server.routes.set(
    '/broken.xml',
    serve('application/rss+xml', () => '<rss><channel><item><title>cut off'),
  );
  server.routes.set(
    '/news/good',
    page({
      slug: 'good',
      title: 'Talks resume in Geneva',
      text: story('The Geneva talks'),
      date: '2022-02-22',
    }),
  );
  server.routes.set('/news/change', (req, res) =>
    page({ slug: 'change', title: 'Port reopens', text: changing, date: '2022-03-01' })(req, res),
  );
  server.routes.set(
    '/news/slow',
    (_req, res) => void setTimeout(() => res.writeHead(200).end('late'), 3000).unref(),
  );
  server.routes.set(
    '/news/huge',
    serve('text/html', () => `<html><body><p>${'word '.repeat(100_000)}</p></body></html>`),
  );
  server.routes.set('/news/loop', (_req, res) => void res.writeHead(302, { location: '/news/loop2' }).end());
  server.routes.set('/news/loop2', (_req, res) => void res.writeHead(302, { location: '/news/loop' }).end());
  server.routes.set(
    '/news/pdf',
    serve('application/pdf', () => '%PDF-1.4'),
  );
});
afterEach(async () => {
  await server.close();
  await temp.cleanup();
});

// The local server is loopback, which the reader refuses unless allowed, as an operator would allow it.
const http = {
  hostDelayMs: 0,
  timeoutMs: 300,
  maxBytes: 100_000,
  retries: 0,
  backoffMs: 1,
  allow: ['127.0.0.1'],
};

async function run(dataDir: string, embedder: FakeEmbedder) {
  return indexPaths({
    inputs: [],
    dataDir,
    embedder,
    feeds: { urls: [`${server.base}/feed.xml`, `${server.base}/broken.xml`], http },
  });
}

const pageRequests = () => server.requests.filter((r) => r.path.startsWith('/news/')).map((r) => r.path);

describe('indexing feeds (local server)', () => {
  it('indexes full text where it can, the summary (marked) where it cannot, and reports the rest', async () => {
    const dataDir = await temp.make();
    const summary = await run(dataDir, new FakeEmbedder());
    const b = server.base;
    expect(summary).toMatchObject({ added: 7, changed: 0, removed: 0 });
    const docs = (await readGeneration(dataDir)).manifest.documents;
    const byUrl = new Map(docs.map((d) => [d.url, d]));
    expect(byUrl.get(`${b}/news/good`)).toMatchObject({
      id: feedArticleId(`${b}/news/good`),
      title: 'Talks resume in Geneva',
      source: 'Local Wire',
      date: '2022-02-22',
      path: `${b}/news/good`,
    });
    expect(byUrl.get(`${b}/news/good`)!.characters).toBeGreaterThan(500);
    for (const slug of ['gone', 'slow', 'huge', 'loop', 'pdf'])
      expect(byUrl.get(`${b}/news/${slug}`)!.path).toBe(`${SUMMARY_PATH_PREFIX}${b}/news/${slug}`);

    const [wire, broken] = summary.feeds!;
    expect(wire).toMatchObject({
      status: 'ok',
      title: 'Local Wire',
      items: 7,
      added: 7,
      summaries: 5,
      fetched: 7,
    });
    expect(Object.fromEntries(wire!.pageProblems.map((p) => [p.path.slice(b.length), p.reason]))).toEqual({
      '/news/gone': 'HTTP 404',
      '/news/slow': 'no response within 300 ms',
      '/news/huge': 'expected at most 100000 bytes, got more',
      '/news/loop': `redirect loop at ${b}/news/loop`,
      '/news/pdf': 'expected an HTML page, got application/pdf',
    });
    expect(broken).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^feed not read: expected a feed, got a body that is malformed/),
    });
    expect(summary.skipped).toEqual([{ path: `${b}/broken.xml`, reason: broken!.error }]);
    expect(summary.newFeedArticles).toHaveLength(7);

    const state = JSON.parse(await readFile(feedStatePath(dataDir), 'utf8'));
    expect(state.feeds[`${b}/feed.xml`]).toMatchObject({
      title: 'Local Wire',
      lastError: null,
      lastSuccess: expect.any(String),
    });
    expect(state.feeds[`${b}/broken.xml`]).toMatchObject({
      lastSuccess: null,
      lastError: expect.stringMatching(/malformed/),
    });
  });

  it('a second run fetches no page and embeds nothing; a new and a changed item are the only pages fetched next', async () => {
    const dataDir = await temp.make();
    const embedder = new FakeEmbedder();
    const first = await run(dataDir, embedder);
    const fetchedFirst = pageRequests().length;

    const second = await run(dataDir, embedder);
    expect(pageRequests()).toHaveLength(fetchedFirst);
    expect(second).toMatchObject({
      added: 0,
      changed: 0,
      embedded: 0,
      generation: first.generation,
      newFeedArticles: [],
    });
    // The feed was read (304): its articles are unchanged, not "kept from what this run did not read" (issue 18, 7).
    expect(second).toMatchObject({ unchanged: 7, kept: 0 });
    expect(second.feeds![0]).toMatchObject({ status: 'not-modified', fetched: 0 });

    items.unshift(rssItem(server.base, 'new', 'Ceasefire talks', '2022-03-10', 'Talks.'));
    server.routes.set(
      '/news/new',
      page({ slug: 'new', title: 'Ceasefire talks', text: story('The ceasefire talks'), date: '2022-03-10' }),
    );
    items[2] = rssItem(server.base, 'change', 'Port reopens', '2022-03-01', 'Ships sail again (updated).');
    changing = story('The second version of the port story');
    const before = pageRequests().length;
    const third = await run(dataDir, embedder);
    expect(pageRequests().slice(before)).toEqual(['/news/new', '/news/change']);
    expect(third).toMatchObject({
      added: 1,
      changed: 1,
      unchanged: 6,
      kept: 0,
      newFeedArticles: [feedArticleId(`${server.base}/news/new`)],
    });
    expect(third.feeds![0]).toMatchObject({ status: 'ok', added: 1, changed: 1, unchanged: 6, fetched: 2 });
    const docs = (await readGeneration(dataDir)).manifest.documents;
    expect(docs).toHaveLength(8);
  });

  it('a failing feed alone changes nothing in an existing index and is reported', async () => {
    const dataDir = await temp.make();
    await run(dataDir, new FakeEmbedder());
    const only = await indexPaths({
      inputs: [],
      dataDir,
      embedder: new FakeEmbedder(),
      feeds: { urls: [`${server.base}/broken.xml`], http },
    });
    expect(only).toMatchObject({ added: 0, kept: 7, embedded: 0 });
    expect(only.skipped[0]!.reason).toMatch(/malformed/);
  });

  it('from an empty data dir, feeds that all fail are a NothingToIndexError', async () => {
    const dataDir = await temp.make();
    await expect(
      indexPaths({
        inputs: [],
        dataDir,
        embedder: new FakeEmbedder(),
        feeds: { urls: [`${server.base}/broken.xml`], http },
      }),
    ).rejects.toThrow(/nothing to index/);
  });
});
