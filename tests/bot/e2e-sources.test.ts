/**
 * End to end (continued): the real discord.js Client logs in to a fake Discord on 127.0.0.1 and answers interactions
 * the fake dispatches over its gateway; the assertions read what the bot sent back over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/types.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import { citation, fakeEngine, fakeHost, passage } from '../helpers/fake-engine.ts';
import { autocomplete, buttonClick, chatInput } from '../helpers/interactions.ts';

const EPHEMERAL = 64;
type Body = { type: number; data?: Record<string, unknown> };
type Message = {
  content?: string;
  flags?: number;
  embeds?: {
    title?: string;
    url?: string;
    description?: string;
    fields?: { name: string; value: string }[];
  }[];
  components?: { components: { custom_id: string; label: string }[] }[];
};

const hostile = passage(1, {
  highlight: 'Officials warned @everyone that <@123> would **escalate** [now](https://evil.example).',
  citation: citation({ id: 'h1', title: 'Warnings # at the border', url: 'https://example.com/border' }),
  alsoReportedBy: [citation({ source: 'Reuters', url: 'https://reuters.example/b' })],
});
const engine = fakeEngine({
  passages: [hostile, passage(2), passage(3), passage(4), passage(5)],
  offTopicWord: 'cake',
  failWord: 'explode',
});
let h: Harness;
let nextUser = 1;
const user = () => `40000000000000${String(nextUser++).padStart(4, '0')}`;
const app = () => h.fake.applicationId;

beforeAll(async () => {
  h = await startHarness(fakeHost(engine));
});
afterAll(async () => {
  await h.stop();
});

describe('/sources', () => {
  it('gives the citations of your latest /ask in this channel', async () => {
    const asker = user();
    const ask = chatInput(app(), 'ask', { question: 'Who warned?' }, asker);
    h.fake.sendInteraction(ask);
    await h.edit(ask);
    const i = chatInput(app(), 'sources', {}, asker);
    h.fake.sendInteraction(i);
    const body = (await h.callback(i)).body as Body;
    expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
    const embed = (body.data as Message).embeds![0]!;
    expect(embed.title).toBe('Sources');
    expect(embed.description).toBe('For: Who warned?');
    expect(embed.fields![0]!.value).toContain('[https://example.com/border](https://example.com/border)');

    // Its "Knowledge base overview" button answers with a new ephemeral message, keeping the citations.
    const overview = buttonClick(app(), 'sources:page:0', h.fake.originalMessage(i.token), asker);
    h.fake.sendInteraction(overview);
    expect((await h.callback(overview)).body).toMatchObject({
      type: 4,
      data: { flags: EPHEMERAL, embeds: [expect.objectContaining({ title: 'Knowledge base' })] },
    });
  });

  it('after an unanswered /ask, gives the overview rather than an older answer', async () => {
    const asker = user();
    for (const question of ['Who warned?', 'chocolate cake']) {
      const ask = chatInput(app(), 'ask', { question }, asker);
      h.fake.sendInteraction(ask);
      await h.edit(ask);
    }
    const i = chatInput(app(), 'sources', {}, asker);
    h.fake.sendInteraction(i);
    expect(((await h.callback(i)).body as Body).data).toMatchObject({
      embeds: [expect.objectContaining({ title: 'Knowledge base' })],
    });
  });

  it('without an earlier ask, gives the knowledge-base overview with paging', async () => {
    const i = chatInput(app(), 'sources', {}, user());
    h.fake.sendInteraction(i);
    const data = ((await h.callback(i)).body as Body).data as Message;
    expect(data.embeds![0]!.title).toBe('Knowledge base');
    expect(data.embeds![0]!.fields![0]!.value).toBe('ABC News (7), Reuters (4), Al Jazeera (1)');
    const next = data.components![0]!.components[1]!;
    const click = buttonClick(app(), next.custom_id, h.fake.originalMessage(i.token));
    h.fake.sendInteraction(click);
    const turned = (await h.callback(click)).body as Body;
    expect(turned.type).toBe(7);
    expect((turned.data as Message).embeds![0]).toMatchObject({
      footer: { text: expect.stringMatching(/^Page 2 of 3/) },
    });
  });

  it('with a query, lists the matching documents', async () => {
    const i = chatInput(app(), 'sources', { query: 'Article 2' }, user());
    h.fake.sendInteraction(i);
    const data = ((await h.callback(i)).body as Body).data as Message;
    expect(data.embeds![0]!.title).toBe('Documents matching “Article 2”');
    expect(data.embeds![0]!.description!.match(/^• /gm)).toHaveLength(5); // Article 2, 20–23
  });
});

describe('autocomplete and unknown commands', () => {
  it('answers autocomplete for source from memory', async () => {
    const i = autocomplete(app(), 'ask', 'source', 're', { question: 'x' });
    h.fake.sendInteraction(i);
    expect((await h.callback(i)).body).toEqual({
      type: 8,
      data: { choices: [{ name: 'Reuters (4 articles)', value: 'Reuters' }] },
    });
  });

  it('tells the user about an unknown command, ephemerally', async () => {
    const i = chatInput(app(), 'weather', {}, user());
    h.fake.sendInteraction(i);
    const body = (await h.callback(i)).body as Body;
    expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
    expect(body.data!.content).toContain(
      "I don't know the command `/weather`. This bot answers `/ask`, `/reindex`, `/sources`.",
    );
  });
});

describe('cooldown', () => {
  it('refuses a second /ask from the same user with a polite retry time', async () => {
    const slow = await startHarness(fakeHost(fakeEngine()), { askCooldownSeconds: 60 });
    try {
      const asker = user();
      const first = chatInput(slow.fake.applicationId, 'ask', { question: 'First question' }, asker);
      slow.fake.sendInteraction(first);
      await slow.edit(first);
      const second = chatInput(slow.fake.applicationId, 'ask', { question: 'Second question' }, asker);
      slow.fake.sendInteraction(second);
      const body = (await slow.callback(second)).body as Body;
      expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
      expect(body.data!.content).toMatch(
        /^You're asking a little fast\. Please try again <t:\d+:R> \(in (59|60) s\)\.$/,
      );
    } finally {
      await slow.stop();
    }
  });
});

describe('shutdown', () => {
  it('fails in-flight replies politely, then closes the gateway', async () => {
    const hanging: Engine = { ...fakeEngine(), ask: () => new Promise(() => {}) };
    const bot = await startHarness(fakeHost(hanging), { shutdownGraceMs: 50 });
    const i = chatInput(bot.fake.applicationId, 'ask', { question: 'Will this finish?' }, user());
    bot.fake.sendInteraction(i);
    await bot.callback(i);
    await bot.stop();
    const follow = bot.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith(i.token))!;
    expect(follow.body).toMatchObject({
      flags: EPHEMERAL,
      content: 'The bot is restarting; please try again in a minute.',
    });
    expect(bot.fake.isConnected()).toBe(false);
  });
});
