import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startWorker } from '../../src/threads/start.ts';

type Said =
  | { kind: 'ready'; runtime: string }
  | { kind: 'log'; message: string }
  | { kind: 'failed'; message: string; name: string }
  | { kind: 'done' }
  | { kind: 'echo'; text: string };

const start = (say: string, options: { aside?: (msg: Said) => boolean } = {}) =>
  startWorker<Said>(import.meta.url, '../helpers/thread-worker', { workerData: { say }, ...options });

const echo = (worker: Worker, text: string): Promise<Said> =>
  new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(text);
  });

const failure = (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => {
      throw new Error('expected the start to fail');
    },
    (error: unknown) => error as Error,
  );

describe('startWorker', () => {
  it('starts a TypeScript entry under tsx and hands back the worker with its ready message', async () => {
    const { worker, ready } = await start('ready');
    expect(ready).toEqual({ kind: 'ready', runtime: 'test' });
    expect(await echo(worker, 'still there')).toEqual({ kind: 'echo', text: 'still there' });
    await worker.terminate();
  });

  it('passes messages before ready to aside, and goes on waiting when aside handled them', async () => {
    const aside: Said[] = [];
    const { worker } = await start('log', { aside: (msg) => aside.push(msg) > 0 });
    expect(aside).toEqual([{ kind: 'log', message: 'opening the index' }]);
    await worker.terminate();
  });

  it('rejects a reported failure with its message and name, through failed', async () => {
    const error = await failure(
      startWorker<Said>(import.meta.url, '../helpers/thread-worker', {
        workerData: { say: 'failed' },
        failed: (why) => Object.assign(new Error(`could not start: ${why.message}`), { name: why.name }),
      }),
    );
    expect(error.message).toBe('could not start: crisis-desk: expected an index, got none');
    expect(error.name).toBe('ConfigError');
  });

  it('rejects a message other than ready that aside did not take', async () => {
    expect((await failure(start('other'))).message).toBe('expected a ready message, got done');
  });

  it('rejects what the worker threw while starting', async () => {
    expect((await failure(start('throw'))).message).toBe('the worker threw on start');
  });

  it('rejects a worker that exits before it is ready, through exited or else failed', async () => {
    expect((await failure(start('exit'))).message).toBe('exited (code 3) before it was ready');
    const exited = await failure(
      startWorker<Said>(import.meta.url, '../helpers/thread-worker', {
        workerData: { say: 'exit' },
        exited: (code) => new Error(`gone with ${code}`),
      }),
    );
    expect(exited.message).toBe('gone with 3');
  });
});
