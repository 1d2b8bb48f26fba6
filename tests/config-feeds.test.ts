import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadBotConfig, loadEngineConfig } from '../src/config.ts';
import { TempDirs } from './helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());
const bot = { DISCORD_TOKEN: 'a.b.c', DISCORD_CLIENT_ID: '123456789012345678' };

describe('FEEDS and FEED_POLL_MINUTES', () => {
  it('reads URLs from the value or from a file, without duplicates', async () => {
    expect(loadEngineConfig({}).feeds).toEqual([]);
    expect(
      loadEngineConfig({ FEEDS: 'https://a.example/rss, http://b.example/feed.xml https://a.example/rss' })
        .feeds,
    ).toEqual(['https://a.example/rss', 'http://b.example/feed.xml']);
    const file = path.join(await temp.make(), 'feeds.txt');
    await writeFile(file, '# newsrooms\nhttps://a.example/rss\n\nhttps://c.example/atom # Atom\n');
    expect(loadEngineConfig({ FEEDS: file }).feeds).toEqual([
      'https://a.example/rss',
      'https://c.example/atom',
    ]);
  });

  it('names the setting and never echoes a bad entry', () => {
    expect(() => loadEngineConfig({ FEEDS: 'https://a.example/rss ftp://secret-token@x' })).toThrow(
      new ConfigError('FEEDS', 'http(s) feed URLs', 'entry 2 that is not one (20 characters, not shown)'),
    );
    expect(() => loadEngineConfig({ FEEDS: '/no/such/feeds.txt' })).toThrow(
      /^crisis-desk: setting FEEDS: expected http\(s\) feed URLs, or a readable file listing them, got a path that cannot be read \(ENOENT\)$/,
    );
  });

  it('FEED_POLL_MINUTES defaults to 30, 0 turns polling off', () => {
    expect(loadBotConfig(bot).feedPollMinutes).toBe(30);
    expect(loadBotConfig({ ...bot, FEED_POLL_MINUTES: '0' }).feedPollMinutes).toBe(0);
    expect(() => loadBotConfig({ ...bot, FEED_POLL_MINUTES: '-1' })).toThrow(
      /FEED_POLL_MINUTES: expected an integer from 0 to 1440/,
    );
  });
});

describe('FEED_ALLOW_HOSTS', () => {
  it('is empty by default and reads host names, addresses and ranges', () => {
    expect(loadEngineConfig({}).feedAllowHosts).toEqual([]);
    expect(
      loadEngineConfig({ FEED_ALLOW_HOSTS: '127.0.0.1, 10.0.0.0/8 fd00::/8,feeds.intranet.example' })
        .feedAllowHosts,
    ).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'feeds.intranet.example']);
  });

  it('names the setting and the bad entry', () => {
    expect(() => loadEngineConfig({ FEED_ALLOW_HOSTS: '127.0.0.1 10.0.0.0/33' })).toThrow(
      /^crisis-desk: setting FEED_ALLOW_HOSTS: expected host names, IP addresses or CIDR ranges .*, got entry 2, a value of 11 characters \(not shown\)$/,
    );
    expect(() => loadEngineConfig({ FEED_ALLOW_HOSTS: 'http://x' })).toThrow(
      /got entry 1, a value of 8 characters \(not shown\)$/,
    );
    expect(() => loadEngineConfig({ FEED_ALLOW_HOSTS: 'intranet/8' })).toThrow(
      /got entry 1, a value of 10 characters/,
    );
  });
});
