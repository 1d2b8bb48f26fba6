/**
 * Short ids for state behind buttons: a question or topic plus filters is far longer than the 100 characters
 * a custom_id allows. Entries expire (an interaction token lives 15 minutes, so older buttons could not be
 * answered anyway) and the store is bounded, oldest first out.
 */
export interface ExpiringStoreOptions {
  /** How long an entry keeps working. Default 15 minutes. */
  ttlMs?: number;
  /** Entries kept at most. Default 2,000. */
  maxEntries?: number;
  now?: () => number;
  /** Put before every id, so ids of different stores never look alike. Default none. */
  prefix?: string;
}

export class ExpiringStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly prefix: string;
  private counter = 0;

  constructor(options: ExpiringStoreOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
    this.prefix = options.prefix ?? '';
  }

  /** Stores `value` and returns its short id (base-36 counter plus time: unique within a process). */
  save(value: T): string {
    const id = `${this.prefix}${(this.counter++).toString(36)}${this.now().toString(36).slice(-4)}`;
    this.entries.set(id, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return id;
  }

  /** The value behind an id, or null when it expired or never existed. */
  get(id: string): T | null {
    const entry = this.entries.get(id);
    if (entry === undefined) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(id);
      return null;
    }
    return entry.value;
  }
}
