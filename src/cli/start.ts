/**
 * npm start: the Discord bot. Order matters: settings, then the engine (in-process: the model, the index and
 * a warm-up question; with SEARCH_URL: the search service's client), then the gateway; "ready" is logged only
 * after all of it. With SHARDS set this process is the sharding manager instead (src/bot/sharding.ts), and
 * it starts a search service for its shards unless SEARCH_URL names one.
 */
import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Bot, createBot } from '../bot/bot.ts';
import { createBotContext } from '../bot/context.ts';
import type { EngineHostLike } from '../host/contract.ts';
import { installLifecycle } from '../host/lifecycle.ts';
import { loadCommands } from '../bot/loader.ts';
import { createLogger, type Logger } from '../log.ts';
import { explainDiscordError } from '../bot/network.ts';
import { createShards, type Shards } from '../bot/sharding.ts';
import { type BotConfig, loadBotConfig, loadServiceConfig } from '../config.ts';
import { createBackgroundEmbedder, createEmbedder } from '../embed/factory.ts';
import { openReader } from '../read/factory.ts';
import { databaseIndex, databaseOf } from '../index/pg/open.ts';
import { type EngineHost, openEngineHost } from '../host/engine-host.ts';
import { remoteEngineHost } from '../service/remote.ts';
import { ServiceClient } from '../service/client.ts';
import { startSearchService } from '../service/start.ts';
import { createWatchNotifier } from '../bot/watch-notifier.ts';
import { Community } from '../state/community.ts';
import { openWatchStore } from '../state/watch-open.ts';
import { defineCommand } from './args.ts';
import { runCommand } from './run.ts';
import { chooseModel } from '../host/model-choice.ts';
import { startMetricsServer } from '../metrics/server.ts';
import { measuredHost } from '../bot/measured.ts';

export const command = defineCommand({
  usage: ['npm start'],
  summary: [
    'Starts the Discord bot. Settings come from the environment and .env (see .env.example).',
    'SEARCH_URL searches through `npm run serve` instead of in-process; SHARDS=auto|N starts a sharding manager.',
  ].join('\n'),
  options: {},
});

runCommand(
  command,
  async () => {
    const settings = loadBotConfig();
    const secrets = [settings.discordToken, settings.search?.token ?? ''];
    // LOG_FORMAT=json: one JSON object a line, as the search service writes, for the same log shipper.
    const logger = createLogger({ format: settings.logFormat, level: settings.logLevel, secrets });
    if (settings.metricsPort !== null) {
      const served = await startMetricsServer(settings.metricsPort, settings.metricsHost);
      logger.info('crisis-desk: metrics', { url: served.url });
    }
    if (settings.shards !== null && !settings.isShard) return runManager(settings, settings.shards, logger);

    // A shard whose manager is gone (killed, crashed) stops as on SIGTERM instead of running on without a parent.
    if (settings.isShard) process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    const commands = await loadCommands(logger);
    const { host, service, onIndexed, close } = settings.search
      ? await remoteHost(settings, logger)
      : await localHost(settings, logger);
    let bot: Bot | undefined;
    // The community loop's database (shards share it: SQLite in WAL mode); a damaged or locked one is logged and
    // the bot answers without it.
    const community = Community.open({
      dataDir: settings.dataDir,
      onProblem: (message) => logger.error(message),
    });
    try {
      const watches = await openWatchStore(community, settings.dataDir, (message) => logger.info(message));
      const context = createBotContext({
        // Each question's decision and latency counted for /metrics.
        host: measuredHost(host),
        logger,
        askCooldownSeconds: settings.askCooldownSeconds,
        watches,
        community,
        ...(service ? { service } : {}),
      });
      bot = createBot({ token: settings.discordToken, restApi: settings.discordRestApi, commands, context });
      const notifier = createWatchNotifier({
        client: bot.client,
        store: watches,
        engine: () => host.current(),
        logger,
      });
      onIndexed?.((summary) => void notifier.notify(summary));
      installLifecycle({
        logger,
        stop: async () => {
          await bot?.stop();
          community.close();
          await close();
        },
      });
      await bot.start();
      logger.info('crisis-desk: ready');
    } catch (error) {
      // Without this the gateway or the index watcher would keep a half-started process alive.
      await bot?.client.destroy();
      community.close();
      await close();
      throw explainDiscordError(error, settings.discordRestApi);
    }
  },
  { service: true },
);

type Host = {
  host: EngineHostLike;
  service?: ServiceClient;
  /** Re-index summaries for /watch notifications; only where this process indexes (not through the service). */
  onIndexed?: EngineHost['onIndexed'];
  close(): Promise<void>;
};

async function localHost(settings: BotConfig, logger: Logger): Promise<Host> {
  // STORE=postgres: the index is read from DATABASE_URL, which `npm run index` (or other replicas) update.
  const database = databaseOf(settings);
  const index = database ? { index: databaseIndex(database) } : {};
  const config = {
    ...settings,
    ...(await chooseModel(settings, settings.dataDir, {
      purpose: 'open',
      log: (m) => logger.info(m),
      ...index,
    })),
  };
  const embedder = await createEmbedder(config, 'query');
  const { reader, reason } = await openReader(config);
  logger.info(reader ? `crisis-desk: reader ${reader.id}` : `crisis-desk: no reader (${reason})`);
  // An open pool would keep a process that failed to start alive.
  const host = await openEngineHost({
    dataDir: config.dataDir,
    ...(database ? { database } : {}),
    embedder,
    ...(reader ? { search: { reader } } : {}),
    // Re-indexing embeds on a worker thread, so interactions are acknowledged while it runs.
    indexEmbedder: () => createBackgroundEmbedder(config, embedder),
    feeds: config.feeds,
    ...(config.corpus ? { corpus: config.corpus } : {}),
    feedPollMs: config.feedPollMinutes * 60_000,
    feedHttp: { allow: config.feedAllowHosts },
    log: (message) => logger.info(message),
  }).catch(async (error: unknown) => {
    await embedder.close();
    await reader?.close();
    await database?.close();
    throw error;
  });
  const close = async (): Promise<void> => {
    await host.close();
    await embedder.close();
    await reader?.close();
    await database?.close();
  };
  try {
    await host.current().ask('warm up the model', { k: 1 });
    const stats = await host.current().stats();
    logger.info(
      `crisis-desk: index loaded: ${stats.articles} articles, ${stats.chunks} passages, ${stats.embedder}`,
    );
    return { host, onIndexed: (listener) => host.onIndexed(listener), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function remoteHost(settings: BotConfig, logger: Logger): Promise<Host> {
  const search = settings.search!;
  const client = new ServiceClient(search);
  // A service that is still starting is not fatal: commands say it is unavailable until it answers.
  const notReady = await client.readiness();
  if (notReady === null) logger.info(`crisis-desk: searching through ${search.url}`);
  else logger.warn(`crisis-desk: the search service at ${search.url} is not ready yet: ${notReady}`);
  return { host: remoteEngineHost(client, search.url), service: client, close: async () => {} };
}

/**
 * The sharding manager: one search service (its own, unless SEARCH_URL names one), N shard processes
 * (SHARD_IDS: this machine's part of them). The signal handler comes first, so a SIGTERM while the service or
 * the shards are still starting stops what has started (shards first, then the service their in-flight
 * questions use) instead of killing the manager and leaving the shards without a parent.
 */
async function runManager(settings: BotConfig, shards: 'auto' | number, logger: Logger): Promise<void> {
  let stopped = false;
  const started: { fleet?: Shards } = {};
  let closeService = async (): Promise<void> => {};
  installLifecycle({
    logger,
    stop: async () => {
      stopped = true;
      await started.fleet?.stop();
      await closeService();
    },
  });
  let env: Record<string, string> = {};
  if (settings.search === null) {
    // Loopback only, with a token made for this run: nothing outside this machine can reach it.
    const token = randomBytes(24).toString('hex');
    const serviceLogger = createLogger({ format: 'json', level: settings.logLevel, secrets: [token] });
    // SERVE_WORKERS and the limits as for npm run serve; no rate limit between a manager and its own shards.
    const config = { ...loadServiceConfig(), host: '127.0.0.1', port: 0, token, rateLimit: 0 };
    const { service, url } = await startSearchService(
      config,
      { dataDir: settings.dataDir, config: settings },
      serviceLogger,
    );
    env = { SEARCH_URL: url, SEARCH_TOKEN: token };
    closeService = () => service.close();
    if (stopped) return void (await closeService());
  }
  if (stopped) return;
  const file = fileURLToPath(import.meta.url);
  started.fleet = createShards({
    file,
    token: settings.discordToken,
    totalShards: shards,
    shardIds: settings.shardIds,
    env,
    logger,
  });
  await started.fleet.spawn();
  if (!stopped)
    logger.info('crisis-desk: all shards launched', settings.shardIds ? { shards: settings.shardIds } : {});
}
