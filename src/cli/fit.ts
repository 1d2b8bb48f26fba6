/**
 * npm run fit -- --squad <file> [--beir <dir>] [--news <corpus.jsonl> --news-qa <files…>] [--seeds-qa <file>]
 *                [--work D] [--write]
 *
 * Records every question through the engine (cached under --work), fits the fusion weights and the
 * answer/related/none decision on the fit split, scores the held-out split, and with --write updates
 * the embedder's entry in src/search/fitted.ts, docs/decision/<model>.md and docs/img/decision-tradeoff-<model>.svg.
 */
import 'dotenv/config';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import {
  collectBeir,
  collectQa,
  collectSquad,
  collectSquadSmall,
  type CollectContext,
} from '../eval/fit/collect-sets.ts';
import {
  fitFusion,
  fitModel,
  fusionObjective,
  isHeldOut,
  label,
  scoreModel,
  tradeOff,
} from '../eval/fit/fit.ts';
import type { QuestionRecord } from '../eval/fit/records.ts';
import { decisionMarkdown, type FitReport, fittedModule, tradeOffChart } from '../eval/fit/report.ts';
import { fitted } from '../search/fitted.ts';
import { modelKey } from '../search/tuning.ts';
import { defineCommand, UsageError } from './args.ts';
import { squadOption, workOption } from './options.ts';
import { runCommand } from './run.ts';

/**
 * F-beta of the answer threshold. 1 weighs a wrong answer and a refused good question alike; "related" keeps the
 * passages on screen either way, under a hedge.
 */
const ANSWER_BETA = 1;

export const command = defineCommand({
  usage: [
    'npm run fit -- --squad <file> [--beir <dir>] [--news <corpus> --news-qa <files…>] [--seeds-qa <file>] [--work D]',
    '               [--write]',
  ],
  summary:
    'Fits the fusion weights and the answer/related/none decision for the configured model, holding part out.',
  options: {
    squad: squadOption,
    beir: {
      type: 'string',
      value: '<dir>',
      help: 'BEIR SciFact: its train queries, for the fusion weights only',
    },
    news: { type: 'string', value: '<corpus>', help: 'a news corpus (JSON Lines) to ask --news-qa against' },
    'news-qa': { type: 'list', value: '<files…>', noun: 'question files', help: 'questions about --news' },
    'seeds-qa': { type: 'string', value: '<file>', help: 'questions about the seeds' },
    work: workOption,
    write: { type: 'boolean', help: 'update src/search/fitted.ts, docs/decision/<model>.md and its chart' },
  },
});

runCommand(command, async ({ values }) => {
  const { squad, news, 'news-qa': newsQa } = values;
  if (news && newsQa.length === 0) throw new UsageError('--news needs --news-qa <question files…>');
  const config = loadEngineConfig();
  const workDir = path.resolve(values.work ?? path.join(config.dataDir, 'fit'));
  const embedder = await createEmbedder(config, 'query');
  const ctx: CollectContext = {
    workDir,
    embedder,
    indexEmbedder: () => createEmbedder(config, 'index'),
    log: (m) => console.error(m),
  };
  const records: QuestionRecord[] = [];
  const provenance: string[] = [];
  try {
    records.push(...(await collectSquad(ctx, squad)));
    provenance.push(
      `SQuAD v1.1 dev, half A (\`${squad}\`): every paragraph one article; each question asked against all of them and again with its whole Wikipedia article left out.`,
    );
    records.push(...(await collectSquadSmall(ctx, squad)));
    provenance.push(
      "The same SQuAD articles as small corpora (each Wikipedia article indexed alone, like the five seeds): its own questions, and 60 of the next article's as off-topic ones.",
    );
    const { beir } = values;
    if (beir) {
      records.push(...(await collectBeir(ctx, beir, 'train')));
      provenance.push(
        `BEIR SciFact train queries (\`${beir}\`), for the fusion weights only; its test split is not used here.`,
      );
    }
    if (news) {
      records.push(...(await collectQa(ctx, 'news', [news], newsQa)));
      provenance.push(
        `News questions (\`${newsQa.join('`, `')}\`) against the ${'ukraine-news'} corpus (\`${news}\`): answerable ones with a gold phrase, on-topic ones the corpus does not answer, off-topic ones.`,
      );
    }
    const seedsQa = values['seeds-qa'];
    if (seedsQa) {
      records.push(...(await collectQa(ctx, 'seeds', ['seeds'], [seedsQa])));
      provenance.push(`Crisis dev questions over the seeds (\`${seedsQa}\`).`);
    }
  } finally {
    await embedder.close();
  }

  const fitSet = records.filter((r) => !isHeldOut(r));
  const heldSet = records.filter(isHeldOut);
  const fusion = fitFusion(fitSet);
  console.error(`fusion: ${JSON.stringify(fusion.weights)} (fit objective ${fusion.score.toFixed(3)})`);
  const fitLabelled = fitSet.flatMap((r) => label(r, fusion.weights));
  const heldLabelled = heldSet.flatMap((r) => label(r, fusion.weights));
  const answer = fitModel(fitLabelled, 'answer', ANSWER_BETA);
  const related = fitModel(fitLabelled, 'related', 1, answer);
  const decision = { answer, related };
  const model = modelKey(embedder.id);
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.set] = (counts[r.set] ?? 0) + 1;
  const report: FitReport = {
    provenance,
    fusion: {
      weights: fusion.weights,
      fitScore: fusion.score,
      heldOut: fusionObjective(heldSet, fusion.weights).byFamily,
      shipped: fusionObjective(heldSet, { lexical: 0.5, dense: 0.25, coverage: 0.25 }).byFamily,
    },
    decision,
    answerBeta: ANSWER_BETA,
    heldOut: {
      answer: scoreModel(heldLabelled, decision, 'answer'),
      related: scoreModel(heldLabelled, decision, 'related'),
    },
    fit: {
      answer: scoreModel(fitLabelled, decision, 'answer'),
      related: scoreModel(fitLabelled, decision, 'related'),
    },
    tradeOff: tradeOff(heldLabelled, answer),
    counts,
    embedder: embedder.id,
    model,
    date: new Date().toISOString().slice(0, 10),
  };
  console.log(decisionMarkdown(report));
  if (values.write) {
    await mkdir('docs/decision', { recursive: true });
    await writeFile('src/search/fitted.ts', fittedModule(fitted, model, report));
    await writeFile(`docs/decision/${model}.md`, decisionMarkdown(report));
    await writeFile(`docs/img/decision-tradeoff-${model}.svg`, tradeOffChart(report));
    console.error(
      `Wrote src/search/fitted.ts, docs/decision/${model}.md and docs/img/decision-tradeoff-${model}.svg.`,
    );
  }
});
