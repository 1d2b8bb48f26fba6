/**
 * The benchmark run: from-scratch index builds at each corpus size, then queries, HNSW recall and memory on
 * the largest (or on a given index), then the cost of adding one article. Each measurement is a child process.
 * Writes bench.json, bench.md, latency.svg and indexing.svg under `outDir`.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ingestPaths } from '../ingest/read-paths.ts';
import { currentGeneration } from '../index/generations.ts';
import { indexingSvg, latencySvg, renderMarkdown } from './report.ts';
import { runInChild } from './spawn.ts';
import type { BenchEngineConfig, BenchReport, IncrementalRun, IndexRun, QueryRun } from './types.ts';
import { CrisisDeskError } from '../errors.ts';

export interface BenchOptions {
  corpus: string;
  /** Use only the corpus's first `limit` articles. */
  limit?: number;
  /** Corpus prefixes to index from scratch; default: the whole (limited) corpus. Clamped to what exists. */
  sizes?: number[];
  outDir: string;
  /** Root of the benchmark's own indexes: one folder `n-<size>` per size. */
  dataDir: string;
  /** Measure queries on this existing index instead of the largest size built (e.g. a copy of data/eval-corpus). */
  queryIndex?: string;
  /** Skip the from-scratch builds (use the indexes a previous run left under `dataDir`). */
  skipIndexing?: boolean;
  /** Passes over the question list per concurrency. Default 3. */
  rounds?: number;
  concurrency?: number[];
  /** Stored vectors used as extra recall queries. Default 200. */
  recallSample?: number;
  /** ef values besides the shipped one for the recall table. Default 10, 50, 100, 150, 200, 300, 400, 800 (below 100 the engine's k = 100 search runs at ef 100). */
  efs?: number[];
  config: BenchEngineConfig;
  embedderName: string;
  log?: (message: string) => void;
}

export interface BenchOutput {
  report: BenchReport;
  markdown: string;
  files: string[];
}

export async function runBench(o: BenchOptions): Promise<BenchOutput> {
  const log = o.log ?? (() => {});
  const loadAverageStart = os.loadavg();
  const notes: string[] = [];
  const input = await ingestPaths([o.corpus]);
  const available = Math.min(input.articles.length, o.limit ?? Infinity);
  if (available === 0) throw new CrisisDeskError('BenchError', `no articles in ${o.corpus}`);
  const sizes = [
    ...new Set((o.sizes?.length ? o.sizes : [available]).map((s) => Math.min(s, available))),
  ].sort((a, b) => a - b);
  if (o.sizes?.some((s) => s > available))
    notes.push(`Sizes above ${available} were clamped to the ${available} articles available.`);
  const dirFor = (size: number): string => path.join(o.dataDir, `n-${size}`);
  const largest = sizes.at(-1)!;

  const indexing: IndexRun[] = [];
  if (!o.skipIndexing) {
    for (const size of sizes) {
      log(`Indexing ${size} articles from scratch into ${dirFor(size)}…`);
      const run = await runInChild<IndexRun>({
        kind: 'index',
        config: o.config,
        corpus: o.corpus,
        size,
        dataDir: dirFor(size),
      });
      log(
        `  ${size} articles: ${(run.buildMs / 1000).toFixed(1)} s, ${run.embedded} windows embedded, peak RSS ${run.peakRssMb.toFixed(0)} MB`,
      );
      indexing.push(run);
    }
  }

  const queryDir = o.queryIndex ?? dirFor(largest);
  let queries: QueryRun | null = null;
  if ((await currentGeneration(queryDir)) !== null) {
    log(`Asking ${o.concurrency?.join(' and ') ?? '1 and 8'} at a time over ${queryDir}…`);
    queries = await runInChild<QueryRun>({
      kind: 'queries',
      config: o.config,
      dataDir: queryDir,
      rounds: o.rounds ?? 3,
      concurrency: o.concurrency ?? [1, 8],
      recallSample: o.recallSample ?? 200,
      efs: o.efs ?? [10, 50, 100, 150, 200, 300, 400, 800],
    });
  } else notes.push(`No index in ${queryDir}: queries were not measured.`);
  if (o.queryIndex)
    notes.push(`Queries, recall and memory were measured on the given index ${o.queryIndex}.`);

  let incremental: IncrementalRun | null = null;
  if (existsSync(dirFor(largest)) && (await currentGeneration(dirFor(largest))) !== null) {
    log(`Adding one article to the ${largest}-article index…`);
    incremental = await runInChild<IncrementalRun>({
      kind: 'incremental',
      config: o.config,
      corpus: o.corpus,
      size: largest,
      dataDir: dirFor(largest),
    });
  } else notes.push(`No index in ${dirFor(largest)}: the incremental re-index was not measured.`);

  const cpus = os.cpus();
  const report: BenchReport = {
    createdAt: new Date().toISOString(),
    corpus: o.corpus,
    embedder: queries?.embedder ?? o.embedderName,
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      totalMemMb: os.totalmem() / (1024 * 1024),
      loadAverageStart,
      loadAverageEnd: os.loadavg(),
    },
    indexing,
    queries,
    incremental,
    notes,
  };
  const markdown = renderMarkdown(report);
  await mkdir(o.outDir, { recursive: true });
  const files: [string, string | null][] = [
    ['bench.json', JSON.stringify(report, null, 2) + '\n'],
    ['bench.md', markdown],
    ['latency.svg', latencySvg(report)],
    ['indexing.svg', indexingSvg(report)],
  ];
  const written: string[] = [];
  for (const [name, body] of files) {
    if (body === null) continue;
    await writeFile(path.join(o.outDir, name), body);
    written.push(path.join(o.outDir, name));
  }
  return { report, markdown, files: written };
}
