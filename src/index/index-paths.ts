/** Files and folders → an index generation: the read–embed–write run that the CLI, the bot and evals share. */
import type { Embedder } from '../embed/embedder.ts';
import { ingestPaths } from '../ingest/index.ts';
import type { IndexSummary, IngestIssue } from '../types.ts';
import { type BuildOptions, buildIndex } from './indexer.ts';
import { IndexUnusableError } from './manifest.ts';
import { inspectDataDir, REBUILD_HINT } from './store.ts';

export interface IndexPathsOptions extends Omit<
  BuildOptions,
  'embedder' | 'articles' | 'issues' | 'warnings' | 'accountsFor'
> {
  /** Files and folders to read. */
  inputs: readonly string[];
  /**
   * The embedder, or a function that opens one for this run only (e.g. a worker pool), which is then
   * closed when the run ends. A given embedder is left open: its owner keeps using it.
   */
  embedder: Embedder | (() => Promise<Embedder>);
  /**
   * Remove every previous document this run did not read, wherever it came from. Default false: a document is
   * removed only when the file or folder that held it was read in this run (`--rebuild` implies this).
   */
  prune?: boolean;
}

/** Nothing could be read, or everything read was bad: the run stops before the index is touched. */
export class NothingToIndexError extends Error {
  constructor(
    readonly issues: readonly IngestIssue[],
    dataDir: string,
  ) {
    const shown = issues.slice(0, 3).map((i) => `${i.path}${i.line ? `:${i.line}` : ''}: ${i.reason}`);
    if (issues.length > 3) shown.push(`and ${issues.length - 3} more`);
    super(`crisis-desk: nothing to index, so ${dataDir} was left as it was: ${shown.join('; ')}`);
    this.name = 'NothingToIndexError';
  }
}

/**
 * Reads `inputs` (problems become `skipped` in the summary) and builds or updates the index. When nothing could
 * be read, or every input was bad, it throws NothingToIndexError and leaves the index as it was.
 */
export async function indexPaths(options: IndexPathsOptions): Promise<IndexSummary> {
  const { inputs, embedder: source, prune, ...build } = options;
  // Before reading anything: a DATA_DIR that is a file, or a damaged index, stops the run at once.
  const state = build.database ? null : await inspectDataDir(build.dataDir);
  if (state?.kind === 'damaged' && !build.rebuild)
    throw new IndexUnusableError(`${state.problem}: ${REBUILD_HINT}`);
  const input = await ingestPaths(inputs, {
    onProgress: (done, total) => build.onProgress?.({ stage: 'reading', done, total }),
  });
  if (input.articles.length === 0 && input.issues.length > 0)
    throw new NothingToIndexError(input.issues, build.dataDir);
  const embedder = typeof source === 'function' ? await source() : source;
  try {
    return await buildIndex({
      ...build,
      embedder,
      articles: input.articles,
      issues: input.issues,
      warnings: input.warnings,
      ...(prune || build.rebuild ? {} : { accountsFor: input.accountsFor }),
    });
  } finally {
    if (embedder !== source) await embedder.close();
  }
}
