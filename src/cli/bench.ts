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
import { intFlag, parseArgs, runMain, stringFlag, UsageError } from './args.ts';

function sizesFlag(value: string | boolean | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [];
  const sizes = parts.map(Number);
  if (!parts.length || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UsageError(
      `--sizes: expected comma-separated article counts such as 500,1000,2000,4545, got ${JSON.stringify(value)}`,
    );
  }
  return sizes;
}

runMain(async () => {
  const { flags, positional } = parseArgs(process.argv.slice(2), {
    corpus: 'string',
    limit: 'string',
    sizes: 'string',
    out: 'string',
    'data-dir': 'string',
    'query-index': 'string',
    'skip-indexing': 'boolean',
    rounds: 'string',
    json: 'boolean',
  });
  if (positional.length)
    throw new UsageError(
      `unexpected ${JSON.stringify(positional[0])}; expected options only, e.g. --corpus <file.jsonl>`,
    );
  const corpus = stringFlag(flags.corpus);
  if (!corpus)
    throw new UsageError(
      'expected --corpus <file>, e.g. --corpus ../shared/datasets/ukraine-news/ukraine_news_2022.jsonl',
    );
  const config = loadEngineConfig();
  const limit = intFlag(flags.limit, 'limit', 1, 10_000_000);
  const sizes = sizesFlag(flags.sizes);
  const queryIndex = stringFlag(flags['query-index']);
  const rounds = intFlag(flags.rounds, 'rounds', 1, 100);
  const { report, markdown, files } = await runBench({
    corpus,
    ...(limit === undefined ? {} : { limit }),
    ...(sizes === undefined ? {} : { sizes }),
    ...(queryIndex === undefined ? {} : { queryIndex: path.resolve(queryIndex) }),
    ...(rounds === undefined ? {} : { rounds }),
    skipIndexing: flags['skip-indexing'] === true,
    outDir: stringFlag(flags.out) ?? 'bench-out',
    dataDir: path.resolve(stringFlag(flags['data-dir']) ?? path.join(config.dataDir, 'bench')),
    config,
    embedderName: config.embeddingModel ?? DEFAULT_EMBEDDING_MODEL,
    log: (m) => console.error(m),
  });
  console.log(flags.json ? JSON.stringify(report, null, 2) : markdown);
  console.error(`Wrote ${files.join(', ')}`);
});
