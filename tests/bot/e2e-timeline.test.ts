/** End to end: /timeline over the fake Discord, answered by the fake engine's fixed events, in-process and through the search service. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.each(ENGINE_MODES)('/timeline with the engine %s', (mode) => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e(mode);
  });
  afterAll(async () => {
    await e.h.stop();
  });

  it('defers, then lists events in date order with outlets, quoted key sentences and links, paged', async () => {
    const i = chatInput(
      e.app(),
      'timeline',
      { topic: 'Zaporizhzhia plant', source: 'ABC News', after: '2022-03-01' },
      e.user(),
    );
    e.h.fake.sendInteraction(i);
    expect(((await e.h.callback(i)).body as Body).type).toBe(5);
    const body = (await e.h.edit(i)).body as Message;
    expectWithinDiscordLimits(body);
    expectNoMentions(body);
    expect(engine.timelineCalls.at(-1)).toEqual({
      topic: 'Zaporizhzhia plant',
      options: { source: 'ABC News', after: '2022-03-01' },
    });
    expect(body.content).toBe('**Timeline:** Zaporizhzhia plant');
    const embed = body.embeds![0]! as Message['embeds'] extends (infer E)[] | undefined
      ? E & { footer?: { text: string } }
      : never;
    const lines = embed.description!.split('\n\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      '**2022-03-01** · ABC News — “What happened on 2022-03-01.” [Read](https://example.com/e/2022-03-01)',
    );
    expect(lines[1]).toBe(
      '**2022-03-02** · ABC News, +2 (Reuters, AP) — “Officials told @\u200beveryone to \\*\\*run\\*\\* \\<@123\\>.” [Read](https://example.com/e/2022-03-02)',
    );
    expect(embed.footer!.text).toBe(
      '11 events, 2022-03-01 to 2022-03-11 · page 1 of 2 · outlet ABC News, from 2022-03-01',
    );
    const [previous, next] = body.components![0]!.components as ({ disabled?: boolean } & {
      custom_id: string;
      label: string;
    })[];
    expect([previous!.label, previous!.disabled, next!.label, next!.disabled]).toEqual([
      'Previous',
      true,
      'Next',
      false,
    ]);

    const click = buttonClick(e.app(), next!.custom_id, e.h.fake.originalMessage(i.token));
    e.h.fake.sendInteraction(click);
    const turned = (await e.h.callback(click)).body as Body;
    expect(turned.type).toBe(7);
    const page2 = turned.data as Message;
    expectWithinDiscordLimits(page2);
    expect(page2.embeds![0]!.description!.split('\n\n').map((l) => l.slice(2, 12))).toEqual([
      '2022-03-09',
      '2022-03-10',
      '2022-03-11',
    ]);
  });

  it('says "nothing found" for a topic the corpus does not cover', async () => {
    const i = chatInput(e.app(), 'timeline', { topic: 'chocolate cake' }, e.user());
    e.h.fake.sendInteraction(i);
    const body = (await e.h.edit(i)).body as Message;
    expect(body.content).toContain('Nothing found: nothing in the 12 indexed articles is about this.');
    expect(body.embeds).toEqual([]);
  });

  it('rejects a malformed day at once and ephemerally; an expired page button says so', async () => {
    const calls = engine.timelineCalls.length;
    const i = chatInput(e.app(), 'timeline', { topic: 'anything', before: '24/02/2022' }, e.user());
    e.h.fake.sendInteraction(i);
    const { body } = (await e.h.callback(i)) as { body: Body };
    expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(body.data!.content).toBe('before: expected a date as YYYY-MM-DD, got "24/02/2022"');
    expect(engine.timelineCalls.length).toBe(calls);

    const expired = buttonClick(e.app(), 'timeline:page:gone:1', e.h.fake.originalMessage(i.token));
    e.h.fake.sendInteraction(expired);
    expect((await e.h.callback(expired)).body).toMatchObject({
      type: 4,
      data: { flags: EPHEMERAL, content: expect.stringContaining('This button has expired') },
    });
  });
});
