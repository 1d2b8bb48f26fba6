/**
 * Article extraction in a worker thread, so that no page can stall the process that reads feeds: the bot keeps
 * answering while a hostile page is parsed. The worker runs with a memory limit (resourceLimits) and each page
 * with a time limit; a worker past either is terminated, the page is reported unusable (the caller indexes the
 * feed's summary) and the next page gets a fresh worker. Pages are extracted one at a time, in order.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads/start.ts';
import { defaultExtractLimits, type Extracted, type ExtractLimits } from './extract.ts';

export interface ExtractorOptions extends ExtractLimits {
  /** Longest one page may take once the worker has it, in ms. Default 10,000. */
  timeLimitMs: number;
  /** The worker's old-generation heap, in MB. Default 256. */
  memoryMb: number;
}

const defaultExtractorOptions: Readonly<ExtractorOptions> = Object.freeze({
  ...defaultExtractLimits,
  timeLimitMs: 10_000,
  memoryMb: 256,
});

/** What became of one page: its article, no article on it, or why it could not be used. */
export type ExtractOutcome =
  ({ kind: 'article' } & Extracted) | { kind: 'none' } | { kind: 'unusable'; reason: string };

/** Main thread → worker. */
export interface ExtractJob {
  id: number;
  html: string;
  url: string;
}

/** Worker → main thread. */
export type FromExtractWorker = { kind: 'ready' } | { kind: 'done'; id: number; outcome: ExtractOutcome };

/** What the feed reader needs of an extractor (tests may pass their own). */
export interface PageExtractor {
  extract(html: string, url: string): Promise<ExtractOutcome>;
  close(): Promise<void>;
}

interface Pending extends ExtractJob {
  resolve(outcome: ExtractOutcome): void;
}

export class WorkerExtractor implements PageExtractor {
  readonly options: ExtractorOptions;
  private readonly queue: Pending[] = [];
  private worker: Promise<Worker> | null = null;
  private busy = false;
  private closed = false;
  private nextId = 1;
  /** Workers started, for tests: a killed worker is replaced by the next page's. */
  started = 0;

  constructor(options: Partial<ExtractorOptions> = {}) {
    this.options = { ...defaultExtractorOptions, ...options };
    if (!(this.options.timeLimitMs >= 1))
      throw new RangeError(`crisis-desk: timeLimitMs: expected at least 1, got ${this.options.timeLimitMs}`);
  }

  extract(html: string, url: string): Promise<ExtractOutcome> {
    // Checked here too, so a huge page is not even copied to the worker.
    if (html.length > this.options.maxChars) {
      return Promise.resolve({
        kind: 'unusable',
        reason: `expected a page of at most ${this.options.maxChars} characters to extract, got ${html.length}`,
      });
    }
    if (this.closed) return Promise.resolve({ kind: 'unusable', reason: 'the extractor was closed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, html, url, resolve });
      void this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      job.resolve({ kind: 'unusable', reason: 'the extractor was closed' });
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker.catch(() => null))?.terminate();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    const job = this.queue.shift();
    if (!job) return;
    this.busy = true;
    try {
      job.resolve(await this.run(job));
    } finally {
      this.busy = false;
      void this.pump();
    }
  }

  /** One page on the worker; never rejects. */
  private async run(job: Pending): Promise<ExtractOutcome> {
    let worker: Worker;
    try {
      worker = await (this.worker ??= this.start());
      // A worker that died while idle (threadId -1 once it has exited) is replaced.
      if (worker.threadId < 0) worker = await (this.worker = this.start());
    } catch (error) {
      this.worker = null;
      return { kind: 'unusable', reason: `extraction worker did not start: ${(error as Error).message}` };
    }
    worker.ref();
    return new Promise<ExtractOutcome>((resolve) => {
      const finish = (outcome: ExtractOutcome, kill: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (kill) {
          if (this.worker) this.worker = null;
          void worker.terminate();
        } else worker.unref();
        resolve(outcome);
      };
      const onMessage = (msg: FromExtractWorker): void => {
        if (msg.kind === 'done' && msg.id === job.id) finish(msg.outcome, false);
      };
      const onError = (error: Error & { code?: string }): void => {
        const why =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `more than ${this.options.memoryMb} MB of memory`
            : error.message;
        finish({ kind: 'unusable', reason: `extraction stopped: ${why}` }, true);
      };
      const onExit = (code: number): void =>
        finish({ kind: 'unusable', reason: `extraction stopped: the worker exited (${code})` }, true);
      const timer = setTimeout(
        () =>
          finish(
            {
              kind: 'unusable',
              reason: `extraction stopped: no result within ${this.options.timeLimitMs} ms`,
            },
            true,
          ),
        this.options.timeLimitMs,
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ id: job.id, html: job.html, url: job.url } satisfies ExtractJob);
    });
  }

  /** A worker (../threads/start.ts) with this extractor's limits, ready for a page. */
  private async start(): Promise<Worker> {
    this.started++;
    const limits: ExtractLimits = { maxChars: this.options.maxChars, maxDepth: this.options.maxDepth };
    const { worker } = await startWorker<FromExtractWorker>(import.meta.url, './workers/extract-worker', {
      workerData: limits,
      resourceLimits: {
        maxOldGenerationSizeMb: this.options.memoryMb,
        maxYoungGenerationSizeMb: 32,
        stackSizeMb: 4,
      },
    });
    // An error while no page is running (the page's own listener is gone) must not be an unhandled 'error'.
    worker.on('error', () => {});
    worker.unref();
    return worker;
  }
}
