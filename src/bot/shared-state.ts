/**
 * The bot state commands use, in two places: this process (one bot process: the default), or the search
 * service (SEARCH_URL: every shard asks the same service, so a button or a cooldown works whichever shard
 * receives the interaction). Button state cannot travel in the custom_id itself: a question alone may be
 * 300 characters and a custom_id holds 100. The passages a page showed stay a per-process cache; a
 * "Sources" click on another shard runs that page's search again (same generation, same passages).
 */
import type { ServiceClient } from '../service/client.ts';
import type { AskStore } from '../session/ask-store.ts';
import { type AskState, type LastAsk } from '../session/ask-store.ts';
import type { Engine } from '../types.ts';
import type { Cooldowns } from '../session/cooldowns.ts';
import { type CooldownVerdict } from '../session/cooldowns.ts';
import type { TimelineState, TimelineStore } from '../session/timeline-store.ts';

export interface AskBook {
  save(state: AskState): Promise<string>;
  /** The state behind a button, or null when it expired or never existed. */
  get(id: string): Promise<AskState | null>;
  /** The latest ask per channel and user, for /sources: a channel's interactions always reach one shard. */
  remember(channelId: string, userId: string, ask: Omit<LastAsk, 'at'>): void;
  forget(channelId: string, userId: string): void;
  lastAsk(channelId: string, userId: string): LastAsk | null;
}

export interface TimelineBook {
  save(state: TimelineState): Promise<string>;
  /** The timeline behind a page button, or null when it expired or never existed. */
  get(id: string): Promise<TimelineState | null>;
}

export function localTimelines(store: TimelineStore): TimelineBook {
  return { save: async (state) => store.save(state), get: async (id) => store.get(id) };
}

/**
 * Timelines kept by the service (topic, filters, who asked); this shard caches the events it built. A page
 * click on another shard runs the timeline again from the stored topic and filters.
 */
export function serviceTimelines(client: ServiceClient, engine: () => Engine, cacheSize = 500): TimelineBook {
  const cache = new Map<string, TimelineState>();
  return {
    async save(state) {
      const id = await client.saveTimeline({
        topic: state.timeline.topic,
        filters: state.filters,
        private: state.private,
        userId: state.userId,
      });
      cache.set(id, state);
      while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
      return id;
    },
    async get(id) {
      // The service decides whether the button expired; the cache only saves running the timeline again.
      const shared = await client.getTimeline(id);
      if (shared === null) return null;
      const cached = cache.get(id);
      if (cached) return cached;
      return { ...shared, timeline: await engine().timeline(shared.topic, shared.filters) };
    },
  };
}

export interface CooldownBook {
  /** `seconds` overrides the default pause (a server's /settings cooldown). */
  take(userId: string, seconds?: number): Promise<CooldownVerdict>;
  /** The pause this bot was started with (ASK_COOLDOWN_SECONDS). */
  readonly defaultSeconds: number;
}

export function localAsks(store: AskStore): AskBook {
  return {
    save: async (state) => store.save(state),
    get: async (id) => store.get(id),
    remember: (c, u, a) => store.remember(c, u, a),
    forget: (c, u) => store.forget(c, u),
    lastAsk: (c, u) => store.lastAsk(c, u),
  };
}

export function localCooldowns(cooldowns: Cooldowns): CooldownBook {
  return {
    take: async (userId, seconds) => cooldowns.take(userId, seconds),
    defaultSeconds: cooldowns.defaultSeconds,
  };
}

/** Asks kept by the service; `local` holds this shard's /sources memory and a cache of what it saved. */
export function serviceAsks(client: ServiceClient, local: AskStore, cacheSize = 2000): AskBook {
  const cache = new Map<string, AskState>();
  return {
    async save(state) {
      const { shown: _shown, ...shared } = state;
      const id = await client.saveAsk(shared);
      cache.set(id, state);
      while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
      return id;
    },
    async get(id) {
      // The cache only saves a round trip; the service decides whether the button expired.
      const shared = await client.getAsk(id);
      if (shared === null) return null;
      return cache.get(id) ?? { ...shared, shown: new Map() };
    },
    remember: (c, u, a) => local.remember(c, u, a),
    forget: (c, u) => local.forget(c, u),
    lastAsk: (c, u) => local.lastAsk(c, u),
  };
}

export function serviceCooldowns(client: ServiceClient, seconds: number): CooldownBook {
  return {
    take: async (userId, pause = seconds) =>
      pause === 0 ? { ok: true } : client.takeCooldown(userId, pause),
    defaultSeconds: seconds,
  };
}
