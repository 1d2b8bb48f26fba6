/**
 * Peak RSS while loading an index, apart from the embedding model (issue 22: ≤ 800 MB on the 4,545-article index).
 *
 *   tsx scripts/load-rss.ts build <corpus files…> --out D   # an index with the deterministic fake embedder at bge-small's
 *                                                          # shape (384 dimensions, one vector per chunk, 512 tokens):
 *                                                          # the same chunks, windows and file sizes in minutes, not hours
 *   tsx scripts/load-rss.ts load D [--model] [--features]   # RSS before, peak while reading + building the engine, after;
 *                                                          # --features then fills every chunk's features (chunk-features.ts)
 *
 * `--model` loads bge-small first, as `ask` and the bot do, so the peak is the process's whole. RSS is sampled
 * every 2 ms on a timer and read again from getrusage's maxRSS, which also sees peaks between samples.
 */
import { buildIndex } from '../src/index/indexer.ts';
import { FakeEmbedder } from '../src/embed/fake.ts';
import { ingestPaths } from '../src/ingest/read-paths.ts';
import { readGeneration } from '../src/index/store.ts';
import { SearchEngine } from '../src/search/engine.ts';
import { ChunkFeatures } from '../src/search/chunk-features.ts';
import { loadEngineConfig } from '../src/config.ts';
import { createEmbedder } from '../src/embed/factory.ts';

const fake = (): FakeEmbedder => new FakeEmbedder({ dimensions: 384, unit: 'chunk', maxTokens: 512 });
const mb = (bytes: number): number => Math.round(bytes / 1048576);

async function build(inputs: string[], out: string): Promise<void> {
  const { articles } = await ingestPaths(inputs);
  const summary = await buildIndex({
    dataDir: out,
    embedder: fake(),
    articles,
    rebuild: true,
    log: () => {},
  });
  console.log(JSON.stringify({ articles: summary.articles, chunks: summary.chunks, out }));
}

async function load(dir: string, withModel: boolean, withFeatures: boolean): Promise<void> {
  const model = withModel ? await createEmbedder(loadEngineConfig(), 'query') : null;
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const t0 = performance.now();
  // Straight into the engine, as SearchEngine.open does: nothing here holds the float vectors afterwards.
  const engine = new SearchEngine(await readGeneration(dir), fake());
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  global.gc?.();
  const after = process.memoryUsage().rss;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      chunks: engine.data.chunks.length,
      withModel,
      rssBeforeMb: mb(before),
      peakSampledMb: mb(peak),
      maxRssMb: mb(maxRss),
      afterGcMb: mb(after),
      loadMs: Math.round(ms),
    }),
  );
  if (withFeatures) {
    // The most the lazily filled features can hold: every chunk reached by some question.
    const t1 = performance.now();
    const all = new ChunkFeatures(engine.data.chunks.length, (i) => engine.data.chunks[i]!.text, Infinity);
    for (let i = 0; i < engine.data.chunks.length; i++) all.get(i);
    const fillMs = performance.now() - t1;
    global.gc?.();
    const u = all.usage();
    console.log(
      JSON.stringify({
        featureChunks: u.chunks,
        vocabulary: u.words,
        typedArrayMb: +(u.bytes / 1048576).toFixed(1),
        rssAfterFillMb: mb(process.memoryUsage().rss),
        heapUsedMb: mb(process.memoryUsage().heapUsed),
        fillMs: Math.round(fillMs),
      }),
    );
  }
  await model?.close();
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'build') {
  const at = rest.indexOf('--out');
  if (at < 0 || !rest[at + 1]) throw new Error('load-rss build: expected --out <folder>, got none');
  await build(
    rest.filter((_, i) => i !== at && i !== at + 1),
    rest[at + 1]!,
  );
} else if (mode === 'load' && rest[0]) {
  await load(rest[0], rest.includes('--model'), rest.includes('--features'));
} else {
  throw new Error(
    `load-rss: expected "build <corpus…> --out D" or "load D [--model] [--features]", got ${JSON.stringify(process.argv.slice(2).join(' '))}`,
  );
}
