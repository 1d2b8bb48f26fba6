/**
 * Runs a BEIR split against a loaded SearchEngine: every judged query ranked in each mode, documents scored
 * by their best chunk, then nDCG@10 and Recall@100 per mode.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from '../embed/embedder.ts';
import type { RankMode, SearchEngine } from '../search/engine.ts';
import {
  type BeirDoc,
  type BeirQuery,
  documentRanking,
  judgedQueries,
  type ModeSummary,
  parseBeirCorpus,
  parseBeirQueries,
  parseQrels,
  type Qrels,
  type QueryScore,
  scoreQuery,
  summarizeScores,
} from './beir.ts';
import { CrisisDeskError } from '../errors.ts';

const BEIR_MODES: readonly RankMode[] = ['lexical', 'dense', 'hybrid'];

export interface BeirDataset {
  name: string;
  split: string;
  corpus: BeirDoc[];
  queries: BeirQuery[];
  qrels: Qrels;
}

/** Reads `<dir>/corpus.jsonl`, `<dir>/queries.jsonl` and `<dir>/qrels/<split>.tsv`. */
export async function loadBeirDataset(dir: string, split: string): Promise<BeirDataset> {
  const read = async (rel: string): Promise<string> => {
    try {
      return await readFile(path.join(dir, rel), 'utf8');
    } catch (error) {
      throw new CrisisDeskError(
        'DataFileError',
        `cannot read ${path.join(dir, rel)} (${(error as NodeJS.ErrnoException).code}); expected a BEIR folder with corpus.jsonl, queries.jsonl and qrels/${split}.tsv`,
        { cause: error },
      );
    }
  };
  const [corpus, queries, qrels] = await Promise.all([
    read('corpus.jsonl'),
    read('queries.jsonl'),
    read(path.join('qrels', `${split}.tsv`)),
  ]);
  return {
    name: path.basename(path.resolve(dir)),
    split,
    corpus: parseBeirCorpus(corpus),
    queries: parseBeirQueries(queries),
    qrels: parseQrels(qrels, `qrels/${split}.tsv`),
  };
}

export interface BeirRunOptions {
  engine: SearchEngine;
  /** The engine's query embedder: each question is embedded once and ranked in every mode. */
  embedder: Embedder;
  dataset: BeirDataset;
  modes?: readonly RankMode[];
  limitQueries?: number;
  /**
   * Engines that re-read their candidates (a reader attached, each at its own depth): each is scored as one more
   * mode, named here, ranking by `assess` (fuse, then the reader's blend) on the same chunks.
   */
  readers?: readonly { mode: string; engine: SearchEngine }[];
  /** Called after each query, e.g. for a progress line. */
  onQuery?: (done: number, total: number) => void;
}

export interface BeirReport {
  dataset: string;
  split: string;
  documents: number;
  queries: number;
  modes: Record<string, ModeSummary>;
  seconds: number;
}

export async function runBeir(options: BeirRunOptions): Promise<BeirReport> {
  const started = performance.now();
  const { engine, dataset } = options;
  const modes = options.modes ?? BEIR_MODES;
  const queries = judgedQueries(dataset.queries, dataset.qrels, options.limitQueries);
  const docIds = engine.data.manifest.documents.map((d) => d.id);
  const chunkDoc = engine.data.chunks.map((c) => docIds[c.doc]!);
  const readers = options.readers ?? [];
  const scores = new Map<string, QueryScore[]>([...modes, ...readers.map((r) => r.mode)].map((m) => [m, []]));
  for (const [i, q] of queries.entries()) {
    const judged = dataset.qrels.get(q.id)!;
    const [vector] = await options.embedder.embedQueries([q.text]);
    for (const mode of modes) {
      const ranked = await engine.rank(q.text, { mode, vector: vector! });
      scores.get(mode)!.push(scoreQuery(documentRanking(ranked.map((r) => chunkDoc[r.chunk]!)), judged));
    }
    for (const { mode, engine: reading } of readers) {
      const { ranked } = await reading.assess(q.text, { vector: vector! });
      scores.get(mode)!.push(scoreQuery(documentRanking(ranked.map((r) => chunkDoc[r.chunk]!)), judged));
    }
    options.onQuery?.(i + 1, queries.length);
  }
  return {
    dataset: dataset.name,
    split: dataset.split,
    documents: docIds.length,
    queries: queries.length,
    modes: Object.fromEntries([...scores].map(([m, s]) => [m, summarizeScores(s)])),
    seconds: (performance.now() - started) / 1000,
  };
}
