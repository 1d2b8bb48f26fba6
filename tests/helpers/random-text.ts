/**
 * A seeded pseudo-random generator and a news-like text generator for property-style tests: the same seed
 * always gives the same text, so a failure can be replayed from the seed in its message.
 */

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick: empty list');
  return item;
}

const WORDS = [
  'troops',
  'border',
  'diplomats',
  'sanctions',
  'pipeline',
  'talks',
  'minister',
  'officials',
  'forces',
  'region',
  'security',
  'alliance',
  'embassy',
  'statement',
  'leaders',
  'economy',
  'weapons',
  'meeting',
  'week',
  'capital',
  'gas',
  'prices',
  'markets',
  'negotiations',
  'residents',
  'shelling',
  'convoy',
  'satellite',
  'images',
  'reporters',
];
const NAMES = [
  'Blinken',
  'Lavrov',
  'Kuleba',
  'Zelenskyy',
  'Putin',
  'Scholz',
  'Macron',
  'Stoltenberg',
  'Psaki',
];
/** Tokens whose period does not end a sentence. */
const TRICKY = ['U.S.', 'Sen.', 'Mr.', 'Dr.', 'J.', 'D-Conn.', 'a.m.', '3.5', '2.1', 'Jan.', 'Gen.'];
const VERBS = ['said', 'warned', 'announced', 'denied', 'confirmed', 'reported', 'urged', 'rejected'];

/** One sentence that starts with a capital and ends with `.`, `!` or `?`, perhaps inside closing quotes. */
export function randomSentence(rng: () => number, minWords = 4, maxWords = 18): string {
  const n = randomInt(rng, minWords, maxWords);
  const words: string[] = [pick(rng, NAMES), pick(rng, VERBS)];
  while (words.length < n) {
    const r = rng();
    words.push(r < 0.12 ? pick(rng, TRICKY) : r < 0.2 ? pick(rng, NAMES) : pick(rng, WORDS));
  }
  // The last word must be a plain word: "… the U.S." at the end of a sentence is genuinely ambiguous.
  words.push(pick(rng, WORDS));
  const end = pick(rng, ['.', '.', '.', '!', '?']);
  const body = `${words.join(' ')}${end}`;
  return rng() < 0.15 ? `“${body}”` : body;
}

export interface RandomArticle {
  text: string;
  /** The sentences, in order, exactly as they appear in `text`. */
  sentences: string[];
}

/** Paragraphs of random sentences separated by blank lines; sentences within a paragraph by one space. */
export function randomArticle(
  rng: () => number,
  options: { paragraphs?: [number, number]; sentences?: [number, number] } = {},
): RandomArticle {
  const [pMin, pMax] = options.paragraphs ?? [1, 6];
  const [sMin, sMax] = options.sentences ?? [1, 6];
  const paragraphs: string[] = [];
  const all: string[] = [];
  const count = randomInt(rng, pMin, pMax);
  for (let p = 0; p < count; p++) {
    const sentences: string[] = [];
    const n = randomInt(rng, sMin, sMax);
    for (let s = 0; s < n; s++) sentences.push(randomSentence(rng));
    paragraphs.push(sentences.join(' '));
    all.push(...sentences);
  }
  return { text: paragraphs.join('\n\n'), sentences: all };
}
