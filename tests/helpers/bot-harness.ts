/**
 * Starts the real bot (discord.js Client, loader, dispatcher, commands) against a FakeDiscord and gives
 * tests short ways to find what the bot sent back for one interaction.
 */
import { createBot, type Bot } from '../../src/bot/bot.ts';
import { createBotContext, type BotContext } from '../../src/bot/context.ts';
import type { EngineHostLike } from '../../src/host/contract.ts';
import { loadCommands } from '../../src/bot/loader.ts';
import { createMemoryLogger } from '../../src/log.ts';
import type { Community } from '../../src/state/community.ts';
import type { ServiceClient } from '../../src/service/client.ts';
import type { WatchStore } from '../../src/state/watch-store.ts';
import { FakeDiscord, type RecordedRequest } from './fake-discord.ts';
import type { InteractionBase } from './interactions.ts';

/** Shaped like a real token (three dot-separated parts) but worthless. */
export const TEST_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAy.fake.not-a-real-token';

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  context: BotContext;
  logger: ReturnType<typeof createMemoryLogger>;
  /** The interaction callback (initial response) Discord received for `interaction`. */
  callback(interaction: InteractionBase): Promise<RecordedRequest>;
  /** The nth edit of the original response (0 = first). */
  edit(interaction: InteractionBase, nth?: number): Promise<RecordedRequest>;
  /** The first follow-up message. */
  followUp(interaction: InteractionBase): Promise<RecordedRequest>;
  stop(): Promise<void>;
}

export async function startHarness(
  host: EngineHostLike,
  options: {
    askCooldownSeconds?: number;
    shutdownGraceMs?: number;
    community?: Community;
    service?: ServiceClient;
    watches?: WatchStore;
  } = {},
): Promise<Harness> {
  const fake = await FakeDiscord.start({ token: TEST_TOKEN });
  const logger = createMemoryLogger();
  const context = createBotContext({
    host,
    logger,
    askCooldownSeconds: options.askCooldownSeconds ?? 0,
    ...(options.community === undefined ? {} : { community: options.community }),
    ...(options.service ? { service: options.service } : {}),
    ...(options.watches ? { watches: options.watches } : {}),
  });
  const bot = createBot({
    token: TEST_TOKEN,
    restApi: fake.restApi,
    commands: await loadCommands(logger),
    context,
    ...(options.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: options.shutdownGraceMs }),
  });
  await bot.start();
  const webhook = (i: InteractionBase) => `/webhooks/${fake.applicationId}/${i.token}`;
  return {
    fake,
    bot,
    context,
    logger,
    callback: (i) =>
      fake.waitForRequest(
        (r) => r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback`,
        `the callback for ${i.id}`,
      ),
    edit: async (i, nth = 0) => {
      const isEdit = (r: RecordedRequest) =>
        r.method === 'PATCH' && r.path === `${webhook(i)}/messages/%40original`;
      await fake.waitForRequest(() => fake.requests.filter(isEdit).length > nth, `edit #${nth} of ${i.id}`);
      return fake.requests.filter(isEdit)[nth]!;
    },
    followUp: (i) =>
      fake.waitForRequest((r) => r.method === 'POST' && r.path === webhook(i), `a follow-up to ${i.id}`),
    async stop() {
      await bot.stop();
      await fake.close();
    },
  };
}
