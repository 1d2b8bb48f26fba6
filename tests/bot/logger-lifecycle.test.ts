import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installLifecycle } from '../../src/host/lifecycle.ts';
import { createLogger, createMemoryLogger } from '../../src/log.ts';

describe('logger', () => {
  it('never writes the token, even inside an error', () => {
    const lines: string[] = [];
    const token = 'MTAwMDAw.secret-part.signature';
    const logger = createLogger({ level: 'info', secrets: [token], write: (line) => lines.push(line) });
    logger.error('login failed', { error: new Error(`bad token ${token}`) });
    logger.debug('dropped below the level');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(token);
    expect(lines[0]).toContain('bad token [redacted]');
  });
});

describe('installLifecycle', () => {
  it('stops gracefully on SIGTERM and exits 0', async () => {
    const target = new EventEmitter();
    const exits: number[] = [];
    let stopped = 0;
    installLifecycle({
      logger: createMemoryLogger(),
      target,
      exit: (code) => exits.push(code),
      stop: async () => void stopped++,
    });
    target.emit('SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    expect([stopped, exits]).toEqual([1, [0]]);
  });

  it('exits at once on a second signal, not on copies of the first, and logs stray rejections without exiting', () => {
    const target = new EventEmitter();
    const exits: number[] = [];
    const logger = createMemoryLogger();
    let clock = 0;
    installLifecycle({
      logger,
      target,
      exit: (code) => exits.push(code),
      stop: () => new Promise(() => {}),
      now: () => clock,
    });
    target.emit('unhandledRejection', new Error('stray'));
    expect(exits).toEqual([]);
    target.emit('SIGTERM');
    // The process group's copy and npm's forwarded copy of the same SIGTERM: still draining.
    clock = 5;
    target.emit('SIGTERM');
    target.emit('SIGTERM');
    expect(exits).toEqual([]);
    clock = 3000;
    target.emit('SIGINT');
    expect(exits).toEqual([1]);
    expect(logger.lines.join('\n')).toContain('crisis-desk: unhandled rejection');
  });
});
