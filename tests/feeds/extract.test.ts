import { describe, expect, it } from 'vitest';
import { articlePage } from '../../src/bench/feed-site.ts';
import { extractArticle, nestingDepth, UnusablePageError } from '../../src/feeds/extract.ts';
import { story } from '../helpers/feed-server.ts';

describe('extractArticle', () => {
  it('keeps the article paragraphs and drops navigation, asides and footer', () => {
    const text = story('The convoy north of Kyiv');
    const out = extractArticle(
      articlePage({ slug: 's', title: 'Convoy stalls', text, date: '2022-03-01' }),
      'http://127.0.0.1:9/news/s',
    );
    expect(out).not.toBeNull();
    for (const paragraph of text.split('\n')) expect(out!.text).toContain(paragraph);
    expect(out!.text).not.toMatch(/Most read|Share this article|Copyright|Politics/);
    expect(out!.text.split('\n\n').length).toBeGreaterThanOrEqual(6);
  });

  it('returns null for a page without an article', () => {
    expect(
      extractArticle(
        '<html><body><nav><a href="/">Home</a></nav><p>Subscribe now.</p></body></html>',
        'http://127.0.0.1:9/',
      ),
    ).toBeNull();
  });
});

describe('extractArticle on pages it must not parse', () => {
  it('counts nesting from the tags, ignoring void elements, optional end tags, scripts and comments', () => {
    expect(nestingDepth('<html><body><div><p>a<p>b<br><img src=x><div/></div></body></html>')).toBe(3);
    expect(nestingDepth('<div><script>"<div><div><div>"</script><!-- <div><div> --></div>')).toBe(1);
    expect(nestingDepth(`${'<section>'.repeat(40)}${'</section>'.repeat(40)}<div></div>`)).toBe(40);
  });

  it('refuses too large, too deep and binary pages, and a document the parser cannot build', () => {
    const limits = { maxChars: 1000, maxDepth: 5 };
    expect(() => extractArticle('x'.repeat(1001), 'http://127.0.0.1:9/', limits)).toThrow(
      new UnusablePageError('expected a page of at most 1000 characters to extract, got 1001'),
    );
    expect(() => extractArticle('<div>'.repeat(6), 'http://127.0.0.1:9/', limits)).toThrow(
      'expected elements nested at most 5 deep, got 6',
    );
    expect(() => extractArticle('%PDF-1.4\u0000\u0001\u0002', 'http://127.0.0.1:9/', limits)).toThrow(
      'expected an HTML page, got binary data',
    );
    expect(() => extractArticle('just some words, no tags', 'http://127.0.0.1:9/', limits)).toThrow(
      UnusablePageError,
    );
  });
});
