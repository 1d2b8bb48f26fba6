/**
 * npm run eval:highlight -- --squad <file> [--limit N] [--per-topic N] [--reader-weights 0,0.5,1] [--data-dir D] [--write] [--json]
 *
 * Indexes SQuAD paragraphs (one article each) and asks every question: when a shown passage from the question's
 * own paragraph holds the answer, does its highlighted sentence hold it too? With --reader-weights, the reader
 * also scores every shown sentence and each weight of its say in the choice is scored, on the fit topics and on the
 * held-out topics apart (the split of `npm run fit`): choose the weight on the first, report the second. --write
 * keeps the weight (the idf rule alone is weight 0) that scores best on the fit topics in src/search/fitted-reader.ts.
 */
import 'dotenv/config';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { isHeldOut } from '../eval/fit/fit.ts';
import { highlightFitModule } from '../eval/fit/reader-fit.ts';
import { parseSquad } from '../eval/fit/squad.ts';
import { type HighlightRow, scoreHighlight, summarizeHighlights } from '../eval/highlight.ts';
import { buildIndex } from '../index/indexer.ts';
import { openRequiredReader } from '../read/factory.ts';
import type { Reader } from '../read/reader.ts';
import { paramsFor, SearchEngine } from '../search/engine.ts';
import { fittedReader } from '../search/fitted-reader.ts';
import { readerFitKey } from '../search/tuning.ts';
import { defineCommand, UsageError } from './args.ts';
import { jsonOption, squadOption } from './options.ts';
import { runCommand } from './run.ts';
import { int, numbers } from './values.ts';
import { chooseModel } from '../host/model-choice.ts';

export const command = defineCommand({
  usage: [
    'npm run eval:highlight -- --squad <file> [--limit N] [--per-topic N] [--reader-weights 0,0.5,1] [--data-dir D]',
    '                          [--write] [--json]',
  ],
  summary: [
    'How often the highlighted sentence holds the answer, on SQuAD. --reader-weights scores each weight of the',
    "reader's say in the choice, on the fit and held-out topics apart; --write keeps the weight best on the fit",
    'topics in src/search/fitted-reader.ts.',
  ].join('\n'),
  options: {
    squad: squadOption,
    limit: { type: 'string', value: 'N', parse: int(1, 1_000_000), help: 'questions at most (default: all)' },
    'per-topic': {
      type: 'string',
      value: 'N',
      parse: int(1, 1_000_000),
      help: 'the first N questions of each Wikipedia article (default: all)',
    },
    'reader-weights': {
      type: 'string',
      value: 'L',
      parse: numbers(0),
      help: "the reader's say in the choice of sentence, each scored (the fetched reader is needed)",
    },
    'data-dir': { type: 'string', value: 'D', help: 'the SQuAD index (default: DATA_DIR/eval-squad)' },
    write: { type: 'boolean', help: 'keep the weight best on the fit topics (needs --reader-weights)' },
    json: jsonOption,
  },
});

runCommand(command, async ({ values }) => {
  const { squad: file, limit, 'per-topic': perTopic } = values;
  const weights = values['reader-weights'] ?? [];
  if (values.write && weights.length === 0)
    throw new UsageError('--write: expected --reader-weights to choose among');
  const settings = loadEngineConfig();
  const dataDir = values['data-dir'] ?? path.join(settings.dataDir, 'eval-squad');
  const config = await chooseModel(settings, dataDir, { purpose: 'build', log: (l) => console.error(l) });
  const set = parseSquad(await readFile(file, 'utf8'), file);
  const indexer = await createEmbedder(config, 'index');
  try {
    await buildIndex({ dataDir, embedder: indexer, articles: set.articles, log: (m) => console.error(m) });
  } finally {
    await indexer.close();
  }
  const questions = (
    perTopic
      ? set.topics.flatMap((t) => set.questions.filter((q) => q.topic === t).slice(0, perTopic))
      : set.questions
  ).slice(0, limit);
  const embedder = await createEmbedder(config, 'query');
  const reader = weights.length > 0 ? memoized(await openRequiredReader(settings)) : null;
  try {
    const base = paramsFor(embedder.id);
    const runs = [
      { label: 'idf rule', weight: null as number | null },
      ...weights.map((w) => ({ label: `reader weight ${w}`, weight: w })),
    ];
    const results = [];
    for (const run of runs) {
      // The reader reads only the first candidate at weight 0 and the plain decision decides: ranking and decision
      // are the engine's own, only the highlight changes.
      const params =
        run.weight === null || !reader
          ? {}
          : {
              reader,
              readerBlend: { depth: 1, weight: 0 },
              readerDecision: base.decision,
              readerHighlight: run.weight,
            };
      const engine = await SearchEngine.open(dataDir, embedder, params);
      const rows: { row: HighlightRow; heldOut: boolean }[] = [];
      for (const q of questions) {
        rows.push({
          row: scoreHighlight(await engine.ask(q.question, { k: 3 }), q.paragraph, q.answers),
          heldOut: isHeldOut({
            id: q.id,
            set: 'squad/full',
            unknownShare: 0,
            candidates: [],
            topic: q.topic,
          }),
        });
      }
      const all = summarizeHighlights(rows.map((r) => r.row));
      const fit = summarizeHighlights(rows.filter((r) => !r.heldOut).map((r) => r.row));
      const held = summarizeHighlights(rows.filter((r) => r.heldOut).map((r) => r.row));
      results.push({ label: run.label, weight: run.weight, all, fit, heldOut: held });
      if (!values.json) {
        console.log(
          `${run.label}: ${all.questions} SQuAD questions (${embedder.id}): own paragraph's answer passage shown for ${all.goldShown}; its highlight holds the answer for ${all.highlightHolds} (${(100 * all.share).toFixed(1)} %); fit topics ${(100 * fit.share).toFixed(1)} % of ${fit.goldShown}, held-out topics ${(100 * held.share).toFixed(1)} % of ${held.goldShown}.`,
        );
      }
    }
    if (values.json)
      console.log(
        JSON.stringify({ squad: file, embedder: embedder.id, reader: reader?.id ?? null, results }),
      );
    if (values.write && reader) {
      // Chosen on the fit topics only; ties go to the smaller weight (less reader time per answer).
      const chosen = results.reduce((best, r) => (r.fit.share > best.fit.share + 1e-12 ? r : best));
      const weight = chosen.weight ?? 0;
      await writeFile(
        'src/search/fitted-reader.ts',
        highlightFitModule(fittedReader, readerFitKey(embedder.id, reader.id), weight),
      );
      console.error(
        `Wrote src/search/fitted-reader.ts: highlight weight ${weight} (${chosen.label}; fit topics ${(100 * chosen.fit.share).toFixed(1)} %, held-out ${(100 * chosen.heldOut.share).toFixed(1)} %).`,
      );
    }
  } finally {
    await embedder.close();
    await reader?.close();
  }
});

/** The reader, remembering each pair's score: every weight is scored on the same sentences, read once. */
function memoized(reader: Reader): Reader {
  const seen = new Map<string, number>();
  return {
    id: reader.id,
    async score(question, passages) {
      const missing = [...new Set(passages.filter((p) => !seen.has(`${question}\u0000${p}`)))];
      if (missing.length > 0)
        (await reader.score(question, missing)).forEach((s, i) =>
          seen.set(`${question}\u0000${missing[i]}`, s),
        );
      return passages.map((p) => seen.get(`${question}\u0000${p}`)!);
    },
    close: () => reader.close(),
  };
}
