/**
 * USE-lite on worker threads, for indexing: N workers that each load the model once and tokenize and embed
 * on their own core. On ONNX Runtime this beats one session with N intra-op threads (small matrices
 * split poorly, and tokenizing would stay on one thread); on TF.js it is the only way past one core, as
 * its threaded wasm build is disabled under Node. Batches are cut into jobs of `jobSize` texts that idle
 * workers pull from one queue, so uneven text lengths balance out; results come back in input order.
 * Query time uses the in-process embedder.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../threads/start.ts';
import { UseLiteBase, type UseLiteOptions, type UseLiteTokenizer, loadUseLiteTokenizer } from './embedder.ts';
import { CrisisDeskError, integerBelow, usedAfterClose } from '../../errors.ts';

/** Options for {@link createUseLitePool}. */
export interface UseLitePoolOptions {
  /** Worker threads, each with its own model. Default: `os.availableParallelism()`. */
  workers?: number;
  /** Texts handed to a worker at a time. Default 16. */
  jobSize?: number;
  /** Passed to `createUseLiteEmbedder` in every worker (a callback cannot cross to a worker). */
  embedder?: Omit<UseLiteOptions, 'onFallback'>;
}

const defaultUseLitePoolOptions = { jobSize: 16 } as const;

/** Sent once to each worker as `workerData`. */
export interface WorkerInit {
  embedder: Omit<UseLiteOptions, 'onFallback'>;
}
export type ToWorker = { id: number; texts: string[] };
export type FromWorker =
  | { kind: 'ready'; runtime: string }
  | { kind: 'done'; id: number; vectors: Float32Array }
  | { kind: 'failed'; id: number | null; message: string };

interface Job {
  id: number;
  texts: string[];
  resolve(vectors: Float32Array): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/** Starts the workers and waits until every one has loaded its model. */
export async function createUseLitePool(options: UseLitePoolOptions = {}): Promise<UseLitePool> {
  const workers = options.workers ?? os.availableParallelism();
  const jobSize = options.jobSize ?? defaultUseLitePoolOptions.jobSize;
  for (const [key, value] of [
    ['workers', workers],
    ['jobSize', jobSize],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw integerBelow(`use-lite pool ${key}`, 1, value);
    }
  }
  const init: WorkerInit = { embedder: options.embedder ?? {} };
  const started = await Promise.allSettled(Array.from({ length: workers }, () => startUseLiteWorker(init)));
  const ready = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(ready.map((r) => r.worker.terminate()));
    throw failed.reason;
  }
  return new UseLitePool(
    ready.map((r) => r.worker),
    ready[0]?.runtime ?? 'unknown',
    jobSize,
    loadUseLiteTokenizer(),
  );
}

export class UseLitePool extends UseLiteBase {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private broken: Error | null = null;

  constructor(
    workers: Worker[],
    /** The runtime each worker uses, e.g. `tfjs-wasm-simd`. */
    readonly runtime: string,
    private readonly jobSize: number,
    tokenizer: UseLiteTokenizer,
  ) {
    super(tokenizer);
    this.slots = workers.map((worker) => ({ worker, job: null }));
    for (const slot of this.slots) {
      slot.worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
      slot.worker.on('error', (err) => this.fail(err));
      slot.worker.on('exit', (code) => {
        if (!this.closed)
          this.fail(
            new CrisisDeskError(
              'WorkerError',
              `use-lite worker exited with code ${code}, expected it to keep running`,
            ),
          );
      });
    }
  }

  get workers(): number {
    return this.slots.length;
  }

  override async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closed) throw usedAfterClose('use-lite pool', 'pool');
    if (this.broken) throw this.broken;
    const parts: Promise<Float32Array>[] = [];
    for (let i = 0; i < texts.length; i += this.jobSize) {
      const slice = texts.slice(i, i + this.jobSize);
      parts.push(
        new Promise((resolve, reject) =>
          this.queue.push({ id: this.nextId++, texts: slice, resolve, reject }),
        ),
      );
    }
    this.dispatch();
    const out: Float32Array[] = [];
    const d = this.dimensions;
    for (const flat of await Promise.all(parts)) {
      for (let j = 0; j < flat.length; j += d) out.push(flat.subarray(j, j + d));
    }
    return out;
  }

  protected override async release(): Promise<void> {
    const error = new CrisisDeskError(
      'ClosedError',
      'use-lite pool: closed while texts were still waiting to be embedded',
    );
    for (const job of this.queue.splice(0)) job.reject(error);
    for (const slot of this.slots) slot.job?.reject(error);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, texts: job.texts } satisfies ToWorker);
    }
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    const job = slot.job;
    if (msg.kind === 'ready' || !job || msg.id !== job.id) return;
    slot.job = null;
    // A failure is rebuilt from the worker's message alone (no code travels): it ends as an internal error.
    if (msg.kind === 'done') job.resolve(msg.vectors);
    else job.reject(new Error(msg.message));
    this.dispatch();
  }

  /** A crashed worker leaves the pool unusable: fail everything pending rather than hang. */
  private fail(error: Error): void {
    this.broken ??= error;
    for (const job of this.queue.splice(0)) job.reject(error);
    for (const slot of this.slots) {
      slot.job?.reject(error);
      slot.job = null;
    }
  }
}

/** Starts one worker (../../threads/start.ts) and waits until it has loaded its model. */
async function startUseLiteWorker(init: WorkerInit): Promise<{ worker: Worker; runtime: string }> {
  const { worker, ready } = await startWorker<FromWorker>(import.meta.url, './workers/use-lite-worker', {
    workerData: init,
    failed: (why) => new CrisisDeskError('WorkerError', `use-lite worker failed to start: ${why.message}`),
  });
  return { worker, runtime: ready.runtime };
}
