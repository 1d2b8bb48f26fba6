import { describe, expect, it } from 'vitest';
import { docFilterFor } from '../../src/search/filters.ts';
import type { OutletCount } from '../../src/search/index-view.ts';
import { AskInputError } from '../../src/search/options.ts';

const OUTLETS: OutletCount[] = [
  { source: 'Reuters', articles: 3 },
  { source: 'Kyiv Post', articles: 5 },
  { source: null, articles: 2 },
];
/** A view that counts how often its outlets are read. */
function view() {
  const v = {
    reads: 0,
    outlets: () => {
      v.reads++;
      return OUTLETS;
    },
  };
  return v;
}
const none = { source: null, after: null, before: null, ids: null, excludeSources: new Set<string>() };

describe('docFilterFor', () => {
  it('is undefined when the options ask for no filter, without reading the outlets', () => {
    const v = view();
    expect(docFilterFor(v, none)).toBeUndefined();
    expect(v.reads).toBe(0);
  });

  it("resolves the user's spelling of an outlet and of those left out to the corpus's own", () => {
    expect(
      docFilterFor(view(), { ...none, source: 'kyiv POST', excludeSources: new Set(['reuters']) }),
    ).toEqual({
      ids: null,
      sources: ['Kyiv Post'],
      excluded: ['Reuters'],
      after: null,
      before: null,
    });
  });

  it('carries dates and article ids as they are', () => {
    expect(
      docFilterFor(view(), { ...none, after: '2022-02-01', before: '2022-03-01', ids: new Set(['a', 'b']) }),
    ).toEqual({ ids: ['a', 'b'], sources: null, excluded: [], after: '2022-02-01', before: '2022-03-01' });
  });

  it('an unknown outlet is an input error that lists the known ones, most articles first', () => {
    expect(() => docFilterFor(view(), { ...none, source: 'Nope Daily' })).toThrow(
      new AskInputError('source: expected an indexed outlet (Kyiv Post, Reuters), got "Nope Daily"'),
    );
  });
});
