/**
 * What every command receives besides its interaction. Commands reach search only through this context,
 * never src/index or src/embed, so a test can hand them a plain-object engine.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { outletLabels, type OutletLabels } from '../outlets/labels.ts';
import { Community } from '../state/community.ts';
import type { Engine, FeedStatus, IndexProgress, IndexSummary } from '../types.ts';
import type { EngineHostLike } from '../host/contract.ts';
import type { ServiceClient } from '../service/client.ts';
import { JsonWatchStore, type WatchStore } from '../state/watch-store.ts';
import { AskStore } from '../session/ask-store.ts';
import { Cooldowns } from '../session/cooldowns.ts';
import type { Logger } from '../log.ts';
import {
  type AskBook,
  type CooldownBook,
  localAsks,
  localCooldowns,
  localTimelines,
  serviceAsks,
  serviceCooldowns,
  serviceTimelines,
  type TimelineBook,
} from './shared-state.ts';
import { TimelineStore } from '../session/timeline-store.ts';
import { CrisisDeskError } from '../errors.ts';

export interface BotContext {
  /** The current index generation; call it per request, never keep the result: it may be swapped. */
  engine(): Engine;
  /** Runs an incremental re-index; rejects with ReindexBusyError when one is already running. */
  reindex(onProgress: (progress: IndexProgress) => void): Promise<IndexSummary>;
  isReindexing(): boolean;
  /** The configured feeds with their last successful read ([] when none). */
  feeds(): Promise<FeedStatus[]>;
  /** Where /watch keeps its watches. */
  watches: WatchStore;
  cooldowns: CooldownBook;
  asks: AskBook;
  /** Votes, asked questions, per-server settings and gaps; works without its database (defaults, no votes). */
  community: Community;
  /** What kind of outlet each citation comes from (src/outlets/outlets.json). */
  labels: OutletLabels;
  /** Timelines behind /timeline's page buttons (in this process, or kept by the search service). */
  timelines: TimelineBook;
  logger: Logger;
  now(): number;
}

export class ReindexBusyError extends CrisisDeskError {
  constructor() {
    super('ReindexBusyError', 'a re-index is already running; expected it to finish before another starts');
  }
}

export interface BotContextOptions {
  host: EngineHostLike;
  logger: Logger;
  /** Per-user pause between /ask, in seconds (BotConfig.askCooldownSeconds). */
  askCooldownSeconds: number;
  now?: () => number;
  /** How long buttons keep working. Default 15 minutes. */
  buttonTtlMs?: number;
  /** The state database's door (Community.open); default: a loop that is off. */
  community?: Community;
  /** Default: src/outlets/outlets.json. */
  labels?: OutletLabels;
  /** The search service (SEARCH_URL): when set, button state and cooldowns live there, shared by every shard. */
  service?: ServiceClient;
  /** Where /watch keeps its watches. Default: a JSON file in a fresh temporary folder (tests). */
  watches?: WatchStore;
}

export function createBotContext(options: BotContextOptions): BotContext {
  const now = options.now ?? Date.now;
  const { host } = options;
  // Guarded here too, so two clicks in the same tick cannot both start a run whatever the host does.
  let running = false;
  const store = new AskStore({
    now,
    ...(options.buttonTtlMs === undefined ? {} : { ttlMs: options.buttonTtlMs }),
  });
  return {
    engine: () => host.current(),
    isReindexing: () => running || host.isReindexing(),
    async reindex(onProgress) {
      if (running || host.isReindexing()) throw new ReindexBusyError();
      running = true;
      try {
        return await host.reindex(onProgress);
      } finally {
        running = false;
      }
    },
    feeds: async () => (host.feeds ? host.feeds() : []),
    watches:
      options.watches ??
      JsonWatchStore.forDataDir(
        path.join(os.tmpdir(), `crisis-desk-watches-${process.pid}-${Math.random().toString(36).slice(2)}`),
        randomBytes(32),
      ),
    cooldowns: options.service
      ? serviceCooldowns(options.service, options.askCooldownSeconds)
      : localCooldowns(new Cooldowns(options.askCooldownSeconds, now)),
    asks: options.service ? serviceAsks(options.service, store) : localAsks(store),
    community: options.community ?? Community.disabled('no state database was opened'),
    labels: options.labels ?? outletLabels(),
    timelines: options.service
      ? serviceTimelines(options.service, () => host.current())
      : localTimelines(new TimelineStore(now, options.buttonTtlMs)),
    logger: options.logger,
    now,
  };
}
