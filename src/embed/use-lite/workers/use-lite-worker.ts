/**
 * One USE-lite model per worker thread; started by ../pool.ts. Answers each job with the vectors
 * packed into one Float32Array whose buffer is transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerInit } from '../pool.ts';
import { createUseLiteEmbedder } from '../embedder.ts';
import { notInWorker } from '../../../errors.ts';

const port = parentPort;
if (!port) throw notInWorker('use-lite worker');

const send = (msg: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

try {
  const embedder = await createUseLiteEmbedder((workerData as WorkerInit).embedder);
  port.on('message', (job: ToWorker) => {
    embedder.embed(job.texts).then(
      (vectors) => {
        const flat = new Float32Array(vectors.length * embedder.dimensions);
        vectors.forEach((v, i) => flat.set(v, i * embedder.dimensions));
        send({ kind: 'done', id: job.id, vectors: flat }, [flat.buffer]);
      },
      (err: unknown) => send({ kind: 'failed', id: job.id, message: describe(err) }),
    );
  });
  send({ kind: 'ready', runtime: embedder.runtime });
} catch (err) {
  send({ kind: 'failed', id: null, message: describe(err) });
}
