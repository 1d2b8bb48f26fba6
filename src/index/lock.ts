/**
 * The writers' lock of a data folder: DATA_DIR/index.lock holds the pid of the one indexing run that may write
 * there. Readers never take it; they rely on generations being renamed into place whole (./store.ts).
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../fs/atomic.ts';
import { IndexUnusableError } from './manifest.ts';

/** The lock's name; its candidates (`index.lock.<pid>.<random>`) and breaker (`index.lock.breaking`) start with it. */
export const LOCK_FILE = 'index.lock';
/** A breaker holds its file for microseconds; one this old was left by a process that died while breaking. */
const STALE_BREAKER_MS = 10_000;

/**
 * Holds DATA_DIR/index.lock while a writer runs; a lock whose process died is taken over. The lock is created
 * complete (a hard link to a file that already holds the pid), so no one ever reads a half-written lock. Only
 * the holder of `index.lock.breaking` (created exclusively) may remove a dead run's lock, and it checks the
 * lock is still the dead one first, so a live lock is never moved or removed by a contender that read an older
 * one.
 */
export async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await link(mine, file);
        return async () => rm(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const text = await readFile(file, 'utf8').catch(() => null);
      if (text === null) continue; // released meanwhile
      const owner = Number(text.trim());
      if (isAlive(owner) && owner !== process.pid) {
        throw new IndexUnusableError(
          `another indexing run (pid ${owner}) is writing ${dataDir}; wait for it to finish`,
        );
      }
      await breakStaleLock(file, text);
    }
    throw new IndexUnusableError(`could not take the lock ${file}`);
  } finally {
    await rm(mine, { force: true });
  }
}

/** Whether `name` is a lock candidate that a run now gone left behind (killed between writing and removing it). */
export function isDeadLockCandidate(name: string): boolean {
  const candidate = /^index\.lock\.(\d+)\./.exec(name);
  return candidate !== null && !isAlive(Number(candidate[1]));
}

/** Removes `file` if it still holds `staleText`, under the exclusive breaker file; else leaves it. */
async function breakStaleLock(file: string, staleText: string): Promise<void> {
  const breaker = `${file}.breaking`;
  try {
    await writeFile(breaker, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another contender is breaking it now; a breaker file left by a crash is cleared once it is old.
    const age = await stat(breaker).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > STALE_BREAKER_MS) await rm(breaker, { force: true });
    else await sleep(5);
    return;
  }
  try {
    if ((await readFile(file, 'utf8').catch(() => null)) === staleText) await rm(file, { force: true });
  } finally {
    await rm(breaker, { force: true });
  }
}
