import { describe, expect, it } from 'vitest';
import { formatBusy, formatProgress, formatSummary, progressBar } from '../../src/bot/format/reindex.ts';

describe('/reindex replies', () => {
  it('shows the stage, counts and a bar', () => {
    expect(progressBar(3, 10)).toBe('▰▰▰▱▱▱▱▱▱▱ 30%');
    expect(progressBar(0, 0)).toBe('▱▱▱▱▱▱▱▱▱▱ 0%');
    expect(formatProgress({ stage: 'embedding', done: 40, total: 80 }, 12.4).content).toContain(
      'Step 3/6: embedding (40/80)\n▰▰▰▰▰▱▱▱▱▱ 50% · 12 s',
    );
  });

  it('summarises the run, including skipped files', () => {
    const content = formatSummary({
      added: 2,
      changed: 1,
      moved: 0,
      removed: 0,
      unchanged: 5,
      kept: 0,
      warnings: [],
      articles: 8,
      chunks: 30,
      embedded: 9,
      seconds: 3.21,
      generation: 'g7',
      skipped: [{ path: 'seeds/bad_file.csv', line: 4, reason: 'no text' }],
    }).content!;
    expect(content).toContain('Re-index finished in 3.2 s; the new index is live (generation g7).');
    expect(content).toContain(
      '2 added, 1 changed, 0 removed, 5 unchanged; 8 articles, 30 passages, 9 texts embedded.',
    );
    expect(content).toContain('Skipped 1: seeds/bad\\_file.csv:4 (no text)');
  });

  it('names moved articles and those kept because this run did not read them', () => {
    const content = formatSummary({
      added: 0,
      changed: 0,
      moved: 3,
      removed: 0,
      unchanged: 2,
      kept: 4,
      warnings: [],
      skipped: [],
      articles: 9,
      chunks: 30,
      embedded: 0,
      seconds: 1,
      generation: 'g8',
    }).content!;
    expect(content).toContain(
      '0 added, 0 changed, 0 removed, 2 unchanged, 3 moved, 4 kept (not read this run); 9 articles',
    );
  });

  it('refuses a second run politely', () => {
    expect(formatBusy().content).toMatch(/^A re-index is already running\. Please wait/);
  });
});

describe('formatSummary with feeds', () => {
  it('says how many feeds were read, what they added and which failed', () => {
    const feed = {
      title: null,
      items: 2,
      added: 2,
      changed: 0,
      unchanged: 0,
      summaries: 0,
      fetched: 2,
      blocked: 0,
      refused: 0,
      pageProblems: [],
    };
    const draft = formatSummary({
      added: 2,
      changed: 0,
      moved: 0,
      removed: 0,
      unchanged: 5,
      kept: 0,
      skipped: [],
      warnings: [],
      articles: 7,
      chunks: 9,
      embedded: 4,
      seconds: 1.5,
      generation: 'gen-1',
      feeds: [
        { ...feed, url: 'http://127.0.0.1:1/a.xml', status: 'ok', error: null },
        {
          ...feed,
          url: 'http://127.0.0.1:1/b.xml',
          status: 'failed',
          error: 'feed not read: HTTP 500',
          added: 0,
        },
      ],
    });
    expect(draft.content).toContain(
      '\nFeeds: 1 read, 2 new items; 1 failed: http://127.0.0.1:1/b.xml (feed not read: HTTP 500).',
    );
  });
});
