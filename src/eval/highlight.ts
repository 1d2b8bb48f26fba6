/** How often the highlighted sentence holds the answer: pure scoring over answers and SQuAD-style gold. */
import type { Answer } from '../types.ts';
import { phraseFinder } from './qa.ts';

export interface HighlightRow {
  /** The shown passage from the answer's own paragraph that holds an answer text, if any. */
  goldShown: boolean;
  /** That passage's highlight holds an answer text. */
  highlightHolds: boolean;
}

/** Looks at the first shown passage from `paragraph` that holds one of `answers`. */
export function scoreHighlight(answer: Answer, paragraph: string, answers: readonly string[]): HighlightRow {
  const holds = phraseFinder(answers);
  const gold = answer.passages.find((p) => p.citation.id === paragraph && holds(p.text));
  return { goldShown: gold !== undefined, highlightHolds: gold !== undefined && holds(gold.highlight) };
}

export function summarizeHighlights(rows: readonly HighlightRow[]): {
  questions: number;
  goldShown: number;
  highlightHolds: number;
  share: number;
} {
  const goldShown = rows.filter((r) => r.goldShown).length;
  const highlightHolds = rows.filter((r) => r.highlightHolds).length;
  return {
    questions: rows.length,
    goldShown,
    highlightHolds,
    share: goldShown ? highlightHolds / goldShown : 0,
  };
}
