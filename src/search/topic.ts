/**
 * A bare name or topic ("Zelensky", "gas prices": ./question-kind.ts) asks for the reporting on it, not for one
 * fact: every passage that names all of it is on topic, the recent ones first.
 */
import { preferRecent } from './scope.ts';
import type { CorpusSpan } from './time.ts';

/**
 * What recency adds to a topic's passages (score + weight × share of the corpus span): enough to put this month's
 * reporting above last year's at similar relevance, not enough to show an article that only mentions the name.
 * Set by reading results, not fit: a topic has no gold answer to fit on.
 */
const TOPIC_RECENCY_WEIGHT = 0.3;

/** The note a bare topic gets: how it was read, and where its story in date order is. */
function topicNote(topic: string): string {
  const name = topic.trim().replace(/\s+/g, ' ');
  return `Read as a topic: the most relevant recent reporting on "${name}". For its story in date order, ask for its timeline (/timeline topic:${name}, or npm run timeline -- "${name}").`;
}

/**
 * The passages of `ranked` that name all of the topic (coverage 1), recent first when the corpus is dated, and
 * the note saying so; null when none does (the question is then answered as any other).
 */
export function onTopic<R extends { score: number; coverage: number }>(
  topic: string,
  ranked: readonly R[],
  span: CorpusSpan | null,
  dateOf: (item: R) => string | null,
): { ranked: R[]; note: string } | null {
  const naming = ranked.filter((r) => r.coverage >= 1 - 1e-9);
  if (naming.length === 0) return null;
  return {
    ranked: span ? preferRecent(naming, dateOf, span, TOPIC_RECENCY_WEIGHT) : naming,
    note: topicNote(topic),
  };
}
