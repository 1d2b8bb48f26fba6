/**
 * The bot stays responsive while a feed run extracts hostile pages (issue 21, 2): /reindex reads a feed on
 * 127.0.0.1 (allowed the way FEED_ALLOW_HOSTS allows it) whose items are a page that keeps Readability busy for
 * minutes within every limit, nested-<div> bombs, binary bytes, a page past the size limit and a page sent a few
 * bytes at a time. An /ask sent while the first is in the extraction worker and the last still arriving is
 * acknowledged and answered before either ends; then the run finishes with each hostile item as its summary.
 * Before the worker, the 1,500 nested <div>s alone held the event loop for 86 s and /ask got no acknowledgement.
 * No clock is read: the test holds the slow page and the drip open until it has seen the answer, and checks order.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articlePage, type SiteArticle } from '../../src/bench/feed-site.ts';
import { type HostileSite, nestedDivs, startHostileSite } from '../../src/bench/hostile-site.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { type PageExtractor, WorkerExtractor } from '../../src/feeds/extract-pool.ts';
import { indexPaths } from '../../src/host/index-paths.ts';
import { type EngineHost, openEngineHost } from '../../src/host/engine-host.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { story } from '../helpers/feed-server.ts';
import { chatInput } from '../helpers/interactions.ts';

const seeds = fileURLToPath(new URL('../../seeds', import.meta.url));
const ordinary: SiteArticle = {
  slug: 'kharkiv',
  title: 'Shelling in Kharkiv',
  text: story('Shelling in Kharkiv'),
  date: '2022-07-21',
};

type Embeds = { embeds?: { title?: string }[]; content?: string };

/** What happened, in order: the site's requests and responses, each page's extraction, the ask's round trip. */
class Timeline extends EventEmitter {
  readonly events: string[] = [];
  note(event: string): void {
    this.events.push(event);
    this.emit('note');
  }
  /** Resolves once `event` has happened. */
  seen(event: string): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!this.events.includes(event)) return;
        this.off('note', check);
        resolve();
      };
      this.on('note', check);
      check();
    });
  }
  /** The events among `names`, in the order they happened. */
  only(...names: string[]): string[] {
    return this.events.filter((e) => names.includes(e));
  }
}

let timeline: Timeline;
let site: HostileSite;
let dataDir: string;
let host: EngineHost;
let h: Harness;
let release: () => void;
/** The comb page's extraction: no time limit, so it lasts until the test closes it (minutes otherwise). */
let stall: WorkerExtractor;
/** Every other page: the reader's defaults. */
let pages: WorkerExtractor;
let outcomes: Record<string, string>;

beforeEach(async () => {
  timeline = new Timeline();
  outcomes = {};
  const dripUntil = new Promise<void>((resolve) => (release = resolve));
  site = await startHostileSite({
    articles: [ordinary],
    dripUntil,
    dripEveryMs: 20,
    onEvent: (e) => timeline.note(e),
  });
  stall = new WorkerExtractor({ timeLimitMs: 2 ** 31 - 1 });
  pages = new WorkerExtractor();
  // Started before the run, so the comb page goes to a worker that is already running when the run reaches it.
  await stall.extract(articlePage(ordinary), 'http://127.0.0.1:9/warm-up');
  const watched: PageExtractor = {
    async extract(html, url) {
      const slug = url.slice(url.lastIndexOf('/') + 1);
      timeline.note(`extracting ${slug}`);
      const outcome = await (slug === 'comb' ? stall : pages).extract(html, url);
      outcomes[slug] = outcome.kind === 'unusable' ? outcome.reason : outcome.kind;
      timeline.note(`extracted ${slug}`);
      return outcome;
    },
    close: async () => {},
  };
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'crisis-desk-hostile-bot-'));
  const embedder = new FakeEmbedder();
  // The first index holds the seeds only, so the feed is read by /reindex, not while the host opens.
  await indexPaths({ inputs: [seeds], dataDir, embedder });
  host = await openEngineHost({
    dataDir,
    embedder,
    corpus: [seeds],
    pollMs: 0,
    search: FAKE_SEARCH_PARAMS,
    feeds: [site.feedUrl],
    feedHttp: { hostDelayMs: 0, allow: ['127.0.0.1'] },
    feedExtractor: watched,
  });
  h = await startHarness(host);
});

afterEach(async () => {
  release();
  await h?.stop();
  await stall?.close();
  await host?.close();
  await pages?.close();
  await site?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the bot during a feed run with hostile pages', () => {
  it('acknowledges and answers /ask while a page is in the extraction worker and another still arriving', async () => {
    const app = h.fake.applicationId;
    const reindex = chatInput(app, 'reindex');
    h.fake.sendInteraction(reindex);
    expect((await h.callback(reindex)).body).toEqual({ type: 5, data: { flags: 64 } });
    await Promise.all([timeline.seen('extracting comb'), timeline.seen('request /news/drip')]);

    const ask = chatInput(app, 'ask', { question: 'Why did Blinken cancel the meeting with Lavrov?' });
    timeline.note('ask sent');
    h.fake.sendInteraction(ask);
    const ack = await h.callback(ask);
    timeline.note('ask acknowledged');
    const answer = (await h.edit(ask)).body as Embeds;
    timeline.note('ask answered');
    expect(ack.body).toEqual({ type: 5, data: { flags: 0 } });
    expect((answer.embeds ?? []).map((e) => e.title).join('\n')).toMatch(/Blinken/);
    expect(h.context.isReindexing()).toBe(true);

    // Let the drip finish and stop the comb page's worker: the run goes on without them.
    release();
    await stall.close();
    const isLive = (r: { method: string; path: string; body: unknown }): boolean =>
      r.method === 'PATCH' &&
      r.path.includes(reindex.token) &&
      /the new index is live/.test((r.body as Embeds).content ?? '');
    const done = (await h.fake.waitForRequest(isLive, 'the /reindex summary', 120_000)).body as Embeds;

    const round = ['ask sent', 'ask acknowledged', 'ask answered'];
    expect(timeline.only('extracting comb', ...round, 'extracted comb')).toEqual([
      'extracting comb',
      ...round,
      'extracted comb',
    ]);
    expect(timeline.only('request /news/drip', ...round, 'served /news/drip')).toEqual([
      'request /news/drip',
      ...round,
      'served /news/drip',
    ]);

    // Every item is indexed: the hostile ones from their summaries, the dripped page and the ordinary one whole.
    expect(done.content).toContain('Feeds: 1 read, 7 new items.');
    expect(outcomes).toEqual({
      comb: 'extraction stopped: the worker exited (1)',
      deep: 'expected elements nested at most 128 deep, got 1502',
      deeper: `expected a page of at most 2000000 characters to extract, got ${nestedDivs(200_000).length}`,
      binary: 'expected an HTML page, got binary data',
      drip: 'article',
      kharkiv: 'article',
    });
    // The huge page never reached the extractor: the response limit stopped it.
    expect(timeline.events).not.toContain('extracting huge');

    // The new generation is served, and the extractor the host was given is still its owner's to use.
    const after = chatInput(app, 'ask', {
      question: 'Did negotiators meet to discuss reopening the grain corridor?',
    });
    h.fake.sendInteraction(after);
    expect(((await h.edit(after)).body as Embeds).embeds?.[0]?.title).toMatch(/grain corridor/);
    expect(await pages.extract(articlePage(ordinary), site.urls.kharkiv!)).toMatchObject({ kind: 'article' });
  });
});
