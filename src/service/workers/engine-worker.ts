/**
 * One engine (index + query model) per worker thread; started by ../pool.ts. Answers each verb with the value
 * and the generation that produced it, and tells the pool when its host swaps in a new generation.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineHost } from '../../host/engine-host.ts';
import { runVerb } from '../backend.ts';
import { openServiceHost, type HostSpec } from '../open-host.ts';
import type { FromEngineWorker, ToEngineWorker } from '../pool.ts';
import { notInWorker } from '../../errors.ts';

const port = parentPort;
if (!port) throw notInWorker('search worker');
const send = (msg: FromEngineWorker): void => port.postMessage(msg);

try {
  let last = '';
  const opened: { host?: EngineHost } = {};
  // The host logs each swap; that is when the pool's health learns the new generation.
  const { host } = await openServiceHost(workerData as HostSpec, (message) => {
    send({ kind: 'log', message });
    const now = opened.host?.current().generation;
    if (now !== undefined && now !== last) send({ kind: 'generation', generation: (last = now) });
  });
  opened.host = host;
  last = host.current().generation;
  const fake = (workerData as HostSpec).fake;
  port.on('message', (job: ToEngineWorker) => {
    if (fake?.exitOn && job.verb === 'ask' && String(job.args[0]).includes(fake.exitOn)) process.exit(3);
    const engine = host.current();
    const delay = job.verb === 'ready' ? 0 : (fake?.delayMs ?? 0);
    const work = (delay > 0 ? sleep(delay) : Promise.resolve()).then(() =>
      job.verb === 'ready' ? host.readiness() : runVerb(engine, job.verb, job.args),
    );
    work.then(
      (value) => send({ kind: 'done', id: job.id, value, generation: engine.generation }),
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        send({ kind: 'failed', id: job.id, name: e.name, message: e.message });
      },
    );
  });
  send({ kind: 'ready', generation: last });
} catch (err) {
  // The name travels too: a setting or index error (ConfigError, IndexUnusableError, …) stays one, exit 2.
  send({
    kind: 'failed',
    id: null,
    name: err instanceof Error ? err.name : 'Error',
    message: err instanceof Error ? err.message : String(err),
  });
}
