import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Community, CommunityUnavailableError } from '../../src/state/community.ts';
import { openStateDb, stateDbFile } from '../../src/state/db.ts';
import { defaultGuildSettings } from '../../src/state/settings.ts';
import type { Answer } from '../../src/types.ts';
import { passage } from '../helpers/fake-engine.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const answered: Answer = {
  question: 'Who met Lavrov?',
  answered: true,
  confidence: 'answer',
  passages: [passage(1)],
  hasMore: false,
  articlesConsidered: 5,
  notes: [],
  time: null,
};

describe('Community: settings and votes across restarts', () => {
  it('a restart keeps every vote and setting', async () => {
    const dataDir = await temp.make();
    const first = Community.open({ dataDir });
    expect(first.available).toBe(true);
    const askId = first.recordAsk('g1', answered, 'gen-1', 'bge')!;
    first.vote(askId, 'u1', -1, 'outdated');
    first.vote(askId, 'u2', 1);
    first.updateSettings('g1', {
      k: 5,
      private: true,
      channels: ['300000000000000009'],
      excludeKinds: ['tabloid'],
    });
    first.close();

    const second = Community.open({ dataDir });
    expect(second.settings('g1')).toMatchObject({
      k: 5,
      private: true,
      channels: ['300000000000000009'],
      excludeKinds: ['tabloid'],
    });
    expect(second.settings('g2')).toEqual(defaultGuildSettings);
    // Same key file, so the same member still has one vote to change.
    expect(second.vote(askId, 'u1', 1)).toEqual({ up: 2, down: 0 });
    expect(second.stores.feedback.voteOf(askId, 'u2')).toEqual({ vote: 1, reason: null });
    second.close();
  });

  it('refuses settings out of range with what was expected, and keeps the old ones', async () => {
    const community = Community.open({ dataDir: await temp.make() });
    expect(() => community.updateSettings('g1', { k: 20 })).toThrow(
      'crisis-desk: settings k: expected 1–8, got 20',
    );
    expect(() => community.updateSettings('g1', { cooldownSeconds: -5 })).toThrow(
      'cooldown: expected 0–3600 seconds, got -5',
    );
    expect(community.settings('g1').k).toBe(3);
    community.resetSettings('g1');
    community.close();
  });
});

describe('Community without a working database', () => {
  it('a damaged file is reported once and reads give the defaults; writes are dropped, nothing throws at /ask', async () => {
    const dataDir = await temp.make();
    Community.open({ dataDir }).close();
    writeFileSync(stateDbFile(dataDir), 'garbage '.repeat(1000));
    const problems: string[] = [];
    const community = Community.open({ dataDir, onProblem: (m) => problems.push(m) });
    expect(community.available).toBe(false);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /the bot state database .*state\.sqlite is damaged .*; answers go on without votes, settings and gaps$/,
    );
    expect(community.settings('g1')).toEqual(defaultGuildSettings);
    expect(community.recordAsk('g1', answered, 'g', 'm')).toBeNull();
    expect(community.vote(1, 'u1', 1)).toBeNull();
    expect(() => community.updateSettings('g1', { k: 2 })).toThrow(CommunityUnavailableError);
    expect(() => community.gaps()).toThrow(/unavailable: the bot state database .* is damaged/);
    expect(problems).toHaveLength(1);
  });

  it('a database locked by another process after start: the write is dropped and reported, the next one works', async () => {
    const dataDir = await temp.make();
    const problems: string[] = [];
    const community = Community.open({ dataDir, busyTimeoutMs: 10, onProblem: (m) => problems.push(m) });
    const other = openStateDb(stateDbFile(dataDir));
    other.run('BEGIN EXCLUSIVE');
    expect(community.recordAsk('g1', answered, 'g', 'm')).toBeNull();
    expect(problems[0]).toContain('is locked by another process');
    other.run('ROLLBACK');
    other.close();
    expect(community.recordAsk('g1', answered, 'g', 'm')).toEqual(expect.any(Number));
    community.close();
  });

  it('a loop that was never opened says so', () => {
    const off = Community.disabled('no DATA_DIR');
    expect(off.available).toBe(false);
    expect(off.problem).toBe('no DATA_DIR');
    expect(() => off.gaps()).toThrow("crisis-desk: the bot's state database is unavailable: no DATA_DIR");
  });
});
