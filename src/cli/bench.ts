/**
 * npm run bench -- --corpus <file> [--limit N] [--sizes 500,1000,2000,4545] [--out bench-out] [--data-dir D]
 *                  [--query-index DIR] [--skip-indexing] [--rounds 3] [--json]
 *
 * Indexing speed and memory per corpus size, question latency with 1 and 8 askers, HNSW recall, the RSS of a
 * process holding the index, and the cost of adding one article. Writes bench.json, bench.md and two SVG
 * charts under --out; prints the markdown (or, with --json, the JSON) to stdout.
 */
import 'dotenv/config';
import path from 'node:path';
import { runBench } from '../bench/run.ts';
import { loadEngineConfig } from '../config.ts';
import { DEFAULT_EMBEDDING_MODEL } from '../embed/factory.ts';
import { defineCommand, UsageError } from './args.ts';
import { runCommand } from './run.ts';
import { int, ints } from './values.ts';

export const command = defineCommand({
  usage: [
    'npm run bench -- --corpus <file> [--limit N] [--sizes 500,1000] [--out bench-out] [--data-dir D]',
    '                 [--query-index DIR] [--skip-indexing] [--rounds 3] [--json]',
  ],
  summary: 'Indexing and query performance; see docs/benchmarks.md.',
  options: {
    corpus: {
      type: 'string',
      value: '<file>',
      help: 'the articles (JSON Lines)',
      required: true,
      example: '--corpus ../shared/datasets/ukraine-news/ukraine_news_2022.jsonl',
    },
    limit: { type: 'string', value: 'N', parse: int(1, 10_000_000), help: 'articles read at most' },
    sizes: {
      type: 'string',
      value: 'L',
      parse: ints(1),
      help: 'corpus sizes indexed, in articles (500,1000,2000,4545)',
    },
    out: {
      type: 'string',
      value: 'DIR',
      default: 'bench-out',
      help: 'where bench.json, bench.md and the charts go',
    },
    'data-dir': { type: 'string', value: 'D', help: 'where the indexes are built (default: DATA_DIR/bench)' },
    'query-index': { type: 'string', value: 'DIR', help: 'an existing index to time questions on' },
    'skip-indexing': { type: 'boolean', help: 'time questions only' },
    rounds: { type: 'string', value: 'N', parse: int(1, 100), help: 'rounds of each measurement' },
    json: { type: 'boolean', help: 'print the JSON report instead of the Markdown' },
  },
});

runCommand(command, async ({ values, positionals }) => {
  if (positionals.length)
    throw new UsageError(
      `unexpected ${JSON.stringify(positionals[0])}; expected options only, e.g. --corpus <file.jsonl>`,
    );
  const { corpus, limit, sizes, 'query-index': queryIndex, rounds } = values;
  const config = loadEngineConfig();
  const { report, markdown, files } = await runBench({
    corpus,
    ...(limit === undefined ? {} : { limit }),
    ...(sizes === undefined ? {} : { sizes }),
    ...(queryIndex === undefined ? {} : { queryIndex: path.resolve(queryIndex) }),
    ...(rounds === undefined ? {} : { rounds }),
    skipIndexing: values['skip-indexing'],
    outDir: values.out,
    dataDir: path.resolve(values['data-dir'] ?? path.join(config.dataDir, 'bench')),
    config,
    embedderName: config.embeddingModel ?? DEFAULT_EMBEDDING_MODEL,
    log: (m) => console.error(m),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : markdown);
  console.error(`Wrote ${files.join(', ')}`);
});
