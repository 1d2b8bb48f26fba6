import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeedText, plainText } from '../../src/feeds/parse.ts';

const base = 'http://127.0.0.1:9/feed';

describe('parseFeedText', () => {
  it('reads RSS 2.0 items with absolute links, dates as days and summaries as plain text', () => {
    const feed = parseFeedText(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Kyiv Wire</title>
       <item><title>Talks resume</title><link>/news/talks</link><pubDate>Tue, 22 Feb 2022 23:30:00 GMT</pubDate>
       <description>&lt;p&gt;Delegations &lt;b&gt;met&lt;/b&gt; again.&lt;/p&gt;</description></item>
       <item><title>No link</title></item></channel></rss>`,
      base,
    );
    expect(feed).toEqual({
      format: 'rss',
      title: 'Kyiv Wire',
      items: [
        {
          url: 'http://127.0.0.1:9/news/talks',
          title: 'Talks resume',
          date: '2022-02-22',
          summary: 'Delegations met again.',
        },
      ],
    });
  });

  it('reads Atom entries (alternate link, published before updated)', () => {
    const feed = parseFeedText(
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
       <entry><title>Grain deal</title><link rel="alternate" href="http://127.0.0.1:9/grain"/><id>urn:1</id>
       <published>2022-07-22T08:00:00Z</published><updated>2022-07-23T08:00:00Z</updated><summary>Ships may sail.</summary></entry></feed>`,
      base,
    );
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Atom Desk');
    expect(feed.items).toEqual([
      {
        url: 'http://127.0.0.1:9/grain',
        title: 'Grain deal',
        date: '2022-07-22',
        summary: 'Ships may sail.',
      },
    ]);
  });

  it('reads JSON Feed items', () => {
    const feed = parseFeedText(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON Desk',
        items: [
          {
            id: '1',
            url: 'http://127.0.0.1:9/j',
            title: 'Sanctions',
            date_published: '2022-03-01T00:00:00Z',
            content_text: 'New sanctions.',
          },
        ],
      }),
      base,
    );
    expect(feed).toEqual({
      format: 'json',
      title: 'JSON Desk',
      items: [
        { url: 'http://127.0.0.1:9/j', title: 'Sanctions', date: '2022-03-01', summary: 'New sanctions.' },
      ],
    });
  });

  it('keeps one item per address', () => {
    const item = '<item><title>A</title><link>http://127.0.0.1:9/a</link></item>';
    expect(
      parseFeedText(`<rss version="2.0"><channel><title>T</title>${item}${item}</channel></rss>`, base).items,
    ).toHaveLength(1);
  });

  it('says what arrived when the body is not a feed or is malformed', () => {
    expect(() => parseFeedText('<html><body>Hello</body></html>', base)).toThrow(
      new FeedParseError('expected a feed, got a body that is not RSS, Atom, RDF or JSON Feed'),
    );
    expect(() => parseFeedText('<rss><channel><item><title>cut</ti', base)).toThrow(
      /^expected a feed, got a body that is malformed/,
    );
    expect(() => parseFeedText('{"version": ', base)).toThrow(
      /^expected a feed, got a body that is malformed/,
    );
  });

  it('plainText removes markup and decodes the common entities', () => {
    expect(plainText('<p>A &amp; B</p><script>x()</script><p>C&nbsp;D</p>')).toBe('A & B\nC D');
  });
});
