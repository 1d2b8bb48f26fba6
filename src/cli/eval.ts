/** npm run eval -- --qa <file.jsonl> [--corpus <paths…>] [--k 5] [--data-dir D] [--json] */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { parseQaFile, qaRows, summarize } from '../eval/qa.ts';
import { indexPaths } from '../host/index-paths.ts';
import { openReader } from '../read/factory.ts';
import { SearchEngine } from '../search/engine.ts';
import { jsonLine, stripToLine } from '../terminal.ts';
import { defineCommand } from './args.ts';
import { jsonOption } from './options.ts';
import { runCommand } from './run.ts';
import { int } from './values.ts';
import { chooseModel } from '../host/model-choice.ts';
import { progressPrinter } from './progress.ts';

export const command = defineCommand({
  usage: [
    'npm run eval -- --qa <file.jsonl> [--corpus <paths…>] [--k 5] [--seeds <folder>] [--data-dir D] [--json]',
  ],
  summary:
    'Answer quality on questions with gold phrases: hit@1/3/5, MRR@10, answered/related/none and a per-question table.',
  options: {
    qa: {
      type: 'string',
      value: '<file.jsonl>',
      help: 'the questions, with gold phrases',
      required: true,
      example: '--qa ../shared/eval/crisis-dev.jsonl',
    },
    corpus: {
      type: 'list',
      value: '<paths…>',
      noun: 'paths',
      help: 'files and folders indexed beside the seeds',
    },
    k: {
      type: 'string',
      value: 'N',
      parse: int(1, 10),
      default: 5,
      help: 'passages a gold phrase may be among',
    },
    seeds: { type: 'string', value: '<folder>', default: 'seeds', help: 'the seed articles' },
    'data-dir': {
      type: 'string',
      value: 'D',
      help: [
        'the evaluation index (default DATA_DIR/eval-seeds or eval-corpus): it is made to hold exactly',
        'the seeds and --corpus, so never point it at an index you keep',
      ].join('\n'),
    },
    json: jsonOption,
  },
});

runCommand(command, async ({ values }) => {
  const { qa: qaPath, corpus, k } = values;
  const items = parseQaFile(await readFile(qaPath, 'utf8'), qaPath);
  const settings = loadEngineConfig();
  const dataDir =
    values['data-dir'] ?? path.join(settings.dataDir, corpus.length ? 'eval-corpus' : 'eval-seeds');
  const config = await chooseModel(settings, dataDir, {
    purpose: 'build',
    log: (line) => console.error(line),
  });
  await indexPaths({
    inputs: [values.seeds, ...corpus],
    dataDir,
    embedder: () => createEmbedder(config, 'index'),
    // The evaluation index holds exactly these inputs: articles of an earlier --corpus must not linger.
    prune: true,
    onProgress: progressPrinter(),
  });
  const embedder = await createEmbedder(config, 'query');
  // The engine `npm run ask` runs: the reader READER names (or the fetched default) re-reads its candidates.
  const { reader } = await openReader(settings);
  const engine = await SearchEngine.open(dataDir, embedder, { reader });
  const rows = await qaRows(engine, items, ({ passages: [top] }) =>
    top
      ? `${top.citation.path.split('/').pop()} ${top.score.toFixed(2)}: ${top.highlight.slice(0, 70)}`
      : '(abstained)',
  );
  await embedder.close();
  await reader?.close();
  const readerId = engine.reading?.reader.id ?? null;
  const report = summarize(rows, k);
  const stats = await engine.stats();
  if (values.json) {
    console.log(jsonLine({ qa: qaPath, corpus, articles: stats.articles, reader: readerId, ...report }));
    return;
  }
  const pct = (x: number): string => x.toFixed(2);
  console.log(
    `${items.length} questions over ${stats.articles} articles (${stats.embedder}; reader: ${readerId ?? 'none'})`,
  );
  console.log(
    `hit@1 ${pct(report.hitAt1)}  hit@3 ${pct(report.hitAt3)}  hit@5 ${pct(report.hitAt5)}  MRR@10 ${pct(report.mrrAt10)}`,
  );
  console.log(`gold phrase from any outlet in top ${k}: ${pct(report.anyOutletHitAtK)}`);
  console.log(
    `unanswerable not presented as answered ${report.abstainedOffTopic}/${report.unanswerable} (nothing shown: ${report.declinedEntirely}); ` +
      `answerable not answered ${report.falseAbstentions}/${report.answerable}\n`,
  );
  console.log(
    '| id | answerable | confidence | gold rank | any-outlet rank | top passage |\n|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    console.log(
      stripToLine(
        `| ${r.id} | ${r.answerable} | ${r.confidence} | ${r.rank ?? '-'} | ${r.anyRank ?? '-'} | ${r.top.replace(/\|/g, '/')} |`,
      ),
    );
  }
});
