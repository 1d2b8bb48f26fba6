/**
 * Starting a worker thread, the one way every pool does it (the USE-lite pool, the off-thread transformers.js
 * embedder, the search service's engine pool, the feed reader's extractor), and waiting for its `ready`. Each pool keeps its own policy: what it calls a failed
 * start, restarts, time and memory limits, and the listeners it needs once the worker is ready.
 *
 * The workers are TypeScript, and Node 20 cannot load a .ts entry even with tsx's loader in execArgv, under tsx as
 * under vitest. So a tiny eval'd bootstrap registers tsx's ESM hooks inside the worker first, then imports the real
 * entry. Built (npm run build), the caller is dist/…/*.js and so is the worker, which plain Node imports.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

/** What a worker says: `ready` once it can take work, `failed` (with its error's message and name) if it cannot. */
export interface WorkerMessage {
  kind: string;
  message?: string;
  name?: string;
}

export interface StartWorkerOptions<M extends WorkerMessage> {
  /** Handed to the worker as `workerData`; plain data, it is copied. */
  workerData: unknown;
  resourceLimits?: ResourceLimits;
  /** A message before `ready` that is not about the start (a log line): true when handled, and the wait goes on. */
  aside?(message: M): boolean;
  /** The error a failed start rejects with, given why: what the worker threw or reported. Default: why itself. */
  failed?(why: Error): Error;
  /** The error when the worker ends before it is ready. Default: `failed` of "exited (code N) before it was ready". */
  exited?(code: number): Error;
}

/**
 * Starts the worker at `entry` (relative to `from`, the caller's `import.meta.url`, without an extension) and waits
 * until it says `ready`. A worker that throws, reports `failed`, says anything else or ends first is terminated and
 * the start rejects.
 */
export function startWorker<M extends WorkerMessage>(
  from: string,
  entry: string,
  options: StartWorkerOptions<M>,
): Promise<{ worker: Worker; ready: Extract<M, { kind: 'ready' }> }> {
  const built = from.endsWith('.js');
  const url = new URL(`${entry}.${built ? 'js' : 'ts'}`, from).href;
  const bootstrap = built
    ? `import(${JSON.stringify(url)})`
    : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: options.workerData,
    execArgv: [],
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
  const failed = options.failed ?? ((why: Error) => why);
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onError = (why: Error): void => {
      stop();
      void worker.terminate();
      reject(failed(why));
    };
    const onExit = (code: number): void => {
      stop();
      reject(options.exited?.(code) ?? failed(new Error(`exited (code ${code}) before it was ready`)));
    };
    const onMessage = (msg: M): void => {
      if (msg.kind === 'ready') {
        stop();
        resolve({ worker, ready: msg as Extract<M, { kind: 'ready' }> });
      } else if (!options.aside?.(msg)) onError(reported(msg));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** The error a message other than `ready` stands for: a `failed` report keeps its error's message and name. */
function reported(msg: WorkerMessage): Error {
  if (msg.kind !== 'failed') return new Error(`expected a ready message, got ${msg.kind}`);
  const error = new Error(msg.message ?? 'the worker failed without a message');
  if (msg.name !== undefined) error.name = msg.name;
  return error;
}
