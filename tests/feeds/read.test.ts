import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articlePage } from '../../src/bench/feed-site.ts';
import { PoliteFetcher } from '../../src/feeds/http.ts';
import { readFeeds } from '../../src/feeds/read.ts';
import { serve, startTestServer, story, type TestServer } from '../helpers/feed-server.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
  server.routes.set(
    '/robots.txt',
    serve('text/plain', () => 'User-agent: *\nDisallow: /private/\n'),
  );
});
afterEach(() => server.close());

const fetcher = () => new PoliteFetcher({ hostDelayMs: 0, retries: 0, allow: ['127.0.0.1'] });
const item = (link: string, title: string) =>
  `<item><title>${title}</title><link>${link}</link><pubDate>Tue, 01 Mar 2022 10:00:00 GMT</pubDate><description>Summary of ${title}.</description></item>`;

describe('readFeeds', () => {
  it('decodes a windows-1251 feed declared in the XML prolog, and warns for an unknown charset', async () => {
    const b = server.base;
    const xml = `<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости</title>${item(`${b}/private/x`, 'Киев')}</channel></rss>`;
    server.routes.set(
      '/ru.xml',
      (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(cp1251(xml)),
    );
    server.routes.set(
      '/odd.xml',
      (_req, res) =>
        void res
          .writeHead(200, { 'content-type': 'application/rss+xml; charset=x-klingon' })
          .end(`<rss version="2.0"><channel><title>Odd</title></channel></rss>`),
    );
    const r = await readFeeds([`${b}/ru.xml`, `${b}/odd.xml`], {
      fetcher: fetcher(),
      state: { version: 1, feeds: {} },
    });
    expect(r.reports[0]).toMatchObject({ status: 'ok', title: 'Новости' });
    expect(r.articles[0]).toMatchObject({ title: 'Киев', source: 'Новости' });
    expect(r.warnings).toEqual([
      {
        path: `${b}/odd.xml`,
        reason: 'expected a charset TextDecoder knows, got "x-klingon" (Content-Type header); read as UTF-8',
      },
    ]);
  });

  it('counts a page robots.txt blocks as blocked, not fetched', async () => {
    const b = server.base;
    server.routes.set(
      '/feed.xml',
      serve(
        'application/rss+xml',
        () =>
          `<rss version="2.0"><channel><title>W</title>${item(`${b}/private/x`, 'Blocked')}${item(`${b}/news/a`, 'Open')}</channel></rss>`,
      ),
    );
    server.routes.set(
      '/news/a',
      serve('text/html', () =>
        articlePage({ slug: 'a', title: 'Open', text: story('The open story'), date: '2022-03-01' }),
      ),
    );
    const r = await readFeeds([`${b}/feed.xml`], { fetcher: fetcher(), state: { version: 1, feeds: {} } });
    expect(r.reports[0]).toMatchObject({ items: 2, fetched: 1, blocked: 1, refused: 0, summaries: 1 });
  });
});

/** windows-1251 bytes of `text` (Cyrillic and ASCII only): TextEncoder writes UTF-8 alone. */
function cp1251(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      throw new Error(`not in the test's windows-1251 table: ${ch}`);
    }),
  );
}
