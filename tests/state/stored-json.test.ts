/** JSON the bot reads back from disk or its database: settings rows and the watches file, pinned before schemas. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb, stateDbFile } from '../../src/state/db.ts';
import { defaultGuildSettings, SettingsStore } from '../../src/state/settings.ts';
import { JsonWatchStore, watchFilePath } from '../../src/state/watch-store.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

describe('a stored settings row', () => {
  it('keeps what fits and fills the rest with the defaults', async () => {
    const db = openStateDb(stateDbFile(await temp.make()));
    const store = new SettingsStore(db);
    const row = (json: string) => {
      db.run(
        'INSERT OR REPLACE INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)',
        'g',
        json,
        0,
      );
      return store.get('g');
    };
    const defaults = { ...defaultGuildSettings };
    expect(row('not json')).toEqual(defaults);
    expect(row('3')).toEqual(defaults);
    expect(
      row(
        '{"k": 5, "private": true, "channels": ["1"], "excludeOutlets": ["RT"], "excludeKinds": ["state"], "cooldownSeconds": 9, "adminRole": "123456789012345678"}',
      ),
    ).toEqual({
      k: 5,
      private: true,
      channels: ['1'],
      excludeOutlets: ['RT'],
      excludeKinds: ['state'],
      cooldownSeconds: 9,
      adminRole: '123456789012345678',
    });
    expect(
      row(
        '{"k": "5", "private": 1, "channels": ["1", 2], "excludeOutlets": "RT", "cooldownSeconds": "9", "adminRole": "admins", "extra": 1}',
      ),
    ).toEqual(defaults);
    expect(row('{"k": 2.5, "cooldownSeconds": null, "adminRole": 123456789012345678}')).toEqual({
      ...defaults,
      k: 2.5,
    });
    db.close();
  });
});

describe('the watches file', () => {
  it('refuses another version, saying which arrived', async () => {
    const dir = await temp.make();
    const file = watchFilePath(dir);
    await mkdir(path.dirname(file), { recursive: true });
    const store = JsonWatchStore.forDataDir(dir);
    await writeFile(file, JSON.stringify({ version: 2, watches: [] }));
    await expect(store.all()).rejects.toThrow(`crisis-desk: ${file}: expected watches version 1, got 2`);
    await writeFile(file, JSON.stringify({ version: 1, watches: {} }));
    await expect(store.all()).rejects.toThrow(`crisis-desk: ${file}: expected watches version 1, got 1`);
    await writeFile(file, JSON.stringify({ watches: [] }));
    await expect(store.all()).rejects.toThrow(
      `crisis-desk: ${file}: expected watches version 1, got undefined`,
    );
    const w = {
      id: 'a1',
      guildId: 'g',
      channelId: 'c',
      query: 'q',
      source: null,
      createdBy: 'h',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await writeFile(file, JSON.stringify({ version: 1, memberIds: 'hashed', watches: [w] }));
    expect(await store.readFile()).toEqual({ watches: [w], hashed: true });
    await writeFile(file, JSON.stringify({ version: 1, memberIds: 'raw', watches: [w] }));
    expect(await store.readFile()).toEqual({ watches: [w], hashed: false });
  });
});
