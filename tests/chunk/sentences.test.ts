import { describe, expect, it } from 'vitest';
import { countWords, splitSentences } from '../../src/chunk/sentences.ts';
import { randomArticle, seededRandom } from '../helpers/random-text.ts';
import { seedArticles } from '../helpers/articles.ts';

const split = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it.each([
    [
      'dotted acronyms',
      'The U.S. and its allies met in Geneva. Then they left.',
      ['The U.S. and its allies met in Geneva.', 'Then they left.'],
    ],
    [
      'titles',
      'Sen. Chris Murphy spoke first. Mr. Lavrov and Dr. Smith did not.',
      ['Sen. Chris Murphy spoke first.', 'Mr. Lavrov and Dr. Smith did not.'],
    ],
    [
      'party-state tags',
      'Sen. Richard Blumenthal, D-Conn., said so. Rep. Jim Himes, D-Conn. Agreed.',
      ['Sen. Richard Blumenthal, D-Conn., said so.', 'Rep. Jim Himes, D-Conn. Agreed.'],
    ],
    [
      'initials',
      'Christi C. Elwood wrote it. J. R. Smith edited it.',
      ['Christi C. Elwood wrote it.', 'J. R. Smith edited it.'],
    ],
    [
      'decimals',
      'Growth was 3.5 percent in 2021. Prices rose 0.7 percent.',
      ['Growth was 3.5 percent in 2021.', 'Prices rose 0.7 percent.'],
    ],
    [
      'month abbreviations',
      'They met on Jan. 21 in Geneva. Talks failed.',
      ['They met on Jan. 21 in Geneva.', 'Talks failed.'],
    ],
    [
      'quotes after periods',
      '"It is over." He left. She said, “Stop.” They stopped!',
      ['"It is over."', 'He left.', 'She said, “Stop.”', 'They stopped!'],
    ],
    [
      'a quote that opens the next sentence',
      'He spoke. “We will respond,” he said.',
      ['He spoke.', '“We will respond,” he said.'],
    ],
    [
      'question and exclamation marks',
      'Will they talk? Nobody knows! Maybe… Later.',
      ['Will they talk?', 'Nobody knows!', 'Maybe…', 'Later.'],
    ],
    [
      'lower-case after a period',
      'Prices rose 3 pct. in a week. Markets fell.',
      ['Prices rose 3 pct. in a week.', 'Markets fell.'],
    ],
    ['URLs and domains', 'See bbc.co.uk for more. Read it.', ['See bbc.co.uk for more.', 'Read it.']],
    [
      'line breaks always end a sentence',
      'Headline without stop\nLine two. Still two\n\n  Line three  ',
      ['Headline without stop', 'Line two.', 'Still two', 'Line three'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(split(text)).toEqual(expected);
  });

  it('returns no spans for empty or blank text, and spans never hold outer whitespace', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t\n ')).toEqual([]);
    for (const s of split('  One.   Two.\n\n Three ')) expect(s).toBe(s.trim());
  });

  it('finds exactly the sentences of generated articles (200 seeded texts)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { text, sentences } = randomArticle(seededRandom(seed));
      expect(split(text), `seed ${seed}`).toEqual(sentences);
    }
  });

  it('cuts each seed article into ordered, non-overlapping spans that keep every word', async () => {
    for (const a of await seedArticles()) {
      const spans = splitSentences(a.text);
      expect(spans.length).toBeGreaterThan(5);
      for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThan(spans[i - 1]!.end - 1);
      // Only whitespace lies between spans, so the words of the spans are the words of the article.
      expect(spans.reduce((n, s) => n + countWords(a.text.slice(s.start, s.end)), 0)).toBe(
        countWords(a.text),
      );
      let prev = 0;
      for (const s of spans) {
        expect(a.text.slice(prev, s.start).trim()).toBe('');
        prev = s.end;
      }
      expect(a.text.slice(prev).trim()).toBe('');
    }
  });
});

describe('countWords', () => {
  it('counts whitespace-separated words', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('  one two\nthree\t four ')).toBe(4);
  });
});
