/**
 * Measures USE-lite speed on real text: milliseconds per window of ≤128 tokens for each runtime, thread
 * count and batch size, in process and on the worker pool, plus load and conversion times. Usage:
 *   npx tsx scripts/measure-use-lite.ts <articles.jsonl> [--windows 256] [--workers 2] [--only tfjs|onnx|pool]
 * The JSONL needs a `text` field per line; the data stays where it is (never commit it). Each figure is
 * the best of 3 runs; "others" is the share of the machine's CPU time that other processes used meanwhile,
 * so a figure taken while the machine was shared can be spotted and re-run.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Embedder } from '../src/embed/embedder.ts';
import { loadOnnxUseLite } from '../src/embed/use-lite/onnx.ts';
import { createUseLitePool } from '../src/embed/use-lite/pool.ts';
import { type UseLiteOptions, createUseLiteEmbedder } from '../src/embed/use-lite/embedder.ts';
import { useLiteModelFiles } from '../src/embed/use-lite/model.ts';
import { convertTfGraphToOnnx } from '../src/embed/use-lite/tf-to-onnx/convert.ts';
import { readTfjsGraph } from '../src/embed/use-lite/tf-to-onnx/tf-model.ts';

interface Args {
  path: string;
  windows: number;
  workers: number;
  only: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const path = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!path) throw new Error('crisis-desk: measure-use-lite: expected a JSONL path, got none');
  const num = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    const n = i < 0 ? fallback : Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`crisis-desk: ${flag}: expected a positive integer, got ${argv[i + 1]}`);
    return n;
  };
  const o = argv.indexOf('--only');
  return {
    path,
    windows: num('--windows', 256),
    workers: num('--workers', 2),
    only: o < 0 ? undefined : argv[o + 1],
  };
}

/** Consecutive 90-word slices of the articles: about 128 tokens each, the size the indexer embeds. */
function loadWindows(path: string, count: number): string[] {
  const out: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const words = (JSON.parse(line) as { text: string }).text.split(/\s+/).filter(Boolean);
    for (let i = 0; i + 60 <= words.length && out.length < count; i += 90)
      out.push(words.slice(i, i + 90).join(' '));
    if (out.length >= count) break;
  }
  return out;
}

/** Machine-wide CPU time in ms (Linux /proc/stat, 100 ticks a second; idle and iowait count as free). */
function cpuTimes(): { busy: number; total: number; ours: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const { user, system } = process.cpuUsage();
  return { busy: (total - fields[3]! - fields[4]!) * 10, total: total * 10, ours: (user + system) / 1000 };
}

async function timeIt(embedder: Embedder, windows: string[]): Promise<string> {
  await embedder.embed(windows.slice(0, 16)); // warm-up: first calls allocate and compile
  const before = cpuTimes();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await embedder.embed(windows);
    best = Math.min(best, (performance.now() - t0) / windows.length);
  }
  const after = cpuTimes();
  const others = after.busy - before.busy - (after.ours - before.ours);
  const share = Math.max(0, (100 * others) / Math.max(1, after.total - before.total));
  return `${best.toFixed(2).padStart(6)} ms/window  (others ${share.toFixed(0)}%)`;
}

async function inProcess(label: string, options: UseLiteOptions, windows: string[]): Promise<void> {
  const t0 = performance.now();
  const e = await createUseLiteEmbedder(options);
  const load = performance.now() - t0;
  console.log(`${label.padEnd(34)} ${await timeIt(e, windows)}  load ${load.toFixed(0)} ms`);
  await e.close();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const windows = loadWindows(args.path, args.windows);
  const probe = await createUseLiteEmbedder({ runtime: 'tfjs' });
  const t0 = performance.now();
  const tokens = windows.map((w) => probe.tokenIds(w).length);
  const tokenizeMs = (performance.now() - t0) / windows.length;
  await probe.close();
  const mean = tokens.reduce((a, b) => a + b, 0) / tokens.length;
  console.log(
    `${windows.length} windows, mean ${mean.toFixed(1)} tokens read (max 128); tokenizing ${tokenizeMs.toFixed(2)} ms/window`,
  );
  console.log(`${os.availableParallelism()} cores; best of 3 runs each`);
  const want = (what: string): boolean => args.only === undefined || args.only === what;

  if (want('onnx')) {
    const c0 = performance.now();
    const graph = await readTfjsGraph(useLiteModelFiles().modelJson);
    const c1 = performance.now();
    const bytes = convertTfGraphToOnnx(graph);
    const c2 = performance.now();
    const runner = await loadOnnxUseLite();
    await runner.close();
    console.log(
      `onnx conversion: read ${(c1 - c0).toFixed(0)} ms + convert ${(c2 - c1).toFixed(0)} ms (${(bytes.length / 1e6).toFixed(1)} MB); ` +
        `session ${runner.load.sessionMs.toFixed(0)} ms`,
    );
    for (const threads of [1, 2]) {
      for (const batchSize of threads === 1 ? [1, 4, 8, 16, 32] : [1, 8, 32]) {
        await inProcess(
          `onnx ${threads} thread(s), batch ${batchSize}`,
          { runtime: 'onnx', threads, batchSize },
          windows,
        );
      }
    }
  }
  if (want('tfjs')) {
    for (const batchSize of [1, 8, 32]) {
      await inProcess(`tfjs wasm, batch ${batchSize}`, { runtime: 'tfjs', batchSize }, windows);
    }
  }
  if (want('pool')) {
    for (const runtime of ['onnx', 'tfjs'] as const) {
      const t1 = performance.now();
      const pool = await createUseLitePool({ workers: args.workers, jobSize: 16, embedder: { runtime } });
      const start = performance.now() - t1;
      const label = `pool of ${pool.workers} × ${pool.runtime}, job 16`;
      console.log(`${label.padEnd(34)} ${await timeIt(pool, windows)}  start ${start.toFixed(0)} ms`);
      await pool.close();
    }
  }
}

await main();
