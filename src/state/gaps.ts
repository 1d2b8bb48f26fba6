/**
 * What the corpus lacks: questions the bot declined or members voted down, grouped by similar wording so
 * admins see "asked 7 times" once. Grouping is plain and explainable: a question's content words are its
 * Porter stems without stop words (the ones coverage uses), and a question joins the first group whose first
 * question shares at least `minOverlap` of their combined content words (Jaccard), else starts a new group.
 */
import { queryTerms } from '../index/tokenize.ts';
import type { GapCandidate } from './feedback.ts';

/** Share of combined content words two wordings must have in common to be one gap. Default 0.5. */
export const defaultMinOverlap = 0.5;

export interface GapGroup {
  /** The wording asked most often in the group (the earliest on a tie). */
  question: string;
  /** Other wordings in the group, as asked. */
  variants: string[];
  /** Times asked in all (each answer page counts once). */
  count: number;
  /** Of those, how many the bot declined (confidence none or related). */
  declined: number;
  /** Votes down on them. */
  downvotes: number;
  firstAsked: string;
  lastAsked: string;
}

/** The content-word set of a question: stop words out, Porter stems, so "sanction"/"sanctions" meet. */
export function contentWords(question: string): Set<string> {
  return new Set(queryTerms(question).map((t) => t.stem));
}

/** |a ∩ b| / |a ∪ b|; 1 for two empty sets (two questions of stop words alone are the same non-question). */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Groups questions (in the order given, oldest first) and sorts groups by count, then most recent. */
export function groupGaps(questions: readonly GapCandidate[], minOverlap = defaultMinOverlap): GapGroup[] {
  const groups: { seed: Set<string>; members: GapCandidate[] }[] = [];
  for (const q of questions) {
    const words = contentWords(q.question);
    const home = groups.find((g) => overlap(g.seed, words) >= minOverlap);
    if (home === undefined) groups.push({ seed: words, members: [q] });
    else home.members.push(q);
  }
  return groups
    .map(({ members }) => summarise(members))
    .sort(
      (a, b) =>
        b.count - a.count || b.lastAsked.localeCompare(a.lastAsked) || a.question.localeCompare(b.question),
    );
}

function summarise(members: readonly GapCandidate[]): GapGroup {
  const byWording = new Map<string, number>();
  for (const m of members) {
    const key = m.question.trim().replace(/\s+/g, ' ');
    byWording.set(key, (byWording.get(key) ?? 0) + 1);
  }
  // Map order is first-asked order, so a stable sort keeps the earliest wording first on a tie.
  const wordings = [...byWording].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const dates = members.map((m) => m.askedAt).sort();
  return {
    question: wordings[0]!,
    variants: wordings.slice(1),
    count: members.length,
    declined: members.filter((m) => m.confidence !== 'answer').length,
    downvotes: members.reduce((n, m) => n + m.downvotes, 0),
    firstAsked: dates[0]!,
    lastAsked: dates.at(-1)!,
  };
}
