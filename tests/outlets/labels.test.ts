import { describe, expect, it } from 'vitest';
import {
  citationLabel,
  OUTLET_KINDS,
  OutletLabels,
  outletLabels,
  parseOutlets,
} from '../../src/outlets/labels.ts';

/** What parseOutlets throws for a bad file: its code and its message, word for word. */
const fileError = (message: string): Error => Object.assign(new Error(message), { name: 'DataFileError' });

/** The 13 outlets of ../shared/datasets/ukraine-news as its data names them, with their hosts (SOURCES.md). */
const DATASET_OUTLETS: [string, string][] = [
  ['RT', 'https://www.rt.com/russia/1/'],
  ['BBC News', 'https://www.bbc.com/news/1'],
  ['HuffPost', 'https://www.huffpost.com/entry/1'],
  ['Daily Mail', 'https://www.dailymail.co.uk/news/1'],
  ['Associated Press (via dailymail.co.uk/wires/ap)', 'https://www.dailymail.co.uk/wires/ap/1'],
  ['The Guardian', 'https://www.theguardian.com/world/1'],
  ['Daily Express', 'https://www.express.co.uk/news/1'],
  ['NBC News', 'https://www.nbcnews.com/news/1'],
  ['Reuters', 'https://www.reuters.com/world/1'],
  ['CBS News', 'https://www.cbsnews.com/news/1'],
  ['CNN', 'https://www.cnn.com/2022/1'],
  ['ABC News', 'https://abcnews.go.com/International/1'],
  ['Daily Mirror', 'https://www.mirror.co.uk/news/1'],
];

describe('outlet labels', () => {
  const labels = outletLabels();

  it('labels every outlet of the news dataset, by the name its data uses', () => {
    for (const [source, url] of DATASET_OUTLETS) {
      const label = labels.lookup(source, url);
      expect(label.reviewed, source).toBe(true);
      expect(label.basis.length, source).toBeGreaterThan(20);
    }
    expect(labels.outlets).toHaveLength(13);
  });

  it('shows the label in a citation: "RT · Russian state media · 2022-03-02"', () => {
    expect(citationLabel({ source: 'RT', url: 'https://www.rt.com/x', date: '2022-03-02' })).toBe(
      'RT · Russian state media · 2022-03-02',
    );
    expect(labels.lookup('RT').kind).toBe('state-affiliated media');
    expect(
      citationLabel({
        source: 'Associated Press (via dailymail.co.uk/wires/ap)',
        url: 'https://www.dailymail.co.uk/wires/ap/1',
        date: null,
      }),
    ).toBe('Associated Press · US wire service · undated');
  });

  it('falls back to the URL host when the name is unknown, and to "unreviewed" when neither is listed', () => {
    expect(labels.lookup(null, 'https://edition.cnn.com/2022/x').name).toBe('CNN');
    expect(labels.lookup('The BBC website', 'https://www.bbc.co.uk/news/x').name).toBe('BBC News');
    expect(citationLabel({ source: 'Ru-Main', url: null, date: '2022-02-23' })).toBe(
      'Ru-Main · unreviewed · 2022-02-23',
    );
    expect(citationLabel({ source: null, url: 'not a url', date: null })).toBe(
      'Unknown outlet · unreviewed · undated',
    );
  });

  it('finds the indexed outlets of a kind, for a server that excludes that kind', () => {
    const indexed = ['RT', 'Daily Mail', 'Reuters', 'Daily Express', 'Ru-Main'];
    expect(labels.sourcesOfKinds(indexed, ['tabloid'])).toEqual(['Daily Mail', 'Daily Express']);
    expect(labels.sourcesOfKinds(indexed, ['state-affiliated media', 'unreviewed'])).toEqual([
      'RT',
      'Ru-Main',
    ]);
    expect(labels.sourcesOfKinds(indexed, [])).toEqual([]);
  });

  it('an edited file with a mistake is an error naming the entry and what was expected', () => {
    const entry = { name: 'X', label: 'x', country: 'Y', kind: 'tabloid', aliases: ['x.com'], basis: 'b' };
    expect(
      new OutletLabels(parseOutlets(JSON.stringify({ outlets: [entry] }), 'o.json')).lookup(
        null,
        'https://x.com/a',
      ).name,
    ).toBe('X');
    expect(() => parseOutlets(JSON.stringify({ outlets: [{ ...entry, kind: 'biased' }] }), 'o.json')).toThrow(
      'crisis-desk: o.json: outlet 1: expected "kind" to be one of wire service, public broadcaster, commercial broadcaster, newspaper, tabloid, online news site, state-affiliated media, unreviewed, got "biased"',
    );
    expect(() => parseOutlets(JSON.stringify({ outlets: [{ ...entry, basis: '' }] }), 'o.json')).toThrow(
      'outlet 1: expected "basis" to be a non-empty string',
    );
    expect(() => parseOutlets('{', 'o.json')).toThrow(/^crisis-desk: o.json: malformed JSON/);
    const bad = (outlets: unknown) => () => parseOutlets(JSON.stringify({ outlets }), 'o.json');
    expect(() => parseOutlets('{"outlets": {}}', 'o.json')).toThrow(
      fileError('crisis-desk: o.json: expected {"outlets": [...]}'),
    );
    expect(() => parseOutlets('[]', 'o.json')).toThrow(
      fileError('crisis-desk: o.json: expected {"outlets": [...]}'),
    );
    // The first problem in the order kind, aliases, name, label, country, basis is the one named.
    expect(bad([entry, { ...entry, name: ' ', kind: ' ' }])).toThrow(
      fileError('crisis-desk: o.json: outlet 2: expected "kind" to be a non-empty string'),
    );
    expect(bad([{ ...entry, kind: ' Tabloid ', aliases: 'x' }])).toThrow(
      fileError(
        `crisis-desk: o.json: outlet 1: expected "kind" to be one of ${OUTLET_KINDS.join(', ')}, got "Tabloid"`,
      ),
    );
    expect(bad([{ ...entry, name: 3, aliases: ['a', 1] }])).toThrow(
      fileError('crisis-desk: o.json: outlet 1: expected "aliases" to be a list of names and hosts'),
    );
    expect(bad([{ ...entry, name: 3, country: '' }])).toThrow(
      fileError('crisis-desk: o.json: outlet 1: expected "name" to be a non-empty string'),
    );
    expect(bad([{ ...entry, label: null, country: '' }])).toThrow(
      fileError('crisis-desk: o.json: outlet 1: expected "label" to be a non-empty string'),
    );
    expect(bad([{ ...entry, country: '', basis: '' }])).toThrow(
      fileError('crisis-desk: o.json: outlet 1: expected "country" to be a non-empty string'),
    );
    expect(bad([7])).toThrow(
      fileError('crisis-desk: o.json: outlet 1: expected "kind" to be a non-empty string'),
    );
    expect(
      parseOutlets(
        JSON.stringify({ outlets: [{ ...entry, name: ' X ', kind: ' tabloid ', extra: 1 }] }),
        'o.json',
      ),
    ).toEqual([
      {
        name: 'X',
        label: 'x',
        country: 'Y',
        kind: 'tabloid',
        aliases: ['x.com'],
        basis: 'b',
        reviewed: true,
      },
    ]);
  });
});
