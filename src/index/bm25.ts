/** An in-memory BM25 index over chunk texts: compact postings, filters, and per-document scoring. */
import { terms } from './tokenize.ts';

/** BM25's free parameters; the classic defaults suit news passages. */
export interface Bm25Params {
  /** Term-frequency saturation. Default 0.9 (the BEIR baselines' value; 0.9–1.5 tie on SciFact train). */
  k1: number;
  /** Length normalization. Default 0.4 (chunks are already of similar length). */
  b: number;
}

export const defaultBm25Params: Readonly<Bm25Params> = Object.freeze({ k1: 0.9, b: 0.4 });

/** Robertson–Spärck Jones idf with the +1 that keeps it positive for terms in over half the documents. */
export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** One term's BM25 contribution. */
export function bm25Term(
  tf: number,
  idfValue: number,
  docLength: number,
  avgLength: number,
  p: Bm25Params,
): number {
  if (tf <= 0) return 0;
  const norm = p.k1 * (1 - p.b + (p.b * docLength) / (avgLength || 1));
  return (idfValue * (tf * (p.k1 + 1))) / (tf + norm);
}

interface Postings {
  docs: Int32Array;
  tfs: Uint16Array;
}

/**
 * Index terms that count as one query word (the spellings of one name: kyiv, kiev). BM25 scores a group as one
 * pseudo-term, as Lucene's SynonymQuery does: its tf in a document is the sum of its terms' tfs, and its df the
 * documents holding any of them, so a name is neither counted twice nor weighted by its rarest spelling.
 */
export type TermGroup = readonly string[];

/** The query's distinct terms, each a group of one. */
function singletons(query: string): TermGroup[] {
  return [...new Set(terms(query))].map((t) => [t]);
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

export class Bm25Index {
  readonly size: number;
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: Uint32Array;
  private readonly avgLength: number;
  /**
   * Merged postings of groups with two or more indexed terms, keyed by those terms: at most one entry per name
   * of the alias file, however a question inflects or spells it (spellings no passage uses are not in the key).
   */
  private readonly merged = new Map<string, Postings>();

  /** Builds from texts; document i is texts[i]. */
  constructor(
    texts: readonly string[],
    private readonly params: Bm25Params = defaultBm25Params,
  ) {
    this.size = texts.length;
    this.lengths = new Uint32Array(texts.length);
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    texts.forEach((text, doc) => {
      const counts = new Map<string, number>();
      const list = terms(text);
      for (const t of list) counts.set(t, (counts.get(t) ?? 0) + 1);
      this.lengths[doc] = list.length;
      total += list.length;
      for (const [t, tf] of counts) {
        let p = building.get(t);
        if (!p) building.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(doc);
        p.tfs.push(Math.min(tf, 65535));
      }
    });
    for (const [t, p] of building)
      this.postings.set(t, { docs: Int32Array.from(p.docs), tfs: Uint16Array.from(p.tfs) });
    this.avgLength = texts.length ? total / texts.length : 0;
  }

  /** Every index term. */
  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /** Documents that contain `term` (an index term, already stemmed). */
  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  idf(term: string): number {
    return idf(this.df(term), this.size);
  }

  /** Top `limit` documents for the query text, best first; ties broken by lower doc number. */
  search(query: string, limit: number, accept?: (doc: number) => boolean): ScoredDoc[] {
    return this.searchGroups(singletons(query), limit, accept);
  }

  /** Top `limit` documents for query words given as term groups (see `TermGroup`). */
  searchGroups(groups: readonly TermGroup[], limit: number, accept?: (doc: number) => boolean): ScoredDoc[] {
    // A dense accumulator beats a Map: common terms touch thousands of chunks per question.
    const scores = new Float64Array(this.size);
    const touched: number[] = [];
    for (const group of groups) {
      const tfs = this.groupTfs(group);
      if (!tfs) continue;
      const w = idf(tfs.docs.length, this.size);
      for (let i = 0; i < tfs.docs.length; i++) {
        const doc = tfs.docs[i]!;
        if (accept && !accept(doc)) continue;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += bm25Term(tfs.tfs[i]!, w, this.lengths[doc]!, this.avgLength, this.params);
      }
    }
    return touched
      .map((doc) => ({ doc, score: scores[doc]! }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, limit);
  }

  /**
   * Every document (in order) that holds some term of each group, and that `accept` takes: the passages naming all
   * of a query, however many. Empty when a group's terms are in no document, or there are no groups.
   */
  withEvery(groups: readonly TermGroup[], accept?: (doc: number) => boolean): number[] {
    const lists: Postings[] = [];
    for (const group of groups) {
      const p = this.groupTfs(group);
      if (!p) return [];
      lists.push(p);
    }
    if (lists.length === 0) return [];
    lists.sort((a, b) => a.docs.length - b.docs.length);
    const [first, ...rest] = lists;
    return Array.from(first!.docs).filter(
      (doc) => rest.every((p) => binarySearch(p.docs, doc) >= 0) && (!accept || accept(doc)),
    );
  }

  /**
   * The most any document could score for the query: every distinct term present and saturated. Terms the
   * index never saw count too, so a question in words the corpus does not use has a low share of its ceiling.
   */
  ceiling(query: string): number {
    return this.ceilingGroups(singletons(query));
  }

  ceilingGroups(groups: readonly TermGroup[]): number {
    let total = 0;
    for (const group of groups) total += this.groupIdf(group) * (this.params.k1 + 1);
    return total;
  }

  /** BM25 score of one document for the query (for candidates found by the dense side). */
  scoreDoc(query: string, doc: number): number {
    return this.scoreDocGroups(singletons(query), doc);
  }

  scoreDocGroups(groups: readonly TermGroup[], doc: number): number {
    let score = 0;
    for (const group of groups) {
      let tf = 0;
      for (const term of group) {
        const p = this.postings.get(term);
        const i = p ? binarySearch(p.docs, doc) : -1;
        if (i >= 0) tf += p!.tfs[i]!;
      }
      if (tf > 0)
        score += bm25Term(tf, this.groupIdf(group), this.lengths[doc]!, this.avgLength, this.params);
    }
    return score;
  }

  /** Documents holding any term of the group. */
  groupDocs(group: TermGroup): number {
    return group.length === 1 ? this.df(group[0]!) : (this.groupTfs(group)?.docs.length ?? 0);
  }

  /** idf of a group as one pseudo-term. */
  groupIdf(group: TermGroup): number {
    return idf(this.groupDocs(group), this.size);
  }

  /** The group's postings with summed tfs, in document order; undefined when no document holds any term. */
  private groupTfs(group: TermGroup): Postings | undefined {
    if (group.length === 1) return this.postings.get(group[0]!);
    const present = [...new Set(group)].filter((t) => this.postings.has(t)).sort();
    if (present.length <= 1) return present[0] === undefined ? undefined : this.postings.get(present[0]);
    const key = present.join('\u0000');
    const cached = this.merged.get(key);
    if (cached) return cached;
    const tf = new Map<number, number>();
    for (const t of present) {
      const p = this.postings.get(t)!;
      for (let i = 0; i < p.docs.length; i++) tf.set(p.docs[i]!, (tf.get(p.docs[i]!) ?? 0) + p.tfs[i]!);
    }
    const docs = Int32Array.from([...tf.keys()].sort((a, b) => a - b));
    const merged = { docs, tfs: Uint16Array.from(docs, (d) => Math.min(tf.get(d)!, 65535)) };
    this.merged.set(key, merged);
    return merged;
  }
}

function binarySearch(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else if (a[mid]! > x) hi = mid - 1;
    else return mid;
  }
  return -1;
}
