/**
 * In-memory state behind buttons and /sources. A question plus filters can be far longer than the 100
 * characters a custom_id allows, so a button carries a short id into this store instead. Entries expire (an
 * interaction token lives 15 minutes, so older buttons could not be answered anyway) and the store is
 * bounded, oldest first out.
 */
import type { Answer, AskOptions, Passage } from '../types.ts';

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

export interface AskStoreOptions {
  /** How long a button keeps working. Default 15 minutes. */
  ttlMs?: number;
  /** Entries kept at most. Default 2,000. */
  maxEntries?: number;
  now?: () => number;
}

export class AskStore {
  private readonly entries = new Map<string, { state: AskState; expiresAt: number }>();
  private readonly latest = new Map<string, LastAsk>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private counter = 0;

  constructor(options: AskStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** Stores `state` and returns its short id (base-36 counter plus time: unique within a process). */
  save(state: AskState): string {
    const id = `${(this.counter++).toString(36)}${this.now().toString(36).slice(-4)}`;
    this.entries.set(id, { state, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return id;
  }

  /** The state behind a button, or null when it expired or never existed. */
  get(id: string): AskState | null {
    const entry = this.entries.get(id);
    if (entry === undefined) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return null;
    }
    return entry.state;
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
