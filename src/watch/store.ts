/**
 * Where /watch keeps its watches. `WatchStore` is the interface the bot uses; `JsonWatchStore` keeps them in
 * `<DATA_DIR>/watch/watches.json`, written atomically, for bots without a database.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readJson, writeJsonAtomic } from '../fs/atomic.ts';

/** One standing query in one channel. */
export interface Watch {
  /** Short id shown by /watch list and taken by /watch remove. */
  id: string;
  guildId: string;
  channelId: string;
  query: string;
  /** Only articles from this outlet; null for any. */
  source: string | null;
  createdBy: string;
  /** ISO time. */
  createdAt: string;
}

export type NewWatch = Omit<Watch, 'id' | 'createdAt'>;

export interface WatchStore {
  add(watch: NewWatch): Promise<Watch>;
  /** Watches of one channel, oldest first. */
  forChannel(channelId: string): Promise<Watch[]>;
  /** Watches of one server, oldest first. */
  forGuild(guildId: string): Promise<Watch[]>;
  all(): Promise<Watch[]>;
  /** Removes a watch of `guildId`; false when it has none with this id. */
  remove(guildId: string, id: string): Promise<boolean>;
}

/** A short id no watch has yet (`taken` says which are in use). */
export function newWatchId(taken: (id: string) => boolean): string {
  let id: string;
  do id = randomBytes(3).toString('hex');
  while (taken(id));
  return id;
}

/** Most watches one server may hold: every one costs a search per feed update. */
export const MAX_WATCHES_PER_GUILD = 25;

export class WatchLimitError extends Error {
  constructor(count: number) {
    super(`crisis-desk: a server may hold at most ${MAX_WATCHES_PER_GUILD} watches; this one has ${count}`);
    this.name = 'WatchLimitError';
  }
}

interface WatchFile {
  version: 1;
  watches: Watch[];
}

export function watchFilePath(dataDir: string): string {
  return path.join(dataDir, 'watch', 'watches.json');
}

export class JsonWatchStore implements WatchStore {
  /** Every change goes through this chain, so two commands never write over each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  static forDataDir(dataDir: string): JsonWatchStore {
    return new JsonWatchStore(watchFilePath(dataDir));
  }

  private async read(): Promise<Watch[]> {
    const data = await readJson<WatchFile>(this.file, { version: 1, watches: [] });
    if (data.version !== 1 || !Array.isArray(data.watches)) {
      throw new Error(`crisis-desk: ${this.file}: expected watches version 1, got ${JSON.stringify(data.version)}`);
    }
    return data.watches;
  }

  private change<T>(edit: (watches: Watch[]) => { watches: Watch[] | null; result: T }): Promise<T> {
    const next = this.queue.then(async () => {
      const { watches, result } = edit(await this.read());
      if (watches !== null) await writeJsonAtomic(this.file, { version: 1, watches } satisfies WatchFile);
      return result;
    });
    this.queue = next.catch(() => {});
    return next;
  }

  add(watch: NewWatch): Promise<Watch> {
    return this.change((watches) => {
      const count = watches.filter((w) => w.guildId === watch.guildId).length;
      if (count >= MAX_WATCHES_PER_GUILD) throw new WatchLimitError(count);
      const id = newWatchId((id) => watches.some((w) => w.id === id));
      const created: Watch = { ...watch, id, createdAt: this.now().toISOString() };
      return { watches: [...watches, created], result: created };
    });
  }

  async forChannel(channelId: string): Promise<Watch[]> {
    return (await this.all()).filter((w) => w.channelId === channelId);
  }

  async forGuild(guildId: string): Promise<Watch[]> {
    return (await this.all()).filter((w) => w.guildId === guildId);
  }

  async all(): Promise<Watch[]> {
    await this.queue;
    return this.read();
  }

  remove(guildId: string, id: string): Promise<boolean> {
    return this.change((watches) => {
      const kept = watches.filter((w) => !(w.guildId === guildId && w.id === id));
      return kept.length === watches.length ? { watches: null, result: false } : { watches: kept, result: true };
    });
  }
}
