/**
 * In-memory state behind /ask's buttons (by short id, see ./expiring-store.ts) and the latest ask per channel
 * and member for /sources.
 */
import type { Answer, AskOptions, Passage } from '../types.ts';
import { ExpiringStore, type ExpiringStoreOptions } from './expiring-store.ts';

/** One /ask as the buttons need it. */
export interface AskState {
  question: string;
  options: Required<Pick<AskOptions, 'k'>> & Omit<AskOptions, 'k' | 'offset'>;
  private: boolean;
  userId: string;
  /** Passages shown so far, by page offset, for the "Sources" button. */
  shown: Map<number, Passage[]>;
  /** How sure each page was, by offset, so "Share to channel" words a shared page as the member saw it. */
  confidence?: Map<number, Answer['confidence']>;
}

/** The latest /ask of one user in one channel, for /sources. */
export interface LastAsk {
  question: string;
  passages: Passage[];
  at: number;
}

export type AskStoreOptions = Omit<ExpiringStoreOptions, 'prefix'>;

export class AskStore {
  private readonly entries: ExpiringStore<AskState>;
  private readonly latest = new Map<string, LastAsk>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: AskStoreOptions = {}) {
    this.entries = new ExpiringStore(options);
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** Stores `state` and returns its short id (base-36 counter plus time: unique within a process). */
  save(state: AskState): string {
    return this.entries.save(state);
  }

  /** The state behind a button, or null when it expired or never existed. */
  get(id: string): AskState | null {
    return this.entries.get(id);
  }

  remember(channelId: string, userId: string, ask: Omit<LastAsk, 'at'>): void {
    const key = `${channelId}:${userId}`;
    this.latest.delete(key); // re-insert so Map order stays oldest-first
    this.latest.set(key, { ...ask, at: this.now() });
    while (this.latest.size > this.maxEntries) this.latest.delete(this.latest.keys().next().value!);
  }

  /** Drops the latest ask, so /sources after an unanswered question shows the overview, not an older answer. */
  forget(channelId: string, userId: string): void {
    this.latest.delete(`${channelId}:${userId}`);
  }

  lastAsk(channelId: string, userId: string): LastAsk | null {
    return this.latest.get(`${channelId}:${userId}`) ?? null;
  }
}
