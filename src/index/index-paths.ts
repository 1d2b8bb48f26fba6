/** Files and folders → an index generation: the read–embed–write run that the CLI, the bot and evals share. */
import type { Embedder } from '../embed/embedder.ts';
import { ingestPaths } from '../ingest/index.ts';
import type { IndexSummary } from '../types.ts';
import { type BuildOptions, buildIndex } from './indexer.ts';

export interface IndexPathsOptions extends Omit<BuildOptions, 'embedder' | 'articles' | 'issues'> {
  /** Files and folders to read. */
  inputs: readonly string[];
  /**
   * The embedder, or a function that opens one for this run only (e.g. a worker pool), which is then
   * closed when the run ends. A given embedder is left open: its owner keeps using it.
   */
  embedder: Embedder | (() => Promise<Embedder>);
}

/** Reads `inputs` (problems become `skipped` in the summary) and builds or updates the index. */
export async function indexPaths(options: IndexPathsOptions): Promise<IndexSummary> {
  const { inputs, embedder: source, ...build } = options;
  build.onProgress?.({ stage: 'reading', done: 0, total: 1 });
  const input = await ingestPaths(inputs);
  const embedder = typeof source === 'function' ? await source() : source;
  try {
    return await buildIndex({ ...build, embedder, articles: input.articles, issues: input.issues });
  } finally {
    if (embedder !== source) await embedder.close();
  }
}
