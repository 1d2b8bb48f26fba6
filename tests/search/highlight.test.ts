import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { coverageStem } from '../../src/index/tokenize.ts';
import { bestSentence } from '../../src/search/highlight.ts';
import { QueryMatcher } from '../../src/search/match.ts';
import type { WeightedTerm } from '../../src/search/ranking.ts';

const q = (...pairs: [string, number][]): QueryMatcher =>
  new QueryMatcher(pairs.map(([w, idf]): WeightedTerm => ({ term: stemmer(w), idf })));

describe('bestSentence', () => {
  const passage =
    'Talks began in Geneva. Kuleba met Austin in Washington on Tuesday. Kuleba also spoke to reporters.';

  it('picks the sentence with the most question idf mass, with its offsets in the passage', () => {
    const h = bestSentence(passage, q(['Kuleba', 1], ['meeting', 1], ['Washington', 2]));
    expect(h.text).toBe('Kuleba met Austin in Washington on Tuesday.');
    expect(passage.slice(h.start, h.end)).toBe(h.text);
  });

  it('the earlier sentence wins an exact tie, and the dense bonus breaks it', () => {
    const query = q(['Kuleba', 1]);
    expect(bestSentence(passage, query).text).toBe('Kuleba met Austin in Washington on Tuesday.');
    const last = passage.indexOf('Kuleba also');
    expect(bestSentence(passage, query, (offset) => (offset === last ? 0.1 : 0)).text).toBe(
      'Kuleba also spoke to reporters.',
    );
  });

  it('falls back to the whole passage when it has no sentence', () => {
    expect(bestSentence('', q(['x', 1]))).toEqual({ text: '', start: 0, end: 0 });
  });
});

describe('QueryMatcher', () => {
  it('gives each sentence its own coverage and the passage the union', () => {
    const passage = 'Kuleba arrived. Austin waited in Washington.';
    const m = q(['Kuleba', 1], ['Austin', 1], ['Washington', 2]).match(passage);
    expect(m.sentences).toEqual([0.25, 0.75]);
    expect(m.passage).toBe(1);
    expect(q(['Kuleba', 1]).match('')).toEqual({ spans: [], sentences: [], passage: 0, hasRarest: false });
  });

  it('follows containsStem: word forms meet, and long stems match longer ones', () => {
    const m = q(['seize', 1], ['Crimea', 1], ['NATO', 1]);
    expect(m.match('Russia seized the Crimean Peninsula.').passage).toBeCloseTo(2 / 3);
    expect(m.match('The NATOs summit.').passage).toBeCloseTo(1 / 3);
  });
});

describe('QueryMatcher with alternatives (the spellings of a name)', () => {
  // Coverage stems, as the engine gives them (y folded to i).
  const kyiv: WeightedTerm = { term: coverageStem('kyiv'), idf: 2, alternatives: [coverageStem('kiev')] };
  const mayor: WeightedTerm = { term: coverageStem('mayor'), idf: 1 };

  it('counts a passage that spells the name otherwise as covering it, once', () => {
    const m = new QueryMatcher([kyiv, mayor]);
    expect(m.match('The mayor of Kiev spoke.').passage).toBeCloseTo(1, 12);
    expect(m.match('Kiev, or Kyiv: the mayor spoke.').passage).toBeCloseTo(1, 12);
    expect(m.match('The mayor spoke.').passage).toBeCloseTo(1 / 3, 12);
    expect(
      new QueryMatcher([{ ...kyiv, alternatives: [] }, mayor]).match('The mayor of Kiev spoke.').passage,
    ).toBeCloseTo(1 / 3, 12);
  });

  it('highlights the sentence that names it in any spelling', () => {
    const passage = 'The mayor spoke on Monday. Shelling hit Kiev again, the mayor said.';
    const h = bestSentence(passage, new QueryMatcher([kyiv, mayor]));
    expect(h.text).toBe('Shelling hit Kiev again, the mayor said.');
  });
});
