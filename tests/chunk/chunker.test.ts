import { describe, expect, it } from 'vitest';
import {
  chunkArticle,
  chunkWindows,
  defaultChunkOptions,
  embeddingWindows,
  resolveChunkOptions,
  type ChunkOptions,
} from '../../src/chunk/chunker.ts';
import { countWords, splitSentences, type Span } from '../../src/chunk/sentences.ts';
import type { Article, Chunk } from '../../src/types.ts';
import { makeArticle, seedArticles } from '../helpers/articles.ts';
import { randomArticle, randomInt, seededRandom } from '../helpers/random-text.ts';

/** Checks every promise the chunker makes about one article; `label` names the case in failures. */
function checkChunks(article: Article, options: ChunkOptions, label: string): Chunk[] {
  const chunks = chunkArticle(article, options);
  const sentences = splitSentences(article.text);
  const startIndex = new Map(sentences.map((s, i) => [s.start, i]));
  const endIndex = new Map(sentences.map((s, i) => [s.end, i]));
  const covered = new Set<number>();
  const ranges: [number, number][] = [];
  chunks.forEach((c, i) => {
    const at = `${label}, chunk ${i}`;
    expect(c.ordinal, at).toBe(i);
    expect(c.id, at).toBe(`${article.id}#${i}`);
    expect(c.articleId, at).toBe(article.id);
    expect(article.text.slice(c.start, c.end), at).toBe(c.text);
    // Whole sentences: a chunk starts where a sentence starts and ends where one ends.
    const first = startIndex.get(c.start);
    const last = endIndex.get(c.end);
    expect(first, at).toBeDefined();
    expect(last, at).toBeDefined();
    for (let s = first!; s <= last!; s++) covered.add(s);
    ranges.push([first!, last!]);
    const words = (from: number, to: number): number =>
      from > to ? 0 : countWords(article.text.slice(sentences[from]!.start, sentences[to]!.end));
    if (i < chunks.length - 1) {
      // It closed as soon as it reached the target with at least one sentence the chunk before did not have.
      const previousLast = ranges.at(-2)?.[1] ?? -1;
      expect(words(first!, last!), at).toBeGreaterThanOrEqual(options.targetWords);
      expect(words(first!, last! - 1) < options.targetWords || last! - 1 <= previousLast, at).toBe(true);
    }
  });
  expect(covered.size, `${label}: every sentence is in a chunk`).toBe(sentences.length);
  for (let i = 1; i < ranges.length; i++) {
    const [pFirst, pLast] = ranges[i - 1]!;
    const [first, last] = ranges[i]!;
    const shared = Math.max(0, pLast - first + 1);
    // Exactly the configured overlap, unless the previous chunk is too short to give that much and still move on.
    expect(shared, `${label}: overlap of chunks ${i - 1} and ${i}`).toBe(
      Math.min(options.overlapSentences, pLast - pFirst),
    );
    expect(first, label).toBeGreaterThan(pFirst);
    expect(last, label).toBeGreaterThan(pLast);
  }
  if (ranges.length > 0)
    expect(ranges.at(-1)![1], `${label}: the last chunk ends the article`).toBe(sentences.length - 1);
  return chunks;
}

describe('chunkArticle', () => {
  it('keeps its promises on the seeds with the default and other options', async () => {
    const options: ChunkOptions[] = [
      defaultChunkOptions,
      { targetWords: 10, overlapSentences: 0 },
      { targetWords: 40, overlapSentences: 2 },
      { targetWords: 300, overlapSentences: 3 },
    ];
    for (const article of await seedArticles()) {
      for (const o of options) {
        const chunks = checkChunks(article, o, `${article.path} ${JSON.stringify(o)}`);
        expect(chunks.length).toBeGreaterThan(0);
      }
    }
  });

  it('keeps its promises on 300 generated articles with random options (seeded)', () => {
    const rng = seededRandom(20220224);
    for (let n = 0; n < 300; n++) {
      const { text } = randomArticle(rng, { paragraphs: [1, 8], sentences: [1, 8] });
      const options = { targetWords: randomInt(rng, 10, 150), overlapSentences: randomInt(rng, 0, 4) };
      checkChunks(makeArticle({ id: `gen-${n}`, text }), options, `case ${n} ${JSON.stringify(options)}`);
    }
  });

  // Regression: a sentence longer than the target at the end of a chunk came back as a chunk of its own,
  // wholly inside the one before (a duplicate passage).
  it('never makes a chunk that lies inside the one before', () => {
    const long = `${Array.from({ length: 130 }, (_, i) => `word${i}`).join(' ')}.`;
    const text = [
      'Opening sentence one here.',
      'Second short sentence follows.',
      long,
      'A closing sentence.',
      'The very end.',
    ].join(' ');
    const chunks = checkChunks(
      makeArticle({ id: 'long', text }),
      { ...defaultChunkOptions },
      'long sentence',
    );
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.end).toBeGreaterThan(chunks[i - 1]!.end);
    expect(chunks.at(-1)!.text.endsWith('The very end.')).toBe(true);
  });

  it('is deterministic', async () => {
    for (const article of await seedArticles()) {
      expect(chunkArticle(article)).toEqual(chunkArticle({ ...article }));
    }
  });

  it('gives a short article one chunk and an empty one none', () => {
    const short = makeArticle({ id: 's', text: 'One sentence. Two sentences.' });
    expect(chunkArticle(short)).toEqual([
      { id: 's#0', articleId: 's', ordinal: 0, text: short.text, start: 0, end: short.text.length },
    ]);
    expect(chunkArticle(makeArticle({ id: 'e', text: '' }))).toEqual([]);
  });

  it('merges options over the defaults', () => {
    expect(resolveChunkOptions()).toEqual(defaultChunkOptions);
    expect(resolveChunkOptions({ overlapSentences: 0 })).toEqual({
      targetWords: defaultChunkOptions.targetWords,
      overlapSentences: 0,
    });
  });

  it.each([
    [{ targetWords: 9 }, 'crisis-desk: targetWords: expected an integer ≥ 10, got 9'],
    [{ targetWords: 12.5 }, 'crisis-desk: targetWords: expected an integer ≥ 10, got 12.5'],
    [{ targetWords: Number.NaN }, 'crisis-desk: targetWords: expected an integer ≥ 10, got NaN'],
    [{ overlapSentences: -1 }, 'crisis-desk: overlapSentences: expected an integer ≥ 0, got -1'],
    [{ overlapSentences: 0.5 }, 'crisis-desk: overlapSentences: expected an integer ≥ 0, got 0.5'],
  ])('rejects %j with a RangeError that says what was expected', (options, message) => {
    expect(() => resolveChunkOptions(options)).toThrow(new RangeError(message));
    expect(() => chunkArticle(makeArticle({ id: 'x', text: 'Some text.' }), options)).toThrow(message);
  });
});

/** Checks that windows are ordered, disjoint, within the limit, and hold every word of `text` exactly once. */
function checkWindows(text: string, windows: Span[], maxTokens: number, label: string): void {
  const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const owner = words.map((w) => windows.filter((win) => win.start <= w.start && w.end <= win.end).length);
  expect(
    owner.every((n) => n === 1),
    `${label}: every word in exactly one window`,
  ).toBe(true);
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    expect(countWords(text.slice(w.start, w.end)), `${label}: window ${i} tokens`).toBeLessThanOrEqual(
      maxTokens,
    );
    expect(text.slice(w.start, w.end), `${label}: window ${i} is trimmed`).toBe(
      text.slice(w.start, w.end).trim(),
    );
    if (i > 0) expect(w.start, label).toBeGreaterThanOrEqual(windows[i - 1]!.end);
  }
}

describe('embeddingWindows', () => {
  it('covers every word once and stays within maxTokens (word-count tokenizer) on seeds and generated texts', async () => {
    const texts = (await seedArticles()).map((a) => a.text);
    const rng = seededRandom(7);
    for (let n = 0; n < 150; n++)
      texts.push(randomArticle(rng, { paragraphs: [1, 5], sentences: [1, 10] }).text);
    texts.forEach((text, n) => {
      for (const max of [8, 20, 64, 128])
        checkWindows(text, embeddingWindows(text, max, countWords), max, `text ${n}, max ${max}`);
    });
  });

  it('packs whole sentences while they fit', () => {
    const text = 'One two three. Four five six. Seven eight nine ten.';
    expect(embeddingWindows(text, 8, countWords).map((w) => text.slice(w.start, w.end))).toEqual([
      'One two three. Four five six.',
      'Seven eight nine ten.',
    ]);
  });

  it('splits one enormous sentence at word boundaries into full windows', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `word${i}`);
    const text = `${words.join(' ')}.`;
    const windows = embeddingWindows(text, 50, countWords);
    checkWindows(text, windows, 50, 'enormous sentence');
    expect(windows).toHaveLength(20);
    for (const w of windows) {
      expect(w.start === 0 || text[w.start - 1] === ' ').toBe(true);
      expect(w.end === text.length || text[w.end] === ' ').toBe(true);
    }
  });

  it('re-counts a window near the limit when token counts of sentences do not add up', () => {
    // A tokenizer that adds one token for each sentence break inside the string: sums under-count.
    const count = (s: string): number => countWords(s) + (s.match(/[.!?] /g)?.length ?? 0);
    const text = Array.from({ length: 12 }, (_, i) => `Sentence ${i} has five words.`).join(' ');
    for (const max of [8, 12, 16, 30]) {
      for (const w of embeddingWindows(text, max, count))
        expect(count(text.slice(w.start, w.end))).toBeLessThanOrEqual(max);
    }
  });

  it.each([7, 0, 8.5, Number.NaN])('rejects maxTokens %s', (max) => {
    expect(() => embeddingWindows('Text.', max, countWords)).toThrow(
      new RangeError(`crisis-desk: maxTokens: expected an integer ≥ 8, got ${max}`),
    );
  });
});

describe('chunkWindows', () => {
  const count = (s: string): number => (s.match(/\S+/g) ?? []).length + 2;

  it('gives a chunk that fits the model one window, exactly the chunk', () => {
    const text = 'Troops massed. Talks failed. Blinken flew to Kyiv. Prices rose sharply.';
    const chunks: Span[] = [
      { start: 0, end: 28 },
      { start: 15, end: 50 },
    ];
    expect(chunkWindows(text, chunks, 512, count)).toEqual(chunks);
  });

  it('cuts a chunk longer than the model into sentence-aligned windows inside the chunk', () => {
    const sentence = (i: number): string => `Sentence number ${i} has six words.`;
    const text = Array.from({ length: 6 }, (_, i) => sentence(i)).join(' ');
    const chunk: Span = { start: 0, end: text.length };
    const windows = chunkWindows(text, [chunk], 20, count);
    expect(windows.length).toBeGreaterThan(1);
    for (const w of windows) {
      expect(w.start).toBeGreaterThanOrEqual(chunk.start);
      expect(w.end).toBeLessThanOrEqual(chunk.end);
      expect(count(text.slice(w.start, w.end))).toBeLessThanOrEqual(20);
    }
    // Every word is read once: the windows tile the chunk's sentences.
    expect(windows.map((w) => text.slice(w.start, w.end)).join(' ')).toBe(text);
  });

  it('never tokenizes a chunk too short to reach the limit', () => {
    let calls = 0;
    chunkWindows('Short.', [{ start: 0, end: 6 }], 64, (s) => (calls++, count(s)));
    expect(calls).toBe(0);
  });
});
