/**
 * What the question path needs of a chunk that no question changes: its sentence spans, each sentence's words
 * and its word 3-gram shingles. Profiles of `ask` showed re-splitting and re-tokenizing the ~200 candidates of
 * every question at a third of the main thread (issue 22), so each chunk is read once, on first use, and kept
 * compactly: words as ids into one vocabulary and shingles as sorted numbers, in typed arrays (no per-word or
 * per-shingle strings). Filled lazily rather than at load: load time and memory then grow only with the chunks
 * questions actually reach.
 */
import { splitSentences } from '../chunk/sentences.ts';
import { words } from '../index/tokenize.ts';

/** One chunk's question-independent features; every array is exactly what the string code computed. */
export interface ChunkFeature {
  /** `splitSentences(text)` as [start0, end0, start1, end1, …]. */
  spans: Uint32Array;
  /** `words(text.slice(start, end))` of every sentence as vocabulary ids, one sentence after another. */
  sentenceWords: Uint32Array;
  /** Where sentence i's words begin in `sentenceWords`; one more entry than sentences (the last is the end). */
  sentenceStarts: Uint32Array;
  /** `shingles(words(text))` as sorted, distinct keys, two numbers each (see `shingleKeys`). */
  shingles: Float64Array;
}

/** Folded words (as `words()` gives them) ↔ small integer ids, shared by every chunk of one engine. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      if (id + 1 >= ID_LIMIT)
        throw new RangeError(`Vocabulary: expected fewer than ${ID_LIMIT - 1} distinct words, got more`);
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  get size(): number {
    return this.words.length;
  }
}

/** Ids (plus one) fit 26 bits, so two of them make one exact float64 (2^52 < 2^53). */
const ID_LIMIT = 2 ** 26;

/**
 * The shingles of `shingles(words, 3)` as numbers: the 3-gram a b c is the pair ((a+1)·2^26 + (b+1), c+1); a text
 * of one or two words is its one "shingle" with the missing ids as 0, so no short text's key equals a 3-gram's
 * (its second number is 0) and the mapping is one-to-one, as joining words with spaces was. Sorted by pair and
 * distinct, so containment is a merge.
 */
export function shingleKeys(ids: readonly number[] | Uint32Array, size = 3): Float64Array {
  if (size !== 3) throw new RangeError(`shingleKeys: expected 3-word shingles, got ${size}`);
  const n = ids.length;
  const pairs: [number, number][] = [];
  if (n === 0) return new Float64Array(0);
  if (n < 3) pairs.push([(ids[0]! + 1) * ID_LIMIT + (n === 2 ? ids[1]! + 1 : 0), 0]);
  for (let i = 0; i + 3 <= n; i++) pairs.push([(ids[i]! + 1) * ID_LIMIT + ids[i + 1]! + 1, ids[i + 2]! + 1]);
  pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: number[] = [];
  for (const [hi, lo] of pairs) {
    if (out.length > 0 && out[out.length - 2] === hi && out[out.length - 1] === lo) continue;
    out.push(hi, lo);
  }
  return Float64Array.from(out);
}

/** `containment` of two key sets from `shingleKeys`: the share of `a`'s shingles found in `b`; 0 when `a` is empty. */
export function keyContainment(a: Float64Array, b: Float64Array): number {
  const na = a.length / 2;
  if (na === 0) return 0;
  let inter = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const d = a[i]! - b[j]! || a[i + 1]! - b[j + 1]!;
    if (d === 0) {
      inter++;
      i += 2;
      j += 2;
    } else if (d < 0) i += 2;
    else j += 2;
  }
  return inter / na;
}

/**
 * Chunks whose features are kept at most (then all are dropped and refilled as asked). Every chunk of the
 * 4,545-article index (27,207) took 66 MB; a question reaches about 200, so 8,192 (≈ 20 MB) keeps a busy bot's
 * working set and every chunk of a 1,000-article index.
 */
const FEATURE_CACHE_LIMIT = 8192;

/** Lazily filled features of the chunks of one loaded index. */
export class ChunkFeatures {
  readonly vocabulary = new Vocabulary();
  /** A map, not an array of `count`: an index in PostgreSQL may hold millions of chunks, and few are filled. */
  private readonly filled = new Map<number, ChunkFeature>();

  /** `text(i)`: chunk i's text (the index's chunk text, never the title: the matcher and de-duplication read that). */
  constructor(
    private readonly count: number,
    private readonly text: (chunk: number) => string,
    private readonly limit = FEATURE_CACHE_LIMIT,
  ) {}

  get(chunk: number): ChunkFeature {
    const cached = this.filled.get(chunk);
    if (cached) return cached;
    if (!Number.isInteger(chunk) || chunk < 0 || chunk >= this.count) {
      throw new RangeError(`ChunkFeatures: expected a chunk number in [0, ${this.count}), got ${chunk}`);
    }
    const feature = this.compute(this.text(chunk));
    // Dropping everything is simpler than an LRU and costs one refill of the ~200 chunks the next questions reach.
    if (this.filled.size >= this.limit) this.filled.clear();
    this.filled.set(chunk, feature);
    return feature;
  }

  /** Chunks filled so far and the bytes their typed arrays hold (the vocabulary's strings not counted). */
  usage(): { chunks: number; bytes: number; words: number } {
    let chunks = 0;
    let bytes = 0;
    for (const f of this.filled.values()) {
      chunks++;
      bytes +=
        f.spans.byteLength + f.sentenceWords.byteLength + f.sentenceStarts.byteLength + f.shingles.byteLength;
    }
    return { chunks, bytes, words: this.vocabulary.size };
  }

  private compute(text: string): ChunkFeature {
    const spans = splitSentences(text);
    const flat = new Uint32Array(spans.length * 2);
    const starts = new Uint32Array(spans.length + 1);
    const ids: number[] = [];
    spans.forEach((s, i) => {
      flat[2 * i] = s.start;
      flat[2 * i + 1] = s.end;
      starts[i] = ids.length;
      // Each sentence's own slice, as the matcher always read it (folding can depend on the text around a word).
      for (const w of words(text.slice(s.start, s.end))) ids.push(this.vocabulary.id(w));
    });
    starts[spans.length] = ids.length;
    const whole = words(text).map((w) => this.vocabulary.id(w));
    return {
      spans: flat,
      sentenceWords: Uint32Array.from(ids),
      sentenceStarts: starts,
      shingles: shingleKeys(whole),
    };
  }
}
