/**
 * A local news site whose feed lists hostile item pages beside ordinary ones, on 127.0.0.1: the pages that froze,
 * hung or failed the feed reader (issue 21), and one that is slow within every limit. For the acknowledgement
 * benchmark (scripts/bench-ack.ts) and the bot-level test that sends /ask during a hostile feed run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage, rssFeed, type SiteArticle } from './feed-site.ts';

/** The hostile items, in feed order, each listed with a summary the reader falls back to. */
export const HOSTILE_PAGES = ['comb', 'deep', 'deeper', 'binary', 'huge', 'drip'] as const;
export type HostilePage = (typeof HOSTILE_PAGES)[number];

/** What each hostile page is, for reports. */
const HOSTILE_DESCRIPTIONS: Readonly<Record<HostilePage, string>> = Object.freeze({
  comb: '125 nested <div>s over many short paragraphs: within the size and depth limits, minutes of Readability',
  deep: '1,500 nested <div>s (45 KB): 86 s of Readability on the main thread before issue 21',
  deeper: '200,000 nested <div>s (2.2 MB): hung an indexing run before issue 21',
  binary: '20 KB of binary bytes served as text/html: failed the whole feed before issue 21',
  huge: '6 MB of HTML, past the 5 MB response limit',
  drip: 'an ordinary article sent a few bytes at a time',
});

/** `n` nested `<div>`s around a paragraph. */
export function nestedDivs(n: number): string {
  return `<html><body>${'<div>'.repeat(n)}<p>Deep down, a story.</p>${'</div>'.repeat(n)}</body></html>`;
}

/**
 * 125 nested `<div>`s holding `paragraphs` short paragraphs: 60,000 (1.3 MB, the default) keep Readability busy
 * for minutes, quadratically in the paragraphs (5,000: about 6 s, 20,000: 33 s on a 2-core Xeon).
 */
function combPage(paragraphs: number): string {
  const body = Array.from({ length: paragraphs }, (_, i) => `<p>word ${i} here</p>`).join('');
  return `<html><body>${'<div>'.repeat(125)}${body}${'</div>'.repeat(125)}</body></html>`;
}

function binaryPage(): Buffer {
  return Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256));
}

export interface HostileSiteOptions {
  /** Ordinary articles, listed after the hostile items. */
  articles: SiteArticle[];
  /** Paragraphs of the comb page. Default 60,000. */
  combParagraphs?: number;
  /** The drip page sends `dripBytes` every `dripEveryMs`. Defaults 64 bytes, 100 ms. */
  dripBytes?: number;
  dripEveryMs?: number;
  /** When given, the drip page's last bytes wait for it: a test holds the response open until it has seen enough. */
  dripUntil?: Promise<void>;
  /** Told of every request and of the end of each response, as `request <path>` and `served <path>`. */
  onEvent?: (event: string) => void;
}

export interface HostileSite {
  base: string;
  feedUrl: string;
  /** Every item's URL by slug (the hostile ones and the articles'). */
  urls: Record<string, string>;
  close(): Promise<void>;
}

const DRIP_ARTICLE: SiteArticle = {
  slug: 'drip',
  title: 'Talks on the grain corridor resume',
  text: Array.from(
    { length: 6 },
    (_, i) =>
      `Negotiators met again on day ${i + 1} to discuss reopening the grain corridor through the Black Sea ports.`,
  ).join('\n'),
  date: '2022-07-20',
};

/** Serves the feed at /feed.xml, the hostile items and `articles` at /news/<slug>, and a robots.txt that allows all. */
export async function startHostileSite(options: HostileSiteOptions): Promise<HostileSite> {
  const tell = options.onEvent ?? ((): void => {});
  const comb = combPage(options.combParagraphs ?? 60_000);
  const deep = nestedDivs(1_500);
  const deeper = nestedDivs(200_000);
  const binary = binaryPage();
  const hugeChunk = `<p>${'Filler text of an endless page. '.repeat(31_250)}</p>`;
  const drip = Buffer.from(articlePage(DRIP_ARTICLE));
  const dripBytes = options.dripBytes ?? 64;
  const dripEveryMs = options.dripEveryMs ?? 100;
  const timers = new Set<NodeJS.Timeout>();
  let base = '';

  const hostileItems = (): SiteArticle[] =>
    HOSTILE_PAGES.map((slug) => ({
      slug,
      title: slug === 'drip' ? DRIP_ARTICLE.title : `Hostile page: ${slug}`,
      text: '',
      date: '2022-07-20',
      summary: `The summary of the ${slug} page: ${HOSTILE_DESCRIPTIONS[slug]}.`,
    }));

  const sendDrip = (res: http.ServerResponse, path: string): void => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    let sent = 0;
    let released = options.dripUntil === undefined;
    let waiting = false;
    let ended = false;
    const finish = (): void => {
      if (ended || res.destroyed) return;
      ended = true;
      res.end(drip.subarray(sent));
      tell(`served ${path}`);
    };
    void options.dripUntil?.then(() => {
      released = true;
      if (waiting) finish();
    });
    const step = (): void => {
      if (ended || res.destroyed) return;
      // The last bytes wait for `dripUntil`; until then the response stays open.
      if (drip.length - sent <= dripBytes) return released ? finish() : void (waiting = true);
      res.write(drip.subarray(sent, sent + dripBytes));
      sent += dripBytes;
      const timer = setTimeout(() => {
        timers.delete(timer);
        step();
      }, dripEveryMs);
      timers.add(timer);
    };
    step();
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    tell(`request ${path}`);
    res.on('finish', () => {
      if (path !== '/news/drip') tell(`served ${path}`);
    });
    const html = (body: string | Buffer): void =>
      void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
    if (path === '/robots.txt')
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (path === '/feed.xml') {
      const feed = rssFeed('Hostile News', base, [...hostileItems(), ...options.articles]);
      return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
    }
    if (path === '/news/comb') return html(comb);
    if (path === '/news/deep') return html(deep);
    if (path === '/news/deeper') return html(deeper);
    if (path === '/news/binary') return void res.writeHead(200, { 'content-type': 'text/html' }).end(binary);
    if (path === '/news/huge') {
      // Streamed without a Content-Length, so the reader finds out by reading.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      for (let i = 0; i < 6; i++) res.write(hugeChunk);
      return void res.end();
    }
    if (path === '/news/drip') return sendDrip(res, path);
    const article = options.articles.find((a) => path === `/news/${a.slug}`);
    if (article) return html(articlePage(article));
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = Object.fromEntries(
    [...HOSTILE_PAGES, ...options.articles.map((a) => a.slug)].map((slug) => [slug, `${base}/news/${slug}`]),
  );
  return {
    base,
    feedUrl: `${base}/feed.xml`,
    urls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
