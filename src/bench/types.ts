/** The shapes of benchmark tasks (sent to child processes) and their results (plain JSON). */
import type { createEmbedder } from '../embed/factory.ts';
import type { LatencySummary } from './stats.ts';

/** Settings a child needs to create embedders (plain values); the parent reads them through src/config.ts. */
export type BenchEngineConfig = Parameters<typeof createEmbedder>[0];

export type BenchTask =
  | { kind: 'index'; config: BenchEngineConfig; corpus: string; size: number; dataDir: string }
  | { kind: 'incremental'; config: BenchEngineConfig; corpus: string; size: number; dataDir: string }
  | {
      kind: 'queries';
      config: BenchEngineConfig;
      dataDir: string;
      rounds: number;
      concurrency: number[];
      recallSample: number;
      efs: number[];
    };

export interface IndexRun {
  articles: number;
  chunks: number;
  windows: number;
  /** Windows sent to the model (identical text is embedded once). */
  embedded: number;
  /** Reading and parsing the whole corpus file. */
  readMs: number;
  /** Starting the embedder (model load, worker threads). */
  embedderStartMs: number;
  /** buildIndex from scratch, wall time. */
  buildMs: number;
  /** buildIndex stages (ms): prepare, chunking, embedding, indexing (assembly + HNSW inserts), writing. */
  stages: Record<string, number>;
  /** Time in the tokenizer while sizing windows (part of chunking). */
  tokenizeMs: number;
  articlesPerSecond: number;
  chunksPerSecond: number;
  /** Embedding stage wall time per embedded window (all workers together). */
  msPerWindow: number;
  peakRssMb: number;
  diskBytes: number;
  loadAverage: number[];
}

export interface IncrementalRun {
  articles: number;
  /** Whether the added article is the corpus's next one or a generated one (the corpus was used up). */
  added: 'corpus' | 'generated';
  readMs: number;
  embedderStartMs: number;
  /** buildIndex adding one article to the index (warm embedder). */
  addMs: number;
  addEmbedded: number;
  /** buildIndex taking it out again (restores the article set). */
  removeMs: number;
  loadAverage: number[];
}

export interface QueryRunAt {
  concurrency: number;
  questions: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  queriesPerSecond: number;
  /** Process CPU time (process.cpuUsage: every thread, user + system) over the run, per question (ms). */
  cpuMsPerQuestion: number;
  /** CPU time over wall time: how many cores the run kept busy. */
  coresBusy: number;
  /** Whole ask() per question (ms). */
  latency: LatencySummary;
  /** Parts of it: embedding the question, rank() (BM25 + HNSW + fusion), the rest (decision, duplicate merge, highlights, citations). */
  embed: LatencySummary;
  search: LatencySummary;
  format: LatencySummary;
  answered: number;
  offTopic: number;
  offTopicAbstained: number;
}

export interface RecallAt {
  ef: number;
  shipped: boolean;
  /** Recall@10 for the benchmark questions' vectors, ties (identical vectors) counted as hits. */
  questions: number;
  /** The same by strict id overlap. */
  questionsStrict: number;
  /** Recall@100 for the questions (ties as hits): the engine's 100 dense candidates, what ef is chosen by. */
  questionsAt100: number;
  /** Milliseconds per 100-neighbour search (the engine's), questions only. */
  hnswMsPer100: number;
  /** Recall@10 (ties as hits) for a sample of stored window vectors used as queries. */
  stored: number;
  storedQueries: number;
  hnswMsPerQuery: number;
  exactMsPerQuery: number;
}

export interface QueryRun {
  dataDir: string;
  articles: number;
  chunks: number;
  windows: number;
  embedder: string;
  diskBytes: number;
  loadMs: { embedder: number; index: number };
  /**
   * MB: the child with its modules loaded (no model, no index); holding index + query embedder (after a warm-up
   * question); after the runs; after the runs and a full GC (the steady state); the peak (loading included).
   */
  rss: { baselineMb: number; loadedMb: number; afterQueriesMb: number; settledMb: number; peakMb: number };
  runs: QueryRunAt[];
  recall: RecallAt[];
  loadAverage: number[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  totalMemMb: number;
  loadAverageStart: number[];
  loadAverageEnd: number[];
}

export interface BenchReport {
  createdAt: string;
  corpus: string;
  embedder: string;
  machine: MachineInfo;
  indexing: IndexRun[];
  queries: QueryRun | null;
  incremental: IncrementalRun | null;
  notes: string[];
}
