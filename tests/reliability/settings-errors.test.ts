/**
 * Setting mistakes met by real processes: each is one line naming the setting, exit 2 (the user's to fix, not
 * a crash), and never the value when it could be a secret. The evaluation scripts answer --help.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { type CliResult, runCli, runScript } from '../helpers/run-cli.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const TOKEN = 'sk_live_51HxQwErTyUiOpAsDfGhJkL0123456789';

function expectOneLine(run: CliResult, line: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toBe(`${line}\n`);
}

describe('setting errors: exit 2, one line, the key named, a secret never echoed', () => {
  it('a token pasted into EMBEDDING_MODEL is not printed back', async () => {
    const dataDir = path.join(await temp.make(), 'data');
    const run = await runCli('ask.ts', ['Who?'], { env: { DATA_DIR: dataDir, EMBEDDING_MODEL: TOKEN } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
      `error: setting EMBEDDING_MODEL: expected use-lite, a catalog model (bge-small-en-v1.5, all-MiniLM-L6-v2), an org/name model id or a model folder, got a value of ${TOKEN.length} characters (not shown)`,
    );
    expect(run.stdout + run.stderr).not.toContain(TOKEN.slice(0, 10));
    // Nor when an index exists and the model it was built with is compared with the setting.
    await mkdir(dataDir, { recursive: true });
    await buildFake(dataDir, await seedArticles());
    const again = await runCli('ask.ts', ['Who?'], { env: { DATA_DIR: dataDir, EMBEDDING_MODEL: TOKEN } });
    expectOneLine(
      again,
      `error: setting EMBEDDING_MODEL: expected use-lite, a catalog model (bge-small-en-v1.5, all-MiniLM-L6-v2), an org/name model id or a model folder, got a value of ${TOKEN.length} characters (not shown)`,
    );
  }, 60_000);

  it('serve with workers: DATA_DIR a file, and an empty CURRENT', async () => {
    const root = await temp.make();
    const file = path.join(root, 'file.txt');
    await writeFile(file, 'not a folder');
    const index = path.join(root, 'index');
    await mkdir(index);
    await writeFile(path.join(index, 'CURRENT'), '');
    const env = { SERVE_PORT: '0', SERVE_WORKERS: '2', EMBEDDING_MODEL: 'use-lite', EMBED_WORKERS: '1' };
    const [asFile, empty] = await Promise.all([
      runCli('serve.ts', [], { env: { ...env, DATA_DIR: file } }),
      runCli('serve.ts', [], { env: { ...env, DATA_DIR: index } }),
    ]);
    expectOneLine(
      asFile,
      `error: search worker failed to start: DATA_DIR or --data-dir: expected a folder for the index, but ${file} is a file`,
    );
    expectOneLine(
      empty,
      `error: search worker failed to start: ${path.join(index, 'CURRENT')} is empty; expected the name of an index generation (gen-…): run \`npm run index -- --rebuild\``,
    );
  }, 60_000);
});

describe('npm run pg:local', () => {
  it('on a port in use: one line naming --port, exit 2', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const run = await runCli('pg-local.ts', ['--port', String(port)]);
      expectOneLine(
        run,
        `error: --port: expected a free port on 127.0.0.1, got ${port}, which another process is listening on; pass another --port`,
      );
      expect(run.stdout).toBe('');
    } finally {
      holder.close();
    }
  }, 60_000);
});

describe('the evaluation scripts', () => {
  it('eval:dated and eval:story --help print their usage and exit 0', async () => {
    const [dated, story] = await Promise.all([
      runScript('eval-dated.ts', ['--help']),
      runScript('story-threshold.ts', ['--help']),
    ]);
    for (const run of [dated, story]) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
    }
    expect(dated.stdout).toMatch(/^usage: npm run eval:dated -- <data-dir> <dated\.jsonl>/);
    expect(story.stdout).toMatch(/^usage: npm run eval:story -- <story-pairs\.jsonl>/);
  }, 60_000);
});
