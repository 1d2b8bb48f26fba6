/**
 * A pool of worker threads that each open the index and the query model (./workers/engine-worker.ts), so the
 * service answers on every core. Each question goes to the worker with the fewest in flight. One process
 * keeps the HTTP server, the rate limits and the shared bot state (asks, cooldowns) in one place; the price
 * is one index copy per worker (docs/scaling.md measures it against separate processes).
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start.ts';
import { HttpError, type EngineVerb } from './protocol.ts';
import type { SearchBackend, VerbResult } from './backend.ts';
import type { HostSpec } from './open-host.ts';
import { CrisisDeskError, isInputError, PREFIX, userLine, withoutPrefix } from '../errors.ts';

export type ToEngineWorker = { id: number; verb: EngineVerb | 'ready'; args: unknown[] };
export type FromEngineWorker =
  | { kind: 'ready'; generation: string }
  | { kind: 'log'; message: string }
  | { kind: 'generation'; generation: string }
  | { kind: 'done'; id: number; value: unknown; generation: string }
  | { kind: 'failed'; id: number | null; name: string; message: string };

interface Pending {
  resolve(result: VerbResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  generation: string;
}

/** How a pool restarts a worker that died: waits `firstMs`, doubling per failure in a row, at most `maxMs`. */
export interface RestartBackoff {
  /** Default 200 ms. */
  firstMs: number;
  /** Default 30 s. */
  maxMs: number;
}

const defaultRestartBackoff: RestartBackoff = { firstMs: 200, maxMs: 30_000 };

/** Rebuilds an error a worker reported, keeping its name (AskInputError becomes a 400, not a 500). */
function workerError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return isInputError(error) ? new HttpError(400, 'bad_input', userLine(error)) : error;
}

/**
 * The pool. A worker that dies (a native crash, an error nothing caught) fails only its own questions and is
 * restarted after a backoff that doubles while starts keep failing (e.g. the database is down), so the pool
 * comes back by itself when the cause goes away. Only the first start's failure is the caller's error.
 */
export async function createEnginePool(
  spec: HostSpec,
  options: { workers: number; log: (message: string) => void; backoff?: Partial<RestartBackoff> },
): Promise<SearchBackend> {
  const backoff = { ...defaultRestartBackoff, ...options.backoff };
  const slots: Slot[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let nextId = 0;
  let closed = false;
  let failures = 0;
  const fail = (slot: Slot, error: Error): void => {
    for (const p of slot.pending.values()) p.reject(error);
    slot.pending.clear();
  };
  const start = async (): Promise<Slot> => {
    const { worker, generation } = await startEngineWorker(spec, options.log);
    const slot: Slot = { worker, pending: new Map(), generation };
    worker.on('message', (msg: FromEngineWorker) => {
      if (msg.kind === 'log') options.log(msg.message);
      else if (msg.kind === 'generation') slot.generation = msg.generation;
      else if (msg.kind === 'done' || msg.kind === 'failed') {
        const p = msg.id === null ? undefined : slot.pending.get(msg.id);
        if (msg.id !== null) slot.pending.delete(msg.id);
        if (msg.kind === 'done') {
          slot.generation = msg.generation;
          p?.resolve({ value: msg.value, generation: msg.generation });
        } else p?.reject(workerError(msg.name, msg.message));
      }
    });
    worker.on('error', (error) => {
      // The details are for the log: a client is told only that its worker failed.
      options.log(`crisis-desk: a search worker failed: ${error.message}`);
      fail(
        slot,
        new HttpError(
          503,
          'unavailable',
          'the search worker answering this question failed; expected it back shortly, try again',
        ),
      );
    });
    worker.on('exit', (code) => {
      fail(
        slot,
        new HttpError(
          503,
          'unavailable',
          `the search worker answering this question stopped (code ${code}); expected it back shortly, try again`,
        ),
      );
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      if (closed) return;
      options.log(
        `crisis-desk: search worker exited with code ${code}; ${slots.length} still serving, starting another`,
      );
      restartLater();
    });
    return slot;
  };
  function restartLater(): void {
    const wait = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(failures, 20));
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (closed) return;
      start().then(
        (slot) => {
          if (closed) return void slot.worker.terminate();
          failures = 0;
          slots.push(slot);
          options.log(`crisis-desk: search worker restarted; ${slots.length} serving`);
        },
        (error: unknown) => {
          failures++;
          options.log(
            `crisis-desk: a search worker could not be restarted (${(error as Error).message}); trying again`,
          );
          restartLater();
        },
      );
    }, wait);
    timers.add(timer);
  }
  // The first worker alone, so a new data folder gets its first index built once, not raced by every worker.
  slots.push(await start());
  slots.push(...(await Promise.all(Array.from({ length: Math.max(0, options.workers - 1) }, start))));

  const send = (verb: EngineVerb | 'ready', args: unknown[]): Promise<VerbResult> => {
    const slot = slots.reduce<Slot | undefined>(
      (best, s) => (!best || s.pending.size < best.pending.size ? s : best),
      undefined,
    );
    if (!slot) {
      const why = closed
        ? 'the service is shutting down'
        : 'no search worker is running; expected one back shortly';
      return Promise.reject(new HttpError(503, closed ? 'shutting_down' : 'unavailable', why));
    }
    const id = nextId++;
    return new Promise<VerbResult>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, verb, args } satisfies ToEngineWorker);
    });
  };

  return {
    run: send,
    health: () => ({ generation: slots[0]?.generation ?? '', engines: slots.length }),
    async ready() {
      if (slots.length === 0) return 'no search worker is running';
      try {
        return (await send('ready', [])).value as string | null;
      } catch (error) {
        return error instanceof HttpError ? error.message : 'the search worker did not answer';
      }
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** Starts one worker (../threads/start.ts) and waits until it has opened its engine, passing its log lines on. */
async function startEngineWorker(
  spec: HostSpec,
  log: (message: string) => void,
): Promise<{ worker: Worker; generation: string }> {
  const { worker, ready } = await startWorker<FromEngineWorker>(import.meta.url, './workers/engine-worker', {
    workerData: spec,
    aside: (msg) => {
      if (msg.kind !== 'log') return false;
      log(msg.message);
      return true;
    },
    // The name travels too: a setting or index error (ConfigError, …) stays one, so the CLI exits 2.
    failed: (why) => {
      const error = new Error(`${PREFIX}search worker failed to start: ${withoutPrefix(why.message)}`);
      error.name = why.name;
      return error;
    },
    // A worker that ends before it is ready (e.g. process.exit in a dependency) must not leave the start hanging.
    exited: (code) =>
      new CrisisDeskError('WorkerError', `search worker exited (code ${code}) before it was ready`),
  });
  return { worker, generation: ready.generation };
}
