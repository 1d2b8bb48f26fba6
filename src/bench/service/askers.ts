/** N concurrent askers over the fixed bench questions: questions/s and latency, for any Engine. */
import type { Engine } from '../../types.ts';
import { BENCH_QUESTIONS } from '../questions.ts';
import { round, summarizeLatencies } from '../stats.ts';

export interface LoadResult {
  askers: number;
  asks: number;
  errors: number;
  seconds: number;
  questionsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
}

/** `passes` × the 68 bench questions, shared by `askers` loops; engines[i % n] spreads them over several. */
export async function runAskers(
  engines: readonly Engine[],
  askers: number,
  passes: number,
): Promise<LoadResult> {
  const queue = Array.from({ length: passes }, () => BENCH_QUESTIONS.map((q) => q.text)).flat();
  const total = queue.length;
  const latencies: number[] = [];
  let errors = 0;
  let turn = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: askers }, async () => {
      for (let q = queue.shift(); q !== undefined; q = queue.shift()) {
        const engine = engines[turn++ % engines.length]!;
        const t = performance.now();
        try {
          await engine.ask(q, { k: 3 });
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const s = summarizeLatencies(latencies);
  return {
    askers,
    asks: total,
    errors,
    seconds: round(seconds),
    questionsPerSecond: round(total / seconds),
    p50Ms: round(s.p50),
    p95Ms: round(s.p95),
  };
}
