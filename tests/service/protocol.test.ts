/** The wire contract's body parsing: option names are the listed ones only, Object.prototype's included. */
import { describe, expect, it } from 'vitest';
import { parseAskBody, parseTimelineBody } from '../../src/service/protocol.ts';

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
      expect(message).toBe(`ask: expected options among k, offset, source, after, before, ids, excludeSources, got "${key}"`);
      expect(message).not.toMatch(/function|native code/);
    }
    expect(() => parseTimelineBody({ topic: 't', options: { constructor: 'x' } })).toThrow(/got "constructor"$/);
  });
});
