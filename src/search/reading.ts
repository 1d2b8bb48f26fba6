/**
 * How the reader's scores enter the ranking and the decision, as small functions (pure, but for readerRerank's
 * call to the reader). The reader (src/read/) re-scores the engine's best `depth` candidates; they are re-ordered
 * by a blend of the engine's fused score and the reader's, fit on data (`npm run fit:reader`, docs/reader.md).
 * Candidates past the depth keep their order below them.
 */
import { NO_READER, type ReaderSignals, sigmoid } from './decision.ts';
import { minMax } from './ranking.ts';
import { CrisisDeskError } from '../errors.ts';
import type { Reader } from '../read/reader.ts';

/** How the reader is used; fit per embedding model and reader. */
export interface ReaderBlend {
  /** Best fused candidates the reader re-scores (0: the reader is not run). */
  depth: number;
  /** Weight of the reader's probability against the engine's min-max fused score within the depth (0–1). */
  weight: number;
}

/** P(the passage answers), as the reader's logit says. */
export function readerProbability(logit: number): number {
  return sigmoid(logit);
}

/**
 * The order of the first `fused.length` candidates after blending: indexes into them, best first. Ties keep the
 * engine's order, so a weight of 0 changes nothing.
 */
export function blendOrder(
  fused: readonly number[],
  probabilities: readonly number[],
  weight: number,
): number[] {
  if (fused.length !== probabilities.length) {
    throw new CrisisDeskError(
      'InvariantError',
      `blendOrder: expected one reader probability per candidate (${fused.length}), got ${probabilities.length}`,
    );
  }
  const engine = minMax(fused);
  const blended = engine.map((e, i) => (1 - weight) * e + weight * probabilities[i]!);
  return blended
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.i);
}

/**
 * The reader's confidence on its own scale, as the decision sees it: the logit, clipped to ±10 and divided by 10.
 * Probabilities saturate (0.99 and 0.99999 look alike) where the logits still say how sure the reader is.
 */
export function readerConfidence(probability: number): number {
  const p = Math.min(1 - 1e-5, Math.max(1e-5, probability));
  return Math.max(-10, Math.min(10, Math.log(p / (1 - p)))) / 10;
}

/** `probabilities` of the re-scored candidates in their new order, best first; shown: how many a user sees. */
export function readerSignals(probabilities: readonly number[], shown = 3): ReaderSignals {
  if (probabilities.length === 0) return { ...NO_READER };
  const confidence = probabilities.map(readerConfidence);
  const sorted = [...confidence].sort((a, b) => b - a);
  return {
    readerTop: confidence[0]!,
    readerMax: Math.max(...confidence.slice(0, shown)),
    readerGap: sorted[0]! - (sorted[1] ?? -1),
  };
}

/**
 * Re-scores the best `blend.depth` candidates with the reader and re-orders them by the blend; the rest keep their
 * order below. The re-read ones' scores are re-spread over the range they held, so the ranking stays sorted by
 * score (recency re-sorts by it), and each carries the reader's probability. `textOf`: what the reader sees of one.
 */
export async function readerRerank<R extends { score: number; reader?: number }>(
  reader: Pick<Reader, 'score'>,
  blend: ReaderBlend,
  question: string,
  fused: readonly R[],
  textOf: (candidate: R) => string,
): Promise<{ ranked: R[]; signals: ReaderSignals }> {
  const top = fused.slice(0, blend.depth);
  if (top.length === 0) return { ranked: [...fused], signals: readerSignals([]) };
  const logits = await reader.score(question, top.map(textOf));
  const probabilities = logits.map(readerProbability);
  const order = blendOrder(
    top.map((r) => r.score),
    probabilities,
    blend.weight,
  );
  const hi = top[0]!.score;
  const lo = top.at(-1)!.score;
  const step = top.length > 1 ? (hi - lo) / (top.length - 1) : 0;
  const reordered = order.map((i, rank): R => ({
    ...top[i]!,
    score: hi - rank * step,
    reader: probabilities[i]!,
  }));
  const signals = readerSignals(reordered.map((r) => r.reader!));
  return { ranked: [...reordered, ...fused.slice(top.length)], signals };
}
