/**
 * Which of a question's words a passage and each of its sentences contain, computed in one pass. Porter
 * stemming is the expensive part, so a word is stemmed only when it could match (it starts like a query stem),
 * and each distinct word is stemmed once per question.
 */
import { splitSentences, type Span } from '../chunk/sentences.ts';
import { coverageStem, words } from '../index/tokenize.ts';
import type { WeightedTerm } from './ranking.ts';

export interface PassageMatch {
  spans: Span[];
  /** Coverage of the question by each sentence. */
  sentences: number[];
  /** Coverage of the question by the whole passage. */
  passage: number;
}

export class QueryMatcher {
  private readonly cache = new Map<string, readonly number[]>();
  private readonly heads: string[];
  private readonly total: number;

  /** `query` terms are coverage stems (see `queryTerms`), weighted by idf. */
  constructor(readonly query: readonly WeightedTerm[]) {
    this.heads = query.map((q) => q.term.slice(0, 3));
    this.total = query.reduce((s, q) => s + q.idf, 0);
  }

  /** Same rule as `containsStem`: equal stems, or a query stem of 5+ letters that starts the word's stem. */
  private hits(word: string): readonly number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const folded = word.replace(/y/g, 'i');
    let stem: string | null = null;
    const out: number[] = [];
    this.query.forEach((q, i) => {
      // Porter only rewrites word endings, so a stem shares the word's first letters.
      if (!folded.startsWith(this.heads[i]!)) return;
      stem ??= coverageStem(word);
      if (stem === q.term || (q.term.length >= 5 && stem.length > q.term.length && stem.startsWith(q.term))) out.push(i);
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
    return { spans, sentences, passage: this.coverageOf(all) };
  }
}
