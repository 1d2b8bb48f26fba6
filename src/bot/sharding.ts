/**
 * SHARDS=auto|N: discord.js' ShardingManager runs each shard as a child process of the bot's own entry file.
 * No shard holds the index: every shard is a client of one search service (SEARCH_URL, or the one the
 * manager starts in its own process), which also keeps the state a click on another shard needs.
 */
import { ShardingManager } from 'discord.js';
import type { Logger } from './logger.ts';

export interface ShardsOptions {
  /** The entry file every shard runs (src/cli/start.ts). */
  file: string;
  token: string;
  totalShards: 'auto' | number;
  /** Settings added to every shard's environment (SEARCH_URL and SEARCH_TOKEN of the manager's service). */
  env: Record<string, string>;
  logger: Logger;
}

export async function startShards(options: ShardsOptions): Promise<{ stop(): Promise<void> }> {
  const manager = new ShardingManager(options.file, {
    token: options.token,
    totalShards: options.totalShards,
    // The shards run TypeScript like this process does (tsx's hooks are in execArgv).
    execArgv: process.execArgv,
    respawn: true,
  });
  manager.on('shardCreate', (shard) => {
    // shardCreate fires before the process is forked, so the shard starts with these settings.
    Object.assign(shard.env as Record<string, string>, options.env);
    options.logger.info('crisis-desk: shard launched', { shard: shard.id, of: manager.totalShards });
    shard.on('death', () =>
      options.logger.warn(`crisis-desk: shard exited${manager.respawn ? '; respawning' : ''}`, { shard: shard.id }),
    );
  });
  await manager.spawn({ timeout: 180_000 });
  return {
    async stop() {
      manager.respawn = false;
      const exits = [...manager.shards.values()].map(
        (shard) => new Promise<void>((resolve) => (shard.process ? shard.process.once('exit', () => resolve()) : resolve())),
      );
      // SIGTERM: each shard finishes its in-flight replies and closes its gateway (src/host/lifecycle.ts).
      for (const shard of manager.shards.values()) shard.process?.kill('SIGTERM');
      await Promise.all(exits);
    },
  };
}
