/** npm run index -- [paths…] [--data-dir D] [--rebuild] [--prune] */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { indexPaths } from '../index/index-paths.ts';
import { databaseIndex, databaseOf, DATABASE_WHERE } from '../index/pg/open.ts';
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
  // STORE=postgres: the generation goes into DATABASE_URL; --data-dir is then unused.
  const db = databaseOf(settings);
  try {
    const config = await chooseModel(settings, dataDir, {
      purpose: 'build',
      rebuild,
      log: (line) => console.error(line),
      ...(db ? { index: databaseIndex(db) } : {}),
    });
    const inputs = positional.length ? positional : ['seeds'];
    const summary = await indexPaths({
      inputs,
      dataDir,
      ...(db ? { database: db } : {}),
      embedder: () => createEmbedder(config, 'index'),
      rebuild,
      prune: flags.prune === true,
      onProgress: progressPrinter(),
      log: (m) => console.error(escapeControls(m)),
    });
    printSummary(summary, db ? DATABASE_WHERE : dataDir);
  } finally {
    await db?.close();
  }
});
