/**
 * SHARDS=auto|N: discord.js' ShardingManager runs each shard as a child process of the bot's own entry file.
 * No shard holds the index: every shard is a client of one search service (SEARCH_URL, or the one the
 * manager starts in its own process), which also keeps the state a click on another shard needs.
 *
 * `stop` may come at any moment, also while shards are still being launched (a SIGTERM seconds after start):
 * it stops respawning, SIGTERMs every shard process there is and any launched after, and resolves when they
 * have all exited, so the manager never leaves a shard behind.
 */
import { ShardingManager } from 'discord.js';
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../log.ts';

export interface ShardsOptions {
  /** The entry file every shard runs (src/cli/start.ts, or dist/src/cli/start.js when built). */
  file: string;
  token: string;
  totalShards: 'auto' | number;
  /** The shards this process runs (SHARD_IDS); default all of them. */
  shardIds?: readonly number[] | null;
  /** Settings added to every shard's environment (SEARCH_URL and SEARCH_TOKEN of the manager's service). */
  env: Record<string, string>;
  logger: Logger;
}

export interface Shards {
  /** Launches the shards; resolves when all are ready (or when `stop` cut the launch short). */
  spawn(): Promise<void>;
  /** SIGTERMs every shard (each finishes its in-flight replies) and resolves when all have exited. */
  stop(): Promise<void>;
}

export function createShards(options: ShardsOptions): Shards {
  const manager = new ShardingManager(options.file, {
    token: options.token,
    totalShards: options.totalShards,
    ...(options.shardIds ? { shardList: [...options.shardIds] } : {}),
    // The shards run like this process does (tsx's hooks in execArgv, or none for the built dist/).
    execArgv: process.execArgv,
    respawn: true,
  });
  let stopping = false;
  const running = new Set<ChildProcess>();
  const exited = new Map<ChildProcess, Promise<void>>();
  manager.on('shardCreate', (shard) => {
    // shardCreate fires before the process is forked, so the shard starts with these settings.
    Object.assign(shard.env as Record<string, string>, options.env);
    options.logger.info('crisis-desk: shard launched', { shard: shard.id, of: manager.totalShards });
    shard.on('spawn', (child) => {
      // The manager runs shards as processes (its default mode), never as worker threads.
      if (!('kill' in child)) return;
      running.add(child);
      exited.set(child, new Promise((resolve) => child.once('exit', () => resolve())));
      child.once('exit', () => running.delete(child));
      if (stopping) child.kill('SIGTERM');
    });
    shard.on('death', () =>
      options.logger.warn(`crisis-desk: shard exited${manager.respawn ? '; respawning' : ''}`, {
        shard: shard.id,
      }),
    );
  });
  return {
    async spawn() {
      try {
        await manager.spawn({ timeout: 180_000 });
      } catch (error) {
        // A shard that was stopped while it started is not a failed start.
        if (!stopping) throw error;
      }
    },
    async stop() {
      stopping = true;
      manager.respawn = false;
      // SIGTERM: each shard finishes its in-flight replies and closes its gateway (src/host/lifecycle.ts).
      for (const child of running) child.kill('SIGTERM');
      await Promise.all(exited.values());
    },
  };
}
