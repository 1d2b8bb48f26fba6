import { spawnSync } from 'node:child_process';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/index/lock.ts';
import { IndexUnusableError } from '../../src/index/manifest.ts';
import { TempDirs } from '../helpers/temp-dir.ts';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

describe('acquireLock', () => {
  it('refuses a lock held by a live process and takes over one whose process is gone', async () => {
    const dataDir = await temp.make();
    // pid 1 is always alive.
    await writeFile(path.join(dataDir, 'index.lock'), '1');
    await expect(acquireLock(dataDir)).rejects.toThrow(
      new IndexUnusableError(`another indexing run (pid 1) is writing ${dataDir}; wait for it to finish`),
    );
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(path.join(dataDir, 'index.lock'), String(gone));
    const release = await acquireLock(dataDir);
    await release();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('clears a breaker file left by a run that died while taking over a lock, then takes the lock', async () => {
    const dataDir = await temp.make();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(path.join(dataDir, 'index.lock'), String(gone));
    const breaker = path.join(dataDir, 'index.lock.breaking');
    await writeFile(breaker, String(gone));
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(breaker, longAgo, longAgo);
    const release = await acquireLock(dataDir);
    expect(await readFile(path.join(dataDir, 'index.lock'), 'utf8')).toBe(String(process.pid));
    await release();
    expect(await readdir(dataDir)).toEqual([]);
  });
});
