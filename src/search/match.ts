/**
 * Which of a question's words a passage and each of its sentences contain, computed in one pass. Porter
 * stemming is the expensive part, so a word is stemmed only when it could match (it starts like a query stem),
 * and each distinct word is stemmed once per question.
 */
import { splitSentences, type Span } from '../chunk/sentences.ts';
import { coverageStem, stemMatches, words } from '../index/tokenize.ts';
import type { ChunkFeature, Vocabulary } from './chunk-features.ts';
import type { WeightedTerm } from './ranking.ts';

export interface PassageMatch {
  spans: Span[];
  /** Coverage of the question by each sentence. */
  sentences: number[];
  /** Coverage of the question by the whole passage. */
  passage: number;
  /**
   * Does the passage hold one of the question's rarest words that the corpus knows (highest idf among words
   * some passage uses)? False when the question has no such word.
   */
  hasRarest: boolean;
}

/** A passage's coverage without its spans: what ranking needs, read from precomputed chunk features. */
export type CoverageMatch = Omit<PassageMatch, 'spans'>;

export class QueryMatcher {
  private readonly cache = new Map<string, readonly number[]>();
  /** `hits` by vocabulary id, for `matchFeature` (one vocabulary per engine; see ./chunk-features.ts). */
  private readonly idCache = new Map<number, readonly number[]>();
  /** Each query term's forms (the term and its alternatives) with their first three letters. */
  private readonly forms: { form: string; head: string }[][];
  private readonly total: number;
  private readonly rarest: Set<number>;

  /** `query` terms are coverage stems (see `queryTerms`), weighted by idf. */
  constructor(readonly query: readonly WeightedTerm[]) {
    this.forms = query.map((q) =>
      [q.term, ...(q.alternatives ?? [])].map((form) => ({ form, head: form.slice(0, 3) })),
    );
    this.total = query.reduce((s, q) => s + q.idf, 0);
    const known = query.filter((q) => q.known !== false);
    const top = Math.max(...known.map((q) => q.idf));
    this.rarest = new Set(query.flatMap((q, i) => (q.known !== false && q.idf >= top - 1e-9 ? [i] : [])));
    const unknown = query.reduce((s, q) => s + (q.known === false ? q.idf : 0), 0);
    this.unknownShare = this.total > 0 ? unknown / this.total : 0;
  }

  /** Share of the question's idf mass carried by words no passage uses. */
  readonly unknownShare: number;

  /** Is `word` (as `words()` folds it) one of the question's rarest words that the corpus knows, in any spelling? */
  isRarest(word: string): boolean {
    return this.hits(word).some((i) => this.rarest.has(i));
  }

  /** Query terms this word matches, by `stemMatches`. */
  private hits(word: string): readonly number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const folded = word.replace(/y/g, 'i');
    let stem: string | null = null;
    const out: number[] = [];
    this.forms.forEach((forms, i) => {
      for (const { form, head } of forms) {
        // Porter only rewrites word endings, so a stem shares the word's first letters.
        if (!folded.startsWith(head)) continue;
        stem ??= coverageStem(word);
        if (stemMatches(stem, form)) {
          out.push(i);
          return;
        }
      }
    });
    this.cache.set(word, out);
    return out;
  }

  private coverageOf(found: ReadonlySet<number>): number {
    if (this.total <= 0) return 0;
    let hit = 0;
    for (const i of found) hit += this.query[i]!.idf;
    return hit / this.total;
  }

  match(passage: string): PassageMatch {
    const spans = splitSentences(passage);
    const all = new Set<number>();
    const sentences = spans.map((s) => {
      const found = new Set<number>();
      for (const w of words(passage.slice(s.start, s.end))) for (const i of this.hits(w)) found.add(i);
      for (const i of found) all.add(i);
      return this.coverageOf(found);
    });
    const hasRarest = [...this.rarest].some((i) => all.has(i));
    return { spans, sentences, passage: this.coverageOf(all), hasRarest };
  }

  /**
   * `match` of a chunk's whole text from its precomputed features: the same words in the same order, so the
   * same sets and the same floating-point sums (tests/search/chunk-features.test.ts compares the two).
   */
  matchFeature(feature: ChunkFeature, vocabulary: Vocabulary): CoverageMatch {
    const { sentenceWords, sentenceStarts } = feature;
    const all = new Set<number>();
    const sentences: number[] = [];
    for (let s = 0; s + 1 < sentenceStarts.length; s++) {
      const found = new Set<number>();
      for (let w = sentenceStarts[s]!; w < sentenceStarts[s + 1]!; w++) {
        const id = sentenceWords[w]!;
        let hits = this.idCache.get(id);
        if (hits === undefined) {
          hits = this.hits(vocabulary.words[id]!);
          this.idCache.set(id, hits);
        }
        for (const i of hits) found.add(i);
      }
      for (const i of found) all.add(i);
      sentences.push(this.coverageOf(found));
    }
    const hasRarest = [...this.rarest].some((i) => all.has(i));
    return { sentences, passage: this.coverageOf(all), hasRarest };
  }
}
