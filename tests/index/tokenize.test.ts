import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import {
  containsStem,
  coverageStems,
  isStopWord,
  queryTerms,
  stem,
  terms,
  words,
} from '../../src/index/tokenize.ts';

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
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord('russia')).toBe(false);
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

describe('coverageStems and containsStem', () => {
  it('matches word forms through Porter stems', () => {
    const stems = coverageStems('Russia seized the peninsula, officials reported.');
    expect(containsStem(stems, stemmer('seize'))).toBe(true);
    expect(containsStem(stems, stemmer('reporting'))).toBe(true);
    expect(containsStem(stems, stemmer('invaded'))).toBe(false);
  });

  it('lets a stem of 5+ letters match its demonym or spelling variant, never a shorter stem or another word', () => {
    const stems = coverageStems('The Crimean peninsula and a ward');
    expect(containsStem(stems, stemmer('Crimea'))).toBe(true);
    expect(stemmer('war').length).toBeLessThan(5);
    expect(containsStem(stems, stemmer('war'))).toBe(false); // "war" is not "ward"
    expect(containsStem(coverageStems('Crimea'), stemmer('Crimean'))).toBe(false);
    expect(containsStem(coverageStems('Ukrainian forces'), stemmer('Ukraine'))).toBe(true);
    expect(containsStem(coverageStems('lightning speed'), stemmer('light'))).toBe(false);
    expect(containsStem(coverageStems('titanium'), stemmer('titanic'))).toBe(false);
    expect(containsStem(new Set(['penins']), 'pen')).toBe(false);
  });

  it('matches "Zelensky" with "Zelenskyy": y is folded to i on both sides', () => {
    const [zelensky] = queryTerms('Zelensky');
    expect(containsStem(coverageStems('Zelenskyy said'), zelensky!.stem)).toBe(true);
    expect(containsStem(coverageStems('Zelenskiy said'), zelensky!.stem)).toBe(true);
  });
});
