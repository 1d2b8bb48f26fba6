import { describe, expect, it } from 'vitest';
import { preferRecent, rangeNote, RECENCY_NOTE, recencyShare, timeScope } from '../../src/search/scope.ts';

const span = { first: '2021-11-15', last: '2022-12-28' };
const none = { after: null, before: null };

describe('timeScope', () => {
  it('applies the dates the question names and says so', () => {
    expect(timeScope('What happened in Mariupol in March 2022?', none, span)).toEqual({
      time: { after: '2022-03-01', before: '2022-03-31', recency: false, source: 'question' },
      label: 'March 2022',
      notes: ['Articles from March 2022, as the question asks.'],
      afterSpan: false,
    });
  });

  it('lets explicit after/before options win over the question, and names what they overrode', () => {
    const s = timeScope(
      'What happened in Mariupol in March 2022?',
      { after: '2022-05-01', before: null },
      span,
    );
    expect(s.time).toEqual({ after: '2022-05-01', before: null, recency: false, source: 'options' });
    expect(s.notes).toEqual([
      "Articles since 2022-05-01, as the after/before options ask (the question's “March 2022” is overridden).",
    ]);
  });

  it('keeps the recency wish under explicit options', () => {
    const s = timeScope(
      'What is the latest on Kherson?',
      { after: '2022-10-01', before: '2022-11-30' },
      span,
    );
    expect(s.time).toEqual({ after: '2022-10-01', before: '2022-11-30', recency: true, source: 'options' });
    expect(s.notes).toContain(RECENCY_NOTE);
  });

  it('ranks a question with no time in it as today: no dates, no recency, no notes', () => {
    expect(timeScope('Who did Kuleba meet in Washington?', none, span)).toEqual({
      time: null,
      label: null,
      notes: [],
      afterSpan: false,
    });
  });

  it('says when a named year lies outside the indexed articles and applies nothing for it', () => {
    const s = timeScope('What happened in Crimea in 2014?', none, span);
    expect(s.time).toBeNull();
    expect(s.notes).toEqual([
      'The question names 2014, outside the indexed articles (2021-11-15 to 2022-12-28); no dates applied for it.',
    ]);
  });

  it('says when the question names a time after the newest article, which the articles cannot answer', () => {
    const s = timeScope('How many died in the Kakhovka flooding in June 2023?', none, span);
    expect(s.time).toBeNull();
    expect(s.afterSpan).toBe(true);
    expect(s.notes).toEqual([
      'The question names June 2023, after the newest indexed article (2022-12-28): the articles cannot report it, so none is given as its answer.',
    ]);
  });

  it('reads no question dates without a corpus span (an index of undated articles)', () => {
    expect(timeScope('in March 2022', none, null)).toEqual({
      time: null,
      label: null,
      notes: [],
      afterSpan: false,
    });
  });

  it('rangeNote words open and closed ranges', () => {
    expect(rangeNote('March 2022')).toBe('Articles from March 2022');
    expect(rangeNote('before 2022-03-01')).toBe('Articles before 2022-03-01');
    expect(rangeNote('up to 2022-02-23 (before the invasion)')).toBe(
      'Articles up to 2022-02-23 (before the invasion)',
    );
  });
});

describe('preferRecent', () => {
  it('adds weight × the share of the span to the score, undated articles adding nothing', () => {
    expect(recencyShare('2021-11-15', span)).toBe(0);
    expect(recencyShare('2022-12-28', span)).toBe(1);
    expect(recencyShare(null, span)).toBe(0);
    const ranked = [
      { id: 'old', score: 0.9, date: '2022-03-01' },
      { id: 'new', score: 0.85, date: '2022-11-01' },
      { id: 'undated', score: 0.88, date: null },
    ];
    expect(preferRecent(ranked, (r) => r.date, span, 0).map((r) => r.id)).toEqual(['old', 'undated', 'new']);
    expect(preferRecent(ranked, (r) => r.date, span, 1).map((r) => r.id)).toEqual(['new', 'old', 'undated']);
  });

  it('keeps the earlier order on ties', () => {
    const ranked = [
      { id: 'a', score: 0.5 },
      { id: 'b', score: 0.5 },
    ];
    expect(preferRecent(ranked, () => '2022-05-01', span).map((r) => r.id)).toEqual(['a', 'b']);
  });
});
