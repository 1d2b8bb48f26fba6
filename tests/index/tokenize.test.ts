import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { coverageStem, queryTerms, stem, stemMatches, terms, words } from '../../src/index/tokenize.ts';

describe('words', () => {
  it('lower-cases, folds accents, drops possessives and splits on non-letters', () => {
    expect(words("Russia’s café-owners' U.S.-led 5,000 troops")).toEqual([
      'russia',
      'cafe',
      'owners',
      'u',
      's',
      'led',
      '5',
      '000',
      'troops',
    ]);
    expect(words("Putin's, Kyiv`s")).toEqual(['putin', 'kyiv']);
    expect(words('')).toEqual([]);
  });
});

describe('stem (S-stemmer)', () => {
  it.each([
    ['sanctions', 'sanction'],
    ['countries', 'country'],
    ['agrees', 'agree'],
    ['boxes', 'boxe'],
    ['talks', 'talk'],
    ['virus', 'virus'],
    ['glass', 'glass'],
    ['gas', 'gas'],
    ['news', 'new'],
    ['troop', 'troop'],
  ])('%s → %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe('terms', () => {
  it('drops stop words and single letters but keeps single digits', () => {
    expect(terms('What did the U.S. say about the 5 sanctions on Russia?')).toEqual([
      '5',
      'sanction',
      'russia',
    ]);
  });
});

describe('queryTerms', () => {
  it('gives distinct index terms with their Porter stems, in question order', () => {
    expect(queryTerms('Sanctions, sanction and Russia’s seized assets')).toEqual([
      { term: 'sanction', stem: stemmer('sanctions') },
      { term: 'russia', stem: 'russia' },
      { term: 'seized', stem: stemmer('seized') },
      { term: 'asset', stem: stemmer('assets') },
    ]);
    expect(queryTerms('What is it?')).toEqual([]);
  });
});

describe('stemMatches over coverage stems', () => {
  const matches = (passageWord: string, questionWord: string): boolean =>
    stemMatches(coverageStem(passageWord), coverageStem(questionWord));

  it('matches word forms through Porter stems', () => {
    expect(matches('seized', 'seize')).toBe(true);
    expect(matches('reported', 'reporting')).toBe(true);
    expect(matches('seized', 'invaded')).toBe(false);
  });

  it('lets a stem of 5+ letters match its demonym or spelling variant, never a shorter stem or another word', () => {
    expect(matches('Crimean', 'Crimea')).toBe(true);
    expect(matches('Ukrainian', 'Ukraine')).toBe(true);
    expect(matches('Russian', 'Russia')).toBe(true);
    expect(coverageStem('war').length).toBeLessThan(5);
    expect(matches('ward', 'war')).toBe(false);
    expect(matches('Crimea', 'Crimean')).toBe(false);
    expect(matches('lightning', 'light')).toBe(false);
    expect(matches('titanium', 'titanic')).toBe(false);
  });

  it('matches "Zelensky" with "Zelenskyy" and "Zelenskiy": y is folded to i on both sides', () => {
    expect(matches('Zelenskyy', 'Zelensky')).toBe(true);
    expect(matches('Zelenskiy', 'Zelensky')).toBe(true);
    expect(queryTerms('Zelensky')[0]!.stem).toBe(coverageStem('Zelensky'));
  });
});
