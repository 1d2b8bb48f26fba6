/** Property tests for the reply text helpers: escaping is lossless and leaves no live Markdown; cuts fit and stay whole. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, clipStart } from '../../src/bot/format/cut.ts';
import { escapeMarkdown } from '../../src/bot/format/escape.ts';

/** Text full of what Discord reads as Markdown, mentions and line-start syntax. */
const markdownish = fc
  .array(
    fc.constantFrom(
      'a',
      'Kyiv',
      ' ',
      '  ',
      '\n',
      '\t',
      '*',
      '**',
      '_',
      '__',
      '~~',
      '`',
      '|',
      '||',
      '[',
      ']',
      '(',
      ')',
      '<',
      '>',
      '\\',
      '#',
      '-',
      '+',
      '1.',
      '12)',
      '.',
      '@everyone',
      '@Here',
      '<@123>',
      'https://x.org/a_b',
      '😀',
      'é',
    ),
    { maxLength: 50 },
  )
  .map((parts) => parts.join(''));

/** Undoes escapeMarkdown: every backslash it leaves starts an escape pair. */
const unescape = (s: string): string =>
  s.replace(/\\([\s\S])/g, '$1').replace(/@\u200b(everyone|here)/gi, '@$1');

const INLINE = new Set(['\\', '*', '_', '~', '`', '|', '[', ']', '<', '>']);

describe('escapeMarkdown (properties)', () => {
  it('round-trips: unescaping gives back the text', () => {
    fc.assert(
      fc.property(markdownish, (t) => {
        expect(unescape(escapeMarkdown(t))).toBe(t);
      }),
    );
  });

  it('leaves no formatting character unescaped, no line-start syntax and no live @everyone or @here', () => {
    fc.assert(
      fc.property(markdownish, (t) => {
        const out = escapeMarkdown(t);
        for (let i = 0; i < out.length; i++) {
          if (out[i] === '\\')
            i++; // an escape pair
          else expect(INLINE.has(out[i]!), `${JSON.stringify(out)} at ${i}`).toBe(false);
        }
        for (const line of out.split('\n')) expect(line.trimStart()).not.toMatch(/^(?:[#>+-]|\d+[.)])/);
        expect(out).not.toMatch(/@(everyone|here)/i);
      }),
    );
  });
});

/** Plain words and spaces with `**` markers: the emphasis a cut must close or reopen. */
const bolded = fc
  .array(fc.constantFrom('war', 'Kyiv', ' ', '. ', '**', 'ab'), { maxLength: 60 })
  .map((p) => p.join(''));
const stars = (s: string): number => s.split('*').length - 1;

describe('clip and clipStart (properties)', () => {
  it('fit in max, keep the start (or the end) of the text, and return the text itself when it fits', () => {
    fc.assert(
      fc.property(markdownish, fc.nat(60), (t, max) => {
        const head = clip(t, max);
        const tail = clipStart(t, max);
        expect(head.length).toBeLessThanOrEqual(max);
        expect(tail.length).toBeLessThanOrEqual(max);
        if (t.length <= max) {
          expect(head).toBe(t);
          expect(tail).toBe(t);
        } else if (head !== '') {
          expect(head.endsWith('…')).toBe(true);
          // What is left before the closing markers is a start of the text.
          expect(t.startsWith(head.slice(0, -1).replace(/[*_~|]+$/, ''))).toBe(true);
          expect(tail.startsWith('…')).toBe(true);
          expect(t.endsWith(tail.slice(1).replace(/^[*_~|]+/, ''))).toBe(true);
        }
      }),
    );
  });

  it('never cut an escape in two', () => {
    const noWrappers = markdownish.map((t) => t.replace(/[*_~|]/g, ''));
    fc.assert(
      fc.property(noWrappers, fc.nat(80), (t, max) => {
        const escaped = escapeMarkdown(t);
        const kept = clip(escaped, max).replace(/…$/, '');
        // An even run of backslashes at the end: each one's pair is whole.
        expect((/\\*$/.exec(kept)?.[0].length ?? 0) % 2).toBe(0);
        const start = clipStart(escaped, max).replace(/^…/, '');
        // The kept end begins on a pair's first character, not its second: the text before it ends evenly.
        const before = escaped.slice(0, escaped.length - start.length);
        if (start !== '') expect((/\\*$/.exec(before)?.[0].length ?? 0) % 2).toBe(0);
      }),
      // Found by this test: a bare URL's pattern took the backslash of the `\<` after it, so the kept end began
      // on a bare `<`.
      { examples: [['https://x.org/ab<@123>', 8]] },
    );
  });

  it('close (or reopen) the bold they cut through', () => {
    fc.assert(
      fc.property(bolded, fc.nat(80), (t, max) => {
        // Markers come in whole pairs of stars; a cut keeps every ** paired.
        fc.pre(stars(t) % 4 === 0);
        expect(stars(clip(t, max)) % 4).toBe(0);
        expect(stars(clipStart(t, max)) % 4).toBe(0);
      }),
    );
  });
});
