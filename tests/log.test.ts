/**
 * The one logger's two formats, line for line: `text` for a terminal (control characters escaped, errors with
 * their stack) and `json` for a log shipper (one object a line); both redact the secrets they were given.
 */
import { describe, expect, it } from 'vitest';
import { createLogger, type LogFormat } from '../src/log.ts';

const now = () => new Date('2026-01-02T03:04:05Z');

function linesOf(format: LogFormat): string[] {
  const lines: string[] = [];
  const logger = createLogger({ format, now, secrets: ['hunter2'], write: (line) => lines.push(line) });
  const error = new Error('bad token hunter2');
  error.stack = 'Error: bad token hunter2\n    at here';
  logger.debug('below the level');
  logger.info('ready');
  logger.warn('title \x1b[31mred\x1b[0m', { shard: 2, error });
  return lines;
}

describe('createLogger', () => {
  it('writes text lines: time LEVEL message {fields}, escaped onto one line, secrets redacted', () => {
    expect(linesOf('text')).toEqual([
      '2026-01-02T03:04:05.000Z INFO ready',
      '2026-01-02T03:04:05.000Z WARN title \\x1b[31mred\\x1b[0m {"shard":2,"error":{"name":"Error","message":"bad token [redacted]","stack":"Error: bad token [redacted]\\n    at here"}}',
    ]);
  });

  it('writes json lines: {time, level, msg, …fields}, an error as its name and message', () => {
    expect(linesOf('json').map((line) => JSON.parse(line) as unknown)).toEqual([
      { time: '2026-01-02T03:04:05.000Z', level: 'info', msg: 'ready' },
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'warn',
        msg: 'title \x1b[31mred\x1b[0m',
        shard: 2,
        error: { name: 'Error', message: 'bad token [redacted]' },
      },
    ]);
  });
});
