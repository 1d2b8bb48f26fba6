/**
 * The only reader of process.env. Each setting is parsed and validated here; a bad value stops start-up
 * with a message naming the key. Library code receives these values as options.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllowEntry } from './feeds/address.ts';
import { CrisisDeskError } from './errors.ts';
import type { LogFormat, LogLevel } from './log.ts';

export const TRANSFORMERS_DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type TransformersDtypeSetting = (typeof TRANSFORMERS_DTYPES)[number];

/** Settings the engine needs (index, ask, sources, eval, bench). */
export interface EngineConfig {
  /** DATA_DIR: where index generations are written. Default `data`. */
  dataDir: string;
  /**
   * EMBEDDING_MODEL: a model from src/models/catalog.ts (`bge-small-en-v1.5`, `all-MiniLM-L6-v2`), `use-lite`
   * (bundled), or another transformers.js model id / local folder. Null when unset: an existing index is opened
   * with the model that built it, and a new one is built with the default model.
   */
  embeddingModel: string | null;
  /** TRANSFORMERS_LOCAL_MODELS: folder that holds transformers.js models. Default `models`. */
  transformersLocalModels: string;
  /** TRANSFORMERS_ALLOW_REMOTE: may transformers.js download from the model hub? Default false. */
  transformersAllowRemote: boolean;
  /** TRANSFORMERS_DTYPE: which ONNX weights of a transformers.js model to load. Default `q8` (model_quantized.onnx). */
  transformersDtype: TransformersDtypeSetting;
  /** EMBED_WORKERS: worker threads for USE-lite while indexing. Default: the number of cores (≥1). */
  embedWorkers: number;
  /**
   * EMBED_THREADS: ONNX Runtime intra-op threads for a transformers.js model (bge-small). Default: the number of
   * cores. Spin-waiting is off, so idle threads cost nothing; on a machine shared with other busy jobs 1 thread
   * did the most work per CPU-second (docs/benchmarks.md, "Embedding threads and spinning").
   */
  embedThreads: number;
  logLevel: LogLevel;
  /** STORE: where the index lives, `files` (DATA_DIR, default) or `postgres` (DATABASE_URL). */
  store: IndexStoreKind;
  /** DATABASE_URL: postgres://… of the database holding the index; required with STORE=postgres, else null. */
  databaseUrl: string | null;
  /**
   * FEEDS: RSS, Atom or JSON Feed URLs read by every indexing run (and polled by the bot), separated by commas or
   * spaces, or the path of a file listing one per line (`#` comments). Default none.
   */
  feeds: readonly string[];
  /**
   * READER: the cross-encoder that re-reads the best passages (src/read/). Unset: the default reader when it has
   * been fetched, else none (`required` false). `off`: none. A name: that reader, an error when it is missing.
   */
  reader: { name: string; required: boolean } | null;
  /**
   * FEED_ALLOW_HOSTS: hosts (exact names) and address ranges (`127.0.0.1`, `10.0.0.0/8`, `fd00::/8`) the feed
   * reader may fetch although they are loopback, private, link-local or otherwise not public; separated by commas
   * or spaces. Default none: a feed can only make the reader fetch public addresses.
   */
  feedAllowHosts: readonly string[];
  /**
   * CORPUS: the files and folders the index is built from, separated by commas. Null when unset: a run given no
   * paths (`npm run index`, /reindex) re-reads what the index records it was built from, seeds/ for a new index.
   */
  corpus: readonly string[] | null;
}

export type IndexStoreKind = 'files' | 'postgres';

/** Settings the Discord bot adds. */
export interface BotConfig extends EngineConfig {
  discordToken: string;
  discordClientId: string;
  /** Commands are registered to this guild (instant) when set, else globally. */
  discordGuildId: string | null;
  /** ASK_COOLDOWN_SECONDS: per-user pause between /ask. Default 5; 0 turns it off. */
  askCooldownSeconds: number;
  /** DISCORD_REST_API: base URL of Discord's REST API (for an HTTP proxy); default discord.js's own. */
  discordRestApi: string | null;
  /** SEARCH_URL (+ SEARCH_TOKEN, SEARCH_TIMEOUT_MS): search through this service instead of in-process. */
  search: SearchClientConfig | null;
  /**
   * SHARDS: `auto` or a count starts discord.js' ShardingManager; null (unset) runs one process. SHARD_COUNT=N
   * (the total over every machine) does the same as SHARDS=N.
   */
  shards: 'auto' | number | null;
  /**
   * SHARD_IDS: the shards this machine runs (`0,1`, `0-3`, `4-7,9`), each below the total (SHARD_COUNT or a
   * numeric SHARDS), so several machines split one bot's shards. Null (unset): every shard.
   */
  shardIds: readonly number[] | null;
  /** True inside a shard process spawned by the ShardingManager (it sets SHARDING_MANAGER). */
  isShard: boolean;
  /** FEED_POLL_MINUTES: how often the bot reads FEEDS in the background. Default 30; 0 turns polling off. */
  feedPollMinutes: number;
  /**
   * METRICS_PORT: serve Prometheus metrics on this port (`GET /metrics`); null (unset) serves none. A shard
   * process listens on METRICS_PORT + 1 + its shard id, so a manager and its shards never share a port.
   */
  metricsPort: number | null;
  /** METRICS_HOST: the address the metrics port binds. Default 127.0.0.1 (the port has no auth). */
  metricsHost: string;
  /** LOG_FORMAT: `text` (default: `time LEVEL message {fields}`) or `json` (one object a line, as the service logs). */
  logFormat: LogFormat;
}

export interface SearchClientConfig {
  url: string;
  token: string | null;
  /** SEARCH_TIMEOUT_MS: one request's limit. Default 10,000. */
  timeoutMs: number;
}

/** Settings of `npm run serve`. */
export interface ServiceConfig extends EngineConfig {
  /** SERVE_HOST: the address to listen on. Default 127.0.0.1. */
  host: string;
  /** SERVE_PORT. Default 8787. */
  port: number;
  /** SEARCH_TOKEN: the bearer token clients must send; required unless the service listens on loopback only. */
  token: string | null;
  /** SERVE_WORKERS: worker threads that each hold the index. Default: the number of cores. */
  workers: number;
  /** SERVE_MAX_BODY_BYTES. Default 65,536. */
  maxBodyBytes: number;
  /** SERVE_RATE_LIMIT: requests a second per client address (burst twice that); 0 turns it off. Default 200. */
  rateLimit: number;
}

/** Thrown for any bad setting; `key` names it. The message never contains a secret's value. */
export class ConfigError extends CrisisDeskError {
  constructor(
    readonly key: string,
    expected: string,
    got: string,
  ) {
    super('ConfigError', `setting ${key}: expected ${expected}, got ${got}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const SNOWFLAKE = /^\d{17,20}$/;

/**
 * A setting's value as an error message may show it: short plain words and numbers (`verbose`, `-1`) as they
 * are; anything longer or stranger could be a secret pasted into the wrong setting, so only its length is told.
 */
/** A setting's value for an error message: short plain words as they are, anything else only by its length. */
export const describeSettingValue = (raw: string): string => shown(raw);

function shown(raw: string): string {
  return raw.length <= 12 && /^[\w.+-]*$/.test(raw)
    ? JSON.stringify(raw)
    : `a value of ${raw.length} characters (not shown)`;
}

/** What a Discord setting held, never echoed: ids and URLs sit beside the token, which is easily pasted into them. */
function describeDiscordValue(raw: string | undefined): string {
  if (raw === undefined) return 'nothing';
  if (/^[\w-]+\.[\w-]+\.[\w-]+$/.test(raw))
    return 'something shaped like a bot token (not shown; the token belongs in DISCORD_TOKEN)';
  return `a value of ${raw.length} characters (not shown)`;
}

function str(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = str(env, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(key, `an integer from ${min} to ${max}`, shown(raw));
  }
  return n;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = str(env, key);
  if (raw === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(key, 'true or false', shown(raw));
}

/** CORPUS as paths (commas separate them, so a path may hold spaces); null when unset or empty. */
function corpusList(env: Env): readonly string[] | null {
  const paths = (str(env, 'CORPUS') ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return paths.length === 0 ? null : Object.freeze(paths);
}

/** FEEDS as URLs: the value itself, or the file it names. A bad entry is named by position, never echoed. */
function feedList(env: Env): string[] {
  const raw = str(env, 'FEEDS');
  if (raw === undefined) return [];
  let text = raw;
  if (!/^https?:\/\//i.test(raw)) {
    try {
      text = readFileSync(raw, 'utf8').replace(/#.*/g, '');
    } catch (error) {
      throw new ConfigError(
        'FEEDS',
        'http(s) feed URLs, or a readable file listing them',
        `a path that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  const urls = text.split(/[\s,]+/).filter((u) => u !== '');
  urls.forEach((u, i) => {
    if (!URL.canParse(u) || !['http:', 'https:'].includes(new URL(u).protocol))
      throw new ConfigError(
        'FEEDS',
        'http(s) feed URLs',
        `entry ${i + 1} that is not one (${u.length} characters, not shown)`,
      );
  });
  return [...new Set(urls)];
}

/** FEED_ALLOW_HOSTS as entries; a bad one is named by position and shown only when it is short and plain. */
function feedAllowList(env: Env): string[] {
  const entries = (str(env, 'FEED_ALLOW_HOSTS') ?? '').split(/[\s,]+/).filter((e) => e !== '');
  entries.forEach((e, i) => {
    if (parseAllowEntry(e) === null) {
      throw new ConfigError(
        'FEED_ALLOW_HOSTS',
        'host names, IP addresses or CIDR ranges (e.g. 127.0.0.1, 10.0.0.0/8, feeds.intranet.example)',
        `entry ${i + 1}, ${shown(e)}`,
      );
    }
  });
  return [...new Set(entries)];
}

/** LOG_LEVEL=debug, read leniently: whether the CLI prints stack traces, even when other settings are bad. */
export function debugRequested(env: Env = process.env): boolean {
  return str(env, 'LOG_LEVEL')?.toLowerCase() === 'debug';
}

/** Reads the engine's settings from `env` (default: process.env). */
export function loadEngineConfig(env: Env = process.env): EngineConfig {
  const level = str(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(level as LogLevel)) {
    throw new ConfigError('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}`, shown(level));
  }
  const dtype = str(env, 'TRANSFORMERS_DTYPE') ?? 'q8';
  if (!(TRANSFORMERS_DTYPES as readonly string[]).includes(dtype)) {
    throw new ConfigError('TRANSFORMERS_DTYPE', `one of ${TRANSFORMERS_DTYPES.join(', ')}`, shown(dtype));
  }
  const store = str(env, 'STORE') ?? 'files';
  if (store !== 'files' && store !== 'postgres')
    throw new ConfigError('STORE', 'files or postgres', shown(store));
  const databaseUrl = str(env, 'DATABASE_URL') ?? null;
  // The URL may hold a password: say what is wrong with it, never what it is.
  if (databaseUrl !== null && !/^postgres(?:ql)?:\/\/\S+$/.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      'a postgres://user:password@host:port/database URL',
      `a value of ${databaseUrl.length} characters (not shown)`,
    );
  }
  if (store === 'postgres' && databaseUrl === null) {
    throw new ConfigError('DATABASE_URL', 'a postgres:// URL, since STORE=postgres', 'nothing');
  }
  return Object.freeze({
    store: store as IndexStoreKind,
    databaseUrl: store === 'postgres' ? databaseUrl : null,
    dataDir: path.resolve(str(env, 'DATA_DIR') ?? 'data'),
    embeddingModel: str(env, 'EMBEDDING_MODEL') ?? null,
    transformersLocalModels: path.resolve(str(env, 'TRANSFORMERS_LOCAL_MODELS') ?? 'models'),
    transformersAllowRemote: bool(env, 'TRANSFORMERS_ALLOW_REMOTE', false),
    transformersDtype: dtype as TransformersDtypeSetting,
    embedWorkers: int(env, 'EMBED_WORKERS', Math.max(1, os.availableParallelism()), 1, 64),
    embedThreads: int(env, 'EMBED_THREADS', Math.max(1, os.availableParallelism()), 1, 64),
    logLevel: level as LogLevel,
    feeds: Object.freeze(feedList(env)),
    reader: readerSetting(env),
    feedAllowHosts: Object.freeze(feedAllowList(env)),
    corpus: corpusList(env),
  });
}

/** The default reader's name; kept here so the config does not import the model catalog. */
export const DEFAULT_READER = 'ms-marco-MiniLM-L-12-v2';

function readerSetting(env: Env): EngineConfig['reader'] {
  const value = str(env, 'READER');
  if (value === undefined) return { name: DEFAULT_READER, required: false };
  if (value.toLowerCase() === 'off') return null;
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(value))
    throw new ConfigError('READER', `off or a reader name such as ${DEFAULT_READER}`, shown(value));
  return Object.freeze({ name: value, required: true });
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** SEARCH_TOKEN: long enough to resist guessing; never echoed. */
function searchToken(env: Env): string | null {
  const token = str(env, 'SEARCH_TOKEN') ?? null;
  if (token !== null && (token.length < 16 || /\s/.test(token))) {
    throw new ConfigError(
      'SEARCH_TOKEN',
      'at least 16 characters without spaces (e.g. openssl rand -hex 24)',
      `a value of ${token.length} characters (not shown)`,
    );
  }
  return token;
}

/** SEARCH_URL and its token and timeout; null when SEARCH_URL is unset (search in-process). */
export function loadSearchClientConfig(env: Env = process.env): SearchClientConfig | null {
  const url = str(env, 'SEARCH_URL');
  if (url === undefined) return null;
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(url)) {
    throw new ConfigError('SEARCH_URL', 'an http(s) URL such as http://127.0.0.1:8787', shown(url));
  }
  return { url, token: searchToken(env), timeoutMs: int(env, 'SEARCH_TIMEOUT_MS', 10_000, 100, 600_000) };
}

/** Reads the search service's settings (`npm run serve`). */
export function loadServiceConfig(env: Env = process.env): ServiceConfig {
  const engine = loadEngineConfig(env);
  const host = str(env, 'SERVE_HOST') ?? '127.0.0.1';
  const token = searchToken(env);
  if (token === null && !LOOPBACK.has(host)) {
    throw new ConfigError(
      'SEARCH_TOKEN',
      `a token when SERVE_HOST is not a loopback address (SERVE_HOST is ${shown(host)})`,
      'nothing',
    );
  }
  return Object.freeze({
    ...engine,
    host,
    port: int(env, 'SERVE_PORT', 8787, 0, 65_535),
    token,
    workers: int(env, 'SERVE_WORKERS', Math.max(1, os.availableParallelism()), 1, 64),
    maxBodyBytes: int(env, 'SERVE_MAX_BODY_BYTES', 65_536, 1024, 16 * 1024 * 1024),
    rateLimit: int(env, 'SERVE_RATE_LIMIT', 200, 0, 1_000_000),
  });
}

function shardCount(env: Env): 'auto' | number | null {
  const raw = str(env, 'SHARDS');
  const total = str(env, 'SHARD_COUNT') === undefined ? null : int(env, 'SHARD_COUNT', 1, 1, 1000);
  if (raw === undefined) return total;
  if (raw.toLowerCase() === 'auto') {
    if (total !== null)
      throw new ConfigError('SHARDS', `nothing, or ${total} as SHARD_COUNT says`, shown(raw));
    return 'auto';
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new ConfigError('SHARDS', 'auto or a shard count from 1 to 1000', shown(raw));
  if (total !== null && total !== n)
    throw new ConfigError('SHARDS', `nothing, or ${total} as SHARD_COUNT says`, shown(raw));
  return n;
}

/** SHARD_IDS: ids and ranges (`0-3,8`), each below the total; sorted, without repeats. */
function shardIds(env: Env, total: 'auto' | number | null): readonly number[] | null {
  const raw = str(env, 'SHARD_IDS');
  if (raw === undefined) return null;
  if (typeof total !== 'number')
    throw new ConfigError(
      'SHARD_COUNT',
      'the total number of shards over every machine, since SHARD_IDS is set',
      'nothing',
    );
  const ids = new Set<number>();
  for (const part of raw.split(/[\s,]+/).filter((p) => p !== '')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = Number(m?.[1]);
    const to = Number(m?.[2] ?? m?.[1]);
    if (m === null || from > to || to >= total) {
      throw new ConfigError(
        'SHARD_IDS',
        `shard ids or ranges from 0 to ${total - 1} (e.g. 0-3,8), since SHARD_COUNT is ${total}`,
        shown(part),
      );
    }
    for (let id = from; id <= to; id++) ids.add(id);
  }
  if (ids.size === 0) throw new ConfigError('SHARD_IDS', 'at least one shard id', shown(raw));
  return Object.freeze([...ids].sort((a, b) => a - b));
}

/** Reads everything the bot needs; a missing or malformed Discord setting is a ConfigError naming it. */
export function loadBotConfig(env: Env = process.env): BotConfig {
  const engine = loadEngineConfig(env);
  const token = str(env, 'DISCORD_TOKEN');
  if (token === undefined)
    throw new ConfigError('DISCORD_TOKEN', 'the bot token from the developer portal', 'nothing');
  // A token has three dot-separated parts; say so without echoing any of it.
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    throw new ConfigError(
      'DISCORD_TOKEN',
      'three dot-separated parts',
      `a value of ${token.length} characters`,
    );
  }
  const clientId = str(env, 'DISCORD_CLIENT_ID');
  if (clientId === undefined || !SNOWFLAKE.test(clientId)) {
    throw new ConfigError(
      'DISCORD_CLIENT_ID',
      'the application id (17–20 digits)',
      describeDiscordValue(clientId),
    );
  }
  const guildId = str(env, 'DISCORD_GUILD_ID') ?? null;
  if (guildId !== null && !SNOWFLAKE.test(guildId)) {
    throw new ConfigError(
      'DISCORD_GUILD_ID',
      'a server id (17–20 digits) or nothing',
      describeDiscordValue(guildId),
    );
  }
  const isShard = str(env, 'SHARDING_MANAGER') !== undefined;
  // In a shard, discord.js sets SHARDS to this shard's id (and SHARD_COUNT): its settings, not ours.
  const shards = isShard ? null : shardCount(env);
  const rest = str(env, 'DISCORD_REST_API') ?? null;
  if (rest !== null && !/^https?:\/\/[^\s]+$/.test(rest)) {
    throw new ConfigError(
      'DISCORD_REST_API',
      'an http(s) URL such as https://discord.com/api',
      describeDiscordValue(rest),
    );
  }
  return Object.freeze({
    ...engine,
    discordToken: token,
    discordClientId: clientId,
    discordGuildId: guildId,
    askCooldownSeconds: int(env, 'ASK_COOLDOWN_SECONDS', 5, 0, 3600),
    discordRestApi: rest,
    search: loadSearchClientConfig(env),
    shards,
    shardIds: isShard ? null : shardIds(env, shards),
    isShard,
    feedPollMinutes: int(env, 'FEED_POLL_MINUTES', 30, 0, 1440),
    metricsPort: metricsPort(env, isShard),
    metricsHost: str(env, 'METRICS_HOST') ?? '127.0.0.1',
    logFormat: logFormat(env),
  });
}

function metricsPort(env: Env, isShard: boolean): number | null {
  if (str(env, 'METRICS_PORT') === undefined) return null;
  const base = int(env, 'METRICS_PORT', 0, 1, 65_000);
  // In a shard, discord.js sets SHARDS to the shard's id.
  return isShard ? base + 1 + int(env, 'SHARDS', 0, 0, 999) : base;
}

function logFormat(env: Env): LogFormat {
  const raw = str(env, 'LOG_FORMAT') ?? 'text';
  if (raw !== 'text' && raw !== 'json') throw new ConfigError('LOG_FORMAT', 'text or json', shown(raw));
  return raw;
}

/** The environment for a child process we start (benchmarks): this process's settings with `extra` on top. */
export function childEnv(
  extra: Record<string, string>,
  env: Env = process.env,
): Record<string, string | undefined> {
  return { ...env, ...extra };
}
