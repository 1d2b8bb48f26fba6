/** Article → sentence-aligned, overlapping chunks, and the windows that the embedding model reads. */
import type { Article, Chunk } from '../types.ts';
import { type Span, countWords, splitSentences } from './sentences.ts';

/** How articles are cut. Stored in the index manifest: changing it forces a rebuild. */
export interface ChunkOptions {
  /** A chunk closes once it holds at least this many words. Default 120 (the lab's best tie). */
  targetWords: number;
  /** Sentences repeated at the start of the next chunk. Default 1. Must be ≥ 0. */
  overlapSentences: number;
}

export const defaultChunkOptions: Readonly<ChunkOptions> = Object.freeze({
  targetWords: 120,
  overlapSentences: 1,
});

/** Checks options where they enter; errors say what was expected and what arrived. */
export function resolveChunkOptions(options: Partial<ChunkOptions> = {}): ChunkOptions {
  const merged = { ...defaultChunkOptions, ...options };
  if (!Number.isInteger(merged.targetWords) || merged.targetWords < 10) {
    throw new RangeError(`crisis-desk: targetWords: expected an integer ≥ 10, got ${merged.targetWords}`);
  }
  if (!Number.isInteger(merged.overlapSentences) || merged.overlapSentences < 0) {
    throw new RangeError(
      `crisis-desk: overlapSentences: expected an integer ≥ 0, got ${merged.overlapSentences}`,
    );
  }
  return merged;
}

/**
 * Cuts an article into chunks of whole sentences. Each chunk after the first starts with the last
 * `overlapSentences` sentences of the one before, unless that would make no progress.
 */
export function chunkArticle(article: Article, options: Partial<ChunkOptions> = {}): Chunk[] {
  const { targetWords, overlapSentences } = resolveChunkOptions(options);
  const sentences = splitSentences(article.text);
  const words = sentences.map((s) => countWords(article.text.slice(s.start, s.end)));
  const chunks: Chunk[] = [];
  let first = 0;
  let previousLast = -1;
  while (first < sentences.length) {
    let last = first;
    let total = words[first]!;
    // Past the overlap, a chunk takes at least one new sentence: else it would repeat part of the one before.
    while ((total < targetWords || last <= previousLast) && last + 1 < sentences.length)
      total += words[++last]!;
    const span = { start: sentences[first]!.start, end: sentences[last]!.end };
    chunks.push({
      id: `${article.id}#${chunks.length}`,
      articleId: article.id,
      ordinal: chunks.length,
      text: article.text.slice(span.start, span.end),
      ...span,
    });
    if (last + 1 >= sentences.length) break;
    previousLast = last;
    first = Math.max(first + 1, last + 1 - overlapSentences);
  }
  return chunks;
}

/**
 * Sentence-aligned pieces of an article, each within `maxTokens` of the model, covering every word once.
 * A sentence too long for one window is split at word boundaries.
 */
export function embeddingWindows(
  text: string,
  maxTokens: number,
  countTokens: (s: string) => number,
): Span[] {
  if (!Number.isInteger(maxTokens) || maxTokens < 8) {
    throw new RangeError(`crisis-desk: maxTokens: expected an integer ≥ 8, got ${maxTokens}`);
  }
  const pieces: { span: Span; tokens: number }[] = [];
  for (const s of splitSentences(text)) {
    const tokens = countTokens(text.slice(s.start, s.end));
    if (tokens <= maxTokens) pieces.push({ span: s, tokens });
    else
      for (const p of splitLongSpan(text, s, maxTokens, countTokens))
        pieces.push({ span: p, tokens: countTokens(text.slice(p.start, p.end)) });
  }
  // Token counts of whole sentences almost always add up (each starts a new word), so windows are packed by
  // sums, and only a window close to the limit is tokenized again to be sure: the tokenizer is the slowest
  // part of chunking.
  const windows: Span[] = [];
  let current: Span | null = null;
  let used = 0;
  for (const { span, tokens } of pieces) {
    const fits = (): boolean =>
      used + tokens <= maxTokens &&
      (used + tokens < maxTokens - NEAR_LIMIT ||
        countTokens(text.slice(current!.start, span.end)) <= maxTokens);
    if (current && fits()) {
      current = { start: current.start, end: span.end };
      used += tokens;
    } else {
      if (current) windows.push(current);
      current = { ...span };
      used = tokens;
    }
  }
  if (current) windows.push(current);
  return windows;
}

/**
 * One window per chunk when the chunk fits the model (`maxTokens`), else the chunk's own sentence-aligned
 * windows; for models that read a whole chunk at once. Windows of neighbouring chunks overlap as the chunks do.
 */
export function chunkWindows(
  text: string,
  chunks: readonly Span[],
  maxTokens: number,
  countTokens: (s: string) => number,
): Span[] {
  const out: Span[] = [];
  for (const c of chunks) {
    const body = text.slice(c.start, c.end);
    // WordPiece and SentencePiece tokens cover at least one character each (plus two special tokens), so a
    // short chunk fits without being tokenized.
    if (body.length + 2 <= maxTokens || countTokens(body) <= maxTokens)
      out.push({ start: c.start, end: c.end });
    else
      for (const w of embeddingWindows(body, maxTokens, countTokens))
        out.push({ start: c.start + w.start, end: c.start + w.end });
  }
  return out;
}

/** Windows whose summed count is this close to the limit are counted again as a whole. */
const NEAR_LIMIT = 8;

/** Splits one over-long sentence into word-aligned spans that each fit the model. */
function splitLongSpan(
  text: string,
  span: Span,
  maxTokens: number,
  countTokens: (s: string) => number,
): Span[] {
  const words = [...text.slice(span.start, span.end).matchAll(/\S+/g)].map((m) => ({
    start: span.start + m.index,
    end: span.start + m.index + m[0].length,
  }));
  const out: Span[] = [];
  let i = 0;
  while (i < words.length) {
    // Grow by halving steps: long runs of words make a linear scan quadratic in tokenizer calls.
    let hi = i;
    let step = 64;
    while (step >= 1) {
      const cand = Math.min(words.length - 1, hi + step);
      if (cand > hi && countTokens(text.slice(words[i]!.start, words[cand]!.end)) <= maxTokens) hi = cand;
      else step >>= 1;
    }
    out.push({ start: words[i]!.start, end: words[hi]!.end });
    i = hi + 1;
  }
  return out;
}
