/**
 * One SIGTERM stops the whole tree of `SHARDS=2 npm start` (USE-lite over seeds/): npm, the sharding manager,
 * its two shard processes and the search service inside the manager. Sent to `npm start` or to the whole
 * process group (what systemd's default KillMode does), with a question in flight in a shard, the question is
 * answered, every process exits, and the exit code is 0. Sent while the second shard is still being launched,
 * nothing is left running either (before, the manager died at once and left its shards without a parent).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/articles.ts';
import { TEST_TOKEN } from '../helpers/bot-harness.ts';
import { FakeDiscord } from '../helpers/fake-discord.ts';
import { chatInput } from '../helpers/interactions.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
let pkgDir: string;
let dataDir: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = path.join(await temp.make(), 'index');
  // A package whose `start` script is the real one with the entry made absolute, so npm runs exactly what
  // `npm start` runs (and takes the tsx branch: this folder has no dist/).
  pkgDir = await temp.make();
  const real = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = real.scripts.start!;
  expect(script).toContain('src/cli/start.ts');
  const start = script.replace('src/cli/start.ts', path.join(REPO_ROOT, 'src', 'cli', 'start.ts'));
  await writeFile(
    path.join(pkgDir, 'package.json'),
    JSON.stringify({ name: 'start-under-npm', private: true, scripts: { start } }),
  );
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(pkgDir, 'node_modules'));
  await symlink(path.join(REPO_ROOT, 'seeds'), path.join(pkgDir, 'seeds'));
  await mkdir(path.join(pkgDir, 'tmp'), { recursive: true });
}, 60_000);

afterAll(async () => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  await temp.cleanup();
});

/**
 * Waits (bounded) until no process of the group led by `pid` is left, and says which are when some are: tsx's
 * esbuild helper ends a moment after the node process it served, so "gone" is polled, not checked once.
 */
async function groupGone(pid: number): Promise<string> {
  const alive = (): boolean => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 400 && alive(); i++) await new Promise((r) => setTimeout(r, 25));
  return alive() ? execFileSync('ps', ['-o', 'pid,stat,args', '-g', String(pid)], { encoding: 'utf8' }) : '';
}

async function startTree(fake: FakeDiscord) {
  const child = spawn('npm', ['run', '--silent', 'start'], {
    cwd: pkgDir,
    // Its own process group, so the test can signal the group as systemd would, and check that it is empty.
    detached: true,
    env: {
      ...process.env,
      SHARDS: '2',
      SHARDING_MANAGER: '',
      SEARCH_URL: '',
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_REST_API: fake.restApi,
      DATA_DIR: dataDir,
      EMBEDDING_MODEL: 'use-lite',
      READER: 'off',
      SERVE_WORKERS: '1',
      ASK_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, log: () => log, exit };
}

/** Waits (bounded, so a broken tree fails instead of hanging) until the log holds `n` matches of `pattern`. */
async function logged(log: () => string, pattern: RegExp, n: number): Promise<void> {
  for (let i = 0; i < 2400 && (log().match(new RegExp(pattern, 'g')) ?? []).length < n; i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  expect((log().match(new RegExp(pattern, 'g')) ?? []).length, log()).toBeGreaterThanOrEqual(n);
}

describe('one SIGTERM stops manager, shards and service with no question lost', () => {
  for (const to of ['npm start', 'the process group'] as const) {
    it(`sent to ${to} while a shard is answering`, async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let arrived!: () => void;
      const deferred = new Promise<void>((resolve) => (arrived = resolve));
      // Discord is slow to take the shard's acknowledgement: the question is in flight until the test says so.
      const fake = await FakeDiscord.start({
        token: TEST_TOKEN,
        hold: (method, route) => {
          if (method !== 'POST' || !route.endsWith('/callback')) return undefined;
          arrived();
          return released;
        },
      });
      try {
        const tree = await startTree(fake);
        await fake.waitForFrame(
          (f) => f.direction === 'received' && f.op === 2,
          110_000,
          'shard 0 identifying',
        );
        await fake.waitForFrame(
          (f) => f.direction === 'received' && f.op === 2,
          110_000,
          'shard 1 identifying',
        );
        await logged(tree.log, /crisis-desk: all shards launched/, 1);

        const i = chatInput(fake.applicationId, 'ask', {
          question: 'Why did Blinken cancel the meeting with Lavrov?',
        });
        fake.sendInteraction(i, 0);
        await deferred;
        if (to === 'the process group') process.kill(-tree.child.pid!, 'SIGTERM');
        else tree.child.kill('SIGTERM');
        // The manager and both shards have the signal (the shards from the group, or from the manager).
        await logged(tree.log, /SIGTERM received/, 3);
        release();

        const edit = await fake.waitForRequest(
          (r) => r.method === 'PATCH' && r.path.includes(i.token),
          'the answer',
          60_000,
        );
        expect(JSON.stringify(edit.body)).toMatch(/Blinken/);
        expect(await tree.exit, tree.log()).toEqual({ code: 0, signal: null });
        expect(await groupGone(tree.child.pid!), tree.log()).toBe('');
        expect(tree.log().match(/crisis-desk: gateway closed/g)).toHaveLength(2);
        expect(tree.log()).toMatch(/"msg":"service closed","unfinished":0/);
        expect(tree.log()).not.toMatch(/respawning/);
      } finally {
        release();
        await fake.close();
      }
    }, 240_000);
  }

  it('sent while the second shard is still being launched', async () => {
    const fake = await FakeDiscord.start({ token: TEST_TOKEN });
    try {
      const tree = await startTree(fake);
      // discord.js launches shard 1 seconds after shard 0 is ready: signal in between.
      await fake
        .waitForFrame((f) => f.direction === 'received' && f.op === 2, 110_000, 'shard 0 identifying')
        .catch((e: Error) => {
          throw new Error(`${e.message}\n${tree.log()}`);
        });
      await logged(tree.log, /crisis-desk: ready/, 1);
      expect(tree.log()).not.toMatch(/all shards launched/);
      tree.child.kill('SIGTERM');
      expect(await tree.exit, tree.log()).toEqual({ code: 0, signal: null });
      expect(await groupGone(tree.child.pid!), tree.log()).toBe('');
      expect(tree.log()).toMatch(/"msg":"service closed"/);
    } finally {
      await fake.close();
    }
  }, 240_000);
});
