import { describe, expect, it } from 'vitest';
import { shingles } from '../../src/search/ranking.ts';
import {
  corroboration,
  defaultStoryRule,
  newest,
  relation,
  storyNotes,
  type StoryItem,
} from '../../src/search/story.ts';
import { words } from '../../src/index/tokenize.ts';
import { citation } from '../helpers/fake-engine.ts';

function item(
  chunk: number,
  doc: number,
  source: string | null,
  date: string | null,
  text = `text of ${chunk} ${doc} only here`,
): StoryItem {
  return { chunk, doc, citation: citation({ id: `d${doc}`, source, date }), shingles: shingles(words(text)) };
}

const wire =
  'Russian forces shelled the plant overnight, the operator said, cutting the last power line to the reactors.';

describe('relation', () => {
  const rule = defaultStoryRule;
  it('calls copies the same thing by shingles whatever the cosine or dates', () => {
    expect(
      relation(item(1, 1, 'AP', '2022-08-01', wire), item(2, 2, 'HuffPost', '2022-08-20', wire), 0.1, rule),
    ).toBe('same-thing');
  });

  it('calls a close rewrite the same thing only within the day window; later, the same story', () => {
    const a = item(1, 1, 'BBC News', '2022-08-01');
    expect(relation(a, item(2, 2, 'RT', '2022-08-02'), rule.sameThing, rule)).toBe('same-thing');
    expect(relation(a, item(3, 3, 'RT', '2022-08-09'), rule.sameThing, rule)).toBe('same-story');
    expect(relation(a, item(4, 4, 'RT', '2022-08-02'), rule.sameStory - 0.01, rule)).toBe('other');
  });

  it('never relates an article to itself', () => {
    expect(
      relation(item(1, 1, 'AP', '2022-08-01', wire), item(2, 1, 'AP', '2022-08-01', wire), 1, rule),
    ).toBe('other');
  });
});

describe('corroboration', () => {
  it('counts distinct outlets, own first; one outlet’s copies count once', () => {
    const own = citation({ source: 'AP' });
    const others = [
      citation({ source: 'Reuters' }),
      citation({ source: 'AP', id: 'x' }),
      citation({ source: 'ap', id: 'y' }),
      citation({ source: 'BBC News' }),
    ];
    expect(corroboration(own, others)).toEqual({ outlets: 3, names: ['AP', 'Reuters', 'BBC News'] });
  });

  it('counts an unnamed outlet only for the passage itself', () => {
    expect(corroboration(citation({ source: null }), [citation({ source: null, id: 'z' })])).toEqual({
      outlets: 1,
      names: ['Unknown outlet'],
    });
  });
});

describe('newest', () => {
  it('names the newest later report, and none for an undated passage or when nothing is newer', () => {
    const own = citation({ date: '2022-03-01' });
    const later = [
      citation({ date: '2022-03-15', source: 'The Guardian' }),
      citation({ date: '2022-04-02', source: 'BBC News' }),
      citation({ date: '2022-02-01' }),
    ];
    expect(newest(own, later)?.source).toBe('BBC News');
    expect(newest(own, [citation({ date: '2022-02-01' })])).toBeNull();
    expect(newest(citation({ date: null }), later)).toBeNull();
  });
});

describe('storyNotes', () => {
  it('adds near-duplicates from other outlets to the wire copies and finds newer reporting on the story', () => {
    const best = item(1, 1, 'AP', '2022-08-01');
    const copy = item(2, 2, 'HuffPost', '2022-08-01');
    const sameDayRewrite = item(3, 3, 'BBC News', '2022-08-01');
    const apAgain = item(4, 4, 'AP', '2022-08-01');
    const followUp = item(5, 5, 'The Guardian', '2022-08-20');
    const unrelated = item(6, 6, 'RT', '2022-09-01');
    const cos = new Map([
      [3, 0.9],
      [4, 0.95],
      [5, 0.8],
      [6, 0.5],
    ]);
    const [note] = storyNotes(
      [{ best, copies: [copy] }],
      [best, copy, sameDayRewrite, apAgain, followUp, unrelated],
      (_, b) => cos.get(b) ?? 0,
    );
    expect(note!.corroboration).toEqual({ outlets: 3, names: ['AP', 'HuffPost', 'BBC News'] });
    expect(note!.newer).toMatchObject({ source: 'The Guardian', date: '2022-08-20' });
    expect(note!.same.map((s) => s.chunk)).toEqual([2, 3, 4]);
  });
});
