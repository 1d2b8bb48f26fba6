/**
 * The article filter a question's options ask for (one outlet, outlets left out, dates, article ids), as data a
 * store runs where the rows are (../index/doc-filter.ts). The user's spelling of an outlet is resolved against
 * the corpus's own outlets here, so an unknown outlet is an error that lists the known ones.
 */
import type { DocFilterSpec } from '../index/doc-filter.ts';
import type { IndexView } from './index-view.ts';
import { type ResolvedAskOptions, unknownSourceError } from './options.ts';

/** The options a filter is made of. */
export type FilterOptions = Pick<
  ResolvedAskOptions,
  'source' | 'after' | 'before' | 'ids' | 'excludeSources'
>;

/** The article filter the options ask for; undefined when they ask for none (the outlets are then not read). */
export function docFilterFor(
  view: Pick<IndexView, 'outlets'>,
  opts: FilterOptions,
): DocFilterSpec | undefined {
  if (
    opts.source === null &&
    opts.after === null &&
    opts.before === null &&
    opts.ids === null &&
    opts.excludeSources.size === 0
  )
    return undefined;
  const outlets = view
    .outlets()
    .flatMap((o) => (o.source === null ? [] : [{ source: o.source, articles: o.articles }]));
  const source = opts.source?.toLowerCase() ?? null;
  const sources =
    source === null ? null : outlets.filter((o) => o.source.toLowerCase() === source).map((o) => o.source);
  if (sources !== null && sources.length === 0) throw unknownSourceError(outlets, opts.source!);
  return {
    ids: opts.ids === null ? null : [...opts.ids],
    sources,
    excluded: outlets.filter((o) => opts.excludeSources.has(o.source.toLowerCase())).map((o) => o.source),
    after: opts.after,
    before: opts.before,
  };
}
