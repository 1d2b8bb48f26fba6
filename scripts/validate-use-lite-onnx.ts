/**
 * Checks that the ONNX conversion of USE-lite gives the TF.js vectors: cosine on real sentences and
 * windows of varied length (1 sentence up to past 128 tokens). Usage:
 *   npx tsx scripts/validate-use-lite-onnx.ts <articles.jsonl> [--count 300]
 * Exits non-zero if any cosine is below 0.999.
 */
import { readFileSync } from 'node:fs';
import { dot } from '../src/embed/embedder.ts';
import { createUseLiteEmbedder } from '../src/embed/use-lite/embedder.ts';

const MIN_COSINE = 0.999;

function parseArgs(argv: string[]): { path: string; count: number } {
  const path = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!path) throw new Error('crisis-desk: validate-use-lite-onnx: expected a JSONL path, got none');
  const i = argv.indexOf('--count');
  const count = i < 0 ? 300 : Number(argv[i + 1]);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`crisis-desk: --count: expected a positive integer, got ${argv[i + 1]}`);
  return { path, count };
}

/** Runs of 1, 2, 3, 5 and 8 consecutive sentences from successive articles. */
function samples(path: string, count: number): string[] {
  const spans = [1, 2, 3, 5, 8];
  const out: string[] = [];
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  for (let a = 0; a < lines.length && out.length < count; a++) {
    const text = (JSON.parse(lines[a]!) as { text: string }).text;
    const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.length > 0);
    const span = spans[a % spans.length]!;
    for (let s = 0; s + span <= sentences.length && out.length < count; s += 7) {
      out.push(sentences.slice(s, s + span).join(' '));
      if (out.length % 10 === 0) break; // move on to keep the sample varied across articles
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { path, count } = parseArgs(process.argv.slice(2));
  const texts = samples(path, count);
  const tfjs = await createUseLiteEmbedder({ runtime: 'tfjs' });
  const onnx = await createUseLiteEmbedder({ runtime: 'onnx' });
  const [a, b] = [await tfjs.embed(texts), await onnx.embed(texts)];
  const tokens = texts.map((t) => tfjs.countTokens(t));
  let worst = { cos: 1, i: -1 };
  let sum = 0;
  let maxDiff = 0;
  texts.forEach((_, i) => {
    const cos = dot(a[i]!, b[i]!);
    sum += cos;
    if (cos < worst.cos) worst = { cos, i };
    for (let k = 0; k < a[i]!.length; k++) maxDiff = Math.max(maxDiff, Math.abs(a[i]![k]! - b[i]![k]!));
  });
  const sorted = [...tokens].sort((x, y) => x - y);
  console.log(
    `${texts.length} texts, tokens min ${sorted[0]} median ${sorted[sorted.length >> 1]} max ${sorted[sorted.length - 1]}`,
  );
  console.log(
    `${onnx.runtime} vs ${tfjs.runtime}: mean cosine ${(sum / texts.length).toFixed(7)}, min ${worst.cos.toFixed(7)}, max |diff| ${maxDiff.toExponential(2)}`,
  );
  await Promise.all([tfjs.close(), onnx.close()]);
  if (worst.cos < MIN_COSINE) {
    console.error(
      `crisis-desk: expected every cosine ≥ ${MIN_COSINE}, got ${worst.cos} for: ${texts[worst.i]?.slice(0, 120)}`,
    );
    process.exitCode = 1;
  }
}

await main();
