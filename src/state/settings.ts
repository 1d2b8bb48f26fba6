/**
 * Per-server settings, set by admins with /settings and applied to every command in that server. Stored as
 * one JSON object per server; a missing key means the default, so later settings need no migration.
 */
import { z } from 'zod';
import type { StateDb } from './db.ts';

export interface GuildSettings {
  /** Passages per /ask when the member does not say. Default 3 (1–8). */
  k: number;
  /** Answers are ephemeral unless the member says otherwise. Default false. */
  private: boolean;
  /** Channel ids where /ask may run; empty (the default) means every channel. */
  channels: string[];
  /** Outlets (as the index names them) left out of this server's answers. */
  excludeOutlets: string[];
  /** Kinds of outlet (src/outlets/outlets.json) left out of this server's answers. */
  excludeKinds: string[];
  /** Seconds between two /ask by one member; null (the default) uses ASK_COOLDOWN_SECONDS. */
  cooldownSeconds: number | null;
  /**
   * A role (id) whose members may run /reindex, /gaps and change /settings besides those with Manage Server;
   * null (the default) leaves them to Manage Server alone.
   */
  adminRole: string | null;
}

export const defaultGuildSettings: Readonly<GuildSettings> = Object.freeze({
  k: 3,
  private: false,
  channels: [],
  excludeOutlets: [],
  excludeKinds: [],
  cooldownSeconds: null,
  adminRole: null,
});

export const SETTINGS_LIMITS = Object.freeze({ minK: 1, maxK: 8, maxCooldown: 3600, maxList: 25 });

/** Checks a change before it is stored; returns what is wrong, or null. */
function validateSettings(s: GuildSettings): string | null {
  const L = SETTINGS_LIMITS;
  if (!Number.isInteger(s.k) || s.k < L.minK || s.k > L.maxK)
    return `k: expected ${L.minK}–${L.maxK}, got ${s.k}`;
  if (
    s.cooldownSeconds !== null &&
    (!Number.isInteger(s.cooldownSeconds) || s.cooldownSeconds < 0 || s.cooldownSeconds > L.maxCooldown)
  )
    return `cooldown: expected 0–${L.maxCooldown} seconds, got ${s.cooldownSeconds}`;
  for (const [name, list] of [
    ['channels', s.channels],
    ['excluded outlets', s.excludeOutlets],
    ['excluded kinds', s.excludeKinds],
  ] as const)
    if (list.length > L.maxList) return `${name}: expected at most ${L.maxList}, got ${list.length}`;
  return null;
}

/**
 * A stored row as schema: each key that is missing (or holds the wrong type) falls back to its default on its own,
 * and a row that is not an object at all gives the defaults.
 */
const storedSettingsSchema = z
  .object({
    k: z.number().catch(defaultGuildSettings.k),
    private: z.boolean().catch(defaultGuildSettings.private),
    channels: z.array(z.string()).catch(() => []),
    excludeOutlets: z.array(z.string()).catch(() => []),
    excludeKinds: z.array(z.string()).catch(() => []),
    cooldownSeconds: z.number().nullable().catch(null),
    adminRole: z
      .string()
      .regex(/^\d{17,20}$/)
      .nullable()
      .catch(null),
  })
  .catch(() => ({
    ...defaultGuildSettings,
    channels: [],
    excludeOutlets: [],
    excludeKinds: [],
  })) satisfies z.ZodType<GuildSettings>;

/** Fills what a stored object lacks (or holds of the wrong type) with the defaults. */
function parseSettings(json: string): GuildSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json);
  } catch {
    // A hand-edited row that is not JSON: the defaults serve, and the next /settings overwrites it.
  }
  return storedSettingsSchema.parse(raw);
}

export class SettingsStore {
  constructor(
    private readonly db: StateDb,
    private readonly now: () => number = Date.now,
  ) {}

  get(guildId: string): GuildSettings {
    const row = this.db.get<{ settings: string }>(
      'SELECT settings FROM guild_settings WHERE guild_id = ?',
      guildId,
    );
    return row === undefined
      ? { ...defaultGuildSettings, channels: [], excludeOutlets: [], excludeKinds: [] }
      : parseSettings(row.settings);
  }

  /** Applies `change` over the stored settings; throws with what is wrong when the result is invalid. */
  update(guildId: string, change: Partial<GuildSettings>): GuildSettings {
    return this.db.transaction(() => {
      const next = { ...this.get(guildId), ...change };
      const problem = validateSettings(next);
      if (problem !== null) throw new RangeError(`crisis-desk: settings ${problem}`);
      this.db.run(
        `INSERT INTO guild_settings (guild_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
        guildId,
        JSON.stringify(next),
        new Date(this.now()).toISOString(),
      );
      return next;
    });
  }

  reset(guildId: string): void {
    this.db.run('DELETE FROM guild_settings WHERE guild_id = ?', guildId);
  }
}
