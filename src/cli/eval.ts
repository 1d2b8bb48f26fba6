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
import { intFlag, parseArgs, runMain, stringFlag, takeListFlag, UsageError } from './args.ts';
import { chooseModel } from '../host/model-choice.ts';
import { progressPrinter } from './progress.ts';

runMain(async () => {
  const argv = process.argv.slice(2);
  const corpus = takeListFlag(argv, 'corpus');
  const { flags } = parseArgs(argv, {
    qa: 'string',
    k: 'string',
    'data-dir': 'string',
    json: 'boolean',
    seeds: 'string',
  });
  const qaPath = stringFlag(flags.qa);
  if (!qaPath) throw new UsageError('expected --qa <file.jsonl>, e.g. --qa ../shared/eval/crisis-dev.jsonl');
  const k = intFlag(flags.k, 'k', 1, 10) ?? 5;
  const items = parseQaFile(await readFile(qaPath, 'utf8'), qaPath);
  const settings = loadEngineConfig();
  const dataDir =
    stringFlag(flags['data-dir']) ??
    path.join(settings.dataDir, corpus.length ? 'eval-corpus' : 'eval-seeds');
  const config = await chooseModel(settings, dataDir, {
    purpose: 'build',
    log: (line) => console.error(line),
  });
  await indexPaths({
    inputs: [stringFlag(flags.seeds) ?? 'seeds', ...corpus],
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
  if (flags.json) {
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
