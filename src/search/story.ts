/**
 * When two passages report the same thing, or the same story. Wire copy is caught by word 3-gram containment
 * (as in the engine's de-duplication); rewritten reports of one event by the dense cosine of the passages'
 * vectors. Both cosine lines are measured on labelled pairs from the news corpus (scripts/story-pairs.ts,
 * eval/story-pairs.jsonl, docs/time.md); they hold for bge-small, the model they were measured with.
 */
import type { Citation, Corroboration } from '../types.ts';
import { containment } from './ranking.ts';

export interface StoryRule {
  /** Cosine at or above which two passages from different articles, at most `sameThingDays` apart, report the same thing. */
  sameThing: number;
  /** Days apart at most for `sameThing` (reports of one event come out together; later ones are follow-ups). */
  sameThingDays: number;
  /** Cosine at or above which a later passage is newer reporting on the same story. */
  sameStory: number;
  /** Shingle containment (either way) at or above which two passages are copies. Default 0.6, as the engine's. */
  containment: number;
}

/** Fit for bge-small-en-v1.5 on eval/story-pairs.jsonl by scripts/story-threshold.ts (docs/time.md). */
export const defaultStoryRule: Readonly<StoryRule> = Object.freeze({
  sameThing: 0.8,
  sameThingDays: 1,
  sameStory: 0.77,
  containment: 0.6,
});

function daysApart(a: string | null, b: string | null): number {
  return a === null || b === null ? Infinity : Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
}

/** A candidate passage as the story rule sees it. */
export interface StoryItem {
  chunk: number;
  doc: number;
  citation: Citation;
  shingles: ReadonlySet<string>;
}

export type Relation = 'same-thing' | 'same-story' | 'other';

/** How `b` relates to `a`, given the cosine of their vectors. The same article is never "another report". */
export function relation(
  a: StoryItem,
  b: StoryItem,
  cosine: number,
  rule: StoryRule = defaultStoryRule,
): Relation {
  if (a.doc === b.doc) return 'other';
  const copy =
    containment(a.shingles, b.shingles) >= rule.containment ||
    containment(b.shingles, a.shingles) >= rule.containment;
  if (copy || (cosine >= rule.sameThing && daysApart(a.citation.date, b.citation.date) <= rule.sameThingDays))
    return 'same-thing';
  return cosine >= rule.sameStory ? 'same-story' : 'other';
}

function outletName(c: Citation): string {
  return c.source ?? 'Unknown outlet';
}

/** Distinct outlets among `own` and `others`, own first; an outlet's several copies count once. */
export function corroboration(own: Citation, others: readonly Citation[]): Corroboration {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const c of [own, ...others]) {
    // An article that does not name its outlet cannot be told apart from the others: only the passage's own counts.
    if (c !== own && c.source === null) continue;
    const key = outletName(c).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(outletName(c));
  }
  return { outlets: names.length, names };
}

/** The newest of `others` dated after `own`; null when none is (or `own` is undated). Ties keep the first. */
export function newest(own: Citation, others: readonly Citation[]): Citation | null {
  if (own.date === null) return null;
  let best: Citation | null = null;
  for (const c of others)
    if (c.date !== null && c.date > own.date && (best === null || c.date > best.date!)) best = c;
  return best;
}

/** What is said under a passage: who else reports it, and newer reporting on its story. */
export interface StoryNote {
  corroboration: Corroboration;
  newer: Citation | null;
  /** Articles reporting the same thing (copies first), for merging timeline events. */
  same: StoryItem[];
}

/**
 * For each shown group (a passage and its wire copies), the outlets that report the same thing and the newest
 * later report on the same story among `pool` (the candidates the question brought up).
 */
export function storyNotes(
  groups: readonly { best: StoryItem; copies: readonly StoryItem[] }[],
  pool: readonly StoryItem[],
  cosine: (a: number, b: number) => number,
  rule: StoryRule = defaultStoryRule,
): StoryNote[] {
  return groups.map(({ best, copies }) => {
    const docs = new Set([best.doc, ...copies.map((c) => c.doc)]);
    const same: StoryItem[] = [...copies];
    const story: StoryItem[] = [];
    for (const c of pool) {
      if (docs.has(c.doc)) continue;
      const r = relation(best, c, cosine(best.chunk, c.chunk), rule);
      if (r === 'other') continue;
      docs.add(c.doc);
      if (r === 'same-thing') same.push(c);
      story.push(c);
    }
    return {
      corroboration: corroboration(
        best.citation,
        same.map((s) => s.citation),
      ),
      newer: newest(
        best.citation,
        [...copies, ...story].map((s) => s.citation),
      ),
      same,
    };
  });
}
