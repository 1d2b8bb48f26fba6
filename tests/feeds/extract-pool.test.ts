import { describe, expect, it } from 'vitest';
import { articlePage } from '../../src/bench/feed-site.ts';
import { WorkerExtractor } from '../../src/feeds/extract-pool.ts';
import { story } from '../helpers/feed-server.ts';

describe('WorkerExtractor', () => {
  it('refuses a page over the size cap without starting a worker', async () => {
    const extractor = new WorkerExtractor({ maxChars: 10 });
    expect(await extractor.extract('<p>more than ten</p>', 'http://127.0.0.1:9/')).toEqual({
      kind: 'unusable',
      reason: 'expected a page of at most 10 characters to extract, got 20',
    });
    expect(extractor.started).toBe(0);
    await extractor.close();
  });

  it('extracts pages in order on one worker, says when there is no article, and answers after close', async () => {
    const extractor = new WorkerExtractor();
    const page = articlePage({
      slug: 's',
      title: 'Convoy stalls',
      text: story('The convoy'),
      date: '2022-03-01',
    });
    const [a, none, binary] = await Promise.all([
      extractor.extract(page, 'http://127.0.0.1:9/s'),
      extractor.extract('<html><body><p>Subscribe.</p></body></html>', 'http://127.0.0.1:9/n'),
      extractor.extract('\u0000\u0001binary', 'http://127.0.0.1:9/b'),
    ]);
    expect(a).toMatchObject({
      kind: 'article',
      text: expect.stringMatching(/The convoy was reported on day 1/),
    });
    expect(none).toEqual({ kind: 'none' });
    expect(binary).toEqual({ kind: 'unusable', reason: 'expected an HTML page, got binary data' });
    expect(extractor.started).toBe(1);
    await extractor.close();
    expect(await extractor.extract(page, 'http://127.0.0.1:9/s')).toEqual({
      kind: 'unusable',
      reason: 'the extractor was closed',
    });
  });
});
