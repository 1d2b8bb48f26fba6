import { spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanLeftovers, inspectDataDir } from '../../src/index/generations.ts';
import { readGeneration } from '../../src/index/store.ts';
import type { Article } from '../../src/types.ts';
import { seedArticles } from '../helpers/articles.ts';
import { buildFake } from '../helpers/fake-index.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

describe('index generations', () => {
  let dataDir: string;
  let articles: Article[];
  beforeEach(async () => {
    dataDir = await temp.make();
    articles = await seedArticles();
  });

  // Regression: generation names were only the millisecond and the pid, so a second run within the same
  // millisecond tried to rename its folder onto the first one's and failed.
  it('two runs within one millisecond write two generations', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2022, 1, 24));
    try {
      const first = await buildFake(dataDir, articles.slice(0, 2));
      const second = await buildFake(dataDir, articles.slice(0, 3));
      expect(second.summary.generation).not.toBe(first.summary.generation);
      expect((await readGeneration(dataDir)).manifest.counts.documents).toBe(3);
    } finally {
      now.mockRestore();
    }
  });

  it('keeps the current and the previous generation only', async () => {
    const gens: string[] = [];
    for (let i = 0; i < 4; i++)
      gens.push((await buildFake(dataDir, articles.slice(0, i + 1))).summary.generation);
    const entries = (await readdir(dataDir)).filter((e) => e.startsWith('gen-')).sort();
    expect(entries).toEqual(gens.slice(-2).sort());
    expect(await readdir(dataDir)).not.toContain('index.lock');
  });
});

describe('cleanLeftovers', () => {
  it('removes unfinished generations, pointers, dead lock candidates and other generations, and nothing else', async () => {
    const dataDir = await temp.make();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    for (const folder of ['gen-a-0-1', 'gen-b-0-1', '.tmp-gen-c-0-1', '.tmp-other', 'eval'])
      await mkdir(path.join(dataDir, folder));
    const files = ['CURRENT', 'CURRENT.tmp-99', `index.lock.${gone}.abcd`, 'index.lock.1.abcd', 'index.lock'];
    for (const file of [...files, '.tmp-gen-file', 'notes.txt'])
      await writeFile(path.join(dataDir, file), '');
    const removed = await cleanLeftovers(dataDir, 'gen-a-0-1');
    expect(removed.sort()).toEqual([
      '.tmp-gen-c-0-1',
      'CURRENT.tmp-99',
      'gen-b-0-1',
      `index.lock.${gone}.abcd`,
    ]);
    expect((await readdir(dataDir)).sort()).toEqual([
      '.tmp-gen-file',
      '.tmp-other',
      'CURRENT',
      'eval',
      'gen-a-0-1',
      'index.lock',
      'index.lock.1.abcd', // pid 1 is always alive
      'notes.txt',
    ]);
  });
});

describe('inspectDataDir', () => {
  it('tells a missing, empty, used, indexed and damaged folder apart', async () => {
    const dataDir = await temp.make();
    expect(await inspectDataDir(path.join(dataDir, 'none'))).toEqual({ kind: 'missing' });
    await mkdir(path.join(dataDir, 'eval'));
    for (const scratch of ['.hidden', 'index.lock', 'CURRENT.tmp-7'])
      await writeFile(path.join(dataDir, scratch), '');
    expect(await inspectDataDir(dataDir)).toEqual({ kind: 'empty' });
    await writeFile(path.join(dataDir, 'notes.txt'), '');
    expect(await inspectDataDir(dataDir)).toEqual({ kind: 'other' });
    await mkdir(path.join(dataDir, 'gen-a-0-1'));
    expect(await inspectDataDir(dataDir)).toEqual({
      kind: 'damaged',
      problem: `${dataDir} holds index generations but no CURRENT file naming the one in use`,
    });
    const current = path.join(dataDir, 'CURRENT');
    await writeFile(current, 'gen-a-0-1\n');
    expect(await inspectDataDir(dataDir)).toEqual({ kind: 'index', generation: 'gen-a-0-1' });
    await writeFile(current, 'gen-b-0-1\n');
    expect(await inspectDataDir(dataDir)).toEqual({
      kind: 'damaged',
      problem: `${current} names gen-b-0-1, which is not in ${dataDir}`,
    });
    await writeFile(current, 'hello');
    expect(await inspectDataDir(dataDir)).toEqual({
      kind: 'damaged',
      problem: `${current} does not name an index generation (expected gen-…, found 5 bytes of something else)`,
    });
  });
});
