/**
 * End to end (continued): the real discord.js Client logs in to a fake Discord on 127.0.0.1 and answers interactions
 * the fake dispatches over its gateway; the assertions read what the bot sent back over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/types.ts';
import {
  ENGINE_MODES,
  EPHEMERAL,
  startBot,
  startE2e,
  type Body,
  type E2e,
  type Message,
} from '../helpers/e2e-fixture.ts';
import { fakeEngine } from '../helpers/fake-engine.ts';
import { autocomplete, buttonClick, chatInput } from '../helpers/interactions.ts';

describe.each(ENGINE_MODES)('the bot with the engine %s', (mode) => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e(mode);
  });
  afterAll(async () => {
    await e.h.stop();
  });

  describe('/sources', () => {
    it('gives the citations of your latest /ask in this channel', async () => {
      const asker = e.user();
      const ask = chatInput(e.app(), 'ask', { question: 'Who warned?' }, asker);
      e.h.fake.sendInteraction(ask);
      await e.h.edit(ask);
      const i = chatInput(e.app(), 'sources', {}, asker);
      e.h.fake.sendInteraction(i);
      const body = (await e.h.callback(i)).body as Body;
      expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
      const embed = (body.data as Message).embeds![0]!;
      expect(embed.title).toBe('Sources');
      expect(embed.description).toBe('For: Who warned?');
      expect(embed.fields![0]!.value).toContain('[https://example.com/border](https://example.com/border)');

      // Its "Knowledge base overview" button answers with a new ephemeral message, keeping the citations.
      const overview = buttonClick(e.app(), 'sources:page:0', e.h.fake.originalMessage(i.token), asker);
      e.h.fake.sendInteraction(overview);
      expect((await e.h.callback(overview)).body).toMatchObject({
        type: 4,
        data: { flags: EPHEMERAL, embeds: [expect.objectContaining({ title: 'Knowledge base' })] },
      });
    });

    it('after an unanswered /ask, gives the overview rather than an older answer', async () => {
      const asker = e.user();
      for (const question of ['Who warned?', 'chocolate cake']) {
        const ask = chatInput(e.app(), 'ask', { question }, asker);
        e.h.fake.sendInteraction(ask);
        await e.h.edit(ask);
      }
      const i = chatInput(e.app(), 'sources', {}, asker);
      e.h.fake.sendInteraction(i);
      expect(((await e.h.callback(i)).body as Body).data).toMatchObject({
        embeds: [expect.objectContaining({ title: 'Knowledge base' })],
      });
    });

    it('without an earlier ask, gives the knowledge-base overview with paging', async () => {
      const i = chatInput(e.app(), 'sources', {}, e.user());
      e.h.fake.sendInteraction(i);
      const data = ((await e.h.callback(i)).body as Body).data as Message;
      expect(data.embeds![0]!.title).toBe('Knowledge base');
      expect(data.embeds![0]!.fields![0]!.value).toBe(
        'ABC News (US commercial broadcaster): 7\nReuters (international wire service): 4\nAl Jazeera (unreviewed): 1',
      );
      const next = data.components![0]!.components[1]!;
      const click = buttonClick(e.app(), next.custom_id, e.h.fake.originalMessage(i.token));
      e.h.fake.sendInteraction(click);
      const turned = (await e.h.callback(click)).body as Body;
      expect(turned.type).toBe(7);
      expect((turned.data as Message).embeds![0]).toMatchObject({
        footer: { text: expect.stringMatching(/^Page 2 of 3/) },
      });
    });

    it('with a query, lists the matching documents', async () => {
      const i = chatInput(e.app(), 'sources', { query: 'Article 2' }, e.user());
      e.h.fake.sendInteraction(i);
      const data = ((await e.h.callback(i)).body as Body).data as Message;
      expect(data.embeds![0]!.title).toBe('Documents matching “Article 2”');
      expect(data.embeds![0]!.description!.match(/^• /gm)).toHaveLength(5); // Article 2, 20–23
    });
  });

  describe('autocomplete and unknown commands', () => {
    it('answers autocomplete for source from memory', async () => {
      const i = autocomplete(e.app(), 'ask', 'source', 're', { question: 'x' });
      e.h.fake.sendInteraction(i);
      expect((await e.h.callback(i)).body).toEqual({
        type: 8,
        data: { choices: [{ name: 'Reuters (4 articles)', value: 'Reuters' }] },
      });
    });

    it('tells the user about an unknown command, ephemerally', async () => {
      const i = chatInput(e.app(), 'weather', {}, e.user());
      e.h.fake.sendInteraction(i);
      const body = (await e.h.callback(i)).body as Body;
      expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
      expect(body.data!.content).toContain(
        "I don't know the command `/weather`. This bot answers `/ask`, `/gaps`, `/reindex`, `/settings`, `/sources`, `/timeline`, `/watch`.",
      );
    });
  });

  describe('cooldown', () => {
    it('refuses a second /ask from the same user with a polite retry time', async () => {
      const slow = await startBot(mode, fakeEngine(), { askCooldownSeconds: 60 });
      try {
        const asker = e.user();
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
      const bot = await startBot(mode, hanging, { shutdownGraceMs: 50 });
      const i = chatInput(bot.fake.applicationId, 'ask', { question: 'Will this finish?' }, e.user());
      bot.fake.sendInteraction(i);
      await bot.callback(i);
      await bot.stop();
      // The "thinking…" is edited into the notice: a follow-up would become it anyway (Discord's rule after a defer).
      const edit = bot.fake.requests.find(
        (r) => r.method === 'PATCH' && r.path.endsWith(`${i.token}/messages/%40original`),
      )!;
      expect(edit.body).toMatchObject({ content: 'The bot is restarting; please try again in a minute.' });
      expect(bot.fake.isConnected()).toBe(false);
    });
  });
});
