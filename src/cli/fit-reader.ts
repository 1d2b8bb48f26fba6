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
import { intFlag, parseArgs, runMain, stringFlag, takeListFlag, UsageError } from './args.ts';

runMain(async () => {
  const argv = process.argv.slice(2);
  const newsQa = takeListFlag(argv, 'news-qa');
  const { flags } = parseArgs(argv, {
    squad: 'string',
    'per-topic': 'string',
    'news-index': 'string',
    beir: 'string',
    'beir-limit': 'string',
    depth: 'string',
    'allowed-depths': 'string',
    work: 'string',
    write: 'boolean',
  });
  const squad = stringFlag(flags.squad);
  if (!squad)
    throw new UsageError(
      'expected --squad <file>, e.g. --squad ../shared/datasets/squad/squad-dev-half-a.json',
    );
  const newsIndex = stringFlag(flags['news-index']);
  if (newsIndex && newsQa.length === 0)
    throw new UsageError('--news-index needs --news-qa <question files…>');
  const perTopic = intFlag(flags['per-topic'], '--per-topic', 1, 10_000) ?? 10;
  const depth = intFlag(flags.depth, '--depth', 1, 100) ?? 16;
  const beirLimit = intFlag(flags['beir-limit'], '--beir-limit', 1, 100_000) ?? 200;
  const config = loadEngineConfig();
  const workDir = path.resolve(stringFlag(flags.work) ?? path.join(config.dataDir, 'fit'));
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
    const beir = stringFlag(flags.beir);
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
  const allowedFlag = stringFlag(flags['allowed-depths']);
  const allowed = allowedFlag === undefined ? DEPTHS : allowedFlag.split(',').map(Number);
  if (allowed.some((d) => !Number.isInteger(d) || d < 0))
    throw new UsageError(
      `--allowed-depths: expected integers ≥ 0 separated by commas, got ${JSON.stringify(allowedFlag)}`,
    );
  const report = fitReader(
    records,
    params,
    depth,
    { provenance, key, embedder: embedder.id, reader: reader.id },
    allowed,
  );
  console.log(readerMarkdown(report));
  if (flags.write) {
    await writeFile('src/search/fitted-reader.ts', readerFitModule(fittedReader, key, report));
    await writeFile('docs/reader.md', readerMarkdown(report));
    console.error('Wrote src/search/fitted-reader.ts and docs/reader.md.');
  }
});
