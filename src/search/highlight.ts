/** Picks the sentence of a passage that best answers the question. */
import type { QueryMatcher } from './match.ts';

export interface Highlight {
  text: string;
  start: number;
  end: number;
}

/**
 * The sentence with the most of the question's idf mass; `denseBonus(offset)` adds what the model thinks of
 * the window around a sentence, which breaks ties and rescues paraphrases. Earlier sentences win exact ties.
 */
export function bestSentence(
  passage: string,
  matcher: QueryMatcher,
  denseBonus: (offset: number) => number = () => 0,
): Highlight {
  const { spans, sentences } = matcher.match(passage);
  let best: Highlight = { text: passage, start: 0, end: passage.length };
  let bestScore = -Infinity;
  spans.forEach((s, i) => {
    const score = sentences[i]! + denseBonus(s.start);
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = { text: passage.slice(s.start, s.end), start: s.start, end: s.end };
    }
  });
  return best;
}
