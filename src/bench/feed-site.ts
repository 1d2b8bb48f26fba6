/**
 * A local news site for measuring the feed reader: articles served as HTML pages (with the navigation, share
 * buttons and footer a real page carries, for Readability to remove) and an RSS 2.0 feed listing them, on
 * 127.0.0.1. Supports ETag / If-None-Match like a well-behaved server. Also used by tests.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SiteArticle {
  slug: string;
  title: string;
  /** Paragraphs separated by blank lines or newlines. */
  text: string;
  date: string | null;
  summary?: string;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function articlePage(a: SiteArticle): string {
  const paragraphs = a.text
    .split(/\n+/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${esc(p.trim())}</p>`)
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(a.title)} | Local News</title></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>${esc(a.title)}</h1><p class="byline">By Staff Reporter${a.date ? ` · ${a.date}` : ''}</p>
${paragraphs}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Celebrity news of the day</a></li><li><a href="/b">Weather this weekend</a></li></ul></aside></main>
<footer><p>Share this article on Facebook, Twitter and WhatsApp.</p><p>Copyright © Local News. All rights reserved.</p></footer>
</body></html>`;
}

export function rssFeed(title: string, base: string, articles: readonly SiteArticle[]): string {
  const items = articles
    .map(
      (a) =>
        `<item><title>${esc(a.title)}</title><link>${base}/news/${a.slug}</link><guid>${base}/news/${a.slug}</guid>` +
        `${a.date ? `<pubDate>${new Date(`${a.date}T12:00:00Z`).toUTCString()}</pubDate>` : ''}` +
        `<description>${esc(a.summary ?? a.text.slice(0, 200))}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>${base}/</link><description>Local test feed</description>\n${items}\n</channel></rss>`;
}

export interface FeedSite {
  base: string;
  /** The feed's URL. */
  feedUrl: string;
  /** Articles listed, in feed order; change it to publish or edit. */
  articles: SiteArticle[];
  /** Requests received, as `METHOD path status`. */
  log: string[];
  close(): Promise<void>;
}

/** Serves `articles` at /news/<slug> and their feed at /feed.xml. */
export async function startFeedSite(title: string, articles: SiteArticle[]): Promise<FeedSite> {
  const log: string[] = [];
  const site = { articles } as FeedSite;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const send = (status: number, type: string, body: string): void => {
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      if (status === 200 && req.headers['if-none-match'] === etag) {
        log.push(`${req.method} ${path} 304`);
        res.writeHead(304, { etag }).end();
        return;
      }
      log.push(`${req.method} ${path} ${status}`);
      res.writeHead(status, { 'content-type': type, etag }).end(body);
    };
    if (path === '/robots.txt') return send(200, 'text/plain', 'User-agent: *\nDisallow: /private/\n');
    if (path === '/feed.xml')
      return send(200, 'application/rss+xml', rssFeed(title, site.base, site.articles));
    const article = site.articles.find((a) => path === `/news/${a.slug}`);
    if (article) return send(200, 'text/html; charset=utf-8', articlePage(article));
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  site.base = `http://127.0.0.1:${port}`;
  site.feedUrl = `${site.base}/feed.xml`;
  site.log = log;
  site.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return site;
}
