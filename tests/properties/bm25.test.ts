/** Property tests for BM25: monotone in term frequency, bounded by its ceiling, ranked as scored. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bm25Index, bm25Term, defaultBm25Params } from '../../src/index/bm25.ts';

const params = fc.record({
  k1: fc.double({ min: 0.1, max: 3, noNaN: true }),
  b: fc.double({ min: 0, max: 1, noNaN: true }),
});
const positive = fc.double({ min: 0.01, max: 20, noNaN: true });

describe('bm25Term (properties)', () => {
  it('rises with term frequency, falls with document length, and stays under idf × (k1 + 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        positive,
        fc.integer({ min: 1, max: 2000 }),
        positive,
        params,
        (tf, idf, len, avg, p) => {
          const s = bm25Term(tf, idf, len, avg, p);
          expect(s).toBeGreaterThan(0);
          expect(s).toBeLessThan(idf * (p.k1 + 1));
          expect(bm25Term(tf + 1, idf, len, avg, p)).toBeGreaterThan(s);
          expect(bm25Term(tf, idf, len + 1, avg, p)).toBeLessThanOrEqual(s);
        },
      ),
    );
  });
});

/** Documents over a small vocabulary of words the tokenizer keeps as they are. */
const vocabulary = ['kyiv', 'army', 'grain', 'port', 'talk', 'missile'];
const doc = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 20 });
const corpus = fc.array(doc, { minLength: 1, maxLength: 12 });
const query = fc
  .uniqueArray(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 3 })
  .map((q) => q.join(' '));

describe('Bm25Index (properties)', () => {
  it('search ranks exactly the documents holding a query term, by scoreDoc, ties to the lower number', () => {
    fc.assert(
      fc.property(corpus, query, (docs, q) => {
        const index = new Bm25Index(docs.map((d) => d.join(' ')));
        const hits = index.search(q, docs.length);
        const holding = docs.flatMap((d, i) => (q.split(' ').some((t) => d.includes(t)) ? [i] : []));
        expect(hits.map((h) => h.doc).sort((a, b) => a - b)).toEqual(holding);
        for (const h of hits) expect(h.score).toBeCloseTo(index.scoreDoc(q, h.doc), 12);
        for (let i = 1; i < hits.length; i++) {
          const [a, b] = [hits[i - 1]!, hits[i]!];
          expect(a.score > b.score || (a.score === b.score && a.doc < b.doc)).toBe(true);
        }
        for (const h of hits) expect(h.score).toBeLessThanOrEqual(index.ceiling(q) + 1e-9);
      }),
    );
  });

  it('a document that says a query word once more (same length) scores higher', () => {
    fc.assert(
      fc.property(corpus, fc.nat(), fc.nat(), fc.constantFrom(...vocabulary), (docs, which, where, term) => {
        const d = which % docs.length;
        const words = docs[d]!;
        const others = words.flatMap((w, i) => (w === term ? [] : [i]));
        // The document already holds the term, so its df (and every other document) is unchanged.
        fc.pre(words.includes(term) && others.length > 0);
        const more = [...words];
        more[others[where % others.length]!] = term;
        const before = new Bm25Index(
          docs.map((x) => x.join(' ')),
          defaultBm25Params,
        );
        const after = new Bm25Index(
          docs.map((x, i) => (i === d ? more : x).join(' ')),
          defaultBm25Params,
        );
        expect(after.scoreDoc(term, d)).toBeGreaterThan(before.scoreDoc(term, d));
      }),
    );
  });
});
