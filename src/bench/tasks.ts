/**
 * The measurements themselves. Each runs in its own child process (see child.ts), so that peak RSS and the
 * RSS of a process holding an index belong to that measurement alone.
 */
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Embedder } from '../embed/embedder.ts';
import { createEmbedder } from '../embed/factory.ts';
import { ingestPaths } from '../ingest/read-paths.ts';
import { buildIndex } from '../index/indexer.ts';
import { defaultHnswParams, VectorIndex } from '../index/hnsw.ts';
import { currentGeneration } from '../index/generations.ts';
import { readGeneration } from '../index/store.ts';
import type { Article } from '../types.ts';
import { BENCH_QUESTIONS } from './questions.ts';
import { evenSample, exactTopK, recallOf, recallWithTies, rowDot } from './recall.ts';
import { mean, summarizeLatencies } from './stats.ts';
import { StageClock, TimedEmbedder, TimedSearchEngine, withAskTiming } from './timing.ts';
import type {
  BenchEngineConfig,
  BenchTask,
  IncrementalRun,
  IndexRun,
  QueryRun,
  QueryRunAt,
  RecallAt,
} from './types.ts';
import { CrisisDeskError } from '../errors.ts';

const MB = 1024 * 1024;

/** Peak resident set of this process so far (MB); maxRSS is in KiB. */
export function peakRssMb(): number {
  return (process.resourceUsage().maxRSS * 1024) / MB;
}

export function rssMb(): number {
  return process.memoryUsage().rss / MB;
}

/** RSS after a full garbage collection when the process runs with --expose-gc (children do), else NaN. */
export function settledRssMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return Number.NaN;
  gc();
  gc();
  return rssMb();
}

/** Bytes of the current generation's files under `dataDir`. */
async function indexDiskBytes(dataDir: string): Promise<number> {
  const gen = await currentGeneration(dataDir);
  if (gen === null) return 0;
  const dir = path.join(dataDir, gen);
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true }))
    if (e.isFile()) total += (await stat(path.join(dir, e.name))).size;
  return total;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

async function readCorpus(corpus: string): Promise<{ articles: Article[]; ms: number }> {
  const { value, ms } = await timed(() => ingestPaths([corpus]));
  if (value.articles.length === 0)
    throw new CrisisDeskError(
      'BenchError',
      `no articles in ${corpus}: ${value.issues
        .slice(0, 3)
        .map((i) => i.reason)
        .join('; ')}`,
    );
  return { articles: value.articles, ms };
}

export async function runTask(task: BenchTask): Promise<IndexRun | IncrementalRun | QueryRun> {
  switch (task.kind) {
    case 'index':
      return measureIndexing(task.config, task.corpus, task.size, task.dataDir);
    case 'incremental':
      return measureIncremental(task.config, task.corpus, task.size, task.dataDir);
    case 'queries':
      return measureQueries(task);
  }
}

/** Builds an index of the corpus's first `size` articles from scratch, timing each stage. */
async function measureIndexing(
  config: BenchEngineConfig,
  corpus: string,
  size: number,
  dataDir: string,
): Promise<IndexRun> {
  const read = await readCorpus(corpus);
  const articles = read.articles.slice(0, size);
  const start = await timed(() => createEmbedder(config, 'index'));
  const embedder = new TimedEmbedder(start.value);
  try {
    const clock = new StageClock();
    const build = await timed(() =>
      buildIndex({ dataDir, embedder, articles, rebuild: true, onProgress: clock.onProgress }),
    );
    const summary = build.value;
    const stages = clock.durations();
    const seconds = build.ms / 1000;
    const data = await readGeneration(dataDir);
    return {
      articles: summary.articles,
      chunks: summary.chunks,
      windows: data.windows.label.length,
      embedded: summary.embedded,
      readMs: read.ms,
      embedderStartMs: start.ms,
      buildMs: build.ms,
      stages,
      tokenizeMs: embedder.tokenizeMs,
      articlesPerSecond: summary.articles / seconds,
      chunksPerSecond: summary.chunks / seconds,
      msPerWindow: summary.embedded ? (stages.embedding ?? 0) / summary.embedded : 0,
      peakRssMb: peakRssMb(),
      diskBytes: await indexDiskBytes(dataDir),
      loadAverage: os.loadavg(),
    };
  } finally {
    await embedder.close();
  }
}

/** An article of our own words, for when the corpus has no article left to add. */
function generatedArticle(): Article {
  const sentences = [
    'This is a generated article used only to measure incremental indexing.',
    'It describes a fictional briefing held by a regional council about road repairs and school timetables.',
    'Officials said the work would begin next month and last about six weeks.',
    'Residents were asked to use the northern detour while the bridge is closed.',
    'The council will publish weekly updates on its website.',
  ];
  const text = Array.from({ length: 6 }, () => sentences.join(' ')).join('\n\n');
  return {
    id: 'bench-generated-article',
    title: 'Generated benchmark article',
    text,
    source: 'Benchmark',
    date: '2022-06-01',
    url: null,
    path: 'bench/generated.txt',
  };
}

/**
 * The cost of adding one article to an index of the corpus's first `size` articles (which must already be in
 * `dataDir`), then of removing it again so the index is left as it was.
 */
async function measureIncremental(
  config: BenchEngineConfig,
  corpus: string,
  size: number,
  dataDir: string,
): Promise<IncrementalRun> {
  if ((await currentGeneration(dataDir)) === null)
    throw new CrisisDeskError('BenchError', `no index in ${dataDir} to add an article to`);
  const read = await readCorpus(corpus);
  const base = read.articles.slice(0, size);
  const next = read.articles[size];
  const extra = next ?? generatedArticle();
  const start = await timed(() => createEmbedder(config, 'index'));
  const embedder: Embedder = start.value;
  try {
    // First make sure the index holds exactly `base` (a no-op when it already does).
    await buildIndex({ dataDir, embedder, articles: base });
    const add = await timed(() => buildIndex({ dataDir, embedder, articles: [...base, extra] }));
    const remove = await timed(() => buildIndex({ dataDir, embedder, articles: base }));
    return {
      articles: base.length,
      added: next ? 'corpus' : 'generated',
      readMs: read.ms,
      embedderStartMs: start.ms,
      addMs: add.ms,
      addEmbedded: add.value.embedded,
      removeMs: remove.ms,
      loadAverage: os.loadavg(),
    };
  } finally {
    await embedder.close();
  }
}

/** File name of the HNSW graph inside a generation (see src/index/store.ts). */
const HNSW_FILE = 'hnsw.bin';

/** Loads the index as the bot does, asks the benchmark questions at each concurrency, and measures HNSW recall. */
async function measureQueries(task: Extract<BenchTask, { kind: 'queries' }>): Promise<QueryRun> {
  const baselineMb = rssMb();
  const start = await timed(() => createEmbedder(task.config, 'query'));
  const embedder = new TimedEmbedder(start.value);
  try {
    // The engine keeps int8 copies of the vectors; the float ones are read again for recall, after the memory
    // readings, so that they do not inflate them.
    const load = await timed(() => readGeneration(task.dataDir));
    const engine = new TimedSearchEngine(load.value, embedder);
    const { data: loaded } = engine;
    const indexMs = load.ms;
    for (const q of BENCH_QUESTIONS.slice(0, 5)) await engine.ask(q.text);
    const loadedMb = rssMb();

    const runs: QueryRunAt[] = [];
    for (const concurrency of task.concurrency) runs.push(await askAll(engine, concurrency, task.rounds));
    const afterQueriesMb = rssMb();
    // Before the recall step, which loads extra copies of the graph.
    const peakMb = peakRssMb();
    const settledMb = settledRssMb();

    const recall = await measureRecall(task, await readGeneration(task.dataDir), embedder);
    return {
      dataDir: task.dataDir,
      articles: loaded.manifest.counts.documents,
      chunks: loaded.manifest.counts.chunks,
      windows: loaded.manifest.counts.windows,
      embedder: loaded.manifest.embedder.id,
      diskBytes: await indexDiskBytes(task.dataDir),
      loadMs: { embedder: start.ms, index: indexMs },
      rss: { baselineMb, loadedMb, afterQueriesMb, settledMb, peakMb },
      runs,
      recall,
      loadAverage: os.loadavg(),
    };
  } finally {
    await embedder.close();
  }
}

/** `concurrency` askers each take the next question until `rounds` passes over the list are done. */
async function askAll(engine: TimedSearchEngine, concurrency: number, rounds: number): Promise<QueryRunAt> {
  const list = Array.from({ length: rounds }, () => BENCH_QUESTIONS).flat();
  const total: number[] = [];
  const embed: number[] = [];
  const search: number[] = [];
  const format: number[] = [];
  const errors: string[] = [];
  let answered = 0;
  let offTopicAbstained = 0;
  let nextIndex = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const asker = async (): Promise<void> => {
    while (nextIndex < list.length) {
      const q = list[nextIndex++]!;
      const started = performance.now();
      try {
        const { value, timing } = await withAskTiming(() => engine.ask(q.text, { k: 3 }));
        const ms = performance.now() - started;
        total.push(ms);
        embed.push(timing.embedMs);
        search.push(timing.rankMs);
        format.push(Math.max(0, ms - timing.embedMs - timing.rankMs));
        if (value.answered) answered++;
        else if (q.offTopic) offTopicAbstained++;
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, asker));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    concurrency,
    questions: list.length,
    errors: errors.length,
    errorSamples: [...new Set(errors)].slice(0, 3),
    seconds,
    queriesPerSecond: total.length / seconds,
    cpuMsPerQuestion: (cpuSeconds * 1000) / Math.max(1, total.length + errors.length),
    coresBusy: cpuSeconds / seconds,
    latency: summarizeLatencies(total),
    embed: summarizeLatencies(embed),
    search: summarizeLatencies(search),
    format: summarizeLatencies(format),
    answered,
    offTopic: list.filter((q) => q.offTopic).length,
    offTopicAbstained,
  };
}

/**
 * Recall@10 of HNSW against brute force over every stored vector, at the shipped ef and the others asked for.
 * Ties count as hits (identical wire-copy vectors sit at several rows); strict id overlap is reported too.
 */
async function measureRecall(
  task: Extract<BenchTask, { kind: 'queries' }>,
  data: Awaited<ReturnType<typeof readGeneration>>,
  embedder: Embedder,
): Promise<RecallAt[]> {
  const k = 10;
  const dims = data.manifest.embedder.dimensions;
  const labels = data.windows.label;
  const rowOf = new Map([...labels].map((label, row) => [label, row]));
  const questionVectors = await embedder.embed(BENCH_QUESTIONS.map((q) => q.text));
  const storedRows = evenSample(labels.length, task.recallSample);
  const storedVectors = storedRows.map((r) => data.vectors.slice(r * dims, (r + 1) * dims));
  const queries = [...questionVectors, ...storedVectors];
  const exactStarted = performance.now();
  const exact = queries.map((q) => exactTopK(data.vectors, dims, q, k));
  const exactMsPerQuery = (performance.now() - exactStarted) / Math.max(1, queries.length);
  const exact100 = questionVectors.map((q) => exactTopK(data.vectors, dims, q, 100));
  // The query-time ef comes from the code's defaults (see readGeneration), not from the manifest.
  const shippedEf = defaultHnswParams.efSearch;
  const efs = [...new Set([shippedEf, ...task.efs])].sort((a, b) => a - b);
  const file = path.join(task.dataDir, data.generation, HNSW_FILE);
  const out: RecallAt[] = [];
  const nq = questionVectors.length;
  for (const ef of efs) {
    const index =
      ef === shippedEf
        ? data.hnsw
        : await VectorIndex.load(file, dims, { ...data.manifest.hnsw, efSearch: ef });
    const started = performance.now();
    const found = queries.map((q) => index.search(q, k).map((n) => n.label));
    const hnswMsPerQuery = (performance.now() - started) / Math.max(1, queries.length);
    const withTies = found.map((labelsFound, i) => {
      const scores = labelsFound.map((l) => rowDot(data.vectors, dims, queries[i]!, rowOf.get(l)!));
      return recallWithTies(scores, exact[i]!);
    });
    const strict = found.map((labelsFound, i) =>
      recallOf(
        labelsFound,
        exact[i]!.map((e) => labels[e.row]!),
      ),
    );
    // What the engine itself asks for: 100 candidates per question (ef = max(ef, k)), so ef is chosen by this.
    const started100 = performance.now();
    const found100 = questionVectors.map((q) => index.search(q, 100));
    const hnswMsPer100 = (performance.now() - started100) / Math.max(1, questionVectors.length);
    const questionsAt100 = mean(
      found100.map((hits, i) => {
        const q = questionVectors[i]!;
        return recallWithTies(
          hits.map((n) => rowDot(data.vectors, dims, q, rowOf.get(n.label)!)),
          exact100[i]!,
        );
      }),
    );
    out.push({
      ef,
      shipped: ef === shippedEf,
      questionsAt100,
      hnswMsPer100,
      questions: mean(withTies.slice(0, nq)),
      questionsStrict: mean(strict.slice(0, nq)),
      stored: storedVectors.length ? mean(withTies.slice(nq)) : Number.NaN,
      storedQueries: storedVectors.length,
      hnswMsPerQuery,
      exactMsPerQuery,
    });
  }
  return out;
}
