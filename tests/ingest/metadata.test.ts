import { describe, expect, it } from 'vitest';
import { stripTrailingBoilerplate } from '../../src/ingest/boilerplate.ts';
import {
  isUrlLine,
  looksLikeHeadline,
  normalizeDate,
  outletFromUrl,
  parseDateLine,
  titleFromBody,
} from '../../src/ingest/metadata.ts';
import { parseTextArticle } from '../../src/ingest/text-file.ts';

describe('parseDateLine', () => {
  it.each([
    ['20220118', '2022-01-18'],
    ['23.02.2022', '2022-02-23'],
    ['3.2.2022', '2022-02-03'],
    ['18/01/2022', '2022-01-18'],
    ['2022-01-18', '2022-01-18'],
    ['2022-01-18T09:30:00Z', '2022-01-18'],
    ['2022-01-18 09:30:00+02:00', '2022-01-18'],
    ['January 18, 2022', '2022-01-18'],
    ['Jan. 18, 2022', '2022-01-18'],
    ['18 January 2022', '2022-01-18'],
    ['  February 24 2022  ', '2022-02-24'],
  ])('reads %j as %s', (line, iso) => {
    expect(parseDateLine(line)).toBe(iso);
  });

  it.each([
    '20221345',
    '20220230',
    '2022-02-30',
    '31.02.2022',
    '2022-13-01',
    '18990101',
    'Smarch 3, 2022',
    'Tuesday',
    '2022',
    '',
  ])('rejects %j', (line) => {
    expect(parseDateLine(line)).toBeNull();
  });
});

describe('normalizeDate', () => {
  it('takes a date from the start of a timestamp and ignores non-strings', () => {
    expect(normalizeDate('2022-02-24 05:30:00')).toBe('2022-02-24');
    expect(normalizeDate('February 24, 2022')).toBe('2022-02-24');
    expect(normalizeDate('20221345')).toBeNull();
    expect(normalizeDate(20220224)).toBeNull();
    expect(normalizeDate(null)).toBeNull();
    expect(normalizeDate('  ')).toBeNull();
  });
});

describe('outletFromUrl', () => {
  it('names known hosts (and their subdomains) and falls back to the bare host', () => {
    expect(outletFromUrl('https://www.bbc.co.uk/news/world-europe-1')).toBe('BBC News');
    expect(outletFromUrl('https://edition.cnn.com/2022/02/22/x')).toBe('CNN');
    expect(outletFromUrl('https://abcnews.go.com/International/x')).toBe('ABC News');
    expect(outletFromUrl('https://www.thereminder.ca/world-news/x')).toBe('thereminder.ca');
    expect(outletFromUrl('not a url')).toBeNull();
    expect(outletFromUrl(null)).toBeNull();
  });
});

describe('headline, URL and title helpers', () => {
  it('a headline is short and does not end like a sentence', () => {
    expect(looksLikeHeadline('Blinken says meeting with Lavrov is off')).toBe(true);
    expect(looksLikeHeadline('Blinken said the meeting is off.')).toBe(false);
    expect(looksLikeHeadline('Blinken said: "off."')).toBe(false);
    expect(looksLikeHeadline('')).toBe(false);
    expect(looksLikeHeadline(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toBe(false);
  });

  it('a URL line is only a URL', () => {
    expect(isUrlLine(' https://example.com/a?b=1 ')).toBe(true);
    expect(isUrlLine('see https://example.com')).toBe(false);
    expect(isUrlLine('ftp://example.com')).toBe(false);
  });

  it('titleFromBody takes the first sentence when it is short', () => {
    expect(titleFromBody('Russia moved troops into Donetsk. Officials said more would follow.')).toBe(
      'Russia moved troops into Donetsk.',
    );
  });
});

describe('parseTextArticle', () => {
  it('accepts the URL line before the date line and a Markdown heading as headline', () => {
    const a = parseTextArticle(
      '# Talks end\n\nhttps://www.reuters.com/world/x\nJanuary 18, 2022\n\nBody sentence one. Body two.\n',
      'id1',
      'c/id1.md',
    );
    expect(a).toEqual({
      id: 'id1',
      title: 'Talks end',
      text: 'Body sentence one. Body two.',
      source: 'Reuters',
      date: '2022-01-18',
      url: 'https://www.reuters.com/world/x',
      path: 'c/id1.md',
    });
  });

  it('an invalid date line is body, not metadata', () => {
    const a = parseTextArticle('Headline here\n20221345\nBody text follows.', 'id', 'p.txt');
    expect(a.date).toBeNull();
    expect(a.text).toBe('20221345\nBody text follows.');
  });

  it('metadata from a sources file wins over what the text says', () => {
    const a = parseTextArticle('Headline\n20220118\nhttps://www.cnn.com/x\nBody.', 'id', 'p.txt', {
      title: 'Meta title',
      source: 'Meta outlet',
      date: '2022-02-01',
      url: 'https://example.org/y',
    });
    expect([a.title, a.source, a.date, a.url]).toEqual([
      'Meta title',
      'Meta outlet',
      '2022-02-01',
      'https://example.org/y',
    ]);
  });
});

describe('stripTrailingBoilerplate', () => {
  it('keeps furniture words in the middle of a story', () => {
    const text = 'Related posts on social media claimed otherwise.\n\nThe ministry denied it.';
    expect(stripTrailingBoilerplate(text)).toBe(text);
  });

  it('keeps a short last paragraph that looks like a name when no furniture is near it', () => {
    const text = 'Talks ended without result.\n\nVladimir Putin';
    expect(stripTrailingBoilerplate(text)).toBe(text);
  });

  // Regression: a short closing sentence used to pass for a signature and was cut with the footer (and
  // everything above it that was short, down to an empty article).
  it('keeps a short closing sentence above the footer', () => {
    expect(
      stripTrailingBoilerplate(
        'Talks ended without result.\n\nHe declined to comment.\n\nCopyright © 2022 Outlet Ltd.',
      ),
    ).toBe('Talks ended without result.\n\nHe declined to comment.');
  });

  it('cuts a signature line that sits right above or below furniture', () => {
    expect(stripTrailingBoilerplate('Talks ended.\n\nJane Q. Reporter\n\nAll rights reserved.')).toBe(
      'Talks ended.',
    );
    expect(stripTrailingBoilerplate('Talks ended.\n\nCopyright 2022 Outlet Ltd.\n\nJane Q. Reporter\n')).toBe(
      'Talks ended.',
    );
  });

  it('cuts closing boilerplate sentences', () => {
    expect(
      stripTrailingBoilerplate(
        'Talks ended. Follow AP’s coverage of the war in Ukraine at https://apnews.com/hub/russia-ukraine',
      ),
    ).toBe('Talks ended.');
  });
});
