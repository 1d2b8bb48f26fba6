/**
 * npm start: the Discord bot. Order matters: settings, then the embedding model and the index (and a warm-up
 * question, so the first /ask is as fast as the rest), then the gateway; "ready" is logged only after all
 * of it. The host picks up generations that `npm run index` writes in another process.
 */
import 'dotenv/config';
import { type Bot, createBot } from '../bot/bot.ts';
import { createBotContext } from '../bot/context.ts';
import { installLifecycle } from '../bot/lifecycle.ts';
import { loadCommands } from '../bot/loader.ts';
import { createLogger } from '../bot/logger.ts';
import { explainDiscordError } from '../bot/network.ts';
import { loadBotConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { openEngineHost } from '../search/host.ts';
import { createWatchNotifier } from '../bot/watch-notifier.ts';
import { JsonWatchStore } from '../watch/store.ts';
import { runMain } from './args.ts';
import { chooseModel } from './model-choice.ts';

runMain(async () => {
  const settings = loadBotConfig();
  const logger = createLogger({ level: settings.logLevel, secrets: [settings.discordToken] });
  const commands = await loadCommands(logger);
  const config = { ...settings, ...(await chooseModel(settings, settings.dataDir, { purpose: 'open', log: (m) => logger.info(m) })) };

  const embedder = await createEmbedder(config, 'query');
  const host = await openEngineHost({
    dataDir: config.dataDir,
    embedder,
    indexEmbedder: () => createEmbedder(config, 'index'),
    feeds: config.feeds,
    feedPollMs: config.feedPollMinutes * 60_000,
    log: (message) => logger.info(message),
  });
  const closeEngine = async (): Promise<void> => {
    await host.close();
    await embedder.close();
  };
  let bot: Bot | undefined;
  try {
    await host.current().ask('warm up the model', { k: 1 });
    const stats = await host.current().stats();
    logger.info(
      `crisis-desk: index loaded: ${stats.articles} articles, ${stats.chunks} passages, ${stats.embedder}`,
    );

    const watches = JsonWatchStore.forDataDir(config.dataDir);
    const context = createBotContext({ host, logger, askCooldownSeconds: config.askCooldownSeconds, watches });
    bot = createBot({ token: config.discordToken, restApi: config.discordRestApi, commands, context });
    const notifier = createWatchNotifier({ client: bot.client, store: watches, engine: () => host.current(), logger });
    host.onIndexed((summary) => void notifier.notify(summary));
    installLifecycle({
      logger,
      stop: async () => {
        await bot?.stop();
        await closeEngine();
      },
    });
    await bot.start();
    logger.info('crisis-desk: ready');
  } catch (error) {
    // Without this the gateway or the index watcher would keep a half-started process alive.
    await bot?.client.destroy();
    await closeEngine();
    throw explainDiscordError(error, config.discordRestApi);
  }
});
