import { describe, expect, it } from 'vitest';
import { answerJson, answerText } from '../../src/cli/render.ts';
import type { Answer } from '../../src/types.ts';
import { passage } from '../helpers/fake-engine.ts';

const note =
  'The question is in Ukrainian; the articles are in English, so only the names in it can match their words: Kyiv.';
const answer = (overrides: Partial<Answer> = {}): Answer => ({
  question: 'Що сталося в Києві?',
  answered: true,
  confidence: 'answer',
  notes: [note],
  time: null,
  passages: [passage(1)],
  hasMore: false,
  articlesConsidered: 3,
  ...overrides,
});

describe('answer notes in the CLI', () => {
  it('prints the notes above the passages, and above "nothing found"', () => {
    expect(answerText(answer(), false).startsWith(`${note}\n\n1. [score`)).toBe(true);
    expect(answerText(answer({ confidence: 'none', answered: false, passages: [] }), false)).toBe(
      `${note}\n\nNothing in the 3 indexed articles is about this. Try other words, or see \`npm run sources\`.`,
    );
    expect(answerText(answer({ notes: [] }), false).startsWith('1. [score')).toBe(true);
  });

  it('--json carries notes right after confidence', () => {
    const json = answerJson(answer()) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      'question',
      'answered',
      'confidence',
      'notes',
      'time',
      'reader',
      'passages',
    ]);
    expect(json.notes).toEqual([note]);
  });

  it('a note with control characters prints as one clean line', () => {
    expect(answerText(answer({ notes: ['a\x1b[2Jb\nc'] }), true).split('\n')[0]).toBe('ab c');
  });
});

describe('corroboration in the CLI', () => {
  it('is printed only where more than one outlet reports the passage', () => {
    const one = passage(1);
    const three = passage(2, { corroboration: { outlets: 3, names: ['ABC News', 'Reuters', 'AP'] } });
    const text = answerText(answer({ notes: [], passages: [one, three] }), false);
    expect(text).not.toContain('Reported by 1 outlet');
    expect(text).toContain('Reported by 3 outlets (ABC News, Reuters, AP)');
  });
});
