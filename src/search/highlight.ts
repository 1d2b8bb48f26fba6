/** Picks the sentence of a passage that best answers the question. */
import { splitSentences } from '../chunk/sentences.ts';
import { containsStem, coverageStems } from '../index/tokenize.ts';
import { coverage, type WeightedTerm } from './ranking.ts';

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
  query: readonly WeightedTerm[],
  denseBonus: (offset: number) => number = () => 0,
): Highlight {
  const spans = splitSentences(passage);
  let best: Highlight = { text: passage, start: 0, end: passage.length };
  let bestScore = -Infinity;
  for (const s of spans) {
    const text = passage.slice(s.start, s.end);
    const stems = coverageStems(text);
    const score = coverage(query, (t) => containsStem(stems, t)) + denseBonus(s.start);
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = { text, start: s.start, end: s.end };
    }
  }
  return best;
}

/** Coverage of the question by the passage's best single sentence. */
export function bestSentenceCoverage(passage: string, query: readonly WeightedTerm[]): number {
  let best = 0;
  for (const s of splitSentences(passage)) {
    const stems = coverageStems(passage.slice(s.start, s.end));
    best = Math.max(best, coverage(query, (t) => containsStem(stems, t)));
  }
  return best;
}
