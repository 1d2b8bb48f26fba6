import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dot } from '../../../src/embed/embedder.ts';
import {
  USE_LITE_CHAR_BUDGET,
  type UseLiteEmbedder,
  createUseLiteEmbedder,
  cutToCharBudget,
} from '../../../src/embed/use-lite/embedder.ts';
import { createUseLitePool } from '../../../src/embed/use-lite/pool.ts';

const BLINKEN = 'Blinken cancelled the meeting with Lavrov';
const PARAPHRASE = "The US Secretary of State called off talks with Russia's foreign minister";
const UNRELATED = 'Nord Stream 2 gas pipeline';

/** About 100k characters of varied prose; repeated sentences are fine for truncation checks. */
function longText(): string {
  const sentences = [
    'Russian forces massed near the border while diplomats met in Geneva.',
    'Germany halted certification of the Nord Stream 2 pipeline on Tuesday.',
    'The United Nations Security Council held an emergency session overnight.',
    'Ukrainian officials said cyberattacks had knocked several government sites offline.',
  ];
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < 100_000; i++) {
    const s = `${sentences[i % sentences.length]} (${i})`;
    parts.push(s);
    n += s.length + 1;
  }
  return parts.join(' ');
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.each(['onnx', 'tfjs'] as const)('USE-lite in process on %s (real model)', (runtime) => {
  let embedder: UseLiteEmbedder;
  beforeAll(async () => {
    embedder = await createUseLiteEmbedder({ runtime });
  });
  afterAll(async () => {
    await embedder.close();
  });

  it('describes itself and runs on the runtime asked for', () => {
    expect(embedder.id).toBe('use-lite@0.2.0');
    expect(embedder.dimensions).toBe(512);
    expect(embedder.maxTokens).toBe(128);
    expect(embedder.runtime).toMatch(runtime === 'onnx' ? /^onnxruntime-cpu/ : /^tfjs-wasm-simd$/);
  });

  it('returns 512-d unit vectors, one per text, in order', async () => {
    const texts = [BLINKEN, UNRELATED, PARAPHRASE, 'a', ''];
    const batch = await embedder.embed(texts);
    expect(batch).toHaveLength(texts.length);
    for (const v of batch) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(512);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
    const single = await Promise.all(texts.map(async (t) => (await embedder.embed([t]))[0]!));
    single.forEach((v, i) => expect(maxAbsDiff(v, batch[i]!)).toBeLessThan(1e-6));
    expect(await embedder.embed([])).toEqual([]);
  });

  it('is deterministic', async () => {
    const [a] = await embedder.embed([BLINKEN]);
    const [b] = await embedder.embed([BLINKEN]);
    expect(maxAbsDiff(a!, b!)).toBe(0);
  });

  it('puts a paraphrase much closer than an unrelated topic', async () => {
    const [q, para, other] = await embedder.embed([BLINKEN, PARAPHRASE, UNRELATED]);
    const near = dot(q!, para!);
    expect(near).toBeCloseTo(0.667, 2);
    expect(near - dot(q!, other!)).toBeGreaterThan(0.3);
  });

  it('embeds a 100k-character text as its first 128 tokens', async () => {
    const text = longText();
    const ids = embedder.tokenIds(text);
    expect(ids).toHaveLength(128);
    // A prefix that certainly holds more than 128 tokens gives the same vector: only they are read.
    const [whole, prefix] = await embedder.embed([text, text.slice(0, 1200)]);
    expect(maxAbsDiff(whole!, prefix!)).toBeLessThan(1e-6);
    const [shorter] = await embedder.embed([text.slice(0, 200)]);
    expect(dot(whole!, shorter!)).toBeLessThan(0.999);
  });

  it('counts tokens exactly within the character budget and reports > maxTokens beyond it', () => {
    expect(embedder.countTokens('')).toBe(0);
    expect(embedder.countTokens(BLINKEN)).toBe(embedder.tokenIds(BLINKEN).length);
    expect(embedder.countTokens(BLINKEN)).toBeGreaterThan(5);
    const text = longText();
    expect(embedder.countTokens(text)).toBeGreaterThan(10_000);
    // Runs of characters the vocabulary lacks collapse into single tokens; still reported as too long.
    expect(embedder.countTokens('世'.repeat(USE_LITE_CHAR_BUDGET + 1))).toBeGreaterThan(128);
  });

  it('cuts at a whitespace before the character budget', () => {
    const text = 'word '.repeat(1000);
    const cut = cutToCharBudget(text);
    expect(cut.length).toBeLessThanOrEqual(USE_LITE_CHAR_BUDGET);
    expect(text.startsWith(cut)).toBe(true);
    expect(cut.endsWith('word')).toBe(true);
    expect(cutToCharBudget('short')).toBe('short');
  });
});

describe('USE-lite runtimes agree (real model)', () => {
  it('gives the TF.js vectors on ONNX Runtime, also from a cached conversion', async () => {
    const texts = [BLINKEN, PARAPHRASE, UNRELATED, '', 'a', longText(), longText().slice(0, 700)];
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'use-lite-onnx-'));
    const tfjs = await createUseLiteEmbedder({ runtime: 'tfjs' });
    try {
      const expected = await tfjs.embed(texts);
      for (let load = 0; load < 2; load++) {
        // Load 0 converts and writes the cache; load 1 reads it.
        const onnx = await createUseLiteEmbedder({ runtime: 'onnx', cacheDir, threads: 2 });
        const got = await onnx.embed(texts);
        await onnx.close();
        got.forEach((v, i) => expect(maxAbsDiff(v, expected[i]!)).toBeLessThan(1e-5));
      }
      expect((await readdir(cacheDir)).filter((f) => f.endsWith('.onnx'))).toHaveLength(1);
    } finally {
      await tfjs.close();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('USE-lite worker pool (real model, 2 workers)', () => {
  it('gives the in-process vectors, in order, and closes cleanly', async () => {
    const texts = Array.from(
      { length: 37 },
      (_, i) => `${i}: ${i % 2 ? BLINKEN : UNRELATED} ${'word '.repeat(i * 7)}`,
    );
    texts.push('', longText());
    const local = await createUseLiteEmbedder();
    const pool = await createUseLitePool({ workers: 2, jobSize: 5 });
    try {
      expect(pool.id).toBe(local.id);
      expect(pool.workers).toBe(2);
      expect(pool.countTokens(BLINKEN)).toBe(local.countTokens(BLINKEN));
      const [fromPool, fromLocal, concurrent] = await Promise.all([
        pool.embed(texts),
        local.embed(texts),
        pool.embed(texts.slice(0, 3)),
      ]);
      expect(fromPool).toHaveLength(texts.length);
      fromPool.forEach((v, i) => expect(maxAbsDiff(v, fromLocal[i]!)).toBeLessThan(1e-5));
      concurrent.forEach((v, i) => expect(maxAbsDiff(v, fromLocal[i]!)).toBeLessThan(1e-5));
    } finally {
      await pool.close();
      await pool.close();
      await local.close();
    }
    await expect(pool.embed(['x'])).rejects.toThrow(/closed/);
  });
});
