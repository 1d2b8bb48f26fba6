/**
 * The host reading feeds: the background poll (FEED_POLL_MINUTES, here a few ms) brings a new item into the
 * served generation and tells its listeners; /reindex reads the corpus and the feeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedSite, type FeedSite } from '../../src/bench/feed-site.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { EngineHost } from '../../src/host/engine-host.ts';
import type { IndexSummary } from '../../src/types.ts';
import { SEEDS_DIR } from '../helpers/articles.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { story } from '../helpers/feed-server.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
let site: FeedSite;
beforeAll(async () => {
  site = await startFeedSite('Local News', [
    { slug: 'a', title: 'Talks in Geneva', text: story('The Geneva talks'), date: '2022-02-22' },
  ]);
});
afterAll(async () => {
  await site.close();
  await temp.cleanup();
});

describe('EngineHost with feeds', () => {
  it('polls in the background and serves a new item after the next poll', async () => {
    const dataDir = await temp.make();
    const options = {
      dataDir,
      embedder: new FakeEmbedder(),
      corpus: [SEEDS_DIR],
      feeds: [site.feedUrl],
      feedHttp: { hostDelayMs: 0, allow: ['127.0.0.1'] },
      feedPollMs: 20,
      search: FAKE_SEARCH_PARAMS,
      pollMs: 0,
    };
    const host = await EngineHost.open(options);
    try {
      const first = (await host.current().documents()).map((d) => d.title);
      expect(first).toContain('Talks in Geneva');
      expect(first.length).toBe(6); // five seeds and the feed's item
      const added = new Promise<IndexSummary>((resolve) =>
        host.onIndexed((s) => void (s.added > 0 && resolve(s))),
      );
      site.articles.push({
        slug: 'b',
        title: 'Grain ships leave Odesa',
        text: story('The grain corridor'),
        date: '2022-08-01',
      });
      const summary = await added;
      // The poll read the feed alone: its earlier item is unchanged, only the five seeds are kept unread.
      expect(summary).toMatchObject({
        added: 1,
        newFeedArticles: [expect.any(String)],
        kept: 5,
        unchanged: 1,
      });
      expect((await host.current().documents()).map((d) => d.title)).toContain('Grain ships leave Odesa');
      expect(await host.feeds()).toEqual([
        {
          url: site.feedUrl,
          title: 'Local News',
          lastSuccess: expect.any(String),
          lastError: null,
          articles: 2,
        },
      ]);
    } finally {
      await host.close();
    }
    // /reindex (here without background polls, which would make it wait its turn) reads corpus and feeds.
    const again = await EngineHost.open({ ...options, feedPollMs: 0 });
    try {
      const reindex = await again.reindex();
      expect(reindex.feeds?.[0]?.status).toBe('not-modified');
      expect(reindex).toMatchObject({ unchanged: 7, kept: 0, added: 0 });
    } finally {
      await again.close();
    }
  });
});
