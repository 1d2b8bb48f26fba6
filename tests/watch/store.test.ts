import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonWatchStore, MAX_WATCHES_PER_GUILD, watchFilePath, WatchLimitError } from '../../src/watch/store.ts';
import { ChannelBudget } from '../../src/watch/rate.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const watch = (channelId = 'c1', guildId = 'g1') => ({ guildId, channelId, query: 'grain exports', source: null, createdBy: 'u1' });

describe('JsonWatchStore', () => {
  it('adds, lists per channel and server, and removes; the file survives a new store', async () => {
    const dir = await temp.make();
    const store = JsonWatchStore.forDataDir(dir);
    const [a, b] = await Promise.all([store.add(watch('c1')), store.add(watch('c2'))]);
    await store.add(watch('c3', 'g2'));
    expect((await store.forChannel('c1')).map((w) => w.id)).toEqual([a.id]);
    expect((await store.forGuild('g1')).map((w) => w.id)).toEqual([a.id, b.id]);
    expect(await store.remove('g2', a.id)).toBe(false);
    expect(await store.remove('g1', a.id)).toBe(true);
    const again = JsonWatchStore.forDataDir(dir);
    expect((await again.all()).map((w) => w.channelId)).toEqual(['c2', 'c3']);
    expect(JSON.parse(await readFile(watchFilePath(dir), 'utf8')).version).toBe(1);
  });

  it(`refuses more than ${MAX_WATCHES_PER_GUILD} watches in one server`, async () => {
    const store = JsonWatchStore.forDataDir(await temp.make());
    for (let i = 0; i < MAX_WATCHES_PER_GUILD; i++) await store.add(watch(`c${i}`));
    await expect(store.add(watch())).rejects.toThrow(WatchLimitError);
    await expect(store.add(watch('c1', 'g2'))).resolves.toMatchObject({ guildId: 'g2' });
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
