import { describe, expect, it } from 'vitest';
import { feedLine } from '../../src/cli/summary.ts';
import type { FeedReport } from '../../src/types.ts';

const report: FeedReport = {
  url: 'http://127.0.0.1:9/feed.xml',
  title: 'Wire',
  status: 'ok',
  error: null,
  items: 4,
  added: 4,
  changed: 0,
  unchanged: 0,
  summaries: 2,
  fetched: 2,
  blocked: 1,
  refused: 1,
  pageProblems: [],
};

describe('feedLine', () => {
  it('counts pages robots.txt blocked and addresses refused apart from the pages fetched', () => {
    expect(feedLine(report)).toBe(
      "  feed http://127.0.0.1:9/feed.xml (Wire): 4 items, 4 added, 0 changed, 0 unchanged, 2 pages fetched, 1 blocked by robots.txt, 1 refused (not a public address), 2 from the feed's summary",
    );
    expect(feedLine({ ...report, blocked: 0, refused: 0, summaries: 0, fetched: 4 })).toBe(
      '  feed http://127.0.0.1:9/feed.xml (Wire): 4 items, 4 added, 0 changed, 0 unchanged, 4 pages fetched',
    );
  });
});
