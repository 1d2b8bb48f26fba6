import { describe, expect, it } from 'vitest';
import type { GapCandidate } from '../../src/state/feedback.ts';
import { contentWords, groupGaps, overlap } from '../../src/state/gaps.ts';

let n = 0;
const q = (question: string, askedAt: string, extra: Partial<GapCandidate> = {}): GapCandidate => ({
  id: ++n,
  question,
  askedAt,
  confidence: 'none',
  downvotes: 0,
  ...extra,
});

describe('gap grouping', () => {
  it('reduces a question to its content words: stop words out, Porter stems', () => {
    expect([...contentWords('What are the new sanctions on Russian banks?')]).toEqual([
      'new',
      'sanction',
      'russian',
      'bank',
    ]);
    expect(overlap(contentWords('sanctions on Russian banks'), contentWords('Russian bank sanction'))).toBe(
      1,
    );
    expect(overlap(contentWords('grain deal'), contentWords('nuclear plant'))).toBe(0);
    expect(overlap(new Set(), new Set())).toBe(1);
  });

  it('puts rewordings together and keeps different questions apart, with counts and dates', () => {
    const groups = groupGaps([
      q('What sanctions hit Russian banks?', '2022-03-01T10:00:00Z'),
      q('Who runs the Zaporizhzhia nuclear plant?', '2022-03-01T11:00:00Z', { confidence: 'related' }),
      q('sanctions on Russian banks', '2022-03-02T10:00:00Z', { confidence: 'answer', downvotes: 2 }),
      q('What sanctions hit Russian banks?', '2022-03-03T10:00:00Z'),
      q('Which sanctions hit Russian banks?', '2022-03-04T10:00:00Z'),
    ]);
    expect(groups).toEqual([
      {
        question: 'What sanctions hit Russian banks?',
        variants: ['sanctions on Russian banks', 'Which sanctions hit Russian banks?'],
        count: 4,
        declined: 3,
        downvotes: 2,
        firstAsked: '2022-03-01T10:00:00Z',
        lastAsked: '2022-03-04T10:00:00Z',
      },
      {
        question: 'Who runs the Zaporizhzhia nuclear plant?',
        variants: [],
        count: 1,
        declined: 1,
        downvotes: 0,
        firstAsked: '2022-03-01T11:00:00Z',
        lastAsked: '2022-03-01T11:00:00Z',
      },
    ]);
  });

  it('compares with the first question of a group, so a chain of small changes does not drift into one group', () => {
    const groups = groupGaps([
      q('grain deal Odesa port', '2022-07-01T00:00:00Z'),
      q('grain deal Odesa ships', '2022-07-02T00:00:00Z'),
      q('Odesa ships missiles strike', '2022-07-03T00:00:00Z'),
    ]);
    expect(groups.map((g) => g.count)).toEqual([2, 1]);
  });

  it('a stricter overlap splits more; an empty list gives no groups', () => {
    const list = [
      q('sanctions on Russian banks', '2022-03-01T00:00:00Z'),
      q('new sanctions on Russian banks', '2022-03-02T00:00:00Z'),
    ];
    expect(groupGaps(list)).toHaveLength(1);
    expect(groupGaps(list, 0.9)).toHaveLength(2);
    expect(groupGaps([])).toEqual([]);
  });
});
