import { describe, expect, it } from 'vitest';
import { sourceChoices } from '../../src/bot/format/autocomplete.ts';
import {
  formatCitations,
  formatDocumentMatches,
  formatOverview,
  matchDocuments,
  maxSourcesQuery,
} from '../../src/bot/format/sources.ts';
import { fitReply, type ReplyDraft } from '../../src/bot/limits.ts';
import { expectWithinDiscordLimits } from '../helpers/discord-limits.ts';
import { citation, documentInfo, passage, stats } from '../helpers/fake-engine.ts';

const ids = (draft: ReplyDraft) =>
  (draft.components ?? []).flatMap((r) =>
    r.components.map((c) => ('custom_id' in c ? c.custom_id : undefined)),
  );

describe('formatCitations', () => {
  it('gives title, outlet, date, URL, file and where in the article for each passage', () => {
    const p = passage(2, {
      start: 120,
      end: 560,
      alsoReportedBy: [citation({ source: 'Reuters', url: null })],
    });
    const [embed] = formatCitations('What happened?', [p]).embeds!;
    expect(embed!.description).toBe('For: What happened?');
    expect(embed!.fields![0]).toEqual({
      name: '2. Russia recognises breakaway regions',
      value:
        'ABC News · US commercial broadcaster · 2022-02-21\n[https://example.com/news/a2](https://example.com/news/a2)\n' +
        'File seeds/002\\_a2.txt, characters 120–560\nAlso reported by Reuters',
    });
  });

  it('offers the knowledge-base overview', () => {
    expect(ids(formatCitations('q', [passage(1)]))).toEqual(['sources:page:0']);
  });
});

describe('formatOverview', () => {
  const docs = Array.from({ length: 23 }, (_, i) => documentInfo(i + 1));

  it('summarises articles, outlets with counts and the date range, with paging', () => {
    const draft = formatOverview(stats(), docs, 0);
    const [embed] = draft.embeds!;
    expect(embed!.description).toContain('12 articles in 40 passages, 2022-02-01 to 2022-03-15.');
    expect(embed!.fields![0]).toEqual({
      name: 'Outlets (3)',
      value:
        'ABC News (US commercial broadcaster): 7\nReuters (international wire service): 4\nAl Jazeera (unreviewed): 1',
    });
    expect(embed!.description!.match(/^• /gm)).toHaveLength(10);
    expect(embed!.footer!.text).toMatch(/^Page 1 of 3/);
    expect(ids(draft)).toEqual(['sources:page:-1', 'sources:page:1']);
    expect(draft.components![0]!.components[0]).toMatchObject({ label: 'Previous', disabled: true });
  });

  it('says what the corpus is, which /reindex re-reads, and says so plainly for an index that does not record it', () => {
    const named = formatOverview(
      stats({ corpus: { paths: ['news', 'my_articles'], feeds: ['https://example.com/rss'] } }),
      docs,
      0,
    );
    expect(named.embeds![0]!.description).toContain(
      'Built from `news`, `my_articles` and 1 feed; /reindex reads the same.',
    );
    const older = formatOverview(stats({ corpus: null }), docs, 0);
    expect(older.embeds![0]!.description).toContain(
      'Built before indexes recorded their corpus: /reindex reads seeds/ and FEEDS.',
    );
  });

  it('clamps the page and shows the last documents on the last page', () => {
    const draft = formatOverview(stats(), docs, 99);
    expect(draft.embeds![0]!.footer!.text).toMatch(/^Page 3 of 3/);
    expect(draft.embeds![0]!.description!.match(/^• /gm)).toHaveLength(3);
    expect(draft.components![0]!.components[1]).toMatchObject({ label: 'Next', disabled: true });
  });

  it('stays within limits with hundreds of outlets', () => {
    const many = stats({
      outlets: Array.from({ length: 400 }, (_, i) => ({ source: `Outlet number ${i}`, articles: i })),
    });
    expectWithinDiscordLimits({ ...fitReply(formatOverview(many, docs, 0)) });
  });
});

describe('document matches', () => {
  const docs = [
    documentInfo(1, { title: 'Sanctions on banks' }),
    documentInfo(2, { source: 'Reuters' }),
    documentInfo(3),
  ];

  it('matches title, outlet, file or URL case-insensitively', () => {
    expect(matchDocuments(docs, 'SANCTIONS').map((d) => d.id)).toEqual(['d1']);
    expect(matchDocuments(docs, 'reuters').map((d) => d.id)).toEqual(['d2']);
    expect(matchDocuments(docs, 'd3.txt').map((d) => d.id)).toEqual(['d3']);
  });

  it('pages with the query in the custom id, within 100 characters even for the longest query', () => {
    const many = Array.from({ length: 25 }, (_, i) => documentInfo(i));
    const query = 'q:'.repeat(maxSourcesQuery / 2);
    const draft = formatDocumentMatches(query, many, 1);
    expect(ids(draft)).toEqual([`sources:find:0:${query}`, `sources:find:2:${query}`]);
    expect(Math.max(...ids(draft).map((id) => id!.length))).toBeLessThanOrEqual(100);
  });

  it('says when nothing matches', () => {
    expect(formatDocumentMatches('zzz', [], 0).content).toContain('No indexed document matches “zzz”.');
  });
});

describe('sourceChoices (autocomplete)', () => {
  const outlets = [
    { source: 'Reuters', articles: 4 },
    { source: 'ABC News', articles: 7 },
    { source: 'The Moscow Times', articles: 2 },
    { source: 'Mostly News', articles: 9 },
  ];

  it('puts prefix matches first, then substring matches, bigger outlets first', () => {
    expect(sourceChoices(outlets, 'mos').map((c) => c.value)).toEqual(['Mostly News', 'The Moscow Times']);
    expect(sourceChoices(outlets, '').map((c) => c.value)).toEqual([
      'Mostly News',
      'ABC News',
      'Reuters',
      'The Moscow Times',
    ]);
    expect(sourceChoices(outlets, 'news')[0]).toEqual({
      name: 'Mostly News (9 articles)',
      value: 'Mostly News',
    });
  });

  it('answers at most 25 choices with names of at most 100 characters', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      source: `Outlet ${i} ${'x'.repeat(85)}`,
      articles: 1,
    }));
    const out = sourceChoices(many, 'outlet');
    expect(out).toHaveLength(25);
    expect(out.every((c) => c.name.length <= 100 && c.value.length <= 100)).toBe(true);
  });
});
