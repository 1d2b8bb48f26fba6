/**
 * Real-runtime test: the transformers.js feature-extraction pipeline on onnxruntime-node, loading the
 * tiny BERT fixture (tests/fixtures/tiny-bert, built by scripts/make-tiny-bert.ts) fully offline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dot } from '../../src/embed/embedder.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { createTransformersEmbedder } from '../../src/embed/transformers.ts';
import { TINY_BERT_DIR, buildTinyBertFiles } from '../../scripts/tiny-bert/files.ts';

// Runs before the imports above are evaluated: transformers.js captures `fetch` when it loads, so any
// download attempt during these tests fails loudly instead of reaching the network.
vi.hoisted(() => {
  globalThis.fetch = () => Promise.reject(new Error('test: network access attempted'));
});

const FIXTURE = path.resolve(TINY_BERT_DIR);

function norm(v: Float32Array): number {
  return Math.sqrt(dot(v, v));
}

describe('transformers.js embedder [real runtime: onnxruntime-node, tiny BERT fixture, offline]', () => {
  let emptyModels: string;
  let embedder: Embedder;

  beforeAll(async () => {
    emptyModels = fs.mkdtempSync(path.join(os.tmpdir(), 'crisis-desk-models-'));
    embedder = await createTransformersEmbedder({
      model: FIXTURE,
      localModelPath: emptyModels,
      allowRemoteModels: false,
      dtype: 'fp32',
      batchSize: 2,
    });
  });

  afterAll(async () => {
    await embedder.close();
    fs.rmSync(emptyModels, { recursive: true, force: true });
  });

  it('the committed fixture is exactly what the generator script writes', () => {
    for (const [name, bytes] of buildTinyBertFiles()) {
      expect(Buffer.compare(fs.readFileSync(path.join(FIXTURE, name)), bytes), name).toBe(0);
    }
  });

  it('reports the model width, its token limit and an id naming model, dtype and weights', () => {
    expect(embedder.dimensions).toBe(32);
    expect(embedder.maxTokens).toBe(64);
    expect(embedder.id).toMatch(new RegExp(`^transformers:${FIXTURE}:fp32:[0-9a-f]{12}:mean:64$`));
    expect(embedder.unit).toBe('chunk');
  });

  it('embeds questions like passages when the model has no query instruction', async () => {
    const q = 'Who did Kuleba meet?';
    expect(await embedder.embedQueries([q])).toEqual(await embedder.embed([q]));
  });

  it('prefixes the query instruction to questions only, pools by CLS when asked, and names both in its id', async () => {
    const instruction = 'Represent this sentence for searching relevant passages: ';
    const bge = await createTransformersEmbedder({
      model: FIXTURE,
      localModelPath: emptyModels,
      dtype: 'fp32',
      pooling: 'cls',
      queryInstruction: instruction,
      maxTokens: 48,
    });
    try {
      expect(bge.id).toMatch(/:cls\+instruction:48$/);
      expect(bge.maxTokens).toBe(48);
      const q = 'Who did Kuleba meet?';
      const [asQuery] = await bge.embedQueries([q]);
      expect(asQuery).toEqual((await bge.embed([instruction + q]))[0]);
      expect(dot(asQuery!, (await bge.embed([q]))[0]!)).toBeLessThan(0.9999);
      // CLS pooling reads one position, mean pooling averages all: different vectors for the same text.
      expect(dot((await bge.embed([q]))[0]!, (await embedder.embed([q]))[0]!)).toBeLessThan(0.9999);
    } finally {
      await bge.close();
    }
  });

  it('returns one unit vector per text, empty text included', async () => {
    const vectors = await embedder.embed(['Blinken met Lavrov in Geneva.', '', 'Sanctions on Russian banks']);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(32);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it('is deterministic across calls and across loads', async () => {
    const text = 'Russian troops massed near the Ukraine border.';
    const [a] = await embedder.embed([text]);
    const [b] = await embedder.embed([text]);
    expect(b).toEqual(a);
    const again = await createTransformersEmbedder({
      model: FIXTURE,
      localModelPath: emptyModels,
      dtype: 'fp32',
    });
    try {
      expect(again.id).toBe(embedder.id);
      expect((await again.embed([text]))[0]).toEqual(a);
    } finally {
      await again.close();
    }
  });

  it('keeps input order across batches (batchSize 2, five texts of different lengths)', async () => {
    const texts = [
      'kyiv',
      'nato allies met in brussels on friday',
      'gas prices',
      'putin',
      'talks in geneva were called off',
    ];
    const together = await embedder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      // Padding inside a batch may change the float summation order, never the result beyond rounding.
      expect(dot(together[i]!, alone!)).toBeCloseTo(1, 5);
    }
  });

  it('puts a near paraphrase closer than an unrelated text', async () => {
    // Meaningful even for random weights: the residual paths keep each token's embedding dominant, so
    // texts that share most tokens share most of their mean-pooled vector.
    const [a, b, c] = await embedder.embed([
      'Russian troops near the Ukraine border',
      'Russian troops at the Ukraine border',
      'gas prices in europe rose sharply',
    ]);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
  });

  it('counts tokens with the model tokenizer, [CLS] and [SEP] included', () => {
    // [CLS] blinken met lavrov [SEP]
    expect(embedder.countTokens('Blinken met Lavrov')).toBe(5);
    // A word outside the vocabulary splits into WordPiece pieces: [CLS] z ##z ##q [SEP].
    expect(embedder.countTokens('zzq')).toBe(5);
  });

  it('truncates a text longer than maxTokens instead of failing', async () => {
    const head = 'the war in ukraine '.repeat(20);
    const long = `${head} sanctions on russia`;
    const otherTail = `${head} gas prices in europe`;
    expect(embedder.countTokens(long)).toBeGreaterThan(embedder.maxTokens);
    const [a, b] = await embedder.embed([long, otherTail]);
    expect(norm(a!)).toBeCloseTo(1, 5);
    // Both are cut inside the shared head, so the differing tails are never seen.
    expect(dot(a!, b!)).toBeCloseTo(1, 5);
  });

  it('caps a tokenizer without model_max_length at max_position_embeddings', async () => {
    // Without the cap the pipeline would not truncate, and position 64 would fall off the model's table.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'crisis-desk-tiny-bert-'));
    try {
      fs.cpSync(FIXTURE, copy, { recursive: true });
      const configPath = path.join(copy, 'tokenizer_config.json');
      const { model_max_length: _dropped, ...rest } = JSON.parse(fs.readFileSync(configPath, 'utf8'));
      fs.writeFileSync(configPath, JSON.stringify(rest));
      const uncapped = await createTransformersEmbedder({
        model: copy,
        localModelPath: emptyModels,
        dtype: 'fp32',
      });
      try {
        expect(uncapped.maxTokens).toBe(64);
        const [v] = await uncapped.embed(['the war in ukraine '.repeat(30)]);
        expect(norm(v!)).toBeCloseTo(1, 5);
      } finally {
        await uncapped.close();
      }
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('loads a model id from localModelPath as <org>/<name>/', async () => {
    const models = fs.mkdtempSync(path.join(os.tmpdir(), 'crisis-desk-models-'));
    try {
      fs.cpSync(FIXTURE, path.join(models, 'crisis-desk', 'tiny-bert'), { recursive: true });
      const byId = await createTransformersEmbedder({
        model: 'crisis-desk/tiny-bert',
        localModelPath: models,
        dtype: 'fp32',
      });
      try {
        expect(byId.id).toMatch(/^transformers:crisis-desk\/tiny-bert:fp32:[0-9a-f]{12}:mean:64$/);
        expect(byId.id.split(':').slice(-3)).toEqual(embedder.id.split(':').slice(-3));
        const text = 'Lavrov and Blinken';
        expect((await byId.embed([text]))[0]).toEqual((await embedder.embed([text]))[0]);
      } finally {
        await byId.close();
      }
    } finally {
      fs.rmSync(models, { recursive: true, force: true });
    }
  });

  it('names the folder and files it looked for when a model id is missing', async () => {
    const missing = path.join(emptyModels, 'Xenova', 'all-MiniLM-L6-v2');
    await expect(
      createTransformersEmbedder({ model: 'Xenova/all-MiniLM-L6-v2', localModelPath: emptyModels }),
    ).rejects.toThrow(
      `crisis-desk: transformers model "Xenova/all-MiniLM-L6-v2" (dtype q8): expected config.json, tokenizer.json, ` +
        `tokenizer_config.json, onnx/model_quantized.onnx in ${missing}, got no such folder. ` +
        `Put the model folder at that path (see docs/transformers.md), or set TRANSFORMERS_ALLOW_REMOTE=true`,
    );
  });

  it('says which file is missing and which weights exist when the dtype does not match', async () => {
    await expect(createTransformersEmbedder({ model: FIXTURE, localModelPath: emptyModels })).rejects.toThrow(
      `expected config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx in ${FIXTURE}, ` +
        `got no onnx/model_quantized.onnx. The folder has onnx/model.onnx: choose the dtype that loads it`,
    );
  });

  it('wraps a failed download in a crisis-desk error when remote models are allowed', async () => {
    // fetch is stubbed above, so this also proves that only allowRemoteModels opens the network.
    await expect(
      createTransformersEmbedder({
        model: 'crisis-desk/not-there',
        localModelPath: emptyModels,
        allowRemoteModels: true,
      }),
    ).rejects.toThrow(
      /^crisis-desk: transformers model "crisis-desk\/not-there": expected a loadable model in .*test: network access attempted/,
    );
  });

  it('rejects a missing folder path and a bad batch size with crisis-desk errors', async () => {
    const nowhere = path.join(emptyModels, 'no', 'such', 'model');
    await expect(createTransformersEmbedder({ model: nowhere, localModelPath: emptyModels })).rejects.toThrow(
      `in ${nowhere}, got no such folder. Copy a transformers.js model folder there`,
    );
    await expect(
      createTransformersEmbedder({
        model: FIXTURE,
        localModelPath: emptyModels,
        dtype: 'fp32',
        batchSize: 0,
      }),
    ).rejects.toThrow('crisis-desk: transformers batchSize: expected an integer ≥ 1, got 0');
  });

  it('can be closed twice and refuses to embed afterwards', async () => {
    const e = await createTransformersEmbedder({
      model: FIXTURE,
      localModelPath: emptyModels,
      dtype: 'fp32',
    });
    await e.close();
    await e.close();
    await expect(e.embed(['x'])).rejects.toThrow(
      'crisis-desk: transformers embedder: expected an open embedder',
    );
  });
});
