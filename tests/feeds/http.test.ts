import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PoliteFetcher, retryAfterMs } from '../../src/feeds/http.ts';
import { serve, startTestServer, type TestServer } from '../helpers/feed-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
  server.routes.set(
    '/robots.txt',
    serve('text/plain', () => 'User-agent: *\nDisallow: /private/\n'),
  );
});
afterEach(() => server.close());

/** Small limits so misbehaving pages fail fast; no pauses between requests. */
const fetcher = (o: ConstructorParameters<typeof PoliteFetcher>[0] = {}) =>
  new PoliteFetcher({
    hostDelayMs: 0,
    backoffMs: 1,
    timeoutMs: 300,
    maxBytes: 10_000,
    allow: ['127.0.0.1'],
    ...o,
  });

describe('PoliteFetcher', () => {
  it('names the bot in User-Agent and reads robots.txt once per host', async () => {
    server.routes.set(
      '/a',
      serve('text/html', () => 'A'),
    );
    const f = fetcher();
    expect(await f.get({ url: `${server.base}/a` })).toMatchObject({ kind: 'ok', body: 'A', status: 200 });
    await f.get({ url: `${server.base}/a` });
    expect(server.requests.map((r) => r.path)).toEqual(['/robots.txt', '/a', '/a']);
    expect(server.requests[1]!.headers['user-agent']).toMatch(/^CrisisDeskBot\//);
  });

  it('does not fetch what robots.txt disallows', async () => {
    server.routes.set(
      '/private/x',
      serve('text/html', () => 'secret'),
    );
    expect(await fetcher().get({ url: `${server.base}/private/x` })).toEqual({
      kind: 'failed',
      url: `${server.base}/private/x`,
      reason: `robots.txt of ${server.base.slice(7)} disallows /private/x`,
      cause: 'robots',
    });
    expect(server.requests.map((r) => r.path)).toEqual(['/robots.txt']);
  });

  it('sends ETag and Last-Modified back and reports 304 as not modified', async () => {
    server.routes.set(
      '/feed',
      serve(
        'application/rss+xml',
        () => '<rss/>',
        () => '"v1"',
      ),
    );
    const f = fetcher();
    const first = await f.get({ url: `${server.base}/feed` });
    expect(first).toMatchObject({ kind: 'ok', etag: '"v1"' });
    const second = await f.get({
      url: `${server.base}/feed`,
      etag: '"v1"',
      lastModified: 'Tue, 22 Feb 2022 10:00:00 GMT',
    });
    expect(second).toEqual({ kind: 'not-modified', url: `${server.base}/feed` });
    expect(server.requests.at(-1)!.headers).toMatchObject({
      'if-none-match': '"v1"',
      'if-modified-since': 'Tue, 22 Feb 2022 10:00:00 GMT',
    });
  });

  it('retries a 503 with backoff, but not a 404', async () => {
    let calls = 0;
    server.routes.set(
      '/flaky',
      (_req, res) =>
        void (++calls < 3
          ? res.writeHead(503).end()
          : res.writeHead(200, { 'content-type': 'text/html' }).end('ok')),
    );
    expect(await fetcher({ retries: 2 }).get({ url: `${server.base}/flaky` })).toMatchObject({
      kind: 'ok',
      body: 'ok',
    });
    expect(calls).toBe(3);
    expect(await fetcher({ retries: 2 }).get({ url: `${server.base}/missing` })).toMatchObject({
      kind: 'failed',
      reason: 'HTTP 404',
    });
    expect(server.requests.filter((r) => r.path === '/missing')).toHaveLength(1);
  });

  it('gives up on a slow server after its timeout', async () => {
    server.routes.set(
      '/slow',
      (_req, res) => void setTimeout(() => res.writeHead(200).end('late'), 2000).unref(),
    );
    expect(await fetcher({ retries: 0, timeoutMs: 50 }).get({ url: `${server.base}/slow` })).toMatchObject({
      kind: 'failed',
      reason: 'no response within 50 ms',
    });
  });

  it('stops reading a body past the size limit, declared or not', async () => {
    const big = 'x'.repeat(50_000);
    server.routes.set(
      '/declared',
      (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html', 'content-length': big.length }).end(big),
    );
    server.routes.set('/chunked', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 50; i++) res.write('y'.repeat(1000));
      res.end();
    });
    expect(await fetcher().get({ url: `${server.base}/declared` })).toMatchObject({
      kind: 'failed',
      reason: 'expected at most 10000 bytes, got a Content-Length of 50000',
    });
    expect(await fetcher().get({ url: `${server.base}/chunked` })).toMatchObject({
      kind: 'failed',
      reason: 'expected at most 10000 bytes, got more',
    });
  });

  it('follows redirects and reports a loop', async () => {
    server.routes.set('/old', (_req, res) => void res.writeHead(301, { location: '/new' }).end());
    server.routes.set(
      '/new',
      serve('text/html', () => 'moved'),
    );
    server.routes.set('/loop-a', (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end());
    server.routes.set('/loop-b', (_req, res) => void res.writeHead(302, { location: '/loop-a' }).end());
    expect(await fetcher().get({ url: `${server.base}/old` })).toMatchObject({ kind: 'ok', body: 'moved' });
    expect(await fetcher().get({ url: `${server.base}/loop-a` })).toMatchObject({
      kind: 'failed',
      reason: `redirect loop at ${server.base}/loop-a`,
    });
  });

  it('keeps at most perHost requests in flight to one host', async () => {
    let inFlight = 0;
    let most = 0;
    server.routes.set('/p', (_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'text/html' }).end('p');
      }, 20);
    });
    const f = fetcher({ perHost: 2 });
    await Promise.all(Array.from({ length: 8 }, () => f.get({ url: `${server.base}/p` })));
    expect(most).toBe(2);
  });

  it('treats robots.txt that errors with 5xx as disallowing everything (RFC 9309)', async () => {
    server.routes.set('/robots.txt', (_req, res) => void res.writeHead(500).end());
    server.routes.set(
      '/a',
      serve('text/html', () => 'A'),
    );
    expect(await fetcher().get({ url: `${server.base}/a` })).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/robots\.txt .* disallows \/a/),
    });
  });

  it('waits as long as a 429 or 503 asks (Retry-After in seconds or as an HTTP date), never less than the backoff', async () => {
    const answers: [number, Record<string, string>][] = [
      [429, { 'retry-after': '7' }],
      [503, { 'retry-after': new Date(Date.now() + 30_000).toUTCString() }],
      [200, { 'content-type': 'text/html' }],
    ];
    server.routes.set('/busy', (_req, res) => {
      const [status, headers] = answers.shift()!;
      res.writeHead(status, headers).end(status === 200 ? 'ok' : '');
    });
    const f = fetcher({ retries: 2, backoffMs: 1000, sleep: async () => {} });
    expect(await f.get({ url: `${server.base}/busy` })).toMatchObject({ kind: 'ok', body: 'ok' });
    expect(f.waits[0]).toBe(7000);
    // An HTTP date has whole seconds: about 30 s from when it was written.
    expect(f.waits[1]).toBeGreaterThan(28_000);
    expect(f.waits[1]).toBeLessThanOrEqual(30_000);
  });

  it('does not retry sooner than asked: a Retry-After past the maximum ends the attempts with the reason', async () => {
    server.routes.set('/later', (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end());
    const f = fetcher({ retries: 2, maxRetryAfterMs: 60_000, sleep: async () => {} });
    expect(await f.get({ url: `${server.base}/later` })).toEqual({
      kind: 'failed',
      url: `${server.base}/later`,
      reason:
        'HTTP 429; the server asks to wait 3600 s (Retry-After), more than the 60 s this reader waits, so it was not retried',
    });
    expect(f.waits).toEqual([]);
    expect(server.requests.filter((r) => r.path === '/later')).toHaveLength(1);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores anything else', () => {
    const now = Date.parse('2022-03-01T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 01 Mar 2022 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 01 Mar 2022 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it('decodes a windows-1251 page by its declared charset, and warns when it cannot', async () => {
    const cyrillic = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]); // "Привет" in windows-1251
    server.routes.set(
      '/ru',
      (_req, res) =>
        void res.writeHead(200, { 'content-type': 'text/html; charset=windows-1251' }).end(cyrillic),
    );
    server.routes.set(
      '/odd',
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=x-klingon' }).end('ok'),
    );
    expect(await fetcher().get({ url: `${server.base}/ru` })).toMatchObject({
      kind: 'ok',
      body: 'Привет',
      warning: null,
    });
    expect(await fetcher().get({ url: `${server.base}/odd` })).toMatchObject({
      kind: 'ok',
      body: 'ok',
      warning: 'expected a charset TextDecoder knows, got "x-klingon" (Content-Type header); read as UTF-8',
    });
  });
});
