/**
 * One page never shows a sentence twice. Overlapping chunks of one article share a sentence, and two outlets'
 * differently edited copies can share several: a later passage loses the sentences at its edges that an
 * earlier passage already showed, and is left out when a repeat would remain inside it (it is a copy).
 */
import { splitSentences } from '../chunk/sentences.ts';
import { foldForCompare } from './fold.ts';

/** The part of a passage that is shown, as offsets into its text. */
export interface PageSpan {
  start: number;
  end: number;
}

/** For each passage in page order, what to show of it, or null when all of it was shown already. */
export function pageSpans(passages: readonly { text: string }[]): (PageSpan | null)[] {
  const seen = new Set<string>();
  return passages.map(({ text }) => {
    const sentences = splitSentences(text).map((s) => ({
      ...s,
      key: foldForCompare(text.slice(s.start, s.end)),
    }));
    let first = 0;
    let last = sentences.length - 1;
    while (first <= last && seen.has(sentences[first]!.key)) first++;
    while (last >= first && seen.has(sentences[last]!.key)) last--;
    if (first > last) return null;
    const inner = sentences.slice(first, last + 1);
    if (inner.some((s) => seen.has(s.key))) return null;
    for (const s of inner) seen.add(s.key);
    return { start: inner[0]!.start, end: inner.at(-1)!.end };
  });
}
