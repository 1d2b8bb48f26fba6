/**
 * npm run bench:feeds -- --corpus <file.jsonl> [--limit 200] [--jsdom <module>] [--dom-only]: the feed reader on a
 * local site; see docs/feeds.md.
 */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { runFeedBench } from '../bench/feeds.ts';
import { intFlag, parseArgs, runMain, stringFlag, UsageError } from './args.ts';
import { chooseModel } from '../host/model-choice.ts';

runMain(async () => {
  const { flags } = parseArgs(process.argv.slice(2), {
    corpus: 'string',
    limit: 'string',
    jsdom: 'string',
    'dom-only': 'boolean',
  });
  const corpus = stringFlag(flags.corpus);
  if (!corpus)
    throw new UsageError(
      'expected --corpus <file.jsonl>, e.g. --corpus ../shared/datasets/ukraine-news/ukraine_news_2022.jsonl',
    );
  const settings = loadEngineConfig();
  const config = await chooseModel(settings, settings.dataDir, {
    purpose: 'build',
    rebuild: true,
    log: (l) => console.error(l),
  });
  const lines = await runFeedBench({
    corpus,
    limit: intFlag(flags.limit, 'limit', 1, 100_000) ?? 200,
    embedder: () => createEmbedder(config, 'index'),
    log: (l) => console.error(l),
    ...(stringFlag(flags.jsdom) ? { jsdom: stringFlag(flags.jsdom)! } : {}),
    domOnly: flags['dom-only'] === true,
  });
  console.log(lines.join('\n'));
});
