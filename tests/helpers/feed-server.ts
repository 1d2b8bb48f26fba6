/**
 * A local web server for the feed tests (127.0.0.1, never the internet): routes are plain functions of the
 * request, so a test can serve feeds, article pages and every way a site misbehaves (a malformed feed, a 404,
 * a slow page, a huge page, a redirect loop, a non-HTML page). It records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage, type SiteArticle } from '../../src/bench/feed-site.ts';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  base: string;
  routes: Map<string, Route>;
  /** `METHOD path` of every request, in order. */
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Route>();
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, headers: req.headers });
    const route = routes.get(path);
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    routes,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `body` with `type`, honouring If-None-Match against `etag` when given. */
export function serve(type: string, body: () => string, etag?: () => string): Route {
  return (req, res) => {
    const tag = etag?.();
    if (tag !== undefined && req.headers['if-none-match'] === tag)
      return void res.writeHead(304, { etag: tag }).end();
    res.writeHead(200, { 'content-type': type, ...(tag === undefined ? {} : { etag: tag }) }).end(body());
  };
}

export const page = (a: SiteArticle): Route => serve('text/html; charset=utf-8', () => articlePage(a));

/** A story long enough for Readability to take it for an article. */
export function story(topic: string, sentences = 6): string {
  return Array.from(
    { length: sentences },
    (_, i) =>
      `${topic} was reported on day ${i + 1} by correspondents who spoke with officials and residents about what happened next.`,
  ).join('\n');
}

export function rssItem(base: string, slug: string, title: string, date: string, summary: string): string {
  return `<item><title>${title}</title><link>${base}/news/${slug}</link><guid>${base}/news/${slug}</guid><pubDate>${new Date(`${date}T10:00:00Z`).toUTCString()}</pubDate><description>${summary}</description></item>`;
}

export function rss(title: string, items: readonly string[]): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>http://example.invalid/</link>${items.join('')}</channel></rss>`;
}
