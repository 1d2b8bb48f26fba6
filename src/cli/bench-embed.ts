/**
 * npm run bench:embed -- --data-dir D [--texts 256] [--rounds 3] [--threads 1,2] [--json]
 *
 * ONNX Runtime threads × spin-waiting for the default model (bge-small) on the chunk texts of the index in D
 * (only read): tokens per CPU-second and per wall-second while indexing, and per-question wall and CPU time.
 * Also the padding share of batches ordered by characters and by tokens. Prints markdown (or JSON).
 */
import 'dotenv/config';
import os from 'node:os';
import { loadEngineConfig } from '../config.ts';
import { BENCH_QUESTIONS } from '../bench/questions.ts';
import { measureThreads, paddingShare, type ThreadSetting } from '../bench/embed-threads.ts';
import { BGE_SMALL } from '../models/catalog.ts';
import type { Embedder } from '../embed/embedder.ts';
import { createTransformersEmbedder } from '../embed/transformers.ts';
import { readGeneration } from '../index/store.ts';
import { evenSample } from '../bench/recall.ts';
import { defineCommand } from './args.ts';
import { benchIndexOption } from './options.ts';
import { runCommand } from './run.ts';
import { int, ints } from './values.ts';

export const command = defineCommand({
  usage: ['npm run bench:embed -- --data-dir D [--texts 256] [--rounds 3] [--threads 1,2] [--json]'],
  summary: [
    'ONNX Runtime intra-op threads × spin-waiting for bge-small on the chunk texts of the index in D (only read):',
    'tokens per CPU-second and per wall-second, cores busy, and wall and CPU time per question; plus the padding',
    'share of batches ordered by characters and by tokens. See docs/benchmarks.md.',
  ].join('\n'),
  options: {
    'data-dir': benchIndexOption,
    texts: {
      type: 'string',
      value: 'N',
      parse: int(8, 100_000),
      default: 256,
      help: 'chunk texts embedded a round',
    },
    rounds: {
      type: 'string',
      value: 'N',
      parse: int(1, 100),
      default: 3,
      help: 'rounds, settings interleaved',
    },
    threads: {
      type: 'string',
      value: 'L',
      parse: ints(1),
      default: [1, 2],
      help: 'intra-op thread counts tried',
    },
    json: { type: 'boolean', help: 'print one JSON object instead of the Markdown' },
  },
});

runCommand(command, async ({ values }) => {
  const { 'data-dir': dataDir, texts: count, rounds, threads } = values;
  const config = loadEngineConfig();
  const data = await readGeneration(dataDir);
  const all = data.chunks.map((c) => c.text);
  const settings: ThreadSetting[] = threads.flatMap((t) =>
    [true, false].map((spinning) => ({ threads: t, spinning })),
  );
  const embedders: { setting: ThreadSetting; embedder: Embedder }[] = [];
  for (const setting of settings) {
    const embedder = await createTransformersEmbedder({
      model: BGE_SMALL.id,
      localModelPath: config.transformersLocalModels,
      dtype: BGE_SMALL.dtype,
      pooling: BGE_SMALL.pooling,
      queryInstruction: BGE_SMALL.queryInstruction,
      maxTokens: BGE_SMALL.maxTokens,
      threads: setting.threads,
      spinning: setting.spinning,
    });
    embedders.push({ setting, embedder });
  }
  const count0 = (t: string): number => Math.min(BGE_SMALL.maxTokens, embedders[0]!.embedder.countTokens(t));
  const texts = evenSample(all.length, count).map((i) => all[i]!);
  const byChars = [...all].sort((a, b) => a.length - b.length).map(count0);
  const byTokens = all.map(count0).sort((a, b) => a - b);
  const sortedTexts = [...texts].sort((a, b) => count0(a) - count0(b));
  const results = await measureThreads(
    embedders,
    sortedTexts,
    BENCH_QUESTIONS.map((q) => q.text),
    rounds,
  );
  for (const { embedder } of embedders) await embedder.close();
  const padding = {
    byCharacters: paddingShare(byChars, 8),
    byTokens: paddingShare(byTokens, 8),
    texts: all.length,
  };
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    loadAverage: os.loadavg(),
  };
  if (values.json) {
    console.log(JSON.stringify({ machine, padding, texts: texts.length, rounds, results }));
    return;
  }
  const f = (n: number, d = 0): string => n.toFixed(d);
  console.log(
    `CPU: ${machine.cpu}, ${machine.cores} cores; load average after: ${machine.loadAverage.map((n) => n.toFixed(2)).join(', ')}`,
  );
  console.log(
    `${texts.length} chunk texts × ${rounds} rounds, ${BENCH_QUESTIONS.length} questions per round; settings interleaved.\n`,
  );
  console.log(
    '| intra-op threads | spinning | tokens / CPU-s | tokens / wall-s | cores busy | question p50 / p95 ms | question CPU ms |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.threads} | ${r.spinning ? 'on' : 'off'} | ${f(r.tokensPerCpuSecond)} | ${f(r.tokensPerWallSecond)} | ${f(r.coresBusy, 2)} | ${f(r.queryP50Ms, 1)} / ${f(r.queryP95Ms, 1)} | ${f(r.queryCpuMs, 1)} |`,
    );
  }
  console.log(
    `\nPadding with batches of 8 over all ${padding.texts} chunks: sorted by characters ${f(padding.byCharacters * 100, 1)} %, by tokens ${f(padding.byTokens * 100, 1)} %.`,
  );
});
