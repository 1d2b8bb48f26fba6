/**
 * The catalog itself, and (real model, when fetched) the files in models/ against it. `npm test` fetches the
 * default model first when a source works; otherwise these real-model tests are skipped with the reason.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEngineConfig } from '../../src/config.ts';
import { BGE_SMALL, DEFAULT_MODEL_NAME, MODELS, findModel } from '../../src/models/catalog.ts';
import { modelAvailability, modelDir } from '../../src/models/fetch.ts';

describe('catalog', () => {
  it('has unique names and ids, a default, and member paths for every file of every package source', () => {
    expect(new Set(MODELS.map((m) => m.name)).size).toBe(MODELS.length);
    expect(new Set(MODELS.map((m) => m.id)).size).toBe(MODELS.length);
    expect(findModel(DEFAULT_MODEL_NAME)).toBe(MODELS[0]);
    expect(findModel('xenova/ALL-minilm-l6-v2')?.name).toBe('all-MiniLM-L6-v2');
    for (const m of MODELS) {
      for (const f of m.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      for (const s of m.sources)
        if (s.kind !== 'hub')
          expect(Object.keys(s.members).sort()).toEqual(m.files.map((f) => f.path).sort());
    }
  });
});

const modelsDir = loadEngineConfig().transformersLocalModels;
const bge = await modelAvailability(BGE_SMALL, modelsDir);

describe.skipIf(!bge.available)(`catalog files (real model: ${BGE_SMALL.name})`, () => {
  it.each(BGE_SMALL.files)('$path has the catalog sha256', async (file) => {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path.join(modelDir(BGE_SMALL, modelsDir), file.path)))
      hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(file.sha256);
  });
});

if (!bge.available) console.log(`skipped: ${bge.reason}`);
