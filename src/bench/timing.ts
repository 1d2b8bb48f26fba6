/**
 * Timing wrappers for benchmarks, so the engine needs no timing API: an Embedder that counts its time, a
 * SearchEngine whose rank() is timed, a clock for indexing stages (fed by buildIndex's onProgress), and
 * per-question attribution of those times under concurrency (AsyncLocalStorage follows each ask's awaits).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Embedder } from '../embed/embedder.ts';
import { SearchEngine } from '../search/engine.ts';
import type { IndexProgress } from '../types.ts';

/** Times spent inside one question (ms). */
export interface AskTiming {
  embedMs: number;
  rankMs: number;
}

const askScope = new AsyncLocalStorage<AskTiming>();

/** Runs `fn` with a fresh AskTiming that the timed embedder and engine add to; returns both. */
export async function withAskTiming<T>(fn: () => Promise<T>): Promise<{ value: T; timing: AskTiming }> {
  const timing: AskTiming = { embedMs: 0, rankMs: 0 };
  const value = await askScope.run(timing, fn);
  return { value, timing };
}

/** Delegates to `inner`, adding up the time of embed() and countTokens() calls. */
export class TimedEmbedder implements Embedder {
  embedMs = 0;
  embedCalls = 0;
  textsEmbedded = 0;
  tokenizeMs = 0;

  constructor(
    private readonly inner: Embedder,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get id(): string {
    return this.inner.id;
  }
  get dimensions(): number {
    return this.inner.dimensions;
  }
  get maxTokens(): number {
    return this.inner.maxTokens;
  }
  get unit(): 'window' | 'chunk' {
    return this.inner.unit;
  }

  countTokens(text: string): number {
    const t0 = this.now();
    try {
      return this.inner.countTokens(text);
    } finally {
      this.tokenizeMs += this.now() - t0;
    }
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return this.timed(texts, (t) => this.inner.embed(t));
  }

  embedQueries(questions: readonly string[]): Promise<Float32Array[]> {
    return this.timed(questions, (q) => this.inner.embedQueries(q));
  }

  private async timed(
    texts: readonly string[],
    run: (texts: readonly string[]) => Promise<Float32Array[]>,
  ): Promise<Float32Array[]> {
    const t0 = this.now();
    try {
      return await run(texts);
    } finally {
      const ms = this.now() - t0;
      this.embedMs += ms;
      this.embedCalls++;
      this.textsEmbedded += texts.length;
      const scope = askScope.getStore();
      if (scope) scope.embedMs += ms;
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A SearchEngine whose rank() (BM25 + HNSW candidates and fusion) is timed per question. */
export class TimedSearchEngine extends SearchEngine {
  override async rank(...args: Parameters<SearchEngine['rank']>): ReturnType<SearchEngine['rank']> {
    const t0 = performance.now();
    try {
      return await super.rank(...args);
    } finally {
      const scope = askScope.getStore();
      if (scope) scope.rankMs += performance.now() - t0;
    }
  }
}

/**
 * Wall time per indexing stage, from the progress events: a stage lasts from its first event to the next
 * stage's first event. Time before the first event (lock, loading the previous generation) is `prepare`.
 */
export class StageClock {
  private readonly marks: { stage: string; at: number }[] = [];
  private readonly started: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.started = now();
  }

  readonly onProgress = (p: IndexProgress): void => {
    if (this.marks.at(-1)?.stage !== p.stage) this.marks.push({ stage: p.stage, at: this.now() });
  };

  /** Stage → ms, in the order seen; `end` defaults to now (or the `done` event when there was one). */
  durations(end?: number): Record<string, number> {
    const out: Record<string, number> = {};
    const marks = this.marks;
    const last = end ?? marks.find((m) => m.stage === 'done')?.at ?? this.now();
    if (marks.length === 0) return { prepare: last - this.started };
    out.prepare = marks[0]!.at - this.started;
    marks.forEach((m, i) => {
      if (m.stage === 'done') return;
      const until = marks[i + 1]?.at ?? last;
      out[m.stage] = (out[m.stage] ?? 0) + (until - m.at);
    });
    return out;
  }
}
