import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQaFile } from '../../src/eval/qa.ts';
import { openStateDb } from '../../src/state/db.ts';
import { FeedbackStore } from '../../src/state/feedback.ts';
import { feedbackByDay, votedUpAsQa } from '../../src/state/reports.ts';
import type { Answer } from '../../src/types.ts';
import { answerOf, passage } from '../helpers/fake-engine.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

// The second passage's long highlight checks that an export cuts a gold phrase at a word.
const answer = (question: string, confidence?: Answer['confidence']): Answer =>
  answerOf(question, confidence, [
    passage(1),
    passage(2, { highlight: 'x'.repeat(50) + ' ' + 'y'.repeat(200) }),
  ]);

async function filled() {
  let clock = Date.parse('2022-03-01T10:00:00Z');
  const db = openStateDb(path.join(await temp.make(), 'state.sqlite'));
  const store = new FeedbackStore(db, Buffer.alloc(32, 1), () => clock);
  const a = store.recordAsk({ guildId: 'g', answer: answer('Who met Lavrov?'), generation: 'g', model: 'm' });
  const b = store.recordAsk({ guildId: 'g', answer: answer('cake', 'none'), generation: 'g', model: 'm' });
  store.vote(a, 'u1', 1);
  store.vote(a, 'u2', 1);
  store.vote(a, 'u3', -1, 'outdated');
  clock = Date.parse('2022-03-02T10:00:00Z');
  const c = store.recordAsk({
    guildId: 'g',
    answer: answer('When did the war start?'),
    generation: 'g',
    model: 'm',
  });
  const d = store.recordAsk({ guildId: 'g', answer: answer('who met lavrov?'), generation: 'g', model: 'm' });
  store.vote(c, 'u1', -1);
  store.vote(d, 'u1', 1);
  return { db, store, ids: { a, b, c, d } };
}

describe('reports', () => {
  it('feedback: answers, votes and the up rate per day, and votes down per reason', async () => {
    const { db, store } = await filled();
    const { days, total } = feedbackByDay(store);
    expect(days.map((d) => [d.day, d.answers, d.up, d.down, d.upRate])).toEqual([
      ['2022-03-01', 1, 2, 1, 2 / 3],
      ['2022-03-02', 2, 1, 1, 0.5],
    ]);
    expect(days[0]!.reasons).toMatchObject({ outdated: 1, unstated: 0 });
    expect(total).toMatchObject({
      answers: 3,
      up: 3,
      down: 2,
      upRate: 0.6,
      reasons: { outdated: 1, unstated: 1, other: 0 },
    });
    expect(feedbackByDay(store, '2022-03-02').days.map((d) => d.day)).toEqual(['2022-03-02']);
    db.close();
  });

  it('export: voted-up answers become eval questions that parse, one per distinct question', async () => {
    const { db, store, ids } = await filled();
    const items = votedUpAsQa(store);
    expect(items.map((i) => i.id)).toEqual([`community-${ids.a}`]);
    expect(items[0]).toMatchObject({ question: 'Who met Lavrov?', answerable: true });
    expect(items[0]!.gold[0]).toEqual({ article: 'a1', phrase: 'Highlighted answer number 1.' });
    // A long highlight is cut at a word.
    expect(items[0]!.gold[1]!.phrase).toBe('x'.repeat(50));
    const file = items.map((i) => JSON.stringify(i)).join('\n');
    expect(parseQaFile(file, 'export.jsonl')).toEqual(items);
    db.close();
  });
});
