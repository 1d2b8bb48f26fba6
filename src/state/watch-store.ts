/**
 * Where /watch keeps its watches. `WatchStore` is the interface the bot uses; `JsonWatchStore` keeps them in
 * `<DATA_DIR>/watch/watches.json`, written atomically and readable by the owner only (0600), for bots without a
 * database. Who made a watch is stored as the keyed hash the database uses (hashUser), never the member id: the
 * file says so (`memberIds: "hashed"`), so an import into the database does not hash twice.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { CrisisDeskError } from '../errors.ts';
import { readJson, writeJsonAtomic } from '../fs/atomic.ts';
import { hashUser, loadOrCreateSecret } from './secret.ts';

/** One standing query in one channel, as the file and the database hold it. */
const watchSchema = z.object({
  /** Short id shown by /watch list and taken by /watch remove. */
  id: z.string().min(1),
  guildId: z.string().min(1),
  channelId: z.string().min(1),
  query: z.string().min(1),
  /** Only articles from this outlet; null for any. */
  source: z.string().nullable(),
  createdBy: z.string().min(1),
  /** ISO time. */
  createdAt: z.string().min(1),
});

export type Watch = z.infer<typeof watchSchema>;

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

export class WatchLimitError extends CrisisDeskError {
  constructor(count: number) {
    super(
      'WatchLimitError',
      `a server may hold at most ${MAX_WATCHES_PER_GUILD} watches; this one has ${count}`,
    );
  }
}

/** DATA_DIR/watch/watches.json; each watch is checked on its own (watchSchema), so a bad one is named. */
const watchFileSchema = z.object({
  version: z.literal(1),
  /** "hashed": createdBy holds hashUser's keyed hash. Absent in files of older versions, which held raw ids. */
  memberIds: z.literal('hashed').optional().catch(undefined),
  watches: z.array(z.unknown()),
});

type WatchFile = z.infer<typeof watchFileSchema>;

/** What is wrong with one watch of the file, in the words the other data files use. */
function watchProblem(entry: unknown, issues: readonly z.core.$ZodIssue[]): string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    return `expected an object, got ${JSON.stringify(entry)}`;
  const field = String(issues[0]?.path[0]);
  const got = (entry as Record<string, unknown>)[field];
  const wanted = field === 'source' ? 'a string or null' : 'a non-empty string';
  return `expected "${field}" to be ${wanted}, got ${got === undefined ? 'none' : JSON.stringify(got)}`;
}

export function watchFilePath(dataDir: string): string {
  return path.join(dataDir, 'watch', 'watches.json');
}

export class JsonWatchStore implements WatchStore {
  /** Every change goes through this chain, so two commands never write over each other. */
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `hashMember` turns a member id into what is stored (the database's hashUser with its key). Without it the
   * store can only read (an import); adding a watch is refused rather than writing a raw id.
   */
  constructor(
    private readonly file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly hashMember: ((userId: string) => string) | null = null,
  ) {}

  /**
   * The store in DATA_DIR/watch/. `key` is the bot database's member key when it could be read (the hashes
   * then match the database's); else a key kept beside the file (watch/member-key, 0600) is made on first use.
   */
  static forDataDir(dataDir: string, key: Buffer | null = null): JsonWatchStore {
    let loaded = key;
    return new JsonWatchStore(watchFilePath(dataDir), undefined, (userId) => {
      loaded ??= loadOrCreateSecret(path.join(dataDir, 'watch', 'member-key'));
      return hashUser(loaded, userId);
    });
  }

  /** The watches and whether their createdBy are hashes already (false: a file from before hashing). */
  async readFile(): Promise<{ watches: Watch[]; hashed: boolean }> {
    const raw = await readJson<unknown>(this.file, {
      version: 1,
      memberIds: 'hashed',
      watches: [],
    } satisfies WatchFile);
    const data = watchFileSchema.safeParse(raw);
    if (!data.success) {
      const version =
        typeof raw === 'object' && raw !== null ? (raw as { version?: unknown }).version : undefined;
      throw new CrisisDeskError(
        'DataFileError',
        `${this.file}: expected watches version 1, got ${JSON.stringify(version)}`,
      );
    }
    // A hand-edited watch that lacks a field is refused by name, and the file is left as it is: nothing is lost.
    const watches = data.data.watches.map((entry, i) => {
      const parsed = watchSchema.safeParse(entry);
      if (parsed.success) return parsed.data;
      throw new CrisisDeskError(
        'DataFileError',
        `${this.file}: watch ${i + 1}: ${watchProblem(entry, parsed.error.issues)}`,
      );
    });
    return { watches, hashed: data.data.memberIds === 'hashed' };
  }

  private async read(): Promise<Watch[]> {
    const { watches, hashed } = await this.readFile();
    // An older file's raw ids are hashed on the next write, so none stays on disk longer than that.
    return hashed || this.hashMember === null
      ? watches
      : watches.map((w) => ({ ...w, createdBy: this.hashMember!(w.createdBy) }));
  }

  private change<T>(edit: (watches: Watch[]) => { watches: Watch[] | null; result: T }): Promise<T> {
    const next = this.queue.then(async () => {
      const { watches, result } = edit(await this.read());
      if (watches !== null) {
        await writeJsonAtomic(this.file, { version: 1, memberIds: 'hashed', watches } satisfies WatchFile, {
          mode: 0o600,
        });
      }
      return result;
    });
    this.queue = next.catch(() => {});
    return next;
  }

  add(watch: NewWatch): Promise<Watch> {
    const hash = this.hashMember;
    if (hash === null)
      return Promise.reject(
        new CrisisDeskError(
          'InvariantError',
          'watches file store: expected a member-id hasher to add watches, got none',
        ),
      );
    return this.change((watches) => {
      const count = watches.filter((w) => w.guildId === watch.guildId).length;
      if (count >= MAX_WATCHES_PER_GUILD) throw new WatchLimitError(count);
      const id = newWatchId((id) => watches.some((w) => w.id === id));
      const created: Watch = {
        ...watch,
        id,
        createdBy: hash(watch.createdBy),
        createdAt: this.now().toISOString(),
      };
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
      return kept.length === watches.length
        ? { watches: null, result: false }
        : { watches: kept, result: true };
    });
  }
}
