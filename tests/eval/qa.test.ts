import { describe, expect, it } from 'vitest';
import { qaRows, summarize } from '../../src/eval/qa.ts';
import { fakeEngine } from '../helpers/fake-engine.ts';

describe('qaRows', () => {
  it('asks each question for the top 10 and scores it against its gold, in order', async () => {
    const engine = fakeEngine();
    const items = [
      {
        id: 'q1',
        question: 'Which answer is second?',
        answerable: true,
        gold: [{ article: 'a2', phrase: 'answer number 2' }],
      },
      {
        id: 'q2',
        question: 'Which answer is third, by any outlet?',
        answerable: true,
        gold: [{ article: 'zz', phrase: 'answer number 3' }],
      },
    ];
    const rows = await qaRows(engine, items, (answer) => answer.passages[0]!.chunkId);
    expect(engine.calls.map((c) => [c.question, c.options.k])).toEqual([
      ['Which answer is second?', 10],
      ['Which answer is third, by any outlet?', 10],
    ]);
    expect(rows.map((r) => [r.id, r.rank, r.anyRank, r.top])).toEqual([
      ['q1', 2, 2, 'a1#0'],
      ['q2', null, 3, 'a1#0'],
    ]);
    expect(summarize(rows, 3).hitAt3).toBe(0.5);
  });
});
