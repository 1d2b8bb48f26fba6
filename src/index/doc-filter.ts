/** Article filters (source, dates, ids) as data, so a store can apply them where the rows are. */
import type { DocumentRecord } from './manifest.ts';

/**
 * An article filter as data, so a database can run it as SQL. Outlet names are exact (the engine resolves the
 * user's spelling against the corpus's outlets first); dates are compared as ISO strings, inclusive.
 */
export interface DocFilterSpec {
  /** Only these article ids; null for all. */
  ids: readonly string[] | null;
  /** Only these outlets; null for all. */
  sources: readonly string[] | null;
  /** Never these outlets. */
  excluded: readonly string[];
  after: string | null;
  before: string | null;
}

/** A filter as data (any store), or as a function of the article row (in-memory views only; for evaluation). */
export type DocFilter = DocFilterSpec | ((doc: number) => boolean);

/** Whether an article passes a filter spec (the in-memory form of the SQL in ./pg/candidates.ts). */
export function acceptsDocument(spec: DocFilterSpec, d: DocumentRecord): boolean {
  if (spec.ids !== null && !spec.ids.includes(d.id)) return false;
  if (spec.sources !== null && (d.source === null || !spec.sources.includes(d.source))) return false;
  if (d.source !== null && spec.excluded.includes(d.source)) return false;
  if ((spec.after || spec.before) && d.date === null) return false;
  if (spec.after && d.date! < spec.after) return false;
  if (spec.before && d.date! > spec.before) return false;
  return true;
}
