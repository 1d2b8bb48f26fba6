/**
 * Timelines behind the Previous/Next buttons, by short id (a topic and filters do not fit a 100-character
 * custom_id). Pages read the stored timeline, so they stay consistent when the index is swapped meanwhile.
 * Entries expire with the interaction token (15 minutes) and the store is bounded, oldest first out.
 */
import type { Timeline, TimelineOptions } from '../types.ts';

export interface TimelineState {
  timeline: Timeline;
  filters: Omit<TimelineOptions, 'limit'>;
  private: boolean;
  userId: string;
}

export class TimelineStore {
  private readonly entries = new Map<string, { state: TimelineState; expiresAt: number }>();
  private counter = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 15 * 60_000,
    private readonly maxEntries = 500,
  ) {}

  save(state: TimelineState): string {
    const id = `t${(this.counter++).toString(36)}${this.now().toString(36).slice(-4)}`;
    this.entries.set(id, { state, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return id;
  }

  /** The stored timeline, or null when it expired or never existed. */
  get(id: string): TimelineState | null {
    const entry = this.entries.get(id);
    if (entry === undefined) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return null;
    }
    return entry.state;
  }
}
