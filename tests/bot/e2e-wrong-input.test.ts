/**
 * Every command fed a wrong value in each option it takes: the answer is one ephemeral line saying what was
 * expected and what arrived, in the CLI's words for the same input, never the apology for an internal failure
 * and never a reply that is then deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AskInputError } from '../../src/search/options.ts';
import { Community } from '../../src/state/community.ts';
import type { Engine } from '../../src/types.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import { EPHEMERAL, engine, type Body, type Message } from '../helpers/e2e-fixture.ts';
import { fakeHost } from '../helpers/fake-engine.ts';
import { chatInput, subcommand, type InteractionBase, type OptionValue } from '../helpers/interactions.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

/** The fixture engine, except that a question with "refused" is refused by the engine itself, after the defer. */
const refusing: Engine = {
  ...engine,
  async ask(question, options) {
    if (question.includes('refused')) throw new AskInputError('offset: expected an integer ≥ 0, got -1');
    return engine.ask(question, options);
  },
};

const OUTLETS = 'ABC News, Reuters, Al Jazeera';
const temp = new TempDirs();
let h: Harness;
let community: Community;
let nextUser = 1;
const user = () => `42000000000000${String(nextUser++).padStart(4, '0')}`;

beforeAll(async () => {
  community = Community.open({ dataDir: await temp.make() });
  h = await startHarness(fakeHost(refusing), { community });
});
afterAll(async () => {
  await h.stop();
  community.close();
  await temp.cleanup();
});

/** Sends the interaction and returns its first reply, which must be an ephemeral message (type 4). */
async function firstReply(i: InteractionBase & Record<string, unknown>): Promise<string> {
  h.fake.sendInteraction(i);
  const body = (await h.callback(i)).body as Body;
  expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
  const content = String(body.data!.content);
  expect(content).not.toContain('Sorry');
  expect(content).not.toContain('\n');
  return content;
}

const command = (name: string, options: Record<string, OptionValue>) =>
  chatInput(h.fake.applicationId, name, options, user());
/** Gives the member Manage Channels and Manage Server besides View Channel and Send Messages, as /watch needs. */
function asChannelManager(i: object): void {
  (i as { member: { permissions: string } }).member.permissions = (
    0x10n |
    0x20n |
    0x400n |
    0x800n
  ).toString();
}

const sub = (name: string, subName: string, options: Record<string, OptionValue> = {}) =>
  subcommand(h.fake.applicationId, name, subName, options, user());

describe('/ask with a wrong value in each option', () => {
  it.each([
    [{ question: '   ' }, 'question: expected some words, got an empty question'],
    [{ question: 'sanctions', k: 0 }, 'k: expected an integer from 1 to 50, got 0'],
    [{ question: 'sanctions', source: 'BBC' }, `source: expected an indexed outlet (${OUTLETS}), got "BBC"`],
    [
      { question: 'sanctions', after: '2022-13-01' },
      'after: expected a date as YYYY-MM-DD, got "2022-13-01"',
    ],
    [
      { question: 'sanctions', before: 'yesterday' },
      'before: expected a date as YYYY-MM-DD, got "yesterday"',
    ],
    [
      { question: 'sanctions', after: '2022-03-01', before: '2022-02-01' },
      'after (2022-03-01) is later than before (2022-02-01); expected after ≤ before',
    ],
  ])('%j → the CLI line, before any search', async (options, line) => {
    const calls = (engine as unknown as { calls: unknown[] }).calls.length;
    expect(await firstReply(command('ask', options))).toBe(line);
    expect((engine as unknown as { calls: unknown[] }).calls.length).toBe(calls);
  });

  it('an outlet typed in another case is accepted, not refused', async () => {
    const i = command('ask', { question: 'sanctions', source: 'reuters' });
    h.fake.sendInteraction(i);
    expect(((await h.callback(i)).body as Body).type).toBe(5);
    expect(((await h.edit(i)).body as Message).embeds!.length).toBeGreaterThan(0);
  });

  it('an input error the engine raises after the defer replaces the "thinking…" in place, and nothing is deleted', async () => {
    const i = command('ask', { question: 'a refused question', private: true });
    h.fake.sendInteraction(i);
    expect(((await h.callback(i)).body as Body).data).toMatchObject({ flags: EPHEMERAL });
    expect(((await h.edit(i)).body as Message).content).toBe('offset: expected an integer ≥ 0, got -1');
    await h.fake.requestHeartbeat();
    expect(h.fake.requests.some((r) => r.method === 'DELETE' && r.path.includes(i.token))).toBe(false);
    expect(h.fake.requests.some((r) => r.method === 'POST' && r.path.endsWith(i.token))).toBe(false);
  });
});

describe('/timeline with a wrong value in each option', () => {
  it.each([
    [{ topic: '   ' }, 'question: expected some words, got an empty question'],
    [{ topic: 'Mariupol', source: 'BBC' }, `source: expected an indexed outlet (${OUTLETS}), got "BBC"`],
    [{ topic: 'Mariupol', after: '24/02/2022' }, 'after: expected a date as YYYY-MM-DD, got "24/02/2022"'],
    [{ topic: 'Mariupol', before: '2022-02-30' }, 'before: expected a date as YYYY-MM-DD, got "2022-02-30"'],
  ])('%j → the CLI line', async (options, line) => {
    expect(await firstReply(command('timeline', options))).toBe(line);
  });
});

describe('/sources, /gaps, /settings and /watch with wrong values', () => {
  it('/sources query that matches nothing says so, ephemerally', async () => {
    const i = command('sources', { query: 'zzz-no-such-document' });
    h.fake.sendInteraction(i);
    const body = (await h.callback(i)).body as Body;
    expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(JSON.stringify(body.data)).not.toContain('Sorry');
  });

  it('/gaps since that is not a day', async () => {
    expect(await firstReply(command('gaps', { since: 'last week' }))).toBe(
      'The `since` option expects a day written YYYY-MM-DD, such as 2022-02-24; got “last week”.',
    );
  });

  it.each([
    ['set', {}, 'Name at least one of k, private or cooldown.'],
    ['set', { k: 99 }, 'settings k: expected 1–8, got 99'],
    ['set', { cooldown: 99_999 }, 'settings cooldown: expected 0–3600 seconds, got 99999'],
    [
      'channels',
      { allow: 'the news channel' },
      'Expected channel mentions such as #news (type # and pick the channel), or "all".',
    ],
    ['exclude', {}, 'Name an outlet, a kind, or both.'],
    ['include', {}, 'Name an outlet, a kind, or both.'],
  ])('/settings %s %j', async (name, options, line) => {
    expect(await firstReply(sub('settings', name, options))).toBe(line);
  });

  it.each([
    ['add', { query: '   ' }, 'question: expected some words, got an empty question'],
    [
      'add',
      { query: 'grain exports', source: 'BBC' },
      `source: expected an indexed outlet (${OUTLETS}), got "BBC"`,
    ],
  ])('/watch %s %j', async (name, options, line) => {
    const i = sub('watch', name, options);
    asChannelManager(i);
    expect(await firstReply(i)).toBe(line);
  });

  it('/watch remove of an id that is not there', async () => {
    const i = sub('watch', 'remove', { id: 'nope' });
    asChannelManager(i);
    const line = await firstReply(i);
    expect(line).toContain('nope');
  });
});
