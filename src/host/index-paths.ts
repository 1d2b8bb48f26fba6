/** Files and folders → an index generation: the read–embed–write run that the CLI, the bot and evals share. */
import type { Embedder } from '../embed/embedder.ts';
import { type FeedSourceOptions, readFeedSources } from '../feeds/run.ts';
import { ingestPaths } from '../ingest/read-paths.ts';
import type { IndexSummary, IngestIssue } from '../types.ts';
import { corpusOf, type CorpusRecord, mergeCorpus } from '../index/corpus.ts';
import { type BuildOptions, buildIndex } from '../index/indexer.ts';
import { IndexUnusableError, REBUILD_HINT } from '../index/manifest.ts';
import type { Db } from '../index/pg/db.ts';
import { checkDatabase } from '../index/pg/preflight.ts';
import { currentPgGeneration, readPgManifest } from '../index/pg/reader.ts';
import { inspectDataDir } from '../index/generations.ts';
import { readCurrentManifest } from '../index/store.ts';
import { CrisisDeskError } from '../errors.ts';

export interface IndexPathsOptions extends Omit<
  BuildOptions,
  'embedder' | 'articles' | 'issues' | 'warnings' | 'accountsFor' | 'corpus'
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
  /**
   * Feeds to read besides `inputs`: new and changed items become articles; items read before are kept in the
   * index whether or not the feed still lists them. Their state is saved under DATA_DIR/feeds/ once the new
   * generation is written.
   */
  feeds?: FeedSourceOptions;
}

/** Nothing could be read, or everything read was bad: the run stops before the index is touched. */
export class NothingToIndexError extends CrisisDeskError {
  constructor(
    readonly issues: readonly IngestIssue[],
    dataDir: string,
  ) {
    const shown = issues.slice(0, 3).map((i) => `${i.path}${i.line ? `:${i.line}` : ''}: ${i.reason}`);
    if (issues.length > 3) shown.push(`and ${issues.length - 3} more`);
    super('NothingToIndexError', `nothing to index, so ${dataDir} was left as it was: ${shown.join('; ')}`);
  }
}

/**
 * Reads `inputs` (problems become `skipped` in the summary) and builds or updates the index. When nothing could
 * be read, or every input was bad, it throws NothingToIndexError and leaves the index as it was.
 */
export async function indexPaths(options: IndexPathsOptions): Promise<IndexSummary> {
  const { inputs, embedder: source, prune, ...build } = options;
  // Before reading or embedding anything: a server without the extensions (or too old) fails the run now.
  if (build.database) await checkDatabase(build.database);
  // Before reading anything: a DATA_DIR that is a file, or a damaged index, stops the run at once.
  const state = build.database ? null : await inspectDataDir(build.dataDir);
  if (state?.kind === 'damaged' && !build.rebuild)
    throw new IndexUnusableError(`${state.problem}: ${REBUILD_HINT}`);
  // The new generation records what it holds: this run's paths and feeds, added to the previous record unless
  // this run replaces the index's contents.
  const corpus = mergeCorpus(
    state?.kind === 'damaged'
      ? null
      : await readRecordedCorpus(build.dataDir, build.database).catch(() => null),
    { paths: [...inputs], feeds: [...(options.feeds?.urls ?? [])] },
    prune === true || build.rebuild === true,
  );
  const input = await ingestPaths(inputs, {
    onProgress: (done, total) => build.onProgress?.({ stage: 'reading', done, total }),
  });
  const feeds =
    options.feeds && options.feeds.urls.length > 0
      ? await readFeedSources(build.dataDir, options.feeds)
      : null;
  const articles = [
    ...input.articles,
    ...(feeds?.articles ?? []).filter((a) => !input.articles.some((b) => b.id === a.id)),
  ];
  const issues = [...input.issues, ...(feeds?.issues ?? [])];
  const warnings = [...input.warnings, ...(feeds?.warnings ?? [])];
  if (articles.length === 0 && issues.length > 0 && !(feeds && state?.kind === 'index'))
    throw new NothingToIndexError(issues, build.dataDir);
  const feedPart = feeds ? { feeds: feeds.reports, newFeedArticles: feeds.newIds } : {};
  // Feeds that brought nothing new, and no files named: the index stays as it is, no generation is written
  // (in files; PostgreSQL gets an unchanged generation, which reuses every vector).
  if (
    feeds &&
    inputs.length === 0 &&
    feeds.articles.length === 0 &&
    state?.kind === 'index' &&
    !build.rebuild
  ) {
    await feeds.commit();
    return {
      ...(await unchangedSummary(build.dataDir, state.generation, issues, warnings, feeds.readPaths)),
      ...feedPart,
    };
  }
  const embedder = typeof source === 'function' ? await source() : source;
  try {
    const summary = await buildIndex({
      ...build,
      corpus,
      embedder,
      articles,
      issues,
      warnings,
      // Feed articles are never removed for being absent from a feed: a feed lists only its latest items.
      ...(prune || build.rebuild ? {} : { accountsFor: input.accountsFor }),
      ...(feeds ? { readUnchanged: (p: string) => feeds.readPaths.has(p) } : {}),
    });
    await feeds?.commit();
    return { ...summary, ...feedPart };
  } finally {
    if (embedder !== source) await embedder.close();
  }
}

/** What the current index records it was built from; null with no index, or one older than the record. */
export async function readRecordedCorpus(dataDir: string, database?: Db): Promise<CorpusRecord | null> {
  if (database) {
    const generation = await currentPgGeneration(database);
    return generation === null ? null : corpusOf(await readPgManifest(database, generation));
  }
  return corpusOf(await readCurrentManifest(dataDir));
}

async function unchangedSummary(
  dataDir: string,
  generation: string,
  skipped: IngestIssue[],
  warnings: IngestIssue[],
  readPaths: ReadonlySet<string>,
): Promise<IndexSummary> {
  const m = await readCurrentManifest(dataDir);
  const articles = m?.documents.length ?? 0;
  // The feeds' own articles were accounted for by reading the feeds; the rest came from what this run did not read.
  const unchanged = m?.documents.filter((d) => readPaths.has(d.path)).length ?? 0;
  return {
    added: 0,
    changed: 0,
    moved: 0,
    removed: 0,
    unchanged,
    kept: articles - unchanged,
    skipped,
    warnings,
    articles,
    chunks: m?.counts.chunks ?? 0,
    embedded: 0,
    seconds: 0,
    generation,
  };
}
