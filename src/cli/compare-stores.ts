/**
 * npm run compare:stores -- --index D (--qa F | --beir DIR [--split test]) [--database-url U | --pg-data-dir P]
 *                           [--depth 100] [--limit-queries N] [--json]
 *
 * Copies a file-store generation (opened read-only) into PostgreSQL and reports how far the two stores' results
 * differ, why, and what the generation takes in the database. See docs/scaling.md.
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import { loadEngineConfig } from '../config.ts';
import { createEmbedder } from '../embed/factory.ts';
import { documentRanking, judgedQueries, ndcgAt } from '../eval/beir.ts';
import { loadBeirDataset } from '../eval/beir-run.ts';
import { parseQaFile } from '../eval/qa.ts';
import { compareQuestion, type QuestionComparison, summarizeComparisons } from '../eval/store-compare.ts';
import { denseCandidates } from '../index/pg/candidates.ts';
import { openDb } from '../index/pg/db.ts';
import { currentPgGeneration, readPgManifest } from '../index/pg/reader.ts';
import { generationSizes } from '../index/pg/sizes.ts';
import { writePgGeneration } from '../index/pg/writer.ts';
import { readGeneration } from '../index/store.ts';
import { SearchEngine } from '../search/engine.ts';
import { PgCandidates } from '../search/pg-candidates.ts';
import { defineCommand, UsageError } from './args.ts';
import { readOnlyIndexOption } from './options.ts';
import { runCommand } from './run.ts';
import { int } from './values.ts';
import { startLocalPostgres } from './local-postgres.ts';
import { chooseModel } from '../host/model-choice.ts';

export const command = defineCommand({
  usage: [
    'npm run compare:stores -- --index D (--qa F | --beir DIR [--split test]) [--database-url U | --pg-data-dir P]',
    '                          [--depth 100] [--limit-queries N] [--json]',
  ],
  summary: [
    "Copies the file index in D (read only) into PostgreSQL and reports how far the two stores' results differ",
    '(top-10 overlap, decisions, BM25 candidate overlap, HNSW recall) and the size of each table and index.',
  ].join('\n'),
  options: {
    index: readOnlyIndexOption,
    qa: { type: 'string', value: 'F', help: 'questions (JSON Lines) to compare on' },
    beir: {
      type: 'string',
      value: 'DIR',
      help: 'or a BEIR folder: its judged queries, and nDCG@10 of each store',
    },
    split: { type: 'string', value: 'S', default: 'test', help: 'the BEIR split' },
    'database-url': {
      type: 'string',
      value: 'U',
      help: 'a server to use (default: a local PGlite server, in memory or in --pg-data-dir P)',
    },
    'pg-data-dir': { type: 'string', value: 'P', help: "the local server's folder (kept between runs)" },
    depth: {
      type: 'string',
      value: 'N',
      parse: int(10, 1000),
      default: 100,
      help: 'nearest windows compared with the exact ones',
    },
    'limit-queries': { type: 'string', value: 'N', parse: int(1, 1_000_000), help: 'questions at most' },
    json: { type: 'boolean', help: 'print one JSON object instead of the tables' },
  },
});

runCommand(command, async ({ values }) => {
  const { index: indexDir, qa, beir, depth, 'limit-queries': limit } = values;
  if (!indexDir || (qa === undefined) === (beir === undefined))
    throw new UsageError('expected --index D and one of --qa F or --beir DIR');
  const data = await readGeneration(indexDir);
  const dataset = beir ? await loadBeirDataset(beir, values.split) : null;
  const questions = dataset
    ? judgedQueries(dataset.queries, dataset.qrels, limit).map((q) => ({ id: q.id, question: q.text }))
    : parseQaFile(await readFile(qa!, 'utf8'), qa!)
        .slice(0, limit)
        .map((q) => ({ id: q.id, question: q.question }));

  const { 'database-url': url, 'pg-data-dir': pgDataDir } = values;
  const server = url
    ? null
    : await startLocalPostgres(
        'npm run compare:stores without --database-url',
        pgDataDir ? { dataDir: pgDataDir } : {},
      );
  const db = openDb(url ?? server!.url);
  const settings = loadEngineConfig();
  const embedder = await createEmbedder(
    await chooseModel(settings, indexDir, { purpose: 'open', log: (l) => console.error(l) }),
    'query',
  );
  try {
    // The same generation already in the database (an earlier run with --pg-data-dir) is reused.
    let generation = await currentPgGeneration(db);
    const held = generation ? await readPgManifest(db, generation) : null;
    let copySeconds: number | null = null;
    if (
      !held ||
      held.createdAt !== data.manifest.createdAt ||
      held.counts.windows !== data.manifest.counts.windows
    ) {
      const t = performance.now();
      generation = await writePgGeneration(db, data, { expectedCurrent: generation });
      copySeconds = (performance.now() - t) / 1000;
      console.error(
        `Copied ${data.generation} into PostgreSQL as ${generation} in ${copySeconds.toFixed(1)} s.`,
      );
    }
    const sizes = await generationSizes(db, generation!);
    const files = new SearchEngine(data, embedder);
    const pg = new SearchEngine(data, embedder, {}, new PgCandidates(db, generation!));
    const labelRow = new Map([...data.windows.label].map((label, row) => [label, row]));
    const rows: QuestionComparison[] = [];
    const ndcg = { files: 0, pg: 0 };
    for (const [i, q] of questions.entries()) {
      const row = await compareQuestion(
        {
          files,
          pg,
          data,
          embedder,
          depth,
          hnswlib: async (v, n) => data.hnsw.search(v, n).map((h) => labelRow.get(h.label)!),
          pgvector: async (v, n) =>
            (await denseCandidates(db, generation!, v, n, { efSearch: data.manifest.hnsw.efSearch })).map(
              (h) => h.window,
            ),
        },
        q.question,
      );
      rows.push(row);
      const judged = dataset?.qrels.get(q.id);
      if (judged) {
        ndcg.files += ndcgAt(documentRanking(row.filesDocs), judged) / questions.length;
        ndcg.pg += ndcgAt(documentRanking(row.pgDocs), judged) / questions.length;
      }
      if ((i + 1) % 50 === 0) console.error(`questions: ${i + 1}/${questions.length}`);
    }
    const summary = summarizeComparisons(rows);
    const report = {
      index: indexDir,
      generation: data.generation,
      embedder: data.manifest.embedder.id,
      counts: data.manifest.counts,
      depth,
      copySeconds,
      sizes,
      summary,
      ...(dataset ? { ndcg10: ndcg } : {}),
    };
    if (values.json) {
      console.log(JSON.stringify(report));
      return;
    }
    printReport(report);
  } finally {
    await embedder.close();
    await db.close();
    await server?.stop();
  }
});

function printReport(r: {
  counts: { documents: number; chunks: number; windows: number };
  copySeconds: number | null;
  sizes: { name: string; kind: string; bytes: number }[];
  summary: ReturnType<typeof summarizeComparisons>;
  ndcg10?: { files: number; pg: number };
}): void {
  const s = r.summary;
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log(
    `${r.counts.documents} documents, ${r.counts.chunks} chunks, ${r.counts.windows} vectors; ${s.questions} questions`,
  );
  if (r.copySeconds !== null)
    console.log(
      `copy into PostgreSQL (rows, BM25 and HNSW indexes, one transaction): ${r.copySeconds.toFixed(1)} s`,
    );
  console.log('\n| measure | value |\n|---|---|');
  console.log(`| top-10 overlap (mean) | ${pct(s.meanTop10Overlap)} |`);
  console.log(`| same top 10, same order | ${pct(s.sameTop10)} |`);
  console.log(`| same top 1 | ${pct(s.sameTop1)} |`);
  console.log(`| same answer/related/none decision | ${pct(s.sameDecision)} |`);
  console.log(`| BM25 candidates also found by pg_textsearch | ${pct(s.meanLexicalOverlap)} |`);
  console.log(
    `| exact nearest windows found: hnswlib / pgvector | ${pct(s.hnswlibRecall)} / ${pct(s.pgvectorRecall)} |`,
  );
  if (r.ndcg10)
    console.log(
      `| nDCG@10 hybrid: files / PostgreSQL | ${r.ndcg10.files.toFixed(3)} / ${r.ndcg10.pg.toFixed(3)} |`,
    );
  console.log(
    `| ms per question (assess): files / PostgreSQL | ${s.filesMsMean.toFixed(1)} / ${s.pgMsMean.toFixed(1)} |`,
  );
  console.log('\n| relation | bytes | per vector or chunk |\n|---|---|---|');
  for (const z of r.sizes) {
    const per = z.name.startsWith('windows')
      ? r.counts.windows
      : z.name.startsWith('chunks')
        ? r.counts.chunks
        : r.counts.documents;
    console.log(`| ${z.name} | ${z.bytes} | ${(z.bytes / per).toFixed(0)} |`);
  }
}
