import { describe, expect, it } from 'vitest';
import { AskInputError, MAX_K, MAX_QUESTION_CHARS, resolveAskOptions } from '../../src/search/options.ts';
import type { AskOptions } from '../../src/types.ts';

describe('resolveAskOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveAskOptions('Who met Lavrov?')).toEqual({
      k: 3,
      offset: 0,
      source: null,
      after: null,
      before: null,
      excludeSources: new Set(),
      ids: null,
    });
  });

  it('keeps valid values; trims the source; empty strings mean no filter', () => {
    expect(
      resolveAskOptions('q', {
        k: MAX_K,
        offset: 9,
        source: '  ABC News ',
        after: '2022-02-01',
        before: '2022-02-28',
      }),
    ).toEqual({
      k: MAX_K,
      offset: 9,
      source: 'ABC News',
      after: '2022-02-01',
      before: '2022-02-28',
      excludeSources: new Set(),
      ids: null,
    });
    expect(resolveAskOptions('q', { ids: ['a', 'b'] }).ids).toEqual(new Set(['a', 'b']));
    expect(resolveAskOptions('q', { source: '  ', after: '', before: '' })).toMatchObject({
      source: null,
      after: null,
      before: null,
    });
    expect(resolveAskOptions('q', { after: '2022-02-24', before: '2022-02-24' })).toMatchObject({
      after: '2022-02-24',
      before: '2022-02-24',
    });
    expect(resolveAskOptions('q', { after: '2024-02-29' }).after).toBe('2024-02-29');
  });

  it.each<[string, string, AskOptions]>([
    ['', 'question: expected some words, got an empty question', {}],
    [' \n\t ', 'question: expected some words, got an empty question', {}],
    [
      'x'.repeat(MAX_QUESTION_CHARS + 1),
      `question: expected at most ${MAX_QUESTION_CHARS} characters, got ${MAX_QUESTION_CHARS + 1}`,
      {},
    ],
    ['q', 'k: expected an integer from 1 to 50, got 0', { k: 0 }],
    ['q', 'k: expected an integer from 1 to 50, got 51', { k: 51 }],
    ['q', 'k: expected an integer from 1 to 50, got 2.5', { k: 2.5 }],
    ['q', 'k: expected an integer from 1 to 50, got -3', { k: -3 }],
    ['q', 'offset: expected an integer ≥ 0, got -1', { offset: -1 }],
    ['q', 'offset: expected an integer ≥ 0, got 1.5', { offset: 1.5 }],
    ['q', 'after: expected a date as YYYY-MM-DD, got "2022-02-30"', { after: '2022-02-30' }],
    ['q', 'after: expected a date as YYYY-MM-DD, got "2023-02-29"', { after: '2023-02-29' }],
    ['q', 'before: expected a date as YYYY-MM-DD, got "2022-13-01"', { before: '2022-13-01' }],
    ['q', 'before: expected a date as YYYY-MM-DD, got "24.02.2022"', { before: '24.02.2022' }],
    ['q', 'after: expected a date as YYYY-MM-DD, got "2022-2-4"', { after: '2022-2-4' }],
    ['q', 'after: expected a date as YYYY-MM-DD, got "2022-02-24T00:00"', { after: '2022-02-24T00:00' }],
    [
      'q',
      'after (2022-02-24) is later than before (2022-02-01); expected after ≤ before',
      { after: '2022-02-24', before: '2022-02-01' },
    ],
  ])('rejects %j with %j', (question, message, options) => {
    expect(() => resolveAskOptions(question, options)).toThrow(new AskInputError(message));
    try {
      resolveAskOptions(question, options);
    } catch (error) {
      expect(error).toBeInstanceOf(AskInputError);
      expect((error as Error).message).toBe(`crisis-desk: ${message}`);
      expect((error as Error).name).toBe('AskInputError');
    }
  });

  it('lower-cases and trims the outlets to leave out', () => {
    expect(resolveAskOptions('q', { excludeSources: [' RT ', 'Daily Mail', ''] }).excludeSources).toEqual(
      new Set(['rt', 'daily mail']),
    );
  });
});
