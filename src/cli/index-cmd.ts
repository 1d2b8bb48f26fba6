/** npm run index -- [paths…] [--data-dir D] [--rebuild] [--prune] */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { indexPaths } from '../index/index-paths.ts';
import { escapeControls } from '../terminal.ts';
import { parseArgs, runMain, stringFlag } from './args.ts';
import { chooseModel } from './model-choice.ts';
import { progressPrinter } from './progress.ts';
import { printSummary } from './summary.ts';

runMain(async () => {
  const { flags, positional } = parseArgs(process.argv.slice(2), { 'data-dir': 'string', rebuild: 'boolean', prune: 'boolean' });
  const settings = loadEngineConfig();
  const dataDir = stringFlag(flags['data-dir']) ?? settings.dataDir;
  const rebuild = flags.rebuild === true;
  const config = await chooseModel(settings, dataDir, { purpose: 'build', rebuild, log: (line) => console.error(line) });
  const inputs = positional.length ? positional : ['seeds'];
  const summary = await indexPaths({
    inputs,
    dataDir,
    embedder: () => createEmbedder(config, 'index'),
    rebuild,
    prune: flags.prune === true,
    onProgress: progressPrinter(),
    log: (m) => console.error(escapeControls(m)),
  });
  printSummary(summary, dataDir);
});
