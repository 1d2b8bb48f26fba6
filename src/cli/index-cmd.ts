/** npm run index -- [paths…] [--data-dir D] [--rebuild] */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { ingestPaths } from '../ingest/index.ts';
import { buildIndex } from '../index/indexer.ts';
import { parseArgs, runMain, stringFlag } from './args.ts';
import { progressPrinter } from './progress.ts';
import { printSummary } from './summary.ts';

runMain(async () => {
  const { flags, positional } = parseArgs(process.argv.slice(2), { 'data-dir': 'string', rebuild: 'boolean' });
  const config = loadEngineConfig();
  const dataDir = stringFlag(flags['data-dir']) ?? config.dataDir;
  const inputs = positional.length ? positional : ['seeds'];
  const input = await ingestPaths(inputs);
  const embedder = await createEmbedder(config, 'index');
  try {
    const summary = await buildIndex({
      dataDir,
      embedder,
      articles: input.articles,
      issues: input.issues,
      rebuild: flags.rebuild === true,
      onProgress: progressPrinter(),
      log: (m) => console.error(m),
    });
    printSummary(summary, dataDir);
  } finally {
    await embedder.close();
  }
});
