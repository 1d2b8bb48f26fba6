/**
 * Titles and text that reorder or ring: bidi overrides and isolates (a title with U+202E shows the rest of the
 * line reversed) and raw ESC/BEL/C1 characters, from an article into a Discord reply, an embed, a button, an
 * autocomplete choice and the terminal. JSON keeps the values exact, escaped.
 */
import { describe, expect, it } from 'vitest';
import { type AskView, formatAnswer } from '../../src/bot/format/ask.ts';
import { fitChoices, fitReply } from '../../src/bot/limits.ts';
import { answerText } from '../../src/cli/render.ts';
import { jsonLine } from '../../src/terminal.ts';
import type { Answer } from '../../src/types.ts';
import { citation, passage } from '../helpers/fake-engine.ts';

/** Bidi controls, C0 (ESC, BEL) and C1 (CSI, NEL) characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const HOSTILE_TITLE =
  'Kyiv \u202etroper\u202c talks \u2067isolated\u2069 \u200f\u061c\x1b[31mred\x1b[0m\x07 \x9b2J \x85end';
const view: AskView = { stateId: 'abc12', offset: 0, filters: {}, indexedArticles: 12 };
const answer: Answer = {
  question: 'Who \u202eeurt\u202c met?\x07',
  answered: true,
  confidence: 'answer',
  notes: ['note \u2066x\u2069\x1b]0;title\x07'],
  time: null,
  passages: [
    passage(1, {
      highlight: `Highlight \u202eesrever\u202c\x1b[2J text.`,
      citation: citation({ title: HOSTILE_TITLE }),
    }),
  ],
  hasMore: false,
  articlesConsidered: 3,
};

function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(texts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

describe('display-safe text', () => {
  it('a Discord reply built from a hostile article holds no bidi or control character, anywhere', () => {
    const reply = fitReply(formatAnswer(answer, view));
    const all = texts(reply);
    expect(all.filter((t) => UNSAFE.test(t))).toEqual([]);
    expect(all.join('\n')).toContain('troper talks isolated');
  });

  it('whatever a formatter forgot: fitReply cleans content, embed parts, labels and choices', () => {
    const reply = fitReply({
      content: 'a\u202eb\x07c\x1b',
      embeds: [
        {
          title: 't\u202e',
          description: 'd\x9b',
          fields: [{ name: 'n\u2066', value: 'v\x1b' }],
          footer: { text: 'f\u200f' },
          author: { name: 'a\u061c' },
          url: 'https://example.com/a',
        },
      ],
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'l\u202e', custom_id: 'id\u202e' }] }],
    });
    expect(reply.content).toBe('abc');
    expect(reply.embeds[0]).toMatchObject({
      title: 't',
      description: 'd',
      fields: [{ name: 'n', value: 'v' }],
      footer: { text: 'f' },
      author: { name: 'a' },
    });
    // Data is not display: a custom id comes back to the bot as it was sent.
    expect(reply.components[0]!.components[0]).toMatchObject({ label: 'l', custom_id: 'id\u202e' });
    expect(fitChoices([{ name: 'Outlet \u202eX', value: 'outlet-x' }])).toEqual([
      { name: 'Outlet X', value: 'outlet-x' },
    ]);
  });

  it('the terminal gets none either; JSON keeps the value exact, escaped', () => {
    for (const tty of [true, false]) {
      const out = answerText(answer, tty);
      // Colour codes the CLI adds itself on a TTY are its own; the article's are gone.
      // eslint-disable-next-line no-control-regex
      expect(out.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(UNSAFE);
    }
    const line = jsonLine({ title: HOSTILE_TITLE });
    expect(line).not.toMatch(UNSAFE);
    expect(line).toContain('\\u202e');
    expect((JSON.parse(line) as { title: string }).title).toBe(HOSTILE_TITLE);
  });
});
