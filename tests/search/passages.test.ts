import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../src/index/manifest.ts';
import type { StoredChunk } from '../../src/index/store.ts';
import { ChunkFeatures } from '../../src/search/chunk-features.ts';
import { citationOf, mergeCopies, oneOutletNote } from '../../src/search/passages.ts';
import type { Passage } from '../../src/types.ts';

const WIRE =
  'Russian troops crossed the border at dawn on Thursday and moved towards Kyiv from the north, officials said.';
/** Chunk i is in article doc[i]; chunks 0 and 2 are the same wire text in two articles, chunk 3 a copy within article 0. */
const texts = [
  WIRE,
  'Gas prices rose sharply in Europe after the pipeline was shut for maintenance.',
  WIRE,
  WIRE,
];
const docOf = [0, 1, 2, 0];
const docs = [
  { id: 'a', source: 'Reuters', path: 'a.txt' },
  { id: 'b', source: null, path: 'b.txt' },
  { id: 'c', source: 'AP', path: 'c.txt' },
].map((d) => ({ ...d, title: `Title ${d.id}`, date: '2022-02-24', url: null }) as unknown as DocumentRecord);
const view = {
  chunk: (row: number) => ({ text: texts[row]!, doc: docOf[row]! }) as unknown as StoredChunk,
  document: (row: number) => docs[row]!,
};
const features = new ChunkFeatures(texts.length, (i) => texts[i]!);

describe('mergeCopies', () => {
  it('folds a copy from another article into the better-ranked passage, never one from the same article', () => {
    const ranked = [0, 1, 2, 3].map((chunk) => ({ chunk }));
    const { groups, more } = mergeCopies(view, features, 0.6, ranked, 5);
    expect(groups.map((g) => [g.best.chunk, g.copies.map((c) => c.chunk)])).toEqual([
      [0, [2]],
      [1, []],
      [3, []],
    ]);
    expect(more).toBe(false);
  });

  it('keeps at most `limit` groups and says a distinct passage was left out; copies still join', () => {
    const { groups, more } = mergeCopies(view, features, 0.6, [{ chunk: 0 }, { chunk: 1 }, { chunk: 2 }], 1);
    expect(groups.map((g) => [g.best.chunk, g.copies.map((c) => c.chunk)])).toEqual([[0, [2]]]);
    expect(more).toBe(true);
  });
});

describe('oneOutletNote', () => {
  const passage = (doc: number, outlets = 1) =>
    ({ citation: citationOf(docs[doc]!), corroboration: { outlets, names: [] } }) as unknown as Passage;
  const shown = [
    { chunk: 0, coverage: 1 },
    { chunk: 2, coverage: 0.5 },
  ];
  const NOTE =
    'The best passages all come from one outlet (Reuters); no other outlet among them reports the same.';

  it('is said when the passages share one outlet while another reports on the topic', () => {
    expect(oneOutletNote(view, shown, [passage(0), passage(0)], null)).toEqual([NOTE]);
  });

  it('is not said with a chosen outlet, one passage, a corroborated passage, or no other outlet on topic', () => {
    expect(oneOutletNote(view, shown, [passage(0), passage(0)], 'reuters')).toEqual([]);
    expect(oneOutletNote(view, shown, [passage(0)], null)).toEqual([]);
    expect(oneOutletNote(view, shown, [passage(0), passage(0, 2)], null)).toEqual([]);
    // The other outlet holds under half the words the best candidate holds.
    expect(
      oneOutletNote(view, [shown[0]!, { chunk: 2, coverage: 0.4 }], [passage(0), passage(0)], null),
    ).toEqual([]);
  });
});
