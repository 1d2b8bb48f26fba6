/** Property tests for sentence spans: in order, apart, trimmed, and covering every non-space character. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/chunk/sentences.ts';

/** News-like text: words, abbreviations, numbers, closing quotes and every kind of sentence end and space. */
const piece = fc.constantFrom(
  'Kyiv',
  'the',
  'army',
  'said',
  'U.S.',
  'Mr.',
  'Dr.',
  'Jan.',
  'D-Conn.',
  'C.',
  '3.5',
  'bbc.co.uk',
  '2022',
  '.',
  '!',
  '?',
  '…',
  '"',
  '”',
  "'",
  ')',
  ']',
  '(',
  '—',
  ' ',
  ' ',
  ' ',
  '\t',
  '\u00a0',
  '\n',
  '\n\n',
  'a',
  'É',
);
const text = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

describe('splitSentences (properties)', () => {
  it('spans are non-empty, in order, apart, trimmed, hold no line break, and leave only whitespace out', () => {
    fc.assert(
      fc.property(text, (t) => {
        const spans = splitSentences(t);
        let covered = 0;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(covered);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(t.length);
          // Between spans (and before the first) is whitespace only.
          expect(t.slice(covered, s.start)).toMatch(/^\s*$/);
          const sentence = t.slice(s.start, s.end);
          expect(sentence).toBe(sentence.trim());
          expect(sentence).not.toContain('\n');
          covered = s.end;
        }
        expect(t.slice(covered)).toMatch(/^\s*$/);
      }),
    );
  });

  it('is deterministic, and a text without sentence ends or line breaks is one sentence', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(splitSentences(t)).toEqual(splitSentences(t));
        const flat = t.replace(/[.!?…\n]/g, ' ');
        const expected = flat.trim() === '' ? [] : [{ start: flat.search(/\S/), end: flat.trimEnd().length }];
        expect(splitSentences(flat)).toEqual(expected);
      }),
    );
  });

  it('sentences joined by a line break split at that break', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const joined = `${a}\n${b}`;
        const left = splitSentences(a);
        const right = splitSentences(b).map((s) => ({
          start: s.start + a.length + 1,
          end: s.end + a.length + 1,
        }));
        expect(splitSentences(joined)).toEqual([...left, ...right]);
      }),
    );
  });
});
