/**
 * SSRF through a feed (issue 21, 1): a feed's item links point at an internal service on another port of the
 * bot's host, directly, through `localhost`, through other spellings of 127.0.0.1, through a redirect from the
 * feed's own (allowed) host, and through DNS names that resolve to loopback (one of them only when connecting:
 * DNS rebinding). The internal service must receive no request at all, and each item falls back to its summary.
 * Names are resolved by an injected resolver, never real DNS; every socket goes to 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoliteFetcher, type PoliteOptions } from '../../src/feeds/http.ts';
import { readFeeds } from '../../src/feeds/read.ts';
import type { Resolver } from '../../src/feeds/transport.ts';
import { page, rss, serve, startTestServer, story, type TestServer } from '../helpers/feed-server.ts';

let feedSite: TestServer;
let admin: TestServer;
let resolverCalls: string[];

/** feeds.test (the feed's host) and internal.test are 127.0.0.1; rebind.test is public once, then loopback. */
const resolver: Resolver = async (host) => {
  resolverCalls.push(host);
  if (host === 'feeds.test' || host === 'internal.test') return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'v6.test') return [{ address: '::ffff:127.0.0.1', family: 6 }];
  if (host === 'rebind.test') {
    const first = resolverCalls.filter((h) => h === 'rebind.test').length === 1;
    return [{ address: first ? '93.184.216.34' : '127.0.0.1', family: 4 }];
  }
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

const item = (link: string, i: number): string =>
  `<item><title>Item ${i}</title><link>${link}</link><guid>${link}#${i}</guid><pubDate>Tue, 01 Mar 2022 10:00:00 GMT</pubDate><description>Summary ${i} of a story about grain.</description></item>`;

beforeEach(async () => {
  resolverCalls = [];
  feedSite = await startTestServer();
  admin = await startTestServer();
  admin.routes.set(
    '/admin',
    page({ slug: 'admin', title: 'Admin', text: story('SECRET internal admin data'), date: '2022-03-01' }),
  );
  admin.routes.set(
    '/robots.txt',
    serve('text/plain', () => 'User-agent: *\nAllow: /\n'),
  );
  feedSite.routes.set(
    '/robots.txt',
    serve('text/plain', () => 'User-agent: *\nAllow: /\n'),
  );
  feedSite.routes.set(
    '/go',
    (_req, res) => void res.writeHead(302, { location: `${admin.base}/admin` }).end(),
  );
  feedSite.routes.set(
    '/good',
    page({ slug: 'good', title: 'Good', text: story('The public story'), date: '2022-03-01' }),
  );
});
afterEach(async () => {
  await feedSite.close();
  await admin.close();
});

const adminPort = (): string => new URL(admin.base).port;
const feedPort = (): string => new URL(feedSite.base).port;

function fetcher(o: Partial<PoliteOptions> = {}): PoliteFetcher {
  return new PoliteFetcher({
    hostDelayMs: 0,
    backoffMs: 1,
    timeoutMs: 1000,
    retries: 0,
    resolve: resolver,
    allow: ['feeds.test'],
    ...o,
  });
}

describe('SSRF through a feed', () => {
  it('never fetches an internal address named by an item, directly, by name or by redirect', async () => {
    const p = adminPort();
    const links = [
      `http://127.0.0.1:${p}/admin`,
      `http://localhost:${p}/admin`,
      `http://sub.localhost:${p}/admin`,
      `http://[::ffff:127.0.0.1]:${p}/admin`,
      `http://[::1]:${p}/admin`,
      `http://internal.test:${p}/admin`,
      `http://v6.test:${p}/admin`,
      `http://feeds.test:${feedPort()}/go`,
    ];
    const feedUrl = `http://feeds.test:${feedPort()}/feed.xml`;
    feedSite.routes.set(
      '/feed.xml',
      serve('application/rss+xml', () =>
        rss('Hostile', [...links.map(item), item(`http://feeds.test:${feedPort()}/good`, 99)]),
      ),
    );
    const r = await readFeeds([feedUrl], { fetcher: fetcher(), state: { version: 1, feeds: {} } });

    expect(admin.requests).toEqual([]);
    const report = r.reports[0]!;
    expect(report.status).toBe('ok');
    expect(report.summaries).toBe(links.length);
    expect(report.pageProblems).toHaveLength(links.length);
    for (const problem of report.pageProblems) {
      expect(problem.reason).toMatch(
        /refused: expected a public address, got .*a loopback address; FEED_ALLOW_HOSTS can allow a host or range$/,
      );
    }
    // The redirect hop is what was refused, and the report says so.
    expect(report.pageProblems.find((x) => x.path.endsWith('/go'))?.reason).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${p}/admin: refused`),
    );
    expect(r.articles.map((a) => a.text).join('\n')).not.toMatch(/SECRET/);
    // The feed's own host, allowed by name, still gives its public story in full.
    expect(r.articles.find((a) => a.title === 'Item 99')?.text).toMatch(/The public story/);
  });

  it('refuses every spelling of 127.0.0.1 (decimal, hex, octal, short) and schemes other than http(s)', async () => {
    const p = adminPort();
    const f = fetcher();
    for (const host of [
      '2130706433',
      '0x7f000001',
      '0x7f.0.0.1',
      '0177.0.0.1',
      '127.1',
      '0',
      '[::ffff:7f00:1]',
      '[0:0:0:0:0:0:0:1]',
    ]) {
      const result = await f.get({ url: `http://${host}:${p}/admin` });
      expect(result, host).toMatchObject({ kind: 'failed', cause: 'refused' });
    }
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/', 'gopher://127.0.0.1:70/']) {
      expect(await f.get({ url })).toMatchObject({
        kind: 'failed',
        reason: expect.stringMatching(/^expected an http\(s\) URL, got (file|ftp|gopher):$/),
      });
    }
    expect(admin.requests).toEqual([]);
    expect(f.sent).toEqual([]);
  });

  it('refuses a name that resolves to a public address when checked and to loopback when connecting', async () => {
    const f = fetcher({ robots: false });
    const result = await f.get({ url: `http://rebind.test:${adminPort()}/admin` });
    expect(result).toMatchObject({ kind: 'failed', cause: 'refused' });
    expect(result.kind === 'failed' && result.reason).toMatch(
      /got rebind\.test \(127\.0\.0\.1\), a loopback address/,
    );
    expect(resolverCalls.filter((h) => h === 'rebind.test').length).toBe(2);
    expect(admin.requests).toEqual([]);
    expect(f.sent).toEqual([]);
  });

  it("judges the connection of an https URL the same way (the check is in the TLS socket's lookup too)", async () => {
    const f = fetcher({ robots: false });
    const result = await f.get({ url: `https://rebind.test:${adminPort()}/admin` });
    expect(result).toMatchObject({
      kind: 'failed',
      cause: 'refused',
      reason: expect.stringMatching(/got rebind\.test \(127\.0\.0\.1\), a loopback address/),
    });
    expect(admin.requests).toEqual([]);
  });

  it('refuses a rebinding name at robots.txt too, and reports the refusal rather than a robots rule', async () => {
    const f = fetcher();
    const result = await f.get({ url: `http://rebind.test:${adminPort()}/admin` });
    expect(result).toMatchObject({
      kind: 'failed',
      cause: 'refused',
      reason: expect.stringMatching(
        /robots\.txt: refused: expected a public address, got rebind\.test \(127\.0\.0\.1\)/,
      ),
    });
    expect(admin.requests).toEqual([]);
  });

  it('refuses a loopback feed by default, and reads it when the operator allows the address', async () => {
    feedSite.routes.set(
      '/feed.xml',
      serve('application/rss+xml', () => rss('Local', [item(`${feedSite.base}/good`, 1)])),
    );
    const refused = await readFeeds([`${feedSite.base}/feed.xml`], {
      fetcher: new PoliteFetcher({ hostDelayMs: 0, resolve: resolver }),
      state: { version: 1, feeds: {} },
    });
    expect(refused.reports[0]).toMatchObject({ status: 'failed' });
    expect(refused.reports[0]!.error).toMatch(
      /refused: expected a public address, got 127\.0\.0\.1, a loopback address/,
    );
    expect(feedSite.requests).toEqual([]);

    const allowed = await readFeeds([`${feedSite.base}/feed.xml`], {
      fetcher: new PoliteFetcher({ hostDelayMs: 0, resolve: resolver, allow: ['127.0.0.0/8'] }),
      state: { version: 1, feeds: {} },
    });
    expect(allowed.reports[0]).toMatchObject({ status: 'ok', added: 1, summaries: 0 });
  });
});
