/**
 * A worker for tests/threads/start.test.ts that says what its workerData asks: ready, a log line then ready, a
 * reported failure, something other than ready, or nothing at all because it exits or throws first. Once ready it
 * echoes every message back, so a test sees the worker it got is alive.
 */
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort;
if (!port) throw new Error('crisis-desk: thread-worker: expected a worker thread, got the main thread');

const say = (workerData as { say: string }).say;
if (say === 'exit') process.exit(3);
if (say === 'throw') throw new Error('the worker threw on start');
if (say === 'failed')
  port.postMessage({
    kind: 'failed',
    message: 'crisis-desk: expected an index, got none',
    name: 'ConfigError',
  });
if (say === 'other') port.postMessage({ kind: 'done' });
if (say === 'log') port.postMessage({ kind: 'log', message: 'opening the index' });
if (say === 'ready' || say === 'log') {
  port.on('message', (text: string) => port.postMessage({ kind: 'echo', text }));
  port.postMessage({ kind: 'ready', runtime: 'test' });
}
