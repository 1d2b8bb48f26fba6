/**
 * Timelines behind the Previous/Next buttons, by short id (a topic and filters do not fit a 100-character
 * custom_id). Pages read the stored timeline, so they stay consistent when the index is swapped meanwhile.
 * Entries expire with the interaction token (15 minutes) and the store is bounded, oldest first out.
 */
import type { Timeline, TimelineOptions } from '../types.ts';
import { ExpiringStore } from './expiring-store.ts';

export interface TimelineState {
  timeline: Timeline;
  filters: Omit<TimelineOptions, 'limit'>;
  private: boolean;
  userId: string;
}

/** Timelines by short id; ids start with "t" so they never look like an /ask's. */
export class TimelineStore extends ExpiringStore<TimelineState> {
  constructor(now: () => number = Date.now, ttlMs = 15 * 60_000, maxEntries = 500) {
    super({ now, ttlMs, maxEntries, prefix: 't' });
  }
}
