/**
 * `npm run index -- --feed URL` as users run it (real model: USE-lite, bundled): from an empty data dir it
 * indexes a local feed's articles with full text; a second run fetches no page.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedSite, type FeedSite } from '../../src/bench/feed-site.ts';
import { story } from '../helpers/feed-server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
let site: FeedSite;
beforeAll(async () => {
  site = await startFeedSite('Local News', [
    { slug: 'a', title: 'Talks in Geneva', text: story('The Geneva talks'), date: '2022-02-22' },
    { slug: 'b', title: 'Grain ships leave Odesa', text: story('The grain corridor'), date: '2022-08-01' },
  ]);
});
afterAll(async () => {
  await site.close();
  await temp.cleanup();
});

describe('npm run index -- --feed (real model: USE-lite)', () => {
  it('indexes the feed with full text, then fetches nothing new', async () => {
    const dataDir = path.join(await temp.make(), 'data');
    const env = { EMBEDDING_MODEL: 'use-lite', EMBED_WORKERS: '1', FEEDS: '', FEED_ALLOW_HOSTS: '127.0.0.1' };
    const first = await runCli('index-articles.ts', ['--feed', site.feedUrl, '--data-dir', dataDir], { env });
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('added 2, changed 0');
    expect(first.stdout).toContain(
      `feed ${site.feedUrl} (Local News): 2 items, 2 added, 0 changed, 0 unchanged, 2 pages fetched`,
    );
    // A feeds-only run reads no files: no "reading: 0/0" line (issue 18, 7).
    expect(first.stderr).not.toMatch(/reading: 0\/0/);
    const pages = site.log.filter((l) => l.includes('/news/')).length;

    const second = await runCli('index-articles.ts', ['--feed', site.feedUrl, '--data-dir', dataDir], {
      env,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`feed ${site.feedUrl} (Local News): not modified since the last read`);
    // The feed was read: its two articles are unchanged, not kept from something this run did not read.
    expect(second.stdout).toContain('unchanged 2, kept 0');
    expect(second.stdout).not.toMatch(/kept: \d+ articles/);
    expect(site.log.filter((l) => l.includes('/news/')).length).toBe(pages);
    expect(site.log.at(-1)).toBe('GET /feed.xml 304');

    const sources = await runCli('sources.ts', ['--json', '--data-dir', dataDir], { env });
    const docs = (
      JSON.parse(sources.stdout) as {
        documents: { url: string; source: string; path: string; characters: number }[];
      }
    ).documents;
    expect(docs.map((d) => [d.url, d.source, d.path])).toEqual([
      [`${site.base}/news/a`, 'Local News', `${site.base}/news/a`],
      [`${site.base}/news/b`, 'Local News', `${site.base}/news/b`],
    ]);
    // Full text: the six paragraphs of the page, not the feed's 200-character summary.
    for (const d of docs) expect(d.characters).toBeGreaterThan(600);
  });

  it('--feed with something that is not a URL is a usage error (exit 2)', async () => {
    const r = await runCli(
      'index-articles.ts',
      ['--feed', 'feed.xml', '--data-dir', path.join(await temp.make(), 'd')],
      { env: { FEEDS: '' } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: --feed: expected an http(s) URL, got "feed.xml"');
  });
});
