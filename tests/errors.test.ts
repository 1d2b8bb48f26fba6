/**
 * The one error model (src/errors.ts): every code in the table says how a command ends for it, the prefix is put on
 * once and taken off once, and the messages written in more than one room are built by one function each.
 */
import { describe, expect, it } from 'vitest';
import {
  CrisisDeskError,
  ERRORS,
  type ErrorCode,
  type ErrorKind,
  exitClassOf,
  exitCodeOf,
  inputErrorLine,
  integerBelow,
  isInputError,
  malformedJson,
  notInWorker,
  PREFIX,
  usedAfterClose,
  userLine,
  withoutPrefix,
} from '../src/errors.ts';

const codes = Object.keys(ERRORS) as ErrorCode[];

describe('the table of error codes', () => {
  it('gives every code an exit class, a prefix rule, and input only to the user class', () => {
    expect(codes.length).toBeGreaterThan(30);
    for (const code of codes) {
      const kind: ErrorKind = ERRORS[code];
      expect(['user', 'environment', 'internal'], code).toContain(kind.exit);
      expect(typeof kind.prefixed, code).toBe('boolean');
      if (kind.input) expect(kind.exit, code).toBe('user');
    }
  });

  it('ends a command by the class: 2 for the user, 1 for the surroundings and for anything else', () => {
    expect(exitCodeOf('user')).toBe(2);
    expect(exitCodeOf('environment')).toBe(1);
    expect(exitCodeOf('internal')).toBe(1);
  });

  it('builds each code: the name is the code, the prefix is the table’s, the line is the message without it', () => {
    for (const code of codes) {
      const kind: ErrorKind = ERRORS[code];
      const error = new CrisisDeskError(code, 'what was expected, what arrived');
      expect(error.name).toBe(code);
      expect(error.message).toBe(
        ERRORS[code].prefixed
          ? `${PREFIX}what was expected, what arrived`
          : 'what was expected, what arrived',
      );
      expect(error.line).toBe('what was expected, what arrived');
      expect(userLine(error)).toBe(error.line);
      expect(error.exitClass).toBe(kind.exit);
      expect(exitClassOf(error)).toBe(kind.exit);
      expect(isInputError(error)).toBe(kind.input === true);
    }
  });

  it('knows a code by its name alone, as an error rebuilt across a worker or the service', () => {
    const rebuilt = Object.assign(new Error(`${PREFIX}k: expected 1 to 10`), { name: 'AskInputError' });
    expect(exitClassOf(rebuilt)).toBe('user');
    expect(inputErrorLine(rebuilt)).toBe('k: expected 1 to 10');
    expect(exitClassOf(Object.assign(new Error('x'), { name: 'DataFileError' }))).toBe('internal');
    expect(exitClassOf(Object.assign(new Error('x'), { name: 'IndexWriteError' }))).toBe('environment');
  });

  it('treats anything without a code as internal, and shows its message without the prefix', () => {
    expect(exitClassOf(new Error('boom'))).toBe('internal');
    expect(exitClassOf('a string')).toBe('internal');
    expect(exitClassOf(Object.assign(new Error('x'), { name: 'toString' }))).toBe('internal');
    expect(userLine(new Error(`${PREFIX}boom`))).toBe('boom');
    expect(inputErrorLine(new Error('boom'))).toBeNull();
    expect(withoutPrefix('no prefix here')).toBe('no prefix here');
  });
});

describe('messages built once', () => {
  const parseFailure = (text: string): SyntaxError => {
    try {
      JSON.parse(text);
    } catch (error) {
      return error as SyntaxError;
    }
    throw new Error('expected the text not to parse');
  };

  it('malformedJson: a DataFileError naming where, with the parser’s words and the parser’s error as cause', () => {
    const cause = parseFailure('{');
    const error = malformedJson('topics.jsonl:3', cause);
    expect(error.name).toBe('DataFileError');
    expect(error.message).toBe(`crisis-desk: topics.jsonl:3: malformed JSON (${cause.message})`);
    expect(error.cause).toBe(cause);
  });

  it('integerBelow: an OptionError naming the option, its least value and what arrived', () => {
    const error = integerBelow('reader maxTokens', 16, 8);
    expect(error.name).toBe('OptionError');
    expect(error.message).toBe('crisis-desk: reader maxTokens: expected an integer ≥ 16, got 8');
  });

  it('usedAfterClose: a ClosedError naming the part and what it should have been', () => {
    const error = usedAfterClose('use-lite pool', 'pool');
    expect(error.name).toBe('ClosedError');
    expect(error.message).toBe('crisis-desk: use-lite pool: expected an open pool, got a closed one');
  });

  it('notInWorker: an InvariantError naming the worker', () => {
    const error = notInWorker('search worker');
    expect(error.name).toBe('InvariantError');
    expect(error.message).toBe(
      'crisis-desk: search worker: expected to run in a worker thread, got the main thread',
    );
  });
});
