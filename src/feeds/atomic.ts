/** Small JSON files written atomically: a temporary file beside the target, flushed, then renamed over it. */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Writes `value` as JSON to `file` so that a reader (or a crash) sees the old file or the new one, never half. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 1)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
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
    throw new Error(`crisis-desk: ${file}: expected JSON written by Crisis Desk, got ${raw.length} bytes that do not parse; move it away to start afresh`);
  }
}
