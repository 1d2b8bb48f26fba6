/**
 * One transformers.js embedder on a worker thread; started by ../off-thread.ts with the model's options as
 * `workerData`. Embeds one job at a time and answers with the vectors packed into one transferred Float32Array.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromTransformersWorker, ToTransformersWorker } from '../off-thread.ts';
import { createTransformersEmbedder, type TransformersEmbedderOptions } from '../transformers.ts';
import { notInWorker } from '../../errors.ts';

const port = parentPort;
if (!port) throw notInWorker('embedding worker');

const send = (msg: FromTransformersWorker, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(msg, transfer);
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

try {
  const embedder = await createTransformersEmbedder(workerData as TransformersEmbedderOptions);
  // Jobs run one after another: the model's own intra-op threads already use every core it was given.
  let queue = Promise.resolve();
  port.on('message', ({ job, texts }: ToTransformersWorker) => {
    queue = queue.then(() =>
      embedder.embed(texts).then(
        (vectors) => {
          const flat = new Float32Array(vectors.length * embedder.dimensions);
          vectors.forEach((v, i) => flat.set(v, i * embedder.dimensions));
          send({ kind: 'done', job, vectors: flat }, [flat.buffer]);
        },
        (error: unknown) => send({ kind: 'failed', job, message: describe(error) }),
      ),
    );
  });
  send({ kind: 'ready', id: embedder.id });
} catch (error) {
  send({ kind: 'failed', job: null, message: describe(error) });
}
