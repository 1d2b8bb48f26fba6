import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Community } from '../../src/state/community.ts';
import { openStateDb, stateDbFile } from '../../src/state/db.ts';
import { hashUser } from '../../src/state/secret.ts';
import { openWatchStore } from '../../src/state/watch-open.ts';
import { SqliteWatchStore } from '../../src/state/watch-sqlite-store.ts';
import {
  JsonWatchStore,
  MAX_WATCHES_PER_GUILD,
  watchFilePath,
  WatchLimitError,
  type WatchStore,
} from '../../src/state/watch-store.ts';
import { ChannelBudget } from '../../src/watch/rate.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const watch = (channelId = 'c1', guildId = 'g1') => ({
  guildId,
  channelId,
  query: 'grain exports',
  source: null,
  createdBy: 'u1',
});

const secret = Buffer.alloc(32, 7);

/** Both stores keep the same behaviour; `reopen` gives a new store over the same place, as after a restart. */
const stores: {
  name: string;
  make: () => Promise<{ store: WatchStore; reopen: () => WatchStore; close: () => void }>;
}[] = [
  {
    name: 'JsonWatchStore',
    make: async () => {
      const dir = await temp.make();
      return {
        store: JsonWatchStore.forDataDir(dir),
        reopen: () => JsonWatchStore.forDataDir(dir),
        close: () => {},
      };
    },
  },
  {
    name: 'SqliteWatchStore',
    make: async () => {
      const file = stateDbFile(await temp.make());
      const dbs = [openStateDb(file)];
      return {
        store: new SqliteWatchStore(dbs[0]!, secret),
        reopen: () => {
          dbs[0]!.close();
          dbs.push(openStateDb(file));
          return new SqliteWatchStore(dbs.at(-1)!, secret);
        },
        close: () => dbs.forEach((db) => db.close()),
      };
    },
  },
];

describe.each(stores)('$name', ({ make }) => {
  it('adds, lists per channel and server, and removes; the watches survive a restart', async () => {
    const { store, reopen, close } = await make();
    const [a, b] = await Promise.all([store.add(watch('c1')), store.add(watch('c2'))]);
    await store.add(watch('c3', 'g2'));
    expect((await store.forChannel('c1')).map((w) => w.id)).toEqual([a.id]);
    expect((await store.forGuild('g1')).map((w) => w.id)).toEqual([a.id, b.id]);
    expect(await store.remove('g2', a.id)).toBe(false);
    expect(await store.remove('g1', a.id)).toBe(true);
    const again = reopen();
    expect((await again.all()).map((w) => w.channelId)).toEqual(['c2', 'c3']);
    expect((await again.all())[0]).toMatchObject({ query: 'grain exports', source: null, guildId: 'g1' });
    close();
  });

  it(`refuses more than ${MAX_WATCHES_PER_GUILD} watches in one server`, async () => {
    const { store, close } = await make();
    for (let i = 0; i < MAX_WATCHES_PER_GUILD; i++) await store.add(watch(`c${i}`));
    await expect(store.add(watch())).rejects.toThrow(WatchLimitError);
    await expect(store.add(watch('c1', 'g2'))).resolves.toMatchObject({ guildId: 'g2' });
    close();
  });
});

describe('JsonWatchStore file', () => {
  it('is versioned JSON', async () => {
    const dir = await temp.make();
    await JsonWatchStore.forDataDir(dir).add(watch());
    expect(JSON.parse(await readFile(watchFilePath(dir), 'utf8')).version).toBe(1);
  });

  it('names a hand-edited watch that lacks a field, and leaves the file as it was', async () => {
    const dir = await temp.make();
    const store = JsonWatchStore.forDataDir(dir);
    await store.add(watch());
    const file = watchFilePath(dir);
    const data = JSON.parse(await readFile(file, 'utf8')) as { watches: Record<string, unknown>[] };
    for (const [edit, problem] of [
      [{ query: 42 }, 'expected "query" to be a non-empty string, got 42'],
      [{ source: undefined, channelId: '' }, 'expected "channelId" to be a non-empty string, got ""'],
      [{ source: 7 }, 'expected "source" to be a string or null, got 7'],
    ] as const) {
      const bad = JSON.stringify({ ...data, watches: [...data.watches, { ...data.watches[0], ...edit }] });
      await writeFile(file, bad);
      await expect(store.all()).rejects.toMatchObject({
        name: 'DataFileError',
        message: `crisis-desk: ${file}: watch 2: ${problem}`,
      });
      await expect(store.add(watch('c9'))).rejects.toThrow(`watch 2: ${problem}`);
      expect(await readFile(file, 'utf8')).toBe(bad);
    }
    await writeFile(file, JSON.stringify({ ...data, watches: [5] }));
    await expect(store.all()).rejects.toThrow('watch 1: expected an object, got 5');
  });
});

describe('SqliteWatchStore', () => {
  it('keeps who made a watch only as a keyed hash', async () => {
    const file = stateDbFile(await temp.make());
    const db = openStateDb(file);
    const made = await new SqliteWatchStore(db, secret).add({ ...watch(), createdBy: '123456789012345678' });
    expect(made.createdBy).toMatch(/^[0-9a-f]{64}$/);
    db.close();
    expect(readFileSync(file).includes('123456789012345678')).toBe(false);
  });
});

describe('openWatchStore', () => {
  it("uses the bot database when it opens and moves the JSON file's watches into it once", async () => {
    const dataDir = await temp.make();
    const old = await JsonWatchStore.forDataDir(dataDir).add(watch('c9'));
    const community = Community.open({ dataDir });
    const logs: string[] = [];
    const store = await openWatchStore(community, dataDir, (m) => logs.push(m));
    expect(store).toBeInstanceOf(SqliteWatchStore);
    expect((await store.all()).map((w) => [w.id, w.channelId, w.query])).toEqual([
      [old.id, 'c9', 'grain exports'],
    ]);
    expect(existsSync(watchFilePath(dataDir))).toBe(false);
    expect(existsSync(`${watchFilePath(dataDir)}.imported`)).toBe(true);
    expect(logs).toEqual([expect.stringContaining('moved 1 watches')]);
    // A second start finds nothing left to import.
    expect(await (await openWatchStore(community, dataDir)).all()).toHaveLength(1);
    community.close();
  });

  it('falls back to the JSON file when the database is unavailable: member ids hashed, the file private', async () => {
    const dataDir = await temp.make();
    const community = Community.disabled('no database here');
    const store = await openWatchStore(community, dataDir);
    expect(store).toBeInstanceOf(JsonWatchStore);
    const made = await store.add({ ...watch(), createdBy: '123456789012345678' });
    expect(made.createdBy).toMatch(/^[0-9a-f]{64}$/);
    const file = watchFilePath(dataDir);
    expect(readFileSync(file, 'utf8')).not.toContain('123456789012345678');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("hashes with the database's key when the key could be read, and the import does not hash twice", async () => {
    const dataDir = await temp.make();
    // The key exists (a database opened once), then the database is unusable: the fallback hashes as it would.
    const opened = Community.open({ dataDir });
    const key = opened.memberKey()!;
    opened.close();
    const fallback = await openWatchStore({ watchStore: () => null, memberKey: () => key }, dataDir);
    const made = await fallback.add({ ...watch(), createdBy: '123456789012345678' });
    expect(made.createdBy).toBe(hashUser(key, '123456789012345678'));
    const community = Community.open({ dataDir });
    const store = await openWatchStore(community, dataDir);
    expect(store).toBeInstanceOf(SqliteWatchStore);
    expect((await store.all()).map((w) => w.createdBy)).toEqual([hashUser(key, '123456789012345678')]);
    community.close();
  });

  it('a file of raw ids from an older version is hashed on its next write', async () => {
    const dataDir = await temp.make();
    const file = watchFilePath(dataDir);
    await mkdir(path.dirname(file), { recursive: true });
    const old = {
      id: 'abc123',
      ...watch(),
      createdBy: '123456789012345678',
      createdAt: '2022-03-01T00:00:00.000Z',
    };
    await writeFile(file, JSON.stringify({ version: 1, watches: [old] }));
    await JsonWatchStore.forDataDir(dataDir).add(watch('c2'));
    expect(readFileSync(file, 'utf8')).not.toContain('123456789012345678');
  });
});

describe('ChannelBudget', () => {
  it('allows `limit` messages per channel in any window', () => {
    let now = 0;
    const budget = new ChannelBudget(2, 1000, () => now);
    expect(budget.left('c')).toBe(2);
    budget.spend('c');
    budget.spend('c');
    expect([budget.left('c'), budget.left('d')]).toEqual([0, 2]);
    now = 1001;
    expect(budget.left('c')).toBe(2);
  });
});
