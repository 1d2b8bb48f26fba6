/** DATA_DIR/feeds/state.json as read back: another version or a damaged file is refused, saying what arrived. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { feedStatePath, loadFeedState } from '../../src/feeds/state.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

describe('loadFeedState', () => {
  it('starts empty, reads version 1 as written, and refuses anything else naming the version', async () => {
    const dataDir = await temp.make();
    const file = feedStatePath(dataDir);
    expect(await loadFeedState(dataDir)).toEqual({ version: 1, feeds: {} });
    await mkdir(path.dirname(file), { recursive: true });
    const feed = { url: 'https://example.org/feed', title: null, items: {}, later: 'kept' };
    await writeFile(file, JSON.stringify({ version: 1, feeds: { a: feed } }));
    expect(await loadFeedState(dataDir)).toEqual({ version: 1, feeds: { a: feed } });
    await writeFile(file, JSON.stringify({ version: 2, feeds: {} }));
    await expect(loadFeedState(dataDir)).rejects.toThrow(
      `crisis-desk: ${file}: expected feed state version 1, got 2`,
    );
    await writeFile(file, JSON.stringify({ version: 1, feeds: null }));
    await expect(loadFeedState(dataDir)).rejects.toThrow(
      `crisis-desk: ${file}: expected feed state version 1, got 1`,
    );
    await writeFile(file, JSON.stringify(['not', 'an', 'object']));
    await expect(loadFeedState(dataDir)).rejects.toThrow(
      `crisis-desk: ${file}: expected feed state version 1, got undefined`,
    );
  });
});
