/**
 * Embeds a whole corpus the way indexing must: every word inside some window of ≤128 tokens, all windows
 * through the worker pool. Prints the window count and the wall-clock time, to check the "4,545 articles
 * in ≤ 10 minutes on 2 cores" budget. The windows here are plain word runs, not the chunker's
 * sentence-aligned chunks, but have the same token budget. Usage:
 *   npx tsx scripts/measure-use-lite-corpus.ts <articles.jsonl> [--articles N] [--workers 2] [--runtime onnx|tfjs]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createUseLitePool } from '../src/embed/use-lite/pool.ts';
import {
  USE_LITE_MAX_TOKENS,
  countUseLiteTokens,
  loadUseLiteTokenizer,
} from '../src/embed/use-lite/embedder.ts';

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
}

/**
 * Greedy word packing. SentencePiece pieces never span a word boundary (no vocabulary piece has an inner
 * "▁"), so a window's tokens are the sum of its words' tokens; each window is still re-counted below.
 */
function windowsOf(text: string, wordTokens: (w: string) => number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let tokens = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const n = wordTokens(word);
    if (current.length > 0 && tokens + n > USE_LITE_MAX_TOKENS) {
      out.push(current.join(' '));
      current = [];
      tokens = 0;
    }
    current.push(word);
    tokens += n;
  }
  if (current.length > 0) out.push(current.join(' '));
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const path = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!path) throw new Error('crisis-desk: measure-use-lite-corpus: expected a JSONL path, got none');
  const limit = Number(flag(argv, '--articles') ?? Infinity);
  const workers = Number(flag(argv, '--workers') ?? os.availableParallelism());
  const runtime = (flag(argv, '--runtime') ?? 'onnx') as 'onnx' | 'tfjs';

  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, limit);
  const tokenizer = loadUseLiteTokenizer();
  const t0 = performance.now();
  let chars = 0;
  const windows: string[] = [];
  for (const line of lines) {
    const text = (JSON.parse(line) as { text: string }).text;
    chars += text.length;
    windows.push(...windowsOf(text, (w) => tokenizer.encode(w).length));
  }
  const tokens = windows.map((w) => countUseLiteTokens(tokenizer, w));
  const over = tokens.filter((n) => n > USE_LITE_MAX_TOKENS).length;
  const windowMs = performance.now() - t0;
  const mean = tokens.reduce((a, b) => a + Math.min(b, USE_LITE_MAX_TOKENS), 0) / windows.length;
  console.log(
    `${lines.length} articles, ${(chars / 1e6).toFixed(1)} M chars → ${windows.length} windows, mean ${mean.toFixed(1)} tokens`,
  );
  console.log(
    `windows over ${USE_LITE_MAX_TOKENS} tokens (a single word that long; only its start is read): ${over}`,
  );
  console.log(`windowing + counting on the main thread: ${(windowMs / 1000).toFixed(1)} s`);

  const t1 = performance.now();
  const pool = await createUseLitePool({ workers, embedder: { runtime } });
  const t2 = performance.now();
  const vectors = await pool.embed(windows);
  const t3 = performance.now();
  await pool.close();
  if (vectors.length !== windows.length)
    throw new Error(`crisis-desk: expected ${windows.length} vectors, got ${vectors.length}`);
  const embedS = (t3 - t2) / 1000;
  console.log(
    `pool of ${workers} × ${pool.runtime}: start ${((t2 - t1) / 1000).toFixed(1)} s, embed ${embedS.toFixed(1)} s ` +
      `(${((t3 - t2) / windows.length).toFixed(2)} ms/window); total ${((t3 - t0) / 1000).toFixed(1)} s`,
  );
}

await main();
