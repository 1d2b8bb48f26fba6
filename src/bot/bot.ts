/**
 * The discord.js client with the dispatcher attached. No privileged intents (and no intents at all): slash
 * commands, autocomplete and buttons arrive as interactions whatever the intents. `start` resolves once the
 * gateway says READY, so a caller that loaded the engine first can log "ready" truthfully.
 */
import { Client, Events } from 'discord.js';
import type { Command } from './command.ts';
import type { BotContext } from './context.ts';
import { createDispatcher, type Dispatcher } from './dispatcher.ts';

export interface BotOptions {
  token: string;
  /** Base URL of Discord's REST API (DISCORD_REST_API); null or absent for discord.js's default. */
  restApi?: string | null;
  commands: ReadonlyMap<string, Command>;
  context: BotContext;
  /** How long shutdown waits for in-flight replies before failing them. Default 10 s. */
  shutdownGraceMs?: number;
}

export interface Bot {
  readonly client: Client;
  readonly dispatcher: Dispatcher;
  /** Logs in and resolves when the client is ready. */
  start(): Promise<void>;
  /** Finishes or fails in-flight replies, then closes the gateway. Safe to call twice. */
  stop(): Promise<void>;
}

export function createBot(options: BotOptions): Bot {
  const { context } = options;
  const { logger } = context;
  const client = new Client({
    intents: [],
    ...(options.restApi ? { rest: { api: options.restApi } } : {}),
  });
  const dispatcher = createDispatcher(options.commands, context);
  let stopping: Promise<void> | null = null;

  client.on(Events.InteractionCreate, (interaction) => void dispatcher.handle(interaction));
  client.on(Events.Error, (error) => logger.error('crisis-desk: discord client error', { error }));
  client.on(Events.Warn, (message) => logger.warn(`crisis-desk: discord client warning: ${message}`));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn('crisis-desk: gateway disconnected', { shardId, code: event.code }),
  );
  client.on(Events.ShardReconnecting, (shardId) =>
    logger.debug('crisis-desk: gateway reconnecting', { shardId }),
  );

  return {
    client,
    dispatcher,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token);
      await ready;
      logger.info(`crisis-desk: connected to Discord as ${client.user?.tag ?? 'unknown user'}`, {
        commands: [...options.commands.keys()],
      });
    },
    stop() {
      stopping ??= (async () => {
        await dispatcher.drain(options.shutdownGraceMs ?? 10_000);
        await client.destroy();
        logger.info('crisis-desk: gateway closed');
      })();
      return stopping;
    },
  };
}
