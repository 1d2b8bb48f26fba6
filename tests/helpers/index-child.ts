/**
 * Child process for the crash and fault-injection tests: indexes into DATA_DIR with a FakeEmbedder that waits a
 * little per batch, and reports each step on stdout so the parent can kill it at a chosen moment.
 *
 *   node --import tsx tests/helpers/index-child.ts <dataDir> <articles.json | -> <msPerBatch>
 *
 * With `-` instead of a file, it reads the paths in INDEX_INPUTS (a JSON array) through indexPaths, as the CLI
 * does. Faults are injected from the environment; a "step" is every embedder batch and every file-system call
 * that changes something (open for writing, write, fsync, rename, link, mkdir, rm, …), counted from 1:
 * - FAULT_TRACE=1        prints `step <n> <call> <file name>` before each step;
 * - FAULT_KILL_AT=<n>    SIGKILLs itself just before step n (the step never happens);
 * - FAULT_FAIL_AT=<n>    makes step n fail with FAULT_ERRNO (default ENOSPC), as a full disk would;
 * - FAULT_HOLD=1         waits for a `go` line on stdin before starting, and holds its first embedder batch
 *                        until a `release` line (to run several at once, deterministically);
 * - INDEX_REBUILD=1, INDEX_PRUNE=1 as --rebuild and --prune;
 * - DATABASE_URL=postgres://…  indexes into that database instead (the data dir is then unused); every SQL
 *                        statement sent, BEGIN and COMMIT included, is a step (`step <n> sql <first word>`).
 * Ends with `summary <json>` and exit 0, or `error <name> <message>` and exit 2 (user errors) or 1.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { openDb } from '../../src/index/pg/db.ts';
import { indexPaths } from '../../src/host/index-paths.ts';
import { buildIndex } from '../../src/index/indexer.ts';
import type { Article } from '../../src/types.ts';

const env = process.env;
const killAt = Number(env.FAULT_KILL_AT ?? 0);
const failAt = Number(env.FAULT_FAIL_AT ?? 0);
const trace = env.FAULT_TRACE === '1';
let steps = 0;

/** Counts a step; dies or fails there when told to. */
function step(call: string, target: unknown): void {
  steps++;
  const name = typeof target === 'string' ? path.basename(target) : '';
  if (trace) process.stdout.write(`step ${steps} ${call} ${name}\n`);
  if (steps === killAt) process.kill(process.pid, 'SIGKILL');
  if (steps === failAt) {
    const code = env.FAULT_ERRNO ?? 'ENOSPC';
    throw Object.assign(new Error(`${code}: injected failure, ${call} '${String(target)}'`), {
      code,
      syscall: call,
    });
  }
}

const writes = (flags: unknown): boolean =>
  typeof flags === 'number'
    ? (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0
    : /[wa+]/.test(String(flags ?? 'r'));

if (killAt || failAt || trace) {
  const promises = fsp as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of [
    'writeFile',
    'rename',
    'mkdir',
    'rm',
    'unlink',
    'link',
    'truncate',
    'copyFile',
    'appendFile',
  ]) {
    const original = promises[name]!;
    promises[name] = async (...args: unknown[]) => {
      step(name, args[0]);
      return original(...args);
    };
  }
  const originalOpen = promises.open!;
  promises.open = async (...args: unknown[]) => {
    if (writes(args[1])) step('open', args[0]);
    return originalOpen(...args);
  };
  const sync = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['fsyncSync', 'writeFileSync', 'renameSync', 'mkdirSync', 'rmSync', 'unlinkSync']) {
    const original = sync[name]!;
    sync[name] = (...args: unknown[]) => {
      step(name, args[0]);
      return original(...args);
    };
  }
  syncBuiltinESMExports();
  const probe = await fsp.open(process.execPath, 'r');
  const handle = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  await probe.close();
  for (const name of ['writeFile', 'write', 'sync']) {
    const original = handle[name]!;
    handle[name] = async function (this: unknown, ...args: unknown[]) {
      step(`handle.${name}`, '');
      return original.apply(this, args);
    };
  }
}

const database = env.DATABASE_URL ? openDb(env.DATABASE_URL) : undefined;
if (database && (killAt || failAt || trace)) {
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = client.query;
  client.query = function (this: unknown, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : '';
    step('sql', sql.trim().split(/\s+/)[0] ?? '');
    return original.apply(this, args);
  };
}

let lines: AsyncIterator<string> | undefined;
async function waitFor(word: string): Promise<void> {
  lines ??= createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new Error(`stdin ended before ${word}`);
    if (next.value.trim() === word) return;
  }
}

class SlowFakeEmbedder extends FakeEmbedder {
  private held = env.FAULT_HOLD === '1';

  constructor(private readonly delayMs: number) {
    super();
  }

  override async embed(texts: readonly string[]): Promise<Float32Array[]> {
    step('embed', '');
    if (this.held) {
      process.stdout.write('holding\n');
      await waitFor('release');
      this.held = false;
    }
    if (this.delayMs > 0) await sleep(this.delayMs);
    return super.embed(texts);
  }
}

const [dataDir, articlesFile, delay] = process.argv.slice(2);
if (!dataDir || !articlesFile || !delay)
  throw new Error('usage: index-child.ts <dataDir> <articles.json | -> <msPerBatch>');
process.stdout.write('ready\n');
if (env.FAULT_HOLD === '1') await waitFor('go');
const embedder = new SlowFakeEmbedder(Number(delay));
const onProgress = (p: { stage: string; done: number; total: number }): void => {
  process.stdout.write(`progress ${p.stage} ${p.done}/${p.total}\n`);
};
try {
  const summary =
    articlesFile === '-'
      ? await indexPaths({
          dataDir,
          inputs: JSON.parse(env.INDEX_INPUTS ?? '[]') as string[],
          embedder,
          batchSize: 2,
          rebuild: env.INDEX_REBUILD === '1',
          prune: env.INDEX_PRUNE === '1',
          onProgress,
        })
      : await buildIndex({
          dataDir,
          articles: JSON.parse(fs.readFileSync(articlesFile, 'utf8')) as Article[],
          embedder,
          batchSize: 2,
          rebuild: env.INDEX_REBUILD === '1',
          onProgress,
          ...(database ? { database } : {}),
        });
  process.stdout.write(`finished\nsummary ${JSON.stringify(summary)}\n`);
  process.exit(0);
} catch (error) {
  const e = error as Error;
  process.stdout.write(`error ${e.name} ${e.message}\n`);
  const user = ['IndexUnusableError', 'DataDirError', 'NothingToIndexError'].includes(e.name);
  process.exit(user ? 2 : 1);
}
