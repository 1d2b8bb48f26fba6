/** The settings issue 13 adds: the service's, the bot's SEARCH_URL and SHARDS; bad values name the key, never a secret. */
import { describe, expect, it } from 'vitest';
import { loadBotConfig, loadSearchClientConfig, loadServiceConfig } from '../../src/config.ts';
import { configErrorOf } from '../helpers/config-error.ts';

const BOT = {
  DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAy.fake.not-a-real-token',
  DISCORD_CLIENT_ID: '100000000000000002',
};
const TOKEN = 'a-search-token-of-some-length';
const message = configErrorOf;

describe('search settings', () => {
  it('the bot searches in-process by default and through SEARCH_URL when set', () => {
    expect(loadBotConfig(BOT)).toMatchObject({ search: null, shards: null, isShard: false });
    expect(
      loadBotConfig({ ...BOT, SEARCH_URL: 'http://127.0.0.1:8787', SEARCH_TOKEN: TOKEN, SHARDS: 'auto' }),
    ).toMatchObject({
      search: { url: 'http://127.0.0.1:8787', token: TOKEN, timeoutMs: 10_000 },
      shards: 'auto',
    });
    expect(loadBotConfig({ ...BOT, SHARDS: '4' })).toMatchObject({ shards: 4, isShard: false });
    // Inside a shard, discord.js sets SHARDS to the shard's id: the shard runs the bot, not another manager.
    expect(loadBotConfig({ ...BOT, SHARDS: '0', SHARD_COUNT: '4', SHARDING_MANAGER: 'true' })).toMatchObject({
      shards: null,
      isShard: true,
    });
  });

  it('bad values name the setting and never show a token', () => {
    expect(message(() => loadSearchClientConfig({ SEARCH_URL: 'ftp://x' }))).toBe(
      'crisis-desk: setting SEARCH_URL: expected an http(s) URL such as http://127.0.0.1:8787, got a value of 7 characters (not shown)',
    );
    const short = message(() =>
      loadSearchClientConfig({ SEARCH_URL: 'http://h:1', SEARCH_TOKEN: 'secret-ish' }),
    );
    expect(short).toBe(
      'crisis-desk: setting SEARCH_TOKEN: expected at least 16 characters without spaces (e.g. openssl rand -hex 24), got a value of 10 characters (not shown)',
    );
    expect(message(() => loadBotConfig({ ...BOT, SHARDS: 'many' }))).toBe(
      'crisis-desk: setting SHARDS: expected auto or a shard count from 1 to 1000, got "many"',
    );
  });

  it('SHARD_IDS and SHARD_COUNT give each machine its part of the shards', () => {
    expect(loadBotConfig({ ...BOT, SHARD_COUNT: '8' })).toMatchObject({ shards: 8, shardIds: null });
    expect(loadBotConfig({ ...BOT, SHARD_COUNT: '8', SHARD_IDS: '4-6, 0,5' })).toMatchObject({
      shards: 8,
      shardIds: [0, 4, 5, 6],
    });
    expect(loadBotConfig({ ...BOT, SHARDS: '8', SHARD_IDS: '7' })).toMatchObject({
      shards: 8,
      shardIds: [7],
    });
    expect(message(() => loadBotConfig({ ...BOT, SHARD_IDS: '0-3' }))).toBe(
      'crisis-desk: setting SHARD_COUNT: expected the total number of shards over every machine, since SHARD_IDS is set, got nothing',
    );
    expect(message(() => loadBotConfig({ ...BOT, SHARD_COUNT: '4', SHARD_IDS: '2-4' }))).toBe(
      'crisis-desk: setting SHARD_IDS: expected shard ids or ranges from 0 to 3 (e.g. 0-3,8), since SHARD_COUNT is 4, got "2-4"',
    );
    expect(message(() => loadBotConfig({ ...BOT, SHARD_COUNT: '4', SHARD_IDS: 'one' }))).toMatch(
      /^crisis-desk: setting SHARD_IDS: expected .* got "one"$/,
    );
    expect(message(() => loadBotConfig({ ...BOT, SHARD_COUNT: '4', SHARDS: '2' }))).toBe(
      'crisis-desk: setting SHARDS: expected nothing, or 4 as SHARD_COUNT says, got "2"',
    );
    expect(message(() => loadBotConfig({ ...BOT, SHARD_COUNT: '0' }))).toBe(
      'crisis-desk: setting SHARD_COUNT: expected an integer from 1 to 1000, got "0"',
    );
    // In a shard, discord.js's SHARD_COUNT and SHARDS are its own; a SHARD_IDS inherited from the manager is not read.
    expect(
      loadBotConfig({ ...BOT, SHARDS: '5', SHARD_COUNT: '8', SHARD_IDS: '4-6', SHARDING_MANAGER: 'true' }),
    ).toMatchObject({ shards: null, shardIds: null });
  });

  it('the service listens on loopback by default and needs a token anywhere else', () => {
    expect(loadServiceConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      token: null,
      maxBodyBytes: 65_536,
      rateLimit: 200,
    });
    expect(message(() => loadServiceConfig({ SERVE_HOST: '0.0.0.0' }))).toBe(
      'crisis-desk: setting SEARCH_TOKEN: expected a token when SERVE_HOST is not a loopback address (SERVE_HOST is "0.0.0.0"), got nothing',
    );
    expect(
      loadServiceConfig({ SERVE_HOST: '0.0.0.0', SEARCH_TOKEN: TOKEN, SERVE_WORKERS: '3' }),
    ).toMatchObject({ token: TOKEN, workers: 3 });
  });
});
