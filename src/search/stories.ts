/**
 * The story rule (./story.ts) over one index view: passages as story items (citation and word shingles,
 * cached) and the cosine between two passages' vectors. Every chunk asked about must have been loaded.
 */
import type { DocumentRecord } from '../index/manifest.ts';
import { words } from '../index/tokenize.ts';
import type { Citation } from '../types.ts';
import type { IndexView } from './index-view.ts';
import { shingles } from './ranking.ts';
import { type StoryItem, type StoryNote, storyNotes, type StoryRule } from './story.ts';

/** Shingle sets kept at most; a question touches about a hundred passages. */
const CACHE_LIMIT = 5000;

export class Stories {
  private readonly cache = new Map<number, Set<string>>();

  constructor(
    private readonly view: Pick<IndexView, 'chunk' | 'document' | 'dotRows'>,
    readonly rule: StoryRule,
    private readonly citationOf: (d: DocumentRecord) => Citation,
  ) {}

  /** Cosine of two passages' vectors (their best pair of windows). */
  similarity(a: number, b: number): number {
    let best = -1;
    for (const x of this.view.chunk(a).windows)
      for (const y of this.view.chunk(b).windows) best = Math.max(best, this.view.dotRows(x, y));
    return best;
  }

  item(chunk: number): StoryItem {
    let sh = this.cache.get(chunk);
    if (sh === undefined) {
      sh = shingles(words(this.view.chunk(chunk).text));
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(chunk, sh);
    }
    const doc = this.view.chunk(chunk).doc;
    return { chunk, doc, citation: this.citationOf(this.view.document(doc)), shingles: sh };
  }

  /** Corroboration and newer reporting for shown groups of chunks, among the candidate chunks `pool`. */
  notes(
    groups: readonly { best: { chunk: number }; copies: readonly { chunk: number }[] }[],
    pool: readonly { chunk: number }[],
  ): StoryNote[] {
    const items = groups.map((g) => ({
      best: this.item(g.best.chunk),
      copies: g.copies.map((c) => this.item(c.chunk)),
    }));
    return storyNotes(
      items,
      pool.map((r) => this.item(r.chunk)),
      (a, b) => this.similarity(a, b),
      this.rule,
    );
  }
}
