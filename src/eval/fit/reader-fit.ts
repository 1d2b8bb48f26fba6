/**
 * Fits how the reader is used, offline on recorded questions (./reader-collect.ts): the depth it reads and the
 * weight of its score in the order (grid search on the fit split), then the answer/related/none decision with the
 * reader's signals beside the engine's (logistic, as ./fit.ts). The held-out split is scored once, beside the
 * engine without a reader on the same questions.
 */
import { type DecisionParams } from '../../search/decision.ts';
import type { SearchParams } from '../../search/engine.ts';
import type { ReaderFit } from '../../search/fitted-types.ts';
import { blendOrder, type ReaderBlend } from '../../search/reading.ts';
import { readerSignals } from '../../search/reading.ts';
import type { FusionWeights } from '../../search/ranking.ts';
import {
  family,
  fitModel,
  isHeldOut,
  label,
  type Labelled,
  orderObjective,
  plainOrder,
  rankable,
  type Reorder,
  scoreModel,
  type SetScore,
} from './fit.ts';
import { firstGoldRank, rerankScored } from './fusion.ts';
import type { QuestionRecord } from './records.ts';
import { CrisisDeskError } from '../../errors.ts';

/** The engine's order under `w`, then the first `blend.depth` re-ordered by the blend with the reader. */
export function readerOrder(w: FusionWeights, blend: ReaderBlend): Reorder {
  if (blend.depth <= 0) return plainOrder(w);
  return (candidates) => {
    const scored = rerankScored(candidates, w);
    const top = scored.slice(0, blend.depth);
    // A candidate the recording did not read (past its depth) reads as "does not answer".
    const probs = top.map((x) => x.c.reader ?? 0);
    const order = blendOrder(
      top.map((x) => x.score),
      probs,
      blend.weight,
    );
    const ranked = [...order.map((i) => top[i]!.c), ...scored.slice(top.length).map((x) => x.c)];
    return { ranked, reader: readerSignals(order.map((i) => probs[i]!)) };
  };
}

/** Share of answerable questions whose first gold passage is at rank 1, and within the first 3, per family. */
export function placement(
  records: readonly QuestionRecord[],
  order: Reorder,
): Record<string, { questions: number; first: number; top3: number }> {
  const out: Record<string, { questions: number; first: number; top3: number }> = {};
  for (const r of records) {
    if (!rankable(r) || r.relevant !== undefined) continue;
    const rank = firstGoldRank(order(r.candidates).ranked);
    const e = (out[family(r)] ??= { questions: 0, first: 0, top3: 0 });
    e.questions++;
    if (rank === 1) e.first++;
    if (rank !== null && rank <= 3) e.top3++;
  }
  return out;
}

/** Depths tried; each must be below the recorded depth (a near-miss drops one candidate). */
export const DEPTHS: readonly number[] = [0, 3, 5, 10, 15, 20, 40];
const WEIGHTS = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * The cheapest depth whose fit-split objective is within this of the best depth's: each candidate read costs a
 * forward pass on every question, so depth is bought only where it measurably pays.
 */
const DEPTH_TOLERANCE = 0.005;

export interface DepthRow {
  depth: number;
  weight: number;
  fit: number;
  heldOut: Record<string, number>;
  placement: ReturnType<typeof placement>;
}

export interface ReaderReport {
  provenance: string[];
  key: string;
  embedder: string;
  reader: string;
  date: string;
  counts: Record<string, number>;
  depths: DepthRow[];
  blend: ReaderBlend;
  /** The depths the choice was made among (the latency budget's). */
  allowed: readonly number[];
  decision: DecisionParams;
  heldOut: { answer: SetScore[]; related: SetScore[] };
  baseline: { answer: SetScore[]; related: SetScore[] };
}

export function fitReader(
  records: readonly QuestionRecord[],
  params: Pick<SearchParams, 'weights' | 'decision'>,
  recordedDepth: number,
  meta: { provenance: string[]; key: string; embedder: string; reader: string },
  /** Depths the latency budget allows (`npm run bench:reader`); the choice is made among these only. */
  allowed: readonly number[] = DEPTHS,
): ReaderReport {
  const fitSet = records.filter((r) => !isHeldOut(r));
  const heldSet = records.filter(isHeldOut);
  const w = params.weights;
  const depths: DepthRow[] = [];
  for (const depth of DEPTHS.filter((d) => d < recordedDepth)) {
    let best = { weight: 0, fit: -1 };
    for (const weight of depth === 0 ? [0] : WEIGHTS) {
      const fit = orderObjective(fitSet, readerOrder(w, { depth, weight })).mean;
      if (fit > best.fit + 1e-9) best = { weight, fit };
    }
    const order = readerOrder(w, { depth, weight: best.weight });
    depths.push({
      depth,
      weight: best.weight,
      fit: best.fit,
      heldOut: orderObjective(heldSet, order).byFamily,
      placement: placement(heldSet, order),
    });
  }
  const affordable = depths.filter((d) => allowed.includes(d.depth));
  if (affordable.length === 0)
    throw new CrisisDeskError(
      'FitError',
      `fitReader: expected an allowed depth below the recorded ${recordedDepth}, got ${allowed.join(', ')}`,
    );
  const top = Math.max(...affordable.map((d) => d.fit));
  const chosen = affordable.find((d) => d.fit >= top - DEPTH_TOLERANCE)!;
  const blend: ReaderBlend = { depth: chosen.depth, weight: chosen.weight };
  const order = readerOrder(w, blend);
  const fitLabelled = fitSet.flatMap((r) => label(r, w, order));
  const heldLabelled = heldSet.flatMap((r) => label(r, w, order));
  const answer = fitModel(fitLabelled, 'answer', 1);
  const related = fitModel(fitLabelled, 'related', 1, answer);
  const decision = { answer, related };
  const baseLabelled: Labelled[] = heldSet.flatMap((r) => label(r, w));
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.set] = (counts[r.set] ?? 0) + 1;
  return {
    ...meta,
    date: new Date().toISOString().slice(0, 10),
    counts,
    depths,
    blend,
    allowed,
    decision,
    heldOut: {
      answer: scoreModel(heldLabelled, decision, 'answer'),
      related: scoreModel(heldLabelled, decision, 'related'),
    },
    baseline: {
      answer: scoreModel(baseLabelled, params.decision, 'answer'),
      related: scoreModel(baseLabelled, params.decision, 'related'),
    },
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

function scoreTable(rows: readonly SetScore[], base: readonly SetScore[]): string {
  const lines = [
    '| set | questions | said yes (reader) | right (reader) | said yes (no reader) | right (no reader) |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    if (r.set === 'all') continue;
    const b = base.find((x) => x.set === r.set);
    const yes = r.counts.tp + r.counts.fp;
    const right = (r.counts.tp + r.counts.tn) / Math.max(1, r.questions);
    const byes = b ? b.counts.tp + b.counts.fp : 0;
    const bright = b ? (b.counts.tp + b.counts.tn) / Math.max(1, b.questions) : 0;
    lines.push(
      `| ${r.set} | ${r.questions} | ${yes} | ${pct(right)} | ${b ? byes : '–'} | ${b ? pct(bright) : '–'} |`,
    );
  }
  return lines.join('\n');
}

export function readerMarkdown(r: ReaderReport): string {
  const families = [...new Set(r.depths.flatMap((d) => Object.keys(d.heldOut)))].sort();
  const depthRows = r.depths.map((d) => {
    const place = families.map((f) => {
      const p = d.placement[f];
      return p ? `${pct(p.first / p.questions)} / ${pct(p.top3 / p.questions)}` : '–';
    });
    return `| ${d.depth} | ${d.weight.toFixed(2)} | ${d.fit.toFixed(3)} | ${families.map((f) => (d.heldOut[f] ?? 0).toFixed(3)).join(' | ')} | ${place.join(' | ')} |`;
  });
  return `# The reader: a cross-encoder that re-reads the best passages

Written by \`npm run fit:reader\` on ${r.date}. Embedder \`${r.embedder}\`, reader \`${r.reader}\` (key \`${r.key}\`).
Nothing here is set by hand: rerun the script after changing the model, the features or the data, and commit what
it writes (src/search/fitted-reader.ts, this page).

## Data

${r.provenance.map((p) => `- ${p}`).join('\n')}

Questions recorded per set: ${Object.entries(r.counts)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ')}.

Held out (never used to fit, scored once): a quarter of SQuAD's Wikipedia articles (every question about them) and
half of every other set, chosen by a hash of the id (the same split as docs/decision/).

## Depth and blend

Within the first *depth* candidates of the engine's order, each is re-scored as
(1 − weight) · min-max(engine score) + weight · P(reader); the rest keep their order below. The weight is the
best on the fit split for each depth (grid 0.05); the depth is the cheapest within ${DEPTH_TOLERANCE} of the best
fit-split objective (mean over data sets of MRR@10, nDCG@10 for SciFact).

| depth | weight | fit objective | ${families.map((f) => `held-out ${f}`).join(' | ')} | ${families.map((f) => `${f}: first / top 3`).join(' | ')} |
|---|---|---|${families.map(() => '---|').join('')}${families.map(() => '---|').join('')}
${depthRows.join('\n')}

Chosen among the depths the latency budget allows (${r.allowed.join(', ')}; measured with \`npm run bench:reader\`, see
docs/benchmarks.md): depth ${r.blend.depth}, weight ${r.blend.weight.toFixed(2)}.

## The decision with the reader

The features of docs/decision/ plus the reader's probability for the first passage, its best among the first
three, and the gap between its best and second-best among the re-read. Labels and fitting as in docs/decision/.

\`\`\`json
${JSON.stringify(r.decision, null, 2)}
\`\`\`

### Held out: "answered" (confidence = answer), with the reader and without it (today's engine)

${scoreTable(r.heldOut.answer, r.baseline.answer)}

### Held out: "related or answered" (anything shown)

${scoreTable(r.heldOut.related, r.baseline.related)}
`;
}

/** src/search/fitted-reader.ts with this report's entry set (other entries, and this one's highlight weight, kept). */
export function readerFitModule(
  current: Readonly<Record<string, ReaderFit>>,
  key: string,
  r: ReaderReport,
): string {
  return fittedReaderModule({
    ...current,
    [key]: { blend: r.blend, decision: r.decision, highlight: current[key]?.highlight ?? 0 },
  });
}

/** src/search/fitted-reader.ts with `key`'s highlight weight set (chosen by `npm run eval:highlight -- --write`). */
export function highlightFitModule(
  current: Readonly<Record<string, ReaderFit>>,
  key: string,
  highlight: number,
): string {
  const entry = current[key];
  if (!entry)
    throw new CrisisDeskError(
      'FitError',
      `no reader fit for ${key} to set the highlight weight of: run npm run fit:reader first`,
    );
  return fittedReaderModule({ ...current, [key]: { ...entry, highlight } });
}

function fittedReaderModule(next: Readonly<Record<string, ReaderFit>>): string {
  return `/**
 * Written by \`npm run fit:reader\` (src/eval/fit/reader-fit.ts) and, for \`highlight\`, by \`npm run eval:highlight --
 * --write\`: do not edit by hand. One entry per embedding model and reader (\`<model>+<reader>\`, see readerFitFor in
 * ./tuning.ts): how deep the reader reads, how its score blends with the engine's, the decision that sees it, and
 * its say in the highlighted sentence. The data and held-out numbers are in docs/reader.md and docs/benchmarks.md.
 */
import type { ReaderFit } from './fitted-types.ts';

export const fittedReader: Readonly<Record<string, ReaderFit>> = Object.freeze(${JSON.stringify(next, null, 2)});
`;
}
