/** Writes what a fit produced: the parameters module the engine imports, and the note that explains them. */
import { lineChart } from '../../chart/svg.ts';
import type { DecisionParams } from '../../search/decision.ts';
import type { FittedParams } from '../../search/fitted-types.ts';
import type { FusionWeights } from '../../search/ranking.ts';
import type { SetScore } from './fit.ts';

export interface FitReport {
  /** Where the data came from (paths and what each set is). */
  provenance: string[];
  fusion: {
    weights: FusionWeights;
    fitScore: number;
    heldOut: Record<string, number>;
    shipped: Record<string, number>;
  };
  decision: DecisionParams;
  /** F-beta the answer threshold maximizes. */
  answerBeta: number;
  heldOut: { answer: SetScore[]; related: SetScore[] };
  fit: { answer: SetScore[]; related: SetScore[] };
  tradeOff: { threshold: number; precision: number; recall: number }[];
  counts: Record<string, number>;
  embedder: string;
  /** The model's key in src/search/fitted.ts. */
  model: string;
  date: string;
}

/** The TypeScript module src/search/fitted.ts: every model's entry, `model`'s replaced by this fit. */
export function fittedModule(
  existing: Readonly<Record<string, FittedParams>>,
  model: string,
  r: FitReport,
): string {
  const all = { ...existing, [model]: { fusion: r.fusion.weights, decision: r.decision } };
  const sorted = Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((k) => [k, all[k]]),
  );
  return `/**
 * Written by \`npm run fit\` (src/eval/fit/): do not edit by hand. One entry per embedding model, since each
 * model's similarities live on their own scale; the data and held-out numbers are in docs/decision/<model>.md.
 */
import type { FittedParams } from './fitted-types.ts';

export const fitted: Readonly<Record<string, FittedParams>> = Object.freeze(${JSON.stringify(sorted, null, 2)});
`;
}

const pct = (x: number): string => (100 * x).toFixed(1);

/** Overall precision and recall, then per set how often the model said yes and how often it was right. */
function table(rows: SetScore[]): string {
  const all = rows.find((r) => r.set === 'all');
  const head = all
    ? `Overall: precision ${pct(all.precision)} %, recall ${pct(all.recall)} % (${all.questions} questions).\n\n`
    : '';
  const said = (c: SetScore['counts']): number => c.tp + c.fp;
  const right = (c: SetScore['counts']): number => c.tp + c.tn;
  const lines = rows
    .filter((r) => r.set !== 'all')
    .map(
      (r) =>
        `| ${r.set} | ${r.questions} | ${r.counts.tp + r.counts.fn} | ${said(r.counts)} (${pct(said(r.counts) / r.questions)} %) | ${pct(right(r.counts) / r.questions)} % |`,
    );
  return `${head}| set | questions | labelled yes | said yes | right |\n|---|---|---|---|---|\n${lines.join('\n')}`;
}

/** docs/decision/<model>.md: what the fit found for one embedding model. */
export function decisionMarkdown(r: FitReport): string {
  const w = r.fusion.weights;
  const fam = (m: Record<string, number>): string =>
    Object.entries(m)
      .map(([k, v]) => `${k} ${v.toFixed(3)}`)
      .join(', ');
  return `# Ranking and the answer/related/none decision, fit on data

Written by \`npm run fit\` on ${r.date}, embedder \`${r.embedder}\`. Nothing here is set by hand: rerun the
script after changing the model, the features or the data, and commit what it writes (src/search/fitted.ts,
this page, docs/img/decision-tradeoff-${r.model}.svg).

## Data

${r.provenance.map((p) => `- ${p}`).join('\n')}

Questions recorded per set: ${Object.entries(r.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.

Held out (never used to fit, scored once): a quarter of SQuAD's Wikipedia articles (every question about them)
and half of every other question set, chosen by a hash of the id.

## Fusion

Grid search (step 0.05) over the weights of min-max BM25, min-max dense cosine and question coverage; the
objective is the mean over data sets of nDCG@10 (SciFact train) or MRR@10 of the first gold passage (others).

- Fitted: lexical ${w.lexical}, dense ${w.dense}, coverage ${w.coverage} (fit-split objective ${r.fusion.fitScore.toFixed(3)}).
- Held out with these weights: ${fam(r.fusion.heldOut)}.
- Held out with the previously shipped 0.5 / 0.25 / 0.25: ${fam(r.fusion.shipped)}.

## The decision

Features of the ten best passages (src/search/decision.ts): the top passage's cosine, the best cosine, how far it
stands above the other nine and above the median of every candidate (the question's own background), the best share of the question's idf mass in a passage and in one sentence, the best
BM25 over the question's ceiling, whether the topic word is present, and the share of the question in words the
corpus never uses. Two logistic models: **answer** (does a shown passage answer?) and **related** (is there
on-topic reporting?). Labels:

- answer = 1: the gold passage is among the 3 shown (SQuAD: own paragraph; news/seeds: a passage with the gold
  phrase). Questions whose gold passage is not shown are left out of this model (a retrieval miss, not a decision).
- answer = 0, related = 1: SQuAD near-misses (the question with its own paragraph removed: same article, no
  answer, unless another paragraph shows the answer text), in the large corpus and in its article's small one,
  and on-topic news questions the corpus does not answer.
- answer = 0, related = 0: SQuAD with the question's whole article removed; another article's questions against a
  small corpus; off-topic questions against the news.

Every data set family weighs the same in total (L2 penalty 0.01 on standardized weights). The answer threshold
maximizes F${r.answerBeta} on the fit split; "related" is asked of max(P(related), P(answer)) — a passage that nearly answers is
at least on topic — with the threshold that maximizes F1 on the fit split.

\`\`\`json
${JSON.stringify(r.decision, null, 2)}
\`\`\`

### Held out: "answered" (confidence = answer)

${table(r.heldOut.answer)}

### Held out: "related or answered" (anything shown)

${table(r.heldOut.related)}

### Fit split, for comparison

${table(r.fit.answer)}

How the held-out precision and recall of "answered" move with the answer threshold:

| threshold | precision | recall |
|---|---|---|
${r.tradeOff.map((t) => `| ${t.threshold.toFixed(2)} | ${pct(t.precision)} % | ${pct(t.recall)} % |`).join('\n')}

![Precision and recall of "answered" on the held-out questions as the threshold moves](../img/decision-tradeoff-${r.model}.svg)
`;
}

export function tradeOffChart(r: FitReport): string {
  return lineChart({
    title: `Held-out precision and recall of "answered" by threshold (${r.model})`,
    xLabel: 'threshold on P(answer)',
    yLabel: 'share',
    series: [
      { name: 'precision', points: r.tradeOff.map((t) => [t.threshold, t.precision] as const) },
      { name: 'recall', points: r.tradeOff.map((t) => [t.threshold, t.recall] as const) },
    ],
  });
}
