/**
 * The corpus an index is built from, named and kept: every generation's manifest records the paths and feeds it
 * was built from, and a run given none (`npm run index`, /reindex) re-reads exactly those. Changing the corpus is
 * explicit: paths on the command line, or the CORPUS setting. An index written before the record existed (no
 * `corpus` in its manifest) is re-read as before: seeds/ (or only the feeds, when the CLI is given feeds alone).
 */
import path from 'node:path';
import type { CorpusRecord } from '../types.ts';

export type { CorpusRecord };

/** Where the corpus of a run came from, for the line that names it. */
export type CorpusOrigin = 'command line' | 'CORPUS' | 'index' | 'default';

export interface CorpusChoice extends CorpusRecord {
  from: CorpusOrigin;
}

/** Read when nothing names a corpus and the index records none (a new index, or one older than the record). */
const DEFAULT_CORPUS: readonly string[] = ['seeds'];

/** A path as the record keeps it: relative to `cwd` when inside it, else absolute. */
export function recordPath(p: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, p);
  const relative = path.relative(cwd, absolute);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

const unique = (items: Iterable<string>): string[] => [...new Set(items)];

/**
 * The record a new generation keeps: this run's paths and feeds, added to the previous record unless the run
 * replaced the index's contents (`--rebuild`, `--prune`), or there is no previous record.
 */
export function mergeCorpus(
  previous: CorpusRecord | null | undefined,
  run: CorpusRecord,
  replace: boolean,
): CorpusRecord {
  const paths = run.paths.map((p) => recordPath(p));
  if (replace || !previous) return { paths: unique(paths), feeds: unique(run.feeds) };
  return { paths: unique([...previous.paths, ...paths]), feeds: unique([...previous.feeds, ...run.feeds]) };
}

/**
 * What a run reads. Paths: the command line's, else CORPUS, else the index's record, else seeds/ (none when
 * the run was given feeds alone and `feedsAloneReadNoFiles`, as `npm run index -- --feed URL`). Feeds: FEEDS and
 * `--feed`, plus the recorded ones unless the paths were named explicitly.
 */
export function chooseCorpus(input: {
  paths?: readonly string[];
  setting?: readonly string[] | null;
  feeds?: readonly string[];
  recorded?: CorpusRecord | null;
  feedsAloneReadNoFiles?: boolean;
}): CorpusChoice {
  const feeds = input.feeds ?? [];
  if (input.paths && input.paths.length > 0)
    return { paths: [...input.paths], feeds: unique(feeds), from: 'command line' };
  if (input.setting && input.setting.length > 0)
    return { paths: [...input.setting], feeds: unique(feeds), from: 'CORPUS' };
  if (input.recorded) {
    return {
      paths: [...input.recorded.paths],
      feeds: unique([...feeds, ...input.recorded.feeds]),
      from: 'index',
    };
  }
  const paths = input.feedsAloneReadNoFiles === true && feeds.length > 0 ? [] : [...DEFAULT_CORPUS];
  return { paths, feeds: unique(feeds), from: 'default' };
}

/** "seeds, ~/news; 2 feeds (https://…, https://…)" — one line naming a corpus. */
export function describeCorpus(corpus: CorpusRecord): string {
  const files = corpus.paths.length === 0 ? 'no files' : corpus.paths.join(', ');
  const feeds =
    corpus.feeds.length === 0
      ? ''
      : `; ${corpus.feeds.length} feed${corpus.feeds.length === 1 ? '' : 's'} (${corpus.feeds.join(', ')})`;
  return files + feeds;
}

const ORIGIN: Record<CorpusOrigin, string> = {
  'command line': 'named on the command line',
  CORPUS: 'the CORPUS setting',
  index: 'what the index was built from',
  default: 'the default',
};

/** "corpus: seeds (what the index was built from)". */
export function corpusLine(choice: CorpusChoice): string {
  return `corpus: ${describeCorpus(choice)} (${ORIGIN[choice.from]})`;
}

/** The record from a stored manifest-like object; null when it has none or it is malformed (older indexes). */
export function corpusOf(manifest: { corpus?: unknown } | null | undefined): CorpusRecord | null {
  const c = manifest?.corpus as Partial<CorpusRecord> | undefined;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return c && strings(c.paths) && strings(c.feeds) ? { paths: c.paths, feeds: c.feeds } : null;
}
