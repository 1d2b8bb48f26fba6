/**
 * npm run fit:reader -- --squad <file> [--per-topic 10] [--news-index D --news-qa <files…>] [--beir <dir> --beir-limit N]
 *                       [--depth 16] [--allowed-depths 0,3,5] [--work D] [--write]
 *
 * Records sampled questions with the reader's scores on the engine's best `--depth` candidates (resumable, under
 * --work), fits how deep the reader reads and how its score blends in, and the answer/related/none decision that
 * sees it, on the fit split; scores the held-out split once. With --write updates src/search/fitted-reader.ts and
 * docs/reader.md.
 */
import 'dotenv/config';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import {
  collectBeirRead,
  collectQaRead,
  collectSquadRead,
  collectSquadSmallRead,
  type ReaderCollectContext,
} from '../eval/fit/reader-collect.ts';
import { DEPTHS, fitReader, readerFitModule, readerMarkdown } from '../eval/fit/reader-fit.ts';
import type { QuestionRecord } from '../eval/fit/records.ts';
import { openRequiredReader } from '../read/factory.ts';
import { fittedReader } from '../search/fitted-reader.ts';
import { paramsFor } from '../search/engine.ts';
import { readCurrentManifest } from '../index/store.ts';
import { readerFitKey } from '../search/tuning.ts';
import { defineCommand, UsageError } from './args.ts';
import { squadOption, workOption } from './options.ts';
import { runCommand } from './run.ts';
import { int, ints } from './values.ts';

export const command = defineCommand({
  usage: [
    'npm run fit:reader -- --squad <file> [--per-topic 10] [--news-index D --news-qa <files…>] [--beir <dir> --beir-limit N]',
    '                      [--depth 16] [--allowed-depths 0,3,5] [--work D] [--write]',
  ],
  summary: [
    "Records sampled questions with the reader's scores on the engine's best --depth candidates (resumable, under",
    '--work), fits the depth, the blend and the decision that sees the reader on the fit split, and scores the',
    'held-out split once; the depth is chosen among --allowed-depths (what the latency budget allows, measured by',
    'npm run bench:reader). --write updates src/search/fitted-reader.ts and docs/reader.md.',
  ].join('\n'),
  options: {
    squad: squadOption,
    'per-topic': {
      type: 'string',
      value: 'N',
      parse: int(1, 10_000),
      default: 10,
      help: 'questions sampled from each Wikipedia article',
    },
    'news-index': {
      type: 'string',
      value: 'D',
      help: 'a news index (opened read-only) to ask --news-qa against',
    },
    beir: { type: 'string', value: '<dir>', help: 'BEIR SciFact: its train queries, for the blend only' },
    'beir-limit': {
      type: 'string',
      value: 'N',
      parse: int(1, 100_000),
      default: 200,
      help: 'judged BEIR queries asked',
    },
    depth: {
      type: 'string',
      value: 'N',
      parse: int(1, 100),
      default: 16,
      help: 'candidates the reader scores while recording',
    },
    'allowed-depths': {
      type: 'string',
      value: 'L',
      parse: ints(0),
      help: 'the depths the fit may choose (default: every depth it tries)',
    },
    'news-qa': {
      type: 'list',
      value: '<files…>',
      noun: 'question files',
      help: 'questions about --news-index',
    },
    work: workOption,
    write: { type: 'boolean', help: 'update src/search/fitted-reader.ts and docs/reader.md' },
  },
});

runCommand(command, async ({ values }) => {
  const { squad, 'news-index': newsIndex, 'news-qa': newsQa } = values;
  if (newsIndex && newsQa.length === 0)
    throw new UsageError('--news-index needs --news-qa <question files…>');
  const { 'per-topic': perTopic, depth, 'beir-limit': beirLimit } = values;
  const config = loadEngineConfig();
  const workDir = path.resolve(values.work ?? path.join(config.dataDir, 'fit'));
  const reader = await openRequiredReader(config);
  const embedder = await createEmbedder(config, 'query');
  const ctx: ReaderCollectContext = {
    workDir,
    embedder,
    indexEmbedder: () => createEmbedder(config, 'index'),
    reading: { reader, depth },
    log: (m) => console.error(m),
  };
  const records: QuestionRecord[] = [];
  const provenance: string[] = [];
  try {
    records.push(...(await collectSquadRead(ctx, squad, perTopic)));
    provenance.push(
      `SQuAD v1.1 dev, half A (\`${squad}\`), the first ${perTopic} questions of each Wikipedia article: asked against every paragraph (own paragraph gold; without it, a same-topic near-miss) and with the article left out (off-topic).`,
    );
    records.push(...(await collectSquadSmallRead(ctx, squad, perTopic)));
    provenance.push(
      `The same SQuAD articles as small corpora (each Wikipedia article indexed alone, like the five seeds): its first ${perTopic} questions, and as many of the next article's as off-topic ones.`,
    );
    if (newsIndex) {
      records.push(...(await collectQaRead(ctx, 'news', newsIndex, newsQa)));
      const articles = (await readCurrentManifest(newsIndex))?.counts.documents ?? 0;
      provenance.push(
        `News questions (\`${newsQa.join('`, `')}\`) against an index of ${articles.toLocaleString('en-US')} ukraine-news articles.`,
      );
    }
    const { beir } = values;
    if (beir) {
      records.push(...(await collectBeirRead(ctx, beir, 'train', beirLimit)));
      provenance.push(
        `BEIR SciFact train, the first ${beirLimit} judged queries (\`${beir}\`), for the blend only; its test split is not used here.`,
      );
    }
  } finally {
    await embedder.close();
    await reader.close();
  }
  const params = paramsFor(embedder.id);
  const key = readerFitKey(embedder.id, reader.id);
  const allowed = values['allowed-depths'] ?? DEPTHS;
  const report = fitReader(
    records,
    params,
    depth,
    { provenance, key, embedder: embedder.id, reader: reader.id },
    allowed,
  );
  console.log(readerMarkdown(report));
  if (values.write) {
    await writeFile('src/search/fitted-reader.ts', readerFitModule(fittedReader, key, report));
    await writeFile('docs/reader.md', readerMarkdown(report));
    console.error('Wrote src/search/fitted-reader.ts and docs/reader.md.');
  }
});
