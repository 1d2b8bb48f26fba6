/**
 * ONNX Runtime thread counts and spin-waiting, measured on the real model: tokens per CPU-second and per
 * wall-second for index batches, and wall and CPU time per single question. Every setting runs in turn within
 * each round, so a loaded machine's drift falls on all of them alike. Also how much of a batch is padding under
 * the two orders the indexer could use (pure, `paddingShare`).
 */
import type { Embedder } from '../embed/embedder.ts';
import { percentile } from './stats.ts';

/** One ONNX Runtime setting to measure. */
export interface ThreadSetting {
  threads: number;
  spinning: boolean;
}

export interface ThreadResult extends ThreadSetting {
  tokensPerCpuSecond: number;
  tokensPerWallSecond: number;
  /** Cores busy while embedding batches: CPU time over wall time. */
  coresBusy: number;
  queryP50Ms: number;
  queryP95Ms: number;
  queryCpuMs: number;
}

/**
 * Share of the token positions a batched forward pass spends on padding when `counts` (tokens per text, in the
 * order given) are cut into batches of `batchSize`: each batch is padded to its longest text.
 */
export function paddingShare(counts: readonly number[], batchSize: number): number {
  let padded = 0;
  let real = 0;
  for (let i = 0; i < counts.length; i += batchSize) {
    const batch = counts.slice(i, i + batchSize);
    padded += Math.max(...batch) * batch.length;
    real += batch.reduce((s, n) => s + n, 0);
  }
  return padded === 0 ? 0 : (padded - real) / padded;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

/** Texts per call, as the indexer passes them (its default batch). */
const INDEX_CALL = 64;

/** Runs every setting once per round over `texts` (sorted by tokens) and `questions`; sums over rounds. */
export async function measureThreads(
  embedders: readonly { setting: ThreadSetting; embedder: Embedder }[],
  texts: readonly string[],
  questions: readonly string[],
  rounds: number,
): Promise<ThreadResult[]> {
  const tokens = texts.reduce(
    (s, t) => s + Math.min(embedders[0]!.embedder.maxTokens, embedders[0]!.embedder.countTokens(t)),
    0,
  );
  const sums = embedders.map(() => ({ cpu: 0, wall: 0, queryWall: [] as number[], queryCpu: 0 }));
  for (let r = 0; r < rounds; r++) {
    for (const [i, { embedder }] of embedders.entries()) {
      const sum = sums[i]!;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let s = 0; s < texts.length; s += INDEX_CALL) await embedder.embed(texts.slice(s, s + INDEX_CALL));
      sum.wall += performance.now() - t0;
      sum.cpu += cpuMs(cpu0);
      const q0 = process.cpuUsage();
      for (const q of questions) {
        const started = performance.now();
        await embedder.embedQueries([q]);
        sum.queryWall.push(performance.now() - started);
      }
      sum.queryCpu += cpuMs(q0);
    }
  }
  return embedders.map(({ setting }, i) => {
    const s = sums[i]!;
    return {
      ...setting,
      tokensPerCpuSecond: (tokens * rounds) / (s.cpu / 1000),
      tokensPerWallSecond: (tokens * rounds) / (s.wall / 1000),
      coresBusy: s.cpu / s.wall,
      queryP50Ms: percentile(s.queryWall, 50),
      queryP95Ms: percentile(s.queryWall, 95),
      queryCpuMs: s.queryCpu / (questions.length * rounds),
    };
  });
}
