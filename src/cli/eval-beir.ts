/**
 * npm run eval:beir -- <dir> [--split test] [--limit-queries N] [--data-dir D] [--candidates N] [--with-titles]
 *                       [--reader-depths 5,20] [--json]
 *
 * Indexes a BEIR corpus (incrementally, into <DATA_DIR>/beir-<name> by default) and reports nDCG@10 and
 * Recall@100 for lexical, dense and hybrid ranking, and hybrid re-read by the reader at each depth asked for (the
 * fitted blend weight and decision; the reader must be fetched). Tune on `train`; `test` is for reporting only.
 */
import 'dotenv/config';
import path from 'node:path';
import { type EngineConfig, loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { beirArticle } from '../eval/beir.ts';
import { loadBeirDataset, runBeir } from '../eval/beir-run.ts';
import { buildIndex } from '../index/indexer.ts';
import type { Embedder } from '../embed/embedder.ts';
import { openRequiredReader } from '../read/factory.ts';
import { type SearchParams, SearchEngine } from '../search/engine.ts';
import { readerFitFor } from '../search/tuning.ts';
import { defineCommand, UsageError } from './args.ts';
import { jsonOption } from './options.ts';
import { runCommand } from './run.ts';
import { int, ints } from './values.ts';
import { progressPrinter } from './progress.ts';

export const command = defineCommand({
  usage: [
    'npm run eval:beir -- <dir> [--split test] [--limit-queries N] [--data-dir D] [--candidates N] [--with-titles]',
    '                      [--reader-depths 5,20] [--json]',
  ],
  summary: 'nDCG@10 and Recall@100 of lexical, dense and hybrid ranking on a BEIR folder.',
  options: {
    split: {
      type: 'string',
      value: 'S',
      default: 'test',
      help: 'the qrels split; tune on train, report on test',
    },
    'limit-queries': { type: 'string', value: 'N', parse: int(1, 1_000_000), help: 'judged queries at most' },
    'data-dir': { type: 'string', value: 'D', help: 'the BEIR index (default: DATA_DIR/beir-<name>)' },
    candidates: {
      type: 'string',
      value: 'N',
      parse: int(10, 10_000),
      help: 'lexical and dense candidates each (default: the shipped ones)',
    },
    'with-titles': { type: 'boolean', help: "index each document's title with its text" },
    'reader-depths': {
      type: 'string',
      value: 'L',
      parse: ints(1),
      help: 'also hybrid re-read by the reader at each depth (fitted weight; the reader must be fetched)',
    },
    json: jsonOption,
  },
});

runCommand(command, async ({ values, positionals }) => {
  const dir = positionals[0];
  if (!dir || positionals.length > 1)
    throw new UsageError('expected one BEIR folder, e.g. npm run eval:beir -- ../shared/datasets/scifact');
  const { split, 'limit-queries': limitQueries, candidates, 'with-titles': withTitles } = values;
  const readerDepths = values['reader-depths'] ?? [];
  const config = loadEngineConfig();
  const dataset = await loadBeirDataset(dir, split);
  const dataDir =
    values['data-dir'] ?? path.join(config.dataDir, `beir-${dataset.name}${withTitles ? '-titles' : ''}`);
  const articles = dataset.corpus.map((d) =>
    beirArticle(withTitles ? { ...d, text: d.title ? `${d.title}\n\n${d.text}` : d.text } : d),
  );

  const indexer = await createEmbedder(config, 'index');
  try {
    const summary = await buildIndex({
      dataDir,
      embedder: indexer,
      articles,
      onProgress: progressPrinter(),
      log: (m) => console.error(m),
    });
    console.error(
      `Index ${dataDir}: ${summary.articles} documents, ${summary.chunks} chunks, ${summary.embedded} windows embedded in ${summary.seconds.toFixed(1)} s.`,
    );
  } finally {
    await indexer.close();
  }
  const embedder = await createEmbedder(config, 'query');
  try {
    const params =
      candidates === undefined ? {} : { lexicalCandidates: candidates, denseCandidates: candidates };
    const engine = await SearchEngine.open(dataDir, embedder, params);
    const readers =
      readerDepths.length > 0 ? await readingEngines(dataDir, embedder, params, readerDepths, config) : [];
    const report = await runBeir({
      engine,
      embedder,
      dataset,
      readers,
      ...(limitQueries === undefined ? {} : { limitQueries }),
      onQuery: (done, total) => {
        if (done % 50 === 0 || done === total) console.error(`queries: ${done}/${total}`);
      },
    });
    const setup = {
      dataDir,
      embedder: (await engine.stats()).embedder,
      candidates: candidates ?? 'shipped',
      withTitles,
    };
    if (values.json) {
      console.log(JSON.stringify({ ...report, ...setup }));
      return;
    }
    console.log(
      `${report.dataset} ${report.split}: ${report.queries} queries over ${report.documents} documents (${setup.embedder}, ${report.seconds.toFixed(1)} s)`,
    );
    console.log('\n| mode | nDCG@10 | Recall@100 | docs ranked (mean) |\n|---|---|---|---|');
    for (const [mode, s] of Object.entries(report.modes)) {
      console.log(
        `| ${mode} | ${s.ndcg10.toFixed(3)} | ${s.recall100.toFixed(3)} | ${s.meanRanked.toFixed(1)} |`,
      );
    }
  } finally {
    await embedder.close();
  }
});

/** One engine per depth, each re-reading that many candidates with the fitted blend weight and decision. */
async function readingEngines(
  dataDir: string,
  embedder: Embedder,
  params: Partial<SearchParams>,
  depths: readonly number[],
  config: EngineConfig,
) {
  const reader = await openRequiredReader(config);
  const fit = readerFitFor(embedder.id, reader.id);
  if (!fit)
    throw new UsageError(`no reader fit for ${embedder.id} with ${reader.id}: run npm run fit:reader first`);
  return Promise.all(
    depths.map(async (depth) => ({
      mode: `hybrid+reader@${depth}`,
      engine: await SearchEngine.open(dataDir, embedder, {
        ...params,
        reader,
        readerBlend: { depth, weight: fit.blend.weight },
        readerDecision: fit.decision,
      }),
    })),
  );
}
