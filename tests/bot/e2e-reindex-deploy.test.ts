/** /reindex over the fake gateway, and deploy-commands against the fake REST API. */
import { describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/bot/deploy.ts';
import { loadCommands } from '../../src/bot/loader.ts';
import { createMemoryLogger } from '../../src/log.ts';
import { startHarness, TEST_TOKEN } from '../helpers/bot-harness.ts';
import { FakeDiscord } from '../helpers/fake-discord.ts';
import { fakeEngine, fakeHost } from '../helpers/fake-engine.ts';
import { chatInput, GUILD_ID } from '../helpers/interactions.ts';

describe('/reindex', () => {
  it('runs in the background with progress edits, refuses a second run, and reports the summary', async () => {
    const host = fakeHost(fakeEngine());
    const h = await startHarness(host);
    try {
      const i = chatInput(h.fake.applicationId, 'reindex');
      h.fake.sendInteraction(i);
      expect((await h.callback(i)).body).toEqual({ type: 5, data: { flags: 64 } });
      expect((await h.edit(i, 0)).body).toMatchObject({
        content: expect.stringContaining('Starting…'),
        allowed_mentions: { parse: [] },
      });
      expect((await h.edit(i, 1)).body).toMatchObject({
        content: expect.stringContaining('Step 1/6: reading'),
      });

      const second = chatInput(h.fake.applicationId, 'reindex');
      h.fake.sendInteraction(second);
      expect((await h.callback(second)).body).toMatchObject({
        type: 4,
        data: { flags: 64, content: expect.stringMatching(/^A re-index is already running\./) },
      });

      host.finish({ added: 2, generation: 'g9' });
      const done = await h.edit(i, 2);
      expect((done.body as { content: string }).content).toContain('the new index is live (generation g9)');
      expect(h.context.isReindexing()).toBe(false);
    } finally {
      await h.stop();
    }
  });
});

describe('deployCommands', () => {
  it('registers for the guild when an id is set, else globally, through DISCORD_REST_API', async () => {
    const fake = await FakeDiscord.start({ token: TEST_TOKEN });
    try {
      const commands = await loadCommands(createMemoryLogger());
      const common = { token: TEST_TOKEN, clientId: fake.applicationId, restApi: fake.restApi, commands };
      expect(await deployCommands({ ...common, guildId: GUILD_ID })).toEqual({
        scope: 'guild',
        names: ['ask', 'gaps', 'reindex', 'settings', 'sources', 'timeline', 'watch'],
      });
      expect(await deployCommands({ ...common, guildId: null })).toEqual({
        scope: 'global',
        names: ['ask', 'gaps', 'reindex', 'settings', 'sources', 'timeline', 'watch'],
      });
      const puts = fake.requests.filter((r) => r.method === 'PUT');
      expect(puts.map((r) => r.path)).toEqual([
        `/applications/${fake.applicationId}/guilds/${GUILD_ID}/commands`,
        `/applications/${fake.applicationId}/commands`,
      ]);
      expect(puts[0]!.headers.authorization).toBe(`Bot ${TEST_TOKEN}`);
      expect((puts[0]!.body as { name: string }[]).map((c) => c.name)).toEqual([
        'ask',
        'gaps',
        'reindex',
        'settings',
        'sources',
        'timeline',
        'watch',
      ]);
    } finally {
      await fake.close();
    }
  });

  it('fails with Discord’s error when the token is refused, without echoing the token', async () => {
    const fake = await FakeDiscord.start({ token: TEST_TOKEN });
    try {
      const wrong = 'MTAw.wrong.token';
      const attempt = deployCommands({
        token: wrong,
        clientId: fake.applicationId,
        guildId: null,
        restApi: fake.restApi,
        commands: await loadCommands(createMemoryLogger()),
      });
      await expect(attempt).rejects.toThrow(/401|Unauthorized/);
      await attempt.catch((error: Error) => expect(String(error.stack)).not.toContain(wrong));
    } finally {
      await fake.close();
    }
  });
});
