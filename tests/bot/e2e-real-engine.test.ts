/**
 * One end-to-end path over the real engine: the lead's EngineHost indexes seeds/ with the deterministic
 * FakeEmbedder into a temporary DATA_DIR, and the bot answers through the fake Discord: with the engine in its
 * process, and through a search service on 127.0.0.1 that serves the same host.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { openEngineHost } from '../../src/host/engine-host.ts';
import type { RemoteEngine } from '../../src/service/remote.ts';
import { remoteEngineHost } from '../../src/service/remote.ts';
import { startHarness, type Harness } from '../helpers/bot-harness.ts';
import { expectNoMentions, expectWithinDiscordLimits } from '../helpers/discord-limits.ts';
import { autocomplete, chatInput } from '../helpers/interactions.ts';
import { ENGINE_MODES, type Served, serveSource } from '../helpers/engine-service.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const seeds = fileURLToPath(new URL('../../seeds', import.meta.url));
describe.each(ENGINE_MODES)('the bot over the real engine and seeds/, engine %s', (mode) => {
  let dataDir: string;
  let host: Awaited<ReturnType<typeof openEngineHost>>;
  let h: Harness;
  let served: Served | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'crisis-desk-bot-'));
    host = await openEngineHost({
      dataDir,
      embedder: new FakeEmbedder(),
      corpus: [seeds],
      pollMs: 0,
      search: FAKE_SEARCH_PARAMS,
    });
    if (mode === 'in-process') h = await startHarness(host);
    else {
      served = await serveSource(host);
      h = await startHarness(remoteEngineHost(served.client, served.url), { service: served.client });
    }
  });
  afterAll(async () => {
    await h?.stop();
    await served?.close();
    await host?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers a question from the seeds with cited passages', async () => {
    const i = chatInput(h.fake.applicationId, 'ask', {
      question: 'Why did Blinken cancel the meeting with Lavrov?',
    });
    h.fake.sendInteraction(i);
    const body = (await h.edit(i)).body as {
      content: string;
      embeds: { title: string; description: string; fields: { value: string }[] }[];
    };
    expectWithinDiscordLimits(body);
    expectNoMentions(body);
    expect(body.embeds.length).toBeGreaterThan(0);
    expect(body.embeds.map((e) => e.title).join('\n')).toMatch(/Blinken/);
    expect(body.embeds[0]!.description).toMatch(/\*\*.+\*\*/);
    expect(body.embeds[0]!.fields.map((f) => f.value).join('\n')).toMatch(/2022-0\d-\d\d/);
  });

  it('says none of the 5 articles answers an off-topic question', async () => {
    const i = chatInput(h.fake.applicationId, 'ask', { question: 'best chocolate cake recipe' });
    h.fake.sendInteraction(i);
    expect(((await h.edit(i)).body as { content: string }).content).toContain(
      'Nothing in the 5 indexed articles is about this.',
    );
  });

  it('answers a question in Russian with the names it holds and a note that the articles are in English', async () => {
    const i = chatInput(h.fake.applicationId, 'ask', {
      question: 'Почему Блинкен отменил встречу с Лавровым?',
    });
    h.fake.sendInteraction(i);
    const body = (await h.edit(i)).body as { content: string };
    expectWithinDiscordLimits(body);
    expect(body.content.split('\n').slice(0, 2)).toEqual([
      '**Q:** Почему Блинкен отменил встречу с Лавровым?',
      '-# The question is in Russian; the articles are in English, so only the names in it can match their words: Blinken, Lavrov.',
    ]);
  });

  it('autocompletes outlets from the index', async () => {
    const i = autocomplete(h.fake.applicationId, 'ask', 'source', 'abc');
    h.fake.sendInteraction(i);
    expect((await h.callback(i)).body).toEqual({
      type: 8,
      data: { choices: [{ name: 'ABC News (1 article)', value: 'ABC News' }] },
    });
  });

  it.runIf(mode === 'through the service')(
    'says re-indexing happens on the service host, and answers from its new generation',
    async () => {
      const i = chatInput(h.fake.applicationId, 'reindex');
      h.fake.sendInteraction(i);
      const said = await h.fake.waitForRequest(
        (r) =>
          r.method === 'PATCH' &&
          r.path.includes(i.token) &&
          String((r.body as { content?: string }).content).includes('service'),
        'the re-index answer',
      );
      expect((said.body as { content: string }).content).toContain(
        "re-indexing happens on the service's host",
      );
      const before = (h.context.engine() as RemoteEngine).generation;
      const summary = await host.reindex(() => {});
      expect(summary.generation).not.toBe(before);
      const again = chatInput(h.fake.applicationId, 'ask', {
        question: 'What did Blinken say about diplomacy?',
      });
      h.fake.sendInteraction(again);
      expect(((await h.edit(again)).body as { embeds: unknown[] }).embeds.length).toBeGreaterThan(0);
      expect((h.context.engine() as RemoteEngine).generation).toBe(summary.generation);
    },
  );

  it.runIf(mode === 'in-process')(
    're-indexes incrementally through /reindex and keeps answering',
    async () => {
      const i = chatInput(h.fake.applicationId, 'reindex');
      h.fake.sendInteraction(i);
      const done = await h.fake.waitForRequest(
        (r) =>
          r.method === 'PATCH' &&
          r.path.includes(i.token) &&
          String((r.body as { content?: string }).content).includes('Re-index finished'),
        'the re-index summary',
      );
      expect((done.body as { content: string }).content).toContain(
        '0 added, 0 changed, 0 removed, 5 unchanged',
      );
      const again = chatInput(h.fake.applicationId, 'ask', {
        question: 'What did Blinken say about diplomacy?',
      });
      h.fake.sendInteraction(again);
      expect(((await h.edit(again)).body as { embeds: unknown[] }).embeds.length).toBeGreaterThan(0);
    },
  );
});
