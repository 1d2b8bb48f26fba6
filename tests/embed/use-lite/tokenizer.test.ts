import { describe, expect, it } from 'vitest';
import { loadReferenceTokenizer, loadUseLiteTokenizer } from '../../../src/embed/use-lite/embedder.ts';

/** Strings that exercise normalisation, unknown symbols, astral characters and whitespace. */
const TRICKY = [
  '',
  ' ',
  '   ',
  'a',
  'Україна Київ Харків',
  'hello 世界 😀😀 x',
  '\u00a0\tTabs\nand newlines\r\n',
  'ﬁne ① ＡＢＣ ½',
  '🇺🇦 flag and a😀b',
  'Zürich – “quotes” — dash… «guillemets»',
  'U.S.-led NATO’s 2022 $1.5bn e-mail x86_64 https://example.com/a?b=c',
];

/** Deterministic pseudo-random text from a small alphabet of words, digits and punctuation. */
function generated(count: number): string[] {
  const parts = [
    'Russia',
    'Ukraine',
    'sanctions',
    'Kyiv',
    "Putin's",
    'the',
    'of',
    '2022',
    '—',
    ',',
    '.',
    'NATO',
    'é',
    'ß',
  ];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: count }, () =>
    Array.from({ length: 5 + (next() % 120) }, () => parts[next() % parts.length]).join(
      next() % 5 ? ' ' : '',
    ),
  );
}

describe('USE-lite tokenizer (real vocabulary)', () => {
  const ours = loadUseLiteTokenizer();
  const reference = loadReferenceTokenizer();

  it('gives the package tokenizer’s ids', () => {
    for (const text of [...TRICKY, ...generated(300)])
      expect(ours.encode(text), JSON.stringify(text)).toEqual(reference.encode(text));
  });

  it('collapses a run of unknown symbols into one <unk>', () => {
    expect(ours.encode('世界世界').filter((id) => id === 0)).toHaveLength(1);
  });
});
