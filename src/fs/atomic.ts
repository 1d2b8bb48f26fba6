/**
 * Durable file writes (model files, feed state, watches): a temporary file in the target's own folder, flushed
 * to disk, then renamed over the target, so a reader sees the old file or the new one and never half of one.
 * Temporary names carry the writer's pid, so a later run can remove what a killed run left without touching a
 * live one.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CrisisDeskError } from '../errors.ts';

const TEMP_MARK = '.crisis-desk-tmp-';
const TEMP_PATTERN = /\.crisis-desk-tmp-(\d+)-[0-9a-f]+$/;

/** A fresh temporary name beside `target` (same folder, so the final rename stays on one file system). */
export function tempPathFor(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

/** Writes `data` to `target` atomically (temp file, fsync, rename, fsync of the folder). */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string,
  options: { mode?: number } = {},
): Promise<void> {
  await replaceAtomically(target, async (temp) => {
    // The mode is set at creation, so a private file is never readable by others, not even for a moment.
    const handle = await open(temp, 'wx', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** Copies `source` to `target` atomically, as writeFileAtomic does. */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
  await replaceAtomically(target, async (temp) => {
    await copyFile(source, temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** `fill` writes and syncs a temp file beside `target`, which then replaces `target` by rename (or is removed). */
async function replaceAtomically(target: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await fill(temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(path.dirname(target));
}

/** Makes a rename durable. Some systems (Windows) cannot open a folder for syncing; the rename still happened. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: see above.
  }
}

/** Flushes a file or folder to disk. Unlike syncFolder a failure throws: the index writer then undoes its generation. */
export function fsyncPath(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes temporary files and folders in `folder` whose writer process is gone. A missing folder is fine. */
export async function removeStaleTemps(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = TEMP_PATTERN.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) {
      await rm(path.join(folder, name), { recursive: true, force: true });
    }
  }
}

/** Whether a process with this id runs (EPERM: it exists but belongs to someone else). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes `value` as JSON to `file` (creating its folder) with writeFileAtomic. */
export async function writeJsonAtomic(
  file: string,
  value: unknown,
  options: { mode?: number } = {},
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(value, null, 1)}\n`, options);
}

/** The parsed JSON in `file`, or `fallback` when there is no file. A file that is not JSON is an error naming it. */
export async function readJson<T>(file: string, fallback: T): Promise<T> {
  const raw = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (raw === null) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new CrisisDeskError(
      'DataFileError',
      `${file}: expected JSON written by Crisis Desk, got ${raw.length} bytes that do not parse; move it away to start afresh`,
    );
  }
}
