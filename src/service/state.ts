/**
 * Bot state that must be the same on every shard, kept by the service: the asks behind "More results" and
 * "Sources" buttons (a click can land on another shard after a restart or re-sharding) and per-user /ask
 * cooldowns (one user can ask in servers on different shards). It reuses the bot's own stores; one service
 * process holds it, so the worker pool never splits it (see docs/scaling.md for several service replicas).
 */
import { AskStore } from '../session/ask-store.ts';
import { Cooldowns, type CooldownVerdict } from '../session/cooldowns.ts';
import { ExpiringStore } from '../session/expiring-store.ts';
import type { SharedAsk, SharedTimeline } from './protocol.ts';

export class SharedState {
  private readonly asks: AskStore;
  private readonly timelines: ExpiringStore<SharedTimeline>;
  private readonly cooldowns = new Map<number, Cooldowns>();

  constructor(private readonly options: { now?: () => number; ttlMs?: number; maxEntries?: number } = {}) {
    this.asks = new AskStore({
      ...(options.now ? { now: options.now } : {}),
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      maxEntries: options.maxEntries ?? 100_000,
    });
    this.timelines = new ExpiringStore({
      ...(options.now ? { now: options.now } : {}),
      ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      maxEntries: options.maxEntries ?? 100_000,
      prefix: 't',
    });
  }

  saveTimeline(timeline: SharedTimeline): string {
    return this.timelines.save(timeline);
  }

  getTimeline(id: string): SharedTimeline | null {
    return this.timelines.get(id);
  }

  saveAsk(ask: SharedAsk): string {
    return this.asks.save({ ...ask, shown: new Map() });
  }

  getAsk(id: string): SharedAsk | null {
    const state = this.asks.get(id);
    if (state === null) return null;
    return { question: state.question, options: state.options, private: state.private, userId: state.userId };
  }

  takeCooldown(user: string, seconds: number): CooldownVerdict {
    let c = this.cooldowns.get(seconds);
    if (c === undefined) this.cooldowns.set(seconds, (c = new Cooldowns(seconds, this.options.now)));
    return c.take(user);
  }
}
