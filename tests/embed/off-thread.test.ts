/**
 * Real-runtime test: the off-thread embedder runs the tiny BERT fixture (tests/fixtures/tiny-bert) on a worker
 * thread, offline, and must give exactly the vectors the in-process embedder gives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embed/embedder.ts';
import { embedOffThread } from '../../src/embed/off-thread.ts';
import {
  createTransformersEmbedder,
  type TransformersEmbedderOptions,
} from '../../src/embed/transformers.ts';
import { TINY_BERT_DIR } from '../../scripts/tiny-bert/files.ts';

const TEXTS = [
  'Kuleba met Blinken in Washington.',
  'Russia seized the Crimean Peninsula in 2014.',
  'Grain exports resumed from Odesa.',
];

describe('off-thread embedder [real runtime: onnxruntime-node on a worker thread, tiny BERT fixture]', () => {
  let models: string;
  let spec: TransformersEmbedderOptions;
  let local: Embedder;
  let background: Embedder;

  beforeAll(async () => {
    models = fs.mkdtempSync(path.join(os.tmpdir(), 'crisis-desk-models-'));
    spec = { model: path.resolve(TINY_BERT_DIR), localModelPath: models, dtype: 'fp32', batchSize: 2 };
    local = await createTransformersEmbedder(spec);
    background = await embedOffThread(local, spec);
  });

  afterAll(async () => {
    await background.close();
    await local.close();
    fs.rmSync(models, { recursive: true, force: true });
  });

  it('is the same model as the process embedder: id, width, token limit, tokens', () => {
    expect(background.id).toBe(local.id);
    expect(background.dimensions).toBe(local.dimensions);
    expect(background.maxTokens).toBe(local.maxTokens);
    expect(background.unit).toBe(local.unit);
    expect(background.countTokens(TEXTS[0]!)).toBe(local.countTokens(TEXTS[0]!));
  });

  it('embeds passages on the worker into exactly the in-process vectors, in order', async () => {
    const [mine, theirs] = await Promise.all([background.embed(TEXTS), local.embed(TEXTS)]);
    expect(mine).toHaveLength(TEXTS.length);
    mine.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(theirs[i]!)));
    expect(await background.embed([])).toEqual([]);
  });

  it('keeps jobs apart when several are in flight at once', async () => {
    const jobs = await Promise.all(TEXTS.map((t) => background.embed([t])));
    const alone = await local.embed(TEXTS);
    jobs.forEach(([v], i) => expect(Array.from(v!)).toEqual(Array.from(alone[i]!)));
  });

  it('refuses a worker whose model is not the process embedder’s, naming both', async () => {
    const other = { ...local, id: 'transformers:another-model' } as Embedder;
    await expect(embedOffThread(other, spec)).rejects.toThrow(
      `expected the worker to load transformers:another-model, got ${local.id}`,
    );
  });

  it('says why when the worker cannot load the model', async () => {
    await expect(
      embedOffThread(local, { ...spec, model: path.join(models, 'missing-model') }),
    ).rejects.toThrow(/embedding worker failed to start: .*missing-model/);
  });

  it('closing it stops the worker and leaves the process embedder open', async () => {
    const second = await embedOffThread(local, spec);
    await second.close();
    await second.close();
    await expect(second.embed(TEXTS)).rejects.toThrow('expected an open embedder, got a closed one');
    expect(await local.embed([TEXTS[0]!])).toHaveLength(1);
  });
});
