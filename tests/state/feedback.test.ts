import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from '../../src/state/db.ts';
import { FeedbackStore } from '../../src/state/feedback.ts';
import type { Answer } from '../../src/types.ts';
import { answerOf } from '../helpers/fake-engine.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const answer = (question: string, confidence?: Answer['confidence']): Answer =>
  answerOf(question, confidence);

const MEMBER = '400000000000000777';
let db: StateDb;
let store: FeedbackStore;
let file: string;
let clock = Date.parse('2022-03-02T10:00:00Z');

beforeEach(async () => {
  file = path.join(await temp.make(), 'state.sqlite');
  db = openStateDb(file);
  store = new FeedbackStore(db, Buffer.alloc(32, 7), () => clock);
  return () => db.close();
});

describe('FeedbackStore', () => {
  it('stores an answer with its question, the passages shown, the generation and the model', () => {
    const id = store.recordAsk({
      guildId: 'g1',
      answer: answer('Who met Lavrov?'),
      generation: 'gen-1',
      model: 'bge-small',
    });
    expect(store.ask(id)).toEqual({
      id,
      guildId: 'g1',
      question: 'Who met Lavrov?',
      confidence: 'answer',
      generation: 'gen-1',
      model: 'bge-small',
      askedAt: '2022-03-02T10:00:00.000Z',
      passages: [1, 2].map((r) => ({
        rank: r,
        chunkId: `a${r}#0`,
        article: `a${r}`,
        title: 'Russia recognises breakaway regions',
        source: 'ABC News',
        date: '2022-02-21',
        highlight: `Highlighted answer number ${r}.`,
      })),
    });
  });

  it('keeps one vote per member and answer, changeable; a vote up clears the reason', () => {
    const id = store.recordAsk({ guildId: 'g1', answer: answer('q'), generation: 'g', model: 'm' });
    expect(store.vote(id, MEMBER, 1)).toBe(true);
    expect(store.tally(id)).toEqual({ up: 1, down: 0 });
    store.vote(id, MEMBER, -1);
    expect(store.tally(id)).toEqual({ up: 0, down: 1 });
    expect(store.voteOf(id, MEMBER)).toEqual({ vote: -1, reason: null });
    store.vote(id, MEMBER, -1, 'outdated');
    expect(store.voteOf(id, MEMBER)).toEqual({ vote: -1, reason: 'outdated' });
    // Clicking 👎 again (without a reason yet) keeps the reason given before.
    store.vote(id, MEMBER, -1);
    expect(store.voteOf(id, MEMBER)).toEqual({ vote: -1, reason: 'outdated' });
    store.vote(id, MEMBER, 1);
    expect(store.voteOf(id, MEMBER)).toEqual({ vote: 1, reason: null });
    store.vote(id, '400000000000000888', -1, 'bad-source');
    expect(store.tally(id)).toEqual({ up: 1, down: 1 });
    expect(db.all('SELECT * FROM votes')).toHaveLength(2);
  });

  it('a vote on an unknown answer is refused', () => {
    expect(store.vote(999, MEMBER, 1)).toBe(false);
    expect(db.all('SELECT * FROM votes')).toEqual([]);
  });

  it('never writes a member id in the clear', () => {
    const id = store.recordAsk({ guildId: 'g1', answer: answer('q'), generation: 'g', model: 'm' });
    store.vote(id, MEMBER, -1, 'other');
    db.close();
    const bytes = ['', '-wal'].map((suffix) => {
      try {
        return readFileSync(file + suffix).toString('latin1');
      } catch {
        return '';
      }
    });
    expect(bytes.join('')).not.toContain(MEMBER);
    db = openStateDb(file);
    expect(db.get<{ user_hash: string }>('SELECT user_hash FROM votes')!.user_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gap candidates are the declined answers and the voted-down ones, per server and since a day', () => {
    clock = Date.parse('2022-03-01T09:00:00Z');
    const none = store.recordAsk({
      guildId: 'g1',
      answer: answer('cake recipe', 'none'),
      generation: 'g',
      model: 'm',
    });
    clock = Date.parse('2022-03-02T09:00:00Z');
    const related = store.recordAsk({
      guildId: 'g1',
      answer: answer('grain deal terms', 'related'),
      generation: 'g',
      model: 'm',
    });
    const good = store.recordAsk({
      guildId: 'g1',
      answer: answer('who met Lavrov'),
      generation: 'g',
      model: 'm',
    });
    const down = store.recordAsk({
      guildId: 'g1',
      answer: answer('when did the war start'),
      generation: 'g',
      model: 'm',
    });
    store.recordAsk({ guildId: 'g2', answer: answer('other server', 'none'), generation: 'g', model: 'm' });
    store.vote(good, MEMBER, 1);
    store.vote(down, MEMBER, -1, 'wrong-passage');
    expect(store.gapCandidates({ guildId: 'g1' }).map((c) => [c.id, c.confidence, c.downvotes])).toEqual([
      [none, 'none', 0],
      [related, 'related', 0],
      [down, 'answer', 1],
    ]);
    expect(store.gapCandidates({ guildId: 'g1', since: '2022-03-02' }).map((c) => c.id)).toEqual([
      related,
      down,
    ]);
    expect(store.gapCandidates()).toHaveLength(4);
  });
});
