/**
 * From recorded questions to fitted parameters: fusion weights by grid search, then the answer and related
 * models by logistic regression, each on the fit split only; the held-out split is scored once at the end.
 */
import {
  DECISION_FEATURES,
  type DecisionFeatures,
  decisionFeatures,
  type DecisionParams,
  type LogisticModel,
  probability,
  type ReaderSignals,
  relatedScore,
} from '../../search/decision.ts';
import type { FusionWeights } from '../../search/ranking.ts';
import { firstGoldRank, reciprocalRank, rerank, weightGrid } from './fusion.ts';
import { confusion, type Counts, type Example, fBeta, fitLogistic, precision, recall } from './logistic.ts';
import type { CandidateRecord, QuestionRecord } from './records.ts';

/** Candidates the decision looks at (the engine's decisionDepth) and passages a user sees first. */
const DECISION_DEPTH = 10;
const SHOWN = 3;

/** Held out: a quarter of SQuAD's articles (by topic) and half of every other set (by id). */
export function isHeldOut(r: QuestionRecord): boolean {
  const key = r.topic ?? r.id;
  return r.topic !== undefined ? hash(key) % 4 === 3 : hash(key) % 2 === 1;
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The data set a record belongs to, without its condition (`squad/full` → `squad`). */
export function family(r: QuestionRecord): string {
  return r.set.split('/')[0]!;
}

/** One ranking-quality number per record: nDCG@10 for BEIR, reciprocal rank of the first gold otherwise. */
export function rankingScore(r: QuestionRecord, ranked: readonly CandidateRecord[]): number {
  if (r.relevant === undefined) return reciprocalRank(ranked);
  const seen = new Set<string>();
  let dcg = 0;
  let pos = 0;
  for (const c of ranked) {
    if (seen.has(c.doc)) continue;
    seen.add(c.doc);
    if (c.gold) dcg += 1 / Math.log2(pos + 2);
    if (++pos === 10) break;
  }
  let ideal = 0;
  for (let i = 0; i < Math.min(r.relevant, 10); i++) ideal += 1 / Math.log2(i + 2);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Records whose ranking has something to find (answerable with a gold candidate somewhere). */
export function rankable(r: QuestionRecord): boolean {
  return (
    (r.set.endsWith('/full') || r.set.endsWith('/answerable') || r.relevant !== undefined) &&
    r.candidates.some((c) => c.gold)
  );
}

/**
 * Mean ranking score per data set family under an order (MRR@10 of the first gold, nDCG@10 for BEIR), then the mean
 * of those: no one data set outvotes the others.
 */
export function orderObjective(
  records: readonly QuestionRecord[],
  order: Reorder,
): { mean: number; byFamily: Record<string, number> } {
  const sums = new Map<string, { s: number; n: number }>();
  for (const r of records) {
    if (!rankable(r)) continue;
    const e = sums.get(family(r)) ?? { s: 0, n: 0 };
    e.s += rankingScore(r, order(r.candidates).ranked);
    e.n++;
    sums.set(family(r), e);
  }
  const byFamily = Object.fromEntries([...sums].map(([f, e]) => [f, e.s / e.n]));
  const values = Object.values(byFamily);
  return { mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0, byFamily };
}

/** The objective of the engine's own order under fusion weights `w`. */
export function fusionObjective(
  records: readonly QuestionRecord[],
  w: FusionWeights,
): { mean: number; byFamily: Record<string, number> } {
  return orderObjective(records, plainOrder(w));
}

export function fitFusion(
  records: readonly QuestionRecord[],
  step = 0.05,
): { weights: FusionWeights; score: number } {
  let best = { weights: { lexical: 1, dense: 0, coverage: 0 }, score: -1 };
  for (const w of weightGrid(step)) {
    const { mean } = fusionObjective(records, w);
    if (mean > best.score + 1e-9) best = { weights: w, score: mean };
  }
  return best;
}

/** How a record's candidates are ordered, and what a reader said of them (the engine's ranking, offline). */
export type Reorder = (candidates: CandidateRecord[]) => {
  ranked: CandidateRecord[];
  reader?: ReaderSignals;
};

/** The engine's order under fusion `w`, without a reader. */
export function plainOrder(w: FusionWeights): Reorder {
  return (candidates) => ({ ranked: rerank(candidates, w) });
}

/** One question's labels for the decision; null where the data cannot say. */
export interface Labelled {
  record: QuestionRecord;
  features: DecisionFeatures;
  /** A shown passage answers (1), none does though the corpus was meant to lack the answer (0). */
  answer: 0 | 1 | null;
  /** On-topic reporting is among the candidates (1) or not (0). */
  related: 0 | 1;
}

/**
 * Labels a record under fusion `w`. SQuAD `full` also yields its near-miss twin: the same question with its own
 * paragraph removed, i.e. same-topic passages that do not answer.
 */
export function label(r: QuestionRecord, w: FusionWeights, order: Reorder = plainOrder(w)): Labelled[] {
  const kind = r.set.split('/')[1];
  if (r.relevant !== undefined) return [];
  // Each candidate list is ordered once; the label and the features read the same ranking.
  const make = (o: ReturnType<Reorder>, answer: 0 | 1 | null, related: 0 | 1): Labelled => ({
    record: r,
    features: decisionFeatures(o.ranked, DECISION_DEPTH, r.unknownShare, o.reader),
    answer,
    related,
  });
  const shownGold = (ranked: CandidateRecord[]): boolean => {
    const rank = firstGoldRank(ranked);
    return rank !== null && rank <= SHOWN;
  };
  const shownAnswerText = (ranked: CandidateRecord[]): boolean =>
    ranked.slice(0, SHOWN).some((c) => c.hasAnswerText);
  const all = order(r.candidates);
  if (kind === 'full') {
    const own = r.candidates.find((c) => c.gold)?.doc;
    const out = [make(all, shownGold(all.ranked) ? 1 : null, 1)];
    if (own === undefined) return out;
    // Re-ranked, not filtered: without its own paragraph the min-max scales of the rest change.
    const without = order(r.candidates.filter((c) => c.doc !== own));
    // A near-miss only when no other paragraph happens to hold the answer text.
    if (!shownAnswerText(without.ranked))
      out.push({ ...make(without, 0, 1), record: { ...r, set: `${family(r)}/near-miss` } });
    return out;
  }
  if (kind === 'offtopic') return [make(all, shownAnswerText(all.ranked) ? null : 0, 0)];
  if (kind === 'answerable') return [make(all, shownGold(all.ranked) ? 1 : null, 1)];
  if (kind === 'unanswerable') return [make(all, 0, 1)];
  return [];
}

/**
 * Fits one logistic model; every data set family weighs the same in total, so thousands of SQuAD questions do
 * not drown the news questions the bot will actually see. For `related`, pass the fitted answer model: the
 * threshold is chosen on the score the decision uses (see relatedScore).
 */
export function fitModel(
  items: readonly Labelled[],
  target: 'answer' | 'related',
  beta: number,
  answer?: LogisticModel,
): LogisticModel {
  const usable = items.filter((i) => i[target] !== null);
  const perFamily = new Map<string, number>();
  for (const i of usable) perFamily.set(family(i.record), (perFamily.get(family(i.record)) ?? 0) + 1);
  const examples: Example[] = usable.map((i) => ({
    x: DECISION_FEATURES.map((f) => i.features[f]),
    y: i[target]!,
    weight: usable.length / perFamily.size / perFamily.get(family(i.record))!,
  }));
  const fit = fitLogistic(examples, { l2: 1e-2 });
  const weights = Object.fromEntries(
    DECISION_FEATURES.map((f, j) => [f, round(fit.weights[j]!)]),
  ) as LogisticModel['weights'];
  const model: LogisticModel = { weights, bias: round(fit.bias), threshold: 0.5 };
  const score = (f: DecisionFeatures): number =>
    answer ? relatedScore({ answer, related: model }, f) : probability(model, f);
  const scored = usable.map((i) => ({ p: score(i.features), y: i[target]! }));
  return { ...model, threshold: bestThreshold(scored, beta) };
}

/** The threshold that maximizes F-beta on these scores (a grid of 0.01). */
export function bestThreshold(scored: readonly { p: number; y: 0 | 1 }[], beta: number): number {
  let best = { t: 0.5, f: -1 };
  // Integer steps, so the threshold tried is exactly the one returned.
  for (let k = 5; k <= 95; k++) {
    const f = fBeta(confusion(scored, k / 100), beta);
    if (f > best.f + 1e-9) best = { t: k / 100, f };
  }
  return best.t;
}

export interface SetScore {
  set: string;
  questions: number;
  counts: Counts;
  precision: number;
  recall: number;
}

/** Precision and recall of the decision's "answer" or "answer or related" per set (and all together). */
export function scoreModel(
  items: readonly Labelled[],
  params: DecisionParams,
  target: 'answer' | 'related',
): SetScore[] {
  const usable = items.filter((i) => i[target] !== null);
  const sets = ['all', ...new Set(usable.map((i) => i.record.set))];
  const model = params[target];
  const score = (f: DecisionFeatures): number =>
    target === 'answer' ? probability(model, f) : relatedScore(params, f);
  return sets.map((set) => {
    const these = usable.filter((i) => set === 'all' || i.record.set === set);
    const counts = confusion(
      these.map((i) => ({ p: score(i.features), y: i[target]! })),
      model.threshold,
    );
    return { set, questions: these.length, counts, precision: precision(counts), recall: recall(counts) };
  });
}

/** Precision/recall of "answered" across thresholds, for the trade-off chart. */
export function tradeOff(
  items: readonly Labelled[],
  model: LogisticModel,
): { threshold: number; precision: number; recall: number }[] {
  const scored = items
    .filter((i) => i.answer !== null)
    .map((i) => ({ p: probability(model, i.features), y: i.answer! }));
  const out = [];
  for (let k = 1; k <= 19; k++) {
    const c = confusion(scored, k / 20);
    out.push({ threshold: k / 20, precision: precision(c), recall: recall(c) });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
