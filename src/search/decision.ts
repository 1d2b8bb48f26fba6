/**
 * The answer/related/none decision as small pure functions. Its weights are not set by hand: they are fit by
 * `npm run fit` (src/eval/fit/) on thousands of labelled questions and written to ./fitted.ts with their
 * provenance and held-out numbers.
 */

/** What the decision learns from the reader, over the re-ordered candidates (all 0 when it did not run). */
export interface ReaderSignals {
  /** The reader's confidence (clipped logit / 10, −1 to 1; see ./reading.ts) for the first passage. */
  readerTop: number;
  /** Its best confidence among the first three (what is shown). */
  readerMax: number;
  /** How far the best stands above the second best among the re-scored: one clear answer, or many alike. */
  readerGap: number;
}

export const NO_READER: Readonly<ReaderSignals> = Object.freeze({ readerTop: 0, readerMax: 0, readerGap: 0 });

/** How sure the engine is that its passages answer the question. */
export type Confidence = 'answer' | 'related' | 'none';

/** What the decision looks at, computed over the best-ranked candidates of one question (all roughly 0–1). */
export interface DecisionFeatures {
  /** Cosine of the top-ranked passage with the question. */
  denseTop: number;
  /** Best cosine among the inspected candidates. */
  denseMax: number;
  /** How far the best cosine stands above the inspected candidates' mean. */
  denseSpread: number;
  /**
   * How far the best cosine stands above the median of every candidate (BM25's and the graph's): the question's
   * own background, so a question that is close to everything (or to nothing) is judged on its own scale.
   */
  denseLift: number;
  /** Best share of the question's idf mass found in one passage. */
  coverageMax: number;
  /** Best share found in one sentence (answers hold the question's words together). */
  focusMax: number;
  /** Best BM25 score over the most the question could score (every word, saturated). */
  lexicalShare: number;
  /** 1 when a candidate holds the question's rarest word that the corpus uses (the topic word). */
  rarest: number;
  /** Share of the question's idf mass carried by words no passage uses. */
  unknownShare: number;
  /** The reader's view of the re-ordered candidates (./reading.ts); 0 when no reader ran. */
  readerTop: number;
  readerMax: number;
  readerGap: number;
}

export const DECISION_FEATURES = [
  'denseTop',
  'denseMax',
  'denseSpread',
  'denseLift',
  'coverageMax',
  'focusMax',
  'lexicalShare',
  'rarest',
  'unknownShare',
  'readerTop',
  'readerMax',
  'readerGap',
] as const satisfies readonly (keyof DecisionFeatures)[];

/** A logistic model over the decision features and the probability above which it says yes. */
export interface LogisticModel {
  /** A feature without a weight counts 0 (models fit before the reader existed have no reader weights). */
  weights: Readonly<Partial<Record<keyof DecisionFeatures, number>>>;
  bias: number;
  threshold: number;
}

export interface DecisionParams {
  /** Does a shown passage answer this question? */
  answer: LogisticModel;
  /** Is there on-topic reporting, even if nothing answers exactly? Asked only when `answer` says no. */
  related: LogisticModel;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** P(yes) under the model. */
export function probability(model: LogisticModel, f: DecisionFeatures): number {
  let z = model.bias;
  for (const name of DECISION_FEATURES) z += (model.weights[name] ?? 0) * f[name];
  return sigmoid(z);
}

/**
 * P(related) as the decision uses it: never below P(answer), since a passage that nearly answers is at least on
 * topic (the two models are fit separately and may disagree on such a question).
 */
export function relatedScore(p: DecisionParams, f: DecisionFeatures): number {
  return Math.max(probability(p.related, f), probability(p.answer, f));
}

export function decide(f: DecisionFeatures, p: DecisionParams): Confidence {
  if (probability(p.answer, f) >= p.answer.threshold) return 'answer';
  if (relatedScore(p, f) >= p.related.threshold) return 'related';
  return 'none';
}

/** Per-candidate signals the question-level features are built from. */
export interface CandidateSignals {
  dense: number;
  coverage: number;
  focus: number;
  lexicalShare: number;
  hasRarest: boolean;
}

/**
 * Question-level features from its candidates, ranked best first: the first `depth` are inspected, all of them
 * give the background. All zero (but the unknown share) when there are none.
 */
export function decisionFeatures(
  ranked: readonly CandidateSignals[],
  depth: number,
  unknownShare: number,
  reader: ReaderSignals = NO_READER,
): DecisionFeatures {
  const top = ranked.slice(0, depth);
  if (top.length === 0) {
    return {
      denseTop: 0,
      denseMax: 0,
      denseSpread: 0,
      denseLift: 0,
      coverageMax: 0,
      focusMax: 0,
      lexicalShare: 0,
      rarest: 0,
      unknownShare,
      ...NO_READER,
    };
  }
  const dense = top.map((c) => c.dense);
  const denseMax = Math.max(...dense);
  const mean = dense.reduce((s, d) => s + d, 0) / dense.length;
  return {
    denseTop: top[0]!.dense,
    denseMax,
    denseSpread: denseMax - mean,
    denseLift: denseMax - median(ranked.map((c) => c.dense)),
    coverageMax: Math.max(...top.map((c) => c.coverage)),
    focusMax: Math.max(...top.map((c) => c.focus)),
    lexicalShare: Math.max(...top.map((c) => c.lexicalShare)),
    rarest: top.some((c) => c.hasRarest) ? 1 : 0,
    unknownShare,
    readerTop: reader.readerTop,
    readerMax: reader.readerMax,
    readerGap: reader.readerGap,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
