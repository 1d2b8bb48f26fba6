/**
 * A transformers.js embedder whose `embed` runs on a worker thread, for a long-running process that re-indexes
 * while it answers (the bot, the search service). onnxruntime-node's `run` keeps the thread that calls it busy for
 * a whole batch (1.0–1.3 s with bge-small on 2 cores), so on the main thread a re-index delays every interaction
 * (docs/benchmarks.md, the bot's acknowledgement). Tokens are counted and questions embedded by the process's own
 * embedder (`local`), which the worker's model must match; closing this one stops the worker, never `local`.
 * `npm run index` has nothing else to serve and embeds in-process.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start.ts';
import type { Embedder } from './embedder.ts';
import type { TransformersEmbedderOptions } from './transformers.ts';
import { CrisisDeskError, usedAfterClose } from '../errors.ts';

/** What the worker answers: one message per job, vectors packed into one transferred Float32Array. */
export type FromTransformersWorker =
  | { kind: 'ready'; id: string }
  | { kind: 'done'; job: number; vectors: Float32Array }
  | { kind: 'failed'; job: number | null; message: string };
export type ToTransformersWorker = { job: number; texts: string[] };

interface Pending {
  resolve(vectors: Float32Array): void;
  reject(error: Error): void;
}

/**
 * Starts the worker with the model `spec` names and waits until it has loaded. Throws when the worker's model is
 * not `local`'s (its id differs): vectors from another model would not match the index's questions.
 */
export async function embedOffThread(local: Embedder, spec: TransformersEmbedderOptions): Promise<Embedder> {
  const { worker, id } = await startTransformersWorker(spec);
  if (id !== local.id) {
    await worker.terminate();
    throw new CrisisDeskError(
      'ModelError',
      `off-thread embedder: expected the worker to load ${local.id}, got ${id}`,
    );
  }
  return new OffThreadEmbedder(local, worker);
}

class OffThreadEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly maxTokens: number;
  readonly unit: Embedder['unit'];
  private readonly pending = new Map<number, Pending>();
  private nextJob = 0;
  private broken: Error | null = null;
  private closed = false;

  constructor(
    private readonly local: Embedder,
    private readonly worker: Worker,
  ) {
    ({ id: this.id, dimensions: this.dimensions, maxTokens: this.maxTokens, unit: this.unit } = local);
    worker.on('message', (msg: FromTransformersWorker) => this.onMessage(msg));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (!this.closed)
        this.fail(
          new CrisisDeskError(
            'WorkerError',
            `embedding worker exited with code ${code}, expected it to keep running`,
          ),
        );
    });
  }

  countTokens(text: string): number {
    return this.local.countTokens(text);
  }

  embedQueries(questions: readonly string[]): Promise<Float32Array[]> {
    return this.local.embedQueries(questions);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closed) throw usedAfterClose('off-thread embedder', 'embedder');
    if (this.broken) throw this.broken;
    if (texts.length === 0) return [];
    const job = this.nextJob++;
    const flat = await new Promise<Float32Array>((resolve, reject) => {
      this.pending.set(job, { resolve, reject });
      this.worker.postMessage({ job, texts: [...texts] } satisfies ToTransformersWorker);
    });
    const d = this.dimensions;
    if (flat.length !== texts.length * d) {
      throw new CrisisDeskError(
        'WorkerError',
        `embedding worker: expected ${texts.length} vectors of ${d}, got ${flat.length} numbers`,
      );
    }
    return Array.from({ length: texts.length }, (_, i) => flat.subarray(i * d, (i + 1) * d));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(
      new CrisisDeskError('ClosedError', 'off-thread embedder: closed while texts were being embedded'),
    );
    await this.worker.terminate();
  }

  private onMessage(msg: FromTransformersWorker): void {
    if (msg.kind === 'ready' || msg.job === null) return;
    const pending = this.pending.get(msg.job);
    if (!pending) return;
    this.pending.delete(msg.job);
    // A failure is rebuilt from the worker's message alone (no code travels): it ends as an internal error.
    if (msg.kind === 'done') pending.resolve(msg.vectors);
    else pending.reject(new Error(msg.message));
  }

  /** A crashed worker leaves the embedder unusable: fail what waits rather than hang the re-index. */
  private fail(error: Error): void {
    this.broken ??= error;
    this.rejectAll(error);
  }

  private rejectAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

/** Starts the worker (../threads/start.ts) and waits until it has loaded its model. */
async function startTransformersWorker(
  spec: TransformersEmbedderOptions,
): Promise<{ worker: Worker; id: string }> {
  const { worker, ready } = await startWorker<FromTransformersWorker>(
    import.meta.url,
    './workers/transformers-worker',
    {
      workerData: spec,
      failed: (why) => new CrisisDeskError('WorkerError', `embedding worker failed to start: ${why.message}`),
    },
  );
  return { worker, id: ready.id };
}
