/**
 * Measures the feed reader on a local site made of news articles: fetch + extract speed (polite defaults, and
 * with no per-host pause), linkedom vs jsdom for extraction (jsdom only when installed), indexing end to end,
 * and what a second run and a run after one new and one changed item fetch.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Embedder } from '../embed/embedder.ts';
import { extractArticle } from '../feeds/extract.ts';
import { PoliteFetcher } from '../feeds/http.ts';
import { readFeeds } from '../feeds/read.ts';
import { indexPaths } from '../host/index-paths.ts';
import type { IndexSummary } from '../types.ts';
import { articlePage, type SiteArticle, startFeedSite } from './feed-site.ts';

/** The benchmark's site listens on loopback, which the feed reader refuses unless allowed. */
const LOCAL = ['127.0.0.1'];

export interface FeedBenchOptions {
  corpus: string;
  limit: number;
  embedder: () => Promise<Embedder>;
  log: (line: string) => void;
  /** Where to import jsdom from for the comparison (it is no dependency: it needs Node 22). Default `jsdom`. */
  jsdom?: string;
  /** Only compare the DOM implementations. */
  domOnly?: boolean;
}

type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

/** The first `limit` articles of a JSON Lines corpus (`{id, title, text, date}` per line) as site articles. */
export async function loadArticles(file: string, limit: number): Promise<SiteArticle[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  return lines.slice(0, limit).map((l) => {
    const r = JSON.parse(l) as { id: string; title: string; text: string; date: string | null };
    return { slug: r.id, title: r.title, text: r.text, date: r.date };
  });
}

/** Extraction time and heap growth over `pages` with one DOM implementation. */
async function domRun(
  name: string,
  pages: string[],
  parse: (html: string) => ReadabilityDocument,
): Promise<string> {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let peak = 0;
  const t0 = performance.now();
  let chars = 0;
  for (const html of pages) {
    const article = new Readability(parse(html)).parse();
    chars += article?.textContent?.length ?? 0;
    peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
  }
  const ms = performance.now() - t0;
  return `| ${name} | ${(pages.length / (ms / 1000)).toFixed(0)} | ${(ms / pages.length).toFixed(1)} | ${mb(peak)} | ${mb(process.memoryUsage().rss - rss0)} | ${chars} |`;
}

export async function runFeedBench(o: FeedBenchOptions): Promise<string[]> {
  const out: string[] = [];
  const articles = await loadArticles(o.corpus, o.limit);
  const pages = articles.map(articlePage);
  out.push(
    `${articles.length} articles from ${o.corpus}, served as HTML pages (${mb(pages.reduce((n, p) => n + p.length, 0))} in all) and one RSS feed.`,
    '',
  );

  out.push(
    '| DOM | pages/s | ms/page | heap peak | RSS growth | chars extracted |',
    '|---|---|---|---|---|---|',
  );
  out.push(await domRun('linkedom', pages, (h) => parseHTML(h).document as unknown as ReadabilityDocument));
  try {
    const { JSDOM } = (await import(o.jsdom ?? 'jsdom')) as {
      JSDOM: new (html: string) => { window: { document: ReadabilityDocument } };
    };
    out.push(await domRun('jsdom', pages, (h) => new JSDOM(h).window.document));
  } catch (error) {
    out.push(`| jsdom | not measured: ${(error as Error).message.split('\n')[0]} | | | | |`);
  }
  out.push('');
  if (o.domOnly) return out;

  const site = await startFeedSite('Local News', articles.slice());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crisis-desk-feedbench-'));
  try {
    for (const [label, hostDelayMs] of [
      ['polite defaults (2 per host, 500 ms pause)', 500],
      ['no pause (2 per host, 0 ms)', 0],
    ] as const) {
      const t0 = performance.now();
      const r = await readFeeds([site.feedUrl], {
        fetcher: new PoliteFetcher({ hostDelayMs, allow: LOCAL }),
        state: { version: 1, feeds: {} },
      });
      const s = (performance.now() - t0) / 1000;
      out.push(
        `Fetch + extract, ${label}: ${r.articles.length} items in ${s.toFixed(1)} s = ${(r.articles.length / s).toFixed(1)} items/s (${r.reports[0]?.summaries ?? 0} from summaries).`,
      );
    }
    const check = extractArticle(pages[0]!, `${site.base}/news/${articles[0]!.slug}`);
    out.push(
      `First page: ${articles[0]!.text.length} characters in the corpus, ${check?.text.length ?? 0} extracted.`,
      '',
    );

    const run = async (label: string): Promise<IndexSummary> => {
      const before = site.log.length;
      const t0 = performance.now();
      const summary = await indexPaths({
        inputs: [],
        dataDir,
        embedder: o.embedder,
        feeds: { urls: [site.feedUrl], http: { hostDelayMs: 0, allow: LOCAL } },
      });
      const s = (performance.now() - t0) / 1000;
      const requests = site.log.slice(before);
      const pagesFetched = requests.filter((r) => r.includes('/news/')).length;
      const f = summary.feeds?.[0];
      out.push(
        `${label}: ${s.toFixed(1)} s; requests ${requests.length} (feed: ${requests
          .filter((r) => r.includes('/feed.xml'))
          .map((r) => r.split(' ').at(-1))
          .join(', ')}; pages ${pagesFetched}); ` +
          `added ${summary.added}, changed ${summary.changed}, embedded ${summary.embedded}; feed: ${f?.status}, ${f?.added ?? 0} new, ${f?.unchanged ?? 0} unchanged` +
          (summary.added ? `; ${(summary.added / s).toFixed(1)} items/s end to end` : ''),
      );
      return summary;
    };
    await run('First run (empty data dir, no per-host pause)');
    await run('Second run');
    site.articles.push({
      slug: 'bench-new',
      title: 'A new story',
      text: articles[1]!.text,
      date: articles[1]!.date,
    });
    site.articles[0] = {
      ...site.articles[0]!,
      text: `${site.articles[0]!.text}\nA paragraph added in an update to the story, with new details.`,
      summary: 'Updated.',
    };
    await run('Third run (1 new item, 1 changed item)');
  } finally {
    await site.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  o.log(`done`);
  return out;
}
