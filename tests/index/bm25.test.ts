import { describe, expect, it } from 'vitest';
import { Bm25Index, bm25Term, defaultBm25Params, idf } from '../../src/index/bm25.ts';

const { k1, b } = defaultBm25Params;

describe('idf and bm25Term', () => {
  it('idf is ln(1 + (N - df + 0.5) / (df + 0.5)) and stays positive for common terms', () => {
    expect(idf(1, 3)).toBeCloseTo(Math.log(1 + 2.5 / 1.5), 12);
    expect(idf(2, 3)).toBeCloseTo(Math.log(1 + 1.5 / 2.5), 12);
    expect(idf(3, 3)).toBeCloseTo(Math.log(1 + 0.5 / 3.5), 12);
    expect(idf(3, 3)).toBeGreaterThan(0);
    expect(idf(1, 10)).toBeGreaterThan(idf(5, 10));
  });

  it('bm25Term matches the formula worked by hand', () => {
    // tf 2 in a 3-term document, average length 8/3, idf 1.5:
    // norm = 1.2 × (1 − 0.75 + 0.75 × 3 / (8/3)) = 1.3125; score = 1.5 × 2 × 2.2 / (2 + 1.3125)
    expect(bm25Term(2, 1.5, 3, 8 / 3, { k1: 1.2, b: 0.75 })).toBeCloseTo((1.5 * 4.4) / 3.3125, 12);
    // The defaults (k1 0.9, b 0.4): norm = 0.9 × (1 − 0.4 + 0.4 × 3 / (8/3)) = 0.945; score = 1.5 × 2 × 1.9 / 2.945
    expect(bm25Term(2, 1.5, 3, 8 / 3, defaultBm25Params)).toBeCloseTo((1.5 * 3.8) / 2.945, 12);
    // b = 0 ignores length; k1 = 0 ignores tf beyond presence.
    expect(bm25Term(3, 2, 100, 10, { k1: 1.2, b: 0 })).toBeCloseTo((2 * 3 * 2.2) / (3 + 1.2), 12);
    expect(bm25Term(7, 2, 5, 5, { k1: 0, b: 0.75 })).toBeCloseTo(2, 12);
    expect(bm25Term(0, 2, 5, 5, defaultBm25Params)).toBe(0);
    // An empty corpus (average 0) does not divide by zero.
    expect(Number.isFinite(bm25Term(1, 1, 0, 0, defaultBm25Params))).toBe(true);
  });
});

describe('Bm25Index', () => {
  // Terms after stop words and the S-stemmer: [sanction, sanction, russia], [russia, troop, border], [pipeline, gas]
  const texts = [
    'Sanctions, sanctions on Russia',
    'Russia: troops at the border',
    'The pipeline and the gas',
  ];
  const index = new Bm25Index(texts);
  const avg = 8 / 3;

  it('counts document frequencies over stemmed terms', () => {
    expect(index.size).toBe(3);
    expect(index.df('sanction')).toBe(1);
    expect(index.df('russia')).toBe(2);
    expect(index.df('sanctions')).toBe(0);
    expect(index.df('the')).toBe(0);
    expect(index.idf('russia')).toBeCloseTo(idf(2, 3), 12);
  });

  it('scores a query as the sum of its distinct terms, worked by hand', () => {
    const sanction = bm25Term(2, idf(1, 3), 3, avg, defaultBm25Params);
    const russia0 = bm25Term(1, idf(2, 3), 3, avg, defaultBm25Params);
    const russia1 = bm25Term(1, idf(2, 3), 3, avg, defaultBm25Params);
    const hits = index.search('sanctions against Russia? Russia!', 10);
    expect(hits.map((h) => h.doc)).toEqual([0, 1]);
    expect(hits[0]!.score).toBeCloseTo(sanction + russia0, 12);
    expect(hits[1]!.score).toBeCloseTo(russia1, 12);
    // Spelled out, so the hand computation is checked too.
    const norm = k1 * (1 - b + (b * 3) / avg);
    expect(hits[1]!.score).toBeCloseTo((Math.log(1.6) * (k1 + 1)) / (1 + norm), 12);
  });

  it('limits results and filters documents', () => {
    expect(index.search('russia', 1).map((h) => h.doc)).toEqual([0]);
    expect(index.search('sanctions russia', 10, (doc) => doc !== 0).map((h) => h.doc)).toEqual([1]);
    expect(index.search('unknown words only', 10)).toEqual([]);
    expect(index.search('the and of', 10)).toEqual([]);
  });

  it('breaks score ties by the lower document number', () => {
    const twins = new Bm25Index(['Gas prices rose', 'Kyiv shelled', 'Gas prices rose', 'Gas prices rose']);
    const hits = twins.search('gas prices', 10);
    expect(hits.map((h) => h.doc)).toEqual([0, 2, 3]);
    expect(new Set(hits.map((h) => h.score)).size).toBe(1);
  });

  it('scoreDoc equals the score search gives the same document', () => {
    const corpus = new Bm25Index([
      'Blinken met Lavrov in Geneva as troops massed near the border.',
      'Lavrov said Russia had no plans to invade; Blinken was not convinced.',
      'Germany halted the Nord Stream 2 pipeline.',
      'Troops, tanks and troops again: satellite images of the border.',
    ]);
    for (const q of ['Blinken Lavrov Geneva', 'troops border', 'pipeline', 'Lavrov troops pipeline invade']) {
      const hits = corpus.search(q, 10);
      for (const h of hits) expect(corpus.scoreDoc(q, h.doc)).toBeCloseTo(h.score, 12);
      const found = new Set(hits.map((h) => h.doc));
      for (let doc = 0; doc < corpus.size; doc++)
        if (!found.has(doc)) expect(corpus.scoreDoc(q, doc)).toBe(0);
    }
  });

  it('an empty index finds nothing', () => {
    const empty = new Bm25Index([]);
    expect(empty.search('russia', 5)).toEqual([]);
    expect(empty.idf('russia')).toBeCloseTo(Math.log(1 + 0.5 / 0.5), 12);
  });
});

describe('Bm25Index over term groups (the spellings of one name)', () => {
  // Terms: [kyiv, shell], [kiev, shell], [kyiv, mayor, kiev], [gas, price]
  const texts = ['Kyiv shells', 'Kiev shells', 'Kyiv mayor, Kiev', 'Gas prices'];
  const index = new Bm25Index(texts);
  const avg = 9 / 4;
  const kyiv = ['kyiv', 'kiev'];

  it('a group is one pseudo-term: df the documents holding any spelling, tf the sum of the spellings', () => {
    expect(index.groupDocs(kyiv)).toBe(3);
    expect(index.groupIdf(kyiv)).toBeCloseTo(idf(3, 4), 12);
    const w = idf(3, 4);
    const hits = index.searchGroups([kyiv], 10);
    expect(hits.map((h) => h.doc)).toEqual([2, 0, 1]);
    // Doc 2 says the name twice (once per spelling): tf 2 under the group's idf, not two idfs added.
    expect(hits[0]!.score).toBeCloseTo(bm25Term(2, w, 3, avg, defaultBm25Params), 12);
    expect(hits[1]!.score).toBeCloseTo(bm25Term(1, w, 2, avg, defaultBm25Params), 12);
    expect(hits[2]!.score).toBeCloseTo(hits[1]!.score, 12);
  });

  it('either spelling of the question scores every spelling of the passages alike', () => {
    const asKyiv = index.searchGroups([['kyiv', 'kiev'], ['shell']], 10);
    const asKiev = index.searchGroups([['kiev', 'kyiv'], ['shell']], 10);
    expect(asKiev).toEqual(asKyiv);
    expect(asKyiv[0]!.score).toBeCloseTo(asKyiv[1]!.score, 12);
  });

  it('scoreDocGroups and ceilingGroups agree with searchGroups; singleton groups are the plain query', () => {
    const groups = [kyiv, ['mayor']];
    for (const h of index.searchGroups(groups, 10))
      expect(index.scoreDocGroups(groups, h.doc)).toBeCloseTo(h.score, 12);
    expect(index.scoreDocGroups(groups, 3)).toBe(0);
    expect(index.ceilingGroups(groups)).toBeCloseTo((idf(3, 4) + idf(1, 4)) * (k1 + 1), 12);
    expect(index.searchGroups([['kyiv'], ['shell']], 10)).toEqual(index.search('Kyiv shells', 10));
    expect(index.ceilingGroups([['kyiv'], ['unknown']])).toBeCloseTo(index.ceiling('Kyiv unknown'), 12);
    // Spellings no passage uses (a Cyrillic form) change nothing.
    expect(index.searchGroups([['kyiv', 'kiev', 'киев']], 10)).toEqual(index.searchGroups([kyiv], 10));
    expect(index.searchGroups([['киев']], 10)).toEqual([]);
  });

  it('withEvery lists the documents holding some spelling of every group, in order and through the filter', () => {
    expect(index.withEvery([kyiv, ['shell']])).toEqual([0, 1]);
    expect(index.withEvery([kyiv])).toEqual([0, 1, 2]);
    expect(index.withEvery([kyiv], (doc) => doc !== 1)).toEqual([0, 2]);
    expect(index.withEvery([kyiv, ['unknown']])).toEqual([]);
    expect(index.withEvery([])).toEqual([]);
  });
});
