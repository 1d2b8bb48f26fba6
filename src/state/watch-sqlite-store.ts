/**
 * /watch's watches in the bot's state database (src/state/db.ts, migration 2), used whenever that database
 * opens; `JsonWatchStore` serves bots without one. Who made a watch is kept as the same keyed hash votes use,
 * never the member id. Watches a bot kept in the JSON file before it had a database are imported once.
 */
import { rename } from 'node:fs/promises';
import type { StateDb } from './db.ts';
import { hashUser } from './secret.ts';
import {
  JsonWatchStore,
  MAX_WATCHES_PER_GUILD,
  newWatchId,
  type NewWatch,
  type Watch,
  WatchLimitError,
  type WatchStore,
} from './watch-store.ts';

interface WatchRow {
  id: string;
  guild_id: string;
  channel_id: string;
  query: string;
  source: string | null;
  created_by: string;
  created_at: string;
}

const COLUMNS = 'id, guild_id, channel_id, query, source, created_by, created_at';

function toWatch(row: WatchRow): Watch {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    query: row.query,
    source: row.source,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export class SqliteWatchStore implements WatchStore {
  constructor(
    private readonly db: StateDb,
    private readonly secret: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async add(watch: NewWatch): Promise<Watch> {
    // The count and the insert commit together, so two /watch add in one server cannot pass the limit.
    return this.db.transaction(() => {
      const { count } = this.db.get<{ count: number }>(
        'SELECT count(*) AS count FROM watches WHERE guild_id = ?',
        watch.guildId,
      )!;
      if (count >= MAX_WATCHES_PER_GUILD) throw new WatchLimitError(count);
      const id = newWatchId((id) => this.db.get('SELECT 1 FROM watches WHERE id = ?', id) !== undefined);
      const created: Watch = {
        ...watch,
        id,
        createdBy: hashUser(this.secret, watch.createdBy),
        createdAt: this.now().toISOString(),
      };
      this.insert(created);
      return created;
    });
  }

  async forChannel(channelId: string): Promise<Watch[]> {
    return this.select('WHERE channel_id = ?', channelId);
  }

  async forGuild(guildId: string): Promise<Watch[]> {
    return this.select('WHERE guild_id = ?', guildId);
  }

  async all(): Promise<Watch[]> {
    return this.select('');
  }

  async remove(guildId: string, id: string): Promise<boolean> {
    return this.db.run('DELETE FROM watches WHERE guild_id = ? AND id = ?', guildId, id).changes > 0;
  }

  /**
   * Moves the watches of a JSON file (a bot that ran without the database) into the table, in one
   * transaction, then renames the file to `<file>.imported` so they are not imported twice. Returns how many.
   */
  async importJson(file: string): Promise<number> {
    const { watches, hashed } = await new JsonWatchStore(file).readFile();
    if (watches.length === 0) return 0;
    const imported = this.db.transaction(() => {
      let count = 0;
      for (const w of watches) {
        if (this.db.get('SELECT 1 FROM watches WHERE id = ?', w.id) !== undefined) continue;
        // A file the fallback store wrote holds hashes already (keyed with this secret when it could be read).
        this.insert({ ...w, createdBy: hashed ? w.createdBy : hashUser(this.secret, w.createdBy) });
        count++;
      }
      return count;
    });
    await rename(file, `${file}.imported`);
    return imported;
  }

  private insert(w: Watch): void {
    this.db.run(
      `INSERT INTO watches (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      w.id,
      w.guildId,
      w.channelId,
      w.query,
      w.source,
      w.createdBy,
      w.createdAt,
    );
  }

  private select(where: string, ...params: string[]): Watch[] {
    // rowid keeps "oldest first" even for watches made in the same millisecond.
    return this.db
      .all<WatchRow>(`SELECT ${COLUMNS} FROM watches ${where} ORDER BY rowid`, ...params)
      .map(toWatch);
  }
}
