/**
 * End to end: a real EngineHost reading a local feed (FakeEmbedder), the real bot against the fake Discord.
 * /watch add in a channel, then one feed poll that brings a matching story (twice, as wire copy) and an
 * unrelated one: exactly one message lands in the channel, for the matching story, with its link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatchNotifier } from '../../src/bot/watch-notifier.ts';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { EngineHost } from '../../src/host/engine-host.ts';
import { JsonWatchStore } from '../../src/state/watch-store.ts';
import { startFeedSite, type FeedSite } from '../../src/bench/feed-site.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import type { Body, Message } from '../helpers/e2e-fixture.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';
import { story } from '../helpers/feed-server.ts';
import { CHANNEL_ID, chatInput } from '../helpers/interactions.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
let site: FeedSite;
let host: EngineHost;
let h: Harness;

/** MANAGE_CHANNELS (0x10) with the usual member bits. */
const MANAGER = (0x10n | 0x20n | 0x400n | 0x800n).toString();

function watchCommand(sub: string, options: Record<string, string> = {}) {
  const i = chatInput(h.fake.applicationId, 'watch');
  const data = i.data as Record<string, unknown>;
  data.options = [
    {
      name: sub,
      type: 1,
      options: Object.entries(options).map(([name, value]) => ({ name, type: 3, value })),
    },
  ];
  (i as unknown as { member: Record<string, unknown> }).member.permissions = MANAGER;
  return i;
}

const GRAIN =
  'Grain exports resumed from the port of Odesa as the first ships left with wheat and corn under the deal.';

beforeAll(async () => {
  site = await startFeedSite('Local News', [
    {
      slug: 'talks',
      title: 'Talks in Geneva',
      text: story('The Geneva talks on the border crisis'),
      date: '2022-02-22',
    },
  ]);
  const dataDir = await temp.make();
  host = await EngineHost.open({
    dataDir,
    embedder: new FakeEmbedder(),
    corpus: [],
    feeds: [site.feedUrl],
    feedHttp: { hostDelayMs: 0, allow: ['127.0.0.1'] },
    search: FAKE_SEARCH_PARAMS,
    pollMs: 0,
  });
  const watches = JsonWatchStore.forDataDir(dataDir);
  h = await startHarness(host, { watches });
  const notifier = createWatchNotifier({
    client: h.bot.client,
    store: watches,
    engine: () => host.current(),
    logger: h.logger,
  });
  host.onIndexed((summary) => notifier.notify(summary).then(() => {}));
});
afterAll(async () => {
  await h.stop();
  await host.close();
  await site.close();
  await temp.cleanup();
});

describe('/watch and feed polling', () => {
  it('posts one message per new story that answers the watch, after one poll', async () => {
    const add = watchCommand('add', { query: 'Did grain exports resume from the port of Odesa?' });
    h.fake.sendInteraction(add);
    const added = ((await h.callback(add)).body as Body).data as Message;
    const id = /`([0-9a-f]{6})`/.exec(added.content!)![1]!;
    expect(added.content).toContain('Watching');

    site.articles.push(
      {
        slug: 'grain',
        title: 'Grain ships leave Odesa',
        text: `${GRAIN}\n${story('The grain corridor')}`,
        date: '2022-08-01',
      },
      {
        slug: 'grain-copy',
        title: 'Grain ships leave Odesa (wire)',
        text: `${GRAIN}\n${story('The grain corridor')}`,
        date: '2022-08-01',
      },
      {
        slug: 'football',
        title: 'Cup final tonight',
        text: story('The football cup final at the stadium'),
        date: '2022-08-01',
      },
    );
    const summary = await host.pollFeeds();
    expect(summary).toMatchObject({ added: 3 });
    // The new articles are searchable through the swapped-in generation.
    expect((await host.current().documents()).map((d) => d.title)).toEqual(
      expect.arrayContaining(['Grain ships leave Odesa', 'Cup final tonight']),
    );

    const posts = h.fake.requests.filter(
      (r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`,
    );
    expect(posts).toHaveLength(1);
    const message = posts[0]!.body as Message & { allowed_mentions: unknown };
    expect(message.content).toBe(
      'New reporting for your watch “Did grain exports resume from the port of Odesa?”:',
    );
    expect(message.allowed_mentions).toEqual({ parse: [] });
    const embed = message.embeds![0]!;
    expect(embed.title).toMatch(/^Grain ships leave Odesa/);
    expect(embed.url).toMatch(new RegExp(`^${site.base}/news/grain`));
    // The copy is from the same outlet: one outlet is no corroboration, so that field is left out.
    expect(embed.fields!.map((f) => f.name)).toEqual(['Outlet', 'Article', 'Also reported by']);

    // A poll with nothing new posts nothing more.
    await host.pollFeeds();
    expect(h.fake.requests.filter((r) => r.path === `/channels/${CHANNEL_ID}/messages`)).toHaveLength(1);

    const list = watchCommand('list');
    h.fake.sendInteraction(list);
    expect(JSON.stringify(((await h.callback(list)).body as Body).data)).toContain(id);
    const remove = watchCommand('remove', { id });
    h.fake.sendInteraction(remove);
    expect((((await h.callback(remove)).body as Body).data as Message).content).toBe(
      `Watch \`${id}\` removed.`,
    );
  });

  it('/sources lists the feed with its last successful read', async () => {
    const i = chatInput(h.fake.applicationId, 'sources', {}, '400000000000009999');
    h.fake.sendInteraction(i);
    const embed = (((await h.callback(i)).body as Body).data as Message).embeds![0]!;
    const feeds = embed.fields!.find((f) => f.name === 'Feeds (1)')!;
    expect(feeds.value).toMatch(
      new RegExp(`^• \\[Local News\\]\\(${site.feedUrl}\\) · \\d+ articles · last read <t:\\d+:R>$`),
    );
  });

  it('refuses to add a watch for a member without Manage Channels', async () => {
    const add = watchCommand('add', { query: 'anything at all' });
    (add as unknown as { member: Record<string, unknown> }).member.permissions = (0x400n | 0x800n).toString();
    h.fake.sendInteraction(add);
    expect((((await h.callback(add)).body as Body).data as Message).content).toBe(
      'Adding and removing watches needs the Manage Channels permission.',
    );
  });
});
