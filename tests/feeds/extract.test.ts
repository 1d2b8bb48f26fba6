import { describe, expect, it } from 'vitest';
import { articlePage } from '../../src/bench/feed-site.ts';
import { extractArticle } from '../../src/feeds/extract.ts';
import { story } from '../helpers/feed-server.ts';

describe('extractArticle', () => {
  it('keeps the article paragraphs and drops navigation, asides and footer', () => {
    const text = story('The convoy north of Kyiv');
    const out = extractArticle(articlePage({ slug: 's', title: 'Convoy stalls', text, date: '2022-03-01' }), 'http://127.0.0.1:9/news/s');
    expect(out).not.toBeNull();
    for (const paragraph of text.split('\n')) expect(out!.text).toContain(paragraph);
    expect(out!.text).not.toMatch(/Most read|Share this article|Copyright|Politics/);
    expect(out!.text.split('\n\n').length).toBeGreaterThanOrEqual(6);
  });

  it('returns null for a page without an article', () => {
    expect(extractArticle('<html><body><nav><a href="/">Home</a></nav><p>Subscribe now.</p></body></html>', 'http://127.0.0.1:9/')).toBeNull();
  });
});
