/**
 * The bot state database's schema, one migration per version. To change the schema, append a migration with
 * the next version here (never edit an applied one): openStateDb applies what a database has not seen yet,
 * each in its own transaction, and records it in `schema_migrations`.
 */
export interface Migration {
  /** 1, 2, 3, … in order, without gaps. */
  version: number;
  name: string;
  /** SQL run once, inside a transaction. */
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'asks, votes and server settings',
    up: `
      -- One row per answer page shown. Nothing about the member who asked is kept but the question text.
      CREATE TABLE asks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id TEXT,
        question TEXT NOT NULL,
        confidence TEXT NOT NULL CHECK (confidence IN ('answer', 'related', 'none')),
        passages TEXT NOT NULL,
        generation TEXT NOT NULL,
        model TEXT NOT NULL,
        asked_at TEXT NOT NULL
      );
      CREATE INDEX asks_asked_at ON asks (asked_at);
      -- One vote per member per answer: user_hash is a keyed hash (HMAC-SHA256) of the member's id.
      CREATE TABLE votes (
        ask_id INTEGER NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
        user_hash TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        reason TEXT,
        voted_at TEXT NOT NULL,
        PRIMARY KEY (ask_id, user_hash)
      );
      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        settings TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'watches',
    up: `
      -- /watch: standing queries per channel (src/state/watch-sqlite-store.ts). No member id is kept in the clear.
      CREATE TABLE watches (
        id TEXT PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        query TEXT NOT NULL,
        source TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX watches_guild ON watches (guild_id);
      CREATE INDEX watches_channel ON watches (channel_id);
    `,
  },
];
