/**
 * One SIGTERM stops a real `serve` gracefully, whichever way it is sent: to the node process, to `npm run serve`,
 * or to the whole process group (npm and node both get it, and npm forwards its copy). Questions in flight when
 * it arrives are answered (200, no reset connection), the process exits 0, and nothing is left holding the port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, seedArticles } from '../helpers/articles.ts';
import { TEST_SEARCH_TOKEN } from '../helpers/engine-service.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const CHILD = path.join(REPO_ROOT, 'tests', 'helpers', 'serve-child.ts');
const temp = new TempDirs();
let dataDir: string;
let pkgDir: string;

beforeAll(async () => {
  dataDir = await temp.make();
  await buildFake(dataDir, await seedArticles());
  // A package whose `serve` script is the real one with the entry swapped for the fake-embedder child, so the
  // test runs npm exactly as `npm run serve` does.
  pkgDir = await temp.make();
  const real = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = real.scripts.serve!;
  expect(script).toContain('src/cli/serve.ts');
  await writeFile(
    path.join(pkgDir, 'package.json'),
    JSON.stringify({
      name: 'serve-under-npm',
      private: true,
      scripts: { serve: script.replace('src/cli/serve.ts', CHILD) },
    }),
  );
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(pkgDir, 'node_modules'));
  await mkdir(path.join(pkgDir, 'tmp'), { recursive: true });
}, 60_000);
afterAll(() => temp.cleanup());

type Way = 'the node process' | 'npm run serve' | 'the process group';

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function start(way: Way): Promise<Running> {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    SERVE_PORT: '0',
    SERVE_WORKERS: '2',
    SEARCH_TOKEN: TEST_SEARCH_TOKEN,
    LOG_LEVEL: 'debug',
    SERVE_CHILD_DELAY_MS: '1500',
  };
  const child =
    way === 'the node process'
      ? spawn(process.execPath, ['--import', 'tsx', CHILD], {
          cwd: REPO_ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn('npm', ['run', '--silent', 'serve'], {
          cwd: pkgDir,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: way === 'the process group',
        });
  let stderr = '';
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    void exit.then(() => reject(new Error(`serve exited before listening: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exit };
}

const ask = (url: string, question: string): Promise<number> =>
  fetch(`${url}/v1/ask`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_SEARCH_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  }).then(async (res) => {
    await res.arrayBuffer();
    return res.status;
  });

/** Waits (bounded) until the service has logged `n` started asks. */
async function inFlight(run: Running, n: number): Promise<void> {
  for (
    let i = 0;
    i < 400 && (run.stderr().match(/"msg":"request started"[^\n]*"\/v1\/ask"/g) ?? []).length < n;
    i++
  ) {
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('SIGTERM drains in-flight questions and exits 0', () => {
  for (const way of ['the node process', 'npm run serve', 'the process group'] as const) {
    it(`sent to ${way}`, async () => {
      const run = await start(way);
      const questions = Array.from({ length: 3 }, (_, i) => ask(run.url, `Who did Kuleba meet? ${i}`));
      await inFlight(run, 3);
      if (way === 'the process group') process.kill(-run.child.pid!, 'SIGTERM');
      else run.child.kill('SIGTERM');
      expect(await Promise.all(questions)).toEqual([200, 200, 200]);
      expect(await run.exit, run.stderr()).toEqual({ code: 0, signal: null });
      expect(run.stderr()).toMatch(/"msg":"service closed","unfinished":0/);
      // Nothing is left holding the port.
      await expect(fetch(`${run.url}/v1/health`)).rejects.toThrow();
    }, 90_000);
  }
});
