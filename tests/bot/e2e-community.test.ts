/**
 * End to end, the community loop: 👍 / 👎 with the reasons select, "Share to channel", /settings applied to
 * /ask, and /gaps, through the real discord.js client against the fake Discord, with a real state database
 * in a temp folder. Restarts and a damaged database: e2e-community-restart.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Community } from '../../src/state/community.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import { expectNoMentions, expectWithinDiscordLimits } from '../helpers/discord-limits.ts';
import { EPHEMERAL, engine, type Body, type Message } from '../helpers/e2e-fixture.ts';
import { fakeHost } from '../helpers/fake-engine.ts';
import { buttonClick, CHANNEL_ID, chatInput, selectMenu, subcommand } from '../helpers/interactions.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

type Select = { custom_id: string; label?: string; options?: { label: string; value: string }[] };
type Rows = { components: Select[] }[];

const temp = new TempDirs();
let h: Harness;
let community: Community;
let nextUser = 1;
const user = () => `41000000000000${String(nextUser++).padStart(4, '0')}`;
const app = () => h.fake.applicationId;

beforeAll(async () => {
  community = Community.open({ dataDir: await temp.make() });
  h = await startHarness(fakeHost(engine), { community });
});
afterAll(async () => {
  await h.stop();
  community.close();
  await temp.cleanup();
});

/** Sends `/ask` and returns the edited answer. */
async function ask(question: string, asker: string, options: Record<string, string | number | boolean> = {}) {
  const i = chatInput(app(), 'ask', { question, ...options }, asker);
  h.fake.sendInteraction(i);
  return { i, body: (await h.edit(i)).body as Message & { components?: Rows } };
}

async function click(customId: string, token: string, asker: string): Promise<Body> {
  const c = buttonClick(app(), customId, h.fake.originalMessage(token), asker);
  h.fake.sendInteraction(c);
  const body = (await h.callback(c)).body as Body;
  return Object.assign(body, { token: c.token });
}

async function settings(sub: string, options: Record<string, string | number | boolean> = {}): Promise<Body> {
  const i = subcommand(app(), 'settings', sub, options, user());
  h.fake.sendInteraction(i);
  return (await h.callback(i)).body as Body;
}

describe('feedback on an answer', () => {
  it('every answer gets 👍 / 👎; a vote is one per member, changeable, and 👎 asks why with a select', async () => {
    const member = user();
    const { i, body } = await ask('Who warned about escalation?', member);
    expect(body.components!.map((r) => r.components.map((c) => c.label))).toEqual([
      ['More results', 'Sources'],
      ['Helpful', 'Not helpful'],
    ]);
    const [up, down] = body.components![1]!.components;
    expect(up!.custom_id).toMatch(/^ask:up:\d+$/);

    const voted = await click(up!.custom_id, i.token, member);
    expect(voted).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(voted.data!.content).toContain('your 👍 is recorded (this answer now has 1 👍 and 0 👎)');

    // The same member changes their mind: still one vote, now down, and a select of reasons.
    const downed = await click(down!.custom_id, i.token, member);
    expect(downed).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(downed.data!.content).toContain('this answer now has 0 👍 and 1 👎');
    const menu = (downed.data!.components as Rows)[0]!.components[0]!;
    expect(menu.options!.map((o) => o.label)).toEqual([
      'Wrong passage',
      'Not an answer',
      'Outdated',
      'Bad or biased source',
      'Other',
    ]);
    expectWithinDiscordLimits(downed.data);

    const token = (downed as Body & { token: string }).token;
    const choice = selectMenu(app(), menu.custom_id, ['outdated'], h.fake.originalMessage(token), member);
    h.fake.sendInteraction(choice);
    const chosen = (await h.callback(choice)).body as Body;
    expect(chosen.type).toBe(7);
    expect(chosen.data!.content).toContain('noted: **Outdated**');
    expect(chosen.data!.components).toEqual([]);

    const askId = Number(up!.custom_id.split(':')[2]);
    expect(community.stores.feedback.voteOf(askId, member)).toEqual({ vote: -1, reason: 'outdated' });
    const stored = community.stores.feedback.ask(askId)!;
    expect(stored).toMatchObject({
      question: 'Who warned about escalation?',
      confidence: 'answer',
      model: 'fake-hash-64',
    });
    expect(stored.passages.map((p) => p.chunkId)).toEqual(['a1#0', 'a2#0', 'a3#0']);

    // Another member's vote is their own.
    const other = await click(up!.custom_id, i.token, user());
    expect(other.data!.content).toContain('this answer now has 1 👍 and 1 👎');
  });

  it('a private answer gets "Share to channel", which posts the same passages publicly, naming who shared', async () => {
    const member = user();
    const { i, body } = await ask('What did officials warn about?', member, { private: true });
    const share = body.components![1]!.components.find((c) => c.label === 'Share to channel')!;
    expect(share.custom_id).toMatch(/^ask:share:\w+:0$/);
    const shared = await click(share.custom_id, i.token, member);
    expect(shared.type).toBe(4);
    expect(Number(shared.data!.flags ?? 0) & EPHEMERAL).toBe(0);
    const message = shared.data as Message;
    expect(message.content).toContain(`<@${member}> shared an answer from /ask`);
    expect(message.content).toContain('**Q:** What did officials warn about?');
    expect(message.embeds!.map((e) => e.title)).toEqual(body.embeds!.map((e) => e.title));
    expectNoMentions(shared.data);
    expectWithinDiscordLimits(shared.data);
  });

  it('a select menu that belongs to no command is answered, not dropped', async () => {
    const { i } = await ask('Who warned?', user());
    const stray = selectMenu(app(), 'nothing:why:1', ['other'], h.fake.originalMessage(i.token), user());
    h.fake.sendInteraction(stray);
    const body = (await h.callback(stray)).body as Body;
    expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(body.data!.content).toContain('This button does not belong to anything I can answer any more.');
  });

  it('a public answer has no share button', async () => {
    const { body } = await ask('What did officials say?', user());
    expect(body.components!.flatMap((r) => r.components.map((c) => c.label))).not.toContain(
      'Share to channel',
    );
  });
});

describe('/settings applied to /ask', () => {
  it('default k and private, excluded outlets and kinds, allowed channels and the cooldown', async () => {
    const saved = await settings('set', { k: 2, private: true });
    expect(saved).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    const fields = (saved.data as Message).embeds![0]!.fields!;
    expect(fields.find((f) => f.name === 'Passages per answer (k)')!.value).toBe('2');

    const privateAsk = chatInput(app(), 'ask', { question: 'Sanctions news' }, user());
    h.fake.sendInteraction(privateAsk);
    expect((await h.callback(privateAsk)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(((await h.edit(privateAsk)).body as Message).embeds).toHaveLength(2);
    // A member's own choice still wins over the server's default.
    await ask('Sanctions news', user(), { k: 4, private: false });
    expect(engine.calls.at(-1)!.options.k).toBe(4);

    await settings('exclude', { outlet: 'Reuters' });
    const excluded = await settings('exclude', { kind: 'commercial broadcaster' });
    const shown = (excluded.data as Message).embeds![0]!.fields!;
    expect(shown.find((f) => f.name === 'Outlets left out of answers')!.value).toBe('Reuters');
    expect(shown.find((f) => f.name === 'Kinds of outlet left out')!.value).toBe('commercial broadcaster');
    await ask('Grain deal', user());
    expect(engine.calls.at(-1)!.options).toMatchObject({ k: 2, excludeSources: ['Reuters', 'ABC News'] });
    // /timeline leaves the same outlets out, and is private by the server's default.
    const timeline = chatInput(app(), 'timeline', { topic: 'Grain deal' }, user());
    h.fake.sendInteraction(timeline);
    expect((await h.callback(timeline)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await h.edit(timeline);
    expect(engine.timelineCalls.at(-1)!.options).toMatchObject({ excludeSources: ['Reuters', 'ABC News'] });
    await settings('include', { outlet: 'reuters', kind: 'commercial broadcaster' });
    await ask('Grain deal', user());
    expect(engine.calls.at(-1)!.options.excludeSources).toBeUndefined();

    await settings('channels', { allow: '<#300000000000000099> <#300000000000000098>' });
    const elsewhere = chatInput(app(), 'ask', { question: 'Anything' }, user());
    h.fake.sendInteraction(elsewhere);
    const refused = (await h.callback(elsewhere)).body as Body;
    expect(refused).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(refused.data!.content).toBe(
      'In this server `/ask` works in <#300000000000000099>, <#300000000000000098>.',
    );
    await settings('channels', { allow: `<#${CHANNEL_ID}>` });
    await ask('Anything', user());

    await settings('set', { cooldown: 60 });
    const member = user();
    await ask('First', member);
    const second = chatInput(app(), 'ask', { question: 'Second' }, member);
    h.fake.sendInteraction(second);
    expect(((await h.callback(second)).body as Body).data!.content).toContain("You're asking a little fast");

    const reset = await settings('reset');
    expect((reset.data as Message).embeds![0]!.description).toBe('Back to the defaults.');
    const show = await settings('show');
    expect((show.data as Message).embeds![0]!.fields!.find((f) => f.name === '/ask allowed in')!.value).toBe(
      'every channel',
    );
  });

  it('bad input to /settings is refused with what was expected, and nothing changes', async () => {
    const bad = await settings('channels', { allow: 'the news channel' });
    expect(bad.data!.content).toBe(
      'Expected channel mentions such as #news (type # and pick the channel), or "all".',
    );
    expect(community.settings('200000000000000001').channels).toEqual([]);
  });
});

describe('/gaps', () => {
  it('lists declined and voted-down questions, grouped by wording, with counts', async () => {
    await ask('chocolate cake recipe', user());
    await ask('Chocolate cake recipes?', user());
    await ask('best cake shop', user());
    const i = chatInput(app(), 'gaps', {}, user());
    h.fake.sendInteraction(i);
    expect((await h.callback(i)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const embed = ((await h.edit(i)).body as Message).embeds![0]!;
    expect(embed.description).toMatch(
      /^• \*\*chocolate cake recipe\*\* \(\+1 wording\) — 2×, 2 declined · \d{4}-\d{2}-\d{2}$/m,
    );
    expect(embed.description).toMatch(/^• \*\*best cake shop\*\* — 1×, 1 declined/m);
    // The answer voted down in the first test is a gap too.
    expect(embed.description).toContain('**Who warned about escalation?** — 1×, 1 👎');
  });
});
