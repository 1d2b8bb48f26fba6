/**
 * Real-runtime test of the reader's plumbing: transformers.js' sequence-classification model on onnxruntime-node,
 * loading the tiny reader fixture (tests/fixtures/tiny-reader, built by scripts/make-tiny-bert.ts) fully offline.
 * Its scores mean nothing; what is tested is that pairs go in and one logit per pair comes back, in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCrossEncoderReader } from '../../src/read/cross-encoder.ts';
import type { Reader } from '../../src/read/reader.ts';
import { TINY_READER_DIR, buildTinyReaderFiles } from '../../scripts/tiny-bert/files.ts';

vi.hoisted(() => {
  globalThis.fetch = () => Promise.reject(new Error('test: network access attempted'));
});

const FIXTURE = path.resolve(TINY_READER_DIR);
const PASSAGES = [
  'Russia in 2014 seized the Crimean Peninsula from Ukraine.',
  'The talks in Geneva ended without agreement.',
  'Sanctions were announced by the United States and its allies against Russian banks and officials today.',
];

describe('cross-encoder reader [real runtime: onnxruntime-node, tiny reader fixture, offline]', () => {
  let models: string;
  let reader: Reader;

  beforeAll(async () => {
    models = fs.mkdtempSync(path.join(os.tmpdir(), 'crisis-desk-models-'));
    reader = await createCrossEncoderReader({
      model: FIXTURE,
      localModelPath: models,
      dtype: 'fp32',
      maxTokens: 64,
      batchSize: 2,
    });
  });
  afterAll(async () => {
    await reader.close();
    fs.rmSync(models, { recursive: true, force: true });
  });

  it('the committed fixture is exactly what the generator script writes', () => {
    for (const [name, bytes] of buildTinyReaderFiles()) {
      expect(Buffer.compare(fs.readFileSync(path.join(FIXTURE, name)), bytes), name).toBe(0);
    }
  });

  it('gives one finite logit per passage, in the order given, whatever the batches', async () => {
    const scores = await reader.score('When did Russia seize Crimea?', PASSAGES);
    expect(scores).toHaveLength(3);
    for (const s of scores) expect(Number.isFinite(s)).toBe(true);
    // Each passage alone gets the score it got among the others (padding never leaks into a score).
    for (const [i, p] of PASSAGES.entries()) {
      const [alone] = await reader.score('When did Russia seize Crimea?', [p]);
      expect(alone).toBeCloseTo(scores[i]!, 4);
    }
    const reversed = await reader.score('When did Russia seize Crimea?', [...PASSAGES].reverse());
    expect(reversed.reverse().map((s) => s.toFixed(4))).toEqual(scores.map((s) => s.toFixed(4)));
  });

  it('reads the question: another question scores the same passage differently', async () => {
    const [a] = await reader.score('When did Russia seize Crimea?', [PASSAGES[0]!]);
    const [b] = await reader.score('Which banks were sanctioned?', [PASSAGES[0]!]);
    expect(a).not.toBeCloseTo(b!, 6);
  });

  it('reads no further than maxTokens: a passage longer than that scores as its beginning', async () => {
    const head = 'russia seized crimea '.repeat(30);
    const [long] = await reader.score('crimea', [`${head} ${'ukraine '.repeat(50)}`]);
    const [short] = await reader.score('crimea', [`${head} ${'kyiv '.repeat(50)}`]);
    expect(long).toBeCloseTo(short!, 5);
  });

  it('scores nothing for no passages, and refuses once closed', async () => {
    expect(await reader.score('anything', [])).toEqual([]);
    const other = await createCrossEncoderReader({
      model: FIXTURE,
      localModelPath: models,
      dtype: 'fp32',
      maxTokens: 64,
    });
    await other.close();
    await other.close();
    await expect(other.score('q', ['p'])).rejects.toThrow(
      'crisis-desk: reader: expected an open reader, got a closed one',
    );
  });

  it('names the folder, the files and the fetch command when the model is missing', async () => {
    await expect(
      createCrossEncoderReader({ model: 'cross-encoder/nowhere', localModelPath: models }),
    ).rejects.toThrow(
      `crisis-desk: reader "cross-encoder/nowhere": expected config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx in ${path.join(models, 'cross-encoder/nowhere')}, got no config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx (fetch it with: npm run models -- fetch nowhere)`,
    );
  });

  it('refuses a token budget too small to hold a question and a passage', async () => {
    await expect(
      createCrossEncoderReader({ model: FIXTURE, localModelPath: models, maxTokens: 8 }),
    ).rejects.toThrow('crisis-desk: reader maxTokens: expected an integer ≥ 16, got 8');
  });
});
