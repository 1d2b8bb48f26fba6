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
export function bm25Term(tf: number, idfValue: number, docLength: number, avgLength: number, p: Bm25Params): number {
  if (tf <= 0) return 0;
  const norm = p.k1 * (1 - p.b + (p.b * docLength) / (avgLength || 1));
  return (idfValue * (tf * (p.k1 + 1))) / (tf + norm);
}

interface Postings {
  docs: Int32Array;
  tfs: Uint16Array;
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
    for (const [t, p] of building) this.postings.set(t, { docs: Int32Array.from(p.docs), tfs: Uint16Array.from(p.tfs) });
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
    // A dense accumulator beats a Map: common terms touch thousands of chunks per question.
    const scores = new Float64Array(this.size);
    const touched: number[] = [];
    for (const term of new Set(terms(query))) {
      const p = this.postings.get(term);
      if (!p) continue;
      const w = idf(p.docs.length, this.size);
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i]!;
        if (accept && !accept(doc)) continue;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += bm25Term(p.tfs[i]!, w, this.lengths[doc]!, this.avgLength, this.params);
      }
    }
    return touched
      .map((doc) => ({ doc, score: scores[doc]! }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, limit);
  }

  /**
   * The most any document could score for the query: every distinct term present and saturated. Terms the
   * index never saw count too, so a question in words the corpus does not use has a low share of its ceiling.
   */
  ceiling(query: string): number {
    let total = 0;
    for (const term of new Set(terms(query))) total += idf(this.df(term), this.size) * (this.params.k1 + 1);
    return total;
  }

  /** BM25 score of one document for the query (for candidates found by the dense side). */
  scoreDoc(query: string, doc: number): number {
    let score = 0;
    for (const term of new Set(terms(query))) {
      const p = this.postings.get(term);
      if (!p) continue;
      const i = binarySearch(p.docs, doc);
      if (i >= 0) score += bm25Term(p.tfs[i]!, idf(p.docs.length, this.size), this.lengths[doc]!, this.avgLength, this.params);
    }
    return score;
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
