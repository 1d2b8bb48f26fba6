import { describe, expect, it } from 'vitest';
import { readTime, withoutTime } from '../../src/search/time.ts';

const span = { first: '2021-11-15', last: '2022-12-28' };

describe('readTime', () => {
  it.each([
    ['What happened in Mariupol in March 2022?', '2022-03-01', '2022-03-31', 'March 2022'],
    ['What did Zelensky say on 24 February?', '2022-02-24', '2022-02-24', '2022-02-24'],
    ['What did he say on February 24, 2022?', '2022-02-24', '2022-02-24', '2022-02-24'],
    ['Troop moves before the invasion', null, '2022-02-23', 'up to 2022-02-23 (before the invasion)'],
    ["Sanctions after Russia's invasion", '2022-02-24', null, 'from 2022-02-24 (since the invasion)'],
    [
      'Who fled in the first week of the war?',
      '2022-02-24',
      '2022-03-02',
      '2022-02-24 to 2022-03-02 (the first week of the war)',
    ],
    [
      'Fighting in the second month of the war',
      '2022-03-24',
      '2022-04-23',
      '2022-03-24 to 2022-04-23 (the second month of the war)',
    ],
    ['Shelling between 1 March and 15 March', '2022-03-01', '2022-03-15', '2022-03-01 to 2022-03-15'],
    ['Grain from April to June 2022', '2022-04-01', '2022-06-30', 'April 2022 to June 2022'],
    ['What changed after May 2022?', '2022-06-01', null, 'after May 2022'],
    ['Strikes since April', '2022-04-01', null, 'since April 2022'],
    ['Losses until 10 March', null, '2022-03-10', 'up to 2022-03-10'],
    ['Talks before 1 March', null, '2022-02-28', 'before 2022-03-01'],
    ['Kherson in early March', '2022-03-01', '2022-03-10', 'early March 2022'],
    ['Kharkiv in mid-April', '2022-04-11', '2022-04-20', 'mid-April 2022'],
    ['What did Russia do in 2022?', '2022-01-01', '2022-12-31', '2022'],
    ['The strike on 2022-03-15', '2022-03-15', '2022-03-15', '2022-03-15'],
  ])('%s → %s..%s', (q, after, before, label) => {
    const r = readTime(q, span);
    expect({
      after: r.after,
      before: r.before,
      label: r.label,
      recency: r.recency,
      outside: r.outside,
    }).toEqual({
      after,
      before,
      label,
      recency: false,
      outside: null,
    });
  });

  it('gives a day or month without a year the latest year whose range meets the corpus span', () => {
    // November exists in both 2021 and 2022 here: the latest wins; with a span ending in 2022-10 it is 2021.
    expect(readTime('in November', span)).toMatchObject({ after: '2022-11-01', before: '2022-11-30' });
    expect(readTime('in November', { first: '2021-11-15', last: '2022-10-31' })).toMatchObject({
      after: '2021-11-01',
      before: '2021-11-30',
    });
    expect(readTime('on 3 December', { first: '2021-11-15', last: '2022-11-30' })).toMatchObject({
      after: '2021-12-03',
    });
  });

  it('reads the latest, most recent and a final "now" as a recency wish, not a bare "now"', () => {
    for (const q of [
      'What is the latest on Kherson?',
      'Most recent reporting on grain',
      'What is happening in Kherson now?',
      'Where are they currently?',
    ]) {
      expect(readTime(q, span).recency, q).toBe(true);
    }
    for (const q of [
      "Where does he live now that he's in exile?",
      'Her son now wants to shoot',
      'Russia may invade in spring',
    ]) {
      expect(readTime(q, span).recency, q).toBe(false);
    }
  });

  it('finds no time in a question without any, and no month in "may" or "march" used as words', () => {
    for (const q of ['Who did Kuleba meet in Washington?', 'Russia may invade', 'Troops march on Kyiv']) {
      expect(readTime(q, span)).toEqual({
        after: null,
        before: null,
        recency: false,
        label: null,
        phrases: [],
        outside: null,
        afterSpan: false,
      });
    }
  });

  it('does not apply a year outside the indexed span, and says which', () => {
    expect(readTime('When did Russia seize Crimea in 2014?', span)).toMatchObject({
      after: null,
      before: null,
      outside: '2014',
      afterSpan: false,
    });
  });

  it('marks a range that begins after the newest indexed article, which no indexed article can report', () => {
    expect(readTime('How many died in the flooding in June 2023?', span)).toMatchObject({
      after: null,
      outside: 'June 2023',
      afterSpan: true,
    });
    expect(readTime('What happened after December 2022?', span)).toMatchObject({ afterSpan: true });
    expect(readTime('What happened before 2021?', span)).toMatchObject({ afterSpan: false });
  });

  it('rejects days that do not exist', () => {
    expect(readTime('on 31 February', span)).toMatchObject({ after: null, before: null });
  });

  it('withoutTime takes the time words out of the search text', () => {
    const q = 'What happened in Mariupol in March 2022?';
    expect(withoutTime(q, readTime(q, span))).toBe('What happened in Mariupol?');
  });
});
