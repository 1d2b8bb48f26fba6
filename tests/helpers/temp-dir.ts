/** Temporary folders for tests that write files; each test removes what it made. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh empty folder under the OS temp dir. */
export function makeTempDir(prefix = 'crisis-desk-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Tracks temp folders so an `afterEach`/`afterAll` can remove them all. */
export class TempDirs {
  private readonly dirs: string[] = [];

  async make(prefix?: string): Promise<string> {
    const dir = await makeTempDir(prefix);
    this.dirs.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    const dirs = this.dirs.splice(0);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}
