/** npm run index -- [paths…] [--feed URL]… [--data-dir D] [--rebuild] [--prune]; no paths: what the index was built from. */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { chooseCorpus, corpusLine } from '../index/corpus.ts';
import { indexPaths, readRecordedCorpus } from '../host/index-paths.ts';
import { databaseIndex, databaseOf, DATABASE_WHERE } from '../index/pg/open.ts';
import { checkDatabase } from '../index/pg/preflight.ts';
import { escapeControls } from '../terminal.ts';
import { defineCommand, UsageError } from './args.ts';
import { dataDirOption } from './options.ts';
import { runCommand } from './run.ts';
import { chooseModel } from '../host/model-choice.ts';
import { progressPrinter } from './progress.ts';
import { printSummary } from './summary.ts';

export const command = defineCommand({
  usage: ['npm run index -- [paths…] [--feed URL]… [--data-dir D] [--rebuild] [--prune]'],
  summary: [
    'Reads articles from files and folders and from news feeds (RSS, Atom, JSON Feed), and indexes them',
    'incrementally. Without paths it re-reads what the index was built from (npm run sources names it), or',
    'CORPUS when set; seeds/ only for a new index (none when feeds alone are given).',
  ].join('\n'),
  options: {
    feed: {
      type: 'list',
      value: 'URL',
      noun: 'URLs',
      help: [
        'read this feed too (repeatable, or several URLs after one --feed); adds to FEEDS.',
        'New and changed items are fetched from their pages; known, unchanged ones are not.',
      ].join('\n'),
    },
    'data-dir': dataDirOption,
    rebuild: {
      type: 'boolean',
      help: 'ignore the previous index and embed everything again (also repairs a damaged index)',
    },
    prune: {
      type: 'boolean',
      help: [
        'remove every indexed article that this run did not read; without it an article is',
        'removed only when the file or folder that held it was read and it is gone',
      ].join('\n'),
    },
  },
  notes:
    'With STORE=postgres the index is written into DATABASE_URL (one transaction) and --data-dir is unused.',
});

runCommand(command, async ({ values, positionals }) => {
  const feedFlags = values.feed;
  // Before a database is asked or a model fetched: a usage error is one line.
  for (const url of feedFlags) {
    if (!/^https?:\/\/\S+$/i.test(url))
      throw new UsageError(`--feed: expected an http(s) URL, got ${JSON.stringify(url)}`);
  }
  const settings = loadEngineConfig();
  const dataDir = values['data-dir'] ?? settings.dataDir;
  const rebuild = values.rebuild;
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
    // Without paths, the run re-reads what the index was built from (a rebuild too); seeds/ only for a new index or
    // one older than that record. Feeds alone read no files: `--feed URL` must not also re-read seeds/.
    const corpus = chooseCorpus({
      paths: positionals,
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
      prune: values.prune,
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
