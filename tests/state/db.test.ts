import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStateDb, StateDbError, stateDbFile } from '../../src/state/db.ts';
import { MIGRATIONS, type Migration } from '../../src/state/migrations.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const v1: Migration = {
  version: 1,
  name: 'notes',
  up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)',
};
const v2: Migration = {
  version: 2,
  name: 'watches',
  up: 'CREATE TABLE watches (id INTEGER PRIMARY KEY, topic TEXT NOT NULL)',
};

describe('openStateDb', () => {
  it('creates the file under DATA_DIR/bot/ owner-only, in WAL mode, with every migration applied once', async () => {
    const file = stateDbFile(await temp.make());
    expect(file).toMatch(/[/\\]bot[/\\]state\.sqlite$/);
    const db = openStateDb(file);
    expect(db.appliedVersions()).toEqual(MIGRATIONS.map((m) => m.version));
    expect(db.get<{ journal_mode: string }>('PRAGMA journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    db.close();
    const again = openStateDb(file);
    expect(again.all('SELECT version FROM schema_migrations')).toHaveLength(MIGRATIONS.length);
    again.close();
  });

  it('applies only the migrations a database has not seen, keeping its data', async () => {
    const file = path.join(await temp.make(), 'state.sqlite');
    const first = openStateDb(file, { migrations: [v1] });
    first.run('INSERT INTO notes (text) VALUES (?)', 'kept');
    first.close();
    const second = openStateDb(file, { migrations: [v1, v2] });
    expect(second.appliedVersions()).toEqual([1, 2]);
    expect(second.all('SELECT text FROM notes')).toEqual([{ text: 'kept' }]);
    second.run('INSERT INTO watches (topic) VALUES (?)', 'grain');
    second.close();
  });

  it('refuses migrations that do not count up from 1, and a database newer than the code', async () => {
    const file = path.join(await temp.make(), 'state.sqlite');
    expect(() => openStateDb(file, { migrations: [v2] })).toThrow(
      'migration watches: expected version 1 (versions count up from 1 without gaps), got 2',
    );
    openStateDb(file, { migrations: [v1, v2] }).close();
    const error = (() => {
      try {
        openStateDb(file, { migrations: [v1] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StateDbError);
    expect((error as Error).message).toContain(
      'written by a newer Crisis Desk (schema version 2); this one knows up to 1',
    );
  });

  it('rolls a failing migration back whole, so the next start tries it again', async () => {
    const file = path.join(await temp.make(), 'state.sqlite');
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: 'CREATE TABLE half (x); SELECT * FROM no_such_table',
    };
    openStateDb(file, { migrations: [v1] }).close();
    expect(() => openStateDb(file, { migrations: [v1, broken] })).toThrow(StateDbError);
    const db = openStateDb(file, { migrations: [v1] });
    expect(db.appliedVersions()).toEqual([1]);
    expect(db.all("SELECT name FROM sqlite_master WHERE name = 'half'")).toEqual([]);
    db.close();
  });

  it('a file that is not a database is reported as damaged, saying what to do', async () => {
    const file = path.join(await temp.make(), 'state.sqlite');
    writeFileSync(
      file,
      'this is not SQLite at all, just text that someone saved over the database file\n'.repeat(80),
    );
    let error: unknown;
    try {
      openStateDb(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDbError);
    expect((error as StateDbError).problem).toBe('damaged');
    expect((error as Error).message).toMatch(
      /^crisis-desk: the bot state database .* is damaged \(.*\); expected an SQLite file\. Move it aside/,
    );
  });

  it('a database another process holds locked is reported as locked', async () => {
    const file = path.join(await temp.make(), 'state.sqlite');
    const holder = openStateDb(file, { migrations: [v1] });
    holder.run('BEGIN EXCLUSIVE');
    try {
      const other = openStateDb(file, { migrations: [v1], busyTimeoutMs: 10 });
      let error: unknown;
      try {
        other.run('INSERT INTO notes (text) VALUES (?)', 'blocked');
      } catch (e) {
        error = e;
      }
      other.close();
      expect(error).toBeInstanceOf(StateDbError);
      expect((error as StateDbError).problem).toBe('locked');
      expect((error as Error).message).toContain('is locked by another process');
    } finally {
      holder.run('ROLLBACK');
      holder.close();
    }
  });

  it('a transaction writes all of it or none', async () => {
    const db = openStateDb(path.join(await temp.make(), 'state.sqlite'), { migrations: [v1] });
    expect(() =>
      db.transaction(() => {
        db.run('INSERT INTO notes (text) VALUES (?)', 'first');
        db.run('INSERT INTO notes (text) VALUES (?)', null);
      }),
    ).toThrow(StateDbError);
    expect(db.all('SELECT * FROM notes')).toEqual([]);
    db.close();
  });
});
