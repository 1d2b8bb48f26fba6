/** The settings issue 13 adds: the service's, the bot's SEARCH_URL and SHARDS; bad values name the key, never a secret. */
import { describe, expect, it } from 'vitest';
import { loadBotConfig, loadSearchClientConfig, loadServiceConfig } from '../../src/config.ts';
import { configErrorOf } from '../helpers/config-error.ts';

const BOT = { DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAy.fake.not-a-real-token', DISCORD_CLIENT_ID: '100000000000000002' };
const TOKEN = 'a-search-token-of-some-length';
const message = configErrorOf;

describe('search settings', () => {
  it('the bot searches in-process by default and through SEARCH_URL when set', () => {
    expect(loadBotConfig(BOT)).toMatchObject({ search: null, shards: null, isShard: false });
    expect(loadBotConfig({ ...BOT, SEARCH_URL: 'http://127.0.0.1:8787', SEARCH_TOKEN: TOKEN, SHARDS: 'auto' })).toMatchObject({
      search: { url: 'http://127.0.0.1:8787', token: TOKEN, timeoutMs: 10_000 },
      shards: 'auto',
    });
    expect(loadBotConfig({ ...BOT, SHARDS: '4' })).toMatchObject({ shards: 4, isShard: false });
    // Inside a shard, discord.js sets SHARDS to the shard's id: the shard runs the bot, not another manager.
    expect(loadBotConfig({ ...BOT, SHARDS: '0', SHARD_COUNT: '4', SHARDING_MANAGER: 'true' })).toMatchObject({ shards: null, isShard: true });
  });

  it('bad values name the setting and never show a token', () => {
    expect(message(() => loadSearchClientConfig({ SEARCH_URL: 'ftp://x' }))).toBe('crisis-desk: setting SEARCH_URL: expected an http(s) URL such as http://127.0.0.1:8787, got a value of 7 characters (not shown)');
    const short = message(() => loadSearchClientConfig({ SEARCH_URL: 'http://h:1', SEARCH_TOKEN: 'secret-ish' }));
    expect(short).toBe('crisis-desk: setting SEARCH_TOKEN: expected at least 16 characters without spaces (e.g. openssl rand -hex 24), got a value of 10 characters (not shown)');
    expect(message(() => loadBotConfig({ ...BOT, SHARDS: 'many' }))).toBe('crisis-desk: setting SHARDS: expected auto or a shard count from 1 to 1000, got "many"');
  });

  it('the service listens on loopback by default and needs a token anywhere else', () => {
    expect(loadServiceConfig({})).toMatchObject({ host: '127.0.0.1', port: 8787, token: null, maxBodyBytes: 65_536, rateLimit: 200 });
    expect(message(() => loadServiceConfig({ SERVE_HOST: '0.0.0.0' }))).toBe(
      'crisis-desk: setting SEARCH_TOKEN: expected a token when SERVE_HOST is not a loopback address (SERVE_HOST is "0.0.0.0"), got nothing',
    );
    expect(loadServiceConfig({ SERVE_HOST: '0.0.0.0', SEARCH_TOKEN: TOKEN, SERVE_WORKERS: '3' })).toMatchObject({ token: TOKEN, workers: 3 });
  });
});
