/**
 * Two bot processes (shards) that share one search service: a button made on one works on the other, a
 * cooldown started on one holds on the other, and a service that goes down is a clear message, not a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteEngineHost } from '../../src/service/remote.ts';
import { ServiceClient } from '../../src/service/client.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import { EPHEMERAL, engine, type Body, type Message } from '../helpers/e2e-fixture.ts';
import { serveEngine, type Served, TEST_SEARCH_TOKEN } from '../helpers/engine-service.ts';
import { fakeHost } from '../helpers/fake-engine.ts';
import { buttonClick, chatInput } from '../helpers/interactions.ts';

let served: Served;
let a: Harness;
let b: Harness;
const shard = async (): Promise<Harness> => {
  const client = new ServiceClient({ url: served.url, token: TEST_SEARCH_TOKEN });
  return startHarness(remoteEngineHost(client, served.url), { service: client, askCooldownSeconds: 60 });
};
beforeAll(async () => {
  served = await serveEngine(engine);
  a = await shard();
  b = await shard();
});
afterAll(async () => {
  await a.stop();
  await b.stop();
  await served.close();
});

describe('two shards, one search service', () => {
  it('a "More results" and a "Sources" click land on the other shard and still work', async () => {
    const i = chatInput(
      a.fake.applicationId,
      'ask',
      { question: 'What happened next?' },
      '500000000000000001',
    );
    a.fake.sendInteraction(i);
    const first = (await a.edit(i)).body as Message;
    const [more, sources] = first.components![0]!.components;
    const message = a.fake.originalMessage(i.token);

    const click = buttonClick(b.fake.applicationId, more!.custom_id, message, '500000000000000001');
    b.fake.sendInteraction(click);
    const page2 = (await b.edit(click)).body as Message;
    expect(page2.content).toContain('passages 4–5');

    const cite = buttonClick(b.fake.applicationId, sources!.custom_id, message, '500000000000000001');
    b.fake.sendInteraction(cite);
    const cited = (await b.callback(cite)).body as Body;
    expect((cited.data as Message).embeds![0]!.fields!.map((f) => f.name)[0]).toBe(
      '1. Warnings # at the border',
    );
  });

  it("a /timeline page click lands on the other shard, which builds that timeline again from the service's record", async () => {
    const i = chatInput(
      a.fake.applicationId,
      'timeline',
      { topic: 'Grain corridor', source: 'ABC News' },
      '500000000000000009',
    );
    a.fake.sendInteraction(i);
    const first = (await a.edit(i)).body as Message;
    const next = (first.components![0]!.components as { custom_id: string; label: string }[]).find(
      (c) => c.label === 'Next',
    )!;
    const calls = engine.timelineCalls.length;

    const click = buttonClick(
      b.fake.applicationId,
      next.custom_id,
      a.fake.originalMessage(i.token),
      '500000000000000009',
    );
    b.fake.sendInteraction(click);
    const page2 = (await b.callback(click)).body as Body;
    const embed = (page2.data as Message).embeds![0]! as { footer?: { text: string } };
    expect(embed.footer!.text).toContain('page 2 of 2');
    // Shard b never saw this timeline: it ran it again with the stored topic and filters.
    expect(engine.timelineCalls.slice(calls)).toEqual([
      { topic: 'Grain corridor', options: { source: 'ABC News' } },
    ]);
  });

  it('without the shared service the same click on another process has expired (why the state lives there)', async () => {
    const i = chatInput(
      a.fake.applicationId,
      'ask',
      { question: 'What happened then?' },
      '500000000000000002',
    );
    a.fake.sendInteraction(i);
    const [more] = ((await a.edit(i)).body as Message).components![0]!.components;
    const alone = await startHarness(fakeHost(engine));
    try {
      const click = buttonClick(alone.fake.applicationId, more!.custom_id, a.fake.originalMessage(i.token));
      alone.fake.sendInteraction(click);
      expect(((await alone.callback(click)).body as Body).data!.content).toContain('This button has expired');
    } finally {
      await alone.stop();
    }
  });

  it('a cooldown started on one shard holds on the other', async () => {
    const user = '500000000000000003';
    const first = chatInput(a.fake.applicationId, 'ask', { question: 'First question' }, user);
    a.fake.sendInteraction(first);
    await a.edit(first);
    const second = chatInput(b.fake.applicationId, 'ask', { question: 'Second question' }, user);
    b.fake.sendInteraction(second);
    const body = (await b.callback(second)).body as Body;
    expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(body.data!.content).toMatch(/^You're asking a little fast\./);
  });

  it('a service that is down gets a clear message and the shard stays connected', async () => {
    await served.close();
    const i = chatInput(a.fake.applicationId, 'ask', { question: 'Anyone there?' }, '500000000000000004');
    a.fake.sendInteraction(i);
    const said = (await a.callback(i)).body as Body;
    expect(said).toMatchObject({
      type: 4,
      data: {
        flags: EPHEMERAL,
        content: 'The search service is not answering right now; please try again in a minute.',
      },
    });
    expect(
      a.logger.lines.some(
        (l) => l.includes(`interaction ${i.id} failed`) && l.includes('could not be reached'),
      ),
    ).toBe(true);
    expect(a.fake.isConnected()).toBe(true);
  });
});
