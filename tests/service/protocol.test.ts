/** The wire contract's body parsing: option names are the listed ones only, Object.prototype's included. */
import { describe, expect, it } from 'vitest';
import type { HttpError } from '../../src/service/protocol.ts';
import {
  parseAskBody,
  parseCooldownBody,
  parseSharedAsk,
  parseSharedTimeline,
  parseTimelineBody,
} from '../../src/service/protocol.ts';

describe('parseAskBody / parseTimelineBody', () => {
  it('refuses option keys that are Object.prototype members without quoting the prototype', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const body = JSON.parse(`{"question": "q", "options": {"${key}": 1}}`) as unknown;
      let message = '';
      try {
        parseAskBody(body);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe(
        `ask: expected options among k, offset, source, after, before, ids, excludeSources, got "${key}"`,
      );
      expect(message).not.toMatch(/function|native code/);
    }
    expect(() => parseTimelineBody({ topic: 't', options: { constructor: 'x' } })).toThrow(
      /got "constructor"$/,
    );
  });
});

/** Every message of the body checks, pinned before the checks moved to schemas. */
describe('the wire contract says what was expected and what arrived', () => {
  const message = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      return `${(error as HttpError).status} ${(error as HttpError).code} ${(error as Error).message}`;
    }
    return 'no error';
  };
  const shape =
    '{"question": string, "options"?: {"k"?, "offset"?, "source"?, "after"?, "before"?, "ids"?, "excludeSources"?}}';

  it('ask and timeline bodies', () => {
    expect(message(() => parseAskBody(null))).toBe(
      `400 bad_request ask: expected a JSON object ${shape}, got null`,
    );
    expect(message(() => parseAskBody('q'))).toBe(
      `400 bad_request ask: expected a JSON object ${shape}, got "q"`,
    );
    expect(message(() => parseAskBody({ question: 'q', top: 1, k: 2 }))).toBe(
      '400 bad_request ask: expected only "question" and "options", got also ["top","k"]',
    );
    expect(message(() => parseAskBody({ question: 3, top: 1 }))).toBe(
      '400 bad_request ask: expected only "question" and "options", got also ["top"]',
    );
    expect(message(() => parseAskBody({}))).toBe(
      '400 bad_request ask: expected "question" to be a string, got undefined undefined',
    );
    expect(message(() => parseAskBody({ question: 3, options: 4 }))).toBe(
      '400 bad_request ask: expected "question" to be a string, got number 3',
    );
    expect(message(() => parseAskBody({ question: 'q', options: [1] }))).toBe(
      '400 bad_request ask: expected "options" to be an object, got an array of 1',
    );
    expect(message(() => parseAskBody({ question: 'q', options: null }))).toBe(
      '400 bad_request ask: expected "options" to be an object, got null',
    );
    expect(message(() => parseAskBody({ question: 'q', options: { ids: ['a', 2] } }))).toBe(
      '400 bad_request ask: expected options.ids to be a string[], got an array of 2',
    );
    // The first option in the body's order that does not fit is the one named.
    expect(message(() => parseAskBody({ question: 'q', options: { k: 'x', top: 1 } }))).toBe(
      '400 bad_request ask: expected options.k to be a number, got "x"',
    );
    expect(message(() => parseAskBody({ question: 'q', options: { top: 1, k: 'x' } }))).toBe(
      '400 bad_request ask: expected options among k, offset, source, after, before, ids, excludeSources, got "top"',
    );
    expect(message(() => parseAskBody({ question: 'q', options: { k: 3.5, source: 'x'.repeat(41) } }))).toBe(
      'no error',
    );
    expect(parseAskBody({ question: 'q' })).toEqual({ question: 'q', options: {} });
    expect(parseAskBody({ question: 'q', options: { k: 3, ids: ['a'] } })).toEqual({
      question: 'q',
      options: { k: 3, ids: ['a'] },
    });
    expect(message(() => parseTimelineBody({ topic: 't', options: { limit: '5' } }))).toBe(
      '400 bad_request timeline: expected options.limit to be a number, got "5"',
    );
    expect(message(() => parseTimelineBody({ question: 't' }))).toBe(
      '400 bad_request timeline: expected only "topic" and "options", got also ["question"]',
    );
    expect(parseTimelineBody({ topic: 't', options: { limit: 5, excludeSources: ['RT'] } })).toEqual({
      topic: 't',
      options: { limit: 5, excludeSources: ['RT'] },
    });
  });

  it('stored asks and timelines, cooldowns', () => {
    const askShape =
      'asks: expected {"question": string, "options": {"k": number, …}, "private": boolean, "userId": string}';
    const ask = { question: 'q', options: { k: 3 }, private: true, userId: 'u' };
    expect(parseSharedAsk(ask)).toEqual(ask);
    expect(parseSharedAsk({ ...ask, extra: 1 })).toEqual(ask);
    expect(message(() => parseSharedAsk({ ...ask, private: 'yes' }))).toBe(
      `400 bad_request ${askShape}, got an object with keys ["question","options","private","userId"]`,
    );
    expect(message(() => parseSharedAsk({ ...ask, options: {} }))).toBe(
      `400 bad_request ${askShape}, got an object with keys ["question","options","private","userId"]`,
    );
    expect(message(() => parseSharedAsk([]))).toBe(`400 bad_request ${askShape}, got an array of 0`);
    expect(message(() => parseSharedAsk({ ...ask, options: { k: 3, top: 1 } }))).toBe(
      '400 bad_request ask: expected options among k, offset, source, after, before, ids, excludeSources, got "top"',
    );
    const tlShape =
      'timelines: expected {"topic": string, "filters": {…}, "private": boolean, "userId": string}';
    const timeline = { topic: 't', filters: { source: 'BBC' }, private: false, userId: 'u' };
    expect(parseSharedTimeline(timeline)).toEqual(timeline);
    expect(message(() => parseSharedTimeline({ ...timeline, filters: null }))).toBe(
      `400 bad_request ${tlShape}, got an object with keys ["topic","filters","private","userId"]`,
    );
    expect(message(() => parseSharedTimeline({ ...timeline, filters: [] }))).toBe(
      '400 bad_request timeline: expected "options" to be an object, got an array of 0',
    );
    expect(message(() => parseSharedTimeline({ ...timeline, filters: { source: 3 } }))).toBe(
      '400 bad_request timeline: expected options.source to be a string, got number 3',
    );
    const cdShape = 'cooldowns: expected {"user": string, "seconds": 0 to 3600}';
    expect(parseCooldownBody({ user: 'u', seconds: 0 })).toEqual({ user: 'u', seconds: 0 });
    expect(parseCooldownBody({ user: 'u', seconds: 3600, more: 1 })).toEqual({ user: 'u', seconds: 3600 });
    expect(message(() => parseCooldownBody({ user: 'u', seconds: 3601 }))).toBe(
      `400 bad_request ${cdShape}, got an object with keys ["user","seconds"]`,
    );
    expect(message(() => parseCooldownBody({ user: 'u', seconds: -1 }))).toBe(
      `400 bad_request ${cdShape}, got an object with keys ["user","seconds"]`,
    );
    expect(message(() => parseCooldownBody({ user: 1, seconds: 1 }))).toBe(
      `400 bad_request ${cdShape}, got an object with keys ["user","seconds"]`,
    );
    expect(message(() => parseCooldownBody(7))).toBe(`400 bad_request ${cdShape}, got number 7`);
  });
});
