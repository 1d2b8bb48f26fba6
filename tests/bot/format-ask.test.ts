import { describe, expect, it } from 'vitest';
import { formatAnswer, type AskView } from '../../src/bot/format/ask.ts';
import { passageBody, passageEmbed } from '../../src/bot/format/passage.ts';
import { fitReply } from '../../src/bot/limits.ts';
import type { Answer } from '../../src/types.ts';
import { expectWithinDiscordLimits, unescapedBoldMarkers } from '../helpers/discord-limits.ts';
import { citation, passage } from '../helpers/fake-engine.ts';

const view: AskView = { stateId: 'abc12', offset: 0, filters: {}, indexedArticles: 12 };

function answer(overrides: Partial<Answer> = {}): Answer {
  return {
    question: 'Why did Russia invade?',
    answered: true,
    confidence: 'answer',
    notes: [],
    time: null,
    passages: [passage(1), passage(2)],
    hasMore: true,
    articlesConsidered: 9,
    ...overrides,
  };
}

describe('formatAnswer', () => {
  it('shows each passage with its highlight in bold, outlet and date, a masked link, rank and score', () => {
    const draft = formatAnswer(answer(), view);
    expect(draft.content).toContain('**Q:** Why did Russia invade?');
    const [first] = draft.embeds!;
    expect(first!.description).toBe(
      'Context before the answer. **Highlighted answer number 1.** Context after the answer.',
    );
    expect(first!.title).toBe('1. Russia recognises breakaway regions');
    expect(first!.url).toBe('https://example.com/news/a1');
    expect(first!.fields).toContainEqual({
      name: 'Outlet',
      value: 'ABC News · US commercial broadcaster · 2022-02-21',
      inline: true,
    });
    expect(first!.fields).toContainEqual({
      name: 'Article',
      value: '[Read the article](https://example.com/news/a1)',
      inline: true,
    });
    expect(first!.footer!.text).toBe('Rank 1 · relevance 1.00');
  });

  it('shows how the question was read as one subtext line per note, under the question, also when nothing is found', () => {
    const note =
      'The question is in Russian; the articles are in English, so only the names in it can match their words: Kyiv.';
    const draft = formatAnswer(answer({ question: 'Что в Киеве?', notes: [note] }), view);
    expect(draft.content).toBe(`**Q:** Что в Киеве?\n-# ${note}\n-# passages 1–2 · 9 articles considered`);
    const none = formatAnswer(
      answer({ notes: [note], confidence: 'none', answered: false, passages: [] }),
      view,
    );
    expect(none.content!.split('\n').slice(0, 2)).toEqual(['**Q:** Why did Russia invade?', `-# ${note}`]);
    // A note is one line and never the bulk of a reply; Markdown in it is escaped.
    const long = formatAnswer(answer({ notes: [`*${'x'.repeat(2000)}\nsecond line`] }), view);
    const noteLine = long.content!.split('\n')[1]!;
    expect(noteLine.startsWith('-# \\*x')).toBe(true);
    expect(noteLine.length).toBeLessThan(320);
    expectWithinDiscordLimits(fitReply(long));
  });

  it('lists wire copy as "also reported by" and shows the file when there is no URL', () => {
    const p = passage(1, {
      citation: citation({ url: null, path: 'seeds/x.txt' }),
      alsoReportedBy: [
        citation({ source: 'Reuters', url: 'https://reuters.example/1' }),
        citation({ source: 'AP', url: null }),
      ],
    });
    const [embed] = formatAnswer(answer({ passages: [p] }), view).embeds!;
    expect(embed!.url).toBeUndefined();
    expect(embed!.fields).toContainEqual({ name: 'Article', value: 'File seeds/x.txt', inline: true });
    expect(embed!.fields).toContainEqual({
      name: 'Also reported by',
      value: '[Reuters](https://reuters.example/1), AP',
      inline: false,
    });
  });

  it('puts More results (next offset) and Sources buttons with short custom ids', () => {
    const draft = formatAnswer(answer(), view);
    const ids = draft.components![0]!.components.map((c) => ('custom_id' in c ? c.custom_id : ''));
    expect(ids).toEqual(['ask:more:abc12:2', 'ask:sources:abc12:0']);
    const last = formatAnswer(answer({ hasMore: false, passages: [passage(3)] }), { ...view, offset: 2 });
    expect(last.components![0]!.components.map((c) => ('label' in c ? c.label : undefined))).toEqual([
      'Sources',
    ]);
    expect(last.content).toContain('passages 3 ·');
  });

  it('says plainly when nothing answers, counts the indexed articles and suggests /sources', () => {
    const draft = formatAnswer(
      answer({ answered: false, confidence: 'none', passages: [], hasMore: false, articlesConsidered: 12 }),
      view,
    );
    expect(draft.content).toContain('Nothing in the 12 indexed articles is about this.');
    expect(draft.content).toContain('`/sources`');
    expect(draft.embeds).toEqual([]);
    expect(draft.components).toBeUndefined();
    const filtered = formatAnswer(
      answer({ answered: false, confidence: 'none', passages: [], articlesConsidered: 2 }),
      {
        ...view,
        filters: { source: 'Reuters', after: '2022-03-01' },
      },
    );
    expect(filtered.content).toContain('(2 articles matched the filters: outlet Reuters, from 2022-03-01)');
  });

  it('shows closest reporting under a plain note when no passage answers the question itself', () => {
    const draft = formatAnswer(answer({ answered: false, confidence: 'related' }), view);
    expect(draft.content).toContain('No passage answers this directly; closest reporting:');
    expect(draft.embeds).toHaveLength(2);
    expect(formatAnswer(answer(), view).content).not.toContain('closest reporting');
  });

  it('escapes hostile article text and questions, and nothing can ping', () => {
    const hostile = '@everyone <@123> **bold** [phish](https://evil.example) # heading';
    const p = passage(1, {
      before: `${hostile} `,
      highlight: `Answer ${hostile}.`,
      after: ` ${hostile}`,
      citation: citation({ title: hostile, source: '<@&456>' }),
    });
    const fitted = fitReply(formatAnswer(answer({ question: `${hostile}?`, passages: [p] }), view));
    const text = JSON.stringify(fitted);
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toMatch(/[^\\]<@/);
    expect(text).not.toContain('[phish](');
    expect(fitted.allowedMentions).toEqual({ parse: [] });
    expect(fitted.embeds[0]!.description).toContain('**Answer @\u200beveryone \\<@123\\> \\*\\*bold\\*\\*');
  });

  it('keeps huge passages within every limit and keeps the highlight visible and bold', () => {
    const long = 'The convoy stretched for miles north of Kyiv and stalled for days. '.repeat(200);
    const passages = Array.from({ length: 8 }, (_, i) =>
      passage(i + 1, {
        before: long,
        highlight: `Key finding ${i + 1}: ${long}`,
        after: long,
        citation: citation({ title: 'T'.repeat(400) }),
      }),
    );
    const fitted = fitReply(formatAnswer(answer({ passages }), view));
    expectWithinDiscordLimits({ ...fitted, allowed_mentions: fitted.allowedMentions });
    expect(fitted.embeds).toHaveLength(8);
    for (const [i, e] of fitted.embeds.entries()) {
      expect(e.description).toContain(`**Key finding ${i + 1}:`);
      expect(unescapedBoldMarkers(e.description!) % 2).toBe(0);
    }
  });
});

describe('passageBody', () => {
  it('cuts the context around the highlight at word boundaries', () => {
    const p = passage(1, {
      before: 'word '.repeat(300),
      highlight: 'The answer.',
      after: ' tail'.repeat(300),
    });
    const body = passageBody(p, 200);
    expect(body.length).toBeLessThanOrEqual(200);
    expect(body).toMatch(/^…word .* \*\*The answer\.\*\* tail .*tail…$/);
  });

  it('falls back to the plain passage when highlight offsets are unusable', () => {
    expect(passageBody(passage(1, { text: 'Just text.', highlightStart: 5, highlightEnd: 99 }))).toBe(
      'Just text.',
    );
  });
});

describe('corroboration in /ask', () => {
  it('is a field only where more than one outlet reports the passage', () => {
    expect(passageEmbed(passage(1)).fields!.map((f) => f.name)).not.toContain('Corroboration');
    const three = passageEmbed(
      passage(2, { corroboration: { outlets: 3, names: ['ABC News', 'Reuters', 'AP'] } }),
    );
    expect(three.fields).toContainEqual(
      expect.objectContaining({
        name: 'Corroboration',
        value: 'Reported by 3 outlets (ABC News, Reuters, AP)',
      }),
    );
  });
});
