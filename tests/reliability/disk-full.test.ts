/**
 * A full disk, for real: small tmpfs mounts (when the tests run as root and mount works, as in this project's
 * containers). Free space is checked before writing; a write that fails anyway (out of inodes) removes its
 * partial files; a leftover temporary generation that fills the disk is removed by the next run; and the CLI
 * says so in one line. Without tmpfs, the same failures are injected by tests/reliability/kill.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, statfs, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../src/embed/fake.ts';
import { IndexWriteError, readGeneration } from '../../src/index/store.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import type { Article } from '../../src/types.ts';
import { makeArticle, seedArticles } from '../helpers/articles.ts';
import { snapshot } from '../helpers/fault.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { randomArticle, seededRandom } from '../helpers/random-text.ts';
import { runCli } from '../helpers/run-cli.ts';
import { TempDirs } from '../helpers/temp-dir.ts';
import { FAKE_SEARCH_PARAMS } from '../helpers/fake-params.ts';

const temp = new TempDirs();
const mounts: string[] = [];

function mount(dir: string, options: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const dir of mounts.reverse()) execFileSync('umount', [dir], { stdio: 'ignore' });
  await temp.cleanup();
});

/** Fills `dir`'s file system until `leave` bytes are free, with one file. */
async function fill(file: string, leave: number): Promise<void> {
  const fs = await statfs(path.dirname(file));
  const free = Number(fs.bavail) * Number(fs.bsize);
  await writeFile(file, Buffer.alloc(Math.max(0, free - leave)));
}

const isRoot = process.getuid?.() === 0;
let canMount = false;
let base: Article[];
let bigger: Article[];
let work: string;

beforeAll(async () => {
  work = await temp.make();
  const probe = path.join(work, 'probe');
  await mkdir(probe);
  canMount = isRoot && mount(probe, 'size=1m');
  base = await seedArticles();
  const rng = seededRandom(11);
  bigger = [
    ...base,
    ...Array.from({ length: 30 }, (_, i) => makeArticle({ id: `d-${i}`, text: randomArticle(rng).text })),
  ];
});

describe('fault injection: a full disk (tmpfs)', () => {
  async function tmpfs(name: string, options: string): Promise<string> {
    const dir = path.join(work, name);
    await mkdir(dir);
    if (!mount(dir, options)) throw new Error(`mount tmpfs ${options} on ${dir} failed`);
    return dir;
  }

  it('not enough room: refused before writing, with the sizes, and the old index untouched', async (t) => {
    if (!canMount) t.skip('needs root and mount (tmpfs); kill.test.ts injects ENOSPC instead');
    const disk = await tmpfs('small', 'size=3m');
    const dataDir = path.join(disk, 'data');
    const old = (await buildFake(dataDir, base)).summary.generation;
    await fill(path.join(disk, 'someone-elses-file'), 40_000);
    const before = await snapshot(dataDir);
    const error = (await buildFake(dataDir, bigger).catch((e: unknown) => e)) as IndexWriteError;
    expect(error).toBeInstanceOf(IndexWriteError);
    expect(error.message).toMatch(
      new RegExp(
        `^crisis-desk: not enough free space in ${dataDir} for the new index: it needs about \\d+\\.\\d MB, only 0\\.0 MB free; the index in use is unchanged$`,
      ),
    );
    expect(await snapshot(dataDir)).toEqual(before);
    expect((await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS)).generation).toBe(old);
  });

  it('the disk fills while writing (no inodes left): ENOSPC, partial files removed, the next run succeeds', async (t) => {
    if (!canMount) t.skip('needs root and mount (tmpfs); kill.test.ts injects ENOSPC instead');
    const disk = await tmpfs('inodes', 'size=3m,nr_inodes=64');
    const dataDir = path.join(disk, 'data');
    const old = (await buildFake(dataDir, base)).summary.generation;
    // Use up all but four inodes: free space looks fine, but the new generation's third file cannot be created.
    const fs = await statfs(disk);
    await mkdir(path.join(disk, 'many'));
    for (let i = 0; i < Number(fs.ffree) - 5; i++) await writeFile(path.join(disk, 'many', String(i)), '');
    const before = await snapshot(dataDir);
    await expect(buildFake(dataDir, bigger)).rejects.toMatchObject({
      name: 'IndexWriteError',
      code: 'ENOSPC',
      message: `crisis-desk: no space left on the device of ${dataDir} (ENOSPC) while writing the new index; the index in use is unchanged and the partial files were removed: free some space and run again`,
    });
    expect(await snapshot(dataDir)).toEqual(before);
    expect((await readGeneration(dataDir)).generation).toBe(old);
    execFileSync('mount', ['-o', 'remount,nr_inodes=1024', disk]);
    const next = await buildFake(dataDir, bigger);
    expect((await readGeneration(dataDir)).generation).toBe(next.summary.generation);
  });

  it('a temporary generation left by a killed run that fills the disk is removed at the start of the next run', async (t) => {
    if (!canMount) t.skip('needs root and mount (tmpfs)');
    const disk = await tmpfs('leftover', 'size=3m');
    const dataDir = path.join(disk, 'data');
    await buildFake(dataDir, base);
    const leftover = path.join(dataDir, '.tmp-gen-zzzz-0-999999');
    await mkdir(leftover);
    await fill(path.join(leftover, 'vectors.f32'), 16_384);
    await writeFile(path.join(dataDir, 'CURRENT.tmp-999999'), 'gen-zzzz-0-999999\n');
    const next = await buildFake(dataDir, bigger);
    const names = await readdir(dataDir);
    expect(names.filter((n) => !n.startsWith('gen-')).sort()).toEqual(['CURRENT']);
    expect(names).toContain(next.summary.generation);
    expect(
      await (await SearchEngine.open(dataDir, new FakeEmbedder(), FAKE_SEARCH_PARAMS)).documents(),
    ).toHaveLength(bigger.length);
  });

  it('the CLI reports a full disk in one line (exit 1) and leaves nothing behind', async (t) => {
    if (!canMount) t.skip('needs root and mount (tmpfs)');
    const disk = await tmpfs('cli', 'size=64k');
    const dataDir = path.join(disk, 'data');
    const run = await runCli('index-articles.ts', ['seeds', '--data-dir', dataDir], {
      env: { EMBED_WORKERS: '1' },
    });
    expect(run.code).toBe(1);
    const lines = run.stderr.split('\n').filter((l) => l.startsWith('error'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^error: not enough free space in ${dataDir} for the new index: it needs about \\d+\\.\\d MB, only 0\\.\\d MB free; the index in use is unchanged$`,
      ),
    );
    expect(run.stderr).not.toContain('    at ');
    expect(await readdir(dataDir)).toEqual([]);
  });
});
