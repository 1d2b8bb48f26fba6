/** npm run index -- [paths…] [--feed URL]… [--data-dir D] [--rebuild] [--prune]; no paths: what the index was built from. */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { chooseCorpus, corpusLine } from '../index/corpus.ts';
import { indexPaths, readRecordedCorpus } from '../host/index-paths.ts';
import { databaseIndex, databaseOf, DATABASE_WHERE } from '../index/pg/open.ts';
import { checkDatabase } from '../index/pg/preflight.ts';
import { escapeControls } from '../terminal.ts';
import { parseArgs, runMain, stringFlag, takeListFlag, UsageError } from './args.ts';
import { chooseModel } from '../host/model-choice.ts';
import { progressPrinter } from './progress.ts';
import { printSummary } from './summary.ts';

runMain(async () => {
  const argv = process.argv.slice(2);
  const feedFlags: string[] = [];
  for (
    let i = argv.findIndex((a) => a.startsWith('--feed='));
    i >= 0;
    i = argv.findIndex((a) => a.startsWith('--feed='))
  ) {
    feedFlags.push(argv.splice(i, 1)[0]!.slice('--feed='.length));
  }
  while (argv.includes('--feed')) feedFlags.push(...takeListFlag(argv, 'feed'));
  const { flags, positional } = parseArgs(argv, {
    'data-dir': 'string',
    rebuild: 'boolean',
    prune: 'boolean',
  });
  const settings = loadEngineConfig();
  const dataDir = stringFlag(flags['data-dir']) ?? settings.dataDir;
  const rebuild = flags.rebuild === true;
  // STORE=postgres: the generation goes into DATABASE_URL; --data-dir is then unused.
  const db = databaseOf(settings);
  try {
    // The server, its version and its extensions, before a model is chosen, fetched or run (one line, exit 2).
    if (db) await checkDatabase(db);
    const config = await chooseModel(settings, dataDir, {
      purpose: 'build',
      rebuild,
      log: (line) => console.error(line),
      ...(db ? { index: databaseIndex(db) } : {}),
    });
    for (const url of feedFlags) {
      if (!/^https?:\/\/\S+$/i.test(url))
        throw new UsageError(`--feed: expected an http(s) URL, got ${JSON.stringify(url)}`);
    }
    // Without paths, the run re-reads what the index was built from (a rebuild too); seeds/ only for a new index or
    // one older than that record. Feeds alone read no files: `--feed URL` must not also re-read seeds/.
    const corpus = chooseCorpus({
      paths: positional,
      setting: settings.corpus,
      feeds: [...settings.feeds, ...feedFlags],
      recorded: await readRecordedCorpus(dataDir, db ?? undefined).catch(() => null),
      feedsAloneReadNoFiles: true,
    });
    const feeds = corpus.feeds;
    const summary = await indexPaths({
      inputs: corpus.paths,
      dataDir,
      ...(db ? { database: db } : {}),
      embedder: () => createEmbedder(config, 'index'),
      rebuild,
      prune: flags.prune === true,
      ...(feeds.length ? { feeds: { urls: feeds, http: { allow: settings.feedAllowHosts } } } : {}),
      onProgress: progressPrinter(),
      log: (m) => console.error(escapeControls(m)),
    });
    // After the run, so a run stopped at once (a damaged index, DATA_DIR a file) still says just its one line.
    console.error(escapeControls(corpusLine(corpus)));
    printSummary(summary, db ? DATABASE_WHERE : dataDir);
  } finally {
    await db?.close();
  }
});
