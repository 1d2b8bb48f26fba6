/**
 * npm run bench:feeds -- --corpus <file.jsonl> [--limit 200] [--jsdom <module>] [--dom-only]: the feed reader on a
 * local site; see docs/feeds.md.
 */
import 'dotenv/config';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { runFeedBench } from '../bench/feeds.ts';
import { defineCommand } from './args.ts';
import { runCommand } from './run.ts';
import { int } from './values.ts';
import { chooseModel } from '../host/model-choice.ts';

export const command = defineCommand({
  usage: ['npm run bench:feeds -- --corpus <file.jsonl> [--limit 200] [--jsdom <module path>] [--dom-only]'],
  summary: [
    'Serves the first N articles of a JSON Lines corpus as HTML pages and an RSS feed on 127.0.0.1 and measures',
    'the feed reader: fetch + extract speed, linkedom vs jsdom, indexing end to end with the configured model,',
    'and what a second run fetches; see docs/feeds.md. jsdom is no dependency (it needs Node 22): --jsdom names',
    'where to import it from for the comparison; --dom-only stops after the comparison.',
  ].join('\n'),
  options: {
    corpus: {
      type: 'string',
      value: '<file.jsonl>',
      help: 'the articles served',
      required: true,
      example: '--corpus ../shared/datasets/ukraine-news/ukraine_news_2022.jsonl',
    },
    limit: { type: 'string', value: 'N', parse: int(1, 100_000), default: 200, help: 'articles served' },
    jsdom: { type: 'string', value: '<module path>', help: 'where to import jsdom from' },
    'dom-only': { type: 'boolean', help: 'stop after linkedom vs jsdom' },
  },
});

runCommand(command, async ({ values }) => {
  const { corpus, limit, jsdom } = values;
  const settings = loadEngineConfig();
  const config = await chooseModel(settings, settings.dataDir, {
    purpose: 'build',
    rebuild: true,
    log: (l) => console.error(l),
  });
  const lines = await runFeedBench({
    corpus,
    limit,
    embedder: () => createEmbedder(config, 'index'),
    log: (l) => console.error(l),
    ...(jsdom ? { jsdom } : {}),
    domOnly: values['dom-only'],
  });
  console.log(lines.join('\n'));
});
