/**
 * End to end: the real discord.js Client logs in to a fake Discord on 127.0.0.1 and answers interactions
 * the fake dispatches over its gateway; the assertions read what the bot sent back over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKEN } from '../helpers/bot-harness.ts';
import { expectNoMentions, expectWithinDiscordLimits } from '../helpers/discord-limits.ts';
import {
  ENGINE_MODES,
  EPHEMERAL,
  engine,
  startE2e,
  type Body,
  type E2e,
  type Message,
} from '../helpers/e2e-fixture.ts';
import { buttonClick, chatInput } from '../helpers/interactions.ts';

describe.each(ENGINE_MODES)('the bot with the engine %s', (mode) => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e(mode);
  });
  afterAll(async () => {
    await e.h.stop();
  });

  describe('log-in against the fake Discord', () => {
    it('discovers the gateway over REST, identifies with the token and no privileged intents, and heartbeats', async () => {
      const gateway = e.h.fake.requests.find((r) => r.path === '/gateway/bot')!;
      expect(gateway.headers.authorization).toBe(`Bot ${TEST_TOKEN}`);
      expect(e.h.fake.connections[0]!.get('v')).toBe('10');
      expect(e.h.fake.connections[0]!.get('encoding')).toBe('json');
      const identify = e.h.fake.frames.find((f) => f.direction === 'received' && f.op === 2)!.d as {
        token: string;
        intents: number;
      };
      expect(identify).toMatchObject({ token: TEST_TOKEN, intents: 0 });
      await e.h.fake.requestHeartbeat();
      expect(e.h.fake.isConnected()).toBe(true);
    });
  });

  describe('/ask', () => {
    it('defers, then edits in cited passages within every limit, with buttons and no mentions', async () => {
      const i = chatInput(e.app(), 'ask', { question: 'What did officials warn about @here?' }, e.user());
      e.h.fake.sendInteraction(i);
      const deferred = (await e.h.callback(i)).body as Body;
      expect(deferred.type).toBe(5);
      expect(Number(deferred.data?.flags ?? 0) & EPHEMERAL).toBe(0);
      const body = (await e.h.edit(i)).body as Message;
      expectWithinDiscordLimits(body);
      expectNoMentions(body);
      expect(body.content).toContain('What did officials warn about @\u200bhere?');
      expect(body.embeds).toHaveLength(3);
      const first = body.embeds![0]!;
      expect(first.url).toBe('https://example.com/border');
      expect(first.description).toContain(
        '**Officials warned @\u200beveryone that \\<@123\\> would \\*\\*escalate\\*\\* \\[now\\](https://evil.example).**',
      );
      expect(first.fields).toContainEqual(
        expect.objectContaining({ name: 'Also reported by', value: '[Reuters](https://reuters.example/b)' }),
      );
      expect(first.fields).toContainEqual(
        expect.objectContaining({
          name: 'Corroboration',
          value: 'Reported by 4 outlets (ABC News, Reuters, AP, BBC News)',
        }),
      );
      expect(first.fields).toContainEqual(
        expect.objectContaining({
          name: 'Newer reporting',
          value: 'Newer: 2022-03-15, [The Guardian](https://guardian.example/n1)',
        }),
      );
      expect(first.fields).toContainEqual(
        expect.objectContaining({
          name: 'Outlet',
          value: 'ABC News · US commercial broadcaster · 2022-02-21',
        }),
      );
      // One outlet is no corroboration: the field is left out rather than saying "Reported by 1 outlet".
      expect(body.embeds![1]!.fields!.map((f) => f.name)).not.toContain('Corroboration');
      expect(body.components![0]!.components.map((c) => c.label)).toEqual(['More results', 'Sources']);
    });

    it('defers ephemerally when private, and passes k and the filters to the engine', async () => {
      const i = chatInput(
        e.app(),
        'ask',
        {
          question: 'Sanctions news',
          k: 2,
          source: 'Reuters',
          after: '2022-02-01',
          before: '2022-03-01',
          private: true,
        },
        e.user(),
      );
      e.h.fake.sendInteraction(i);
      expect((await e.h.callback(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      const body = (await e.h.edit(i)).body as Message;
      expect(body.content).toContain('filters: outlet Reuters, from 2022-02-01, until 2022-03-01');
      expect(body.embeds).toHaveLength(2);
      expect(engine.calls.at(-1)).toEqual({
        question: 'Sanctions news',
        options: { k: 2, source: 'Reuters', after: '2022-02-01', before: '2022-03-01', offset: 0 },
      });
    });

    it('says plainly when nothing answers an off-topic question and suggests /sources', async () => {
      const i = chatInput(e.app(), 'ask', { question: 'best chocolate cake recipe' }, e.user());
      e.h.fake.sendInteraction(i);
      const body = (await e.h.edit(i)).body as Message;
      expect(body.content).toContain('Nothing in the 12 indexed articles is about this.');
      expect(body.content).toContain('`/sources`');
      expect(body.embeds).toEqual([]);
      expectNoMentions(body);
    });

    it('rejects a malformed date at once, ephemerally, without searching', async () => {
      const calls = engine.calls.length;
      const i = chatInput(e.app(), 'ask', { question: 'anything', after: '2022-13-01' }, e.user());
      e.h.fake.sendInteraction(i);
      const { body } = (await e.h.callback(i)) as { body: Body };
      expect(body.type).toBe(4);
      expect(body.data).toMatchObject({ flags: EPHEMERAL, allowed_mentions: { parse: [] } });
      expect(body.data!.content).toBe('after: expected a date as YYYY-MM-DD, got "2022-13-01"');
      expect(engine.calls.length).toBe(calls);
    });
  });

  describe('buttons', () => {
    it('"More results" posts the next page; "Sources" lists its citations; an expired button says so', async () => {
      const i = chatInput(e.app(), 'ask', { question: 'What happened next?' }, e.user());
      e.h.fake.sendInteraction(i);
      const first = (await e.h.edit(i)).body as Message;
      const [more, sources] = first.components![0]!.components;

      const click = buttonClick(e.app(), more!.custom_id, e.h.fake.originalMessage(i.token));
      e.h.fake.sendInteraction(click);
      expect(((await e.h.callback(click)).body as Body).type).toBe(5);
      const page2 = (await e.h.edit(click)).body as Message;
      expect(page2.content).toContain('passages 4–5');
      expect(page2.embeds!.map((e) => e.title!.slice(0, 2))).toEqual(['4.', '5.']);
      expect(page2.components![0]!.components.map((c) => c.label)).toEqual(['Sources']);
      expectNoMentions(page2);

      const sourcesClick = buttonClick(e.app(), sources!.custom_id, e.h.fake.originalMessage(i.token));
      e.h.fake.sendInteraction(sourcesClick);
      const cited = (await e.h.callback(sourcesClick)).body as Body;
      expect(cited).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
      const fields = (cited.data as Message).embeds![0]!.fields!;
      expect(fields.map((f) => f.name)).toEqual([
        '1. Warnings # at the border',
        '2. Russia recognises breakaway regions',
        '3. Russia recognises breakaway regions',
      ]);
      expect(fields[1]!.value).toContain('File seeds/002\\_a2.txt, characters 200–');

      const expired = buttonClick(e.app(), 'ask:more:gone0:3', e.h.fake.originalMessage(i.token));
      e.h.fake.sendInteraction(expired);
      expect((await e.h.callback(expired)).body).toMatchObject({
        type: 4,
        data: { flags: EPHEMERAL, content: expect.stringContaining('This button has expired') },
      });
    });
  });

  describe('failures', () => {
    it('turns a search that throws into a short message in place of the "thinking…", logs the details and stays connected', async () => {
      const i = chatInput(e.app(), 'ask', { question: 'make it explode' }, e.user());
      e.h.fake.sendInteraction(i);
      // After a deferral Discord makes the first message the deferred reply, whatever flags it asks for: an edit
      // says so honestly, and nothing is deleted (deleting it used to delete the apology itself).
      const edited = (await e.h.edit(i)).body as Message & { allowed_mentions: unknown };
      expect(edited.content).toBe(
        `Sorry, something went wrong while answering. It has been logged (reference ${i.id}); please try again.`,
      );
      expectNoMentions(edited);
      expect(e.h.fake.requests.some((r) => r.method === 'DELETE' && r.path.includes(i.token))).toBe(false);
      expect(e.h.logger.lines.some((l) => l.includes(`interaction ${i.id} failed`))).toBe(true);
      // Through the service the details stay in the service's log; the bot's names the request.
      const detail = e.mode === 'in-process' ? e.h.logger.lines : e.h.serviceLines;
      expect(detail.some((l) => l.includes('the search failed on purpose'))).toBe(true);
      expect(e.h.logger.lines.join('\n')).not.toContain(TEST_TOKEN);

      expect(e.h.fake.isConnected()).toBe(true);
      await e.h.fake.requestHeartbeat();
      const again = chatInput(e.app(), 'ask', { question: 'Still there?' }, e.user());
      e.h.fake.sendInteraction(again);
      expect(((await e.h.edit(again)).body as Message).embeds).toHaveLength(3);
    });
  });
});
