import { describe, expect, it } from 'vitest';
import { countNames, groupsForTop, skeleton } from '../../src/names/count.ts';

describe('skeleton', () => {
  it('gives transliteration variants one key', () => {
    const same = (...words: string[]): void =>
      expect(new Set(words.map((w) => skeleton(w))).size, words.join('/')).toBe(1);
    same('Kyiv', 'Kiev');
    same('Kharkiv', 'Kharkov');
    same('Luhansk', 'Lugansk');
    same('Odesa', 'Odessa');
    same('Donbas', 'Donbass');
    same('Zelensky', 'Zelenskyy', 'Zelenskiy');
    same('Zaporizhzhia', 'Zaporozhye');
    same('Sergey', 'Sergei');
    same('Dmytro', 'Dmitry');
    same('Sievierodonetsk', 'Severodonetsk');
    expect(skeleton('Kyiv')).toBe('kVv');
  });

  it('keeps apart words the strict key tells apart; the loose key pairs more, names and noise alike', () => {
    expect(skeleton('Ukraine')).not.toBe(skeleton('Korean'));
    expect(skeleton('Vladimir')).not.toBe(skeleton('Volodymyr'));
    expect(skeleton('Vladimir', 'loose')).toBe(skeleton('Volodymyr', 'loose'));
    expect(skeleton('Oleksandr', 'loose')).toBe(skeleton('Alexander', 'loose'));
    expect(skeleton('Ukraine', 'loose')).toBe(skeleton('Korean', 'loose'));
  });
});

describe('countNames', () => {
  const texts = [
    'The mayor of Kyiv met Volodymyr Zelensky. In Kyiv, sirens sounded.',
    "Kiev's mayor said Zelenskyy would visit Kharkiv. However, Kharkov was shelled.",
    'Zelensky spoke. The Kremlin said Kiev must negotiate.',
  ];

  it('counts runs of capitalised words without the sentence words around them', () => {
    const counts = countNames(texts, { minCount: 1 });
    expect(counts.articles).toBe(3);
    expect(counts.entities.slice(0, 3)).toEqual([
      { text: 'Kiev', count: 2 },
      { text: 'Kyiv', count: 2 },
      { text: 'Kharkiv', count: 1 },
    ]);
    const texts_ = counts.entities.map((e) => e.text);
    expect(texts_).toContain('Volodymyr Zelensky');
    expect(texts_).toContain('Kremlin');
    expect(texts_).not.toContain('The');
    expect(texts_).not.toContain('However');
  });

  it('groups spellings by skeleton, most frequent first, and drops rare spellings', () => {
    const counts = countNames(texts, { minCount: 1 });
    expect(counts.groups.find((g) => g.key === 'kVv')).toEqual({
      key: 'kVv',
      total: 4,
      variants: [
        { text: 'Kiev', count: 2 },
        { text: 'Kyiv', count: 2 },
      ],
    });
    expect(counts.groups.find((g) => g.variants[0]!.text.startsWith('Zelensk'))!.variants).toEqual([
      { text: 'Zelensky', count: 2 },
      { text: 'Zelenskyy', count: 1 },
    ]);
    expect(countNames(texts, { minCount: 2 }).groups.map((g) => g.key)).toEqual(['kVv']);
  });

  it('groupsForTop keeps the groups that spell a word of a top entity', () => {
    const counts = countNames(texts, { minCount: 1, top: 2 });
    expect(groupsForTop(counts).map((g) => g.key)).toEqual(['kVv']);
  });
});
