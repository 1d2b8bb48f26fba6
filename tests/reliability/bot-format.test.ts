/**
 * Hostile article text in Discord replies, for the cases the bot tests did not cover: code fences, nickname,
 * role and channel mentions, and one 3,000-character sentence without a full stop. Replies stay within every
 * limit, show the text literally (no code block, no mention, no bold left open) and cut on word boundaries.
 */
import { describe, expect, it } from 'vitest';
import { type AskView, formatAnswer } from '../../src/bot/format/ask.ts';
import { passageBody } from '../../src/bot/format/passage.ts';
import type { Answer, Passage } from '../../src/types.ts';
import { expectWithinDiscordLimits, unescapedBoldMarkers } from '../helpers/discord-limits.ts';
import { citation, passage } from '../helpers/fake-engine.ts';
import { seededRandom, randomSentence } from '../helpers/random-text.ts';

const view: AskView = { stateId: 'abc12', offset: 0, filters: {}, indexedArticles: 12 };

function answerOf(passages: Passage[]): Answer {
  return {
    question: 'What happened?',
    answered: true,
    confidence: 'answer',
    notes: [],
    time: null,
    passages,
    hasMore: false,
    articlesConsidered: 9,
  };
}

/** The text with every backslash escape removed: what Discord would read as Markdown syntax. */
function unescaped(text: string): string {
  return text.replace(/\\[\s\S]/g, '');
}

describe('fault injection: hostile text in Discord replies', () => {
  it('``` code fences in the passage, the highlight and the title stay literal backticks', () => {
    const fence = 'Officials posted ```js\nfetch("https://evil.example")\n``` on the ministry site.';
    const p = passage(1, {
      before: 'Before ```the fence opens. ',
      highlight: fence,
      after: ' After the fence ``` closes.',
      citation: citation({ title: '```Breaking``` news ```' }),
    });
    const draft = formatAnswer(answerOf([p]), view);
    const [embed] = draft.embeds!;
    expectWithinDiscordLimits(draft);
    for (const text of [embed!.description!, embed!.title!, draft.content!])
      expect(unescaped(text)).not.toContain('`');
    expect(embed!.description).toContain('\\`\\`\\`js fetch("https://evil.example") \\`\\`\\`');
    expect(embed!.title).toBe('1. \\`\\`\\`Breaking\\`\\`\\` news \\`\\`\\`');
    // Cut in the middle of the fences, the escapes stay whole.
    const cut = passageBody(p, 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(unescaped(cut)).not.toContain('`');
    expect(cut).not.toMatch(/(?<!\\)\\$/);
  });

  it('<@!id>, <@&role>, <#channel> and @everyone never become mentions', () => {
    const p = passage(1, {
      highlight:
        'Spokesman <@!123456789012345678> told <@&987654321098765432> in <#111111111111111111>: @everyone @here.',
      citation: citation({ title: 'Ping <@!123456789012345678>', source: '<@&987654321098765432>' }),
    });
    const draft = formatAnswer(answerOf([p]), view);
    const [embed] = draft.embeds!;
    expectWithinDiscordLimits(draft);
    const shown = [embed!.description!, embed!.title!, ...embed!.fields!.map((f) => f.value)];
    for (const text of shown) {
      expect(unescaped(text)).not.toMatch(/<[@#]/);
      expect(text).not.toMatch(/@(everyone|here)/);
    }
    expect(embed!.description).toContain('\\<@!123456789012345678\\>');
    expect(embed!.title).toBe('1. Ping \\<@!123456789012345678\\>');
    expect(embed!.fields).toContainEqual({
      name: 'Outlet',
      value: '\\<@&987654321098765432\\> · unreviewed · 2022-02-21',
      inline: true,
    });
  });

  it('one 3,000-character sentence without a full stop: cut on a word boundary, bold closed, within limits', () => {
    const rng = seededRandom(3000);
    let sentence = '';
    while (sentence.length < 3000) sentence += `${randomSentence(rng, 8, 12).replace(/[.!?]/g, '')} and `;
    sentence = sentence.slice(0, 3000).trimEnd();
    expect(sentence).not.toMatch(/[.!?]/);
    const words = new Set(sentence.split(/\s+/));
    const p = passage(1, {
      text: sentence,
      highlight: sentence,
      highlightStart: 0,
      highlightEnd: sentence.length,
    });
    const body = passageBody(p);
    expect(body.length).toBeLessThanOrEqual(1000);
    expect(body.startsWith('**')).toBe(true);
    expect(body.endsWith('…**')).toBe(true);
    expect(unescapedBoldMarkers(body)).toBe(2);
    // Every word shown is a whole word of the sentence: the cut fell between words.
    for (const w of body.slice(2, -3).split(/\s+/)) expect(words.has(w), w).toBe(true);
    // Ten of them in one reply share the 6,000 characters and still each show a cut, closed highlight.
    const draft = formatAnswer(answerOf(Array.from({ length: 10 }, (_, i) => ({ ...p, rank: i + 1 }))), view);
    expectWithinDiscordLimits(draft);
    for (const e of draft.embeds!) {
      expect(e.description!.endsWith('…**')).toBe(true);
      expect(unescapedBoldMarkers(e.description!)).toBe(2);
    }
  });
});
